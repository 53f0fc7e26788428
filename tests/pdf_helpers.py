"""Helpers shared by the PDF tests: the fixture generator as a module, and PDFium's own page text."""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@functools.cache
def fixture_tool() -> ModuleType:
    """tools/make_pdf_fixtures.py, imported (it is a script, not part of the package)."""
    return _tool("make_pdf_fixtures")


@functools.cache
def report_tool() -> ModuleType:
    """tools/make_report_pdf.py (long reports laid out like real ones), imported."""
    return _tool("make_report_pdf")


def pdfium_page_texts(path: Path) -> list[str]:
    """Each page's text as PDFium's own extraction gives it (independent of pipeline/pdf/)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            out.append(tp.get_text_range())
            tp.close()
            page.close()
        return out
    finally:
        doc.close()


def pdfium_pages(path: Path) -> list[str]:
    """Each page's text as PDFium's own extraction gives it, whitespace removed (independent of pipeline/pdf/)."""
    return [re.sub(r"\s+", "", text) for text in pdfium_page_texts(path)]


def check_pages(doc: Any, src: Any, path: Path) -> list[str]:
    """Problems with source.page: the match must start on that page of the extracted text, and the text
    around it (on its own line) must be on that page of the PDF as PDFium reads it."""
    raw = pdfium_pages(path)
    text, starts = src.text, src.page_starts
    problems = []
    for r in doc.records:
        s = r.source
        start, end, page = s["start"], s["end"], s["page"]
        page_end = starts[page] if page < len(starts) else len(text)
        if text[start:end] != s["match"]:
            problems.append(f"{r.id}: text[start:end] != match")
        if not starts[page - 1] <= start < page_end:       # a match may run on to the next page
            problems.append(f"{r.id} {s['match']!r}: not on page {page} of the extracted text")
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        # (a table row's cells, joined by " | " in the text, are checked one by one)
        for ctx in text[max(line_start, start - 6):min(line_end, end + 6)].split(" | "):
            ctx = re.sub(r"\s+", "", ctx)
            if ctx not in raw[page - 1]:
                problems.append(f"{r.id} {s['match']!r}: {ctx!r} is not on page {page} of the PDF")
    return problems
