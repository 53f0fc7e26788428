"""Ingest: read a report file, detect its format and encoding, and give the exact document text."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SUPPORTED = {".txt": "txt", ".pdf": "pdf"}


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


def decode(data: bytes) -> tuple[str, str]:
    """Decode report bytes: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030; return (text, encoding)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise IngestError(f"broken UTF-16 text at byte {e.start}") from None
    if b"\x00" in data[:4096]:
        raise IngestError("binary file, not text (NUL bytes and no UTF-16 byte-order mark)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise IngestError(f"undecodable text: not UTF-8 (bad byte at {utf8_error.start}), "
                              "UTF-16 or GB18030") from None


def load(path: str | Path, password: str | None = None) -> Source:
    """Read one report file into a Source; raise IngestError with a clear reason when it cannot."""
    p = Path(path)
    fmt = SUPPORTED.get(p.suffix.lower())
    if fmt is None:
        raise IngestError(f"unsupported file type {p.suffix or '(none)'}; supported: .txt, .pdf")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise IngestError(f"cannot read: {e.strerror}") from None
    digest = hashlib.sha256(data).hexdigest()
    if fmt == "txt":
        text, enc = decode(data)
        return Source(str(path), text, "txt", enc, digest)
    from . import pdf  # lazy: pdfplumber only when a PDF is present

    try:
        got = pdf.extract_pdf(p, password=password)
    except pdf.PdfError as e:
        raise IngestError(str(e)) from None
    return Source(str(path), got.text, "pdf", None, digest, pages=len(got.page_starts),
                  page_starts=list(got.page_starts), tables=list(got.tables), warnings=list(got.warnings))
