"""Web pages: the charset, the report's main content (readability-lxml), its text with headings and tables."""

from __future__ import annotations

import codecs
import logging
import re
from typing import Any

from .text import Extracted, TextBuilder, clean_line, grid

BLOCKS = frozenset("""address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption
    figure footer h1 h2 h3 h4 h5 h6 header hgroup hr li main menu ol p pre section summary table tbody td tfoot
    th thead tr ul""".split())
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
SKIP = frozenset("""script style noscript template iframe object embed svg canvas form input button select textarea
    nav head title meta link map area audio video""".split())
BOLD = frozenset(("b", "strong"))
RUN_IN_MAX = 40            # a bold run at a paragraph's start no longer than this is a run-in heading
LINK_SHARE = 0.8           # a list or block whose text is mostly links (at least LINK_MIN of them) is navigation
LINK_MIN = 2
CAPTION_MAX = 50           # a paragraph just above a table this short is its caption
DATA_CELL_MAX = 200        # a table with a longer cell lays out a page, it is no table of values
_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)"""
                      rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.-]+)""", re.IGNORECASE)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "csgb2312", "gb_2312-80", "ms936", "windows-936"}
_INDENT = re.compile(r"^[ \t\r\n]*[\u3000\xa0]")
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_TITLE_SPLIT = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s|--)\s*")


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares (<meta charset>, http-equiv content type, XML declaration), as Python names it."""
    m = _CHARSET.search(data[:8192])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii").lower()
    if name in _GB:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_page(data: bytes) -> tuple[str, str, list[str]]:
    """A page's text, the encoding it was read in and warnings.  Pages in the encodings of text files (UTF-8,
    UTF-16 with a byte-order mark, GB18030/GBK/GB2312) are read and checked as text is (ingest.decode); a page
    that declares another charset is read in it when its bytes are not UTF-8."""
    from ..ingest import IngestError, decode, plausible

    declared = declared_charset(data)
    warnings: list[str] = []
    if declared not in (None, "utf-8", "gb18030", "utf-16", "utf-16-le", "utf-16-be"):
        try:
            text = data.decode("utf-8")
            enc = "utf-8"
        except UnicodeDecodeError:
            try:
                text = data.decode(declared)
            except UnicodeDecodeError as e:
                raise IngestError(f"undecodable page: not UTF-8, and not {declared} as it declares "
                                  f"(bad byte at {e.start})") from None
            enc = declared
        text, enc = plausible(text, enc)
    else:
        text, enc = decode(data)
    if declared and declared != codecs.lookup(enc).name and not (declared == "utf-8" and enc == "utf-8-sig"):
        warnings.append(f"the page declares charset {declared}, but its bytes are {enc}; read as {enc}")
    return text, enc, warnings


def extract_html(data: bytes) -> Extracted:
    """The report on a web page: its main content (readability-lxml picks it; menus, breadcrumbs, toolbars,
    share bars, related links and footers are left out), the page's title when the content lacks it, headings
    and bold run-in headings as paragraphs of their own, <br> as a line break inside a paragraph (a paragraph
    break when the next line is indented or another <br> follows), ordered lists numbered, tables as tables."""
    import lxml.html
    from readability import Document

    text, enc, warnings = decode_page(data)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    if not text.strip():
        return Extracted("", [], warnings + ["empty page"], enc)
    logging.getLogger("readability.readability").setLevel(logging.ERROR)
    page = lxml.html.document_fromstring(text)
    try:
        summary = Document(text).summary(html_partial=True)
        content = lxml.html.fragment_fromstring(summary, create_parent="div")
    except Exception:  # noqa: BLE001 - readability gives up on pages it cannot score: read the whole body
        warnings.append("no main content found; the whole page is read")
        content = page.body if page.body is not None else page
    out = TextBuilder()
    title = page_title(page, content)
    if title:
        out.add(title)
        out.end_paragraph()
    Walker(out).walk(content)
    body, tables = out.result()
    return Extracted(body, tables, warnings, enc)


def page_title(page: Any, content: Any) -> str:
    """The report's title when the content does not start with it: the last element before the content whose
    text is the page's <title> or a part of it (before a site name after _, |, -), else the first <h1>."""
    titles = page.xpath("//title")
    raw = clean_line(titles[0].text_content()) if titles else ""
    parts = {p for p in (clean_line(x) for x in _TITLE_SPLIT.split(raw)) if len(p) >= 4} | ({raw} if raw else set())
    head = clean_line(content.text_content())[:400]
    found = ""
    anchor = re.sub(r"\s+", "", head)[:12]
    for el in page.iter():
        if not isinstance(el.tag, str) or el.tag in SKIP or el.tag == "title":
            continue
        own = re.sub(r"\s+", "", (el.text or "") + (el.tail or ""))
        if anchor and anchor in own:
            break                               # the content starts here
        t = clean_line(el.text_content())
        if t and (t in parts or (el.tag == "h1" and not found)):
            found = t
    if found and found not in head:
        return found
    return ""


def _is_bold(el: Any) -> bool:
    return el.tag in BOLD or bool(_BOLD_STYLE.search(el.get("style") or ""))


def _hidden(el: Any) -> bool:
    return el.get("hidden") is not None or el.get("aria-hidden") == "true" \
        or bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def _navigation(el: Any) -> bool:
    """A block whose text is mostly links (a menu, related links, previous/next)."""
    links = el.xpath(".//a")
    if len(links) < LINK_MIN:
        return False
    total = len(re.sub(r"\s+", "", el.text_content()))
    linked = sum(len(re.sub(r"\s+", "", a.text_content())) for a in links)
    return total > 0 and linked >= LINK_SHARE * total


class Walker:
    """Walks a content tree into a TextBuilder."""

    def __init__(self, out: TextBuilder) -> None:
        self.out = out
        self.pending_br = False
        self.after_run_in = False

    def text(self, s: str | None) -> None:
        if not s:
            return
        out = self.out
        if self.pending_br:
            if not s.strip(" \t\r\n\f"):
                out.add(s)
                return
            if _INDENT.match(s):
                out.end_paragraph()             # <br> then an indent: a new paragraph
            else:
                out.line_break()
            self.pending_br = False
        if self.after_run_in and s.strip(" \t\r\n\f\v\xa0\u3000"):
            out.end_paragraph()                 # the text after a bold run-in heading
            self.after_run_in = False
        out.add(s)

    def block(self) -> None:
        self.out.end_paragraph()
        self.pending_br = self.after_run_in = False

    def walk(self, el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in SKIP or _hidden(el):
            return
        if tag in ("ul", "ol", "div", "p", "td", "section", "aside", "dl", "menu") and _navigation(el):
            return
        if tag == "br":
            if self.pending_br:
                self.out.end_paragraph()        # <br><br>: a paragraph break
                self.pending_br = False
            else:
                self.pending_br = not self.out.line_empty
            return
        if tag == "table" and self._data_table(el):
            caption = el.find("caption")
            cap = clean_line(caption.text_content()) if caption is not None else ""
            if cap:
                self.block()
                self.out.add(cap)
            self.block()
            above = self.out.last_paragraph
            self.out.table(self._cells(el), cap or (above if len(above) <= CAPTION_MAX else ""))
            return
        is_block = tag in BLOCKS
        if is_block:
            self.block()
        run_in = (_is_bold(el) and tag not in HEADINGS and (self.out.line_empty or self.pending_br)
                  and 0 < len(clean_line(el.text_content())) <= RUN_IN_MAX)
        if run_in and self.pending_br:
            self.block()                        # a bold heading on a line of its own after a <br>
        if tag == "ol":
            self._list(el)
        else:
            self.text(el.text)
            for child in el:
                self.walk(child)
                self.text(child.tail)
        if run_in:
            self.after_run_in = True            # a bold run at a line's start: a heading of its own
        if is_block or tag in HEADINGS:
            self.block()

    def _list(self, el: Any) -> None:
        self.text(el.text)
        try:
            n = int(el.get("start", "1"))
        except ValueError:
            n = 1
        for child in el:
            if isinstance(child.tag, str) and child.tag == "li" and not _hidden(child):
                self.block()
                first = clean_line(child.text_content())[:1]
                self.out.add(f"{n}." + (" " if first.isascii() else ""))
                n += 1
                self.text(child.text)               # the item's content, after its number
                for grandchild in child:
                    self.walk(grandchild)
                    self.text(grandchild.tail)
                self.block()
            else:
                self.walk(child)
            self.text(child.tail)

    def _data_table(self, el: Any) -> bool:
        """A table of cells (not a page's layout): no table inside it, no long cell, two rows and columns."""
        if el.xpath(".//table"):
            return False
        rows = el.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        if len(rows) < 2 or max(len(r.xpath("./td|./th")) for r in rows) < 2:
            return False
        return all(len(clean_line(c.text_content())) <= DATA_CELL_MAX for r in rows for c in r.xpath("./td|./th"))

    def _cells(self, el: Any) -> list[list[str | None]]:
        rows = []
        for tr in el.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
            cells = []
            for td in tr.xpath("./td|./th"):
                cells.append((_cell_text(td), _span(td.get("rowspan")), _span(td.get("colspan"))))
            rows.append(cells)
        return grid(rows)


def _span(v: str | None) -> int:
    try:
        return max(1, min(int(v or "1"), 1000))
    except ValueError:
        return 1


def _cell_text(td: Any) -> str:
    """A cell's text on one line (its line breaks joined like a wrapped line: nothing between CJK)."""
    for br in td.iter("br"):
        br.tail = " " + (br.tail or "")
    return clean_line(td.text_content())
