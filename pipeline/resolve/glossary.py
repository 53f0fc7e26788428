"""Glossary: the bilingual indicator glossary (rules/indicators.yaml) and phrase → indicator_id lookup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..yamlio import RuleFileError, load_rule_file


@dataclass(frozen=True)
class Indicator:
    """A canonical indicator with its aliases."""

    id: str
    zh: tuple[str, ...]
    en: tuple[str, ...]
    unit_hint: str | None

    def labels(self) -> dict[str, str]:
        return {"zh": self.zh[0], "en": self.en[0]}


_QUOTES_SPACES = re.compile(r"[“”\"'‘’\s]")


def _norm(phrase: str) -> str:
    """A phrase as compared with aliases: lower case, without spaces and quotation marks."""
    return _QUOTES_SPACES.sub("", phrase).lower()


class Glossary:
    """Indicator lookup: the longest alias that ends the phrase, with only scope words before it."""

    def __init__(self, indicators: dict[str, Indicator], scope_words: list[str],
                 suffixes: list[str] | None = None, place_suffixes: list[str] | None = None) -> None:
        self.indicators = indicators
        self.place_suffixes = sorted({_norm(s) for s in place_suffixes or []}, key=len, reverse=True)
        self.scope_words = sorted({_norm(w) for w in scope_words}, key=lambda w: (-len(w), w))
        self.suffixes = sorted(suffixes or [], key=len, reverse=True)
        pairs = [(alias, ind) for ind in indicators.values() for alias in ind.zh + ind.en]
        self._aliases = sorted(pairs, key=lambda p: -len(p[0]))
        self._alias_lower = [(a.lower(), ind) for a, ind in self._aliases]
        self._alias_norm = [(_norm(a), ind) for a, ind in self._aliases]
        # the aliases a phrase can end with, by last character, in the same (longest first) order
        self._by_last: dict[str, list[tuple[str, Indicator]]] = {}
        for a, ind in self._alias_norm:
            if a:
                self._by_last.setdefault(a[-1], []).append((a, ind))
        self._empty_alias = any(not a for a, _ind in self._alias_norm)
        self._looked_up: dict[tuple[str, str | None], Indicator | None] = {}

    @classmethod
    def load(cls, path: str | Path, scope_words: list[str] | None = None,
             suffixes: list[str] | None = None, place_suffixes: list[str] | None = None) -> Glossary:
        from ..schema import GLOSSARY, validate

        data, lines = load_rule_file(path)
        validate(data, lines, GLOSSARY, "glossary")
        out: dict[str, Indicator] = {}
        for iid, entry in data["indicators"].items():
            if not entry["zh"] or not entry["en"]:
                raise RuleFileError(f"{lines.where(('indicators', iid))}: needs zh and en names")
            out[str(iid)] = Indicator(str(iid), tuple(map(str, entry["zh"])), tuple(map(str, entry["en"])),
                                      entry.get("unit_hint"))
        return cls(out, scope_words or [], suffixes, place_suffixes)

    def all_names(self) -> list[str]:
        """Every Chinese alias (for the segmenter's user dictionary)."""
        return sorted({a for ind in self.indicators.values() for a in ind.zh})

    def lookup(self, phrase: str, place: str | None = None) -> Indicator | None:
        """The indicator a phrase names, or None for an unknown quantity, a subset or another class."""
        key = (phrase, place)
        if key in self._looked_up:
            return self._looked_up[key]
        got = self._lookup(phrase, place)
        if len(self._looked_up) < 1 << 16:
            self._looked_up[key] = got
        return got

    def _lookup(self, phrase: str, place: str | None) -> Indicator | None:
        p = _norm(phrase)
        place = _norm(place) if place else None
        for suffix in self.suffixes:
            if p.endswith(suffix) and len(p) > len(suffix):
                p = p[: -len(suffix)]
                break
        candidates = self._alias_norm if self._empty_alias or not p else self._by_last.get(p[-1], [])
        for alias, ind in candidates:
            if p.endswith(alias):
                rest = p[: len(p) - len(alias)]
                if self._only_scope(rest, place):
                    return ind
        return None

    def ending_in(self, head: str) -> list[str]:
        """The aliases (lower case) that end in a head word and are longer than it, longest first."""
        return sorted((a for a, _ind in self._alias_lower if a.endswith(head) and len(a) > len(head)),
                      key=lambda a: (-len(a), a))

    def find_in(self, text: str) -> list[tuple[int, str, Indicator]]:
        """Aliases occurring anywhere in a text, as (end offset, alias, indicator), longest first per place."""
        found = []
        low = text.lower()
        for alias, ind in self._alias_lower:
            if not alias:
                found.extend((m.end(), alias, ind) for m in re.finditer("", low))
                continue
            i = low.find(alias)
            while i >= 0:       # non-overlapping occurrences, left to right (as re.finditer gives them)
                found.append((i + len(alias), alias, ind))
                i = low.find(alias, i + len(alias))
        return found

    def _only_scope(self, rest: str, place: str | None) -> bool:
        changed = True
        while rest and changed:
            changed = False
            if place and rest.startswith(place):
                rest = rest[len(place):]
                rest = next((rest[len(s):] for s in self.place_suffixes if rest.startswith(s)), rest)
                changed = True
            for w in self.scope_words:
                if rest.startswith(w):
                    rest = rest[len(w):]
                    changed = True
                    break
        return not rest
