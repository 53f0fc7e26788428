"""Constructions of real reports (issues 11 and 12), each on invented text: the record a reader expects."""

from __future__ import annotations

import pytest

import pipeline


def _records(text: str, year: int) -> dict[str, object]:
    return {r.source["match"]: r for r in pipeline.extract(text, year=year).records}


def _one(text: str, year: int, match: str) -> object:
    recs = _records(text, year)
    assert match in recs, sorted(recs)
    return recs[match]


@pytest.mark.parametrize("text, match, want", [
    # a time governs later clauses only as a lead; a sentence leaves its last lead to the next
    ("三、2026年工作安排\n去年全市高新技术企业突破千家，今年力争达到1250家。技术合同成交额增长20%以上。", "20%以上",
     {"period": "2026"}),
    ("一、2025年工作回顾\n外贸进出口总额2023年突破800亿元，年均增长9.6%。", "9.6%", {"period": "2025"}),
    # a topic paragraph dates its section
    ("一、“十三五”时期及2020年工作回顾\n“十三五”时期是极不平凡的五年。全区地区生产总值年均增长6.8%。\n"
     "2020年是极不平凡的一年。上半年地区生产总值下降1.6%。", "1.6%", {"period": "2020H1"}),
    # N年累计 and 今明两年 spans, kind from the section
    ("三、2026年重点工作\n启动制造业技术改造三年行动，三年累计实施技改项目300个以上、完成技改投资120亿元。", "120亿元",
     {"kind": "target", "period": "2026..2028"}),
    ("一、过去一年工作回顾\n县城品质提升三年行动圆满收官，三年累计实施项目126个。", "126个",
     {"kind": "actual", "period": "2023..2025"}),
    ("三、2026年重点工作\n今明两年累计改造城镇老旧小区60个、惠及居民8000户以上。", "8000户以上",
     {"period": "2026..2027"}),
])
def test_periods(text: str, match: str, want: dict[str, str]) -> None:
    r = _one(text, 2026 if "2026" in text or "过去一年" in text else 2021, match)
    for k, v in want.items():
        assert getattr(r, k) == v, (k, getattr(r, k))


def test_decrease_verb_before_its_object() -> None:
    r = _one("三、2026年重点工作\n深入实施农业面源污染治理，减少化肥使用量800吨。", 2026, "800吨")
    assert (r.measure, r.value, r.indicator) == ("change", -800, "化肥使用量")


@pytest.mark.parametrize("text, match, value", [
    ("二、过去一年主要工作\n农村居民人均可支配收入增长6.7%，高于城镇居民2.1个百分点。", "2.1个百分点", 2.1),
    ("三、今后五年目标任务\n农村居民人均可支配收入增速比城镇居民高1.5个百分点以上。", "1.5个百分点以上", 1.5),
])
def test_gaps_are_changes_of_the_figure_before(text: str, match: str, value: float) -> None:
    r = _one(text, 2023, match)
    assert (r.measure, r.value, r.indicator_id) == ("change", value, "rural_disposable_income")


def test_shares_and_relative_figures() -> None:
    recs = _records("一、2024年工作回顾\n全年民生支出36.8亿元，占一般公共预算支出的78.4%。"
                    "外贸进出口总额是2020年的2.1倍。"
                    "接待游客286万人次，实现旅游总收入24.3亿元，"
                    "分别恢复到上年的82%和78%。", 2025)
    assert recs["78.4%"].indicator == "民生支出占一般公共预算支出比重" and recs["78.4%"].indicator_id is None
    assert recs["2.1倍"].indicator_id is None
    assert recs["82%"].indicator_id is None and recs["286万人次"].indicator_id == "tourist_arrivals"
    en = _records("Work Plan for 2021\n\nR&D spending will reach 2.6 percent of GDP.", 2021)
    assert en["2.6 percent"].indicator_id == "rd_intensity"


def test_list_items_share_the_last_items_head() -> None:
    recs = _records("一、2024年工作回顾\n城镇和农村常住居民人均可支配收入分别达到46820元和23160元。", 2025)
    assert recs["46820元"].indicator_id == "urban_disposable_income"
    assert recs["23160元"].indicator_id == "rural_disposable_income"
    en = _records("Main Targets for 2021\n\nThe targets are: increases of 7 percent and around 8 percent "
                  "respectively in the per capita disposable income of urban and rural residents.", 2021)
    assert en["around 8 percent"].indicator_id == "rural_disposable_income"


@pytest.mark.parametrize("text", [
    "培育年营业收入超百亿元企业2家。", "年经营性收入50万元以上的村达到38个。",
    "企业开办时间压缩至1个工作日以内。",
    "出台稳经济10条措施。", "在全国高新区综合评价中上升9位。", "实施制造业倍增计划。",
])
def test_no_record_for_classes_durations_packages_ranks_names(text: str) -> None:
    matches = list(_records("三、2026年重点工作\n" + text, 2026))
    assert all(m[-1] in "家个" for m in matches), matches     # only the counts of 2家 and 38个 are records


def test_shares_in_words_scale_words_alone_and_ages() -> None:
    recs = _records("一、2025年工作回顾\n新能源汽车产量占比达三分之一。财政支出七成以上用于民生。"
                    "新增规上工业企业千余家。人均预期寿命达到79.6岁。"
                    "平均受教育年限达到11.6年。", 2026)
    assert recs["三分之一"].value == 33.33 and recs["七成以上"].normalized["value"] == 70
    assert (recs["千余家"].value, recs["千余家"].comparator) == (1000, ">")
    assert recs["79.6岁"].normalized["dimension"] == "age" and recs["11.6年"].normalized["unit"] == "years"


def test_a_sentence_line_is_no_heading() -> None:
    text = ("I. Review of Work in 2011\n\nWe thoroughly implemented the Plan for Education Reform and Development.\n\n"
            "The employment rate for college graduates reached 77.8%.")
    r = _one(text, 2012, "77.8%")
    assert r.section == ["I. Review of Work in 2011"] and (r.kind, r.period) == ("actual", "2011")


def test_english_participles_and_comparison_bases_are_no_cues() -> None:
    r = _one("III. Work for 2026\n\nWe will put 1,200 mu of approved but unsupplied land to use, and cut carbon "
             "dioxide emissions per unit of GDP by 3 percent.", 2026, "3 percent")
    assert (r.kind, r.measure, r.value) == ("target", "change", -3)


def test_a_past_summary_paragraph_in_a_plan_chapter() -> None:
    text = ("三、2011年的工作\n2011年，是“十二五”开局之年。\n过去一年，我们的各项工作取得了很大成绩。\n"
            "国内生产总值增长10.3%，\n城镇新增就业1168万人。\n今年，我国发展面临的形势仍然极其复杂。\n"
            "今年国内生产总值增长8%左右。")
    recs = _records(text, 2011)
    assert (recs["10.3%"].kind, recs["10.3%"].period) == ("actual", "2010")
    assert (recs["8%左右"].kind, recs["8%左右"].period) == ("target", "2011")
