"""pdfplumber where PDFium falls short: ruled tables, and glyphs PDFium's text page dropped."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from typing import Any

from .model import Char, Page, Table, median
from .rows import cell_text
from .settings import MIN_TABLE_SEGMENTS


class Plumber:
    """pdfplumber, opened on first use; it parses pages lazily, one by one."""

    def __init__(self, path: str, password: str | None, warnings: list[str]) -> None:
        self.path, self.password, self.warnings = path, password, warnings
        self.pdf = None
        self.failed = False

    def page(self, number: int) -> Any:
        if self.pdf is None and not self.failed:
            try:
                import pdfplumber
                self.pdf = pdfplumber.open(self.path, password=self.password or "")
            except Exception as exc:  # noqa: BLE001 - only costs tables / fallback
                self.failed = True
                self.warnings.append(f"pdfplumber could not open the file "
                                     f"({type(exc).__name__}); tables not located")
        return None if self.pdf is None else self.pdf.pages[number - 1]

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def plumber_chars(pl: Any) -> tuple[list[Char], int]:
    """pdfplumber's characters as Char (used where PDFium's text page lost text)."""
    chars: list[Char] = []
    unmapped = 0
    seen: set[tuple[str, int, int]] = set()
    for c in pl.chars:
        t = c["text"]
        if t.startswith("(cid:"):
            unmapped += 1
            continue
        if not t or ord(t[0]) < 32:
            continue
        top, bottom = float(c["top"]), float(c["bottom"])
        base = top + (float(c["y1"]) - float(c["matrix"][5]))
        key = (t, round(float(c["x0"]) * 2), round(base * 2))
        if key in seen:
            continue
        seen.add(key)
        size = bottom - top if bottom > top else float(c.get("size") or 10.0)
        chars.append(Char(t, float(c["x0"]), float(c["x1"]), top, bottom, base, size))
    return chars, unmapped


def twin(grid: dict[tuple[int, int], list[Char]], c: Char) -> Char | None:
    """A character of the grid (4 pt cells) drawn at the same place as c, if any."""
    kx, ky = int(c.x0 // 4), int(c.base // 4)
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for m in grid.get((kx + dx, ky + dy), ()):
                if abs(m.x0 - c.x0) <= 1.5 and abs(m.base - c.base) <= 1.5:
                    return m
    return None


def repair_dropped(pages: list[Page], plumber: Plumber, warnings: list[str]) -> None:
    """Add the glyphs PDFium's text page left out, read from pdfplumber.

    PDFium skips text objects with an empty box (a single glyph of a non-embedded
    CID font, whose metrics it lacks).  pdfminer keeps them but has its own losses (e.g. a
    middle dot, or a whole CID font in an encrypted file), so PDFium's characters
    stay and only pdfplumber's characters at positions PDFium has nothing are added,
    their boxes shifted to PDFium's conventions.
    """
    for p in pages:
        if not p.dropped or not p.same_frame:
            continue
        pl = plumber.page(p.number)
        if pl is None:
            warnings.append(f"page {p.number}: {p.dropped} text object(s) may be missing")
            continue
        try:
            theirs, _ = plumber_chars(pl)
        except Exception as exc:  # noqa: BLE001
            warnings.append(f"page {p.number}: {p.dropped} text object(s) may be missing "
                            f"({type(exc).__name__})")
            continue
        finally:
            if p.path_segments < MIN_TABLE_SEGMENTS:
                pl.close()
        grid: dict[tuple[int, int], list[Char]] = {}
        for c in p.chars:
            grid.setdefault((int(c.x0 // 4), int(c.base // 4)), []).append(c)

        added: list[Char] = []
        d_top: list[float] = []
        d_bottom: list[float] = []
        for c in theirs:
            m = twin(grid, c)
            if m is None:
                if not c.t.isspace():
                    added.append(c)
            elif len(d_top) < 200:
                d_top.append(m.top - c.top)
                d_bottom.append(m.bottom - c.bottom)
        if not added:
            continue
        dt, db = median(d_top, 0.0), median(d_bottom, 0.0)
        for c in added:
            c.top, c.bottom = c.top + dt, c.bottom + db
            c.size = max(c.bottom - c.top, 1.0)
        p.chars.extend(added)
        p.source = f"pdfium+pdfplumber ({len(added)} glyphs)"


def find_tables(pages: list[Page], plumber: Plumber, warnings: list[str]) -> None:
    for p in pages:
        if not p.chars or p.path_segments < MIN_TABLE_SEGMENTS:
            continue
        if not p.same_frame:
            warnings.append(f"page {p.number}: text runs across the displayed page; "
                            "tables not located")
            continue
        pl = plumber.page(p.number)
        if pl is None:
            return
        try:
            found = pl.find_tables()
            shift = calibrate(p.chars, pl.chars) if found else (0.0, 0.0)
            for t in found:
                tab = build_table(p, t, shift)
                if tab is not None:
                    p.tables.append(tab)
        except Exception as exc:  # noqa: BLE001
            warnings.append(f"page {p.number}: table finder failed: "
                            f"{type(exc).__name__}: {exc}".splitlines()[0])
        finally:
            pl.close()


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
    if len(rows) < 2 or max(sum(c is not None for c in r) for r in rows) < 2:
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
    ids = {id(c) for c in inside}
    p.chars = [c for c in p.chars if id(c) not in ids]
    return Table(bbox, cells)
