"""Opening a PDF with pypdfium2 (broken-file checks) and reading each page's glyphs with their boxes."""

from __future__ import annotations

import ctypes
import math
import os
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .model import Char, Page, PdfError
from .settings import UNMAPPED_SAMPLE

if TYPE_CHECKING:
    import pypdfium2 as pdfium


def check_bytes(path: str) -> list[str]:
    """Reject what is not a PDF at all; a warning when the %%EOF marker is missing."""
    with open(path, "rb") as fh:
        head = fh.read(1024)
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    if size == 0:
        raise PdfError("not a PDF file (empty file)")
    if b"%PDF-" not in head:
        raise PdfError("not a PDF file")
    if b"%%EOF" not in tail:
        return ["no %%EOF marker at the end of the file (truncated?)"]
    return []


def open_pdfium(path: str, password: str | None, eof_missing: bool) -> pdfium.PdfDocument:
    """Open the file with PDFium; a password or load failure becomes a one-line PdfError."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(path, password=password)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            if password is None:
                raise PdfError("encrypted PDF (use --password)") from None
            raise PdfError("encrypted PDF: wrong password") from None
        detail = re.sub(r"^Failed to load document \(PDFium: (.*)\)\.?$", r"\1", msg)
        if eof_missing:
            detail = f"file ends without %%EOF (cut short?); {detail}"
        raise PdfError(f"truncated or corrupt PDF: {detail}") from None


def to_display(angle: int, mb: Sequence[float]) -> Callable[[float, float], tuple[float, float]]:
    """Map PDF user space to a frame where text of the given direction (degrees
    counter-clockwise) runs left to right: x to the right, y downwards."""
    left, bottom, right, top = mb
    if angle == 90:
        return lambda x, y: (y - bottom, x - left)
    if angle == 180:
        return lambda x, y: (right - x, y - bottom)
    if angle == 270:
        return lambda x, y: (top - y, right - x)
    return lambda x, y: (x, top - y)


def text_angle(raw: Any, tp: Any, n: int) -> int:
    """The dominant text direction of a page, in multiples of 90 degrees."""
    votes = {0: 0, 90: 0, 180: 0, 270: 0}
    for i in range(0, n, max(1, n // 60)):
        a = raw.FPDFText_GetCharAngle(tp, i)   # radians, clockwise
        if a >= 0:
            votes[(360 - int(round(math.degrees(a) / 90.0)) % 4 * 90) % 360] += 1
    return max(votes, key=lambda k: (votes[k], k == 0))


def read_page(doc: pdfium.PdfDocument, index: int) -> Page:
    """One page's glyphs (code point, loose box, baseline) in a frame where its text runs left
    to right, top down; plus what the later steps need to know about its objects."""
    import pypdfium2.raw as raw

    page = doc[index]
    try:
        rotation = page.get_rotation() % 360
        mb = tuple(page.get_mediabox())
        tp = page.get_textpage()
        n = raw.FPDFText_CountChars(tp)
        angle = text_angle(raw, tp, n) if n else rotation
        width, height = mb[2] - mb[0], mb[3] - mb[1]
        if angle in (90, 270):
            width, height = height, width
        chars, unmapped = _glyphs(raw, tp, n, angle, mb)
        segments = dropped = 0
        dropped_at: list[tuple[float, float]] = []
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_TEXT]):
            if obj.type == raw.FPDF_PAGEOBJ_PATH:
                segments += max(0, raw.FPDFPath_CountSegments(obj))
            elif raw.FPDFTextObj_GetText(obj, tp, None, 0) <= 2:
                # the text page holds no character of this text object (UTF-16 "" is
                # 2 bytes): PDFium skipped it (empty box), or it is really empty
                dropped += 1
                m = obj.get_matrix()
                dropped_at.append((m.e, m.f))
        objects = raw.FPDFPage_CountObjects(page)
        tp.close()
        return Page(index + 1, width, height, chars, unmapped, segments, dropped,
                    objects=objects, dropped_at=dropped_at, same_frame=(angle == rotation))
    finally:
        page.close()


def _codes(raw: Any, tp: Any, n: int) -> list[int]:
    """The code points of the text page's n characters: one call for the page's text (UTF-16),
    else (a character outside the BMP takes two units) one call per character."""
    buf = (ctypes.c_ushort * (n + 1))()
    if raw.FPDFText_GetText(tp, 0, n, buf) == n + 1:
        return buf[:n]
    return [raw.FPDFText_GetUnicode(tp, i) for i in range(n)]


def _glyphs(raw: Any, tp: Any, n: int, angle: int, mb: Sequence[float]) -> tuple[list[Char], int]:
    """The page's glyphs as Char in display order, and how many PDFium could not map to Unicode
    (counted on a sample of about UNMAPPED_SAMPLE characters a page, scaled up)."""
    chars: list[Char] = []
    seen: set[tuple[str, int, int]] = set()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rect = raw.FS_RECTF()
    box, origin, generated = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharOrigin, raw.FPDFText_IsGenerated
    map_error = raw.FPDFText_HasUnicodeMapError
    step = max(1, n // UNMAPPED_SAMPLE)
    unmapped = 0
    upright = angle == 0
    conv = to_display(angle, mb)
    page_top = mb[3]
    soft_space = False
    for i, u in enumerate(_codes(raw, tp, n)):
        if u <= 0x20:
            if generated(tp, i):
                # PDFium's own word-break guess; a hint for gaps without a space glyph
                soft_space = u == 0x20
                continue
            if u < 0x20:
                continue
        elif 0xD800 <= u < 0xE000 or u in (0xFFFE, 0xFFFF):
            continue
        if i % step == 0 and map_error(tp, i):
            unmapped += step
        origin(tp, i, ox, oy)
        box(tp, i, rect)
        if upright:
            x0, x1 = rect.left, rect.right
            top, bottom, base = page_top - rect.top, page_top - rect.bottom, page_top - oy.value
            if x1 < x0:
                x0, x1 = x1, x0
            if bottom < top:
                top, bottom = bottom, top
        else:
            ax, ay = conv(rect.left, rect.top)
            bx, by = conv(rect.right, rect.bottom)
            _, base = conv(ox.value, oy.value)
            x0, x1 = min(ax, bx), max(ax, bx)
            top, bottom = min(ay, by), max(ay, by)
        # the font size PDFium reports, where it is a real size (a font set at size 1 and scaled by the text
        # matrix reports 1): glyph boxes vary with the glyph's shape (口 is lower than 出, 3 than 中)
        size = raw.FPDFText_GetFontSize(tp, i)
        if size < 2:
            size = bottom - top if bottom > top else 1.0
        t = chr(u)
        key = (t, round(x0 * 2), round(base * 2))  # drop fake-bold double strikes
        if key in seen:
            continue
        seen.add(key)
        chars.append(Char(t, x0, x1, top, bottom, base, size, soft_space))
        soft_space = False
    return chars, unmapped
