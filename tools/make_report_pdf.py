"""Render a long report (.txt, one paragraph a line) as a PDF laid out like a real one, for tests and timing.

Usage:
    python tools/make_report_pdf.py REPORT.txt OUT.pdf [--layout LAYOUT] [--pages N]

Harder than the fixtures of make_pdf_fixtures.py.  Paragraphs have a first-line indent
and no space between them and run on across columns and pages; every page has a running
header with a rule and a page number; a ruled table of targets (invented figures) is set
before a heading in the middle of the report.  Two ways of setting the text:

* `1col`, `2col` (drawn line by line on the canvas): lines break anywhere, inside
  numbers and units too ("增长\n8%", "1.\n5万亩"; closing marks never start a line),
  and every line but a paragraph's last is justified with character spacing;
* `1col-flow`, `2col-flow` (reportlab's platypus: Paragraph, Frame, Table): lines are
  ragged, numbers stay whole, a closing mark may hang past the column edge, headings
  are one point larger with space before them, and a table may be split over two
  columns or pages.

    1col, 1col-flow   A4, 14 pt, header: the report's title; page numbers "— N —"
    2col, 2col-flow   A4 newspaper, 10.5 pt, header "南岭日报 2026年2月11日 … 第N版 要闻",
                      footer "责任编辑 …", page numbers "N"

`--pages N` repeats the report (the table only once) until the PDF has exactly N pages
(canvas layouts; a timing input).  The output is deterministic (reportlab `invariant=1`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_pdf_fixtures import ANY_CHAR, FONT, Flow, is_heading, paragraphs, wrap  # noqa: E402

# A table of targets (invented figures): header row, then indicator | last year | target.
TARGETS = [
    ["主要指标", "上年完成", "今年目标"],
    ["地区生产总值增长（%）", "5.5", "5左右"],
    ["一般公共预算收入增长（%）", "2.9", "3"],
    ["城镇调查失业率（%）", "5.1", "5.5以内"],
    ["单位地区生产总值能耗降低（%）", "3.2", "2.5"],
]
LAYOUTS = ("1col", "2col", "1col-flow", "2col-flow")
NEWSPAPER = ("南岭日报  2026年2月11日  星期三", "第{n}版  要闻")
FOOTER = "责任编辑：林晓    版式设计：周岚"


def _spec(layout: str, title: str) -> dict:
    """Columns, type size, header (left, right), footer and page-number style of a layout."""
    if layout.startswith("1col"):
        return dict(columns=1, size=14.0, header=(title, ""), footer=None, page_label="— {n} —")
    return dict(columns=2, size=10.5, header=NEWSPAPER, footer=FOOTER, page_label="{n}")


class ReportFlow(Flow):
    """Flow with a running header (and rule), an optional running footer, and ruled tables."""

    def __init__(self, c: canvas.Canvas, columns: int, page_label: str, header: str,
                 header_right: str, footer: str | None, size: float) -> None:
        self.header_right = header_right
        self.footer = footer
        self.running = header
        super().__init__(c, columns, page_label, header=None, size=size, indent=2.0, justify=True,
                         para_gap=0.0)
        self.top = self.page_h - 86.0
        self.col_top = self.y = self.top
        self.bottom = 84.0 if footer else 70.0
        self.token = ANY_CHAR

    def new_page(self) -> None:
        super().new_page()
        c, y = self.c, self.page_h - 50
        c.setFont(FONT, 9)
        c.drawString(self.margin_x, y, self.running)
        c.drawRightString(self.page_w - self.margin_x, y, self.header_right.format(n=self.page))
        c.setLineWidth(0.6)
        c.line(self.margin_x, y - 6, self.page_w - self.margin_x, y - 6)
        if self.footer:
            c.line(self.margin_x, 62, self.page_w - self.margin_x, 62)
            c.drawString(self.margin_x, 50, self.footer)

    def table(self, rows: list[list[str]], size: float) -> None:
        """A ruled table across the current column (moved to the next one if it does not fit)."""
        cw = [0.46 * self.col_w] + [0.54 * self.col_w / (len(rows[0]) - 1)] * (len(rows[0]) - 1)
        lead = size * 1.35
        cells = [[wrap(t, size, w - 6) for t, w in zip(r, cw, strict=True)] for r in rows]
        heights = [max(len(ls) for ls in r) * lead + 6 for r in cells]
        gap = self.size * 0.8
        if self.y - gap - sum(heights) < self.bottom:
            self.next_column()
        left = self.margin_x + self.col * (self.col_w + self.gutter)
        c = self.c
        top = self.y - gap
        c.setLineWidth(0.7)
        y = top
        for r, h in zip(cells, heights, strict=True):
            x = left
            for lines, w in zip(r, cw, strict=True):
                for k, ln in enumerate(lines):
                    t = c.beginText(x + 3, y - 3 - size - k * lead)
                    t.setFont(FONT, size)
                    t.setCharSpace(0)          # the body's justification spacing outlives its text objects
                    t.textOut(ln)
                    c.drawText(t)
                x += w
            y -= h
        for yy in [top] + [top - sum(heights[:i + 1]) for i in range(len(heights))]:
            c.line(left, yy, left + self.col_w, yy)
        x = left
        for w in [0.0] + cw:
            x += w
            c.line(x, top, x, y)
        self.y = y - gap


def title_of(pars: list[str]) -> str:
    """The report's title: the first paragraph naming a report or plan, else the first one."""
    return next((p for p in pars[:15] if p.endswith(("报告", "规划", "计划", "方案"))), pars[0])


class _Full(Exception):
    pass


def render_report(seed: Path, out: Path, layout: str = "1col", pages: int | None = None) -> int:
    """Render `seed` into `out` (see the module docstring); returns the number of pages.
    With `pages`, the report is repeated until the PDF has exactly that many pages."""
    if layout.endswith("-flow"):
        return render_flowing(seed, out, layout)
    pars = paragraphs(seed)
    title = title_of(pars)
    spec = _spec(layout, title)
    c = canvas.Canvas(str(out), pagesize=A4, pageCompression=1, invariant=1)
    c.setTitle(title)
    flow = ReportFlow(c, spec["columns"], spec["page_label"], *spec["header"], spec["footer"], spec["size"])
    if pages is not None:
        orig = flow.new_page

        def guard() -> None:
            if flow.page >= pages:
                raise _Full
            orig()
        flow.new_page = guard  # type: ignore[method-assign]
    table_at = _table_position(pars)
    try:
        while True:
            for i, par in enumerate(pars):
                if i == table_at:                       # the table once, in the first copy
                    flow.table(TARGETS, flow.size - 1.5)
                    table_at = None
                if i == 0:
                    flow.paragraph(par, flow.size + 6, 0, indent=0)
                elif is_heading(par):
                    flow.paragraph(par, flow.size + 1, 0.5, indent=0)
                else:
                    flow.paragraph(par)
            if pages is None:
                break
            flow.new_page()
    except _Full:
        pass
    c.save()
    return flow.page


def _table_position(pars: list[str]) -> int | None:
    """The table of targets goes before the first heading in the second half of the report."""
    return next((i for i, p in enumerate(pars) if is_heading(p) and i >= len(pars) // 2), None)


def render_flowing(seed: Path, out: Path, layout: str) -> int:
    """The `-flow` layouts: platypus paragraphs flowing through one or two frames a page."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

    pars = paragraphs(seed)
    title = title_of(pars)
    spec = _spec(layout, title)
    size = spec["size"]
    body = ParagraphStyle("body", fontName=FONT, fontSize=size, leading=size * 1.6, wordWrap="CJK",
                          alignment=TA_JUSTIFY, firstLineIndent=2 * size)
    head = ParagraphStyle("head", parent=body, fontSize=size + 1, firstLineIndent=0, spaceBefore=size * 0.5)
    big = ParagraphStyle("title", parent=body, fontSize=size + 6, leading=(size + 6) * 1.4,
                         alignment=TA_CENTER, firstLineIndent=0)
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=size - 1.5, leading=(size - 1.5) * 1.35, wordWrap="CJK")
    page_w, page_h = A4
    margin, gutter, bottom = 60.0, 18.0, 84.0
    width = (page_w - 2 * margin - (spec["columns"] - 1) * gutter) / spec["columns"]
    frames = [Frame(margin + k * (width + gutter), bottom, width, page_h - 86 - bottom, id=f"c{k}")
              for k in range(spec["columns"])]

    def furniture(c: canvas.Canvas, doc: BaseDocTemplate) -> None:
        c.saveState()
        c.setFont(FONT, 9)
        left, right = spec["header"]
        c.drawString(margin, page_h - 50, left)
        c.drawRightString(page_w - margin, page_h - 50, right.format(n=doc.page))
        c.setLineWidth(0.6)
        c.line(margin, page_h - 56, page_w - margin, page_h - 56)
        if spec["footer"]:
            c.line(margin, 62, page_w - margin, 62)
            c.drawString(margin, 50, spec["footer"])
        c.drawCentredString(page_w / 2, 36, spec["page_label"].format(n=doc.page))
        c.restoreState()

    doc = BaseDocTemplate(str(out), pagesize=A4, invariant=1, pageCompression=1, title=title)
    doc.addPageTemplates([PageTemplate(frames=frames, onPage=furniture)])
    story: list = []
    table_at = _table_position(pars)
    for i, par in enumerate(pars):
        if i == table_at:
            # as wide as the frame: wider than the text inside the frame's padding
            t = Table([[Paragraph(v, cell) for v in row] for row in TARGETS],
                      colWidths=[0.46 * width, 0.27 * width, 0.27 * width])
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.7, colors.black)]))
            story += [Spacer(1, 6), t, Spacer(1, 6)]
        text = par.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        story.append(Paragraph(text, big if i == 0 else head if is_heading(par) else body))
    doc.build(story)
    return doc.page


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--layout", choices=LAYOUTS, default="1col")
    ap.add_argument("--pages", type=int)
    args = ap.parse_args()
    n = render_report(args.report, args.out, args.layout, args.pages)
    print(f"{n} pages  {args.out}")


if __name__ == "__main__":
    main()
