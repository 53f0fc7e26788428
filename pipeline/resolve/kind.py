"""Kind: target or actual, from the steps the lexicon lists (`kind_steps`), then the section, else target."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .scopes import Scopes

if TYPE_CHECKING:
    from ..lang.lexicon import Period
    from ..quantities.figures import Figure
    from .context import DocContext

Cue = tuple[int, str]       # (end of the cue in the text, "target" | "actual" | "actual!")


def last_cue(ctx: DocContext, text: str, nouns: bool, review: bool = False, strong: bool = True) -> Cue | None:
    """The last kind cue in a text: target and actual words, time expressions (a deadline year from the
    document year on is a target; a past expression an actual), and with `nouns` the noun targets (目标).
    Existing resources (用好…) are a strong actual, `actual!` (not counted where `strong` is false). A cue word
    counts only as a word (要 in 主要 does not) and not inside a name (超预期, …计划”); in a review, effort
    words (推动, 将) make no target. At one position a target wins."""
    key = ("cue", text, nouns, review, strong)
    memo = ctx.memo
    if key in memo:
        return memo[key]        # type: ignore[no-any-return]
    lex = ctx.lex
    best: Cue | None = None
    if lex.any_cue is None or lex.any_cue.search(text):
        found: list[Cue] = []
        if strong:
            found += [(m.end(), "actual!") for m in lex.existing.finditer(text) if _word(ctx, text, m)]
        found += [(m.end(), "target") for m in lex.target.finditer(text)
                  if _word(ctx, text, m) and not (review and m.group() in lex.target_weak)]
        if nouns:
            found += [(m.end(), "target") for m in lex.noun_target.finditer(text) if _word(ctx, text, m)]
        found += [(m.end(), "actual") for m in lex.actual.finditer(text) if _word(ctx, text, m)]
        year = ctx.year
        for p in lex.periods:
            if p.cue == "target":
                found += [(m.end(), "target") for m in p.rx.finditer(text)
                          if year is None or _first_year(p, m, ctx) >= year]
            elif p.past is True and p.cue != "none":
                found += [(m.end(), "actual") for m in p.rx.finditer(text)]
            elif p.past == "year" and year is not None:
                found += [(m.end(), "actual") for m in p.rx.finditer(text) if _first_year(p, m, ctx) < year]
        best = max(found) if found else None
    memo[key] = best
    return best


def _word(ctx: DocContext, text: str, m: re.Match[str]) -> bool:
    """Whether a cue match is a word of the text: a cue word (not a pattern, which says what it matches) must
    start and end on word boundaries (要 in 主要 is none), and no cue lies inside a name the lexicon lists."""
    if any(n.start() <= m.start() and m.end() <= n.end() for rx in ctx.lex.not_cue for n in rx.finditer(text)):
        return False
    return m.group() not in ctx.lex.cue_words or ctx.lang.on_word_boundaries(text, m.start(), m.end())


def _first_year(p: Period, m: re.Match[str], ctx: DocContext) -> int:
    """The (first) year a time expression names (到2025年 → 2025, 到十四五末 → 2025); 0 when it names none."""
    filled = p.template.fill(m, ctx.year, ctx.year, ctx.lex.months) or ""
    return int(filled[:4]) if filled[:4].isdigit() else 0


def section_kind(ctx: DocContext, f: Figure) -> str | None:
    """actual under a review heading (or one naming a year before the document's), target under a plan heading."""
    key = ("section kind", ctx.sections(f))
    if key not in ctx.memo:
        got = None
        for h in ctx.headings(f):
            if ctx.lex.section_actual.search(h):
                got = "actual"
            elif ctx.lex.section_target.search(h):
                got = "target"
            else:
                y = ctx.heading_year(h)
                if y is not None and ctx.year and y < ctx.year:
                    got = "actual"
            if got:
                break
        ctx.memo[key] = got
    return ctx.memo[key]        # type: ignore[no-any-return]


# ---- the steps --------------------------------------------------------------------------------------
def _cues(f: Figure, ctx: DocContext, s: Scopes) -> str | None:
    """Cues in the clause before the figure; a weak actual (累计) only when nothing else decides; a target
    word that means "secured" in a review (争取) is an actual there."""
    lex = ctx.lex
    text = s.cue_text("clause_before")
    cue = last_cue(ctx, text, nouns=True, review=s.review)
    if cue and cue[1] == "actual!":
        return "actual"
    if "weak" not in lex.kind_steps and lex.weak_actual.search(text) and (cue is None or cue[1] == "actual"):
        return "actual"
    if cue is None:
        return None
    if cue[1] == "target" and lex.secured_in_review.ends(text[:cue[0]]) and section_kind(ctx, f) == "actual":
        return "actual"
    return cue[1]


def _after(f: Figure, ctx: DocContext, s: Scopes) -> str | None:
    """A target word or stretch word after the figure (8%的目标), or a passive verb (were received)."""
    lex = ctx.lex
    end = s.ce if lex.after_target_scope == "clause" else s.se
    if lex.after_target_words.search(ctx.view, f.vend, end) or lex.stretch.search(ctx.view, f.vend, end):
        return "target"
    if any(rx.search(ctx.view, f.vend, s.ce) for rx in lex.after_actual):
        return "actual"
    return None


def _sentence(f: Figure, ctx: DocContext, s: Scopes) -> str | None:
    """A cue earlier in the sentence (existing resources count only in their own clause)."""
    cue = last_cue(ctx, s.cue_text("sentence_before"), nouns=False, review=s.review, strong=False)
    return cue[1] if cue else None


def _intro(f: Figure, ctx: DocContext, s: Scopes) -> str | None:
    if not ctx.is_item(f):
        return None
    cue = last_cue(ctx, ctx.mask(ctx.intro_paragraph(f)), nouns=False, review=s.review, strong=False)
    return cue[1] if cue else None


def _weak(f: Figure, ctx: DocContext, s: Scopes) -> str | None:
    return "actual" if ctx.lex.weak_actual.search(ctx.view, s.ss, s.se) else None


def _paragraph(f: Figure, ctx: DocContext, s: Scopes) -> str | None:
    """The paragraph before the sentence: a past time (上半年), what comes next (下一步), what came in (收到)."""
    text = s.paragraph
    key = ("paragraph", text)
    if key not in ctx.memo:
        lex = ctx.lex
        found = [(m.end(), "actual") for p in lex.past_periods for m in p.rx.finditer(text)]
        found += [(m.end(), "target") for m in lex.paragraph_target.finditer(text)]
        found += [(m.end(), "actual") for m in lex.paragraph_actual.finditer(text)]
        ctx.memo[key] = max(found)[1] if found else None
    return ctx.memo[key]        # type: ignore[no-any-return]


def _section(f: Figure, ctx: DocContext, s: Scopes) -> str | None:
    """The section's kind; under a topic paragraph naming a past time (过去一年，我们的各项工作取得了很大成绩。
    inside a plan chapter) the figures that follow, up to the next topic, are what was done: actual."""
    topic = ctx.topic_at(f)
    if topic is not None and topic[2] in ctx.summary_topics and any(p.rx.search(topic[0])
                                                                   for p in ctx.lex.past_periods):
        return "actual"
    return section_kind(ctx, f)


STEPS: dict[str, Callable[[Figure, DocContext, Scopes], str | None]] = {
    "cues": _cues, "after": _after, "sentence": _sentence, "intro": _intro, "weak": _weak,
    "paragraph": _paragraph, "section": _section,
}


def assign(f: Figure, ctx: DocContext, s: Scopes) -> None:
    """Set f.kind: the first step of the lexicon's `kind_steps` that decides, else target."""
    for name in ctx.lex.kind_steps:
        kind = STEPS[name](f, ctx, s)
        if kind:
            f.kind = kind
            return
    f.kind = "target"
