"""Ingest: read a report file, detect its format and encoding, and give the exact document text."""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SUPPORTED = {".txt": "txt", ".pdf": "pdf", ".html": "html", ".htm": "html", ".docx": "docx", ".doc": "doc"}
# Characters that plain text holds almost never: C0/C1 controls other than \t \n \v \f \r, lone surrogates,
# private-use code points. Text with more than one in IMPLAUSIBLE_SHARE of its characters (and more than
# IMPLAUSIBLE_MIN) is refused: it is binary data, or bytes decoded in the wrong encoding.
IMPLAUSIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff]")
IMPLAUSIBLE_SHARE = 0.001
IMPLAUSIBLE_MIN = 2
# GB18030 decodes almost any bytes >= 0x81 (every pair of them is a GBK code), so a GB18030/GBK text must also
# look like one: at most GB_RARE_SHARE of its non-ASCII characters outside GB2312 (the simplified-Chinese set
# that Chinese reports are written in; rarer characters such as 镕 or 堃 occur, but seldom). Random bytes and
# Big5 text read as GB18030 have about half of theirs outside.
GB_RARE_SHARE = 0.2
GB_RARE_MIN = 2


class IngestError(Exception):
    """A file that cannot be read as a report; the message is one line naming the reason."""


@dataclass
class Source:
    """A document's text as the pipeline sees it, with where it came from."""

    path: str
    text: str
    format: str
    encoding: str | None
    sha256: str
    pages: int | None = None
    page_starts: list[int] = field(default_factory=list)
    tables: list[Any] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ocr: bool = False           # some page's text was read by OCR
    wrapped: bool = False       # paragraphs end in a blank line; a single line break is a line break inside one


def decode(data: bytes) -> tuple[str, str]:
    """Decode report bytes: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030; return (text, encoding).

    Raises IngestError for bytes that are not plausibly text in one of these (see IMPLAUSIBLE, GB_RARE_SHARE).
    """
    if data.startswith(codecs.BOM_UTF8):
        return plausible(data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise IngestError("UTF-32 text is not supported: convert it to UTF-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return plausible(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as e:
            raise IngestError(f"broken UTF-16 text at byte {e.start}") from None
    if b"\x00" in data[:4096]:
        raise IngestError("binary file, not text (NUL bytes and no UTF-16 byte-order mark; UTF-16 and UTF-32 "
                          "without one are not supported)")
    try:
        return plausible(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise IngestError(f"undecodable text: not UTF-8 (bad byte at {utf8_error.start}), "
                              "UTF-16 or GB18030") from None
        non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
        rare = text.encode("gb2312", errors="replace").count(b"?") - text.count("?")
        if rare >= GB_RARE_MIN and rare > GB_RARE_SHARE * non_ascii:
            raise IngestError(f"undecodable text: not UTF-8 (bad byte at {utf8_error.start}) or UTF-16, and not "
                              f"plausibly GB18030/GBK ({rare} of its {non_ascii} non-ASCII characters are "
                              "outside GB2312)") from None
        return plausible(text, "gb18030")


def plausible(text: str, encoding: str) -> tuple[str, str]:
    """(text, encoding) when the text holds few characters that text never holds; else IngestError."""
    bad = sum(1 for _ in IMPLAUSIBLE.finditer(text))
    if bad > IMPLAUSIBLE_MIN and bad > IMPLAUSIBLE_SHARE * len(text):
        raise IngestError(f"not text: read as {encoding}, {bad} of its {len(text)} characters are control, "
                          "surrogate or private-use characters (binary data, or an unsupported encoding)")
    return text, encoding


def file_kind(mode: int) -> str:
    """What a file is, from its st_mode: "file", "folder", "FIFO", "socket", "character device"..."""
    for test, kind in ((stat.S_ISREG, "file"), (stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "FIFO"),
                       (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device")):
        if test(mode):
            return kind
    return "special file"


def unsupported(path: str | Path) -> str | None:
    """Why a file name is not a report's (its extension), or None when it is one."""
    suffix = Path(path).suffix
    if suffix.lower() in SUPPORTED:
        return None
    return f"unsupported file type {suffix or '(none)'}; supported: " + ", ".join(SUPPORTED)


def read_regular(path: str | Path) -> bytes:
    """The bytes of a regular file; IngestError for anything else (a FIFO is never waited on, a device never read)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise IngestError("no such file" if not os.path.islink(path) else "broken symbolic link") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise IngestError("symbolic link loop") from None
        raise IngestError(f"cannot read: {e.strerror}") from None
    with os.fdopen(fd, "rb") as f:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind != "file":
            raise IngestError(f"not a regular file (a {kind})")
        try:
            return f.read()
        except OSError as e:
            raise IngestError(f"cannot read: {e.strerror}") from None


def load(path: str | Path, password: str | None = None) -> Source:
    """Read one report file into a Source; raise IngestError with a clear reason when it cannot."""
    p = Path(path)
    why = unsupported(p)
    if why is not None:
        raise IngestError(why)
    fmt = SUPPORTED[p.suffix.lower()]
    data = read_regular(p)
    digest = hashlib.sha256(data).hexdigest()
    if fmt == "txt":
        text, enc = decode(data)
        return Source(str(path), text, "txt", enc, digest)
    if fmt != "pdf":
        return _published(p, fmt, data, digest)
    from . import pdf  # lazy: pdfplumber only when a PDF is present

    try:
        got = pdf.extract_pdf(p, password=password)
    except pdf.PdfError as e:
        raise IngestError(str(e)) from None
    return Source(str(path), got.text, "pdf", None, digest, pages=len(got.page_starts),
                  page_starts=list(got.page_starts), tables=list(got.tables), warnings=list(got.warnings),
                  ocr=bool(got.ocr), wrapped=True)


def _published(path: Path, fmt: str, data: bytes, digest: str) -> Source:
    """A web page or Word file as a Source (formats/: its text, tables, warnings)."""
    from . import formats  # lazy: lxml, readability and python-docx only when such a file is present

    try:
        if fmt == "html":
            got = formats.extract_html(data)
        elif fmt == "docx":
            got = formats.extract_docx(data)
        else:
            got = formats.extract_doc(path)
    except formats.WordError as e:
        raise IngestError(str(e)) from None
    if not got.text.strip():
        raise IngestError("no text found in it" + (" (a page of only menus and links?)" if fmt == "html" else ""))
    return Source(str(path), got.text, fmt, got.encoding, digest, tables=list(got.tables),
                  warnings=list(got.warnings), wrapped=True)
