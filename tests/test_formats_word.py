"""Word files (issue 19): .docx numbering, bold run-in headings, soft line breaks, merged table cells; .doc through
LibreOffice or antiword, or a one-line error naming what to install; the development reports as .docx agree with
their text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from formats_helpers import REPORTS, agreement, describe, format_tool

from pipeline.formats import numbering, word
from pipeline.ingest import IngestError, load

FLOOR = 0.98
FIX = Path(__file__).resolve().parent / "fixtures" / "formats"


@pytest.mark.parametrize("n, kind, want", [
    (1, "decimal", "1"), (12, "decimalZero", "12"), (3, "chineseCounting", "三"), (10, "chineseCounting", "十"),
    (11, "chineseCounting", "十一"), (20, "chineseCountingThousand", "二十"), (105, "chineseCounting", "一百零五"),
    (3, "ideographTraditional", "丙"), (4, "upperRoman", "IV"), (9, "lowerRoman", "ix"), (28, "upperLetter", "BB"),
    (2, "lowerLetter", "b"), (3, "decimalEnclosedCircle", "③"), (12, "chineseLegalSimplified", "拾贰"),
])
def test_number_formats(n: int, kind: str, want: str) -> None:
    assert numbering.fmt(n, kind) == want


@pytest.fixture(scope="module")
def docx_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("docx")
    made = {}
    for report in REPORTS:
        p = out / f"{report.name.rsplit('.', 1)[0]}.docx"
        format_tool().render(report, p, "docx")
        made[report.name] = p
    return made


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.name.rsplit(".", 1)[0])
def test_docx_agrees_with_its_text(pipe, docx_files, report: Path) -> None:
    src = load(docx_files[report.name])
    assert src.format == "docx" and src.encoding is None and src.wrapped
    doc = pipe.run_source(src)
    want = pipe.run_source(load(report)).records
    share, missing = agreement(want, doc.records)
    assert share >= FLOOR, f"{share:.3f}; missing (txt ~ docx):\n{describe(missing, doc.records)}"
    assert all(src.text[r.source["start"]:r.source["end"]] == r.source["match"] for r in doc.records)


def test_docx_structure(docx_files) -> None:
    text = load(docx_files["dev-qiaocheng-2023-city.zh.txt"]).text
    paras = text.split("\n\n")
    assert paras[0] == "政府工作报告"
    assert "\n\n1.经济运行稳中有进。全年地区生产总值3652亿元" in text       # Word's list numbering, written out
    assert "\n\n2.创新动能持续增强。" in text
    assert "（一）全力扩大有效需求" in paras                      # chineseCounting numbering of a heading
    heyang = load(docx_files["dev-heyang-2021-district.zh.txt"])
    assert "——综合实力迈上新台阶。" in heyang.text.split("\n\n")  # a bold run-in heading is a paragraph
    assert any("\n" in p for p in heyang.text.split("\n\n"))      # a soft line break stays a line break
    (table,) = heyang.tables
    cells = [[heyang.text[c[0]:c[1]] if c else None for c in row] for row in table.rows]
    assert cells[0] == ["类别", "主要指标", "上年完成", "今年目标"]
    assert cells[2] == [None, "一般公共预算收入增长（%）", "2.9", "3"]        # under a vertically merged cell
    assert cells[-1] == ["注：地区生产总值增长速度按可比价格计算。", None, None, None]


def test_damaged_docx_is_one_line(tmp_path: Path) -> None:
    p = tmp_path / "broken.docx"
    p.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(IngestError) as err:
        load(p)
    assert "docx" in str(err.value) and "\n" not in str(err.value)


def test_doc_without_a_converter_names_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(word.shutil, "which", lambda name: None)
    with pytest.raises(IngestError) as err:
        load(FIX / "heyang-excerpt.doc")
    assert str(err.value) == ("cannot read .doc (Word 97-2003) files here: install antiword (apt-get install "
                              "antiword) or LibreOffice (soffice), or save the file as .docx")


def _doc_records(pipe, monkeypatch: pytest.MonkeyPatch, only: str) -> tuple:
    real = shutil.which
    monkeypatch.setattr(word.shutil, "which", lambda name: real(name) if name == only else None)
    src = load(FIX / "heyang-excerpt.doc")
    return src, pipe.run_source(src)


def test_doc_read_by_antiword(pipe, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("antiword") is None:
        pytest.skip("antiword is not installed (make test installs it)")
    src, doc = _doc_records(pipe, monkeypatch, "antiword")
    want = pipe.run_source(load(FIX / "heyang-excerpt.docx")).records
    share, missing = agreement(want, doc.records)
    assert src.format == "doc" and share >= FLOOR, describe(missing, doc.records)
    assert src.warnings[0].startswith("read by antiword")
    assert len(src.tables) == 1 and src.text[src.tables[0].start:].startswith("类别 | 主要指标 | 上年完成 | 今年目标")


def test_doc_converted_by_libreoffice(pipe, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; .doc files are read by antiword instead")
    src, doc = _doc_records(pipe, monkeypatch, "soffice")
    want = pipe.run_source(load(FIX / "heyang-excerpt.docx"))
    share, missing = agreement(want.records, doc.records)
    assert src.format == "doc" and share >= FLOOR, describe(missing, doc.records)
    assert src.warnings == [] and len(src.tables) == 1
