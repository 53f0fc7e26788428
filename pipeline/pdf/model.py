"""Data types of the PDF layer: the public result (PdfText, PdfTable, PdfError) and glyphs, segments, lines, pages."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class PdfTable:
    """A ruled table found on a page, its cells located in the extracted text."""

    page: int                                   # 1-based
    start: int                                  # offset of the table block in PdfText.text
    end: int
    rows: list[list[tuple[int, int] | None]]    # each cell's (start, end) in PdfText.text; None if empty
    caption: str = ""                           # text just above the table on the page, may be ""


@dataclass
class PdfText:
    """A PDF's extracted text, where each page starts, its tables and warnings."""

    text: str                                   # the whole extracted text
    page_starts: list[int]                      # page_starts[i] = offset where page i+1 begins
    tables: list[PdfTable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ocr: dict[int, float] = field(default_factory=dict)   # pages read by OCR (1-based): mean word confidence

    @property
    def pages(self) -> int:
        return len(self.page_starts)


class PdfError(Exception):
    """A PDF that cannot be read; str(e) is a one-line reason."""


def page_of(pdf: PdfText, offset: int) -> int:
    """1-based page number of a character offset in `pdf.text`."""
    if not pdf.page_starts:
        return 1
    return max(1, bisect.bisect_right(pdf.page_starts, offset))



def is_wide(ch: str) -> bool:
    """CJK ideographs, kana, hangul, CJK and full-width punctuation."""
    o = ord(ch[0])
    return o >= 0x2E80 and not (0xFFF0 <= o)



def median(values: Iterable[float], default: float = 10.0) -> float:
    v = sorted(values)
    return v[len(v) // 2] if v else default



class Char:
    """One glyph; `sp`: PDFium saw a word space before it (no space character drawn)."""
    __slots__ = ("t", "x0", "x1", "top", "bottom", "base", "size", "sp")

    def __init__(self, t: str, x0: float, x1: float, top: float, bottom: float,
                 base: float, size: float, sp: bool = False) -> None:
        self.t, self.x0, self.x1, self.top, self.bottom, self.base, self.size = (
            t, x0, x1, top, bottom, base, size)
        self.sp = sp


class Seg:
    """A run of characters on one baseline without a wide gap; or a table.

    `first_w`: width of its first token (a CJK glyph with the closing marks after it,
    or a Latin word), to tell whether that token would have fitted on the line above.
    """
    __slots__ = ("text", "x0", "x1", "top", "bottom", "base", "size", "table", "first_w")

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float,
                 base: float, size: float, table: Table | None = None, first_w: float = 0.0) -> None:
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom
        self.base, self.size, self.table, self.first_w = base, size, table, first_w

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class Table:
    """A table on a page: its box, the text of its cells, the line above it."""

    bbox: tuple[float, float, float, float]          # x0, top, x1, bottom
    cells: list[list[str | None]]                    # text per cell, None if empty/absent
    caption: str = ""
    chars: list[Char] = field(default_factory=list)  # its glyphs (taken out of the running text)


@dataclass
class Page:
    """One page as read: its glyphs, then its segments and tables."""

    number: int
    width: float
    height: float
    chars: list[Char]
    unmapped: int = 0
    path_segments: int = 0
    dropped: int = 0          # text objects PDFium's text page left out (empty box)
    objects: int = 0          # page objects PDFium could read (none at all: damaged content)
    dropped_at: list[tuple[float, float]] = field(default_factory=list)   # their origins (PDF space)
    same_frame: bool = True   # our frame matches pdfplumber's (text upright as displayed)
    source: str = "pdfium"    # where the characters came from (for debugging)
    segs: list[Seg] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Line:
    """Segments of a block on one baseline (or a table), with the edges of its column."""

    segs: list[Seg]
    top: float
    bottom: float
    size: float
    table: Table | None = None
    left: float = 0.0           # left and right edge of the text column the line is in
    right: float = 0.0
    joins: bool = False         # a table part continuing the table before it (next column or page)
    joined: bool = False        # a table part that the next table part continues

    @property
    def x0(self) -> float:
        return self.segs[0].x0

    @property
    def x1(self) -> float:
        return self.segs[-1].x1

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segs)
