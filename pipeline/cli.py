"""Command line: `run` reports into YAML, `eval` scores output against gold; a thin layer over the API."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .console import say, shown, silence, tolerant_streams
from .yamlio import RuleFileError


def positive_int(what: str) -> Callable[[str], int]:
    """An argparse type: a whole number above zero, the error naming what it counts."""
    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            n = 0
        if n < 1:
            raise argparse.ArgumentTypeError(f"expected a positive number of {what}, got {value!r}")
        return n
    return parse


jobs_count = positive_int("processes")      # --jobs


def year_of(value: str) -> int:
    """argparse type of --year: a year of four digits."""
    if not re.fullmatch(r"(?:19|20)\d\d", value.strip()):
        raise argparse.ArgumentTypeError(f"expected a year such as 2026, got {value!r}")
    return int(value)


def cpu_count() -> int:
    """os.cpu_count(), or fewer when this process is restricted to some CPUs (taskset, containers)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def cmd_run(args: argparse.Namespace) -> int:
    from .batch import BatchError, BatchOptions, run_batch

    opts = BatchOptions(output=args.output, rules=args.rules, password=args.password, year=args.year,
                        place=args.place, jobs=args.jobs,
                        executor=args.executor, scheduler=args.scheduler, force=args.force, quiet=args.quiet,
                        table=not args.no_table)
    try:
        summary = run_batch(args.paths, opts)
    except RuleFileError as e:
        say(f"error: invalid rule file: {shown(e)}", sys.stderr)
        return 1
    except BatchError as e:
        say(f"error: {e}", sys.stderr)
        return e.code
    except KeyboardInterrupt:
        say(f"interrupted: workers stopped; the files written so far are complete, {shown(args.output)} has no "
            "partial file; run the same command again to do the rest", sys.stderr)
        return 130
    if summary.table_error:
        say(f"error: {summary.table_error}", sys.stderr)
    elif summary.table_files and not args.quiet:
        say(f"table: {', '.join(shown(f) for f in summary.table_files)} ({summary.table_rows} rows)")
    say(summary.total_line())
    return 1 if summary.failed or summary.table_error else 0


def cmd_bench(argv: list[str]) -> int:
    """`bench ARGS…`: every argument goes to pipeline.bench.main (imported only now)."""
    try:
        from . import bench
    except ImportError as e:
        print(f"error: the bench command is not available: {e}", file=sys.stderr)
        return 1
    return int(bench.main(list(argv)))


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import EvalError, evaluate, format_report

    try:
        report = evaluate(Path(args.gold), Path(args.output_dir), Path(args.docs) if args.docs else None)
    except EvalError as e:
        say(f"error: {shown(e)}", sys.stderr)
        return 1
    for line in format_report(report, verbose=not args.summary).split("\n"):
        say(shown(line))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Extract quantitative targets and results from policy reports into YAML records.")
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", help="extract records from reports into OUTPUT/<name>.yaml",
                         description="Extract records from report files or folders (recursive: .txt, .pdf, .html, .htm, .docx, .doc) "
                                     "into DIR/<name>.yaml, mirroring each input's path below the folder that "
                                     "holds every PATH. Exit 0 when every file succeeded, 1 when any failed (the "
                                     "others are still written) or the output folder cannot be used, 2 for usage "
                                     "errors, 130 when interrupted. Files whose YAML is up to date are skipped; "
                                     "see docs/batch.md.")
    run.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    run.add_argument("-o", "--output", required=True, metavar="DIR", help="output folder")
    run.add_argument("--rules", metavar="DIR", help="rules folder (default: the project's rules/)")
    run.add_argument("--password", help="password for encrypted PDFs")
    run.add_argument("--year", type=year_of, metavar="YEAR",
                     help="the year every input is delivered and plans for (for reports that state none; by default "
                          "it is read from the delivery line, the title or the plan heading)")
    run.add_argument("--place", metavar="PLACE", help="the place every input reports on (福建省, 海拉尔区, China)")
    run.add_argument("-q", "--quiet", action="store_true", help="print only failures and the total")
    run.add_argument("-j", "--jobs", type=jobs_count, default=cpu_count(), metavar="N",
                     help="worker processes (default: the CPUs this process may use, here %(default)s); "
                          "1 runs in-process")
    run.add_argument("--force", action="store_true",
                     help="redo every file (default: skip a file whose YAML is up to date: same input sha256, "
                          "pipeline version and rules digest)")
    run.add_argument("--executor", choices=["local", "dask"], default=None,
                     help="local: a process pool on this machine (default); dask: a Dask cluster")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (implies --executor dask; without "
                          "it --executor dask starts a local cluster of --jobs processes)")
    run.add_argument("--no-table", action="store_true",
                     help="do not rewrite DIR/records.csv (and records.parquet) at the end")
    run.set_defaults(func=cmd_run)
    # listed for the help only: main() hands `bench` and everything after it to pipeline.bench untouched
    sub.add_parser("bench", help="measure speed (its arguments go to pipeline.bench: see bench --help)",
                   add_help=False)
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
    """The command line; returns the exit status. Output that cannot be encoded is escaped, and a reader that
    goes away (`| head -1`) only silences the output: the command still finishes its work."""
    tolerant_streams()
    try:
        return _main(argv)
    except BrokenPipeError:  # a stream closed where say() was not used
        silence(sys.stdout)
        return 0


def _main(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["bench"]:
        return cmd_bench(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    if args.command == "run":
        if args.executor == "local" and args.scheduler:
            parser.error("--scheduler needs --executor dask")
        args.executor = "dask" if args.scheduler else (args.executor or "local")
    return int(args.func(args))
