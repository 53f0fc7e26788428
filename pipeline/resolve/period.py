"""Period: the time a figure refers to — from its clause, sentence, paragraph or section, else the plan year."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .scopes import Scopes

if TYPE_CHECKING:
    from ..quantities.figures import Figure
    from .context import DocContext

_FOUR_DIGITS = re.compile(r"\d{4}")
_ENDING_AT_FIGURE = ("clause_before", "sentence_before")     # scopes that end where the figure starts
_DATED = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年(?![\d度]*[万亿千百])")


def period_in(ctx: DocContext, text: str, want_past: bool | None, year: int | None, last: bool = False) -> str | None:
    """The period named by the first time expression in a text (`last`: the last one, the nearest to a figure
    the text ends at; at one place, the lexicon's first pattern).

    want_past: True, only expressions that can be past (for an actual); False, only those that can be future.
    `year` is what {Y} counts from (the reviewed year of a review section); {D} counts from the document year."""
    key = ("period", text, want_past, year, last)
    memo = ctx.memo
    if key in memo:
        return memo[key]        # type: ignore[no-any-return]
    lex = ctx.lex
    got = None
    if not ((lex.period_chars is not None and not lex.period_chars.search(text))
            or (lex.any_period is not None and not lex.any_period.search(text))):
        best = None
        for p in lex.periods:
            if (want_past is True and p.past is False) or (want_past is False and p.past is True):
                continue
            m = next((m for m in p.rx.finditer(text) if not lex.period_base.ends(text[:m.start()])), None)
            if last:
                m = next((m for m in reversed(list(p.rx.finditer(text)))
                          if not lex.period_base.ends(text[:m.start()])), None)
            # the first time the text names (`last`: the one ending last); the longer at one place, then the first
            # pattern: 前三季度 is not 三季度
            if m and (best is None or ((m.end(), best[1].start()) > (best[1].end(), m.start()) if last
                                       else (m.start(), best[1].end()) < (best[1].start(), m.end()))):
                best = (p, m)
        if best is not None:
            got = best[0].template.fill(best[1], year, ctx.year, lex.months)
    memo[key] = got
    return got


def section_period(ctx: DocContext, f: Figure, year: int | None) -> str | None:
    """The period a heading names (2024年工作回顾 → 2024, 过去五年工作回顾 → a span), innermost first; a paragraph
    inside the section that opens by naming its time (2020年是极不平凡的一年) governs what follows it."""
    secs = ctx.sections(f)
    topic = ctx.topic_at(f)
    key = ("section period", secs, year, topic)
    if key not in ctx.memo:
        got = None
        for depth in range(len(secs), 0, -1):
            if topic is not None and topic[1] >= depth:     # a topic paragraph inside the section: 2020年是…
                got = period_in(ctx, topic[0], None, year)
            else:
                got = _heading_period(ctx, secs[depth - 1], year)
            if got:
                break
        if got is None and topic is not None and not secs:
            got = period_in(ctx, topic[0], None, year)
        if got is None:
            got = _review_year(ctx, f)
        ctx.memo[key] = got
    return ctx.memo[key]        # type: ignore[no-any-return]


def _review_year(ctx: DocContext, f: Figure) -> str | None:
    """A review section whose headings name no time (工作回顾, 过去一年主要工作) covers the year its opening
    sentence names (2025年是……), else the year before the document's (records.md §6)."""
    heading = ctx.review_heading(f)
    if heading is None:
        return None
    s, e = heading
    opening = ctx.opening_sentence(e)
    m = _DATED.search(opening)
    if m:
        return m.group(1)
    return str(ctx.year - 1) if ctx.year else None


def _heading_period(ctx: DocContext, heading: str, year: int | None) -> str | None:
    """The period a heading names: a single year where it names one besides a span (“十三五”时期及2020年工作回顾
    reviews 2020), else the first time expression, else a bare year."""
    lex = ctx.lex
    found = [p.template.fill(m, year, ctx.year, lex.months) for p in lex.periods for m in p.rx.finditer(heading)]
    found = [p for p in found if p]
    single = [p for p in found if _FOUR_DIGITS.fullmatch(p)]
    if single:
        return single[0]
    if found:
        return period_in(ctx, heading, None, year)
    y = ctx.heading_year(heading)
    return str(y) if y is not None else None


def reviewed_year(ctx: DocContext, f: Figure) -> int | None:
    """The year relative periods count from: the year a review section covers (for an actual, or any figure under a
    review heading: 预计全年 in a 2025 review is 2025), else the document's."""
    from .kind import section_kind

    if f.kind == "actual" or section_kind(ctx, f) == "actual":
        sp = section_period(ctx, f, ctx.year)
        if sp and _FOUR_DIGITS.fullmatch(sp):
            return int(sp)
    return ctx.year


def assign(f: Figure, ctx: DocContext, scopes: Scopes, year: int | None) -> None:
    """Set f.period: a time joined to the figure (由2015年的286亿元), else the first of the lexicon's
    `period_scopes` in the figure's sentence that names a time (for an actual, a past expression such as 1-7月
    before any other such as 全年), else its paragraph, then the section, then the plan year for a target;
    `year` is what relative periods count from."""
    period = _attached(f, ctx, scopes, year)
    names = ctx.lex.period_scopes[f.kind]
    sentence = [n for n in names if n != "paragraph"]
    for group, texts in ((sentence, [scopes.period_text(name) for name in sentence]),
                         (["paragraph"] * len(scopes.leads), scopes.leads) if "paragraph" in names else ([], [])):
        ends = [name in _ENDING_AT_FIGURE for name in group]     # the nearest time to the figure governs it
        if period is None and f.kind == "actual":        # the figure's own sentence first, then its paragraph
            period = next((p for t, e in zip(texts, ends, strict=True) if (p := period_in(ctx, t, True, year, e))),
                          None)
        if period is None:      # a target takes no past time from beyond its clause (2023年已进入第三季度，…要冲刺);
            period = next((p for name, t, e in zip(group, texts, ends, strict=True)     # in it, a future one first
                           if (p := period_in(ctx, t, None if f.kind == "actual" else False, year, e)
                               or (f.kind == "target" and name == "clause" and period_in(ctx, t, None, year, e)))),
                          None)
    outer = period is not None and not _own_clause(ctx, scopes, period, f)
    if period is None:
        period = section_period(ctx, f, year)
        outer = True
    if outer and period is not None:
        period = _within_span(f, ctx, scopes, period)
    if period is None and year is not None and f.kind == "target":
        period = str(year)
    f.period = period


_SPAN = re.compile(r"(\d{4})\.\.(\d{4})")
_STOCKS = frozenset({"ratio", "concentration", "age", "multiple"})     # dimensions that are levels by nature


def _own_clause(ctx: DocContext, scopes: Scopes, period: str, f: Figure) -> bool:
    """Whether the period was named in the figure's own clause (十四五期间累计新增…)."""
    return period_in(ctx, scopes.text("clause_before"), None, reviewed_year(ctx, f)) == period


def _within_span(f: Figure, ctx: DocContext, scopes: Scopes, period: str) -> str:
    """A figure under a span named outside its clause: a level reached is the span's last year, what it rose
    from (由44.3%提高到50.8%) the year before the first; flows, changes and kept levels keep the span."""
    m = _SPAN.fullmatch(period)
    if m is None or f.measure != "level":
        return period
    lex = ctx.lex
    before = ctx.view[scopes.cs:f.vstart]
    if lex.span_keep.search(before):
        return period
    tail = before[:len(before) - len(f.cmp_before)] if f.cmp_before and before.endswith(f.cmp_before) else before
    tail = tail.rstrip()
    if lex.period_from.ends(tail):
        return str(int(m.group(1)) - 1)
    while True:
        if lex.span_end.ends(tail):
            return m.group(2)
        filler = lex.fillers.ends(tail)
        if not filler:
            break
        tail = tail[:len(tail) - len(filler)].rstrip()
    dim = f.unit.dimension if f.unit is not None else None
    return m.group(2) if dim in _STOCKS else period


def _attached(f: Figure, ctx: DocContext, scopes: Scopes, year: int | None) -> str | None:
    """A time joined to the figure by the attributive word at the start of its clause or after a from-word
    (2015年的286.4亿元, 由2015年的…); after anything else (是2020年的12倍) the time is a comparison base."""
    end = ctx.lex.attributive_end
    if not end or not ctx.view.startswith(end, f.vstart - len(end)):
        return None
    text = ctx.view[scopes.cs:f.vstart - len(end)]
    for p in ctx.lex.periods:
        m = p.rx.search(text, max(0, len(text) - 12))
        if m and m.end() == len(text) and p.past is not False:
            before = text[:m.start()].rstrip()
            if not before or ctx.lex.period_from.ends(before):        # 由2015年的…, not 是2020年的12倍 (a base)
                return p.template.fill(m, year, ctx.year, ctx.lex.months)
    return None
