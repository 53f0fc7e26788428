"""Chinese: sentences cut at 。！？, noun phrases from jieba words and tags, numerals checked on word boundaries."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Any

from . import segment_zh as segment
from .base import Language

if TYPE_CHECKING:
    from ..quantities.figures import Figure
    from ..resolve.context import DocContext

# jieba part-of-speech tags that are not the start of a counted noun (verbs, prepositions, adverbs…)
_NOT_NOUN_TAGS = ("v", "p", "d", "c", "u", "x", "m", "r", "q")


class Chinese(Language):
    """The hooks of Chinese; its words are in rules/zh/."""

    code = "zh"

    def prepare(self, glossary: Any) -> None:
        segment.configure(glossary.all_names())

    def warm_up(self) -> None:
        segment.initialize()     # the tagger is not needed: first_tagged reads its model itself

    def on_word_boundaries(self, view: str, start: int, end: int) -> bool:
        return segment.on_boundaries(view, start, end)

    def phrase_after(self, ctx: DocContext, f: Figure) -> str:
        """The noun phrase right after a count (推动40个工业项目动工 → 工业项目)."""
        lex = ctx.lex
        if f.dimension in ("ratio", "ratio_change", "multiple", "number") or f.cmp_after:
            if not (f.dimension == "count" and f.cmp_after and lex.cmp_after.get(lex.key(f.cmp_after)) == ">="):
                return ""
        if lex.post_pattern is None:
            return ""
        view = ctx.view
        rest = view[f.vend:f.vend + 16]
        m = lex.post_pattern.match(rest)
        if not m:
            return ""
        pair = segment.first_tagged(rest[:12])
        if pair is None:
            return ""
        first, flag = pair
        listed = lex.listing_words.ends(view[max(0, f.vstart - 4):f.vstart]) is not None
        if first not in ctx.open_quotes and not listed and flag[:1] in _NOT_NOUN_TAGS:
            return ""
        phrase = m.group()
        sep = ctx.profile.structure.list_separator
        comma = phrase.find(sep) if sep else -1
        if comma > 3 or comma == 0:
            phrase = phrase[:max(comma, 0)]
        stop = lex.post_stop.search(phrase)
        if stop:
            phrase = phrase[:stop.start()]
        return phrase if len(phrase.strip(ctx.quote_chars)) >= 2 else ""

    def phrase_before(self, ctx: DocContext, start: int, end: int) -> str:
        """The indicator phrase before a figure, cut on jieba words so a cue never splits a word (公共, 增加值)."""
        lex = ctx.lex
        p = ctx.view[start:end]
        for rx in lex.drop:
            p = rx.sub("", p)
        p = _strip_end(p, lex)
        tokens = [t for t in segment.words(p) if t.strip()]
        trailing = ctx.trailing_tokens
        while tokens and tokens[-1] in trailing:
            tokens.pop()
        cut = [i for i, t in enumerate(tokens) if t in lex.cut_after]
        if cut:
            rest = tokens[cut[-1] + 1:]
            if not rest:
                j = max((i for i, t in enumerate(tokens[:cut[-1]]) if t in lex.cut_after), default=-1)
                rest = tokens[j + 1:cut[-1]] if j + 1 < cut[-1] else []
                if len("".join(rest)) < 2:
                    rest = []
            tokens = rest
        while tokens and tokens[0] in lex.lead_strip:
            tokens.pop(0)
        tokens = [t for t in tokens if t not in lex.strip or len(tokens) == 1]
        return "".join(tokens).strip(lex.strip_chars)


def _strip_end(p: str, lex: Any) -> str:
    """Remove trailing patterns and strip words from the end until none is left (one pass per round over the
    words ending in the phrase's last character, each tried against the phrase as it is by then)."""
    words = lex.strip.words
    by_last = lex.strip_by_last
    changed = True
    while changed:
        changed = False
        for rx in lex.trailing:
            q = rx.sub("", p)
            if q != p:
                p, changed = q, True
        if not p.endswith(words):
            continue
        k = 0
        while p:
            idx = by_last.get(p[-1])
            if not idx:
                break
            i = bisect.bisect_left(idx, k)
            while i < len(idx) and not p.endswith(words[idx[i]]):
                i += 1
            if i == len(idx):
                break
            w = words[idx[i]]
            p, changed = p[: -len(w)], True
            k = idx[i] + 1
    return p
