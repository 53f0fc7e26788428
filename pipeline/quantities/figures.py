"""Figures: a rule match as a value, unit and comparator words, and its value normalized to the base unit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .match import Match
from .numbers import NumberError, NumberTooLong, check_length, check_value, parse_number, to_plain
from .rules import RuleSet
from .units import Unit, normalize, scale_factor

_ASCII_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@dataclass
class Figure:
    """A quantity found in the text, with everything the resolver decides about it."""

    match: Match
    vstart: int
    vend: int
    value: Decimal
    value_max: Decimal | None
    unit_text: str
    unit: Unit | None
    cmp_before: str | None = None
    cmp_after: str | None = None
    cmp_inner: str | None = None
    also: list[dict[str, Any]] = field(default_factory=list)
    measure: str = "level"
    sign: int = 1
    comparator: str = "="
    kind: str = "target"
    stretch: bool = False
    indicator: str = ""
    indicator_id: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    period: str | None = None
    as_percent_change: bool = False   # 增长1倍, 倍增: a multiple read as +N×100 percent
    own_verb: bool = False
    own_indicator: bool = True

    @property
    def rule_id(self) -> str:
        return self.match.rule.id

    @property
    def dimension(self) -> str:
        return self.unit.dimension if self.unit else "number"


def _value(num: str, scale: str | None) -> Decimal:
    # plain ASCII digits are what parse_number makes of them, Decimal(num); anything else goes through it
    check_length(num)
    value = Decimal(num) if _ASCII_DECIMAL.fullmatch(num) else parse_number(num)
    return check_value(value * scale_factor(scale))


def shown(text: str, most: int = 40) -> str:
    """A text quoted in a warning, cut to its first `most` characters (a warning stays short)."""
    return repr(text if len(text) <= most else text[:most] + "…")


def _fraction(numerator: str, denominator: str) -> Decimal:
    """A fraction in percent, to two decimals (三分之一 → 33.33, 1/4 → 25)."""
    d = _value(denominator, None)
    if d == 0:
        raise ArithmeticError("a fraction over zero")
    return (_value(numerator, None) * 100 / d).quantize(Decimal("0.01")).normalize()


def build(m: Match, ruleset: RuleSet, word_values: dict[str, Any], warnings: list[str]) -> Figure | None:
    """The Figure of a match, or None when the text is not a quantity after all. word_values: what a word form
    is worth (倍增 100, 一半 50: the lexicon's multiple and fraction words)."""
    g = m.groups
    units = ruleset.units
    try:
        if "w" in g:
            val = Decimal(str(word_values[g["w"]]))
            fig = Figure(m, m.start, m.end, val, None, m.rule.unit or "%", units.get("%"),
                         cmp_inner=g.get("ap"))
            fig.measure = "change"
            return fig
        if "fw" in g or "fd" in g:           # 一半, 三分之一, 1/4: a share in percent
            val = Decimal(str(word_values[g["fw"]])) if "fw" in g else _fraction(g["fn"], g["fd"])
            return Figure(m, m.start, m.end, val, None, m.rule.unit or "%", units.get(m.rule.unit or "%"),
                          cmp_before=g.get("cb"), cmp_after=g.get("ca"))
        value = _value(g["n1"], g.get("s1"))
        value_max = _value(g["n2"], g.get("s2")) if "n2" in g else None
    except NumberTooLong as e:
        warnings.append(f"number too long to be a figure ({e}): {shown(m.groups.get('n1', ''))}")
        return None
    except (NumberError, KeyError, ArithmeticError):
        warnings.append(f"not understood as a number: {shown(m.groups.get('n1', ''))}")
        return None
    unit_text = g.get("u2") or g.get("u1") or m.rule.unit or ""
    unit = units.get(unit_text) if unit_text else None
    fig = Figure(m, m.start, m.end, value, value_max, unit_text, unit,
                 cmp_before=g.get("cb"), cmp_after=g.get("ca"), cmp_inner=g.get("ap"))
    if "pn" in g:
        try:
            pval = _value(g["pn"], g.get("ps"))
        except (NumberError, ArithmeticError):
            pval = None
        punit_text = g.get("pu") or g.get("pu2") or unit_text
        if pval is not None:
            fig.also.append({"value": pval, "unit": punit_text})
    return fig


def normalized(fig: Figure) -> dict[str, Any]:
    """The normalized mapping {value, value_max, unit, dimension} of a figure, sign applied."""
    if fig.as_percent_change:
        v = fig.value * 100
        vmax = fig.value_max * 100 if fig.value_max is not None else None
        base, dim = "percent", "ratio"
    else:
        v, base, dim = normalize(fig.value, fig.unit, fig.unit_text)
        vmax = normalize(fig.value_max, fig.unit, fig.unit_text)[0] if fig.value_max is not None else None
    return {"value": to_plain(v * fig.sign), "value_max": to_plain(vmax * fig.sign) if vmax is not None else None,
            "unit": base, "dimension": dim}
