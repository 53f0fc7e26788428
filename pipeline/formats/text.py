"""Document text built block by block (web pages, Word files): paragraphs, line breaks, tables with cell spans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..pdf.model import PdfTable

_SPACES = re.compile(r"[ \t\r\n\f\v\xa0]+")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


def clean_line(s: str) -> str:
    """A line as a reader sees it: runs of white space one space, none between CJK characters (a line break in
    the page's source between two of them), none at either end."""
    return _CJK_GAP.sub("", _SPACES.sub(" ", s)).strip(" \u3000")


@dataclass
class Extracted:
    """What a web page or Word file gives: its text (paragraphs end in a blank line, a single line break is
    a break inside a paragraph), its tables located in that text, and warnings."""

    text: str
    tables: list[PdfTable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None


class TextBuilder:
    """Appends paragraphs, line breaks and tables to a text; a table is one line a row, cells joined by " | ",
    each cell's span kept (as pdf.PdfTable, page 1)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.lines: list[str] = [""]           # the paragraph being built, line by line
        self.tables: list[PdfTable] = []
        self.last_paragraph = ""

    @property
    def line_empty(self) -> bool:
        return not self.lines[-1].strip(" \t\r\n\f\v\xa0\u3000")

    @property
    def paragraph_empty(self) -> bool:
        return all(not ln.strip(" \t\r\n\f\v\xa0\u3000") for ln in self.lines)

    def add(self, s: str) -> None:
        """Inline text of the current paragraph (white space is collapsed when the paragraph ends)."""
        self.lines[-1] += s

    def line_break(self) -> None:
        """A line break inside the paragraph (<br>); none at its start or after another."""
        if not self.line_empty:
            self.lines.append("")

    def end_paragraph(self) -> None:
        lines = [ln for ln in (clean_line(x) for x in self.lines) if ln]
        self.lines = [""]
        if lines:
            self._emit("\n".join(lines))
            self.last_paragraph = lines[-1]

    def _emit(self, block: str) -> None:
        if self.length:
            self.parts.append("\n\n")
            self.length += 2
        self.parts.append(block)
        self.length += len(block)

    def table(self, rows: list[list[str | None]], caption: str = "") -> None:
        """A table: each row a line, cells joined by " | " (None: an empty or covered cell)."""
        self.end_paragraph()
        rows = [r for r in rows if any(c for c in r)]
        if not rows:
            return
        if self.length:
            self.parts.append("\n\n")
            self.length += 2
        start = self.length
        spans: list[list[tuple[int, int] | None]] = []
        for r, cells in enumerate(rows):
            if r:
                self.parts.append("\n")
                self.length += 1
            row: list[tuple[int, int] | None] = []
            for k, cell in enumerate(cells):
                if k:
                    self.parts.append(" | ")
                    self.length += 3
                if cell:
                    row.append((self.length, self.length + len(cell)))
                    self.parts.append(cell)
                    self.length += len(cell)
                else:
                    row.append(None)
            spans.append(row)
        self.tables.append(PdfTable(1, start, self.length, spans, caption))
        self.last_paragraph = ""

    def result(self) -> tuple[str, list[PdfTable]]:
        self.end_paragraph()
        return "".join(self.parts), self.tables


def grid(rows: list[list[tuple[str, int, int]]]) -> list[list[str | None]]:
    """A table's cells on a grid from rows of (text, rowspan, colspan): a cell is at its first row and
    column, the places it also covers are None."""
    out: list[list[str | None]] = []
    taken: set[tuple[int, int]] = set()
    for r, cells in enumerate(rows):
        while len(out) <= r:
            out.append([])
        c = 0
        for text, rowspan, colspan in cells:
            while (r, c) in taken:
                c += 1
            for dr in range(max(1, rowspan)):
                for dc in range(max(1, colspan)):
                    taken.add((r + dr, c + dc))
            row = out[r]
            while len(row) <= c:
                row.append(None)
            row[c] = clean_line(text) or None
            c += max(1, colspan)
    width = max((c + 1 for r, c in taken), default=0)
    height = max((r + 1 for r, c in taken), default=0)
    while len(out) < height:
        out.append([])
    return [row + [None] * (width - len(row)) for row in out]
