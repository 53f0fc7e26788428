"""Time the PDF extraction paths of docs/pdf.md on a timing PDF (pages/s, best of N runs).

Usage:
    python tools/make_pdf_fixtures.py --bench 100 /tmp/bench100.pdf
    python tools/make_pdf_fixtures.py --bench-tables 20 /tmp/bench-tables20.pdf
    python tools/bench_pdf.py /tmp/bench100.pdf /tmp/bench-tables20.pdf [--reps 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable


def best(fn: Callable[[], object], reps: int) -> float:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


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
        from pipeline.extract import default_pipeline
        from pipeline.ingest import load

        default_pipeline().run_source(load(path))

    from pipeline.extract import default_pipeline
    default_pipeline()              # rules and segmenter loaded before timing
    return [
        ("pypdfium2 plain text, get_text_range()", pdfium_text),
        ("pypdfium2 character model as read by pdf/chars.py", pdfium_chars),
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
        for label, fn in paths(path):
            t = best(fn, args.reps)
            print(f"  {label:<48} {n / t:8.0f} pages/s {1000 * t / n:7.1f} ms/page")


if __name__ == "__main__":
    main()
