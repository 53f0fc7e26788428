"""Time the PDF extraction paths of docs/pdf.md on timing PDFs (pages/s, best of N runs), and
`python -m pipeline run` (a fresh process, start-up included) against pypdfium2's raw text
extraction in a fresh process, in the same run.

Usage:
    python tools/make_report_pdf.py tests/generalization/gen-ningchuan-2024-city-report.zh.txt \
        /tmp/report100.pdf --layout 1col --pages 100
    python tools/make_pdf_fixtures.py --bench 100 /tmp/bench100.pdf
    python tools/make_pdf_fixtures.py --bench-tables 20 /tmp/bench-tables20.pdf
    python tools/bench_pdf.py /tmp/report100.pdf /tmp/bench100.pdf /tmp/bench-tables20.pdf [--reps 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))          # this checkout's pipeline, not an installed one
RAW = """import sys, pypdfium2 as pdfium
doc = pdfium.PdfDocument(sys.argv[1])
for i in range(len(doc)):
    page = doc[i]; tp = page.get_textpage(); tp.get_text_range(); tp.close(); page.close()
"""


def best(fn: Callable[[], object], reps: int) -> float:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def processes(path: str) -> list[tuple[str, Callable[[], object]]]:
    """Fresh processes: pypdfium2's raw text, and the whole `pipeline run` (YAML, text, table)."""
    def raw_text() -> None:
        subprocess.run([sys.executable, "-c", RAW, path], check=True)

    def pipeline_run() -> None:
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([sys.executable, "-m", "pipeline", "run", path, "-o", out, "--jobs", "1"],
                           check=True, cwd=ROOT, capture_output=True)
    return [("process: pypdfium2 raw text", raw_text), ("process: python -m pipeline run", pipeline_run)]


def paths(path: str) -> list[tuple[str, Callable[[], object]]]:
    import pdfplumber
    import pypdfium2 as pdfium

    from pipeline import pdf as P
    from pipeline.pdf.chars import read_page

    def pdfium_text() -> None:
        doc = pdfium.PdfDocument(path)
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
        doc.close()

    def pdfium_chars() -> None:
        doc = pdfium.PdfDocument(path)
        for i in range(len(doc)):
            read_page(doc, i)
        doc.close()

    def plumber(what: str) -> Callable[[], None]:
        def run() -> None:
            with pdfplumber.open(path) as pdf:
                for pg in pdf.pages:
                    if what == "chars":
                        _ = pg.chars
                    elif what == "text":
                        pg.extract_text()
                    else:
                        pg.find_tables()
                    pg.close()
        return run

    def records() -> None:
        from pipeline.api import default_pipeline
        from pipeline.ingest import load

        default_pipeline().run_source(load(path))

    from pipeline.api import default_pipeline
    default_pipeline()              # rules and segmenter loaded before timing
    return [
        ("pypdfium2 plain text, get_text_range()", pdfium_text),
        ("pypdfium2 character model, pdf/chars.read_page", pdfium_chars),
        ("pdfplumber page.chars", plumber("chars")),
        ("pdfplumber page.extract_text()", plumber("text")),
        ("pdfplumber page.find_tables()", plumber("tables")),
        ("extract_pdf as built", lambda: P.extract_pdf(path)),
        ("extract_pdf + records (Pipeline.run_source)", records),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="+")
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    import pypdfium2 as pdfium

    print(f"machine: {os.cpu_count()} cpus, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}")
    for path in args.pdfs:
        doc = pdfium.PdfDocument(path)
        n = len(doc)
        doc.close()
        print(f"{path} ({n} pages)")
        times = {}
        for label, fn in paths(path) + processes(path):
            times[label] = t = best(fn, args.reps)
            print(f"  {label:<48} {n / t:8.0f} pages/s {1000 * t / n:7.1f} ms/page")
        raw = times["pypdfium2 plain text, get_text_range()"]
        for label in ("extract_pdf as built", "extract_pdf + records (Pipeline.run_source)"):
            print(f"  {label}: {raw / times[label]:.2f}x raw pypdfium2 (in process)")
        ratio = times["process: pypdfium2 raw text"] / times["process: python -m pipeline run"]
        print(f"  python -m pipeline run: {ratio:.2f}x raw pypdfium2 (fresh processes)")


if __name__ == "__main__":
    main()
