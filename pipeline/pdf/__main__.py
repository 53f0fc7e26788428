"""`python -m pipeline.pdf FILE`: print the text extracted from a PDF, page by page."""

from __future__ import annotations

from .document import extract_pdf
from .model import PdfError


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    ap = argparse.ArgumentParser(description="Print the text extracted from a PDF.")
    ap.add_argument("pdf")
    ap.add_argument("--password")
    args = ap.parse_args(argv)
    try:
        res = extract_pdf(args.pdf, args.password)
    except PdfError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for i, start in enumerate(res.page_starts):
        end = res.page_starts[i + 1] if i + 1 < len(res.page_starts) else len(res.text)
        print(f"===== page {i + 1} [{start}:{end}]")
        print(res.text[start:end].strip("\n"))
    for t in res.tables:
        print(f"===== table p{t.page} [{t.start}:{t.end}] caption={t.caption!r} "
              f"rows={len(t.rows)}")
    for w in res.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
