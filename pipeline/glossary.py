"""Glossary: the bilingual indicator glossary (rules/indicators.yaml) and phrase → indicator_id lookup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .yamlio import RuleFileError, load_yaml


@dataclass(frozen=True)
class Indicator:
    """A canonical indicator with its aliases."""

    id: str
    zh: tuple[str, ...]
    en: tuple[str, ...]
    unit_hint: str | None

    def labels(self) -> dict[str, str]:
        return {"zh": self.zh[0], "en": self.en[0]}


class Glossary:
    """Indicator lookup: the longest alias that ends the phrase, with only scope words before it."""

    def __init__(self, indicators: dict[str, Indicator], scope_words: list[str],
                 suffixes: list[str] | None = None) -> None:
        self.indicators = indicators
        self.scope_words = sorted(scope_words, key=len, reverse=True)
        self.suffixes = sorted(suffixes or [], key=len, reverse=True)
        pairs = [(alias, ind) for ind in indicators.values() for alias in ind.zh + ind.en]
        self._aliases = sorted(pairs, key=lambda p: -len(p[0]))
        self._alias_lower = [(a.lower(), ind) for a, ind in self._aliases]

    @classmethod
    def load(cls, path: str | Path, scope_words: list[str] | None = None,
             suffixes: list[str] | None = None) -> Glossary:
        data = load_yaml(path)
        out: dict[str, Indicator] = {}
        for iid, entry in (data.get("indicators") or {}).items():
            if not isinstance(entry, dict) or not entry.get("zh") or not entry.get("en"):
                raise RuleFileError(f"{path}: indicator {iid} needs zh and en names")
            out[str(iid)] = Indicator(str(iid), tuple(map(str, entry["zh"])), tuple(map(str, entry["en"])),
                                      entry.get("unit_hint"))
        return cls(out, scope_words or [], suffixes)

    def all_names(self) -> list[str]:
        """Every Chinese alias (for the segmenter's user dictionary)."""
        return sorted({a for ind in self.indicators.values() for a in ind.zh})

    def lookup(self, phrase: str, place: str | None = None) -> Indicator | None:
        """The indicator a phrase names, or None for an unknown quantity, a subset or another class."""
        p = re.sub(r"[“”\"'‘’\s]", "", phrase).lower()
        for suffix in self.suffixes:
            if p.endswith(suffix) and len(p) > len(suffix):
                p = p[: -len(suffix)]
                break
        for alias, ind in self._alias_lower:
            if p.endswith(alias):
                rest = p[: len(p) - len(alias)]
                if self._only_scope(rest, place):
                    return ind
        return None

    def find_in(self, text: str) -> list[tuple[int, str, Indicator]]:
        """Aliases occurring anywhere in a text, as (end offset, alias, indicator), longest first per place."""
        found = []
        low = text.lower()
        for alias, ind in self._alias_lower:
            for m in re.finditer(re.escape(alias), low):
                found.append((m.end(), alias, ind))
        return found

    def _only_scope(self, rest: str, place: str | None) -> bool:
        changed = True
        while rest and changed:
            changed = False
            if place and rest.startswith(place):
                rest = rest[len(place):].lstrip("市县区镇")
                changed = True
            for w in self.scope_words:
                if rest.startswith(w):
                    rest = rest[len(w):]
                    changed = True
                    break
        return not rest
