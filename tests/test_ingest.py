"""Ingest: encodings detected and recorded, offsets index the decoded text exactly (CRLF kept)."""

import codecs

import pytest

from pipeline import extract, extract_file
from pipeline.ingest import IngestError, decode, load

TEXT = "2023年工作安排\n\n经济社会发展主要预期目标：地区生产总值增长8%，力争实现8.5%\n\n固定资产投资增长8%\n"


@pytest.mark.parametrize("encoding,data", [
    ("utf-8", TEXT.encode("utf-8")),
    ("utf-8-sig", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
    ("utf-16", TEXT.encode("utf-16")),            # with BOM
    ("utf-16", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")),
    ("gb18030", TEXT.encode("gb18030")),
    ("gb18030", TEXT.encode("gbk")),
])
def test_encodings(tmp_path, encoding, data):
    f = tmp_path / "report.txt"
    f.write_bytes(data)
    src = load(f)
    assert src.encoding == encoding
    assert src.text == TEXT
    doc = extract_file(f)
    assert doc.encoding == encoding
    assert [r.value for r in doc.records] == [8, 8.5, 8]
    for r in doc.records:
        assert src.text[r.source["start"]:r.source["end"]] == r.source["match"]


def test_crlf_offsets(tmp_path):
    crlf = TEXT.replace("\n", "\r\n")
    f = tmp_path / "crlf.txt"
    f.write_bytes(crlf.encode("utf-8"))
    doc = extract_file(f)
    assert [r.value for r in doc.records] == [8, 8.5, 8]
    for r in doc.records:
        assert crlf[r.source["start"]:r.source["end"]] == r.source["match"]
    assert doc.records[2].source["start"] == crlf.index("固定资产投资增长8%") + len("固定资产投资增长")


def test_number_split_across_lines(tmp_path):
    text = "全年工作回顾\n\n全市规模以上工业增加值同比增长27.\n3%，创历史新高。\n"
    doc = extract(text)
    (r,) = doc.records
    assert r.value == 27.3 and r.measure == "change"
    assert r.source["match"] == "27.\n3%"
    assert text[r.source["start"]:r.source["end"]] == r.source["match"]


def test_stray_list_marker_continuation():
    text = "2023年工作安排\n\n- 5.实施技术改造企业超70家，完成技改\n\n- 投资40亿元。\n- 6.建立专业化招商队伍。\n"
    doc = extract(text)
    money = [r for r in doc.records if r.unit == "元"]
    assert money and money[0].indicator == "技改投资"
    assert money[0].indicator_id == "technical_renovation_investment"
    assert text[money[0].source["start"]:money[0].source["end"]] == "40亿元"


@pytest.mark.parametrize("data,reason", [
    (b"\x00\x01\x02binary\x00", "binary"),
    (b"\xff\xfe\x00", "UTF-16"),
])
def test_bad_text(data, reason):
    with pytest.raises(IngestError, match=reason):
        decode(data)


def test_unsupported(tmp_path):
    f = tmp_path / "a.odt"
    f.write_bytes(b"x")
    with pytest.raises(IngestError, match="unsupported"):
        load(f)


def test_extract_takes_text_and_extract_file_a_path(tmp_path):
    """extract() never reads a path; extract_file() reads one and names a missing one."""
    f = tmp_path / "report.txt"
    f.write_text(TEXT, encoding="utf-8")
    assert extract(str(f)).records == []            # a path given to extract() is text, not a file
    with pytest.raises(TypeError, match="extract_file"):
        extract(f)
    assert [r.value for r in extract_file(f).records] == [8, 8.5, 8]
    with pytest.raises(FileNotFoundError, match="typo.tx"):
        extract_file(tmp_path / "typo.tx")
