"""Layout cases of real reports that broke the agreement of PDF and text (issue 13), each drawn small.

Every PDF is drawn here with reportlab's canvas (CID font STSong-Light, A4): a table split after its
header row, a heading at the top of a column after a line that happens to be full, punctuation hanging
past the column edge, a column holding a single line, a table wider than its column's text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from pipeline.pdf import extract_pdf  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
SIZE = 11.0
LEAD = 18.0
TOP = A4[1] - 90
LEFT, RIGHT = 60.0, 290.0            # the left column; the right one starts at 310
BODY = "全市经济运行总体平稳，主要指标稳中有进，发展质量持续提升，民生保障有力有效，社会大局和谐稳定。"


def text_line(c: canvas.Canvas, x: float, y: float, s: str, width: float | None = None, size: float = SIZE) -> None:
    """One line at (x, baseline y); with `width`, justified to it by character spacing."""
    t = c.beginText(x, y)
    t.setFont(FONT, size)
    if width is not None and len(s) > 1:
        t.setCharSpace((width - pdfmetrics.stringWidth(s, FONT, size)) / (len(s) - 1))
    else:
        t.setCharSpace(0)
    t.textOut(s)
    c.drawText(t)


def fill(s: str, width: float, size: float = SIZE) -> list[str]:
    """`s` cut into lines of as many glyphs as fit `width` (the last one shorter)."""
    n = int(width // pdfmetrics.stringWidth("字", FONT, size))
    return [s[i:i + n] for i in range(0, len(s), n)]


def paragraph(c: canvas.Canvas, x: float, y: float, s: str, width: float) -> float:
    """A justified paragraph from baseline y; returns the baseline below its last line."""
    lines = fill(s, width)
    for i, ln in enumerate(lines):
        text_line(c, x, y, ln, width if i < len(lines) - 1 else None)
        y -= LEAD
    return y


def ruled(c: canvas.Canvas, x: float, top: float, widths: list[float], rows: list[list[str]]) -> float:
    """A ruled table with its top-left corner at (x, top); returns its bottom."""
    h = 20.0
    bottom = top - h * len(rows)
    c.setLineWidth(0.7)
    for i in range(len(rows) + 1):
        c.line(x, top - i * h, x + sum(widths), top - i * h)
    edge = x
    for w in [0.0, *widths]:
        edge += w
        c.line(edge, top, edge, bottom)
    for i, row in enumerate(rows):
        edge = x
        for w, cell in zip(widths, row, strict=True):
            text_line(c, edge + 4, top - i * h - 14, cell, size=10)
            edge += w
    return bottom


def test_table_split_after_its_header_row_is_one_table(tmp_path: Path) -> None:
    path = tmp_path / "split.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = TOP
    for _ in range(16):
        y = paragraph(c, LEFT, y, BODY, 470)
    ruled(c, LEFT, y, [200, 135, 135], [["主要指标", "上年完成", "今年目标"]])
    c.showPage()
    bottom = ruled(c, LEFT, TOP, [200, 135, 135], [["地区生产总值增长（%）", "5.5", "5左右"],
                                                    ["城镇调查失业率（%）", "5.1", "5.5以内"]])
    paragraph(c, LEFT, bottom - LEAD, BODY, 470)
    c.showPage()
    c.save()
    got = extract_pdf(path)
    assert len(got.tables) == 1
    tab = got.tables[0]
    cells = [[got.text[s:e] if s is not None else None for s, e in (cell or (None, None) for cell in row)]
             for row in tab.rows]
    assert cells == [["主要指标", "上年完成", "今年目标"], ["地区生产总值增长（%）", "5.5", "5左右"],
                     ["城镇调查失业率（%）", "5.1", "5.5以内"]]
    assert tab.start < got.page_starts[1] < tab.end        # it spans the page break
    assert got.text.count("上年完成") == 1


def test_a_lone_ruled_row_reads_as_text(tmp_path: Path) -> None:
    path = tmp_path / "row.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = paragraph(c, LEFT, TOP, BODY, 470)
    y = ruled(c, LEFT, y, [200, 270], [["联系单位", "市统计局"]]) - LEAD
    paragraph(c, LEFT, y, BODY, 470)
    c.showPage()
    c.save()
    got = extract_pdf(path)
    assert got.tables == []
    assert "\n\n联系单位 市统计局\n\n" in got.text


def two_columns(c: canvas.Canvas, left: list[str], right: list[str]) -> None:
    """Justified lines in two columns (a line ending in "|" is a paragraph's last, not justified)."""
    for x, lines in ((LEFT, left), (310.0, right)):
        y = TOP
        for ln in lines:
            last = ln.endswith("|")
            text_line(c, x, y, ln.rstrip("|"), None if last else RIGHT - LEFT)
            y -= LEAD


def test_heading_at_the_top_of_a_column_after_a_full_line(tmp_path: Path) -> None:
    path = tmp_path / "heading.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    n = len(fill(BODY, RIGHT - LEFT)[0])                    # glyphs in a full line
    left = fill(BODY * 6, RIGHT - LEFT)
    left[-1] = left[0][:-1] + "。"                          # a paragraph's last line that fills the column
    right = ["二、2026年工作安排|", *fill(BODY * 2, RIGHT - LEFT)[:3],
             "字" * (n - 2) + "，第", "三、四季度分别增长5%和6%。|"]
    two_columns(c, left, right)
    c.showPage()
    c.save()
    text = extract_pdf(path).text
    assert "。\n\n二、2026年工作安排\n\n全市" in text
    # after a line that does not end a clause, 三、 goes on with the sentence (三、四季度)
    assert "，第\n三、四季度" in text


def test_punctuation_hanging_past_the_edge_does_not_widen_the_column(tmp_path: Path) -> None:
    path = tmp_path / "hanging.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    em = pdfmetrics.stringWidth("字", FONT, SIZE)
    n = int((RIGHT - LEFT) // em)
    y = TOP
    for k, ln in enumerate(["甲" * n, "乙" * n, "丙" * n, "丁" * (n - 1), "戊" * 5 + "。"]):
        text_line(c, LEFT, y, ln)
        if k == 1:
            text_line(c, LEFT + n * em, y, "。")            # a full stop hanging past the edge
        y -= LEAD
    c.showPage()
    c.save()
    text = extract_pdf(path).text
    # the line one glyph short is full (the next glyph did not fit the column), not a paragraph end
    assert "丁" * (n - 1) + "\n戊" in text


def test_a_column_of_one_line_is_read_after_the_other_column(tmp_path: Path) -> None:
    path = tmp_path / "lone.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    full = fill(BODY * 30, RIGHT - LEFT)
    two_columns(c, full[:30], full[30:58] + [full[58] + "|"])        # page 1: two full columns
    c.showPage()
    left = fill("1.全社会用电量预计达到3,350亿千瓦时，增长6%左右。" + BODY * 3, RIGHT - LEFT)
    two_columns(c, left[:-1] + [left[-1] + "|"], ["完成。|"])        # page 2: one line on the right
    c.showPage()
    c.save()
    text = extract_pdf(path).text
    assert "完成。" in text
    assert "亿千瓦时，增长6%左右。" in text.replace("\n", "")
    first = text.index("全社会用电量")
    assert "完成。" not in text[first:first + 40]
