"""Lines of a block, their column edges, and which line ends are soft wraps inside a paragraph."""

from __future__ import annotations

import math
import statistics

from .model import Line, Seg, is_wide, median
from .settings import (
    CLAUSE_END,
    CLOSING,
    FILL_SLACK,
    HEADING_START,
    INDENT_MIN,
    ITEM_START,
    PARA_EXTRA,
    SIZE_STEP,
    SPACE_GAP,
)


def lines_of_block(block: list[Seg]) -> list[Line]:
    lines: list[Line] = []
    for s in sorted(block, key=lambda s: (s.base, s.x0)):
        if s.table is not None:
            lines.append(Line([s], s.top, s.bottom, s.size, s.table))
            continue
        last = lines[-1] if lines else None
        if (last is not None and last.table is None
                and abs(s.base - last.segs[0].base) <= 0.35 * min(s.size, last.size)):
            last.segs.append(s)
            last.top, last.bottom = min(last.top, s.top), max(last.bottom, s.bottom)
        else:
            lines.append(Line([s], s.top, s.bottom, s.size))
    for ln in lines:
        ln.segs.sort(key=lambda s: s.x0)
        ln.size = median((s.size for s in ln.segs), ln.size)
    return lines


def column_edges(blocks_per_page: list[list[list[Line]]]) -> None:
    """Set each text line's column edges (`left`, `right`).

    The blocks of a page whose left edges agree (within 1 em) are one column; its
    right edge is the largest line end that another line also reaches (within 1 em),
    so a single line sticking out (a spanning line sharing the left edge) does not
    widen it; lines ending in a closing mark, which may hang past the edge, do not
    count.  A column of one or two lines has no reliable edges of its own: it takes
    those of a column that contains it, on its page if there is one, else the closest
    one in the document.
    """
    cols: list[tuple[int, float, float, int, list[list[Line]]]] = []   # page, left, right, lines, blocks
    for page, blocks in enumerate(blocks_per_page):
        groups: list[tuple[float, list[Line], list[list[Line]]]] = []
        for lines in blocks:
            text = [ln for ln in lines if ln.table is None]
            if not text:
                continue
            em = median((ln.size for ln in text), 10.0)
            left = min(ln.x0 for ln in text)
            for g in groups:
                if abs(g[0] - left) <= em:
                    g[1].extend(text)
                    g[2].append(text)
                    break
            else:
                groups.append((left, list(text), [text]))
        for _, lines, group_blocks in groups:
            em = median((ln.size for ln in lines), 10.0)
            right = _right_edge(lines, em)
            cols.append((page, _left_edge(lines, em), right, len(lines), group_blocks))
    big = [c for c in cols if c[3] >= 3]
    for page, left, right, n, blocks in cols:
        if n < 3:
            lines = [ln for b in blocks for ln in b]
            hi = max(ln.x1 for ln in lines)
            em = median((ln.size for ln in lines), 10.0)
            fits = [c for c in big if c[1] <= left + 0.5 * em and c[2] >= hi - em]
            if fits:
                best = max(fits, key=lambda c: (c[0] == page, c[1], -c[2]))
                left, right = best[1], best[2]
            elif n < 2 or max(ln.x0 for ln in lines) - left > 1.0:
                right = math.inf        # a lone or centred line: no edge it could be full to
        for text in blocks:
            for ln in text:
                ln.left, ln.right = left, right


def _left_edge(lines: list[Line], em: float) -> float:
    """The smallest line start another line also reaches (within half an em): one line starting further left
    (a speck read by OCR, a mark hanging into the margin) does not move the column's edge."""
    starts = sorted(ln.x0 for ln in lines)
    for a, b in zip(starts, starts[1:], strict=False):
        if b - a <= 0.5 * em:
            return a
    return starts[0]


def _right_edge(lines: list[Line], em: float) -> float:
    """The largest line end another line also reaches (within 1 em); a line ending in a
    closing mark only as that other line, as the mark may hang past the edge."""
    ends = sorted(((ln.x1, ln.text[-1] in CLOSING) for ln in lines), reverse=True)
    for i, (a, hangs) in enumerate(ends):
        if not hangs and ((i and ends[i - 1][0] - a <= em) or (i + 1 < len(ends) and a - ends[i + 1][0] <= em)):
            return a
    for (a, _), (b, _) in zip(ends, ends[1:], strict=False):
        if a - b <= em:
            return a
    return ends[0][0]


def is_full(prev: Line, cur: Line) -> bool:
    """Whether the first word of `cur` would not have fitted at the end of `prev`:
    the line was broken by the column edge, not by the author."""
    em = prev.size
    space = 0.0 if (is_wide(prev.text[-1]) or is_wide(cur.text[0])) else SPACE_GAP * em
    return prev.x1 + space + cur.segs[0].first_w > prev.right - FILL_SLACK * em


def soft_wrap(prev: Line, cur: Line, usual: float | None) -> bool:
    """Whether `cur` continues the paragraph of `prev` (a line wrapped by the layout).

    From geometry: same font size, no paragraph gap (`usual` is the document's line
    spacing within paragraphs in em; None when `cur` is in another column or page),
    `prev` full to its column's edge, and `cur` neither indented (a first-line
    indent) nor starting a list item (nor a numbered heading, 二、, after a clause
    end), unless `prev` starts an item whose text `cur` continues under a hanging indent.
    """
    if prev.table is not None or cur.table is not None:
        return False
    em = min(prev.size, cur.size)
    if max(prev.size, cur.size) > SIZE_STEP * em:    # heading / body change
        return False
    if usual is not None and (cur.top - prev.bottom) / em > usual + PARA_EXTRA:
        return False
    if not is_full(prev, cur) or ITEM_START.match(cur.text):
        return False
    if prev.text[-1] in CLAUSE_END and HEADING_START.match(cur.text):
        return False
    if cur.x0 > cur.left + INDENT_MIN * em:
        return bool(ITEM_START.match(prev.text)) and cur.x0 > prev.x0 + INDENT_MIN * em
    return True


def line_break(prev: Line, cur: Line, usual: float) -> str:
    """"\n" for a soft wrap inside a paragraph, "\n\n" for any other line end (the vertical
    gap counts when `cur` is below `prev`, not when it starts the next column)."""
    below = cur.top >= prev.top
    return "\n" if soft_wrap(prev, cur, usual if below else None) else "\n\n"


def line_spacing(blocks_per_page: list[list[list[Line]]]) -> float:
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
                    if max(a.size, b.size) <= SIZE_STEP * em and is_full(a, b):
                        after_full.append(ratios[-1])
    if len(after_full) >= 3:
        return statistics.median(after_full)
    if not ratios:
        return 0.5
    # one-line paragraphs (lists) can outnumber wrapped lines: a low percentile
    ratios.sort()
    return ratios[len(ratios) // 5]
