"""Word files: .docx through python-docx (numbering, bold run-ins, merged cells); .doc via LibreOffice or antiword."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from .numbering import Numbering
from .text import Extracted, TextBuilder, clean_line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RUN_IN_MAX = 40            # a bold run at a paragraph's start no longer than this is a run-in heading
CAPTION_MAX = 50           # a paragraph just above a table this short is its caption
DATA_CELL_MAX = 200        # a table with a longer cell lays out text, it is no table of values
CONVERT_TIMEOUT = 180      # seconds LibreOffice may take to convert one .doc
_RUN_PARENTS = {f"{W}hyperlink", f"{W}ins", f"{W}smartTag", f"{W}fldSimple", f"{W}customXml", f"{W}sdtContent",
                f"{W}sdt"}


class WordError(Exception):
    """A Word file that cannot be read; str(e) is one line."""


def extract_docx(data: bytes) -> Extracted:
    """A .docx file's text: paragraphs in order (headers, footers and footnotes left out), Word's list
    numbering written out (1. （一） a)), a bold run at a paragraph's start as a heading paragraph, soft line
    breaks as line breaks, tables as tables (merged cells: the covered places empty)."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise WordError(f"not a readable .docx file ({type(exc).__name__}: {str(exc).splitlines()[0][:120]})") \
            from None
    except Exception as exc:  # noqa: BLE001 - python-docx/lxml raise many kinds on damaged packages
        raise WordError(f"damaged .docx file ({type(exc).__name__})") from None
    reader = _Reader(document)
    reader.blocks(document.element.body)
    text, tables = reader.out.result()
    return Extracted(text, tables, reader.warnings, None)


class _Reader:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.numbering = Numbering(document)
        self.styles = {s.style_id: s for s in document.styles}
        self.out = TextBuilder()
        self.warnings: list[str] = []

    def blocks(self, parent: Any) -> None:
        for el in parent.iterchildren():
            if el.tag == f"{W}p":
                self.paragraph(el)
            elif el.tag == f"{W}tbl":
                self.table(el)
            elif el.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
                self.blocks(el.find(f"{W}sdtContent") if el.tag == f"{W}sdt" else el)

    def _style_chain(self, style_id: str | None) -> list[Any]:
        chain, seen = [], set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            chain.append(style)
            base = style.element.find(f"{W}basedOn")
            style_id = base.get(f"{W}val") if base is not None else None
        return chain

    def label(self, p: Any) -> str:
        """The number Word shows before a paragraph (its own numbering or its style's), or ""."""
        ppr = p.find(f"{W}pPr")
        num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
        style_id = None
        if ppr is not None and ppr.find(f"{W}pStyle") is not None:
            style_id = ppr.find(f"{W}pStyle").get(f"{W}val")
        if num_pr is None:
            for style in self._style_chain(style_id):
                spr = style.element.find(f"{W}pPr")
                if spr is not None and spr.find(f"{W}numPr") is not None:
                    num_pr = spr.find(f"{W}numPr")
                    break
        if num_pr is None:
            return ""
        num_id = num_pr.find(f"{W}numId")
        ilvl = num_pr.find(f"{W}ilvl")
        if num_id is None:
            return ""
        return self.numbering.label(num_id.get(f"{W}val"), int(ilvl.get(f"{W}val")) if ilvl is not None else 0)

    def _bold(self, run: Any) -> bool:
        rpr = run.find(f"{W}rPr")
        if rpr is None:
            return False
        b = rpr.find(f"{W}b")
        if b is not None:
            return b.get(f"{W}val") not in ("0", "false", "off")
        rstyle = rpr.find(f"{W}rStyle")
        for style in self._style_chain(rstyle.get(f"{W}val") if rstyle is not None else None):
            if style.font.bold is not None:
                return bool(style.font.bold)
        return False

    def _runs(self, el: Any) -> list[tuple[str, bool]]:
        """The text of a paragraph's runs in order with their boldness ("\\n" for a line break)."""
        out: list[tuple[str, bool]] = []
        for child in el.iterchildren():
            if child.tag == f"{W}r":
                bold = self._bold(child)
                for part in child.iterchildren():
                    if part.tag == f"{W}t":
                        out.append((part.text or "", bold))
                    elif part.tag in (f"{W}tab", f"{W}ptab"):
                        out.append((" ", bold))
                    elif part.tag == f"{W}br" and part.get(f"{W}type") in (None, "textWrapping"):
                        out.append(("\n", bold))
                    elif part.tag == f"{W}cr":
                        out.append(("\n", bold))
                    elif part.tag == f"{W}noBreakHyphen":
                        out.append(("-", bold))
            elif child.tag in _RUN_PARENTS:
                out.extend(self._runs(child))
        return out

    def paragraph(self, p: Any) -> None:
        runs = self._runs(p)
        text = "".join(t for t, _ in runs)
        if not clean_line(text.replace("\n", " ")):
            return
        label = self.label(p)
        if label:
            label += " " if text.lstrip()[:1].isascii() else ""
        head = ""
        for t, bold in runs:
            if not bold or "\n" in t:
                break
            head += t
        rest = text[len(head):]
        out = self.out
        if head.strip() and rest.strip() and len(clean_line(head)) <= RUN_IN_MAX:
            out.add(label + head)               # a bold run-in heading: a paragraph of its own
            out.end_paragraph()
            label, text = "", rest
        out.add(label)
        for i, line in enumerate(text.split("\n")):
            if i:
                out.line_break()
            out.add(line)
        out.end_paragraph()

    def cell_text(self, tc: Any) -> str:
        parts = []
        for p in tc.iter(f"{W}p"):
            label = self.label(p)
            parts.append(label + "".join(t for t, _ in self._runs(p)))
        return clean_line(" ".join(parts))

    def table(self, tbl: Any) -> None:
        rows: list[list[str | None]] = []
        for tr in tbl.findall(f"{W}tr"):
            row: list[str | None] = []
            trpr = tr.find(f"{W}trPr")
            before = trpr.find(f"{W}gridBefore") if trpr is not None else None
            if before is not None:
                row.extend([None] * int(before.get(f"{W}val", "0")))
            for tc in tr.findall(f"{W}tc"):
                tcpr = tc.find(f"{W}tcPr")
                span, merged = 1, False
                if tcpr is not None:
                    gs = tcpr.find(f"{W}gridSpan")
                    span = max(1, int(gs.get(f"{W}val", "1"))) if gs is not None else 1
                    vm = tcpr.find(f"{W}vMerge")
                    merged = vm is not None and vm.get(f"{W}val") != "restart"
                row.append(None if merged else (self.cell_text(tc) or None))
                row.extend([None] * (span - 1))
            rows.append(row)
        width = max((len(r) for r in rows), default=0)
        rows = [r + [None] * (width - len(r)) for r in rows]
        if len(rows) < 2 or width < 2 or any(c and len(c) > DATA_CELL_MAX for r in rows for c in r):
            for tr in tbl.findall(f"{W}tr"):        # a table laying out text: its paragraphs as text
                for tc in tr.findall(f"{W}tc"):
                    self.blocks(tc)
            return
        above = self.out.last_paragraph
        self.out.table(rows, above if len(above) <= CAPTION_MAX else "")


def extract_doc(path: str | Path) -> Extracted:
    """A .doc (Word 97-2003) file: converted to .docx by LibreOffice when it is installed (numbering, tables,
    bold kept), else read by antiword (paragraphs and tables; Word's list numbers are lost)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        with tempfile.TemporaryDirectory(prefix="pipeline-doc-") as tmp:
            src = Path(tmp) / "in.doc"
            shutil.copyfile(path, src)
            profile = Path(tmp, "profile").as_uri()
            try:
                subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                                "--outdir", tmp, str(src)], capture_output=True, timeout=CONVERT_TIMEOUT,
                               check=False, env={**os.environ, "HOME": tmp})
            except subprocess.TimeoutExpired:
                raise WordError(f"LibreOffice took longer than {CONVERT_TIMEOUT}s to convert the file") from None
            out = Path(tmp) / "in.docx"
            if not out.is_file():
                raise WordError("not a .doc file LibreOffice can read (damaged, or another format)")
            return extract_docx(out.read_bytes())
    antiword = shutil.which("antiword")
    if antiword is None:
        raise WordError("cannot read .doc (Word 97-2003) files here: install antiword (apt-get install antiword) "
                        "or LibreOffice (soffice), or save the file as .docx")
    got = subprocess.run([antiword, "-w", "0", "-m", "UTF-8.txt", os.fspath(path)], capture_output=True,
                         timeout=CONVERT_TIMEOUT, check=False)
    if got.returncode != 0:
        why = got.stderr.decode("utf-8", "replace").strip().splitlines()
        raise WordError(f"antiword cannot read it: {why[-1] if why else 'exit status ' + str(got.returncode)}")
    return _antiword_text(got.stdout.decode("utf-8", "replace"))


_ROW = re.compile(r"^\|(.*)\|\s*$")


def _antiword_text(raw: str) -> Extracted:
    """antiword's text: paragraphs between blank lines, table rows as |cell |cell |."""
    out = TextBuilder()
    rows: list[list[str | None]] = []
    for line in raw.splitlines():
        m = _ROW.match(line)
        if m:
            rows.append([clean_line(c) or None for c in m.group(1).split("|")])
            continue
        if rows:
            _flush_rows(out, rows)
            rows = []
        if line.strip():
            out.add(line)
            out.end_paragraph()
    if rows:
        _flush_rows(out, rows)
    text, tables = out.result()
    return Extracted(text, tables, ["read by antiword: Word's list numbering is not kept (install LibreOffice "
                                    "to keep it)"], None)


def _flush_rows(out: TextBuilder, rows: list[list[str | None]]) -> None:
    width = max(len(r) for r in rows)
    rows = [r + [None] * (width - len(r)) for r in rows]
    above = out.last_paragraph
    out.table(rows, above if len(above) <= CAPTION_MAX else "")
