"""Bounded work per figure: the windows a decision may read, a memo that stays bounded, boundary spans to bisect."""

from __future__ import annotations

import bisect
import re
from typing import Any

# What a decision about one figure may read, so that the work per figure is bounded whatever the input (one
# 10 MB line, a list of a million figures): the spans below are cut to these windows (docs/records.md).
WINDOW = 1000           # characters of a figure's sentence on each side of it (its clause and scope lie inside)
PARAGRAPH_WINDOW = 1200     # characters of its paragraph before its sentence (a list's intro likewise)
SCOPE_CLAUSES = 24      # clauses a stretch word's scope reaches back (a list of 、-joined figures has one each)
MEMO_MAX = 20_000       # entries of the per-document memo before it starts afresh (it only saves work)


class Memo(dict[tuple[Any, ...], Any]):
    """The memo of work on texts repeated across figures: a dict that empties itself when it is full, so its
    size stays bounded (a memo only saves work: an entry forgotten is computed again, to the same value)."""

    def __setitem__(self, key: tuple[Any, ...], value: Any) -> None:
        if len(self) >= MEMO_MAX and key not in self:
            self.clear()
        super().__setitem__(key, value)


class Bounds:
    """The matches of a boundary pattern in the view, as (start, end) lists for bisecting."""

    def __init__(self, rx: re.Pattern[str], view: str) -> None:
        spans = [(m.start(), m.end()) for m in rx.finditer(view) if m.end() > m.start()]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def start_before(self, pos: int, floor: int) -> int:
        """The end of the last boundary that ends at or before pos (not before floor)."""
        i = bisect.bisect_right(self.ends, pos) - 1
        return max(self.ends[i], floor) if i >= 0 else floor

    def nth_before(self, pos: int, n: int) -> int:
        """The end of the n-th last boundary that ends at or before pos (0 when there are fewer)."""
        i = bisect.bisect_right(self.ends, pos) - n
        return self.ends[i] if i >= 0 else 0

    def end_after(self, pos: int, ceiling: int) -> int:
        """The start of the first boundary that ends after pos (not after ceiling)."""
        i = bisect.bisect_right(self.ends, pos)
        return min(self.starts[i], ceiling) if i < len(self.starts) else ceiling
