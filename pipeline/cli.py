"""Command line: `run` reports into YAML, `eval` scores output against gold; a thin layer over the API."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import __version__
from .ingest import SUPPORTED, IngestError
from .yamlio import RuleFileError


def collect(paths: list[str]) -> list[Path]:
    """Input files from files and folders (recursive, by supported extension), sorted, no duplicates."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED))
        else:
            out.append(path)
    seen, unique = set(), []
    for f in out:
        if f not in seen:
            seen.add(f)
            unique.append(f)
    return unique


def cmd_run(args: argparse.Namespace) -> int:
    from .extract import Pipeline
    from .ingest import load
    from .output import write_document

    files = collect(args.paths)
    if not files:
        print("error: no .txt or .pdf files found in " + ", ".join(args.paths), file=sys.stderr)
        return 1
    try:
        pipe = Pipeline(args.rules)
    except RuleFileError as e:
        print(f"error: invalid rule file: {e}", file=sys.stderr)
        return 1
    failed = total_records = total_warnings = 0
    t_all = time.perf_counter()
    for f in files:
        t0 = time.perf_counter()
        try:
            if not f.exists():
                raise IngestError("no such file")
            doc = pipe.run_source(load(f, password=args.password))
            write_document(doc, args.output)
        except IngestError as e:
            failed += 1
            print(f"FAILED {f}: {e}", file=sys.stderr)
            continue
        n, w = len(doc.records), len(doc.warnings)
        total_records += n
        total_warnings += w
        if not args.quiet:
            print(f"{f}: {n} records, {w} warnings, {time.perf_counter() - t0:.2f}s")
    if not args.quiet or failed:
        print(f"total: {len(files)} files, {len(files) - failed} written, {failed} failed, "
              f"{total_records} records, {total_warnings} warnings, {time.perf_counter() - t_all:.2f}s")
    return 1 if failed else 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report

    report = evaluate(Path(args.gold), Path(args.output_dir), Path(args.docs) if args.docs else None)
    print(format_report(report, verbose=not args.summary))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Extract quantitative targets and results from policy reports into YAML records.")
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", help="extract records from reports into OUTPUT/<name>.yaml",
                         description="Extract records from report files or folders (recursive: .txt, .pdf) "
                                     "into DIR/<name>.yaml. Exit 0 when every file succeeded, 1 when any "
                                     "failed (the others are still written), 2 for usage errors.")
    run.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    run.add_argument("-o", "--output", required=True, metavar="DIR", help="output folder")
    run.add_argument("--rules", metavar="DIR", help="rules folder (default: the project's rules/)")
    run.add_argument("--password", help="password for encrypted PDFs")
    run.add_argument("-q", "--quiet", action="store_true", help="print only failures and the total")
    run.set_defaults(func=cmd_run)
    ev = sub.add_parser("eval", help="score output YAML against gold annotations",
                        description="Match predicted records to gold records and print precision, recall, "
                                    "F1, strict F1, field accuracies, misses, spurious and wrong fields.")
    ev.add_argument("--gold", required=True, metavar="GOLD_DIR", help="folder of gold *.yaml files")
    ev.add_argument("output_dir", metavar="OUTPUT_DIR", help="folder of the pipeline's output YAML")
    ev.add_argument("--docs", metavar="DIR", help="folder of the annotated documents (default: each output's "
                                                  "document.source)")
    ev.add_argument("--summary", action="store_true", help="scores only, without the lists of errors")
    ev.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args))
