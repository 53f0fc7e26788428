"""Render the sample reports into small PDF fixtures for the PDF ingest tests.

Usage:
    python tools/make_pdf_fixtures.py [--seeds DIR] [--out DIR]      # seeds: samples/
    python tools/make_pdf_fixtures.py --bench 100 /tmp/bench.pdf   # a large PDF for timing
    python tools/make_pdf_fixtures.py --bench-tables 20 /tmp/bench-tables20.pdf

Uses only reportlab and its built-in CID font STSong-Light (not embedded, so the
files stay small; every PDF reader ships the Adobe-GB1 metrics).  The layout is
deliberately realistic: paragraphs are wrapped mid-sentence at the column width
and justified with character spacing, list items and headings are set as in a
newspaper, page numbers and running headers are printed on every page.

Outputs (into tests/fixtures/pdf/ by default):
    <sample>.1col.pdf      single column A4, page numbers at the bottom
    <sample>.2col.pdf      headline across the page, then two columns, a running
                           header line "鹤山日报 …" and page numbers on every page
    targets-table.pdf      intro paragraph, caption 单位：亿元, ruled table, paragraph
    encrypted.pdf          user password "secret"
    truncated.pdf          the work-plan 1col PDF cut in half
    not-a-pdf.pdf          plain text bytes with a .pdf name
    scanned.pdf            the first page of the work plan, scanned (black and white): no text layer
    blank-page.pdf         3 pages, the middle one empty
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = ROOT / "samples"
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "pdf"
SAMPLES = ("heshan-2023-work-plan.zh", "heshan-2023-h2-focus.zh")

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

# The header line and page-number style of each rendering.
NEWSPAPER_DATE = {
    "heshan-2023-work-plan.zh": "鹤山日报 2023年2月20日",
    "heshan-2023-h2-focus.zh": "鹤山日报 2023年8月25日",
}
PAGE_NUMBER_STYLE = {
    ("heshan-2023-work-plan.zh", "1col"): "- {n} -",
    ("heshan-2023-h2-focus.zh", "1col"): "第{n}页",
    ("heshan-2023-work-plan.zh", "2col"): "{n}",
    ("heshan-2023-h2-focus.zh", "2col"): "第{n}版",
}

# Line-breaking rules (a small kinsoku set): never start a line with a closing
# mark, never end one with an opening mark; Latin words and numbers stay whole.
CLOSING = set("，。、；：！？）》」』”’%,.;:!?)]")
OPENING = set("（《「『“‘([")
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%+/\-]*|\s|.")
ANY_CHAR = re.compile(r"\s|.")   # break anywhere, inside numbers too ("增长\n8%", "1.\n5万亩")


def width(s: str, size: float) -> float:
    return pdfmetrics.stringWidth(s, FONT, size)


def wrap(text: str, size: float, max_width: float, first_indent: float = 0.0,
         token: re.Pattern[str] = TOKEN) -> list[str]:
    """Greedy wrap at the column width, breaking mid-sentence like a typesetter
    (the first line is `first_indent` points narrower; `token`: the unbreakable pieces)."""
    lines: list[str] = []
    cur: list[str] = []
    cur_w = 0.0
    for tok in token.findall(text):
        tw = width(tok, size)
        room = max_width - (first_indent if not lines else 0.0)
        if cur and cur_w + tw > room and not tok.isspace():
            carry: list[str] = []
            if tok in CLOSING:  # push the last character down with the mark
                while len(cur) > 1 and (not carry or carry[0] in CLOSING):
                    carry.insert(0, cur.pop())
            while cur and cur[-1] in OPENING:
                carry.insert(0, cur.pop())
            while cur and cur[-1].isspace():
                cur.pop()
            lines.append("".join(cur))
            cur, cur_w = carry, sum(width(t, size) for t in carry)
        if not cur and tok.isspace():
            continue  # a break swallows the space, as in real layout
        cur.append(tok)
        cur_w += tw
    if cur:
        lines.append("".join(cur))
    return lines


def paragraphs(path: Path) -> list[str]:
    """Non-empty lines of a sample text; each is one paragraph."""
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def is_heading(par: str) -> bool:
    return len(par) <= 30 and not par.startswith("- ") and par[-1] not in "。；;，,：:"


class Flow:
    """Flows wrapped paragraphs into one or more columns over A4 pages."""

    def __init__(self, c: canvas.Canvas, columns: int, page_label: str,
                 header: str | None, size: float = 11.0, *, indent: float = 0.0,
                 justify: bool = True, para_gap: float = 0.5):
        # indent: first-line indent in em; justify: False for a ragged right edge;
        # para_gap: extra space before a paragraph, in lines (0: paragraphs only by indent)
        self.indent = indent
        self.token = TOKEN
        self.justify = justify
        self.para_gap = para_gap
        self.c = c
        self.columns = columns
        self.page_label = page_label
        self.header = header
        self.size = size
        self.leading = size * 1.6
        self.page_w, self.page_h = A4
        self.margin_x = 62.0 if columns == 1 else 46.0
        self.gutter = 20.0
        self.top = self.page_h - (72.0 if header is None else 78.0)
        self.bottom = 70.0
        self.col_w = (self.page_w - 2 * self.margin_x - (columns - 1) * self.gutter) / columns
        self.page = 0
        self.col = 0
        self.y = 0.0
        self.col_top = self.top
        self.new_page()

    # -- page furniture -------------------------------------------------------
    def new_page(self) -> None:
        if self.page:
            self.c.showPage()
        self.page += 1
        self.col = 0
        self.col_top = self.top
        self.y = self.top
        c = self.c
        if self.header:
            c.setFont(FONT, 9)
            c.drawString(self.margin_x, self.page_h - 46, self.header)
            c.drawRightString(self.page_w - self.margin_x, self.page_h - 46, "综合新闻")
            c.setLineWidth(0.6)
            c.line(self.margin_x, self.page_h - 52, self.page_w - self.margin_x, self.page_h - 52)
        c.setFont(FONT, 9)
        c.drawCentredString(self.page_w / 2, 36, self.page_label.format(n=self.page))

    def next_column(self) -> None:
        if self.col + 1 < self.columns:
            self.col += 1
            self.y = self.col_top
        else:
            self.new_page()

    # -- content -------------------------------------------------------------
    def spanning(self, text: str, size: float) -> None:
        """A headline across all columns (only at the top of a page)."""
        for line in wrap(text, size, self.page_w - 2 * self.margin_x):
            self.y -= size * 1.3
            self.c.setFont(FONT, size)
            self.c.drawCentredString(self.page_w / 2, self.y, line)
        self.y -= size * 0.9
        self.col_top = self.y

    def paragraph(self, text: str, size: float | None = None, gap_before: float | None = None,
                  indent: float | None = None) -> None:
        size = size or self.size
        leading = size * 1.6
        gap_before = self.para_gap if gap_before is None else gap_before
        first = (self.indent if indent is None else indent) * size
        left = self.margin_x + self.col * (self.col_w + self.gutter)
        lines = wrap(text, size, self.col_w, first, self.token)
        if self.y < self.col_top:
            self.y -= gap_before * leading
        for i, line in enumerate(lines):
            if self.y - leading < self.bottom:
                self.next_column()
                left = self.margin_x + self.col * (self.col_w + self.gutter)
            self.y -= leading
            x0 = left + (first if i == 0 else 0.0)
            t = self.c.beginText(x0, self.y)
            t.setFont(FONT, size)
            last = i == len(lines) - 1
            n = len(line)
            room = self.col_w - (first if i == 0 else 0.0)
            # justify all but the last line; the character spacing is part of the PDF
            # graphics state and outlives the text object, so it is set on every line
            space = 0.0
            if self.justify and not last and n > 1:
                space = max(0.0, (room - width(line, size)) / (n - 1))
            t.setCharSpace(space)
            t.textOut(line)
            self.c.drawText(t)


def render_sample(seed: Path, out: Path, columns: int, *, indent: float = 0.0, justify: bool = True,
                  para_gap: float = 0.5, size: float | None = None) -> None:
    """A sample report as a 1- or 2-column PDF.  The fixtures use the defaults; the
    keywords make other paragraph styles (first-line indent in em, ragged right edge,
    no space between paragraphs) for the tests."""
    name = seed.name[: -len(".txt")]
    layout = "1col" if columns == 1 else "2col"
    pars = paragraphs(seed)
    c = canvas.Canvas(str(out), pagesize=A4, pageCompression=1, invariant=1)
    c.setTitle(pars[0])
    header = NEWSPAPER_DATE.get(name, "鹤山日报") if columns == 2 else None
    flow = Flow(c, columns, PAGE_NUMBER_STYLE.get((name, layout), "{n}"), header,
                size=size or (11.0 if columns == 1 else 10.5), indent=indent, justify=justify,
                para_gap=para_gap)
    if columns == 2:
        flow.spanning(pars[0], 20)
        flow.spanning(pars[1], 14)
        body = pars[2:]
    else:
        flow.paragraph(pars[0], 18, 0, indent=0)
        body = pars[1:]
    for par in body:
        if is_heading(par):
            flow.paragraph(par, flow.size + 2, 1.0 if para_gap else 0.0, indent=0)
        else:
            flow.paragraph(par)
    c.save()


def render_table(out: Path, copies: int = 1) -> None:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=18, wordWrap="CJK",
                          firstLineIndent=22)
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=24, firstLineIndent=0,
                           alignment=1)
    caption = ParagraphStyle("caption", parent=body, fontSize=10, firstLineIndent=0,
                             alignment=TA_RIGHT)
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=10.5, leading=14, wordWrap="CJK")
    rows = [
        ["指标", "2022年完成", "2023年目标", "增长%"],
        ["地区生产总值", "458.51", "495", "8"],
        ["规模以上工业增加值", "194.83", "206.5", "6"],
        ["固定资产投资", "", "", "8"],
        ["社会消费品零售总额", "158.86", "168.4", "6"],
        ["地方一般公共预算收入", "35.73", "37.5", "5"],
    ]

    def table() -> Table:
        data = [[Paragraph(v, cell) if v else "" for v in row] for row in rows]
        t = Table(data, colWidths=[96, 96, 96, 70])
        t.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.7, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        return t

    doc = SimpleDocTemplate(str(out), pagesize=A4, pageCompression=1, invariant=1,
                            title="鹤山市2023年主要经济指标", leftMargin=90, rightMargin=90)
    story = []
    for i in range(copies):           # copies > 1: a timing file, one table page after another
        if i:
            story.append(PageBreak())
        story += [
            Paragraph("鹤山市2023年主要经济指标", title),
            Spacer(1, 10),
            Paragraph("2023年是全面贯彻党的二十大精神的开局之年。全市经济社会发展主要预期目标"
                      "如下表所示，其中地区生产总值增长8%，力争实现8.5%，各项指标均高于上年实际增速。", body),
            Spacer(1, 8),
            Paragraph("单位：亿元", caption),
            Spacer(1, 2),
            table(),
            Spacer(1, 14),
            Paragraph("以上目标将分解落实到各镇（街）和市直有关部门，实行月调度、季通报，"
                      "确保全年目标任务顺利完成。", body),
        ]
    doc.build(story)


def render_simple(out: Path, pages: list[list[str]], password: str | None = None) -> None:
    """A few short paragraphs per page; an empty list makes an empty page."""
    enc = None
    if password:
        from reportlab.lib.pdfencrypt import StandardEncryption
        enc = StandardEncryption(password, ownerPassword="owner-" + password, strength=128)
    c = canvas.Canvas(str(out), pagesize=A4, pageCompression=1, invariant=1, encrypt=enc)
    for pars in pages:
        y = A4[1] - 80
        for par in pars:
            for line in wrap(par, 12, A4[0] - 140):
                c.setFont(FONT, 12)
                c.drawString(70, y, line)
                y -= 20
            y -= 10
        c.showPage()
    c.save()


def render_scanned(seeds: Path, out: Path) -> None:
    """The first page of the work-plan sample as a black-and-white scan (tools/make_scanned_pdf.py: 300 dpi,
    turned slightly, specks); no text objects at all."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from make_scanned_pdf import render_scanned as render_scan

    render_scan(seeds / f"{SAMPLES[0]}.txt", out, dpi=300, seed=7, pages=1, bilevel=True)


class _Full(Exception):
    pass


def render_bench(seeds: Path, out: Path, pages: int) -> int:
    """A PDF of exactly `pages` pages: the samples repeated, alternating 1col and 2col
    renderings (running headers, page numbers, headlines).  Not a fixture: for timing."""
    c = canvas.Canvas(str(out), pagesize=A4, pageCompression=1, invariant=1)
    done = 0
    try:
        while True:
            for cols in (1, 2):
                for name in SAMPLES:
                    pars = paragraphs(seeds / f"{name}.txt")
                    layout = "1col" if cols == 1 else "2col"
                    flow = Flow(c, cols, PAGE_NUMBER_STYLE[(name, layout)],
                                NEWSPAPER_DATE[name] if cols == 2 else None,
                                size=11.0 if cols == 1 else 10.5)
                    base = done

                    def guard(orig=flow.new_page, base=base, flow=flow):
                        if base + flow.page >= pages:
                            raise _Full
                        orig()
                    flow.new_page = guard  # type: ignore[method-assign]
                    for par in pars:
                        flow.paragraph(par, flow.size + 2 if is_heading(par) else None)
                    done = base + flow.page
                    if done >= pages:
                        raise _Full
                    c.showPage()
    except _Full:
        pass
    c.save()
    return pages


def make_all(seeds: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    for name in SAMPLES:
        seed = seeds / f"{name}.txt"
        for cols in (1, 2):
            p = out / f"{name}.{'1col' if cols == 1 else '2col'}.pdf"
            render_sample(seed, p, cols)
            made.append(p)
    p = out / "targets-table.pdf"
    render_table(p)
    made.append(p)

    first = paragraphs(seeds / f"{SAMPLES[0]}.txt")
    p = out / "encrypted.pdf"
    render_simple(p, [first[:3]], password="secret")
    made.append(p)

    data = (out / f"{SAMPLES[0]}.1col.pdf").read_bytes()
    p = out / "truncated.pdf"
    p.write_bytes(data[: len(data) // 2])
    made.append(p)

    p = out / "not-a-pdf.pdf"
    p.write_text("This is not a PDF file, only text saved with a .pdf name.\n"
                 "这不是PDF文件，只是以.pdf为扩展名保存的文本。\n", encoding="utf-8")
    made.append(p)

    p = out / "scanned.pdf"
    render_scanned(seeds, p)
    made.append(p)

    p = out / "blank-page.pdf"
    render_simple(p, [["第一页：鹤山市2023年工作安排。", "地区生产总值增长8%，力争实现8.5%。"],
                      [],
                      ["第三页：固定资产投资增长8%。", "社会消费品零售总额增长6%。"]])
    made.append(p)
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--bench", nargs=2, metavar=("PAGES", "FILE"),
                    help="instead write a PAGES-page timing PDF to FILE")
    ap.add_argument("--bench-tables", nargs=2, metavar=("PAGES", "FILE"),
                    help="instead write PAGES copies of the targets-table page to FILE (timing)")
    args = ap.parse_args()
    if args.bench_tables:
        render_table(Path(args.bench_tables[1]), int(args.bench_tables[0]))
        print(f"{args.bench_tables[0]} pages  {args.bench_tables[1]}")
        return
    if args.bench:
        n = render_bench(args.seeds, Path(args.bench[1]), int(args.bench[0]))
        print(f"{n} pages  {args.bench[1]}")
        return
    for p in make_all(args.seeds, args.out):
        print(f"{p.stat().st_size:>8}  {p}")


if __name__ == "__main__":
    main()
