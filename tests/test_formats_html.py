"""Web pages (issue 19): charset, main content without page furniture, headings, <br>, lists, tables, and the
records of the development reports rendered as two styles of government page agreeing with their text."""

from __future__ import annotations

from pathlib import Path

import pytest
from formats_helpers import REPORTS, agreement, describe, format_tool

from pipeline.formats.html import decode_page, extract_html
from pipeline.ingest import IngestError, load

FLOOR = 0.98
STYLES = ("div", "table")
FURNITURE = ["分享到", "网站标识码", "一季度地区生产总值增长6.1%", "邮编", "您的位置", "当前位置", "上一篇", "下一篇",
             "累计访问量", "打印本页", "【字号", "ICP备", "网站地图", "无障碍", "微信", "QQ空间", "Share to",
             "Postcode",
             "Total visits", "Location:", "Previous:", "GDP grew 6.1%", "Font size", "Lan ICP"]


def page(body: str, head: str = '<meta charset="utf-8">') -> bytes:
    return f"<html><head>{head}<title>t</title></head><body><div id='c'>{body}</div></body></html>".encode()


def text_of(body: str) -> str:
    return extract_html(page(body)).text


# --------------------------------------------------------------------------- the walk


def test_br_inside_a_paragraph_is_a_line_break() -> None:
    long = "五年来，全区地区生产总值由2015年的286.4亿元增加到2020年的412.6亿元，年均增长6.8%。" * 3
    got = text_of(f"<p>{long[:50]}<br>\n{long[50:]}</p><p>第二段落的文字在这里，也要足够长才能成为正文内容。</p>")
    assert got.startswith(long[:50] + "\n" + long[50:] + "\n\n第二段落")


def test_br_before_an_indent_or_twice_is_a_paragraph_break() -> None:
    a, b, c = ("第一段落的文字在这里，写得足够长。", "第二段落的文字在这里，写得足够长。",
               "第三段落的文字在这里，写得足够长。")
    got = text_of(f"<p>　　{a}<br>　　{b}<br><br>{c}</p>")
    assert got.split("\n\n")[-3:] == [a, b, c]


def test_headings_and_bold_run_in_headings_are_paragraphs() -> None:
    body = ("<h2>一、过去一年工作回顾</h2><p><strong>（一）经济运行稳中有进。</strong>全年地区生产总值增长6.1%，"
            "规模以上工业增加值增长7%。</p><p>　　<b>——综合实力迈上新台阶。</b><br>全区一般公共预算收入增长5%。</p>"
            "<p>正文中的<b>加粗词语</b>不是标题，这一段落也要足够长。</p>")
    paras = text_of(body).split("\n\n")
    assert paras[:5] == ["一、过去一年工作回顾", "（一）经济运行稳中有进。",
                         "全年地区生产总值增长6.1%，规模以上工业增加值增长7%。",
                         "——综合实力迈上新台阶。", "全区一般公共预算收入增长5%。"]
    assert paras[5] == "正文中的加粗词语不是标题，这一段落也要足够长。"


def test_ordered_lists_are_numbered_and_link_lists_dropped() -> None:
    body = ("<p>今年重点抓好以下工作，每一项都要落到实处，确保取得实效。</p>"
            "<ol><li>稳投资扩内需。全年计划实施重点项目120个。</li>"
            "<li>促消费活市场。举办各类促消费活动不少于30场。</li></ol>"
            "<ul><li><a href='/a'>一季度地区生产总值增长6.1%</a></li>"
            "<li><a href='/b'>2025年全市财政预算执行情况</a></li></ul>")
    got = text_of(body)
    assert "\n\n1.稳投资扩内需。" in got and "\n\n2.促消费活市场。" in got
    assert "6.1%" not in got


def test_hidden_and_script_content_is_dropped() -> None:
    got = text_of("<p>全年地区生产总值增长6.1%，规模以上工业增加值增长7%，主要指标好于预期。</p>"
                  "<p style='display:none'>隐藏的文字增长99%</p><script>var x = '增长88%';</script>")
    assert "99%" not in got and "88%" not in got and "6.1%" in got


def test_table_cells_with_spans() -> None:
    body = ("<p>主要指标完成情况和今年的预期目标如下表所示，请各位代表审议。</p><table>"
            "<tr><th>类别</th><th>指标</th><th>上年完成</th><th>今年目标</th></tr>"
            "<tr><td rowspan='2'>经济</td><td>地区生产总值增长（%）</td><td>5.5</td><td>5左右</td></tr>"
            "<tr><td>一般公共预算收入增长（%）</td><td>2.9</td><td>3</td></tr>"
            "<tr><td colspan='4'>注：按可比价格计算。</td></tr></table>")
    got = extract_html(page(body))
    (t,) = got.tables
    cells = [[got.text[s:e] if s is not None else None for s, e in (c or (None, None) for c in row)] for row in t.rows]
    assert cells[1] == ["经济", "地区生产总值增长（%）", "5.5", "5左右"]
    assert cells[2] == [None, "一般公共预算收入增长（%）", "2.9", "3"]
    assert cells[3] == ["注：按可比价格计算。", None, None, None]
    assert got.text[t.start:t.end].splitlines()[0] == "类别 | 指标 | 上年完成 | 今年目标"
    assert t.caption.startswith("主要指标完成情况")


def test_layout_table_is_read_as_text() -> None:
    long = "全年地区生产总值增长6.1%，规模以上工业增加值增长7%，固定资产投资增长9%，社会消费品零售总额增长8%。" * 4
    got = extract_html(page(f"<table><tr><td>{long}</td><td>{long}</td></tr><tr><td>a</td><td>b</td></tr></table>"))
    assert got.tables == [] and long in got.text


# --------------------------------------------------------------------------- charsets


def test_declared_gb2312_page_with_gbk_characters() -> None:
    body = "<p>鎔基同志说，全年地区生产总值增长6.1%，主要指标好于预期，这一段足够长。</p>"
    data = page(body, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">').decode().encode("gbk")
    text, enc, warnings = decode_page(data)
    assert enc == "gb18030" and "鎔基" in text and warnings == []


def test_page_declaring_gb2312_but_in_utf8() -> None:
    data = page("<p>全年地区生产总值增长6.1%，主要指标好于预期，这一段足够长。</p>", '<meta charset="gb2312">')
    text, enc, warnings = decode_page(data)
    assert enc == "utf-8" and "地区生产总值" in text
    assert warnings == ["the page declares charset gb18030, but its bytes are utf-8; read as utf-8"]


def test_page_in_a_declared_single_byte_charset() -> None:
    data = page("<p>GDP grew by 5.2% \u2014 caf\u00e9 figures.</p>", '<meta charset="windows-1252">').decode()
    text, enc, _ = decode_page(data.encode("cp1252"))
    assert enc == "cp1252" and "caf\u00e9" in text and "\u2014" in text


def test_binary_page_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "x.html"
    p.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(IngestError) as err:
        load(p)
    assert "\n" not in str(err.value)


def test_page_of_links_only_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "menu.html"
    p.write_bytes(page("<ul><li><a href='/1'>首页</a></li><li><a href='/2'>政务公开</a></li></ul>"))
    with pytest.raises(IngestError, match="no text found"):
        load(p)


# --------------------------------------------------------------------------- renderings of whole reports


@pytest.fixture(scope="module")
def renderings(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("pages")
    tool = format_tool()
    made = {}
    for report in REPORTS:
        for style in STYLES:
            p = out / f"{report.name.split('.')[0]}-{report.name.split('.')[1]}-{style}.html"
            tool.render(report, p, style)
            made[(report.name, style)] = p
    return made


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.name.rsplit(".", 1)[0])
def test_rendered_pages_agree_with_their_text(pipe, renderings, report: Path, style: str) -> None:
    src = load(renderings[(report.name, style)])
    declared = {"div": "utf-8", "table": "gb18030" if ".zh." in report.name else "iso8859-1"}[style]
    pure_ascii = renderings[(report.name, style)].read_bytes().isascii()
    assert src.format == "html" and src.encoding == ("utf-8" if pure_ascii else declared)
    doc = pipe.run_source(src)
    want = pipe.run_source(load(report)).records
    share, missing = agreement(want, doc.records)
    assert share >= FLOOR, f"{share:.3f}; missing (txt ~ html):\n{describe(missing, doc.records)}"
    for word in FURNITURE:
        assert word not in src.text, word
    assert doc.title == pipe.run_source(load(report)).title
    assert all(src.text[r.source["start"]:r.source["end"]] == r.source["match"] for r in doc.records)


def test_rendered_page_structure(renderings) -> None:
    src = load(renderings[("dev-heyang-2021-district.zh.txt", "table")])
    assert src.text.startswith("2021年河阳区政府工作报告\n\n——2021年1月12日")
    assert "\n\n一、“十三五”时期及2020年工作回顾\n\n" in src.text
    assert "\n\n——综合实力迈上新台阶。\n\n全区地区生产总值" in src.text
    assert any("\n" in p for p in src.text.split("\n\n"))          # <br> inside paragraphs kept as line breaks
    (table,) = src.tables
    assert src.text[table.start:table.end].startswith("类别 | 主要指标 | 上年完成 | 今年目标")


def test_table_of_a_page_gives_records(pipe, renderings) -> None:
    doc = pipe.run_source(load(renderings[("dev-heyang-2021-district.zh.txt", "div")]))
    cells = {(r.indicator, r.kind, r.value) for r in doc.records if r.rule.endswith("table.cell")}
    assert ("地区生产总值", "target", 5) in cells and ("一般公共预算收入", "actual", 2.9) in cells
    assert ("城镇调查失业率", "target", 5.5) in cells


def test_run_writes_the_page_text_beside_the_yaml(tmp_path: Path, renderings) -> None:
    import yaml

    from pipeline.cli import main

    src = renderings[("dev-heyang-2021-district.zh.txt", "div")]
    assert main(["run", str(src), "-o", str(tmp_path / "out"), "-q"]) == 0
    data = yaml.safe_load((tmp_path / "out" / f"{src.stem}.yaml").read_text(encoding="utf-8"))
    text = (tmp_path / "out" / f"{src.stem}.txt").read_text(encoding="utf-8")
    assert data["document"]["format"] == "html" and data["document"]["encoding"] == "utf-8"
    assert data["document"]["ocr"] is False
    assert all(text[r["source"]["start"]:r["source"]["end"]] == r["source"]["match"] for r in data["records"])
