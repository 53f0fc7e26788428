"""Helpers shared by the PDF tests: the fixture generator as a module, and PDFium's own page text."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def fixture_tool() -> ModuleType:
    """tools/make_pdf_fixtures.py, imported (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("make_pdf_fixtures", ROOT / "tools" / "make_pdf_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


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
