"""Lists (分别, respectively): each figure of a list gets its own item of the subject; list words are shared."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from .indicator import name_of, unrelated_if_relative

if TYPE_CHECKING:
    from ..quantities.figures import Figure
    from .context import DocContext

Name = tuple[str, "str | None", dict[str, str]]
_SPACES = re.compile(r"[\s,]*")


def assign(figs: list[Figure], ctx: DocContext) -> None:
    """Pair the figures of every list with the items of its subject (城乡居民收入分别增长7%和8% → 城镇…, 农村…).

    The marker stands before the figures (分别) or after them (respectively), as the lexicon's `lists` says."""
    lex, view = ctx.lex, ctx.view
    if not lex.list_marker:
        return
    starts = [f.vstart for f in figs]
    ends = [f.vend for f in figs]
    for m in lex.list_marker.finditer(view):
        if lex.list_before:
            group = _group_after(figs, starts, m.end(), ctx)
        else:
            group = _group_before(figs, ends, m.start(), ctx)
        if len(group) < 2:
            continue
        share_list_words(group)
        first = group[0]
        ss, _ = ctx.sentence_at(first.vstart)
        levels = [] if lex.list_before else _levels(figs, starts, group, ss, ctx)
        head = levels[0].vstart if levels else (m.start() if lex.list_before else first.vstart)
        earlier = figs[bisect.bisect_left(starts, ss):bisect.bisect_left(starts, head)]
        start = max([ctx.subject_start(head)] + [e.vend for e in earlier if e.vend <= head])
        subject = ctx.lang.phrase_before(ctx, start, head)
        after = lex.list_object_after.match(view, m.end()) if lex.list_object_after is not None else None
        if after is not None:               # increases of 7 and 8 percent respectively in the income of urban and
            subject = after.group("object").strip()     # rural residents: the object after the marker
        names = _names(subject, len(group), ctx)
        if not names and levels:
            names = [(e.indicator, e.indicator_id, e.labels) for e in levels]
        if not names and len(earlier) >= len(group):
            names = [(e.indicator, e.indicator_id, e.labels) for e in earlier[-len(group):]]
        for figs_ in (levels, group):
            for f, (name, iid, labels) in zip(figs_, names, strict=False):
                f.indicator, f.indicator_id, f.labels = name, iid, labels
                unrelated_if_relative(f, ctx, ctx.clause_at(figs_[0].vstart)[0], figs_[0].vstart)


def _group_after(figs: list[Figure], starts: list[int], pos: int, ctx: DocContext) -> list[Figure]:
    """The figures right after a marker at pos, joined by the list joiner (、 和)."""
    i = bisect.bisect_left(starts, pos)
    if i == len(figs) or figs[i].vstart - pos > ctx.lex.list_max_gap:
        return []
    group = [figs[i]]
    for f in figs[i + 1:]:
        if ctx.lex.list_joiner.fullmatch(ctx.view, group[-1].vend, f.vstart):
            group.append(f)
        else:
            break
    return group


def _group_before(figs: list[Figure], ends: list[int], pos: int, ctx: DocContext) -> list[Figure]:
    """The figures right before a marker at pos (7 percent and 8 percent respectively)."""
    i = bisect.bisect_right(ends, pos) - 1
    if i < 0 or not _SPACES.fullmatch(ctx.view, figs[i].vend, pos):
        return []
    group = [figs[i]]
    for f in reversed(figs[:i]):
        if ctx.lex.list_joiner.fullmatch(ctx.view, f.vend, group[0].vstart):
            group.insert(0, f)
        else:
            break
    return group


def _levels(figs: list[Figure], starts: list[int], group: list[Figure], ss: int, ctx: DocContext) -> list[Figure]:
    """A list of levels right before a list of changes (52,380 yuan and 24,960 yuan, up 4.4% and 6.7%
    respectively): they share its subject."""
    gap = ctx.lex.list_levels_gap
    prior = figs[bisect.bisect_left(starts, ss):bisect.bisect_left(starts, group[0].vstart)]
    if gap is None or len(prior) < len(group):
        return []
    cand = prior[-len(group):]
    joiner = ctx.lex.list_joiner
    joined = all(joiner.fullmatch(ctx.view, a.vend, b.vstart) for a, b in zip(cand, cand[1:], strict=False))
    return cand if joined and gap.fullmatch(ctx.view, cand[-1].vend, group[0].vstart) else []


def _names(subject: str, n: int, ctx: DocContext) -> list[Name]:
    """The subject's items as names: a coordinated abbreviation expanded (城乡 → 城镇, 农村; urban and rural),
    else the items split at the list's joiners. An abbreviation that is itself a coordination (urban and
    rural) is expanded first; another (进出口) only when the split does not give one item per figure."""
    if not subject:
        return []
    lex = ctx.lex
    items = [x.strip() for x in lex.list_subject_split.split(subject) if x and x.strip()]
    expansions = []
    low = subject.lower() if lex.ignore_case else subject
    for key, parts in lex.expand.items():
        i = low.find(key.lower() if lex.ignore_case else key)
        if i >= 0 and len(parts) == n:
            expansions.append((bool(lex.list_subject_split.search(key)),
                               [subject[:i] + p + subject[i + len(key):] for p in parts]))
            break
    if expansions and expansions[0][0]:
        return [name_of(ctx, x) for x in expansions[0][1]]
    if len(items) == n:
        return [name_of(ctx, x) for x in _shared_head(items)]
    if expansions:
        return [name_of(ctx, x) for x in expansions[0][1]]
    return []


def _shared_head(items: list[str]) -> list[str]:
    """Short items before a long one share its head: 城镇和农村常住居民人均可支配收入 → 城镇常住居民人均可支配
    收入, 农村常住居民人均可支配收入 (the earlier items are one to three characters of the same length, and the
    last item's first as many characters are its own modifier)."""
    k = len(items[0])
    last = items[-1]
    if k > 3 or len(last) <= k + 1 or any(len(x) != k for x in items[:-1]) or not last[:k].isalpha() \
            or last[:k].isascii():
        return items
    return [x + last[k:] for x in items[:-1]] + [last]


def share_list_words(group: list[Figure]) -> None:
    """A comparator word before a list applies to every figure, and so does the first figure's verb unless a
    later figure has a verb of its own and the first is no change (records.md: a word after the list binds to
    the last figure only)."""
    first = group[0]
    for f in group[1:]:
        if not f.cmp_before and not f.cmp_after and first.cmp_before:
            f.comparator = first.comparator
        if not f.own_verb or first.measure == "change":
            f.measure, f.sign = first.measure, first.sign
