"""Records from PDF renderings of a report equal the records from its .txt (issue 4), on the right pages.

The fixtures (tests/fixtures/pdf/) wrap every paragraph mid-sentence at the column width; the pipeline
must read them as the paragraphs they are: pipeline/pdf/ marks a line that ends at the column edge as a soft
wrap ("\\n", any other line end is "\\n\\n") and structure.build(wrapped=True) joins soft wraps in its view.
Other paragraph styles (first-line indent without space between paragraphs, ragged right edge) are
rendered on the fly with the fixture tool, also from the generalization documents, which were never
used to tune the layout code.
"""

from __future__ import annotations

import functools
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from pdf_helpers import check_pages, fixture_tool

from pipeline.evaluate import indicator_agrees
from pipeline.ingest import load
from pipeline.model import Record
from pipeline.quantities.numbers import FULLWIDTH
from pipeline.structure import StructureRules, build
from pipeline.unwrap import unwrap

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "pdf"
SAMPLES = ("heshan-2023-work-plan.zh", "heshan-2023-h2-focus.zh")
FIELDS = ("value", "value_max", "unit", "kind", "indicator_id", "measure", "comparator", "stretch")
FLOOR = 0.98


def agreement(want: list[Record], got: list[Record]) -> tuple[int, int, list[str]]:
    """(agreeing records, max(len(want), len(got)), differences): records aligned in reading order on
    (value, unit), then compared field by field, the indicator leniently as in `eval`."""
    sm = SequenceMatcher(None, [(r.value, r.unit) for r in want], [(r.value, r.unit) for r in got],
                         autojunk=False)
    ok, problems = 0, []
    matched_want: set[int] = set()
    for a, b, n in sm.get_matching_blocks():
        for i in range(n):
            x, y = want[a + i], got[b + i]
            matched_want.add(a + i)
            diff = [f"{f}: {getattr(x, f)!r} != {getattr(y, f)!r}" for f in FIELDS if getattr(x, f) != getattr(y, f)]
            if not indicator_agrees(y.indicator, x.indicator):
                diff.append(f"indicator: {x.indicator!r} vs {y.indicator!r}")
            if diff:
                problems.append(f"{x.source['match']!r}: " + "; ".join(diff))
            else:
                ok += 1
    problems += [f"missing {want[i].source['match']!r} ({want[i].source['sentence'][:30]})"
                 for i in range(len(want)) if i not in matched_want]
    return ok, max(len(want), len(got)), problems


@functools.cache
def txt_records(pipe, path: Path) -> list[Record]:
    return pipe.run_source(load(path)).records


@pytest.mark.parametrize("layout", ["1col", "2col"])
@pytest.mark.parametrize("sample", SAMPLES)
def test_pdf_records_equal_txt_records(pipe, sample: str, layout: str) -> None:
    path = FIX / f"{sample}.{layout}.pdf"
    src = load(path)
    doc = pipe.run_source(src)
    ok, total, problems = agreement(txt_records(pipe, ROOT / "samples" / f"{sample}.txt"), doc.records)
    assert ok / total >= FLOOR, f"{ok}/{total} agree:\n" + "\n".join(problems)
    assert check_pages(doc, src, path) == []
    pages = [r.source["page"] for r in doc.records]
    assert pages == sorted(pages) and len(set(pages)) > len(src.page_starts) // 2


STYLES = {
    # government-document style: first-line indent, no space between paragraphs, ragged right edge
    "indent-ragged-1col": dict(columns=1, indent=2, justify=False, para_gap=0),
    # newspaper columns, justified, paragraphs only by their indent
    "indent-justified-2col": dict(columns=2, indent=2, justify=True, para_gap=0),
}


@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize("doc_path", [
    "samples/heshan-2023-work-plan.zh.txt",
    "tests/generalization/gen-nanling-2025-energy-ecology-plan.zh.txt",
    "tests/generalization/gen-ningchuan-2024-city-report.zh.txt",
])
def test_other_paragraph_styles(pipe, tmp_path: Path, doc_path: str, style: str) -> None:
    path = tmp_path / "report.pdf"
    fixture_tool().render_sample(ROOT / doc_path, path, **STYLES[style])
    src = load(path)
    doc = pipe.run_source(src)
    ok, total, problems = agreement(txt_records(pipe, ROOT / doc_path), doc.records)
    assert ok / total >= FLOOR, f"{ok}/{total} agree:\n" + "\n".join(problems)
    assert check_pages(doc, src, path) == []


# --------------------------------------------------------------------------- wrapped text in structure


@pytest.fixture(scope="module")
def rules() -> StructureRules:
    return StructureRules.load(ROOT / "rules" / "zh" / "structure.yaml")


def test_wrapped_paragraphs_are_joined_in_the_view(rules: StructureRules) -> None:
    text = ("鹤山市政府工作报告\n\n2023年工作安排\n\n经济社会发展主要预期目标：地区生产总值增\n长8%，力争实现8.5%\n\n"
            "- 全年地区生产总值458.51亿元，增长2.8%\n\n- 居民人均可支配收入58,\n200元")
    st = build(text, rules, wrapped=True)
    assert "增长8%,力争实现8.5%" in st.view
    assert "58,200元" in st.view
    assert "\n\n" not in st.view
    # the view only deletes characters: each view character is the original one (full-width folded)
    for i, ch in enumerate(st.view):
        if ch != "\n":
            assert text[st.vmap[i]].translate(FULLWIDTH) == ch
    # a wrapped label line is a section label, and the wrap does not end up in the section's name
    assert st.section_at(text.index("长8%")) == ("2023年工作安排", "经济社会发展主要预期目标")
    # each paragraph is one line; list items stay items
    assert [ln.kind for ln in st.lines if ln.kind != "blank"] == ["title", "heading", "para", "item", "item"]


def test_wrapped_heading_is_one_heading(rules: StructureRules) -> None:
    text = "标题\n\n1 坚持制造业当家，打造高质量现代化产业\n体系\n\n(一)加大招商引资力度\n\n- 推动40个工业项目动工"
    st = build(text, rules, wrapped=True)
    assert st.section_at(text.index("推动")) == ("1 坚持制造业当家，打造高质量现代化产业体系", "(一)加大招商引资力度")


def test_unwrap_keeps_a_space_only_in_latin_text() -> None:
    assert unwrap("increased by\n5 percent") == "increased by 5 percent"
    assert unwrap("收入58,\n200元") == "收入58,200元"
    assert unwrap("地区生产总值增\n长8%") == "地区生产总值增长8%"
    assert unwrap("no wrap") == "no wrap"


def test_txt_mode_is_unchanged(rules: StructureRules) -> None:
    # without wrapped=True a single line break still ends a line (the .txt behaviour)
    text = "标题\n\n固定资产投资增长8%\n社会消费品零售总额增长6%"
    st = build(text, rules)
    assert "增长8%\n社会" in st.view
