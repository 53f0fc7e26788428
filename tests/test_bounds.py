"""Time and output bounds: source.sentence cut around its match, records per sentence, linear growth, long English."""

import re
import time

import pytest
import yaml

import pipeline
from pipeline import records
from pipeline.api import FIGURES_PER_SENTENCE
from pipeline.bench.scaling import shape_text
from pipeline.lang import segment_en
from pipeline.yamlio import dump_yaml

LONG_EN = "The county built 12 schools and " + ", and the city added 35 parks and 7 bridges " * 40 + "."


def _yaml_size(text: str) -> int:
    return len(dump_yaml(pipeline.extract(text).to_dict()).encode("utf-8"))


def test_a_long_sentence_is_cut_around_each_match() -> None:
    doc = pipeline.extract(LONG_EN)
    assert len(LONG_EN) > records.SENTENCE_MAX and len(doc.records) > 50
    for r in doc.records:
        s, m = r.source["sentence"], r.source["match"]
        assert m in s and len(s) <= 2 * records.SENTENCE_WINDOW + len(m) + 2
        assert s.startswith(records.ELLIPSIS) or s.endswith(records.ELLIPSIS)
        assert s.strip(records.ELLIPSIS) in LONG_EN          # a piece of the text, cut between words


def test_a_sentence_up_to_the_bound_is_whole() -> None:
    text = "全年" + "，".join(f"第{i}类项目完成投资增长{i}%" for i in range(1, 40)) + "。"
    assert len(text) < records.SENTENCE_MAX
    assert {r.source["sentence"] for r in pipeline.extract(text).records} == {text.rstrip("。")}


def test_a_sentence_gives_a_bounded_number_of_records() -> None:
    text = "主要指标分别增长" + "8%、" * (FIGURES_PER_SENTENCE + 50) + "9%。"
    doc = pipeline.extract(text)
    assert len(doc.records) == FIGURES_PER_SENTENCE
    assert any(f"sentence of {FIGURES_PER_SENTENCE + 51} figures" in w for w in doc.warnings)


@pytest.mark.parametrize("shape", ["分别 list", "figures joined by zero-width spaces", "1万 repeated",
                                   "English without full stops"])
def test_output_grows_linearly_and_stays_under_20_times_the_input(shape: str) -> None:
    small, large = (_yaml_size(shape_text(shape, n)) for n in (4_000, 16_000))
    assert large <= 20 * 16_000 and large < 6 * small        # quadratic output would be 16 times


def test_run_time_grows_linearly_on_a_report_without_line_breaks() -> None:
    def best(n: int) -> float:
        text = shape_text("report, line breaks removed", n)
        times = []
        for _ in range(2):
            t0 = time.perf_counter()
            pipeline.extract(text)
            times.append(time.perf_counter() - t0)
        return min(times)
    best(10_000)        # warm
    assert best(400_000) < 7 * best(100_000)       # linear is 4 times, quadratic 16


def test_a_figure_list_of_20_kb_is_read_in_seconds() -> None:
    t0 = time.perf_counter()
    pipeline.extract(shape_text("分别 list", 20_000))
    assert time.perf_counter() - t0 < 10


def test_english_longer_than_what_spacy_takes_at_once(monkeypatch) -> None:
    nlp = segment_en._nlp()
    monkeypatch.setattr(nlp, "max_length", 4_000)       # spaCy refuses longer texts (1,000,000 by default)
    text = "Output grew by 5 percent in 2023 and jobs rose by 3 percent " * 300 + "."
    doc = pipeline.extract(text)
    assert len(doc.records) >= 600
    assert all(text[r.source["start"]:r.source["end"]] == r.source["match"] for r in doc.records)


def test_chunks_cut_at_sentence_ends_and_cover_the_paragraph() -> None:
    text = "".join(f"Sentence {i} says {i} things. " for i in range(3000))
    spans = segment_en.chunks(text, 0, len(text), 5_000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(e - s <= 5_000 for s, e in spans)
    assert all(re.search(r"\. $", text[s:e]) for s, e in spans[:-1])


def test_yaml_of_a_cut_sentence_reads_back() -> None:
    doc = pipeline.extract(LONG_EN)
    back = yaml.safe_load(dump_yaml(doc.to_dict()))
    assert [r["source"]["sentence"] for r in back["records"]] == [r.source["sentence"] for r in doc.records]


@pytest.mark.parametrize("pattern,bounded", [
    (r"(?:one )+x", r"(?:one ){1,20}x"), (r"(a)*b", r"(a){0,20}b"), (r"(a){3,}", r"(a){3,20}"),
    (r"(a){25,}", r"(a){25,25}"), (r"[)+](\))+", r"[)+](\)){1,20}"), (r"\(a\)+", r"\(a\)+"), (r"a+(?:b)", r"a+(?:b)"),
    (r"[^]+)](x)+", r"[^]+)](x){1,20}"),
])
def test_group_repeats_of_quantity_rules_are_bounded(pattern: str, bounded: str) -> None:
    from pipeline.quantities.safety import bound_repeats

    assert bound_repeats(pattern) == bounded


def test_matching_a_run_of_number_words_grows_linearly() -> None:
    # "one one one …": an unbounded repeat of number words took each start to the end of the run (16,000
    # characters took 108 s for en.count); bounded, each start costs at most REPEAT_MAX words
    from pipeline.api import default_pipeline
    from pipeline.quantities.regex import scanner

    rule = next(r for r in default_pipeline().for_language("en").ruleset.rules if r.id == "en.count")
    rx = scanner(rule.regex)

    def best(n: int) -> float:
        text = "one " * (n // 4)
        times = []
        for _ in range(2):
            t0 = time.perf_counter()
            list(rx.finditer(text))
            times.append(time.perf_counter() - t0)
        return min(times)
    assert best(8_000) < 7 * best(2_000)


def test_a_text_without_line_breaks_is_no_title_or_heading() -> None:
    from pipeline.structure import HEADING_MAX, TITLE_MAX

    body = "全年地区生产总值增长8%，固定资产投资增长6%。" * 200
    for text in (body, "一、" + body, "（一）工作目标：" + body):
        doc = pipeline.extract(text)
        assert len(doc.title or "") <= TITLE_MAX
        assert len(doc.records) == 400
        assert all(len(h) <= HEADING_MAX for r in doc.records for h in r.section)


def test_warnings_of_one_kind_are_listed_a_bounded_number_of_times() -> None:
    from pipeline.diagnostics import WARNINGS_PER_KIND

    doc = pipeline.extract("1-1-1-1-1-1 " * 500)        # 3,000 digits no rule takes
    listed = [w for w in doc.warnings if w.startswith("figure not understood at")]
    assert len(listed) == WARNINGS_PER_KIND and all(len(w) < 200 for w in listed)
    assert f"figure not understood: {3000 - WARNINGS_PER_KIND} more (the first {WARNINGS_PER_KIND} are listed " \
        "above)" in doc.warnings
