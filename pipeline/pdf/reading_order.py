"""Reading order of a page: a recursive cut into columns at gutters and into bands at spanning lines or gaps."""

from __future__ import annotations

from collections.abc import Sequence

from .model import Seg
from .settings import BLOCKER_SHARE, COLUMN_MIN_WIDTH, GUTTER_MAX, GUTTER_MIN


def coverage_runs(items: Sequence[Seg], limit: int, lo: float, hi: float,
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


def is_column(items: Sequence[Seg], em: float) -> bool:
    """Enough lines, and as wide as a column of text (not a row of labels or figures)."""
    if len(items) < 2:
        return False
    left = min(s.x0 for s in items)
    if max(s.x1 for s in items) - left < COLUMN_MIN_WIDTH * em:
        return False
    # Lines of a column start at its left edge (or indented); a column whose leftmost
    # line sticks out past the usual edge is a piece cut off a spanning line -- unless
    # several lines start there (first-line indents make the indented edge the usual one).
    # A table in the column may be wider than its text: only text lines count here.
    lines = [s for s in items if s.table is None] or list(items)
    left = min(s.x0 for s in lines)
    edges: dict[int, int] = {}
    for s in lines:
        k = round(s.x0 / 2)
        edges[k] = edges.get(k, 0) + 1
    usual = max(edges, key=lambda k: (edges[k], -k))
    aligned = edges[usual] + edges.get(usual - 1, 0) + edges.get(usual + 1, 0)
    if aligned < max(2, 0.3 * len(lines)):
        return False
    at_left = sum(1 for s in lines if s.x0 <= left + 1.0)
    return 2 * usual - left <= 0.5 * em or at_left >= max(3, 0.2 * len(lines))


def split_gutter(items: list[Seg], em: float, found: list[tuple[float, float]] | None = None
                 ) -> list[list[Seg]] | None:
    """Split a region at a vertical gutter.

    A gutter is an x-interval at least GUTTER_MIN wide that no item crosses, or that
    only a few items cross completely (a headline over the columns).  The items left
    and right of it must each look like a text column.  With no crossing item the
    region splits into left and right; otherwise into horizontal bands cut at the
    crossing items, which are then split again.  A gutter no item crosses is added
    to `found`.
    """
    lo, hi = min(s.x0 for s in items), max(s.x1 for s in items)
    most = max(1, int(BLOCKER_SHARE * len(items)))
    tol = 0.2 * em
    best: tuple[tuple[int, float], list[Seg], list[Seg], list[Seg], tuple[float, float]] | None = None
    for level in range(0, most + 1):
        for a, b in coverage_runs(items, level, lo, hi, GUTTER_MIN * em):
            if b - a > GUTTER_MAX * em:
                continue
            blockers = [s for s in items if s.x0 < a + tol and s.x1 > b - tol]
            if len(blockers) > most:
                continue
            mid = (a + b) / 2
            rest = [s for s in items if not (s.x0 < a + tol and s.x1 > b - tol)]
            left = [s for s in rest if (s.x0 + s.x1) / 2 < mid]
            right = [s for s in rest if (s.x0 + s.x1) / 2 >= mid]
            if not (is_column(left, em) and is_column(right, em)):
                continue
            score = (len(blockers), -(b - a))
            if best is None or score < best[0]:
                best = (score, blockers, left, right, (a, b))
        if best is not None:
            break
    if best is None:
        return None
    _, blockers, left, right, gutter = best
    if not blockers:
        if found is not None:
            found.append(gutter)
        return [left, right]
    spans: list[list[float]] = []
    for s in sorted(blockers, key=lambda s: s.top):
        if spans and s.top <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], s.bottom)
        else:
            spans.append([s.top, s.bottom])
    bands: list[list[Seg]] = [[] for _ in range(2 * len(spans) + 1)]
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


def split_gap(items: list[Seg], em: float, found: list[tuple[float, float]] | None = None
              ) -> list[list[Seg]] | None:
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
        if split_gutter(above, em) or split_gutter(below, em):
            return [above, below]
    return None


def split_known(items: list[Seg], em: float, known: Sequence[tuple[float, float]]) -> list[list[Seg]] | None:
    """Split a region at a gutter found on another page when no item crosses it, one side is a
    text column and the other holds something (a column of a line or two: the end of a
    paragraph, a heading)."""
    tol = 0.2 * em
    for a, b in known:
        if any(s.x0 < b - tol and s.x1 > a + tol for s in items):
            continue
        mid = (a + b) / 2
        left = [s for s in items if (s.x0 + s.x1) / 2 < mid]
        right = [s for s in items if (s.x0 + s.x1) / 2 >= mid]
        if left and right and (is_column(left, em) or is_column(right, em)):
            return [left, right]
    return None


def order_blocks(items: list[Seg], em: float, depth: int = 0,
                 found: list[tuple[float, float]] | None = None) -> list[list[Seg]]:
    """Leaf blocks of the region in reading order (the column gutters used are added to `found`)."""
    if len(items) < 3 or depth > 12:
        return [items]
    for split in (split_gutter, split_gap):
        parts = split(items, em, found)
        if parts:
            out: list[list[Seg]] = []
            for part in parts:
                out.extend(order_blocks(part, em, depth + 1, found))
            return out
    return [items]


def split_by_known(blocks: list[list[Seg]], em: float, known: Sequence[tuple[float, float]]) -> list[list[Seg]]:
    """Leaf blocks split again at the gutters of the document's other pages (`split_known`)."""
    out: list[list[Seg]] = []
    for block in blocks:
        parts = split_known(block, em, known) if len(block) >= 2 else None
        out.extend(split_by_known(parts, em, known) if parts else [block])
    return out
