"""Document identity (records.md §4, §6): year from the delivery line, the title or the plan heading — never from an
amount or a long-range year; place as the report names itself; a title that is never page furniture."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import pipeline

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

BODY = "各位代表：\n\n一、2025年工作回顾\n\n全年地区生产总值增长5.2%，完成投资2000亿元。\n\n二、2026年工作安排\n\n" \
       "地区生产总值增长5%左右。到2030年前实现碳达峰，2035年远景目标稳步推进。\n"


@pytest.mark.parametrize("head,year,place", [
    ("政府工作报告\n——2026年1月27日在福建省第十四届人民代表大会第四次会议上\n省长 赵龙\n", 2026, "福建省"),
    ("政府工作报告\n——二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上\n", 2026, "甘肃省"),
    ("2026年福建省政府工作报告\n", 2026, "福建省"),
    ("政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理 李强\n", 2024, "全国"),
    ("政府工作报告\n海拉尔区人民政府区长 张明\n", None, "海拉尔区"),
])
def test_chinese_identity(head: str, year: int | None, place: str) -> None:
    doc = pipeline.extract(head + "\n" + BODY)
    assert doc.place == place
    if year is not None:
        assert doc.year == year and not [w for w in doc.warnings if "guessed" in w]
    assert doc.title.endswith("政府工作报告")


def test_english_identity() -> None:
    text = ("Report on the Work of the Government\n\nDelivered at the Third Session of the 14th Yunling Provincial "
            "People's Congress on January 16, 2025\n\nWei Shao'an, Governor\n\nI. Review of Our Work in 2024\n\n"
            "GDP grew by 5.2 percent. By 2030 carbon emissions will peak.\n")
    doc = pipeline.extract(text)
    assert (doc.year, doc.place, doc.title) == (2025, "Yunling Province", "Report on the Work of the Government")
    national = pipeline.extract("REPORT ON THE WORK OF THE GOVERNMENT--Delivered at the Third Session of the Eleventh "
                                "National People's Congress\nWen Jiabao, Premier of the State Council\non March 5, "
                                "2010\n\nGDP grew by 8.7 percent in 2009.\n")
    assert (national.year, national.place, national.title) == (2010, "China", "REPORT ON THE WORK OF THE GOVERNMENT")


def test_an_amount_or_a_long_range_year_is_never_the_year() -> None:
    doc = pipeline.extract("各位代表：\n\n全年完成投资2000亿元、2000亿元和2000亿元。到2030年前碳达峰，2030年目标，"
                           "2035年远景目标。\n\n2025年工作回顾\n\n地区生产总值增长5%。\n")
    assert doc.year == 2026           # the year after the reviewed year, guessed and said so
    assert any("document year 2026 guessed" in w for w in doc.warnings)


def test_scraped_furniture_is_no_title_heading_or_record() -> None:
    head = "下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n首页 > 政务公开 > 政府工作报告\n" \
           "2026年天津市政府工作报告\n来源：天津日报\n2026-01-31 07:00:44\n"
    doc = pipeline.extract(head + BODY + "相关报道：\n邮编：300000 电话：022-12345678\n")
    assert doc.title == "2026年天津市政府工作报告" and doc.place == "天津市" and doc.year == 2026
    assert not [r for r in doc.records if r.source["match"].startswith(("300000", "022", "07", "31"))]
    assert all(not s.startswith(("首页", "下载", "来源")) for r in doc.records for s in r.section)


def test_a_first_line_that_is_a_heading_is_not_the_title() -> None:
    doc = pipeline.extract("2025年工作回顾\n\n全年地区生产总值增长5.2%。\n")
    assert doc.title == "" and doc.records[0].section == ["2025年工作回顾"]
    assert doc.records[0].kind == "actual" and doc.records[0].period == "2025"


def test_year_and_place_given_by_the_user_win() -> None:
    doc = pipeline.extract("地区生产总值增长5%。\n", year=2019, place="海拉尔区")
    assert (doc.year, doc.place) == (2019, "海拉尔区") and not doc.warnings


def test_run_year_and_place_options(tmp_path: Path) -> None:
    src = tmp_path / "r.txt"
    src.write_text("地区生产总值增长5%。\n", encoding="utf-8")

    def run(*extra: str) -> dict:
        p = subprocess.run([sys.executable, "-m", "pipeline", "run", str(src), "-o", str(tmp_path / "o"), "-q",
                            "--no-table", *extra], cwd=ROOT, capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
        return yaml.safe_load((tmp_path / "o" / "r.yaml").read_text(encoding="utf-8"))
    first = run("--year", "2031", "--place", "海拉尔区")["document"]
    assert (first["year"], first["place"]) == (2031, "海拉尔区")
    again = run("--year", "2032")        # another year is not up to date: the file is redone
    assert again["document"]["year"] == 2032 and again["records"][0]["period"] == "2032"


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus not present")
def test_identity_of_the_real_reports(tmp_path: Path) -> None:
    gold = {d["file"]: d for d in yaml.safe_load((ROOT / "tests/corpus/identity.yaml").read_text())["documents"]}
    out = tmp_path / "out"
    p = subprocess.run([sys.executable, "-m", "pipeline", "run", str(CORPUS), "-o", str(out), "-q", "--no-table"],
                       cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    docs = {Path(d["document"]["source"]).name: d["document"]
            for d in (yaml.safe_load(f.read_text(encoding="utf-8")) for f in out.rglob("*.yaml"))}
    assert set(docs) == set(gold)
    assert [f for f in gold if docs[f]["year"] != gold[f]["year"]] == []
    places = sum(docs[f]["place"] == gold[f]["place"] for f in gold)
    assert places >= 0.95 * len(gold)
    furniture = ("下载", "打印", "您的位置", "【字号", "分享", "首页")
    assert [f for f in gold if docs[f]["title"].startswith(furniture) or not docs[f]["title"]] == []
