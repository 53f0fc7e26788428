"""The API on any text: never an exception, records grounded, YAML that reads back, output bounded (hypothesis)."""

import time

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.yamlio import dump_yaml

# Pieces of reports and of what broke the tool once: figures, numerals, list and sentence marks, English,
# zero-width spaces, lone surrogates, control and line-separator characters, a byte-order mark.
PIECES = ["增长", "8%", "12.5", "1万", "一亿", "三千零五", "、", "。", "，", "；", "\n", "\n\n", "分别", "达到",
          "不低于", "到2025年", "2023年", "十四五", "亿元", "（", "）", "1-1-1", "９", "GDP grew by ", "5 percent",
          ". ",
          "more than 3 million ", "one hundred ", "$1.2 billion", "\u200b", "\ud800", "\udfff", "\x1b[2J", "\x00",
          "\u2028", "\r\n", "\ufeff", "一、", "（一）", "- ", "9" * 50, "一亿" * 30, " "]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=80).map("".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text_gives_grounded_records_and_yaml(text: str) -> None:
    t0 = time.perf_counter()
    doc = pipeline.extract(text)
    assert len(doc.text) == len(text)        # lone surrogates are read one for one: offsets are the input's
    for r in doc.records:
        assert doc.text[r.source["start"]:r.source["end"]] == r.source["match"]
    out = dump_yaml(doc.to_dict())
    back = yaml.safe_load(out)
    assert len(back["records"] or []) == len(doc.records)
    assert len(out.encode("utf-8")) <= 20 * len(text.encode("utf-8", "surrogatepass")) + 60_000
    assert time.perf_counter() - t0 < 10


def test_lone_surrogates_are_read_as_replacement_characters() -> None:
    text = "2023年地区生产总值增长8%\ud800，就业增长3%。\udc80"
    doc = pipeline.extract(text)
    assert [r.value for r in doc.records] == [8, 3]
    assert any("lone surrogate" in w for w in doc.warnings)
    assert "\ufffd" in dump_yaml(doc.to_dict()) or "\\uFFFD" in dump_yaml(doc.to_dict())


def test_a_numeral_of_absurd_length_is_a_warning_not_a_failure() -> None:
    for text in ("增长" + "9" * 4301 + "%。", "投资" + "一亿" * 1000 + "元。", "增长8%。" + "1" * 5000):
        doc = pipeline.extract(text)
        assert any("number too long" in w or "figure not understood" in w for w in doc.warnings)
        assert len(dump_yaml(doc.to_dict())) < 20_000
