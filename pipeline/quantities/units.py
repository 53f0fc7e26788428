"""Units: load rules/units.yaml and convert a value in a written unit (with scale word) to its base unit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from ..yamlio import load_rule_file
from .numbers import SCALE_WORDS


@dataclass(frozen=True)
class Unit:
    """One written unit form and how it converts to its base unit."""

    text: str
    dimension: str
    base: str
    factor: Fraction
    needs_scale: bool = False
    chinese_only: bool = False
    rule_only: bool = False         # only a rule that names it (unit: 年) makes it: never part of {unit}


class UnitTable:
    """All written unit forms, classifiers and rate denominators from a units file."""

    def __init__(self, units: dict[str, Unit], per: list[str], count_nouns: str | None = None) -> None:
        self.units = units
        self.per = per
        self.count_nouns = re.compile(count_nouns) if count_nouns else None

    @classmethod
    def load(cls, path: str | Path) -> UnitTable:
        """Read and check a units file (RuleFileError: file, line, key, problem)."""
        from ..schema import UNITS, validate

        data, lines = load_rule_file(path)
        validate(data, lines, UNITS, "units file")
        units: dict[str, Unit] = {}
        for entry in data.get("units", []):
            units[str(entry["text"])] = Unit(
                text=str(entry["text"]), dimension=entry["dimension"], base=entry["base"],
                factor=Fraction(str(entry.get("factor", 1))),
                needs_scale=bool(entry.get("needs_scale", False)),
                chinese_only=bool(entry.get("chinese_only", False)),
                rule_only=bool(entry.get("rule_only", False)))
        for word in data.get("classifiers", []):
            units.setdefault(str(word), Unit(str(word), "count", "count", Fraction(1)))
        return cls(units, [str(p) for p in data.get("per", [])], data.get("count_nouns"))

    def merged(self, other: UnitTable) -> UnitTable:
        """This table with another's units, denominators and count-noun pattern added (a language's own file)."""
        return UnitTable({**self.units, **other.units}, self.per + [p for p in other.per if p not in self.per],
                         other.count_nouns.pattern if other.count_nouns else
                         (self.count_nouns.pattern if self.count_nouns else None))

    def words(self) -> list[str]:
        """Unit words, longest first (for building an alternation)."""
        return sorted((w for w, u in self.units.items() if not u.rule_only), key=lambda w: (-len(w), w))

    def get(self, text: str) -> Unit | None:
        """The unit for a written form; a rate 元/人 gives its numerator's unit."""
        if text in self.units:
            return self.units[text]
        if "/" in text:
            return self.units.get(text.split("/", 1)[0])
        if " per " in text:
            return self.units.get(text.split(" per ", 1)[0])
        if self.count_nouns is not None and self.count_nouns.fullmatch(text):
            return Unit(text, "count", "count", Fraction(1))
        return None


def scale_factor(scale: str | None) -> Decimal:
    """The multiplier of a scale word (万 → 10000); 1 when there is none."""
    if not scale:
        return Decimal(1)
    return SCALE_WORDS[scale]


def normalize(value: Decimal, unit: Unit | None, written: str) -> tuple[Decimal, str, str]:
    """(value in base unit, base unit, dimension) for a value already scaled to the written unit."""
    if unit is None:
        return value, "number", "number"
    base = unit.base
    if "/" in written and unit.dimension != "concentration":
        base = f"{unit.base}/{written.split('/', 1)[1]}"
    elif " per " in written and unit.dimension != "concentration":
        base = f"{unit.base}/{written.split(' per ', 1)[1]}"
    factor = unit.factor
    converted = value * Decimal(factor.numerator) / Decimal(factor.denominator)
    return converted, base, unit.dimension
