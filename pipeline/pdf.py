"""PDF ingest: page text in reading order, running headers/footers dropped, tables located.

`extract_pdf(path)` returns a `PdfText`: the document's text (pages separated by a
blank line), the offset where each page starts, the ruled tables found on its pages
(each cell located by character offsets in the text) and warnings.  Broken input
raises `PdfError` whose message is a one-line reason.

How the text is built (docs/pdf.md has the measurements behind the choices):

* Characters come from pypdfium2 (PDFium) on every page: code point, loose glyph
  box, baseline (~5 ms a page against ~22 ms for pdfplumber's character model).
  PDFium decodes fonts pdfminer misses (a CID font in an encrypted file comes out
  of pdfminer as "(cid:N)").  Glyphs PDFium flags as unmapped are counted; a
  document that is mostly such glyphs is treated like a scan.
* PDFium's text page silently skips text objects whose box is empty: a line of one
  glyph in a non-embedded CID font (no glyph metrics) is lost.  Pages where a text
  object left no character are re-read with pdfplumber and only the missing
  glyphs are added.
* pdfplumber's table finder runs only on pages whose vector paths could draw a
  ruled table (a PDFium path-segment count, ~0.5 ms a page, decides).  Cell
  geometry comes from pdfplumber, cell text from the same characters as the rest.
* Characters are grouped into rows by baseline and rows into segments at wide
  horizontal gaps.  Segments in the top/bottom margin that repeat at the same
  place on several pages (digits ignored) are running headers/footers; bare page
  numbers (3, - 3 -, 第3页, 第3版, 3/10, Page 3) there are dropped too.
* Reading order: a recursive cut of the page.  A vertical gutter free of text with
  text columns on both sides splits a region into columns (read left to right,
  each top to bottom); when a few rows cross the gutter (a headline over the
  columns), the region is first cut into horizontal bands at those rows.  Wide
  tab-stop gaps (label ... value lists) are not gutters.  What is left is read
  row by row.  Pages whose text runs along another axis (/Rotate, landscape) are
  read in the text's own direction.
* A line the layout broke (it is full to its column's right edge: the next word
  would not have fitted) and that the next line continues (same font size, no
  paragraph gap, no first-line indent, no list marker) ends in "\n", a soft wrap;
  every other line ends in "\n\n" (paragraph ends, headings, list items), also
  across columns and pages.  So paragraphs are separated by blank lines and
  structure.build(wrapped=True) joins the soft wraps.  Tables are rendered once,
  one line per row, cells joined by " | ", and their area is left out of the
  running text.
"""

from __future__ import annotations

import bisect
import ctypes
import math
import os
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = ["PdfTable", "PdfText", "PdfError", "extract_pdf", "page_of"]


# ---------------------------------------------------------------------------
# Public types
# ---------------------------------------------------------------------------

@dataclass
class PdfTable:
    page: int                                   # 1-based
    start: int                                  # offset of the table block in PdfText.text
    end: int
    rows: list[list[tuple[int, int] | None]]    # each cell's (start, end) in PdfText.text; None if empty
    caption: str = ""                           # text just above the table on the page, may be ""


@dataclass
class PdfText:
    text: str                                   # the whole extracted text
    page_starts: list[int]                      # page_starts[i] = offset where page i+1 begins
    tables: list[PdfTable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

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


# ---------------------------------------------------------------------------
# Tunables (in units of the font size "em" unless noted)
# ---------------------------------------------------------------------------

SEGMENT_GAP = 0.9        # a horizontal gap this wide splits a row into segments
SEGMENT_GAP_SPACED = 2.0  # ... when a real space character sits in the gap
SPACE_GAP = 0.25         # a gap this wide between non-CJK glyphs reads as a space
SOFT_SPACE_GAP = 0.1     # ... or this wide where PDFium guessed a word break
GUTTER_MIN = 0.9         # minimal width of a column gutter
GUTTER_MAX = 5.0         # wider gaps are tab stops of label/value lists, not gutters
COLUMN_MIN_WIDTH = 8.0   # minimal width of a text column (not a row of labels or figures)
BLOCKER_SHARE = 0.25     # at most this share of a region's segments may cross a gutter
PARA_EXTRA = 0.45        # extra blank space (beyond the usual) that starts a paragraph
MARGIN_ZONE = 0.12       # share of the page height at top and bottom searched for headers
MIN_TABLE_SEGMENTS = 8   # vector path segments on a page before the table finder is run
CID_SHARE = 0.5          # share of unmapped glyphs that makes a text layer unusable
FILL_SLACK = 0.2         # a line is full when its next word would end past the column edge minus this
INDENT_MIN = 0.8         # a line starting this far right of its column's edge is indented
NO_TEXT = "no text layer (scanned PDF?); OCR not supported"

_PAGE_NUMBER = re.compile(
    r"""^(?:
        [-–—~·•\s]*\d{1,3}[-–—~·•\s]*
      | 第\s*[\d一二三四五六七八九十百零〇]{1,6}\s*[页頁版]
            (?:\s*[,，/]?\s*共\s*\d{1,4}\s*[页頁])?
      | 共\s*\d{1,4}\s*[页頁]\s*[,，]?\s*第\s*\d{1,4}\s*[页頁]
      | \d{1,4}\s*/\s*\d{1,4}
      | (?:page|p\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?
      | (?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


# Marks that never start a line (they stay with the glyph before them), and the
# start of a list item: a line beginning so is not a wrapped continuation of the
# line above.  (Not 一、: 三、四季度 can follow a wrap; such headings differ in size
# or are preceded by a short line anyway.)
_CLOSING = frozenset("，。、；：！？）》」』”’%％,.;:!?)]】〕")
_ITEM_START = re.compile(
    r"^(?:[-–•·●▪◆■□○◇※]\s|\d{1,2}[.．、](?!\d)|[(（]\s*[0-9一二三四五六七八九十]{1,3}\s*[)）])")


def _is_wide(ch: str) -> bool:
    """CJK ideographs, kana, hangul, CJK and full-width punctuation."""
    o = ord(ch[0])
    return o >= 0x2E80 and not (0xFFF0 <= o)


# ---------------------------------------------------------------------------
# Internal model
# ---------------------------------------------------------------------------

class _Ch:
    """One glyph; `sp`: PDFium saw a word space before it (no space character drawn)."""
    __slots__ = ("t", "x0", "x1", "top", "bottom", "base", "size", "sp")

    def __init__(self, t: str, x0: float, x1: float, top: float, bottom: float,
                 base: float, size: float, sp: bool = False) -> None:
        self.t, self.x0, self.x1, self.top, self.bottom, self.base, self.size = (
            t, x0, x1, top, bottom, base, size)
        self.sp = sp


class _Seg:
    """A run of characters on one baseline without a wide gap; or a table.

    `first_w`: width of its first token (a CJK glyph with the closing marks after it,
    or a Latin word), to tell whether that token would have fitted on the line above.
    """
    __slots__ = ("text", "x0", "x1", "top", "bottom", "base", "size", "table", "first_w")

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float,
                 base: float, size: float, table: _Table | None = None, first_w: float = 0.0) -> None:
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom
        self.base, self.size, self.table, self.first_w = base, size, table, first_w

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class _Table:
    bbox: tuple[float, float, float, float]          # x0, top, x1, bottom
    cells: list[list[str | None]]                    # text per cell, None if empty/absent
    caption: str = ""


@dataclass
class _Page:
    number: int
    width: float
    height: float
    chars: list[_Ch]
    unmapped: int = 0
    path_segments: int = 0
    dropped: int = 0          # text objects PDFium's text page left out (empty box)
    same_frame: bool = True   # our frame matches pdfplumber's (text upright as displayed)
    source: str = "pdfium"    # where the characters came from (for debugging)
    segs: list[_Seg] = field(default_factory=list)
    tables: list[_Table] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Opening and reading pages with PDFium
# ---------------------------------------------------------------------------

def _check_bytes(path: str) -> list[str]:
    with open(path, "rb") as fh:
        head = fh.read(1024)
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    if size == 0:
        raise PdfError("not a PDF file (empty file)")
    if b"%PDF-" not in head:
        raise PdfError("not a PDF file")
    if b"%%EOF" not in tail:
        return ["no %%EOF marker at the end of the file (truncated?)"]
    return []


def _open_pdfium(path: str, password: str | None, eof_missing: bool):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(path, password=password)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            if password is None:
                raise PdfError("encrypted PDF (use --password)") from None
            raise PdfError("encrypted PDF: wrong password") from None
        detail = re.sub(r"^Failed to load document \(PDFium: (.*)\)\.?$", r"\1", msg)
        if eof_missing:
            detail = f"file ends without %%EOF (cut short?); {detail}"
        raise PdfError(f"truncated or corrupt PDF: {detail}") from None


def _to_display(angle: int, mb: Sequence[float]):
    """Map PDF user space to a frame where text of the given direction (degrees
    counter-clockwise) runs left to right: x to the right, y downwards."""
    left, bottom, right, top = mb
    if angle == 90:
        return lambda x, y: (y - bottom, x - left)
    if angle == 180:
        return lambda x, y: (right - x, y - bottom)
    if angle == 270:
        return lambda x, y: (top - y, right - x)
    return lambda x, y: (x, top - y)


def _text_angle(raw, tp, n: int) -> int:
    """The dominant text direction of a page, in multiples of 90 degrees."""
    votes = {0: 0, 90: 0, 180: 0, 270: 0}
    for i in range(0, n, max(1, n // 60)):
        a = raw.FPDFText_GetCharAngle(tp, i)   # radians, clockwise
        if a >= 0:
            votes[(360 - int(round(math.degrees(a) / 90.0)) % 4 * 90) % 360] += 1
    return max(votes, key=lambda k: (votes[k], k == 0))


def _read_page(doc, index: int) -> _Page:
    import pypdfium2.raw as raw

    page = doc[index]
    try:
        rotation = page.get_rotation() % 360
        mb = tuple(page.get_mediabox())
        tp = page.get_textpage()
        n = raw.FPDFText_CountChars(tp)
        angle = _text_angle(raw, tp, n) if n else rotation
        conv = _to_display(angle, mb)
        width, height = mb[2] - mb[0], mb[3] - mb[1]
        if angle in (90, 270):
            width, height = height, width
        chars: list[_Ch] = []
        unmapped = 0
        seen: set[tuple[str, int, int]] = set()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        rect = raw.FS_RECTF()
        soft_space = False
        for i in range(n):
            if raw.FPDFText_IsGenerated(tp, i):
                # PDFium's own word-break guess; a hint for gaps without a space glyph
                soft_space = raw.FPDFText_GetUnicode(tp, i) == 0x20
                continue
            u = raw.FPDFText_GetUnicode(tp, i)
            if u < 32 or 0xD800 <= u < 0xE000 or u in (0xFFFE, 0xFFFF):
                continue
            t = chr(u)
            if raw.FPDFText_HasUnicodeMapError(tp, i):
                unmapped += 1
            raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
            raw.FPDFText_GetLooseCharBox(tp, i, rect)
            ax, ay = conv(rect.left, rect.top)
            bx, by = conv(rect.right, rect.bottom)
            _, base = conv(ox.value, oy.value)
            x0, x1 = min(ax, bx), max(ax, bx)
            top, bottom = min(ay, by), max(ay, by)
            size = bottom - top
            if size <= 0:
                size = max(raw.FPDFText_GetFontSize(tp, i), 1.0)
            key = (t, round(x0 * 2), round(base * 2))  # drop fake-bold double strikes
            if key in seen:
                continue
            seen.add(key)
            chars.append(_Ch(t, x0, x1, top, bottom, base, size, soft_space))
            soft_space = False
        segments = dropped = 0
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_TEXT]):
            if obj.type == raw.FPDF_PAGEOBJ_PATH:
                segments += max(0, raw.FPDFPath_CountSegments(obj))
            elif raw.FPDFTextObj_GetText(obj, tp, None, 0) <= 2:
                # the text page holds no character of this text object (UTF-16 "" is
                # 2 bytes): PDFium skipped it (empty box), or it is really empty
                dropped += 1
        tp.close()
        return _Page(index + 1, width, height, chars, unmapped, segments, dropped,
                     same_frame=(angle == rotation))
    finally:
        page.close()


# ---------------------------------------------------------------------------
# Rows and segments
# ---------------------------------------------------------------------------

def _rows_of(chars: Sequence[_Ch]) -> list[list[_Ch]]:
    """Group characters into rows sharing a baseline, top to bottom."""
    rows: list[list[_Ch]] = []
    ref = None
    for c in sorted(chars, key=lambda c: (c.base, c.x0)):
        if ref is not None and abs(c.base - ref) <= 0.35 * min(c.size, rows[-1][0].size):
            rows[-1].append(c)
        else:
            rows.append([c])
            ref = c.base
    return rows


def _join_chars(chars: Sequence[_Ch]) -> str:
    """Text of characters on one line, in x order; spaces for real spaces and wide gaps."""
    out: list[str] = []
    prev: _Ch | None = None
    space = False
    for c in chars:
        if c.t.isspace():
            space = prev is not None
            continue
        if prev is not None:
            gap = c.x0 - prev.x1
            em = max(prev.size, c.size)
            latin = not (_is_wide(prev.t) and _is_wide(c.t))
            if space or (latin and (gap > SPACE_GAP * em or (c.sp and gap > SOFT_SPACE_GAP * em))):
                out.append(" ")
        out.append(c.t)
        prev, space = c, False
    return "".join(out)


def _segments_of_row(row: list[_Ch]) -> list[list[_Ch]]:
    """Split one row of characters at wide gaps (column gutters, tab stops)."""
    row = sorted(row, key=lambda c: c.x0)
    parts: list[list[_Ch]] = [[]]
    prev: _Ch | None = None
    space = False
    for c in row:
        if c.t.isspace():
            space = True
            parts[-1].append(c)
            continue
        if prev is not None:
            gap = c.x0 - prev.x1
            limit = (SEGMENT_GAP_SPACED if space else SEGMENT_GAP) * max(prev.size, c.size)
            if gap > limit:
                parts.append([])
        parts[-1].append(c)
        prev, space = c, False
    return [p for p in parts if any(not c.t.isspace() for c in p)]


def _first_token_width(chars: Sequence[_Ch]) -> float:
    """Width of the first token of a segment: a wide glyph and the closing marks that
    line-breaking rules keep with it, or a run of Latin glyphs up to a space or gap."""
    first = chars[0]
    end = first.x1
    wide = _is_wide(first.t)
    prev = first
    for c in chars[1:]:
        if c.t.isspace() or c.x0 - prev.x1 > SPACE_GAP * max(c.size, prev.size):
            break
        if wide and c.t not in _CLOSING:
            break
        if not wide and _is_wide(c.t) and c.t not in _CLOSING:
            break
        end, prev = c.x1, c
    return end - first.x0


def _make_seg(chars: list[_Ch]) -> _Seg:
    ink = [c for c in chars if not c.t.isspace()]
    sizes = sorted(c.size for c in ink)
    return _Seg(_join_chars(chars), min(c.x0 for c in ink), max(c.x1 for c in ink),
                min(c.top for c in ink), max(c.bottom for c in ink),
                statistics.median(c.base for c in ink), sizes[len(sizes) // 2],
                first_w=_first_token_width(ink))


def _cell_text(chars: list[_Ch]) -> str:
    """Text of a table cell: its lines joined without a break (space between Latin)."""
    lines = [_join_chars(sorted(r, key=lambda c: c.x0)).strip() for r in _rows_of(chars)]
    lines = [ln for ln in lines if ln]
    text = ""
    for ln in lines:
        if text and not (_is_wide(text[-1]) or _is_wide(ln[0])):
            text += " "
        text += ln
    return text


# ---------------------------------------------------------------------------
# Tables (pdfplumber's finder, PDFium's characters)
# ---------------------------------------------------------------------------

class _Plumber:
    """pdfplumber, opened on first use; it parses pages lazily, one by one."""

    def __init__(self, path: str, password: str | None, warnings: list[str]) -> None:
        self.path, self.password, self.warnings = path, password, warnings
        self.pdf = None
        self.failed = False

    def page(self, number: int):
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


def _plumber_chars(pl) -> tuple[list[_Ch], int]:
    """pdfplumber's characters as _Ch (used where PDFium's text page lost text)."""
    chars: list[_Ch] = []
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
        chars.append(_Ch(t, float(c["x0"]), float(c["x1"]), top, bottom, base, size))
    return chars, unmapped


def _twin(grid: dict[tuple[int, int], list[_Ch]], c: _Ch) -> _Ch | None:
    """A character of the grid (4 pt cells) drawn at the same place as c, if any."""
    kx, ky = int(c.x0 // 4), int(c.base // 4)
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for m in grid.get((kx + dx, ky + dy), ()):
                if abs(m.x0 - c.x0) <= 1.5 and abs(m.base - c.base) <= 1.5:
                    return m
    return None


def _repair_dropped(pages: list[_Page], plumber: _Plumber, warnings: list[str]) -> None:
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
            theirs, _ = _plumber_chars(pl)
        except Exception as exc:  # noqa: BLE001
            warnings.append(f"page {p.number}: {p.dropped} text object(s) may be missing "
                            f"({type(exc).__name__})")
            continue
        finally:
            if p.path_segments < MIN_TABLE_SEGMENTS:
                pl.close()
        grid: dict[tuple[int, int], list[_Ch]] = {}
        for c in p.chars:
            grid.setdefault((int(c.x0 // 4), int(c.base // 4)), []).append(c)

        added: list[_Ch] = []
        d_top: list[float] = []
        d_bottom: list[float] = []
        for c in theirs:
            m = _twin(grid, c)
            if m is None:
                if not c.t.isspace():
                    added.append(c)
            elif len(d_top) < 200:
                d_top.append(m.top - c.top)
                d_bottom.append(m.bottom - c.bottom)
        if not added:
            continue
        dt, db = _median(d_top, 0.0), _median(d_bottom, 0.0)
        for c in added:
            c.top, c.bottom = c.top + dt, c.bottom + db
            c.size = max(c.bottom - c.top, 1.0)
        p.chars.extend(added)
        p.source = f"pdfium+pdfplumber ({len(added)} glyphs)"


def _find_tables(pages: list[_Page], plumber: _Plumber, warnings: list[str]) -> None:
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
            shift = _calibrate(p.chars, pl.chars) if found else (0.0, 0.0)
            for t in found:
                tab = _build_table(p, t, shift)
                if tab is not None:
                    p.tables.append(tab)
        except Exception as exc:  # noqa: BLE001
            warnings.append(f"page {p.number}: table finder failed: "
                            f"{type(exc).__name__}: {exc}".splitlines()[0])
        finally:
            pl.close()


def _calibrate(mine: list[_Ch], theirs: list[dict]) -> tuple[float, float]:
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


def _inside(c: _Ch, box: tuple[float, float, float, float], pad: float = 0.5) -> bool:
    cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
    return box[0] - pad <= cx <= box[2] + pad and box[1] - pad <= cy <= box[3] + pad


def _build_table(p: _Page, t, shift: tuple[float, float]) -> _Table | None:
    dx, dy = shift

    def mv(b):
        return (b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy)

    rows = [[mv(c) if c is not None else None for c in r.cells] for r in t.rows]
    if len(rows) < 2 or max(sum(c is not None for c in r) for r in rows) < 2:
        return None  # a frame or a single box, not a table
    bbox = mv(t.bbox)
    inside = [c for c in p.chars if _inside(c, bbox)]
    if not any(not c.t.isspace() for c in inside):
        return None
    cells: list[list[str | None]] = []
    for r in rows:
        out: list[str | None] = []
        for box in r:
            if box is None:
                out.append(None)
                continue
            text = _cell_text([c for c in inside if _inside(c, box, 0.0)])
            out.append(text or None)
        cells.append(out)
    ids = {id(c) for c in inside}
    p.chars = [c for c in p.chars if id(c) not in ids]
    return _Table(bbox, cells)


# ---------------------------------------------------------------------------
# Running headers, footers and page numbers
# ---------------------------------------------------------------------------

def _drop_running(pages: list[_Page]) -> None:
    with_text = [p for p in pages if p.segs]
    if not with_text:
        return
    zone: dict[str, list[tuple[int, float, _Seg]]] = {}
    for p in with_text:
        rows = sorted({round(s.base, 1) for s in p.segs})
        extreme = set(rows[:2] + rows[-2:])
        for s in p.segs:
            if s.table is not None:
                continue
            in_zone = s.bottom <= p.height * MARGIN_ZONE or s.top >= p.height * (1 - MARGIN_ZONE)
            if not in_zone:
                continue
            if round(s.base, 1) in extreme and _PAGE_NUMBER.match(s.text.strip()):
                s.text = ""                     # bare page number
                continue
            key = re.sub(r"\s+", "", re.sub(r"\d+", "#", s.text))
            zone.setdefault(key, []).append((p.number, s.top, s))
    n = len(with_text)
    for key, hits in zone.items():
        if not key:
            continue
        tops = statistics.median(h[1] for h in hits)
        near = [h for h in hits if abs(h[1] - tops) <= 6]
        count = len({h[0] for h in near})
        if count >= 2 and (count >= 3 or count >= 0.5 * n):
            for h in near:
                h[2].text = ""
    for p in with_text:
        p.segs = [s for s in p.segs if s.text or s.table is not None]


# ---------------------------------------------------------------------------
# Reading order
# ---------------------------------------------------------------------------

def _median(values: Iterable[float], default: float = 10.0) -> float:
    v = sorted(values)
    return v[len(v) // 2] if v else default


def _coverage_runs(items: Sequence[_Seg], limit: int, lo: float, hi: float,
                   min_width: float) -> list[tuple[float, float]]:
    """x-intervals inside (lo, hi) crossed by at most `limit` items, at least min_width wide."""
    events: list[tuple[float, int]] = []
    for s in items:
        events.append((s.x0, 1))
        events.append((s.x1, -1))
    events.sort()
    runs: list[tuple[float, float]] = []
    depth = 0
    start: float | None = None
    for x, d in events:
        before = depth
        depth += d
        if before > limit >= depth and start is None:
            start = x
        elif before <= limit < depth and start is not None:
            if x - start >= min_width and start > lo and x < hi:
                runs.append((start, x))
            start = None
    return runs


def _is_column(items: Sequence[_Seg], em: float) -> bool:
    """Enough lines, and as wide as a column of text (not a row of labels or figures)."""
    if len(items) < 2:
        return False
    left = min(s.x0 for s in items)
    if max(s.x1 for s in items) - left < COLUMN_MIN_WIDTH * em:
        return False
    # Lines of a column start at its left edge (or indented); a column whose leftmost
    # item sticks out past the usual edge is a piece cut off a spanning line -- unless
    # several lines start there (first-line indents make the indented edge the usual one).
    edges: dict[int, int] = {}
    for s in items:
        k = round(s.x0 / 2)
        edges[k] = edges.get(k, 0) + 1
    usual = max(edges, key=lambda k: (edges[k], -k))
    aligned = edges[usual] + edges.get(usual - 1, 0) + edges.get(usual + 1, 0)
    if aligned < max(2, 0.3 * len(items)):
        return False
    at_left = sum(1 for s in items if s.x0 <= left + 1.0)
    return 2 * usual - left <= 0.5 * em or at_left >= max(3, 0.2 * len(items))


def _split_gutter(items: list[_Seg], em: float) -> list[list[_Seg]] | None:
    """Split a region at a vertical gutter.

    A gutter is an x-interval at least GUTTER_MIN wide that no item crosses, or that
    only a few items cross completely (a headline over the columns).  The items left
    and right of it must each look like a text column.  With no crossing item the
    region splits into left and right; otherwise into horizontal bands cut at the
    crossing items, which are then split again.
    """
    lo, hi = min(s.x0 for s in items), max(s.x1 for s in items)
    most = max(1, int(BLOCKER_SHARE * len(items)))
    tol = 0.2 * em
    best: tuple[tuple[int, float], list[_Seg], list[_Seg], list[_Seg]] | None = None
    for level in range(0, most + 1):
        for a, b in _coverage_runs(items, level, lo, hi, GUTTER_MIN * em):
            if b - a > GUTTER_MAX * em:
                continue
            blockers = [s for s in items if s.x0 < a + tol and s.x1 > b - tol]
            if len(blockers) > most:
                continue
            mid = (a + b) / 2
            rest = [s for s in items if not (s.x0 < a + tol and s.x1 > b - tol)]
            left = [s for s in rest if (s.x0 + s.x1) / 2 < mid]
            right = [s for s in rest if (s.x0 + s.x1) / 2 >= mid]
            if not (_is_column(left, em) and _is_column(right, em)):
                continue
            score = (len(blockers), -(b - a))
            if best is None or score < best[0]:
                best = (score, blockers, left, right)
        if best is not None:
            break
    if best is None:
        return None
    _, blockers, left, right = best
    if not blockers:
        return [left, right]
    spans: list[list[float]] = []
    for s in sorted(blockers, key=lambda s: s.top):
        if spans and s.top <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], s.bottom)
        else:
            spans.append([s.top, s.bottom])
    bands: list[list[_Seg]] = [[] for _ in range(2 * len(spans) + 1)]
    for s in items:
        mid_y = (s.top + s.bottom) / 2
        for i, (t, b) in enumerate(spans):
            if mid_y < t:
                k = 2 * i
                break
            if mid_y <= b:
                k = 2 * i + 1
                break
        else:
            k = 2 * len(spans)
        bands[k].append(s)
    bands = [b for b in bands if b]
    return bands if len(bands) > 1 else None


def _split_gap(items: list[_Seg], em: float) -> list[list[_Seg]] | None:
    """Cut at a wide horizontal gap when a part below or above it has columns."""
    order = sorted(items, key=lambda s: s.top)
    gaps: list[tuple[float, int]] = []
    reach = order[0].bottom
    for i in range(1, len(order)):
        if order[i].top - reach > 1.2 * em:
            gaps.append((order[i].top - reach, i))
        reach = max(reach, order[i].bottom)
    for _, i in sorted(gaps, reverse=True)[:4]:
        above, below = order[:i], order[i:]
        if _split_gutter(above, em) or _split_gutter(below, em):
            return [above, below]
    return None


def _order(items: list[_Seg], em: float, depth: int = 0) -> list[list[_Seg]]:
    """Leaf blocks of the region in reading order."""
    if len(items) < 3 or depth > 12:
        return [items]
    for split in (_split_gutter, _split_gap):
        parts = split(items, em)
        if parts:
            out: list[list[_Seg]] = []
            for part in parts:
                out.extend(_order(part, em, depth + 1))
            return out
    return [items]


# ---------------------------------------------------------------------------
# Text assembly
# ---------------------------------------------------------------------------

@dataclass
class _Line:
    segs: list[_Seg]
    top: float
    bottom: float
    size: float
    table: _Table | None = None
    left: float = 0.0           # left and right edge of the text column the line is in
    right: float = 0.0

    @property
    def x0(self) -> float:
        return self.segs[0].x0

    @property
    def x1(self) -> float:
        return self.segs[-1].x1

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segs)


def _lines_of_block(block: list[_Seg]) -> list[_Line]:
    lines: list[_Line] = []
    for s in sorted(block, key=lambda s: (s.base, s.x0)):
        if s.table is not None:
            lines.append(_Line([s], s.top, s.bottom, s.size, s.table))
            continue
        last = lines[-1] if lines else None
        if (last is not None and last.table is None
                and abs(s.base - last.segs[0].base) <= 0.35 * min(s.size, last.size)):
            last.segs.append(s)
            last.top, last.bottom = min(last.top, s.top), max(last.bottom, s.bottom)
        else:
            lines.append(_Line([s], s.top, s.bottom, s.size))
    for ln in lines:
        ln.segs.sort(key=lambda s: s.x0)
        ln.size = _median((s.size for s in ln.segs), ln.size)
    return lines


def _column_edges(blocks_per_page: list[list[list[_Line]]]) -> None:
    """Set each text line's column edges (`left`, `right`).

    The blocks of a page whose left edges agree (within 1 em) are one column; its
    right edge is the largest line end that another line also reaches (within 1 em),
    so a single line sticking out (a spanning line sharing the left edge) does not
    widen it.  A column of one or two lines has no reliable edges of its own: it
    takes those of a column that contains it, on its page if there is one, else the
    closest one in the document.
    """
    cols: list[tuple[int, float, float, int, list[list[_Line]]]] = []   # page, left, right, lines, blocks
    for page, blocks in enumerate(blocks_per_page):
        groups: list[tuple[float, list[_Line], list[list[_Line]]]] = []
        for lines in blocks:
            text = [ln for ln in lines if ln.table is None]
            if not text:
                continue
            em = _median((ln.size for ln in text), 10.0)
            left = min(ln.x0 for ln in text)
            for g in groups:
                if abs(g[0] - left) <= em:
                    g[1].extend(text)
                    g[2].append(text)
                    break
            else:
                groups.append((left, list(text), [text]))
        for _, lines, group_blocks in groups:
            em = _median((ln.size for ln in lines), 10.0)
            ends = sorted((ln.x1 for ln in lines), reverse=True)
            right = ends[0]
            for a, b in zip(ends, ends[1:], strict=False):
                if a - b <= em:
                    right = a
                    break
            cols.append((page, min(ln.x0 for ln in lines), right, len(lines), group_blocks))
    big = [c for c in cols if c[3] >= 3]
    for page, left, right, n, blocks in cols:
        if n < 3:
            lines = [ln for b in blocks for ln in b]
            hi = max(ln.x1 for ln in lines)
            em = _median((ln.size for ln in lines), 10.0)
            fits = [c for c in big if c[1] <= left + 0.5 * em and c[2] >= hi - em]
            if fits:
                best = max(fits, key=lambda c: (c[0] == page, c[1], -c[2]))
                left, right = best[1], best[2]
            elif n < 2 or max(ln.x0 for ln in lines) - left > 1.0:
                right = math.inf        # a lone or centred line: no edge it could be full to
        for text in blocks:
            for ln in text:
                ln.left, ln.right = left, right


def _is_full(prev: _Line, cur: _Line) -> bool:
    """Whether the first word of `cur` would not have fitted at the end of `prev`:
    the line was broken by the column edge, not by the author."""
    em = prev.size
    space = 0.0 if (_is_wide(prev.text[-1]) or _is_wide(cur.text[0])) else SPACE_GAP * em
    return prev.x1 + space + cur.segs[0].first_w > prev.right - FILL_SLACK * em


def _soft_wrap(prev: _Line, cur: _Line, usual: float | None) -> bool:
    """Whether `cur` continues the paragraph of `prev` (a line wrapped by the layout).

    From geometry: same font size, no paragraph gap (`usual` is the document's line
    spacing within paragraphs in em; None when `cur` is in another column or page),
    `prev` full to its column's edge, and `cur` neither indented (a first-line
    indent) nor starting a list item, unless `prev` starts an item whose text `cur`
    continues under a hanging indent.
    """
    if prev.table is not None or cur.table is not None:
        return False
    em = min(prev.size, cur.size)
    if max(prev.size, cur.size) > 1.15 * em:    # heading / body change
        return False
    if usual is not None and (cur.top - prev.bottom) / em > usual + PARA_EXTRA:
        return False
    if not _is_full(prev, cur) or _ITEM_START.match(cur.text):
        return False
    if cur.x0 > cur.left + INDENT_MIN * em:
        return bool(_ITEM_START.match(prev.text)) and cur.x0 > prev.x0 + INDENT_MIN * em
    return True


def _line_break(prev: _Line, cur: _Line, usual: float) -> str:
    """"\n" for a soft wrap inside a paragraph, "\n\n" for any other line end (the vertical
    gap counts when `cur` is below `prev`, not when it starts the next column)."""
    below = cur.top >= prev.top
    return "\n" if _soft_wrap(prev, cur, usual if below else None) else "\n\n"


def _line_spacing(blocks_per_page: list[list[list[_Line]]]) -> float:
    """The usual gap between the lines of a paragraph, in em: the median gap after
    lines that are full to their column's edge (wrapped lines), or, with too few
    of them, a low percentile of all gaps."""
    after_full: list[float] = []
    ratios: list[float] = []
    for blocks in blocks_per_page:
        for lines in blocks:
            for a, b in zip(lines, lines[1:], strict=False):
                if a.table is None and b.table is None and b.top >= a.top:
                    em = min(a.size, b.size)
                    ratios.append((b.top - a.bottom) / em)
                    if max(a.size, b.size) <= 1.15 * em and _is_full(a, b):
                        after_full.append(ratios[-1])
    if len(after_full) >= 3:
        return statistics.median(after_full)
    if not ratios:
        return 0.5
    # one-line paragraphs (lists) can outnumber wrapped lines: a low percentile
    ratios.sort()
    return ratios[len(ratios) // 5]


def _render_page(blocks: list[list[_Line]], usual: float, page_no: int,
                 base: int) -> tuple[str, list[PdfTable]]:
    parts: list[str] = []
    length = 0
    tables: list[PdfTable] = []
    prev: _Line | None = None

    def add(s: str) -> None:
        nonlocal length
        parts.append(s)
        length += len(s)

    for lines in blocks:
        for ln in lines:
            if prev is not None:
                add(_line_break(prev, ln, usual))
            if ln.table is None:
                add(ln.text)
            else:
                tab = ln.table
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
                tables.append(PdfTable(page_no, start, base + length, rows, tab.caption))
            prev = ln
    return "".join(parts), tables


def _caption(p: _Page, tab: _Table) -> str:
    x0, top, x1, _ = tab.bbox
    pad = 0.25 * (x1 - x0)
    above = [s for s in p.segs if s.table is None and s.bottom <= top + 1
             and s.x1 > x0 - pad and s.x0 < x1 + pad and top - s.bottom < 2.5 * s.size]
    if not above:
        return ""
    base = max(s.base for s in above)
    row = sorted((s for s in above if abs(s.base - base) <= 0.35 * s.size), key=lambda s: s.x0)
    return " ".join(s.text.strip() for s in row)


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------

def extract_pdf(path: str | os.PathLike, password: str | None = None) -> PdfText:
    """Extract the text of a PDF in reading order, with its tables located.

    Raises PdfError for an encrypted file without (or with a wrong) password, a
    file that is not a PDF, a truncated or corrupt PDF, and a PDF without a usable
    text layer.  A page without text in an otherwise good PDF only adds a warning.
    """
    path = os.fspath(path)
    warnings = _check_bytes(path)
    doc = _open_pdfium(path, password, bool(warnings))
    try:
        pages = []
        for i in range(len(doc)):
            try:
                pages.append(_read_page(doc, i))
            except PdfError:
                raise
            except Exception as exc:  # noqa: BLE001 - PDFium page errors
                raise PdfError(f"truncated or corrupt PDF: page {i + 1}: {exc}") from None
    finally:
        doc.close()
    if not pages:
        raise PdfError("truncated or corrupt PDF: no pages")

    plumber = _Plumber(path, password, warnings)
    try:
        _repair_dropped(pages, plumber, warnings)
        total = sum(1 for p in pages for c in p.chars if not c.t.isspace())
        unmapped = sum(p.unmapped for p in pages)
        if total == 0 or unmapped > CID_SHARE * total:
            raise PdfError(NO_TEXT)
        for p in pages:
            if not any(not c.t.isspace() for c in p.chars):
                warnings.append(f"page {p.number}: no text layer")
                p.chars = []
            elif p.unmapped > CID_SHARE * len(p.chars):
                warnings.append(f"page {p.number}: text has no Unicode mapping (skipped)")
                p.chars = []
        _find_tables(pages, plumber, warnings)
    finally:
        plumber.close()

    for p in pages:
        for row in _rows_of(p.chars):
            for part in _segments_of_row(row):
                p.segs.append(_make_seg(part))
        for tab in p.tables:
            tab.caption = _caption(p, tab)
            x0, top, x1, bottom = tab.bbox
            p.segs.append(_Seg("", x0, x1, top, bottom, top, 10.0, tab))
    _drop_running(pages)

    blocks_per_page: list[list[list[_Line]]] = []
    for p in pages:
        if not p.segs:
            blocks_per_page.append([])
            continue
        text_segs = [s for s in p.segs if s.table is None]
        em = _median((s.size for s in text_segs), 10.0)
        for s in p.segs:
            if s.table is not None:
                s.size = em
        blocks_per_page.append([_lines_of_block(b) for b in _order(p.segs, em) if b])
    _column_edges(blocks_per_page)
    usual = _line_spacing(blocks_per_page)

    text_parts: list[str] = []
    offset = 0
    page_starts: list[int] = []
    tables: list[PdfTable] = []
    last: _Line | None = None      # the previous page's last line (a paragraph may go on)
    for p, blocks in zip(pages, blocks_per_page, strict=True):
        first = next((ln for lines in blocks for ln in lines), None)
        sep = ""
        if text_parts:
            wrapped = last is not None and first is not None and _soft_wrap(last, first, None)
            sep = "\n" if wrapped else "\n\n"
        body, tabs = _render_page(blocks, usual, p.number, offset + len(sep))
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


def _main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    ap = argparse.ArgumentParser(description="Print the text extracted from a PDF.")
    ap.add_argument("pdf")
    ap.add_argument("--password")
    args = ap.parse_args(argv)
    try:
        res = extract_pdf(args.pdf, args.password)
    except PdfError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for i, start in enumerate(res.page_starts):
        end = res.page_starts[i + 1] if i + 1 < len(res.page_starts) else len(res.text)
        print(f"===== page {i + 1} [{start}:{end}]")
        print(res.text[start:end].strip("\n"))
    for t in res.tables:
        print(f"===== table p{t.page} [{t.start}:{t.end}] caption={t.caption!r} "
              f"rows={len(t.rows)}")
    for w in res.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
