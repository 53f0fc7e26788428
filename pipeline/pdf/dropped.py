"""Glyphs PDFium's text page dropped (a lone glyph of a font without metrics), read back with pdfminer."""

from __future__ import annotations

from typing import Any

from .model import Char, Page, median
from .plumber import Plumber, describe, quiet_pdfminer
from .settings import MIN_TABLE_SEGMENTS

NEAR = 1.5          # points between a dropped text object's origin and pdfminer's string start
CALIBRATION = 4     # text strings a page read in full to match pdfminer's glyph boxes to PDFium's


def plumber_chars(pl: Any) -> list[Char]:
    """pdfplumber's characters of a page as Char."""
    chars: list[Char] = []
    seen: set[tuple[str, int, int]] = set()
    for c in pl.chars:
        t = c["text"]
        if not t or t.startswith("(cid:") or ord(t[0]) < 32:
            continue
        top, bottom = float(c["top"]), float(c["bottom"])
        base = top + (float(c["y1"]) - float(c["matrix"][5]))
        key = (t, round(float(c["x0"]) * 2), round(base * 2))
        if key in seen:
            continue
        seen.add(key)
        size = bottom - top if bottom > top else float(c.get("size") or 10.0)
        chars.append(Char(t, float(c["x0"]), float(c["x1"]), top, bottom, base, size))
    return chars


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
    """Add the glyphs PDFium's text page left out, read with pdfminer.

    PDFium skips text objects with an empty box (a single glyph of a non-embedded CID
    font, whose metrics it lacks); it still reports the object and its origin.  pdfminer
    keeps them but has its own losses (e.g. a middle dot, or a whole CID font in an
    encrypted file), so PDFium's characters stay and only pdfminer's characters of the
    strings drawn at a dropped object's origin are added where PDFium has nothing, their
    boxes shifted to PDFium's conventions (measured on a few strings both read).  A page
    the table finder will parse anyway is read through pdfplumber (once for both).
    """
    todo = {p.number: p for p in pages if p.dropped_at and p.same_frame}
    if not todo:
        return
    theirs: dict[int, list[Char]] = {}
    alone = {n: p.dropped_at for n, p in todo.items() if p.path_segments < MIN_TABLE_SEGMENTS}
    try:
        if alone:
            theirs = _pdfminer_glyphs(plumber.path, plumber.password, alone)
    except Exception as exc:  # noqa: BLE001 - pdfminer failing only costs these glyphs
        for n in alone:
            warnings.append(f"page {n}: {todo[n].dropped} text object(s) may be missing "
                            f"(corrupt PDF? {describe(exc)})")
    for n in todo.keys() - alone.keys():
        pl = plumber.page(n)
        try:
            theirs[n] = plumber_chars(pl) if pl is not None else []
        except Exception as exc:  # noqa: BLE001
            warnings.append(f"page {n}: {todo[n].dropped} text object(s) may be missing ({describe(exc)})")
        if pl is None:
            warnings.append(f"page {n}: {todo[n].dropped} text object(s) may be missing")
    for number, p in todo.items():
        grid: dict[tuple[int, int], list[Char]] = {}
        for c in p.chars:
            grid.setdefault((int(c.x0 // 4), int(c.base // 4)), []).append(c)
        added: list[Char] = []
        d_top: list[float] = []
        d_bottom: list[float] = []
        for c in theirs.get(number, []):
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
        p.chars.extend(added)
        p.source = f"pdfium+pdfminer ({len(added)} glyphs)"


def _pdfminer_glyphs(path: str, password: str | None,
                     spots: dict[int, list[tuple[float, float]]]) -> dict[int, list[Char]]:
    """pdfminer's glyphs of the strings drawn at the given origins (PDF user space) of the
    given pages, and of the first few strings of those pages (all strings of a page where
    an origin is not found); in our frame (y downwards)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.utils import apply_matrix_pt, mult_matrix

    class Strings(PDFPageAggregator):
        """Lays out only the strings starting at one of `self.at` (and the first few); with
        `self.at` None, every string."""

        at: list[tuple[float, float]] | None = None
        calibration = 0
        hits = 0

        def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
            if self.at is not None:
                x, y = apply_matrix_pt(mult_matrix(textstate.matrix, self.ctm), textstate.linematrix)
                if any(abs(x - ax) <= NEAR and abs(y - ay) <= NEAR for ax, ay in self.at):
                    self.hits += 1
                elif self.calibration < CALIBRATION:
                    self.calibration += 1
                else:
                    return
            super().render_string(textstate, seq, ncs, graphicstate)

    quiet_pdfminer()
    out: dict[int, list[Char]] = {}
    with open(path, "rb") as fh:
        doc = PDFDocument(PDFParser(fh), password=password or "")
        rsrc = PDFResourceManager(caching=True)
        device = Strings(rsrc, laparams=None)
        interpreter = PDFPageInterpreter(rsrc, device)
        last = max(spots)
        for number, page in enumerate(PDFPage.create_pages(doc), start=1):
            if number > last:
                break
            if number not in spots:
                continue
            device.at, device.calibration, device.hits = spots[number], 0, 0
            interpreter.process_page(page)
            result = device.get_result()
            if device.hits < len(spots[number]):
                # an origin pdfminer places elsewhere (a transformed page): read every string
                device.at = None
                interpreter.process_page(page)
                result = device.get_result()
            top_edge = result.y1         # the top of the page as displayed (pdfminer applies /Rotate)
            chars: list[Char] = []
            seen: set[tuple[str, int, int]] = set()
            for item in result:
                if not isinstance(item, LTChar):
                    continue
                t = item.get_text()
                if not t or t.startswith("(cid:") or ord(t[0]) < 32:
                    continue
                top, bottom, base = top_edge - item.y1, top_edge - item.y0, top_edge - item.matrix[5]
                key = (t, round(item.x0 * 2), round(base * 2))
                if key in seen:
                    continue
                seen.add(key)
                size = float(item.size or 0.0)       # the font size, as PDFium's characters have it
                if size < 2:
                    size = bottom - top if bottom > top else 10.0
                chars.append(Char(t, item.x0, item.x1, top, bottom, base, size))
            out[number] = chars
    return out
