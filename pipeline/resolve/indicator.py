"""Indicator: the phrase a figure measures (after it, before it, its object, carried over) and its glossary id."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..quantities.figures import Figure
    from .context import DocContext


def assign(f: Figure, ctx: DocContext, clause_start: int, prev: Figure | None, sentence_start: int) -> None:
    """Set f.indicator, f.indicator_id and f.labels. `prev` is the figure before in the same sentence."""
    lex, lang = ctx.lex, ctx.lang
    start = clause_start
    if prev is not None and prev.vend > start:
        start = prev.vend
    if prev is not None and (f.match.groups.get("u1") or "") in lex.back_reference:
        carry(f, prev)                      # 55 of them
        return
    if f.dimension == "ratio" and lex.share_template and _share(f, ctx, start, prev):
        return                              # 民生支出36.8亿元，占一般公共预算支出的78.4%; 2.6 percent of GDP
    phrase = lang.phrase_after(ctx, f) or lang.phrase_before(ctx, start, f.vstart)
    if f.match.groups.get("w") or not phrase:
        phrase = lang.phrase_object(ctx, f) or phrase     # 7 percent growth in fixed-asset investment
    if not phrase and prev is not None:
        carry(f, prev)                      # 增长8%，力争实现8.5%: the 8.5% is the same indicator's
        return
    if phrase in lex.generic_heads:
        phrase = _completed(ctx, phrase, start, f.vstart, sentence_start)
    if not phrase:
        phrase = lang.phrase_before(ctx, sentence_start, f.vstart)
    if not phrase:
        secs = ctx.sections(f)
        phrase = secs[-1] if secs else (ctx.st.title or "?")
        f.own_indicator = False
    f.indicator = phrase
    named(f, ctx, phrase)
    unrelated_if_relative(f, ctx, start, f.vstart)


def unrelated_if_relative(f: Figure, ctx: DocContext, start: int, end: int) -> None:
    """是2020年的2.1倍, 恢复到上年的82%, 2.1 times the 2020 figure: a ratio or multiple of another amount (the text
    from start to end, the figure's or its list's start, ends in a relative pattern, or one follows the figure) is
    a different quantity: no id."""
    lex = ctx.lex
    if f.dimension in ("ratio", "multiple") and (any(rx.search(ctx.view, start, end) for rx in lex.relative)
                                                or any(rx.match(ctx.view, f.vend) for rx in lex.relative_after)):
        f.indicator_id, f.labels = None, {}


def _share(f: Figure, ctx: DocContext, start: int, prev: Figure | None) -> bool:
    """A share is the share of a subject in a whole: written 占X的N% (the lexicon's `share_pattern`, before the
    figure) or N percent of X (`share_after_pattern`, after it); the subject is the phrase before the figure (before
    占), else the figure before's indicator. The indicator is the lexicon's `share_template` filled in, with the id
    the glossary gives that (none unless it names the share: R&D spending as a percentage of GDP)."""
    lex = ctx.lex
    m = lex.share.search(ctx.view, start, f.vstart) if lex.share is not None else None
    end = m.start() if m is not None else f.vstart
    if m is None and lex.share_after is not None:
        m = lex.share_after.match(ctx.view, f.vend)
    if m is None:
        return False
    subject = ctx.lang.phrase_before(ctx, start, end) or (prev.indicator if prev is not None else "")
    if not subject:
        return False
    named(f, ctx, lex.share_template.replace("{subject}", subject).replace("{whole}", m.group("whole").strip()))
    f.own_indicator = False
    return True


def named(f: Figure, ctx: DocContext, phrase: str) -> None:
    """Set the figure's indicator to a phrase, with the glossary's id and labels for it."""
    f.indicator, f.indicator_id, f.labels = name_of(ctx, phrase)


def name_of(ctx: DocContext, phrase: str) -> tuple[str, str | None, dict[str, str]]:
    """A phrase with the id and labels the glossary gives it (None and {} when it names no indicator)."""
    ind = ctx.glossary.lookup(phrase, ctx.place)
    return (phrase, ind.id, ind.labels()) if ind else (phrase, None, {})


def carry(f: Figure, prev: Figure) -> None:
    """The figure takes the indicator (and, without a verb of its own, the change) of the figure before it."""
    f.own_indicator = False
    f.indicator, f.indicator_id, f.labels = prev.indicator, prev.indicator_id, dict(prev.labels)
    if not f.own_verb and prev.measure == "change" and f.dimension == prev.dimension:
        f.measure, f.sign = prev.measure, prev.sign


def _completed(ctx: DocContext, phrase: str, start: int, end: int, sentence_start: int) -> str:
    """A generic head (投资, revenue) completed from a glossary name: the clause without strip and cue words
    if that names an indicator, else the glossary name ending in the head that occurs last in the sentence."""
    lex = ctx.lex
    whole = lex.strip.sub("", lex.cut_after.sub("", ctx.view[start:end])).strip()
    if whole and ctx.glossary.lookup(whole, ctx.place):
        return whole
    best = None
    low = phrase.lower()
    for e, alias, _ind in ctx.glossary.find_in(ctx.view[sentence_start:end]):
        if alias.endswith(low) and (best is None or e > best[0]):
            best = (e, alias)
    if best:
        return ctx.view[sentence_start + best[0] - len(best[1]):sentence_start + best[0]]
    sentence = ctx.view[sentence_start:end].lower()
    for alias in ctx.glossary.ending_in(low):       # 粮食…，总产量10570亿斤: the sentence names the rest of 粮食总产量
        rest = alias[:len(alias) - len(low)]
        if len(rest) >= 2 and rest in sentence:
            return alias
    return phrase
