"""Records from tables (pipeline/tables.py): indicators from row headers, kind and period from column headers.

The fixture targets-table.pdf (tools/make_pdf_fixtures.py, render_table) holds, under the caption 单位：亿元:

    指标                 | 2022年完成 | 2023年目标 | 增长%
    地区生产总值          | 458.51     | 495        | 8
    规模以上工业增加值     | 194.83     | 206.5      | 6
    固定资产投资          |            |            | 8
    社会消费品零售总额     | 158.86     | 168.4      | 6
    地方一般公共预算收入   | 35.73      | 37.5       | 5
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest

from pipeline.ingest import Source, load
from pipeline.pdf import PdfTable, extract_pdf

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "pdf"
YI = 100_000_000

# (row, column header): value, unit, kind, period, indicator_id, measure, normalized value, normalized unit
EXPECTED = [
    ("地区生产总值", "458.51", 458.51 * YI, "元", "actual", "2022", "gdp", "level", 458.51 * YI, "CNY"),
    ("地区生产总值", "495", 495 * YI, "元", "target", "2023", "gdp", "level", 495 * YI, "CNY"),
    ("地区生产总值", "8", 8, "%", "target", "2023", "gdp", "change", 8, "percent"),
    ("规模以上工业增加值", "194.83", 194.83 * YI, "元", "actual", "2022", "industrial_value_added", "level",
     194.83 * YI, "CNY"),
    ("规模以上工业增加值", "206.5", 206.5 * YI, "元", "target", "2023", "industrial_value_added", "level",
     206.5 * YI, "CNY"),
    ("规模以上工业增加值", "6", 6, "%", "target", "2023", "industrial_value_added", "change", 6, "percent"),
    ("固定资产投资", "8", 8, "%", "target", "2023", "fixed_asset_investment", "change", 8, "percent"),
    ("社会消费品零售总额", "158.86", 158.86 * YI, "元", "actual", "2022", "retail_sales", "level", 158.86 * YI, "CNY"),
    ("社会消费品零售总额", "168.4", 168.4 * YI, "元", "target", "2023", "retail_sales", "level", 168.4 * YI, "CNY"),
    ("社会消费品零售总额", "6", 6, "%", "target", "2023", "retail_sales", "change", 6, "percent"),
    ("地方一般公共预算收入", "35.73", 35.73 * YI, "元", "actual", "2022", "general_budget_revenue", "level",
     35.73 * YI, "CNY"),
    ("地方一般公共预算收入", "37.5", 37.5 * YI, "元", "target", "2023", "general_budget_revenue", "level",
     37.5 * YI, "CNY"),
    ("地方一般公共预算收入", "5", 5, "%", "target", "2023", "general_budget_revenue", "change", 5, "percent"),
]


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def test_targets_table_records_field_by_field(pipe) -> None:
    src = load(FIX / "targets-table.pdf")
    doc = pipe.run_source(src)
    cells = [r for r in doc.records if r.rule == "zh.table.cell"]
    assert len(cells) == len(EXPECTED)
    table = src.tables[0]
    for rec, (row, match, value, unit, kind, period, iid, measure, norm, norm_unit) in zip(cells, EXPECTED,
                                                                                          strict=True):
        where = f"{row} {match}"
        assert rec.indicator == row, where
        assert rec.indicator_id == iid, where
        assert rec.labels and rec.labels["zh"], where
        assert rec.source["match"] == match, where
        assert close(rec.value, value), where
        assert rec.value_max is None
        assert rec.unit == unit, where
        assert rec.kind == kind, where
        assert rec.period == period, where
        assert rec.measure == measure, where
        assert rec.comparator == "=" and rec.stretch is False, where
        assert close(rec.normalized["value"], norm) and rec.normalized["unit"] == norm_unit, where
        # grounded: the cell's number in the extracted text, on page 1, inside the table block
        s, e = rec.source["start"], rec.source["end"]
        assert src.text[s:e] == match and table.start <= s < e <= table.end, where
        assert rec.source["page"] == 1
        assert rec.source["sentence"].startswith(row + " | "), where
        assert rec.section == []
    # the intro paragraph's own figures are running text; nothing else comes from the table's text
    text_records = [r for r in doc.records if r.rule != "zh.table.cell"]
    assert [r.source["match"] for r in text_records] == ["8%", "8.5%"]
    assert all(not table.start <= r.source["start"] < table.end for r in text_records)
    # one record per value cell, ids in reading order
    assert len({(r.source["start"], r.source["end"]) for r in doc.records}) == len(doc.records)
    assert [r.id for r in doc.records] == [f"r{i:04d}" for i in range(1, len(doc.records) + 1)]
    assert [r.source["start"] for r in doc.records] == sorted(r.source["start"] for r in doc.records)


def _complex_table_pdf(path: Path) -> None:
    """Two header rows (a year spanning two columns), a numbering and a unit column, a unit in a row
    header, a dash for an empty cell, comparators, a scale word and a range in cells."""
    spec = importlib.util.spec_from_file_location("mk", ROOT / "tools" / "make_pdf_fixtures.py")
    mk = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mk)
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body = ParagraphStyle("body", fontName=mk.FONT, fontSize=11, leading=18, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=mk.FONT, fontSize=10, leading=13, wordWrap="CJK")
    rows = [
        ["序号", "指标", "单位", "2024年", "", "2025年"],
        ["", "", "", "实际", "增长（%）", "目标"],
        ["1", "城镇新增就业", "人", "5200", "4", "≥5000"],
        ["2", "高新技术企业", "家", "120", "—", "130左右"],
        ["3", "居民人均可支配收入（元）", "", "45000", "5.5", "4.8万"],
        ["4", "地区生产总值", "亿元", "286.4", "6.2", "300-305"],
    ]
    table = Table([[Paragraph(v, cell) if v else "" for v in r] for r in rows],
                  colWidths=[30, 110, 40, 60, 60, 60])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.7, colors.black), ("SPAN", (3, 0), (4, 0)),
                               ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (2, 1))]))
    doc = SimpleDocTemplate(str(path), pagesize=A4, invariant=1, title="青溪县主要指标")
    doc.build([Paragraph("青溪县2025年主要指标", body), Spacer(1, 8), Paragraph("主要经济社会发展指标如下。", body),
               table, Spacer(1, 10), Paragraph("全县上下要确保完成各项目标任务。", body)])


def test_table_with_two_header_rows_and_a_unit_column(pipe, tmp_path: Path) -> None:
    path = tmp_path / "complex.pdf"
    _complex_table_pdf(path)
    src = load(path)
    assert len(src.tables) == 1
    got = [(r.indicator, r.indicator_id, r.kind, r.period, r.measure, r.comparator, r.value, r.value_max, r.unit,
            r.normalized["unit"], r.source["match"])
           for r in pipe.run_source(src).records if r.rule == "zh.table.cell"]
    assert got == [
        ("城镇新增就业", "new_urban_jobs", "actual", "2024", "level", "=", 5200, None, "人", "count", "5200"),
        ("城镇新增就业", "new_urban_jobs", "actual", "2024", "change", "=", 4, None, "%", "percent", "4"),
        ("城镇新增就业", "new_urban_jobs", "target", "2025", "level", ">=", 5000, None, "人", "count", "≥5000"),
        ("高新技术企业", "high_tech_enterprises", "actual", "2024", "level", "=", 120, None, "家", "count", "120"),
        ("高新技术企业", "high_tech_enterprises", "target", "2025", "level", "~", 130, None, "家", "count",
         "130左右"),
        ("居民人均可支配收入", "disposable_income", "actual", "2024", "level", "=", 45000, None, "元", "CNY", "45000"),
        ("居民人均可支配收入", "disposable_income", "actual", "2024", "change", "=", 5.5, None, "%", "percent", "5.5"),
        ("居民人均可支配收入", "disposable_income", "target", "2025", "level", "=", 48000, None, "元", "CNY", "4.8万"),
        ("地区生产总值", "gdp", "actual", "2024", "level", "=", 28640000000, None, "元", "CNY", "286.4"),
        ("地区生产总值", "gdp", "actual", "2024", "change", "=", 6.2, None, "%", "percent", "6.2"),
        ("地区生产总值", "gdp", "target", "2025", "level", "range", 30000000000, 30500000000, "元", "CNY",
         "300-305"),
    ]


# --------------------------------------------------------------------------- tables given directly


def table_source(before: str, rows: list[list[str]], caption: str = "", after: str = "尾段。") -> Source:
    """A PDF-like Source: `before`, the table rendered as pipeline/pdf/ does (one line per row, " | "), `after`."""
    text = before + "\n\n"
    start = len(text)
    spans: list[list[tuple[int, int] | None]] = []
    for r, row in enumerate(rows):
        if r:
            text += "\n"
        cells: list[tuple[int, int] | None] = []
        for k, cell in enumerate(row):
            if k:
                text += " | "
            cells.append((len(text), len(text) + len(cell)) if cell else None)
            text += cell
        spans.append(cells)
    end = len(text)
    text += "\n\n" + after
    table = PdfTable(1, start, end, spans, caption)
    return Source("table.pdf", text, "pdf", None, hashlib.sha256(text.encode()).hexdigest(), pages=1,
                  page_starts=[0], tables=[table])


def cell_records(pipe, src: Source) -> list:
    return [r for r in pipe.run_source(src).records if r.rule == "zh.table.cell"]


def test_transposed_table(pipe) -> None:
    src = table_source("2023年主要目标\n\n单位：亿元", [
        ["年份", "地区生产总值", "固定资产投资增长（%）"],
        ["2022年完成", "458.51", "5"],
        ["2023年目标", "495", "8"],
    ], caption="单位：亿元")
    got = [(r.indicator, r.indicator_id, r.kind, r.period, r.measure, r.value, r.unit) for r in cell_records(pipe, src)]
    assert sorted(got, key=lambda g: (g[0], g[3])) == [
        ("固定资产投资", "fixed_asset_investment", "actual", "2022", "change", 5, "%"),
        ("固定资产投资", "fixed_asset_investment", "target", "2023", "change", 8, "%"),
        ("地区生产总值", "gdp", "actual", "2022", "level", 45851000000, "元"),
        ("地区生产总值", "gdp", "target", "2023", "level", 49500000000, "元"),
    ]


def test_years_without_kind_words_stretch_and_declines(pipe) -> None:
    # a year before the document's year is a result, the document's year a target; 力争 in a header
    # makes that column's targets stretch; 下降 makes a change negative; a cell's own unit wins
    src = table_source("2024年工作计划", [
        ["指标", "2023年", "2024年（力争）", "下降（%）"],
        ["单位地区生产总值能耗", "0.41吨", "0.40吨", "2.5"],
        ["粮食总产量（万吨）", "26.5", "27", ""],
    ])
    got = [(r.indicator, r.kind, r.period, r.stretch, r.measure, r.value, r.unit, r.normalized["value"])
           for r in cell_records(pipe, src)]
    assert got == [
        ("单位地区生产总值能耗", "actual", "2023", False, "level", 0.41, "吨", 0.41),
        ("单位地区生产总值能耗", "target", "2024", True, "level", 0.40, "吨", 0.40),
        ("单位地区生产总值能耗", "target", "2024", True, "change", -2.5, "%", -2.5),
        ("粮食总产量", "actual", "2023", False, "level", 265000, "吨", 265000),
        ("粮食总产量", "target", "2024", True, "level", 270000, "吨", 270000),
    ]


def test_table_text_is_not_running_text(pipe) -> None:
    # cells that read like sentences would give records as running text; only the table reader's count
    src = table_source("全市主要指标", [
        ["指标", "2023年目标"],
        ["地区生产总值增长", "8%"],
        ["引进亿元以上项目", "不少于55个"],
    ], after="固定资产投资增长8%。")
    recs = pipe.run_source(src).records
    assert [(r.rule, r.source["match"]) for r in recs] == [
        ("zh.table.cell", "8%"), ("zh.table.cell", "不少于55个"), ("zh.quantity", "8%")]
    assert recs[1].comparator == ">=" and recs[1].value == 55 and recs[1].unit == "个"
    assert recs[1].indicator_id == "new_projects_above_100m"


def test_cells_that_are_not_values(pipe) -> None:
    src = table_source("全市主要指标", [
        ["指标", "2023年目标", "备注"],
        ["地区生产总值增长（%）", "8左右", "按可比价格计算"],
        ["外贸进出口总额（亿元）", "见附表3", "—"],
        ["社会消费品零售总额（亿元）", "/", "含批发"],
    ])
    doc = pipe.run_source(src)
    cells = [r for r in doc.records if r.rule == "zh.table.cell"]
    # a change word ending a row header makes a change: the indicator is what grows
    assert [(r.indicator, r.indicator_id, r.measure, r.comparator, r.value, r.unit) for r in cells] == [
        ("地区生产总值", "gdp", "change", "~", 8, "%")]
    assert any("table cell not understood" in w and "见附表3" in w for w in doc.warnings)


def test_table_records_from_the_fixture_text_are_deterministic(pipe) -> None:
    a = pipe.run_source(load(FIX / "targets-table.pdf"))
    b = pipe.run_source(load(FIX / "targets-table.pdf"))
    assert [r.to_dict() for r in a.records] == [r.to_dict() for r in b.records]


@pytest.mark.parametrize("name", ["heshan-2023-work-plan.zh.1col.pdf", "heshan-2023-h2-focus.zh.2col.pdf"])
def test_no_tables_no_table_records(pipe, name: str) -> None:
    assert extract_pdf(FIX / name).tables == []
    assert not [r for r in pipe.run_source(load(FIX / name)).records if r.rule == "zh.table.cell"]


def test_a_table_of_sentences_stays_running_text(pipe) -> None:
    # no column of values: the ruled box is layout, and its figures come from the text rules
    src = table_source("2023年主要目标", [
        ["指标", "说明"],
        ["地区生产总值", "全年增长8%，力争实现8.5%"],
        ["固定资产投资", "全年增长8%"],
    ])
    recs = pipe.run_source(src).records
    assert [(r.rule == "zh.table.cell", r.value, r.stretch) for r in recs] == [
        (False, 8, False), (False, 8.5, True), (False, 8, False)]
