"""English: spaCy sentences, and noun phrases from whole words (the counted noun, the phrase before, the object)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import segment_en
from .base import Language, Span

if TYPE_CHECKING:
    from ..quantities.figures import Figure
    from ..resolve.context import DocContext

_WORD = re.compile(r"[a-z0-9][a-z0-9&'’.-]*", re.I)     # a word, for telling content words from stop words
_PUNCT_ENDS = " ,;:-–—"
_PLURAL = re.compile(r"[a-z][a-z-]*[a-z](?<![su]s)(?<!ss)s|people|children|staff|personnel")   # a plural noun


def _alias_spans(ctx: DocContext, text: str) -> list[tuple[int, int]]:
    """Where the glossary's names stand in a text (start, end)."""
    return [(e - len(a), e) for e, a, _ind in ctx.glossary.find_in(text) if a]


def _ends_in_alias(ctx: DocContext, text: str) -> bool:
    end = len(text.rstrip())
    return any(e == end for _s, e in _alias_spans(ctx, text))


class English(Language):
    """The hooks of English; its words are in rules/en/."""

    code = "en"

    def sentences(self, view: str, paragraphs: list[Span], sentence_end: str) -> list[Span]:
        return segment_en.sentences(view, paragraphs)

    def stop_words(self) -> frozenset[str]:
        return segment_en.stop_words()

    def phrase_before(self, ctx: DocContext, start: int, end: int) -> str:
        """The phrase before a figure without time expressions, verbs, fillers and determiners, cut at cue words."""
        lex = ctx.lex
        p = ctx.view[start:end]
        for rx in lex.drop:
            p = rx.sub(" ", p)
        for period in lex.periods:
            p = period.rx.sub(" ", p)
        p = re.sub(r"\s+", " ", p).strip(_PUNCT_ENDS)
        prev = None
        while p != prev:                # strip verbs and fillers from the end, never from inside a glossary name
            prev = p
            w = lex.phrase_end_words.ends(p)
            if w and not _ends_in_alias(ctx, p):
                p = p.rstrip()[: -len(w)]
            for rx in lex.trailing:     # rose from, remained stable at, of the province
                p = rx.sub("", p)
            p = p.rstrip(_PUNCT_ENDS)
        names = _alias_spans(ctx, p)
        cuts = [m for m in lex.cut_after.finditer(p)
                if not any(s < m.end() and m.start() < e for s, e in names)]     # a cue word inside a name is none
        if cuts:
            rest = p[cuts[-1].end():].strip()
            if not rest:      # the phrase ends in a cue word: the words between it and the cue before it
                rest = p[cuts[-2].end() if len(cuts) > 1 else 0:cuts[-1].start()].strip()
                if not [w for w in _WORD.findall(rest) if w.lower() not in self.stop_words()]:
                    rest = ""
            p = rest
        prev = None
        while p != prev:
            prev = p
            w = lex.phrase_start_words.starts(p)
            if w and not any(s == len(p) - len(p.lstrip()) for s, _e in _alias_spans(ctx, p)):
                p = p.lstrip()[len(w):]
            p = p.lstrip(_PUNCT_ENDS)
        return p.strip(lex.strip_chars)

    def _noun_after(self, ctx: DocContext, pos: int) -> str:
        """The words after pos up to a stop word or punctuation (the noun phrase a figure counts or measures)."""
        lex = ctx.lex
        rest = ctx.view[pos:pos + 80]
        m = lex.post_stop.search(rest)
        if m is not None:
            names = _alias_spans(ctx, rest)     # a stop word inside a glossary name (imports and exports) is none
            m = next((x for x in lex.post_stop.finditer(rest)
                      if not any(s < x.start() and x.end() < e for s, e in names)), None)
        cut = lex.phrase_end.search(rest) if lex.phrase_end is not None else None
        end = min(x.start() for x in (m, cut) if x is not None) if (m or cut) else len(rest)
        phrase = rest[:end].strip()
        for rx in lex.trailing:
            phrase = rx.sub("", phrase)
        return phrase

    def phrase_after(self, ctx: DocContext, f: Figure) -> str:
        """The counted noun phrase of a count (55 projects of over 100 million yuan each), or the phrase after
        "of" for an amount (266.67 hectares of industrial land)."""
        lex = ctx.lex
        if f.dimension not in ("count", "ratio", "ratio_change", "multiple", "number"):
            m = lex.of_amount.match(ctx.view, f.vend) if lex.of_amount is not None else None
            return self._noun_after(ctx, m.end()) if m else self._alias_after(ctx, f.vend)
        if f.dimension != "count" or not f.match.rule.noun:
            return ""
        if (f.match.groups.get("u1") or "") in lex.back_reference:
            return ""           # 55 of them: the indicator of the figure before
        n_end = f.match.groups.get("n2") or f.match.groups.get("n1") or ""
        text = ctx.view[f.vstart:f.vend]
        i = text.rfind(n_end) + len(n_end) if n_end else 0
        head = text[i:]
        if f.cmp_after:
            head = head[:head.lower().rfind(f.cmp_after.lower())]
        head = head.strip()
        if lex.lead_scale is not None:
            head = lex.lead_scale.sub("", head)
        head = head.strip()
        w = lex.lead_strip.starts(head)         # ten million more urban jobs: `lead_strip` words go
        if w:
            head = head[len(w):].strip()
        combined = head + ctx.view[f.vend:f.vend + 60]
        longer = [e for s, e in _alias_spans(ctx, combined) if s == 0 and e > len(head)]
        if longer:                          # 9 million new jobs in towns and cities: a glossary name goes on
            return combined[:max(longer)]
        tail = self._noun_after(ctx, f.vend)
        if tail and not (lex.tail_not is not None and lex.tail_not.match(tail)):
            whole = (head.strip() + " " + tail).strip()
            if ctx.glossary.lookup(whole, ctx.place) is None and ctx.glossary.lookup(head, ctx.place) is not None:
                return head                 # 13.22 million new urban jobs created: the name without the verb
            return whole
        return head.strip()

    @staticmethod
    def _alias_after(ctx: DocContext, pos: int) -> str:
        """A glossary name right after an amount that qualifies it (a 950 billion yuan deficit), else ""."""
        rest = ctx.view[pos:pos + 60]
        if not rest.startswith(" "):
            return ""
        names = [(s, e) for s, e in _alias_spans(ctx, rest) if rest[:s] == " " * s
                 and (e == len(rest) or not rest[e].isalnum())]
        return rest[names[0][0]:max(e for _s, e in names)] if names else ""

    def phrase_object(self, ctx: DocContext, f: Figure) -> str:
        """The object after a figure: double their main business revenue; allocate 4 billion yuan to housing."""
        lex = ctx.lex
        word = f.match.groups.get("w")
        if word:
            if lex.no_object_word is not None and lex.no_object_word.search(word):
                return ""
            rx = lex.object_after.get("word")
        elif f.dimension in ("ratio", "ratio_change"):
            rx = lex.object_after.get("ratio")
        elif f.dimension in ("multiple", "number"):
            return ""
        else:
            rx = lex.object_after.get("amount")
        m = rx.match(ctx.view, f.vend, min(len(ctx.view), f.vend + 16)) if rx is not None else None
        return self._noun_after(ctx, m.end()) if m else ""

    def counted_class(self, ctx: DocContext, f: Figure) -> bool:
        """Projects worth over 1 billion yuan each: an amount after a plural noun and "worth"/"of", with a
        comparator, qualifies the class of what is counted."""
        rx = ctx.lex.class_before
        g = f.match.groups
        if rx is None or not (g.get("cb") or g.get("ca")):
            return False
        m = rx.search(ctx.view, max(0, f.vstart - 60), f.vstart)
        noun = m.group(1).lower() if m else ""
        return bool(noun) and _PLURAL.fullmatch(noun) is not None and noun not in self.stop_words()
