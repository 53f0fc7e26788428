"""Render a report (.txt, one paragraph a line) as published: two styles of government web page, and a .docx.

Usage:
    python tools/make_format_fixtures.py REPORT.txt OUT [--style div|table|docx|doc] [--seed N] [--blocks N]

The report's own scraped page furniture (leading and trailing lines that the language's
`furniture_patterns` in rules/<lang>/structure.yaml match: breadcrumbs, toolbars, footers) is
left out, and each rendering adds its own around the report:

* `div`   (UTF-8, `<meta charset>`): a div layout with a header, a navigation menu, a
  search box, a breadcrumb, the title as `<h1>`, a date/source/views line, a
  【字号：大 中 小】 toolbar, the report (headings as `<h2>`/`<h3>`, run-in headings in
  `<strong>`, numbered items as an `<ol>`), a share bar, an attachment link, previous/next
  links, a sidebar of related links (titles with figures: 一季度地区生产总值增长6.1%) and
  a footer with address, postcode, phone and ICP numbers;
* `table` (GBK, declared `gb2312` in an `http-equiv` content type): the 2000s layout,
  every part of the page a table cell: a banner, a menu row, a left column of links, the
  title in bold in its own cell, headings as bold centred paragraphs, and paragraphs
  hard-wrapped with `<br>` inside them (at seeded positions, inside numbers too); in one
  section the paragraphs share one `<p>`, each after a `<br>` and an indent of two
  ideographic spaces; `&nbsp;` and 【打印本页】【关闭窗口】;
* `docx`: the title in the Title style, headings in Heading 1/Heading 2 (the second level
  numbered by Word, （一） in chineseCounting), run-in headings in bold runs, numbered
  items in the List Number style (Word writes 1. 2. …, the text holds no number), a
  soft line break (`<w:br/>`) inside some paragraphs;
* `doc`: that .docx saved as Word 97-2003 by LibreOffice (`soffice` must be installed).

`--blocks N` renders an excerpt: the first N paragraphs, the table and the first numbered list
(tests/fixtures/formats/heyang-excerpt.docx and .doc are made with `--blocks 24`).

Chinese reports get a table of targets (invented figures, merged cells: a category
column with row spans, a note row spanning every column) before the first heading in
the second half of the report.  `tools/make_scanned_pdf.py` renders the same blocks as
image-only PDF pages.  The output is deterministic for a seed.
"""

from __future__ import annotations

import argparse
import html
import random
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
STYLES = ("div", "table", "docx", "doc")

# A table of targets (invented figures): category | indicator | last year | this year; the categories span rows.
TABLE_HEAD = ["类别", "主要指标", "上年完成", "今年目标"]
TABLE_ROWS = [("经济发展", "地区生产总值增长（%）", "5.5", "5左右"),
              ("经济发展", "一般公共预算收入增长（%）", "2.9", "3"),
              ("民生保障", "城镇调查失业率（%）", "5.1", "5.5以内"),
              ("绿色发展", "单位地区生产总值能耗降低（%）", "3.2", "2.5")]
TABLE_NOTE = "注：地区生产总值增长速度按可比价格计算。"

_ZH_NUM = "一二三四五六七八九十"
H2 = {"zh": re.compile(rf"^[{_ZH_NUM}]+、[^。；]{{1,40}}$"), "en": re.compile(r"^[IVX]+\. .{1,120}$")}
H3 = {"zh": re.compile(rf"^（[{_ZH_NUM}]+）[^。，；]{{1,30}}$"), "en": re.compile(r"^\(\d+\) [^.;]{1,120}$")}
RUN_IN = {"zh": re.compile(rf"^((?:（[{_ZH_NUM}]+）|——)[^。，；：！？]{{2,30}}[。：])(?=\S)"), "en": None}
ITEM = {"zh": re.compile(r"^(\d{1,2})[.．、](?!\d)(.+)$"), "en": re.compile(r"^(\d{1,2})\. (.+)$")}
SUBTITLE = re.compile(r"^(?:——.{4,80}(?:会议|会上)|Delivered at .{10,160})$")


@dataclass
class Block:
    """A paragraph of the report and how it is set: title, subtitle, h2, h3, runin, item, para, table."""

    kind: str
    text: str
    head: str = ""        # runin: the bold heading at its start
    number: int = 0       # item: its number


def language(text: str) -> str:
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    return "zh" if cjk > 0.2 * len(text) else "en"


def furniture(lang: str) -> list[re.Pattern[str]]:
    data = yaml.safe_load((ROOT / "rules" / lang / "structure.yaml").read_text(encoding="utf-8"))
    return [re.compile(p) for p in data.get("furniture_patterns", [])]


def blocks_of(report: Path) -> tuple[str, list[Block]]:
    """The report's language and its paragraphs as blocks (its own page furniture left out)."""
    text = report.read_text(encoding="utf-8")
    lang = language(text)
    pars = [ln.strip() for ln in text.splitlines() if ln.strip()]
    pats = furniture(lang)

    def is_furniture(p: str) -> bool:
        return any(x.search(p) for x in pats)
    head = max((i + 1 for i, p in enumerate(pars[:8]) if is_furniture(p)), default=0)
    n = min(12, len(pars))
    tail = min((len(pars) - n + i for i, p in enumerate(pars[-n:]) if is_furniture(p)), default=len(pars))
    pars = pars[head:tail]
    while pars and pars[-1].endswith(("：", ":")):         # a dangling "相关链接：" before the trailing furniture
        pars.pop()
    out = [Block("title", pars[0])]
    for p in pars[1:]:
        m = RUN_IN[lang].match(p) if RUN_IN[lang] else None
        item = ITEM[lang].match(p)
        if SUBTITLE.match(p):
            out.append(Block("subtitle", p))
        elif H2[lang].match(p):
            out.append(Block("h2", p))
        elif H3[lang].match(p):
            out.append(Block("h3", p))
        elif m:
            out.append(Block("runin", p[m.end():], head=m.group(1)))
        elif item:
            out.append(Block("item", item.group(2), number=int(item.group(1))))
        else:
            out.append(Block("para", p))
    if lang == "zh":
        at = next((i for i, b in enumerate(out) if b.kind == "h2" and i >= len(out) // 2), None)
        if at is not None:
            out.insert(at, Block("table", ""))
    return lang, out


def text_of(b: Block) -> str:
    """A block's text as the report's .txt has it."""
    return b.head + b.text if b.kind == "runin" else f"{b.number}.{b.text}" if b.kind == "item" else b.text


# --------------------------------------------------------------------------- HTML

def _e(s: str) -> str:
    return html.escape(s, quote=False)


def _table_html(attrs: str) -> str:
    rows = [f"<tr>{''.join(f'<th>{_e(h)}</th>' for h in TABLE_HEAD)}</tr>"]
    for i, (cat, label, last, target) in enumerate(TABLE_ROWS):
        span = sum(1 for r in TABLE_ROWS if r[0] == cat)
        first = i == 0 or TABLE_ROWS[i - 1][0] != cat
        cat_td = (f'<td rowspan="{span}">{_e(cat)}</td>' if span > 1 else f"<td>{_e(cat)}</td>") if first else ""
        rows.append(f"<tr>{cat_td}<td>{_e(label)}</td><td>{last}</td><td>{_e(target)}</td></tr>")
    rows.append(f'<tr><td colspan="{len(TABLE_HEAD)}">{_e(TABLE_NOTE)}</td></tr>')
    return f"<table {attrs}>\n" + "\n".join(rows) + "\n</table>"


def _site(lang: str, title: str) -> dict[str, str]:
    if lang == "zh":
        return dict(site="澜州市人民政府", crumb=["首页", "政务公开", "政府信息公开", "政府工作报告"],
                    menu=["首页", "政务公开", "政务服务", "互动交流", "走进澜州", "专题专栏"],
                    info="发布时间：2026-01-25 10:32　来源：市政府办公室　浏览次数：3862",
                    tools="【字号：<a href=\"#\">大</a> <a href=\"#\">中</a> <a href=\"#\">小</a>】",
                    share="分享到：", related="相关链接",
                    links=["全市一季度地区生产总值增长6.1%", "关于2026年国民经济和社会发展计划的报告",
                           "2025年全市财政预算执行情况", "澜州市2026年重点项目投资计划表（共286个）"],
                    footer=["主办：澜州市人民政府办公室　承办：澜州市大数据中心",
                            "地址：澜州市滨河东路88号　邮编：350200　电话：0591-87654321",
                            "ICP备案号：澜ICP备05012863号-1　网站标识码：3507000013　澜公网安备35070202000123号",
                            "本站累计访问量：1286532"],
                    prev="上一篇：", next="下一篇：", attach="附件：")
    return dict(site="Lanzhou Municipal People's Government", crumb=["Home", "Government Affairs", "Reports"],
                menu=["Home", "Government Affairs", "Services", "Interaction", "About Lanzhou"],
                info="Released: 2026-01-25 10:32　Source: General Office　Views: 3862",
                tools="[Font size: <a href=\"#\">Large</a> <a href=\"#\">Medium</a> <a href=\"#\">Small</a>]",
                share="Share to:", related="Related links",
                links=["GDP grew 6.1% in the first quarter", "Report on the 2026 Plan for Economic Development",
                       "Budget execution in 2025", "2026 investment plan for 286 key projects"],
                footer=["Sponsored by: General Office of the Lanzhou Municipal People's Government",
                        "Address: 88 Binhe East Road　Postcode: 350200　Tel: 0591-87654321",
                        "ICP license: Lan ICP Bei 05012863-1　Website ID: 3507000013", "Total visits: 1286532"],
                prev="Previous: ", next="Next: ", attach="Attachment: ")


def render_div(lang: str, blocks: list[Block]) -> bytes:
    """The UTF-8 div layout (see the module docstring)."""
    s = _site(lang, blocks[0].text)
    body: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if items:
            body.append("<ol>\n" + "\n".join(items) + "\n</ol>")
            items.clear()
    for b in blocks[1:]:
        if b.kind != "item":
            flush()
        if b.kind == "subtitle":
            body.append(f'<p class="subtitle" style="text-align:center">{_e(b.text)}</p>')
        elif b.kind in ("h2", "h3"):
            body.append(f"<{b.kind}>{_e(b.text)}</{b.kind}>")
        elif b.kind == "runin":
            body.append(f"<p><strong>{_e(b.head)}</strong>{_e(b.text)}</p>")
        elif b.kind == "item":
            items.append(f"<li>{_e(b.text)}</li>")
        elif b.kind == "table":
            body.append('<div class="table-wrap">' + _table_html('class="data" border="1"') + "</div>")
        else:
            body.append(f"<p>{_e(b.text)}</p>")
    flush()
    menu = "".join(f'<li><a href="/c{i}/">{_e(m)}</a></li>' for i, m in enumerate(s["menu"]))
    crumb = " &gt; ".join(f'<a href="/c{i}/">{_e(c)}</a>' for i, c in enumerate(s["crumb"]))
    links = "".join(f'<li><a href="/art/{i}.html">{_e(t)}</a><span>2026-01-2{i}</span></li>'
                    for i, t in enumerate(s["links"]))
    footer = "".join(f"<p>{_e(f)}</p>" for f in s["footer"])
    lang_attr = "zh-CN" if lang == "zh" else "en"
    page = f"""<!DOCTYPE html>
<html lang="{lang_attr}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(blocks[0].text)}_{_e(s["site"])}</title>
<link rel="stylesheet" href="/css/main.css">
<script src="/js/jquery.min.js"></script>
<script>var _hmt = _hmt || []; function setFont(n) {{ document.getElementById("zoom").style.fontSize = n; }}</script>
</head>
<body>
<div class="top-bar"><span>{_e(s["site"])}</span> <a href="/en/">English</a> <a href="/wza/">无障碍</a></div>
<div class="header"><div class="logo"><img src="/img/logo.png" alt="{_e(s["site"])}"></div>
<div class="search"><form action="/search"><input type="text" name="q"><button>搜索</button></form></div></div>
<div class="nav"><ul>{menu}</ul></div>
<div class="crumb">{"您的位置：" if lang == "zh" else "Location: "}{crumb}</div>
<div class="main">
<div class="article">
<h1 class="article-title">{_e(blocks[0].text)}</h1>
<div class="article-info">{_e(s["info"])}</div>
<div class="article-tools">{s["tools"]} <a href="javascript:window.print()">打印</a>
 <a href="javascript:window.close()">关闭</a></div>
<div class="article-content" id="zoom">
{chr(10).join(body)}
</div>
<div class="share">{_e(s["share"])}<a class="wx" href="#">微信</a><a class="wb" href="#">微博</a>
<a class="qq" href="#">QQ空间</a></div>
<div class="attach">{_e(s["attach"])}<a href="/files/report.docx">{_e(blocks[0].text)}.docx</a></div>
<div class="prev-next"><p>{_e(s["prev"])}<a href="/art/a.html">{_e(s["links"][2])}</a></p>
<p>{_e(s["next"])}<a href="/art/b.html">{_e(s["links"][3])}</a></p></div>
</div>
<div class="side"><h3>{_e(s["related"])}</h3><ul>{links}</ul></div>
</div>
<div class="footer">{footer}<p><a href="/map/">网站地图</a> | <a href="/contact/">联系我们</a></p></div>
<script>(function(){{var hm = document.createElement("script"); hm.src = "https://stats.example/hm.js";}})();</script>
</body>
</html>
"""
    return page.encode("utf-8")


def _hard_wrap(text: str, rng: random.Random) -> str:
    """A paragraph's HTML with <br> at a few seeded positions (anywhere, inside numbers too)."""
    if len(text) < 60:
        return _e(text)
    places = [i for i in range(20, len(text) - 5) if not text[i - 1].isascii() or text[i - 1] == " "]
    cuts = sorted(rng.sample(places, k=min(3, len(text) // 60, len(places))))  # Latin words stay whole
    parts, last = [], 0
    for c in cuts:
        parts.append(_e(text[last:c]))
        last = c
    parts.append(_e(text[last:]))
    return "<br>\n".join(parts)


def render_table(lang: str, blocks: list[Block], seed: int = 0) -> bytes:
    """The GBK table layout (see the module docstring)."""
    rng = random.Random(seed)
    s = _site(lang, blocks[0].text)
    ind = "　　" if lang == "zh" else "&nbsp;&nbsp;&nbsp;&nbsp;"
    body: list[str] = []
    shared: list[str] = []          # paragraphs of one section that share a <p>
    section = 0
    for b in blocks[1:]:
        if b.kind == "h2":
            section += 1
        one_p = section == 2 and b.kind == "para"
        if shared and not one_p:
            body.append("<p>" + "<br>\n".join(shared) + "</p>")
            shared = []
        if b.kind == "subtitle":
            body.append(f'<p align="center">{_e(b.text)}</p>')
        elif b.kind == "h2":
            body.append(f'<p align="center"><b>{_e(b.text)}</b></p>')
        elif b.kind == "h3":
            body.append(f"<p>{ind}<b>{_e(b.text)}</b></p>")
        elif b.kind == "runin":
            body.append(f"<p>{ind}<b>{_e(b.head)}</b>{_hard_wrap(b.text, rng)}</p>")
        elif b.kind == "table":
            body.append(_table_html('border="1" cellspacing="0" cellpadding="2" width="90%" align="center"'))
        elif one_p:
            shared.append(ind + _e(text_of(b)))
        else:
            body.append(f"<p>{ind}{_hard_wrap(text_of(b), rng)}</p>")
    if shared:
        body.append("<p>" + "<br>\n".join(shared) + "</p>")
    menu = " | ".join(f'<a href="/c{i}/">{_e(m)}</a>' for i, m in enumerate(s["menu"]))
    left = "".join(f'<tr><td height="24">·<a href="/art/{i}.htm">{_e(t)}</a></td></tr>'
                   for i, t in enumerate(s["links"]))
    crumb = " &gt;&gt; ".join(_e(c) for c in s["crumb"])
    footer = "<br>\n".join(_e(f) for f in s["footer"])
    charset = "gb2312" if lang == "zh" else "iso-8859-1"
    page = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{_e(blocks[0].text)}</title>
<style type="text/css">td {{ font-size: 14px; }} .title {{ font-size: 22px; }}</style>
</head>
<body topmargin="0" leftmargin="0">
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td><img src="images/banner.jpg" width="1000" height="120"></td></tr>
<tr><td class="menu" height="32" align="center">{menu}</td></tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
<tr>
<td width="220" valign="top">
<table width="100%" border="0"><tr><td class="lm"><b>{_e(s["related"])}</b></td></tr>{left}</table>
</td>
<td width="780" valign="top">
<table width="100%" border="0" cellpadding="6">
<tr><td class="crumb">{"当前位置：" if lang == "zh" else "Location: "}{crumb}</td></tr>
<tr><td align="center" class="title"><b>{_e(blocks[0].text)}</b></td></tr>
<tr><td align="center">{_e(s["info"].split("　")[0])}&nbsp;&nbsp;{s["tools"]}</td></tr>
<tr><td class="content" id="zoom">
{chr(10).join(body)}
</td></tr>
<tr><td align="right">【<a href="javascript:window.print()">打印本页</a>】
【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
</table>
</td>
</tr>
</table>
<table width="1000" border="0" align="center"><tr><td class="footer" align="center">{footer}</td></tr></table>
</body>
</html>
"""
    return page.encode("gbk" if lang == "zh" else "latin-1", errors="xmlcharrefreplace")


# --------------------------------------------------------------------------- .docx

def render_docx(lang: str, blocks: list[Block], out: Path, seed: int = 0) -> None:
    """The .docx rendering (see the module docstring)."""
    import docx
    from docx.enum.text import WD_BREAK

    rng = random.Random(seed)
    d = docx.Document()
    numbered_h2 = _chinese_numbering(d) if lang == "zh" else None
    d.add_paragraph(blocks[0].text, style="Title")
    list_num = 0
    prev = ""
    for b in blocks[1:]:
        if b.kind == "subtitle":
            d.add_paragraph(b.text).runs[0].italic = True
        elif b.kind == "h2":
            d.add_heading(b.text, level=1)
        elif b.kind == "h3":
            if numbered_h2 is not None and b.text.startswith("（"):
                p = d.add_heading(b.text[b.text.index("）") + 1:], level=2)
                _number(p, numbered_h2)
            else:
                d.add_heading(b.text, level=2)
        elif b.kind == "runin":
            p = d.add_paragraph()
            p.add_run(b.head).bold = True
            p.add_run(b.text)
        elif b.kind == "item":
            p = d.add_paragraph(b.text, style="List Number")
            if prev != "item":                  # a new list: Word's numbering starts again at 1
                list_num = _restart(d, 91 + list_num) - 90
            _number(p, 90 + list_num)
        elif b.kind == "table":
            _docx_table(d)
        else:
            p = d.add_paragraph()
            text = b.text
            if len(text) > 120 and rng.random() < 0.2:       # a soft line break inside the paragraph
                cut = rng.randrange(40, len(text) - 20)
                p.add_run(text[:cut]).add_break(WD_BREAK.LINE)
                p.add_run(text[cut:])
            else:
                p.add_run(text)
        prev = b.kind
    d.core_properties.title = blocks[0].text
    d.save(str(out))


def _chinese_numbering(d) -> int:  # type: ignore[no-untyped-def]
    """Add a numbering definition （一）（二）… (chineseCounting, no tab after it); its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = d.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:suff w:val="nothing"/><w:lvlText w:val="（%1）"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>')
    numbering.insert(0, abstract)
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    numbering.append(num)
    return 90


def _restart(d, num_id: int) -> int:  # type: ignore[no-untyped-def]
    """A new numbering instance of the List Number style's list that starts at 1; its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    numbering = d.part.numbering_part.element
    style_num = d.styles["List Number"].element.pPr.numPr.numId.val
    abstract = next(n for n in numbering.findall(qn("w:num")) if n.numId == style_num).abstractNumId.val
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    return num_id


def _number(p, num_id: int) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _docx_table(d) -> None:  # type: ignore[no-untyped-def]
    t = d.add_table(rows=len(TABLE_ROWS) + 2, cols=len(TABLE_HEAD))
    t.style = "Table Grid"
    for c, h in enumerate(TABLE_HEAD):
        t.cell(0, c).text = h
    for r, row in enumerate(TABLE_ROWS, start=1):
        for c, v in enumerate(row):
            if c == 0 and r > 1 and TABLE_ROWS[r - 2][0] == v:
                continue
            t.cell(r, c).text = v
    for r in range(1, len(TABLE_ROWS)):                   # merge the category cells of equal rows
        if TABLE_ROWS[r][0] == TABLE_ROWS[r - 1][0]:
            t.cell(r, 0).merge(t.cell(r + 1, 0))
    last = len(TABLE_ROWS) + 1
    merged = t.cell(last, 0).merge(t.cell(last, len(TABLE_HEAD) - 1))
    merged.text = TABLE_NOTE


def excerpt(blocks: list[Block], n: int) -> list[Block]:
    """The first n blocks, the table of targets and the first numbered list (a small fixture)."""
    items = [i for i, b in enumerate(blocks) if b.kind == "item"]
    run = [i for k, i in enumerate(items) if i == items[0] + k][:4] if items else []
    keep = set(range(min(n, len(blocks)))) | {i for i, b in enumerate(blocks) if b.kind == "table"} | set(run)
    return [b for i, b in enumerate(blocks) if i in keep]


def render(report: Path, out: Path, style: str, seed: int = 0, blocks: int | None = None) -> None:
    """Render `report` in `style` into `out` (`blocks`: only an excerpt, see excerpt())."""
    lang, bl = blocks_of(report)
    if blocks:
        bl = excerpt(bl, blocks)
    if style == "div":
        out.write_bytes(render_div(lang, bl))
    elif style == "table":
        out.write_bytes(render_table(lang, bl, seed))
    elif style == "docx":
        render_docx(lang, bl, out, seed)
    elif style == "doc":                 # Word 97-2003: the .docx converted by LibreOffice (soffice)
        import shutil
        import subprocess
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            docx = Path(tmp) / f"{out.stem}.docx"
            render_docx(lang, bl, docx, seed)
            subprocess.run(["soffice", f"-env:UserInstallation={Path(tmp, 'p').as_uri()}", "--headless",
                            "--convert-to", "doc", "--outdir", tmp, str(docx)], check=True, capture_output=True)
            shutil.copyfile(Path(tmp) / f"{out.stem}.doc", out)
    else:
        raise ValueError(f"unknown style {style}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--style", choices=STYLES, default="div")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--blocks", type=int, help="only the first N paragraphs, the table and the first list")
    args = ap.parse_args()
    render(args.report, args.out, args.style, args.seed, args.blocks)
    print(args.out)


if __name__ == "__main__":
    main()
