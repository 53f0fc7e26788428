"""pdfplumber where PDFium falls short: ruled tables (pdfplumber's finder, PDFium's glyphs in the cells)."""

from __future__ import annotations

import logging
import statistics
from collections.abc import Iterable
from typing import Any

from .model import Char, Page, Table
from .rows import cell_text
from .settings import MARGIN_ZONE, MIN_TABLE_SEGMENTS


class Plumber:
    """pdfplumber, opened on first use; it parses pages lazily, one by one.  It only helps
    (tables): when pdfminer cannot read the file or a page, that becomes a warning and
    the text is PDFium's alone."""

    def __init__(self, path: str, password: str | None, warnings: list[str]) -> None:
        self.path, self.password, self.warnings = path, password, warnings
        self.pdf = None
        self.failed = False

    def page(self, number: int) -> Any:
        """pdfplumber's page `number` (1-based), or None when pdfminer cannot read it."""
        if self.failed:
            return None
        try:
            if self.pdf is None:
                import pdfplumber
                quiet_pdfminer()
                self.pdf = pdfplumber.open(self.path, password=self.password or "")
            return self.pdf.pages[number - 1]
        except Exception as exc:  # noqa: BLE001 - any pdfminer failure only costs tables / glyphs
            self.failed = True
            self.warnings.append(f"pdfplumber could not read the file (corrupt PDF? {describe(exc)}); "
                                 "tables not located")
            return None

    def close(self) -> None:
        if self.pdf is not None:
            try:
                self.pdf.close()
            except Exception:  # noqa: BLE001, S110 - closing a file pdfminer could not parse
                pass


def quiet_pdfminer() -> None:
    """pdfminer logs a warning for every damaged object it meets; unless the application set
    its level, only errors are shown (the reader gets one warning from us instead)."""
    log = logging.getLogger("pdfminer")
    if log.level == logging.NOTSET:
        log.setLevel(logging.ERROR)


def describe(exc: BaseException) -> str:
    """An exception as one short line: its type and the first line of its message."""
    msg = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def find_tables(pages: list[Page], plumber: Plumber, warnings: list[str]) -> None:
    """Locate ruled tables with pdfplumber on the pages whose paths could draw one; their
    glyphs leave the running text.  A single ruled row is kept only as the first part of a
    table that goes on in the next column or on the next page (see `single_rows`)."""
    singles: dict[int, list[Table]] = {}
    for p in pages:
        if not p.chars or p.path_segments < MIN_TABLE_SEGMENTS:
            continue
        if not p.same_frame:
            warnings.append(f"page {p.number}: text runs across the displayed page; "
                            "tables not located")
            continue
        pl = plumber.page(p.number)
        if pl is None:
            break
        try:
            found = pl.find_tables()
            shift = calibrate(p.chars, pl.chars) if found else (0.0, 0.0)
            for t in found:
                tab = build_table(p, t, shift)
                if tab is not None:
                    (p.tables if len(tab.cells) > 1 else singles.setdefault(p.number, [])).append(tab)
        except Exception as exc:  # noqa: BLE001
            warnings.append(f"page {p.number}: table finder failed: {describe(exc)}")
        finally:
            pl.close()
    single_rows(pages, singles)
    for p in pages:
        if p.tables:
            ids = {id(c) for t in p.tables for c in t.chars}
            p.chars = [c for c in p.chars if id(c) not in ids]


def single_rows(pages: list[Page], singles: dict[int, list[Table]]) -> None:
    """Keep a single ruled row that ends its column (no text below it but the footer zone) when a
    table of as many columns and the same width starts another column: higher up on its page, or
    on the next page (a table the layout split after its header row)."""
    for i, p in enumerate(pages):
        for row in singles.get(p.number, []):
            x0, _, x1, bottom = row.bbox
            below = any(c.top > bottom and c.x1 > x0 and c.x0 < x1 and c.top < p.height * (1 - MARGIN_ZONE)
                        for c in p.chars if not c.t.isspace() and c not in row.chars)
            later = [t for t in p.tables if t.bbox[1] < row.bbox[1] and t.bbox[0] > x1]
            if i + 1 < len(pages):
                later += pages[i + 1].tables
            cols = max(len(r) for r in row.cells)
            if not below and any(max(len(r) for r in t.cells) == cols
                                 and abs((t.bbox[2] - t.bbox[0]) - (x1 - x0)) <= 2.0 for t in later):
                p.tables.append(row)


def calibrate(mine: list[Char], theirs: list[dict]) -> tuple[float, float]:
    """Offset from pdfplumber's to our coordinates (non-zero only for odd page boxes)."""
    def unique(items: Iterable[tuple[str, float, float]]) -> dict[str, tuple[float, float]]:
        seen: dict[str, tuple[float, float] | None] = {}
        for t, x, y in items:
            seen[t] = None if t in seen else (x, y)
        return {k: v for k, v in seen.items() if v is not None}

    a = unique((c.t, c.x0, (c.top + c.bottom) / 2) for c in mine if not c.t.isspace())
    b = unique((c["text"], c["x0"], (c["top"] + c["bottom"]) / 2) for c in theirs)
    common = [k for k in a if k in b][:50]
    if len(common) < 3:
        return 0.0, 0.0
    dx = statistics.median(a[k][0] - b[k][0] for k in common)
    dy = statistics.median(a[k][1] - b[k][1] for k in common)
    return (dx if abs(dx) > 3 else 0.0), (dy if abs(dy) > 3 else 0.0)


def in_box(c: Char, box: tuple[float, float, float, float], pad: float = 0.5) -> bool:
    cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
    return box[0] - pad <= cx <= box[2] + pad and box[1] - pad <= cy <= box[3] + pad


def build_table(p: Page, t: Any, shift: tuple[float, float]) -> Table | None:
    dx, dy = shift

    def mv(b):
        return (b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy)

    rows = [[mv(c) if c is not None else None for c in r.cells] for r in t.rows]
    if max(sum(c is not None for c in r) for r in rows) < 2:
        return None  # a frame or a single box, not a table
    bbox = mv(t.bbox)
    inside = [c for c in p.chars if in_box(c, bbox)]
    if not any(not c.t.isspace() for c in inside):
        return None
    cells: list[list[str | None]] = []
    for r in rows:
        out: list[str | None] = []
        for box in r:
            if box is None:
                out.append(None)
                continue
            text = cell_text([c for c in inside if in_box(c, box, 0.0)])
            out.append(text or None)
        cells.append(out)
    return Table(bbox, cells, chars=inside)
