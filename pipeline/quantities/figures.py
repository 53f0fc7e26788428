"""Quantities: turn a rule match into a value, unit, comparator word and normalized value, and drop non-records."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .. import segment
from ..structure import Structure
from .match import Match
from .numbers import NumberError, parse_number, to_plain
from .regex import any_of
from .rules import RuleSet
from .units import Unit, normalize, scale_factor

CN_NUM_CHARS = set("零〇一二两三四五六七八九十百千万亿点")
_CN_NUMERAL = re.compile("[" + "".join(sorted(CN_NUM_CHARS)) + "]+")
_ASCII_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_CJK_OR_QUOTE = re.compile(r"[\u4e00-\u9fff“]")
_RANK_AFTER = re.compile(r"^[强名位]")


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
    value = Decimal(num) if _ASCII_DECIMAL.fullmatch(num) else parse_number(num)
    return value * scale_factor(scale)


@functools.lru_cache(maxsize=64)
def _patterns_any(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return any_of([re.compile(p) for p in patterns])


def build(m: Match, ruleset: RuleSet, warnings: list[str]) -> Figure | None:
    """The Figure of a match, or None when the text is not a quantity after all."""
    g = m.groups
    lex = ruleset.lexicon
    units = ruleset.units
    try:
        if "w" in g:
            val = Decimal(lex["multiple_words"][g["w"]])
            fig = Figure(m, m.start, m.end, val, None, m.rule.unit or "%", units.get("%"))
            fig.measure = "change"
            return fig
        value = _value(g["n1"], g.get("s1"))
        value_max = _value(g["n2"], g.get("s2")) if "n2" in g else None
    except (NumberError, KeyError, ArithmeticError):
        warnings.append(f"not understood as a number: {m.groups.get('n1', '')!r}")
        return None
    unit_text = g.get("u2") or g.get("u1") or m.rule.unit or ""
    unit = units.get(unit_text) if unit_text else None
    fig = Figure(m, m.start, m.end, value, value_max, unit_text, unit,
                 cmp_before=g.get("cb"), cmp_after=g.get("ca"), cmp_inner=g.get("ap"))
    if "pn" in g:
        try:
            pval = _value(g["pn"], g.get("ps"))
        except NumberError:
            pval = None
        punit_text = g.get("pu") or g.get("pu2") or unit_text
        if pval is not None:
            fig.also.append({"value": pval, "unit": punit_text})
    return fig


def is_record(fig: Figure, st: Structure, ruleset: RuleSet) -> bool:
    """Whether a figure is a record at all (records.md section 1: names, ranks, classes are not)."""
    view = st.view
    g = fig.match.groups
    lex = ruleset.lexicon
    num = g.get("n1", "")
    if st.in_quote(fig.vstart, fig.vend):
        return False
    before = view[max(0, fig.vstart - 4):fig.vstart]
    after = view[fig.vend:fig.vend + 4]
    ranks = tuple(lex.get("rank_patterns", []))
    rank_any = _patterns_any(ranks) if ranks else None
    ranked = rank_any.search(before) is not None if rank_any is not None else \
        any(re.search(p, before) for p in ranks)
    if ranked:
        if before.endswith("第") or _RANK_AFTER.match(after) or before.endswith("第 "):
            return False
    if fig.unit is not None:
        if fig.unit.needs_scale and not g.get("s1"):
            return False
        if fig.unit.chinese_only and not all(c in CN_NUM_CHARS for c in num):
            return False
    chinese = _CN_NUMERAL.fullmatch(num) is not None
    if chinese:
        if num in ("一",) and fig.dimension == "count":
            return False
        if num in ("百", "千", "万", "十", "亿"):
            return False
        if not segment.on_boundaries(view, fig.vstart, fig.vend):
            return False
    # a quantity that qualifies the class of what follows: 10亿元以上项目, 1公顷(15亩)以下撂荒地
    if fig.cmp_after in ("以上", "以下", "及以上", "以内") and fig.dimension != "count":
        nxt = view[fig.vend:fig.vend + 1]
        if nxt and _CJK_OR_QUOTE.match(nxt) and nxt not in "的和或及、":
            return False
    # 三个方面: the text's own structure
    if fig.dimension == "count":
        if view.startswith(tuple(lex.get("structural_nouns", [])), fig.vend):
            return False
    return True


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
