"""Helpers shared by the format tests: the fixture tools as modules, record agreement, the OCR requirement."""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT = ROOT / "tests" / "development"
# the development documents rendered in the tests: every Chinese one and one English one
REPORTS = sorted(DEVELOPMENT.glob("dev-*.zh.txt")) + [DEVELOPMENT / "dev-heyang-2021-district.en.txt"]


def _tool(name: str) -> ModuleType:
    sys.path.insert(0, str(ROOT / "tools"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


@functools.cache
def format_tool() -> ModuleType:
    """tools/make_format_fixtures.py (web pages, .docx), imported."""
    return _tool("make_format_fixtures")


@functools.cache
def scan_tool() -> ModuleType:
    """tools/make_scanned_pdf.py (image-only PDFs), imported."""
    format_tool()
    return _tool("make_scanned_pdf")


def key(r: Any) -> tuple:
    """What must agree between a rendering's record and the text's (as tests/test_pdf_reports.py)."""
    return (re.sub(r"\s+", "", r.source["match"]), r.value, r.kind, r.period, r.indicator)


def agreement(want: list[Any], got: list[Any]) -> tuple[float, list[Any]]:
    """The share of `want` that has a record of `got` with the same key, and the ones that do not."""
    pool = Counter(key(r) for r in got)
    missing = []
    for r in want:
        if pool[key(r)]:
            pool[key(r)] -= 1
        else:
            missing.append(r)
    return (len(want) - len(missing)) / max(1, len(want)), missing


def describe(missing: list[Any], got: list[Any]) -> str:
    by: dict[str, list[tuple]] = {}
    for r in got:
        by.setdefault(key(r)[0], []).append(key(r))
    return "\n".join(f"{key(r)} ~ {by.get(key(r)[0], [])[:2]}" for r in missing[:25])


def need_ocr() -> None:
    """Skip (with the reason) when Tesseract, its language data or a CJK font is missing; under CI=true fail
    instead: `make test` installs them."""
    from pipeline.pdf import ocr

    why = None
    try:
        ocr.Engine.get()
        scan_tool().cjk_font()
    except ocr.OcrUnavailable as exc:
        why = str(exc)
    except Exception as exc:  # noqa: BLE001 - the font lookup names what is missing
        why = str(exc)
    if why is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"OCR tests need Tesseract and a CJK font (make test installs them): {why}")
    pytest.skip(f"OCR not available here: {why}")


def join_pdfs(parts: list[Path], out: Path) -> None:
    """The pages of several PDFs in one file (PDFium)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    for part in parts:
        src = pdfium.PdfDocument(part)
        doc.import_pages(src)
        src.close()
    doc.save(out)
    doc.close()
