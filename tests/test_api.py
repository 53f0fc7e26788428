"""The Python API: text in, Document out; a file through extract_file; the records as a DataFrame."""

import sys

import pytest

import pipeline

TEXT = "2023年工作安排\n\n主要预期目标：地区生产总值增长8%，力争实现8.5%，引进亿元以上项目不少于55个。\n"


def test_extract_text_gives_grounded_records() -> None:
    doc = pipeline.extract(TEXT)
    assert [(r.value, r.stretch) for r in doc.records[:2]] == [(8, False), (8.5, True)]
    assert doc.records[2].value == 55 and doc.records[2].comparator == ">="
    for r in doc.records:
        assert TEXT[r.source["start"]:r.source["end"]] == r.source["match"]
    assert doc.year == 2023


def test_year_and_place_can_be_given() -> None:
    doc = pipeline.extract("全年地区生产总值增长8%。", year=2031)
    assert doc.year == 2031 and doc.records[0].period == "2031"


def test_to_frame() -> None:
    import pandas as pd
    doc = pipeline.extract(TEXT)
    frame = doc.to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame) == len(doc.records)
    assert list(frame["id"]) == [r.id for r in doc.records]
    assert list(frame["normalized.value"]) == [r.normalized["value"] for r in doc.records]


def test_to_frame_without_pandas_says_what_to_install(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        pipeline.extract(TEXT).to_frame()
