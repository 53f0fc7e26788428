"""Units: every written form normalises to its base unit (records.md section 3)."""

from decimal import Decimal

import pytest

from pipeline.quantities.rules import RULES_DIR
from pipeline.quantities.units import UnitTable, normalize, scale_factor

UNITS = UnitTable.load(RULES_DIR / "units.yaml")


@pytest.mark.parametrize("value,scale,unit,expect,base,dim", [
    ("458.51", "亿", "元", "45851000000", "CNY", "money"),
    ("4000", None, "亩", "266.6666666666666666666666667", "ha", "area"),
    ("2", "万", "亩", "1333.333333333333333333333333", "ha", "area"),
    ("50", None, "平方公里", "5000", "ha", "area"),
    ("1500", None, "平方米", "0.15", "ha", "area"),
    ("15", None, "公里", "15", "km", "length"),
    ("800", None, "米", "0.8", "km", "length"),
    ("3", "万", "吨", "30000", "t", "mass"),
    ("2.5", "亿", "斤", "125000", "t", "mass"),
    ("500", None, "公斤", "0.5", "t", "mass"),
    ("12", "亿", "千瓦时", "1200000000", "kWh", "energy"),
    ("30", "万", "千瓦", "300000", "kW", "power"),
    ("5", "亿", "方", "500000000", "m3", "volume"),
    ("120", "万", "标箱", "1200000", "TEU", "container"),
    ("8", None, "%", "8", "percent", "ratio"),
    ("5", None, "‰", "0.5", "percent", "ratio"),
    ("1", None, "个百分点", "1", "pp", "ratio_change"),
    ("1.5", None, "倍", "1.5", "times", "multiple"),
    ("35", None, "微克/立方米", "35", "ug/m3", "concentration"),
    ("172", "万", "人次", "1720000", "count", "count"),
    ("55", None, "个", "55", "count", "count"),
])
def test_normalize(value, scale, unit, expect, base, dim):
    u = UNITS.get(unit)
    assert u is not None, unit
    v, b, d = normalize(Decimal(value) * scale_factor(scale), u, unit)
    assert (b, d) == (base, dim)
    assert abs(v - Decimal(expect)) < Decimal("1e-9")


def test_rate_keeps_denominator():
    u = UNITS.get("元/人")
    v, b, d = normalize(Decimal(58) * scale_factor("万"), u, "元/人")
    assert (v, b, d) == (Decimal(580000), "CNY/人", "money")


def test_longest_first():
    words = UNITS.words()
    assert words.index("平方公里") < words.index("公里") < words.index("米")
    assert words.index("个百分点") < words.index("个")
