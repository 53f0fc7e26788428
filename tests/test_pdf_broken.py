"""Damaged PDFs: flipped bits give records or a one-line PdfError, never another exception or a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest import IngestError, load
from pipeline.pdf import PdfError, extract_pdf

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "pdf"
TABLE = (FIX / "targets-table.pdf").read_bytes()          # a ruled table: pdfplumber's table finder runs
COLUMNS = (FIX / "heshan-2023-h2-focus.zh.2col.pdf").read_bytes()   # dropped glyphs: pdfplumber re-reads pages


def flipped(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    out = bytearray(data)
    for pos, bit in flips:
        out[pos % len(out)] ^= 1 << bit
    return bytes(out)


FLIPS = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 7)), min_size=1, max_size=8)


def outcome(pipe, path: Path) -> str:
    """'records' or 'error': the only two outcomes allowed for any input file."""
    try:
        got = extract_pdf(path)
    except PdfError as exc:
        assert "\n" not in str(exc) and str(exc)
        return "error"
    assert got.text and len(got.page_starts) >= 1
    doc = pipe.run_source(load(path))             # the rest of the pipeline copes with what came out
    assert all(r.source.get("page") for r in doc.records)
    return "records"


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=FLIPS)
def test_flipped_bits_in_a_table_pdf(pipe, tmp_path: Path, flips: list[tuple[int, int]]) -> None:
    path = tmp_path / "flipped.pdf"
    path.write_bytes(flipped(TABLE, flips))
    assert outcome(pipe, path) in ("records", "error")


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=FLIPS)
def test_flipped_bits_in_a_two_column_pdf(pipe, tmp_path: Path, flips: list[tuple[int, int]]) -> None:
    path = tmp_path / "flipped.pdf"
    path.write_bytes(flipped(COLUMNS, flips))
    assert outcome(pipe, path) in ("records", "error")


def test_ingest_names_the_reason(tmp_path: Path) -> None:
    # a page object PDFium cannot load: corrupt
    path = tmp_path / "bad-page.pdf"
    path.write_bytes(flipped(TABLE, [(1142, 2)]))
    with pytest.raises(IngestError, match=r"^truncated or corrupt PDF: page 1: "):
        load(path)
    # a dictionary only pdfminer chokes on: PDFium's text, pdfplumber's failure as a warning
    path = tmp_path / "bad-dict.pdf"
    path.write_bytes(flipped(TABLE, [(1152, 2)]))
    src = load(path)
    assert "地区生产总值" in src.text
    assert any(w.startswith("pdfplumber could not read the file (corrupt PDF? PdfminerException") for w in src.warnings)
    # every page's content unreadable: corrupt, not "scanned"
    empty = tmp_path / "no-content.pdf"
    data = TABLE.replace(b"/FlateDecode ]", b"/FlateDecodX ]")        # the content stream cannot be decoded
    assert data != TABLE
    empty.write_bytes(data)
    with pytest.raises(IngestError, match=r"^truncated or corrupt PDF: no page has any readable content$"):
        load(empty)


def test_cli_gives_one_line_per_damaged_file(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "bad-page.pdf").write_bytes(flipped(TABLE, [(1142, 2)]))
    (inp / "bad-dict.pdf").write_bytes(flipped(TABLE, [(1152, 2)]))
    run = subprocess.run([sys.executable, "-m", "pipeline", "run", str(inp), "-o", str(out), "--jobs", "1"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    both = run.stdout + run.stderr
    assert "Traceback" not in both and "internal error" not in both
    failed = [ln for ln in both.splitlines() if ln.startswith("FAILED")]
    assert failed == [f"FAILED {inp / 'bad-page.pdf'}: truncated or corrupt PDF: page 1: Failed to load page."]
    assert (out / "bad-dict.yaml").is_file()
