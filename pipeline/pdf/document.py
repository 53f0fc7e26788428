"""extract_pdf: a PDF file to its text in reading order, step by step through the layer's modules."""

from __future__ import annotations

import os
from typing import Any

from . import ocr
from .chars import check_bytes, open_pdfium, read_page
from .dropped import repair_dropped
from .model import Line, Page, PdfError, PdfText, Seg, median
from .paragraphs import column_edges, line_spacing, lines_of_block
from .plumber import Plumber, describe, find_tables
from .reading_order import order_blocks, split_by_known
from .render import link_tables, render_document, table_caption
from .rows import drop_running, make_seg, rows_of, segments_of_row
from .settings import CID_SHARE, NO_TEXT


def extract_pdf(path: str | os.PathLike, password: str | None = None) -> PdfText:
    """Extract the text of a PDF in reading order, with its tables located.

    Raises PdfError for an encrypted file without (or with a wrong) password, a
    file that is not a PDF, a truncated or corrupt PDF, and a PDF without a usable
    text layer.  A page without text in an otherwise good PDF only adds a warning.
    """
    path = os.fspath(path)
    try:
        return _extract(path, password)
    except PdfError:
        raise
    except Exception as exc:
        if not from_pdf_library(exc):
            raise
        raise PdfError(f"truncated or corrupt PDF: {describe(exc)}") from None


def from_pdf_library(exc: BaseException) -> bool:
    """Whether an exception was raised inside pypdfium2, pdfminer or pdfplumber (a damaged
    file they could not parse), not by this package's own code."""
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return last is not None and any(f"{os.sep}{lib}{os.sep}" in last for lib in _LIBRARIES)


_LIBRARIES = ("pypdfium2", "pdfminer", "pdfplumber")


def read_scans(doc: Any, pages: list[Page], warnings: list[str]) -> dict[int, float]:
    """OCR every page that draws something but has no usable text layer (no glyph, or mostly glyphs without
    a Unicode mapping); a warning per page.  Returns each OCR'd page's mean word confidence.  PdfError when
    no page has text and OCR cannot be used or finds none."""
    def usable(p: Page) -> bool:
        n = sum(1 for c in p.chars if not c.t.isspace())
        return n > 0 and p.unmapped <= CID_SHARE * len(p.chars)
    scans = [p for p in pages if not usable(p)]
    confidence: dict[int, float] = {}
    if not scans:
        return confidence
    unavailable = None
    for p in scans:
        what = "no text layer" if not any(not c.t.isspace() for c in p.chars) else "text has no Unicode mapping"
        p.chars = []
        if not p.objects:
            warnings.append(f"page {p.number}: {what}")
            continue
        if unavailable is None:
            pdf_page = doc[p.number - 1]
            try:
                conf = ocr.read_page(pdf_page, p)
            except ocr.OcrUnavailable as exc:
                unavailable = str(exc)
            finally:
                pdf_page.close()
        if unavailable is not None:
            warnings.append(f"page {p.number}: {what} (skipped: {unavailable})")
        elif conf is None:
            warnings.append(f"page {p.number}: {what}; OCR found no text")
        else:
            confidence[p.number] = round(conf, 1)
            warnings.append(f"page {p.number}: {what}; read by OCR (confidence {conf:.0f}%)")
    if not any(p.chars for p in pages):
        raise PdfError(NO_TEXT.format(why=unavailable or "OCR found no text"))
    return confidence


def _extract(path: str, password: str | None) -> PdfText:
    warnings = check_bytes(path)
    doc = open_pdfium(path, password, bool(warnings))
    try:
        pages = []
        for i in range(len(doc)):
            try:
                pages.append(read_page(doc, i))
            except PdfError:
                raise
            except Exception as exc:  # noqa: BLE001 - PDFium page errors
                raise PdfError(f"truncated or corrupt PDF: page {i + 1}: {exc}") from None
        if not pages:
            raise PdfError("truncated or corrupt PDF: no pages")

        plumber = Plumber(path, password, warnings)
        try:
            repair_dropped(pages, plumber, warnings)
            total = sum(1 for p in pages for c in p.chars if not c.t.isspace())
            if total == 0 and not any(p.objects for p in pages):
                raise PdfError("truncated or corrupt PDF: no page has any readable content")
            confidence = read_scans(doc, pages, warnings)
            find_tables(pages, plumber, warnings)
        finally:
            plumber.close()
    finally:
        doc.close()

    for p in pages:
        for row in rows_of(p.chars):
            for part in segments_of_row(row):
                p.segs.append(make_seg(part))
        for tab in p.tables:
            tab.caption = table_caption(p, tab)
            x0, top, x1, bottom = tab.bbox
            p.segs.append(Seg("", x0, x1, top, bottom, top, 10.0, tab))
    drop_running(pages)

    # reading order: each page cut at its own gutters, then leaf blocks at those of other pages
    gutters: list[tuple[float, float]] = []
    ordered: list[tuple[float, list[list[Seg]]]] = []
    for p in pages:
        if not p.segs:
            ordered.append((10.0, []))
            continue
        text_segs = [s for s in p.segs if s.table is None]
        em = median((s.size for s in text_segs), 10.0)
        for s in p.segs:
            if s.table is not None:
                s.size = em
        ordered.append((em, order_blocks(p.segs, em, found=gutters)))
    known = sorted({(round(a), round(b)) for a, b in gutters})
    blocks_per_page: list[list[list[Line]]] = []
    for em, blocks in ordered:
        if known:
            blocks = split_by_known(blocks, em, known)
        blocks_per_page.append([lines_of_block(b) for b in blocks if b])
    column_edges(blocks_per_page)
    link_tables(blocks_per_page)
    usual = line_spacing(blocks_per_page)
    out = render_document(pages, blocks_per_page, usual, warnings)
    out.ocr = confidence
    return out
