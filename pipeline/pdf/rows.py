"""Glyphs into rows and segments with their text; running headers, footers and page numbers dropped."""

from __future__ import annotations

import difflib
import re
import statistics
from collections.abc import Iterable, Sequence

from .model import Char, Page, Seg, is_wide
from .settings import (
    CLOSING,
    MARGIN_ZONE,
    OCR_SAME_TEXT,
    PAGE_NUMBER,
    SEGMENT_GAP,
    SEGMENT_GAP_SPACED,
    SOFT_SPACE_GAP,
    SPACE_GAP,
)


def rows_of(chars: Sequence[Char]) -> list[list[Char]]:
    """Group characters into rows sharing a baseline, top to bottom."""
    rows: list[list[Char]] = []
    ref = None
    for c in sorted(chars, key=lambda c: (c.base, c.x0)):
        if ref is not None and abs(c.base - ref) <= 0.35 * min(c.size, rows[-1][0].size):
            rows[-1].append(c)
        else:
            rows.append([c])
            ref = c.base
    return rows


def join_chars(chars: Sequence[Char]) -> str:
    """Text of characters on one line, in x order; spaces for real spaces and wide gaps."""
    out: list[str] = []
    prev: Char | None = None
    space = False
    for c in chars:
        if c.t.isspace():
            space = prev is not None
            continue
        if prev is not None:
            gap = c.x0 - prev.x1
            em = max(prev.size, c.size)
            latin = not (is_wide(prev.t) and is_wide(c.t))
            if space or (latin and (gap > SPACE_GAP * em or (c.sp and gap > SOFT_SPACE_GAP * em))):
                out.append(" ")
        out.append(c.t)
        prev, space = c, False
    return "".join(out)


def segments_of_row(row: list[Char]) -> list[list[Char]]:
    """Split one row of characters at wide gaps (column gutters, tab stops)."""
    row = sorted(row, key=lambda c: c.x0)
    parts: list[list[Char]] = [[]]
    prev: Char | None = None
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


def first_token_width(chars: Sequence[Char]) -> float:
    """Width of the first token of a segment: a wide glyph and the closing marks that
    line-breaking rules keep with it, or a run of Latin glyphs up to a space or gap."""
    first = chars[0]
    end = first.x1
    wide = is_wide(first.t)
    prev = first
    for c in chars[1:]:
        if c.t.isspace() or c.x0 - prev.x1 > SPACE_GAP * max(c.size, prev.size):
            break
        if wide and c.t not in CLOSING:
            break
        if not wide and is_wide(c.t) and c.t not in CLOSING:
            break
        end, prev = c.x1, c
    return end - first.x0


def make_seg(chars: list[Char]) -> Seg:
    ink = [c for c in chars if not c.t.isspace()]
    sizes = sorted(c.size for c in ink)
    return Seg(join_chars(chars), min(c.x0 for c in ink), max(c.x1 for c in ink),
                min(c.top for c in ink), max(c.bottom for c in ink),
                statistics.median(c.base for c in ink), sizes[len(sizes) // 2],
                first_w=first_token_width(ink))


def cell_text(chars: list[Char]) -> str:
    """Text of a table cell: its lines joined without a break (space between Latin)."""
    lines = [join_chars(sorted(r, key=lambda c: c.x0)).strip() for r in rows_of(chars)]
    lines = [ln for ln in lines if ln]
    text = ""
    for ln in lines:
        if text and not (is_wide(text[-1]) or is_wide(ln[0])):
            text += " "
        text += ln
    return text



def _similar(key: str, keys: Iterable[str]) -> str | None:
    """A key that OCR could have read as `key` (similar enough), or None."""
    for k in keys:
        m = difflib.SequenceMatcher(None, key, k, autojunk=False)
        if m.real_quick_ratio() >= OCR_SAME_TEXT and m.quick_ratio() >= OCR_SAME_TEXT and m.ratio() >= OCR_SAME_TEXT:
            return k
    return None


def drop_running(pages: list[Page]) -> None:
    with_text = [p for p in pages if p.segs]
    if not with_text:
        return
    zone: dict[str, list[tuple[int, float, Seg]]] = {}
    for p in with_text:
        rows = sorted({round(s.base, 1) for s in p.segs})
        extreme = set(rows[:2] + rows[-2:])
        for s in p.segs:
            if s.table is not None:
                continue
            in_zone = s.bottom <= p.height * MARGIN_ZONE or s.top >= p.height * (1 - MARGIN_ZONE)
            if not in_zone:
                continue
            if round(s.base, 1) in extreme and PAGE_NUMBER.match(s.text.strip()):
                s.text = ""                     # bare page number
                continue
            key = re.sub(r"\s+", "", re.sub(r"\d+", "#", s.text))
            if p.source == "ocr" and key not in zone:
                key = _similar(key, zone) or key     # OCR misreads a character or two of a running header
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
