"""Page and document text from ordered lines: line breaks, tables as rows of cells, captions, page offsets."""

from __future__ import annotations

from .model import Line, Page, PdfTable, PdfText, Table
from .paragraphs import line_break, soft_wrap


def link_tables(blocks_per_page: list[list[list[Line]]]) -> None:
    """Mark tables that go on in the next column or on the next page (`Line.joins` on the part
    that continues the one before it in reading order): the same number of columns and the
    same width, nothing in between, and the second part starts a column, not below the first."""
    prev: Line | None = None
    prev_page = -1
    for page, blocks in enumerate(blocks_per_page):
        for lines in blocks:
            for ln in lines:
                if (prev is not None and prev.table is not None and ln.table is not None
                        and _columns(prev.table) == _columns(ln.table)
                        and abs(_width(prev.table) - _width(ln.table)) <= 2.0
                        and (page != prev_page or ln.top < prev.top)):
                    ln.joins = prev.joined = True
                prev, prev_page = ln, page


def _columns(tab: Table) -> int:
    return max(len(r) for r in tab.cells)


def _width(tab: Table) -> float:
    return tab.bbox[2] - tab.bbox[0]


def render_page(blocks: list[list[Line]], usual: float, page_no: int, base: int,
                before: PdfTable | None = None) -> tuple[str, list[PdfTable]]:
    """The text of one page starting at offset `base`, and its tables.  A table part that
    continues the document's previous table (`before`) adds its rows to that table."""
    parts: list[str] = []
    length = 0
    tables: list[PdfTable] = []
    prev: Line | None = None

    def add(s: str) -> None:
        nonlocal length
        parts.append(s)
        length += len(s)

    for lines in blocks:
        for ln in lines:
            if prev is not None:
                add("\n" if ln.joins else line_break(prev, ln, usual))
            tab = ln.table
            if tab is None:
                add(ln.text)
            elif len(tab.cells) == 1 and not (ln.joins or ln.joined):
                add(" ".join(c for c in tab.cells[0] if c))     # a lone ruled row reads as text
            else:
                start = base + length
                rows: list[list[tuple[int, int] | None]] = []
                for r, cells in enumerate(tab.cells):
                    if r:
                        add("\n")
                    row: list[tuple[int, int] | None] = []
                    for k, cell in enumerate(cells):
                        if k:
                            add(" | ")
                        if cell:
                            row.append((base + length, base + length + len(cell)))
                            add(cell)
                        else:
                            row.append(None)
                    rows.append(row)
                host = (tables[-1] if tables else before) if ln.joins else None
                if host is not None:
                    host.rows.extend(rows)
                    host.end = base + length
                else:
                    tables.append(PdfTable(page_no, start, base + length, rows, tab.caption))
            prev = ln
    return "".join(parts), tables


def table_caption(p: Page, tab: Table) -> str:
    x0, top, x1, _ = tab.bbox
    pad = 0.25 * (x1 - x0)
    above = [s for s in p.segs if s.table is None and s.bottom <= top + 1
             and s.x1 > x0 - pad and s.x0 < x1 + pad and top - s.bottom < 2.5 * s.size]
    if not above:
        return ""
    base = max(s.base for s in above)
    row = sorted((s for s in above if abs(s.base - base) <= 0.35 * s.size), key=lambda s: s.x0)
    return " ".join(s.text.strip() for s in row)


def render_document(pages: list[Page], blocks_per_page: list[list[list[Line]]], usual: float,
                    warnings: list[str]) -> PdfText:
    """The document's text: the pages' text joined (a paragraph may go on across a page break)."""
    text_parts: list[str] = []
    offset = 0
    page_starts: list[int] = []
    tables: list[PdfTable] = []
    last: Line | None = None      # the previous page's last line (a paragraph may go on)
    for p, blocks in zip(pages, blocks_per_page, strict=True):
        first = next((ln for lines in blocks for ln in lines), None)
        sep = ""
        if text_parts:
            wrapped = last is not None and first is not None and (first.joins or soft_wrap(last, first, None))
            sep = "\n" if wrapped else "\n\n"
        body, tabs = render_page(blocks, usual, p.number, offset + len(sep), tables[-1] if tables else None)
        last = next((ln for lines in reversed(blocks) for ln in reversed(lines)), None)
        if not body:
            page_starts.append(-1)
            last = None
            continue
        text_parts.append(sep)
        offset += len(sep)
        page_starts.append(offset)
        text_parts.append(body)
        offset += len(body)
        tables.extend(tabs)
    # an empty page starts where the next non-empty one does (or at the end)
    nxt = offset
    for i in range(len(page_starts) - 1, -1, -1):
        if page_starts[i] < 0:
            page_starts[i] = nxt
        else:
            nxt = page_starts[i]
    return PdfText("".join(text_parts), page_starts, tables, warnings)
