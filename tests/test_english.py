"""English input: the parallel sample agrees with the Chinese one, language detection, English numerals."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.quantities.numbers import NumberError, parse_english, parse_number

FAMILY = {">": "lower", ">=": "lower", "<": "upper", "<=": "upper"}


def _same(zh, en) -> bool:
    a, b = Decimal(str(zh.normalized["value"])), Decimal(str(en.normalized["value"]))
    close = a == b if a == 0 else abs(a - b) <= abs(a) * Decimal("0.005")
    return (close and zh.indicator_id == en.indicator_id and zh.measure == en.measure
            and zh.stretch == en.stretch and zh.kind == en.kind
            and FAMILY.get(zh.comparator, zh.comparator) == FAMILY.get(en.comparator, en.comparator))


@pytest.fixture(scope="module")
def parallel(pipe, root):
    from pipeline.ingest import load

    zh = pipe.run_source(load(root / "samples" / "heshan-2023-work-plan.zh.txt"))
    en = pipe.run_source(load(root / "samples" / "heshan-2023-work-plan.en.txt"))
    return zh, en


def test_parallel_sample_gives_the_same_records(parallel):
    zh, en = parallel
    assert zh.language == "zh" and en.language == "en"
    unused = list(en.records)
    missing = []
    for r in zh.records:
        twin = next((e for e in unused if _same(r, e)), None)
        if twin is None:
            missing.append((r.source["match"], r.indicator_id, r.kind, r.normalized["value"]))
        else:
            unused.remove(twin)
    share = 1 - len(missing) / len(zh.records)
    assert len(zh.records) >= 60
    assert share >= 0.95, f"{share:.3f} of Chinese records have an English twin; missing: {missing}"


def test_english_records_carry_both_labels(parallel):
    _, en = parallel
    gdp = [r for r in en.records if r.indicator_id == "gdp"]
    assert gdp and all(r.labels == {"zh": "地区生产总值", "en": "regional GDP"} for r in gdp)


@pytest.mark.parametrize("text,field,want", [
    ("We aim for GDP growth of around 5 percent.", "comparator", "~"),
    ("We aim for GDP growth of around 5 percent.", "stretch", True),
    ("Regional GDP reached 45.851 billion yuan last year.", "kind", "actual"),
    ("We will keep the surveyed urban unemployment rate within 5.5 percent.", "comparator", "<="),
    ("We will strive for growth of between 6 and 6.5 percent in regional GDP.", "value_max", 6.5),
    ("Grain output will stay above 125,000 metric tons.", "comparator", ">"),
    ("Energy consumption per unit of GDP will be cut by 3 percent.", "value", -3),
    ("Retail sales rose by 7.5 percent and 11.5 percent respectively in the first and second half.", "measure",
     "change"),
])
def test_english_meaning(pipe, text, field, want):
    from pipeline.ingest import Source

    doc = pipe.run_source(Source("<t>", text, "txt", "utf-8", "0" * 64))
    assert doc.language == "en" and doc.records
    assert getattr(doc.records[0], field) == want, doc.records[0]


def test_respectively_gives_each_figure_its_item(pipe):
    from pipeline.ingest import Source

    text = ("Per capita disposable income of urban and rural residents reached 52,380 yuan and 24,960 yuan, "
            "up 4.4 percent and 6.7 percent respectively.")
    doc = pipe.run_source(Source("<t>", text, "txt", "utf-8", "0" * 64))
    ids = [r.indicator_id for r in doc.records]
    assert ids == ["urban_disposable_income", "rural_disposable_income"] * 2
    assert [r.measure for r in doc.records] == ["level", "level", "change", "change"]


def test_language_per_document_and_paragraph(pipe):
    from pipeline.ingest import Source

    zh = pipe.run_source(Source("<t>", "全市GDP500亿元，CPI涨幅控制在3%左右。", "txt", "utf-8", "0" * 64))
    assert zh.language == "zh" and [r.rule for r in zh.records] and all(r.rule.startswith("zh.") for r in zh.records)
    text = ("2023年工作安排\n全市地区生产总值增长8%，固定资产投资增长10%，社会消费品零售总额增长6%以上。\n"
            "English summary\nRegional GDP will grow by 8 percent, and we will strive for 8.5 percent growth.\n")
    mixed = pipe.run_source(Source("<t>", text, "txt", "utf-8", "0" * 64))
    assert mixed.language == "mixed"
    rules = [r.rule.split(".")[0] for r in mixed.records]
    assert rules == ["zh", "zh", "zh", "en", "en"], [(r.rule, r.source["match"]) for r in mixed.records]
    assert [r.id for r in mixed.records] == [f"r{i:04d}" for i in range(1, 6)]
    assert all(text[r.source["start"]:r.source["end"]] == r.source["match"] for r in mixed.records)


def _words(n: int) -> str:
    """Write 0 <= n < 10**6 in English words (the inverse of parse_english, for the property test)."""
    small = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
             "sixteen seventeen eighteen nineteen").split()
    tens = "twenty thirty forty fifty sixty seventy eighty ninety".split()

    def below_1000(x: int) -> list[str]:
        out = []
        if x >= 100:
            out += [small[x // 100], "hundred"]
            x %= 100
            if x:
                out.append("and")
        if x >= 20:
            out.append(tens[x // 10 - 2] + (f"-{small[x % 10]}" if x % 10 else ""))
        elif x or not out:
            out.append(small[x])
        return out
    if n >= 1000:
        rest = n % 1000
        return " ".join(below_1000(n // 1000) + ["thousand"] + (below_1000(rest) if rest else []))
    return " ".join(below_1000(n))


@given(st.integers(min_value=0, max_value=999_999))
def test_english_number_words_round_trip(n):
    assert parse_english(_words(n)) == n


@pytest.mark.parametrize("text,want", [("five", 5), ("Twenty-one", 21), ("1,234.5", Decimal("1234.5")),
                                       ("a hundred", 100), ("two hundred and five", 205)])
def test_english_numerals(text, want):
    assert parse_number(text) == want


@pytest.mark.parametrize("text", ["fivefold", "and", "million"])
def test_not_english_numerals(text):
    with pytest.raises(NumberError):
        parse_english(text)
