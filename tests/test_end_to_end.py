"""End to end: the CLI on samples/, specific records field by field, the spec's checker invariants."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("out")
    p = subprocess.run([sys.executable, "-m", "pipeline", "run", "samples/", "-o", str(d)], cwd=ROOT,
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return {f.stem: yaml.safe_load(f.read_text(encoding="utf-8")) for f in d.glob("*.yaml")}


def find(data, match, near=None):
    text = (ROOT / data["document"]["source"]).read_text(encoding="utf-8")
    start = text.index(near) if near else 0
    at = text.index(match, start)
    for r in data["records"]:
        if r["source"]["start"] <= at < r["source"]["end"]:
            return r
    raise AssertionError(f"no record at {match!r}")


PLAN = "heshan-2023-work-plan.zh"
H2 = "heshan-2023-h2-focus.zh"
N = None
# (doc, match, near, kind, indicator_id, measure, comparator, stretch, value, unit, normalized value, norm unit, period)
CASES = [
    (PLAN, "8%", "主要预期目标：地区生产总值增长", "target", "gdp", "change", "=", False, 8, "%", 8, "percent", "2023"),
    (PLAN, "8.5%", "力争实现", "target", "gdp", "change", "=", True, 8.5, "%", 8.5, "percent", "2023"),
    (PLAN, "8%", "固定资产投资增长", "target", "fixed_asset_investment", "change", "=", False, 8, "%", 8, "percent",
     "2023"),
    (PLAN, "5%", "地方一般公共预算收入增长", "target", "general_budget_revenue", "change", "=", False, 5, "%", 5,
     "percent", "2023"),
    (PLAN, "458.51亿元", N, "actual", "gdp", "level", "=", False, 458.51e8, "元", 45851000000, "CNY", "2022"),
    (PLAN, "2.8%", N, "actual", "gdp", "change", "=", False, 2.8, "%", 2.8, "percent", "2022"),
    (PLAN, "194.83亿元", N, "actual", "industrial_value_added", "level", "=", False, 194.83e8, "元", 19483000000,
     "CNY", "2022"),
    (PLAN, "229.4亿元", N, "actual", "foreign_trade", "level", "=", False, 229.4e8, "元", 22940000000, "CNY", "2022"),
    (PLAN, "153.4万剂次", N, "actual", N, "level", "=", False, 1534000, "剂次", 1534000, "count", "2022"),
    (PLAN, "超106%", N, "actual", N, "level", ">", False, 106, "%", 106, "percent", "2022"),
    (PLAN, "38件", N, "actual", N, "level", "=", False, 38, "件", 38, "count", "*"),
    (PLAN, "不少于55个", N, "target", "new_projects_above_100m", "level", ">=", True, 55, "个", 55, "count", "2023"),
    (PLAN, "不少于300亿元", N, "target", N, "level", ">=", True, 3e10, "元", 30000000000, "CNY", "2023"),
    (PLAN, "不少于8个", N, "target", N, "level", ">=", True, 8, "个", 8, "count", "2023"),
    (PLAN, "倍增", "主营业务收入", "target", N, "change", "=", False, 100, "%", 100, "percent", "2023"),
    (PLAN, "70家以上", N, "target", N, "level", ">=", False, 70, "家", 70, "count", "2023"),
    (PLAN, "266.67公顷(4000亩)", N, "target", "industrial_land_supply", "level", "=", True, 266.67, "公顷", 266.67,
     "ha", "2023"),
    (PLAN, "突破340家", N, "target", "high_tech_enterprises", "level", ">", True, 340, "家", 340, "count", "2023"),
    (PLAN, "40亿元", "完成技改", "target", "technical_renovation_investment", "level", "=", False, 4e9, "元",
     4000000000, "CNY", "2023"),
    (PLAN, "240公顷(3600亩)", N, "target", "high_standard_farmland", "level", "=", False, 240, "公顷", 240, "ha",
     "2023"),
    (PLAN, "20个", "力促", "target", N, "level", "=", False, 20, "个", 20, "count", "2023"),
    (PLAN, "5500人", N, "target", "new_urban_jobs", "level", "=", False, 5500, "人", 5500, "count", "2023"),
    (PLAN, "333.33公顷(5000)亩", N, "target", N, "level", "=", False, 333.33, "公顷", 333.33, "ha", "2023"),
    (H2, "500亿关口", N, "target", "gdp", "level", ">=", True, 5e10, "", 50000000000, "CNY", "2023"),
    (H2, "223.83亿元", N, "actual", "gdp", "level", "=", False, 223.83e8, "元", 22383000000, "CNY", "2023H1"),
    (H2, "8%以上", N, "target", "gdp", "change", ">=", True, 8, "%", 8, "percent", "2023"),
    (H2, "1-2个", N, "target", N, "level", "range", False, 1, "个", 1, "count", "2023"),
    (H2, "1个以上", N, "target", N, "level", ">=", True, 1, "个", 1, "count", "2023"),
    (H2, "1.6亿元", N, "actual", N, "level", "=", False, 1.6e8, "元", 160000000, "CNY", "*"),
    (H2, "超70亿元", N, "target", N, "level", ">", True, 7e9, "元", 7000000000, "CNY", "2023"),
    (H2, "185亿元", "着力点2", "target", "industrial_investment", "level", "=", True, 1.85e10, "元", 18500000000,
     "CNY", "2023"),
    (H2, "88.2亿元", N, "actual", N, "level", "=", False, 88.2e8, "元", 8820000000, "CNY", "2023-01..2023-06"),
    (H2, "20%以上", N, "target", "industrial_investment", "change", ">=", True, 20, "%", 20, "percent", "2023"),
    (H2, "59个", N, "target", N, "level", "=", False, 59, "个", 59, "count", "2023"),
    (H2, "45个", "全年引进", "actual", "new_projects_above_100m", "level", "=", False, 45, "个", 45, "count",
     "2023-01..2023-07"),
    (H2, "172%", N, "actual", "tourist_arrivals", "change", "=", False, 172, "%", 172, "percent", "2023H1"),
    (H2, "128%", N, "actual", "tourism_revenue", "change", "=", False, 128, "%", 128, "percent", "2023H1"),
    (H2, "40.8%", N, "actual", "services_above_scale", "change", "=", False, 40.8, "%", 40.8, "percent", "2023H1"),
    (H2, "51亿元", N, "target", "real_estate_investment", "level", "=", True, 5.1e9, "元", 5100000000, "CNY", "2023"),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0][:10]}:{c[1]}" for c in CASES])
def test_record(out, case):
    doc, match, near, kind, iid, measure, cmp, stretch, value, unit, nvalue, nunit, period = case
    r = find(out[doc], match, near)
    assert (r["kind"], r["indicator_id"], r["measure"], r["comparator"], r["stretch"]) == (
        kind, iid, measure, cmp, stretch)
    assert r["value"] == pytest.approx(value) and r["unit"] == unit
    assert r["normalized"]["value"] == pytest.approx(nvalue) and r["normalized"]["unit"] == nunit
    if period != "*":
        assert r["period"] == period


def test_also_pair(out):
    r = find(out[PLAN], "266.67公顷(4000亩)")
    assert r["also"] == [{"value": 4000, "unit": "亩"}]


def test_not_records(out):
    """The spec's exclusions: class qualifiers, ranks, names in quotes, durations."""
    plan = out[PLAN]
    text = (ROOT / plan["document"]["source"]).read_text(encoding="utf-8")
    spans = [(r["source"]["start"], r["source"]["end"]) for r in plan["records"]]
    for phrase, digit in [("60周岁以上", "60"), ("1公顷(15亩)以下", "15"), ("10亿元以上项目", "10亿元"),
                          ("排名第一", "第一"), ("“1+10+139”", "139"), ("三年行动", "三年")]:
        at = text.index(phrase) + phrase.index(digit)
        assert not any(s <= at < e for s, e in spans), phrase


def test_grounding_and_header(out):
    for data in out.values():
        text = (ROOT / data["document"]["source"]).read_text(encoding="utf-8")
        assert data["document"]["format"] == "txt"
        assert data["document"]["language"] == ("en" if ".en." in data["document"]["source"] else "zh")
        assert data["document"]["year"] == 2023
        ids = [r["id"] for r in data["records"]]
        assert ids == sorted(ids) and len(set(ids)) == len(ids)
        for r in data["records"]:
            assert text[r["source"]["start"]:r["source"]["end"]] == r["source"]["match"]
