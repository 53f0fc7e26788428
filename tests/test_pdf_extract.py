"""PDF ingest (pipeline.pdf) on the fixtures of tests/fixtures/pdf/ and a few PDFs made on the fly.

Fixtures are made by tools/make_pdf_fixtures.py from samples/*.txt (see the fixtures' README).
"""

from __future__ import annotations

import difflib
import functools
import re
from pathlib import Path

import pytest
from pdf_helpers import fixture_tool, pdfium_page_texts

from pipeline.pdf import PdfError, PdfText, extract_pdf, page_of

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "pdf"
SAMPLES = ("heshan-2023-work-plan.zh", "heshan-2023-h2-focus.zh")
LAYOUTS = ("1col", "2col")
CJK = re.compile(r"[\u3400-\u9fff]")
PAGE_NUMBER_LINE = re.compile(r"^\s*(?:[-–—\s]*\d{1,3}[-–—\s]*|第\s*\d+\s*[页版])\s*$")
NO_TEXT = "no usable text layer (scanned PDF?), and no text from OCR: "


@functools.cache
def extracted(name: str, password: str | None = None) -> PdfText:
    return extract_pdf(FIX / name, password=password)


def cjk(text: str) -> str:
    return "".join(CJK.findall(text))


def sample_text(sample: str) -> str:
    return (ROOT / "samples" / f"{sample}.txt").read_text(encoding="utf-8")


def pdfium_page_lines(path: Path) -> list[list[str]]:
    """Each page's raw lines as PDFium's own text extraction gives them (independent of pipeline/pdf/)."""
    return [[ln.strip() for ln in text.splitlines() if ln.strip()] for text in pdfium_page_texts(path)]


# --------------------------------------------------------------------------- text of the renderings


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("sample", SAMPLES)
def test_cjk_sequence_equals_sample(sample: str, layout: str) -> None:
    got = cjk(extracted(f"{sample}.{layout}.pdf").text)
    want = cjk(sample_text(sample))
    # exact: every ideograph of the sample, in order, and nothing else (no running
    # header, no 第N页 / 第N版 page number)
    if got != want:
        ratio = difflib.SequenceMatcher(None, want, got, autojunk=False).ratio()
        pytest.fail(f"CJK sequence differs (ratio {ratio:.4f})")


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("sample", SAMPLES)
def test_no_running_header_or_page_number(sample: str, layout: str) -> None:
    res = extracted(f"{sample}.{layout}.pdf")
    assert "鹤山日报" not in res.text
    assert "综合新闻" not in res.text
    for line in res.text.split("\n"):
        assert not PAGE_NUMBER_LINE.match(line) or not line.strip(), f"page number left: {line!r}"
    assert res.warnings == []


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("sample", SAMPLES)
def test_layout_of_lines_and_paragraphs(sample: str, layout: str) -> None:
    text = extracted(f"{sample}.{layout}.pdf").text
    assert "\n\n\n" not in text
    lines = text.split("\n")
    assert all(ln == ln.strip() for ln in lines)
    # wrapped lines stay lines (the layout broke sentences mid-way) ...
    n_par = len([ln for ln in sample_text(sample).splitlines() if ln.strip()])
    assert len([ln for ln in lines if ln]) > n_par
    # ... and paragraphs are separated by a blank line
    assert text.count("\n\n") >= 10
    # the document's own punctuation is kept (half-width commas in h2-focus, full-width in work-plan)
    src = sample_text(sample)
    for mark in ("，", ",", "“", "。"):
        assert text.count(mark) == src.count(mark), mark


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("sample", SAMPLES)
def test_paragraphs_are_the_samples_paragraphs(sample: str, layout: str) -> None:
    """A line broken by the column edge ends in "\n" (a soft wrap), any other line in "\n\n": the
    renderings wrap every paragraph (one line of the sample) mid-sentence, also across columns and
    pages, and set list items one under the other without extra space."""
    text = extracted(f"{sample}.{layout}.pdf").text
    got = [re.sub(r"\s+", "", p) for p in text.split("\n\n")]
    want = [re.sub(r"\s+", "", ln) for ln in sample_text(sample).splitlines() if ln.strip()]
    assert got == want
    assert text.count("\n") > 2 * text.count("\n\n")     # wraps kept as line breaks


def test_soft_wrap_needs_a_full_line() -> None:
    text = extracted("heshan-2023-work-plan.zh.1col.pdf").text
    assert "纵深推进制造业当\n家“一把手”工程" in text        # full line, wrapped mid-word
    assert "数读2022年鹤山工作成绩：\n\n- 全年地区生产总值458.51亿元，增长2.8%\n\n- 规模以上" in text


def _flow_pdf(path: Path, lines: list[tuple[float, str]], size: float = 11.0, leading: float = 17.6) -> None:
    """Lines drawn one under the other at the given x offsets (no extra space anywhere)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = fixture_tool().FONT
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = 760.0
    for dx, line in lines:
        c.setFont(font, size)
        c.drawString(62 + dx, y, line)
        y -= leading
    c.showPage()
    c.save()


def test_first_line_indent_starts_a_paragraph(tmp_path: Path) -> None:
    # 30 ideographs a line; paragraph a's last line fills the line to the edge, and b follows
    # without extra space: only b's first-line indent says that a paragraph ends there
    base = ("坚持稳字当头稳中求进完整准确全面贯彻新发展理念纵深推进制造业当家"
            "全力冲刺全国工业百强县争当广东县域高质量发展排头兵")
    a = base[:57] + "。"
    b = base[5:44] + "。"
    assert len(a) == 58 and len(b) == 40
    lines = [(22.0, a[:28]), (0.0, a[28:]), (22.0, b[:28]), (0.0, b[28:])]
    path = tmp_path / "indent.pdf"
    _flow_pdf(path, lines)
    text = extract_pdf(path).text
    assert text == f"{a[:28]}\n{a[28:]}\n\n{b[:28]}\n{b[28:]}"


def test_hanging_indent_continues_an_item(tmp_path: Path) -> None:
    mk = fixture_tool()
    item = "1. 推动40个工业项目动工，力促20个重点工业项目建成投产，争取隆基绿能项目试产，抓紧基础设施项目储备建设。"
    body = mk.wrap(item, 11.0, 300.0)
    rest = mk.wrap(item[len(body[0]):], 11.0, 300.0 - 16.5)
    lines = [(0.0, body[0])] + [(16.5, ln) for ln in rest] + [(0.0, "2. 建成充电桩试点项目。")]
    path = tmp_path / "hanging.pdf"
    _flow_pdf(path, lines)
    text = extract_pdf(path).text
    assert [p.replace("\n", "") for p in text.split("\n\n")] == [item, "2. 建成充电桩试点项目。"]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("sample", SAMPLES)
def test_page_starts(sample: str, layout: str) -> None:
    path = FIX / f"{sample}.{layout}.pdf"
    res = extracted(path.name)
    raw = pdfium_page_lines(path)
    assert len(res.page_starts) == len(raw) >= 2
    assert res.page_starts[0] == 0
    assert res.page_starts == sorted(res.page_starts)
    for number, lines in enumerate(raw, 1):
        # a phrase PDFium puts on this page, found once in our text
        phrases = [ln for ln in lines if len(ln) >= 12 and res.text.count(ln) == 1]
        assert phrases, f"no unique phrase on page {number}"
        for phrase in phrases[:3]:
            assert page_of(res, res.text.index(phrase)) == number, phrase


def test_two_column_reads_column_by_column() -> None:
    text = extracted("heshan-2023-work-plan.zh.2col.pdf").text
    # the headline spans the columns and comes first; the two columns follow in order
    assert text.startswith("贯彻新发展理念 推动高质量发展\n\n2023年工作安排\n\n")
    order = ["居民人均可支配收入增长与经济增长基本同", "2022亮点回顾", "有力精准防控新冠疫情",
             "有力稳住经济发展", "代表委员为鹤山2023发展建言献策"]
    pos = [text.index(p) for p in order]
    assert pos == sorted(pos)


# --------------------------------------------------------------------------- tables

TABLE = [
    ["指标", "2022年完成", "2023年目标", "增长%"],
    ["地区生产总值", "458.51", "495", "8"],
    ["规模以上工业增加值", "194.83", "206.5", "6"],
    ["固定资产投资", None, None, "8"],
    ["社会消费品零售总额", "158.86", "168.4", "6"],
    ["地方一般公共预算收入", "35.73", "37.5", "5"],
]


def test_table_cells_and_offsets() -> None:
    res = extracted("targets-table.pdf")
    assert len(res.tables) == 1
    t = res.tables[0]
    assert t.page == 1
    assert t.caption == "单位：亿元"
    got = [[None if c is None else res.text[c[0]:c[1]] for c in row] for row in t.rows]
    assert got == TABLE
    # the block is one line per row, cells joined by " | "
    rendered = "\n".join(" | ".join(c or "" for c in row) for row in TABLE)
    assert res.text[t.start:t.end] == rendered
    for row in t.rows:
        for cell in row:
            if cell is not None:
                assert t.start <= cell[0] < cell[1] <= t.end


def test_table_text_appears_once_between_its_paragraphs() -> None:
    res = extracted("targets-table.pdf")
    t = res.tables[0]
    text = res.text
    for cell in ("458.51", "规模以上工业增加值", "地方一般公共预算收入", "2023年目标"):
        assert text.count(cell) == 1, cell
    intro = text.index("开局之年")
    caption = text.index("单位：亿元")
    after = text.index("以上目标将分解落实")
    assert intro < caption < t.start < t.end < after
    assert text[t.start - 2:t.start] == "\n\n" and text[t.end:t.end + 2] == "\n\n"


# --------------------------------------------------------------------------- broken input


@pytest.mark.parametrize(
    "name, reason",
    [
        ("encrypted.pdf", "encrypted PDF (use --password)"),
        ("truncated.pdf", "truncated or corrupt PDF: "),
        ("not-a-pdf.pdf", "not a PDF file"),
    ],
)
def test_broken_files_raise_pdf_error(name: str, reason: str) -> None:
    with pytest.raises(PdfError) as err:
        extract_pdf(FIX / name)
    msg = str(err.value)
    assert msg.startswith(reason)
    assert "\n" not in msg


def test_encrypted_opens_with_password() -> None:
    res = extracted("encrypted.pdf", "secret")
    assert res.text.startswith("贯彻新发展理念 推动高质量发展")
    assert "地区生产总值增长8%" in res.text
    with pytest.raises(PdfError, match="wrong password"):
        extract_pdf(FIX / "encrypted.pdf", password="not-it")


def test_blank_page_is_a_warning() -> None:
    res = extracted("blank-page.pdf")
    assert res.warnings == ["page 2: no text layer"]
    assert len(res.page_starts) == 3
    assert page_of(res, res.text.index("第一页")) == 1
    assert page_of(res, res.text.index("第三页")) == 3
    assert "地区生产总值增长8%，力争实现8.5%。" in res.text
    assert res.text.endswith("社会消费品零售总额增长6%。")


def _cid_only_pdf(n_glyphs: int = 40) -> bytes:
    """One page of text in an Identity-H font with no ToUnicode map: pdfminer shows (cid:N)."""
    codes = "".join(f"{0x0400 + i:04X}" for i in range(n_glyphs))
    content = f"BT /F1 12 Tf 72 720 Td <{codes}> Tj ET".encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
        b" /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /XYZ /Encoding /Identity-H /DescendantFonts [5 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /XYZ"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_unmapped_glyphs_are_no_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "cid.pdf"
    path.write_bytes(_cid_only_pdf())
    with pytest.raises(PdfError) as err:
        extract_pdf(path)
    assert str(err.value).startswith(NO_TEXT)      # drawn in a font PDFium cannot show: OCR reads nothing either


# --------------------------------------------------------------------------- layouts made on the fly


def test_three_columns_with_headline(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    mk = fixture_tool()
    pars = mk.paragraphs(ROOT / "samples" / "heshan-2023-h2-focus.zh.txt")
    path = tmp_path / "3col.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, pageCompression=1, invariant=1)
    flow = mk.Flow(c, 3, "第{n}页", "鹤山日报 2023年8月25日", size=10)
    flow.spanning(pars[0], 20)
    flow.spanning(pars[1], 14)
    for par in pars[2:]:
        flow.paragraph(par, 12 if mk.is_heading(par) else None)
    c.save()
    res = extract_pdf(path)
    assert len(res.page_starts) >= 2
    assert cjk(res.text) == cjk("\n".join(pars))
    assert res.text.startswith(f"{pars[0]}\n\n{pars[1]}\n\n")


def test_label_value_rows_are_not_columns(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = fixture_tool().FONT
    path = tmp_path / "labels.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont(font, 11)
    y = 760
    c.drawString(62, y, "2023年主要预期目标如下：")
    pairs = [("地区生产总值", "增长8%"), ("固定资产投资", "增长8%"), ("社会消费品零售总额", "增长6%"),
             ("外贸进出口总额", "增长6%")]
    for label, value in pairs:
        y -= 18
        c.drawString(90, y, label)
        c.drawString(300, y, value)
    c.drawRightString(533, y - 40, "鹤山市人民政府")
    c.showPage()
    c.save()
    text = extract_pdf(path).text
    for label, value in pairs:
        assert f"{label} {value}" in text


def test_rotated_page_with_table(tmp_path: Path) -> None:
    """A landscape page: content drawn turned by 90 degrees, /Rotate 90 shows it upright."""
    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = fixture_tool().FONT
    draft, path = tmp_path / "draft.pdf", tmp_path / "rotated.pdf"
    w, _ = A4
    c = canvas.Canvas(str(draft), pagesize=A4, invariant=1)
    c.rotate(90)
    c.translate(0, -w)
    c.setFont(font, 12)
    top = w
    c.drawString(60, top - 60, "横向页面：主要指标。")
    rows = [["指标", "目标"], ["地区生产总值", "增长8%"], ["固定资产投资", "增长8%"]]
    x0, y0 = 60, top - 100
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            c.drawString(x0 + 5 + j * 150, y0 - 15 - i * 22, v)
    for i in range(len(rows) + 1):
        c.line(x0, y0 - i * 22, x0 + 300, y0 - i * 22)
    for j in range(3):
        c.line(x0 + j * 150, y0, x0 + j * 150, y0 - len(rows) * 22)
    c.drawString(60, y0 - 120, "表格之后的段落。")
    c.showPage()
    c.save()
    doc = pdfium.PdfDocument(draft)
    doc[0].set_rotation(90)
    doc.save(path)
    doc.close()
    res = extract_pdf(path)
    assert res.text.startswith("横向页面：主要指标。\n\n指标 | 目标\n地区生产总值 | 增长8%\n")
    assert res.text.endswith("表格之后的段落。")
    assert len(res.tables) == 1
    assert [res.text[a:b] for a, b in res.tables[0].rows[1]] == ["地区生产总值", "增长8%"]
