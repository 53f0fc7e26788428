"""Long reports rendered as PDFs laid out like real ones give the records of their .txt (issue 13).

Each report is rendered in a temporary folder by tools/make_report_pdf.py in four layouts: 1 and 2
columns drawn line by line (justified, lines broken inside numbers and units: "增长\\n8%", "1.\\n5万亩"),
and 1 and 2 columns flowed by reportlab's platypus (ragged lines, hanging punctuation, a table split
over columns or pages); all with running headers, page numbers, paragraphs running on across columns
and pages, and a ruled table of targets.  Agreement is the share of the .txt's records that have a PDF
record with the same span text (soft wraps removed), value, kind, period and indicator.  The
generalization documents always run; the provincial reports of the shared corpus only where it is
present (they are third-party text: nothing made from them is kept).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from formats_helpers import agreement, key
from pdf_helpers import check_pages, report_tool

from pipeline.ingest import load
from pipeline.model import Record

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
LAYOUTS = ("1col", "2col", "1col-flow", "2col-flow")
FLOOR = 0.98
GENERALIZATION = sorted((ROOT / "tests" / "generalization").glob("gen-*.zh.txt"))
PROVINCES = sorted(CORPUS.glob("province-*.zh.txt")) if CORPUS.is_dir() else []


@functools.cache
def txt_records(pipe, path: Path) -> list[Record]:
    return pipe.run_source(load(path)).records


def check_rendering(pipe, report: Path, layout: str, out: Path) -> None:
    pages = report_tool().render_report(report, out, layout)
    src = load(out)
    assert src.pages == pages
    doc = pipe.run_source(src)
    want = txt_records(pipe, report)
    _share, missing = agreement(want, doc.records)
    ok = len(want) - len(missing)
    by_match: dict[str, list[Record]] = {}
    for r in doc.records:
        by_match.setdefault(key(r)[0], []).append(r)
    detail = "\n".join(f"{key(r)} ~ {[key(g) for g in by_match.get(key(r)[0], [])][:2]}" for r in missing[:20])
    assert ok / len(want) >= FLOOR, f"{ok}/{len(want)} agree; missing (txt ~ pdf):\n{detail}"
    assert all(isinstance(r.source.get("page"), int) and 1 <= r.source["page"] <= pages for r in doc.records)
    assert check_pages(doc, src, out) == []


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("report", GENERALIZATION, ids=lambda p: p.name.split(".")[0])
def test_generalization_reports(pipe, tmp_path: Path, report: Path, layout: str) -> None:
    check_rendering(pipe, report, layout, tmp_path / "report.pdf")


@pytest.mark.skipif(not PROVINCES, reason="shared corpus not present")
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("report", PROVINCES or [None], ids=lambda p: p.name.split(".")[0] if p else "none")
def test_provincial_reports(pipe, tmp_path: Path, report: Path, layout: str) -> None:
    check_rendering(pipe, report, layout, tmp_path / "report.pdf")


def test_renderings_have_what_they_claim(tmp_path: Path) -> None:
    """The layouts hold the hard cases: numbers broken at a line end, running headers, page numbers,
    a paragraph running on to the next page, and a ruled table."""
    from pdf_helpers import pdfium_page_texts

    report = ROOT / "tests" / "generalization" / "gen-qingxi-2025-county-report.zh.txt"
    for layout in ("1col", "2col"):
        out = tmp_path / f"{layout}.pdf"
        pages = report_tool().render_report(report, out, layout)
        raw = pdfium_page_texts(out)
        assert len(raw) == pages >= 2
        lines = [ln.strip() for page in raw for ln in page.splitlines() if ln.strip()]
        assert any(re.search(r"\d$", a) and re.match(r"[\d.,%]", b) for a, b in zip(lines, lines[1:], strict=False))
        header = "2025年青溪县政府工作报告" if layout == "1col" else "南岭日报"
        assert all(header in page for page in raw)
        assert all((f"— {i + 1} —" if layout == "1col" else str(i + 1)) in page for i, page in enumerate(raw))
    src = load(tmp_path / "1col.pdf")
    assert len(src.tables) == 1 and len(src.tables[0].rows) == 5
    # a paragraph goes on from one page to the next: the page break is a soft wrap
    assert any(src.text[s - 1] == "\n" and src.text[s - 2] != "\n" for s in src.page_starts[1:])
