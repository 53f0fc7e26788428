"""The corpus gold (tests/corpus/) is well-formed: columns, types, glossary ids, `met` by rule, quotes in the texts."""

import csv
import importlib.util
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "corpus"
CORPUS = ROOT.parent / "shared" / "corpus"
SPEC_GLOSSARY = ROOT.parent / "shared" / "spec" / "indicators.md"

COLUMNS = [
    "place", "indicator_id", "label_zh", "label_en", "year", "measure",
    "target_comparator", "target_value", "target_value_max", "target_unit", "target_stretch",
    "actual_comparator", "actual_value", "actual_unit", "met",
    "target_doc", "target_record", "actual_doc", "actual_record",
]
# the ids shared/spec/indicators.md requires of the glossary
GLOSSARY_IDS = {
    "gdp", "industrial_value_added", "industry_value_added", "fixed_asset_investment", "industrial_investment",
    "infrastructure_investment", "real_estate_investment", "technical_renovation_investment", "retail_sales",
    "foreign_trade", "exports", "foreign_investment_used", "general_budget_revenue", "general_budget_expenditure",
    "disposable_income", "urban_disposable_income", "rural_disposable_income", "new_urban_jobs",
    "surveyed_unemployment_rate", "registered_unemployment_rate", "cpi", "grain_output", "energy_intensity",
    "deficit_ratio", "deficit", "special_purpose_bonds", "ultra_long_treasury_bonds", "high_tech_enterprises",
    "rd_intensity", "urbanization_rate", "rural_poor_population", "high_standard_farmland", "tourist_arrivals",
    "tourism_revenue", "industrial_land_supply", "new_projects_above_100m", "services_above_scale",
    "rural_net_income", "fiscal_revenue_total", "life_expectancy",
}
BASE_UNITS = {"CNY", "USD", "ha", "km", "t", "kWh", "kW", "m3", "TEU", "percent", "pp", "times", "years",
              "ug/m3", "count", "number"}
COMPARATORS = {"=", ">=", ">", "<=", "<", "~", "range"}
FAMILY = {">=": ">", "<=": "<"}
FURNITURE = ("下载", "打印", "全屏", "收藏", "字号", "您的位置", "分享", "来源：", "时间：", "【", "】")
NATIONAL_DOC = re.compile(r"national-(\d{4})-gwr\.(zh|en)\.txt")
TABLES = {"zh": GOLD / "tracking-national.csv", "en": GOLD / "tracking-national.en.csv"}
PLACE = {"zh": "全国", "en": "China"}
# rows whose English comparator leaves the Chinese one's family (tests/corpus/README.md)
FAMILY_CHANGES = {
    ("new_urban_jobs", "2014", "target"), ("energy_intensity", "2015", "target"),
    ("cpi", "2010", "actual"), ("cpi", "2013", "actual"),
}

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="the corpus (../shared/corpus) is absent")


def _load_scorer():
    spec = importlib.util.spec_from_file_location("score_tracking", ROOT / "tools" / "score_tracking.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(lang: str) -> list[dict[str, str]]:
    with open(TABLES[lang], encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def _text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8-sig")


def _identity() -> list[dict]:
    return yaml.safe_load((GOLD / "identity.yaml").read_text(encoding="utf-8"))["documents"]


# --- identity -----------------------------------------------------------------------------------

def test_identity_entries_are_well_formed():
    docs = _identity()
    assert len(docs) == 32
    assert len({d["file"] for d in docs}) == len(docs)
    for d in docs:
        assert set(d) <= {"file", "year", "place", "title", "title_also", "language"}, d
        assert isinstance(d["year"], int) and 2000 <= d["year"] <= 2100, d
        assert d["language"] in ("zh", "en"), d
        assert isinstance(d["place"], str) and d["place"], d
        assert isinstance(d["title"], str) and d["title"].strip() == d["title"] and "\n" not in d["title"], d
        for title in [d["title"], *d.get("title_also", [])]:
            assert not any(word in title for word in FURNITURE), d
        national = NATIONAL_DOC.fullmatch(d["file"])
        if national:
            assert d["year"] == int(national.group(1)) and d["language"] == national.group(2), d
            assert d["place"] == PLACE[d["language"]], d
        else:
            assert d["file"] == f"province-{d['year']}-{d['place']}.zh.txt", d


@needs_corpus
def test_identity_covers_the_corpus_and_its_fields_are_in_the_texts():
    docs = _identity()
    assert {d["file"] for d in docs} == {p.name for p in CORPUS.glob("*.txt")}
    for d in docs:
        head = "\n".join(_text(d["file"]).splitlines()[:20])
        for title in [d["title"], *d.get("title_also", [])]:
            assert title in head, d
        if d["language"] == "zh" and d["place"] != "全国":
            assert d["place"] in head, d
        assert str(d["year"]) in head, d


# --- tracking -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tracking_rows_are_well_formed(lang):
    rows = _rows(lang)
    keys = [(r["place"], r["indicator_id"], r["year"], r["measure"]) for r in rows]
    assert len(set(keys)) == len(keys)
    assert len({k[1:3] for k in keys}) == len(keys)  # §7: one row per (place, indicator_id, year)
    assert {r["year"] for r in rows} == {str(y) for y in range(2008, 2016)}
    labels: dict[str, tuple] = {}
    for r in rows:
        assert r["place"] == PLACE[lang], r
        assert r["indicator_id"] in GLOSSARY_IDS, r
        assert labels.setdefault(r["indicator_id"], (r["label_zh"], r["label_en"])) == (r["label_zh"], r["label_en"])
        assert r["measure"] in ("level", "change"), r
        assert r["target_value_max"] == "", r  # no range among these targets
        has_target, has_actual = bool(r["target_comparator"]), bool(r["actual_comparator"])
        assert has_target or has_actual, r
        for side, present in (("target", has_target), ("actual", has_actual)):
            fields = [r[f"{side}_comparator"], r[f"{side}_value"], r[f"{side}_unit"], r[f"{side}_doc"],
                      r[f"{side}_record"]]
            assert all(fields) if present else not any(fields), (side, r)
            if present:
                assert r[f"{side}_comparator"] in COMPARATORS, r
                float(r[f"{side}_value"])
                assert r[f"{side}_unit"] in BASE_UNITS, r
                doc = NATIONAL_DOC.fullmatch(r[f"{side}_doc"])
                assert doc and doc.group(2) == lang, r
                doc_year = int(doc.group(1))
                assert doc_year == int(r["year"]) if side == "target" else doc_year > int(r["year"]), r
        assert r["target_stretch"] == ("false" if has_target else ""), r  # no stretch among these targets
        if has_target and has_actual:
            assert r["target_unit"] == r["actual_unit"], r
        assert r["met"] in ("true", "false", ""), r
        if not (has_target and has_actual):
            assert r["met"] == "", r


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tracking_met_follows_the_comparator_rule(lang):
    met_by_rule = _load_scorer().met_by_rule
    for r in _rows(lang):
        assert r["met"] == met_by_rule(r), r


def test_english_table_matches_the_chinese_one():
    zh = {(r["indicator_id"], r["year"]): r for r in _rows("zh")}
    en = {(r["indicator_id"], r["year"]): r for r in _rows("en")}
    assert zh.keys() == en.keys()
    for key, z in zh.items():
        e = en[key]
        for field in ("measure", "target_unit", "actual_unit", "target_stretch"):
            assert z[field] == e[field], (key, field)
        for field in ("target_value", "actual_value"):
            assert (z[field] == "") == (e[field] == "") and (not z[field] or float(z[field]) == float(e[field])), key
        for side in ("target", "actual"):
            zc, ec = z[f"{side}_comparator"], e[f"{side}_comparator"]
            same_family = FAMILY.get(zc, zc) == FAMILY.get(ec, ec)
            assert same_family != ((*key, side) in FAMILY_CHANGES), (key, side, zc, ec)
            assert z[f"{side}_doc"].replace(".zh.", ".en.") == e[f"{side}_doc"], key


@needs_corpus
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tracking_quotes_are_in_their_documents(lang):
    texts: dict[str, str] = {}
    for r in _rows(lang):
        for side in ("target", "actual"):
            if r[f"{side}_doc"]:
                text = texts.setdefault(r[f"{side}_doc"], _text(r[f"{side}_doc"]))
                assert r[f"{side}_record"] in text, (side, r)


def test_required_ids_match_the_spec_glossary():
    if not SPEC_GLOSSARY.is_file():
        pytest.skip("shared/spec/indicators.md is absent")
    ids = set(re.findall(r"^\| ([a-z0-9_]+) \|", SPEC_GLOSSARY.read_text(encoding="utf-8"), re.M))
    assert GLOSSARY_IDS <= ids
