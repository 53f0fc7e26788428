"""Measure and sign: a change after a change verb (增长, grew by), a level after a level verb (提高到) or none."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

_DASHES = re.compile(r"-{2,}")      # a dash written as hyphens, not part of a word

if TYPE_CHECKING:
    from ..quantities.figures import Figure
    from .context import DocContext


def assign(f: Figure, ctx: DocContext, clause_start: int) -> None:
    """Set f.measure, f.sign and f.own_verb from the words before the figure in its clause (and after it)."""
    if f.match.groups.get("w"):             # 倍增, 翻一番, doubled: a change by a multiple
        f.measure, f.own_verb = "change", True
        return
    lex = ctx.lex
    prefix = _DASHES.sub(lambda m: " " * len(m.group()), ctx.view[clause_start:f.vstart])   # --increase X by
    if lex.to_level.ends(prefix):
        f.own_verb = True
        return
    p = _without_fillers(prefix, ctx)
    word = lex.change.ends(p)
    blocked = lex.blocked_by.ends(p)
    if lex.to_level.ends(p):
        f.own_verb = True
    elif word and not (blocked and len(blocked) > len(word)):
        f.measure, f.own_verb = "change", True
        f.sign = -1 if word in lex.down else 1
    elif _benchmark_gap(f, ctx, p):
        return
    elif gap := next((sign for rx, sign in lex.gap_patterns if rx.search(p)), 0):
        f.measure, f.own_verb, f.sign = "change", True, gap    # 比城镇居民高1.5个百分点: a gap, exact
        if not f.cmp_before and not f.cmp_after:
            f.comparator = "="
        return
    elif lex.by_marker.ends(p) and (lex.by_up.search(p) or lex.by_down.search(p)) \
            and not lex.by_relief.search(p):
        f.measure, f.own_verb = "change", True         # reduce energy use by 3 percent
        up = max((m.end() for m in lex.by_up.finditer(p)), default=-1)
        down = max((m.end() for m in lex.by_down.finditer(p)), default=-1)
        f.sign = -1 if down > up else 1
    elif f.dimension != "count" and (lex.after_up or lex.after_down):
        after = ctx.view[f.vend:f.vend + 40].lstrip()
        up, down = lex.after_up.starts(after), lex.after_down.starts(after)
        if up or down:                      # a 7.5 percent increase; 0.3 points higher than …
            f.measure, f.own_verb = "change", True
            f.sign = -1 if down else 1
            if lex.after_gap.starts(after) and not f.cmp_before:
                f.comparator = "="
    if f.measure == "level" and not f.own_verb and lex.down_object is not None and lex.down_object.search(p):
        f.measure, f.sign, f.own_verb = "change", -1, True     # 减少化肥使用量800吨: a decrease of its object
    elif f.measure == "level" and not f.own_verb and f.dimension == "ratio" and lex.change_subject is not None \
            and lex.change_subject.search(p) and not (lex.to_level.ends(p.rstrip()) and not lex.hold.search(p)):
        f.measure, f.own_verb = "change", True      # the rise in the CPI should be held at around 4.8%
    if f.unit is not None and f.unit.dimension == "multiple" and f.measure == "change":
        f.as_percent_change = True


def _without_fillers(prefix: str, ctx: DocContext) -> str:
    """The prefix without the filler words at its end (了, 同比, year on year); a filler that is the end of a
    longer change word (增幅 is not 幅) stays."""
    lex = ctx.lex
    p = prefix
    while True:
        w = lex.fillers.ends(p)
        if not w:
            return p
        change = lex.change.ends(p)
        if change and len(change) > len(w):
            return p
        p = p.rstrip()[: -len(w)]


def _benchmark_gap(f: Figure, ctx: DocContext, p: str) -> bool:
    """高于全国0.4个百分点: a gap to a benchmark is an exact change (comparator =)."""
    lex = ctx.lex
    for bench in lex.benchmarks.all_ends(p):
        head = p.rstrip()[: -len(bench)]
        for filler in ("", *lex.benchmark_fillers.all_ends(head)):
            h = head.rstrip()[: -len(filler)] if filler else head
            gap = lex.gap_up.ends(h) or lex.gap_down.ends(h)
            if gap:
                f.measure, f.own_verb, f.comparator = "change", True, "="
                f.sign = 1 if lex.gap_up.ends(h) else -1
                return True
    return False


def shared_verb(f: Figure, prev: Figure | None, ctx: DocContext, clause_start: int) -> None:
    """…rose by 7.8%, and industrial investment by 11.4%: a figure after "by" shares the change before it."""
    if f.measure == "level" and prev is not None and prev.measure == "change" \
            and ctx.lex.by_marker.ends(ctx.view[clause_start:f.vstart]):
        f.measure, f.sign = "change", prev.sign
