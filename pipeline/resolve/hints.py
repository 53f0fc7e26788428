"""Hints of the glossary: a bare number takes its unit from its indicator (unit_hint) or from money words before it;
a percentage of an indicator that is a rate of change (measure_hint) is a change."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from ..quantities.units import Unit

if TYPE_CHECKING:
    from ..quantities.figures import Figure
    from .context import DocContext

# unit_hint of rules/indicators.yaml -> the unit a bare number then has (records.md section 3)
HINTS = {"money": Unit("", "money", "CNY", Fraction(1)), "count": Unit("", "count", "count", Fraction(1))}


def assign(f: Figure, ctx: DocContext, sentence_start: int) -> None:
    """Give a figure without a unit the unit its indicator implies, else the money or people of its context:
    a bare 500亿 after money words in its sentence is money, a bare number of 人口 a count."""
    if f.indicator_id and f.dimension == "ratio" and f.measure == "level" \
            and ctx.glossary.indicators[f.indicator_id].measure_hint == "change":
        f.measure = "change"                # keep the CPI at around 3%: a rise of prices
    if f.unit is not None:
        return
    if f.indicator_id:
        f.unit = HINTS.get(ctx.glossary.indicators[f.indicator_id].unit_hint or "")
        return
    lex = ctx.lex
    if lex.money_before.search(ctx.view, sentence_start, f.vstart) and f.match.groups.get("s1") in lex.money_scales:
        f.unit = HINTS["money"]
    elif lex.people.search(f.indicator):
        f.unit = HINTS["count"]
