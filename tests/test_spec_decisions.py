"""Every worked decision of records.md section 5, one named test each."""

import pytest

from pipeline import extract


def recs(text):
    return [r.to_dict() for r in extract(text).records]


def one(text, **want):
    rs = recs(text)
    assert len(rs) == 1, rs
    check(rs[0], want)


def check(r, want):
    for k, v in want.items():
        got = r["normalized"][k[2:]] if k.startswith("n_") else r[k]
        if isinstance(v, float | int) and not isinstance(v, bool):
            assert got == pytest.approx(v), (k, r)
        else:
            assert got == v, (k, r)


def test_gdp_growth_then_stretch():
    a, b = recs("2023年工作安排\n\n地区生产总值增长8%，力争实现8.5%\n")
    check(a, dict(kind="target", indicator_id="gdp", measure="change", comparator="=", stretch=False, value=8))
    check(b, dict(kind="target", indicator_id="gdp", measure="change", stretch=True, value=8.5))


def test_class_qualifiers_and_stretch_list():
    rs = recs("2023年工作安排\n\n力争引进亿元以上项目不少于55个、计划投资额不少于300亿元，10亿元以上项目不少于8个。\n")
    assert [r["normalized"]["value"] for r in rs] == [55, 30000000000, 8]
    assert all(r["stretch"] and r["comparator"] == ">=" and r["kind"] == "target" for r in rs)
    assert rs[0]["indicator_id"] == "new_projects_above_100m" and rs[2]["indicator_id"] is None


def test_hectares_with_mu():
    one("力争供应工业用地266.67公顷(4000亩)。", kind="target", stretch=True, n_value=266.67, n_unit="ha",
        also=[{"value": 4000, "unit": "亩"}])


def test_misplaced_bracket():
    rs = recs("大径材培育333.33公顷(5000)亩。")
    check(rs[0], dict(n_value=333.33, also=[{"value": 5000, "unit": "亩"}]))


def test_review_level_and_change():
    a, b = recs("2022年工作回顾\n\n全年地区生产总值458.51亿元，增长2.8%\n")
    check(a, dict(kind="actual", indicator_id="gdp", measure="level", n_value=45851000000, n_unit="CNY"))
    check(b, dict(kind="actual", indicator_id="gdp", measure="change", n_value=2.8))


def test_respective_list_pairs_indicators():
    rs = recs("上半年，全市接待游客172万人次、旅游收入11.6亿元,分别增长172%和128%。")
    assert [(r["indicator_id"], r["measure"], r["normalized"]["value"]) for r in rs] == [
        ("tourist_arrivals", "level", 1720000), ("tourism_revenue", "level", 1160000000),
        ("tourist_arrivals", "change", 172), ("tourism_revenue", "change", 128)]
    assert all(r["kind"] == "actual" for r in rs)


def test_stretch_governs_continuing_clause():
    a, b = recs("力争全年完成工业投资185亿元，增长20%以上。")
    check(a, dict(stretch=True, indicator_id="industrial_investment", n_value=18500000000))
    check(b, dict(stretch=True, indicator_id="industrial_investment", measure="change", comparator=">=", value=20))


def test_count_range():
    one("培育打造1-2个制造业数字化转型标杆。", comparator="range", value=1, value_max=2)


def test_over_percent():
    one("2022年工作回顾\n\n疫苗全人群全程接种覆盖率超106%\n", kind="actual", comparator=">", measure="level", value=106)


def test_threshold_stretch():
    one("2023年，地区生产总值向500亿关口冲刺。", kind="target", stretch=True, comparator=">=", indicator_id="gdp",
        n_value=50000000000, n_unit="CNY")


def test_urban_rural_respective_with_approx_on_last():
    a, b = recs("2023年工作安排\n\n城乡常住居民人均可支配收入分别增长7%和8%左右。\n")
    check(a, dict(indicator_id="urban_disposable_income", measure="change", comparator="=", value=7))
    check(b, dict(indicator_id="rural_disposable_income", measure="change", comparator="~", value=8))


def test_percent_range_unit_on_upper_bound():
    one("地区生产总值增长4.5-5%。", indicator_id="gdp", measure="change", comparator="range", value=4.5, value_max=5)


def test_decrease_of_at_least():
    one("农村贫困人口减少1000万以上。", measure="change", comparator=">=", n_value=-10000000, n_dimension="count")


def test_approx_inner_words():
    a, = recs("完成投资2000余万元。")
    check(a, dict(comparator=">", n_value=20000000, n_unit="CNY"))
    b, = recs("带动就业6600多万。")
    check(b, dict(comparator=">", n_value=66000000))


def test_count_of_what_happened_is_actual():
    rs = recs("会议期间，共收到与会代表向大会提交的建议、批评和意见38件。")
    check(rs[-1], dict(kind="actual", value=38, unit="件"))


def test_pair_disagreement_warns_and_keeps_first():
    doc = extract("建设高标准农田240公顷(5000亩)。")
    (r,) = doc.records
    assert r.normalized["value"] == 240 and r.also == [{"value": 5000, "unit": "亩"}]
    assert any("paired figures disagree" in w for w in doc.warnings)
    assert not extract("建设高标准农田240公顷(3600亩)。").warnings
