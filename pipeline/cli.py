"""Command line: `run` reports into YAML, `review` writes HTML pages of them, `pair` links a report to its
translation, `track` tables targets against outcomes, `eval` scores output against gold; a thin layer over the API."""

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

    if args.cache_dir is not None:      # the workers inherit it
        from .cache import ENV

        os.environ[ENV] = args.cache_dir

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
    review_failed = False
    if args.html:
        review_failed = write_pages(args.output, args.rules, args.quiet, summary.failures) != 0
    say(summary.total_line())
    return 1 if summary.failed or summary.table_error or review_failed else 0


def write_pages(out_dir: str, rules: str | None, quiet: bool, failed: list[tuple[str, str]] | None = None) -> int:
    """Write the review pages of an output folder and say where; the exit status (1: they cannot be written)."""
    from .review import ReviewError, write_review

    try:
        result = write_review(out_dir, rules, failed or [])
    except ReviewError as e:
        say(f"error: {shown(e)}", sys.stderr)
        return 1
    for problem in result.problems:
        say(f"review: {shown(problem)}", sys.stderr)
    if not quiet:
        say(f"review: {shown(result.index)} ({result.documents} documents, {result.records} records, "
            f"{result.written} pages written)")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    return write_pages(args.output_dir, args.rules, args.quiet)


def cmd_pair(args: argparse.Namespace) -> int:
    from .batch import BatchError
    from .output.write import OutputError
    from .pair import PairError, PairOptions, run_pairs
    from .pair.report import explain

    opts = PairOptions(output=args.output, rules=args.rules, year=args.year, jobs=args.jobs, force=args.force,
                       quiet=args.quiet)
    try:
        summary = run_pairs(args.zh, args.en, opts)
    except RuleFileError as e:
        say(f"error: invalid rule file: {shown(e)}", sys.stderr)
        return 1
    except (PairError, OutputError) as e:
        say(f"error: {shown(e)}", sys.stderr)
        return 1
    except BatchError as e:
        say(f"error: {e}", sys.stderr)
        return e.code
    except KeyboardInterrupt:
        say("interrupted: run the same command again (files already extracted are skipped)", sys.stderr)
        return 130
    for path, why in summary.matched.unreadable:
        say(f"FAILED {shown(path)}: {shown(why)}", sys.stderr)
    for path, why in summary.matched.alone:
        say(f"no twin: {shown(path)} ({shown(why)})", sys.stderr)
    for pair, why in summary.failed:
        say(f"FAILED {shown(pair)}: {shown(why)}", sys.stderr)
    for dp in summary.linked:
        from .pair import Agreement

        a = Agreement().add(dp)
        if not args.quiet:
            say(shown(f"{dp.zh_name} + {dp.en_name} ({dp.pairing.mode}): {a.line()}; overall {a.share('overall'):.3f}"))
    total = summary.agreement()
    if args.explain:
        for line in explain(summary.linked):
            say(shown(line))
    say(f"pairs.csv: {shown(summary.table)} ({summary.table_rows} rows)")
    say(total.line())
    say(total.agreement_line())
    return 1 if summary.failed or summary.matched.unreadable or summary.batch.failed else 0


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


def cmd_track(args: argparse.Namespace) -> int:
    from .output.write import OutputError
    from .track import track

    try:
        result = track(args.output_dir, rules_dir=args.rules, html=not args.no_html)
    except RuleFileError as e:
        say(f"error: invalid rule file: {shown(e)}", sys.stderr)
        return 1
    except (OutputError, OSError) as e:
        say(f"error: {shown(e)}", sys.stderr)
        return 1
    for doc in result.unplaced:
        what = " and ".join(w for w, v in (("year", doc.year), ("place", doc.place)) if v is None)
        say(f"warning: {shown(doc.path)} has no {what}; left out (run it again with --year/--place)", sys.stderr)
    series = len({r.series for r in result.rows})
    say(f"tracking: {', '.join(shown(p) for p in result.paths)} ({len(result.rows)} rows, {series} series, "
        f"{result.documents} documents)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Extract quantitative targets and results from policy reports into YAML records.")
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", help="extract records from reports into OUTPUT/<name>.yaml",
                         description="Extract records from report files or folders (recursive: .txt, .pdf, .html, "
                                     ".htm, .docx, .doc) "
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
    run.add_argument("--cache-dir", metavar="DIR",
                     help="where compiled rules and jieba's dictionary are cached (default: $PIPELINE_CACHE_DIR, "
                          "else ~/.cache/pipeline; 'off' for no cache); see docs/performance.md")
    run.add_argument("--html", action="store_true",
                     help="also write the review pages, DIR/review/index.html (as the review command does)")
    run.set_defaults(func=cmd_run)
    pair = sub.add_parser("pair", help="link the records of a report and its translation (twin, pairs.csv)",
                          description="Extract a Chinese report and its English translation (two files, or two "
                                      "folders whose files are twins when their names below the folder are the "
                                      "same once the extension and a language tag are removed: x.zh.txt and "
                                      "x.en.txt) into DIR as `run` does (up-to-date outputs are skipped), link "
                                      "each record to its twin (`twin:` in both YAML files), write DIR/pairs.csv "
                                      "and print the agreement. Exit 0 when every pair was linked, 1 when any "
                                      "file failed or the output folder cannot be used, 2 for usage errors. "
                                      "See docs/pair.md.")
    pair.add_argument("zh", metavar="ZH", help="the Chinese report, or a folder of them")
    pair.add_argument("en", metavar="EN", help="its English translation, or a folder of them")
    pair.add_argument("-o", "--output", required=True, metavar="DIR", help="output folder")
    pair.add_argument("--explain", action="store_true",
                      help="also print the disagreeing pairs grouped by field, with both sentences")
    pair.add_argument("--rules", metavar="DIR", help="rules folder (default: the project's rules/)")
    pair.add_argument("--year", type=year_of, metavar="YEAR", help="the year both reports are delivered in")
    pair.add_argument("-q", "--quiet", action="store_true", help="print only failures and the totals")
    pair.add_argument("-j", "--jobs", type=jobs_count, default=cpu_count(), metavar="N",
                      help="worker processes for the extraction (default: %(default)s)")
    pair.add_argument("--force", action="store_true", help="extract every file again")
    pair.set_defaults(func=cmd_pair)
    rv = sub.add_parser("review", help="write HTML pages showing every record highlighted in its document",
                        description="Write OUTPUT_DIR/review/index.html and one page per output YAML below "
                                    "OUTPUT_DIR: the document text with every record's span highlighted, its "
                                    "fields on hover or click, and a table of the records. Static files: open "
                                    "index.html in a browser. A .txt input is found through document.source, "
                                    "relative to the current folder or a folder above OUTPUT_DIR. Unchanged pages "
                                    "are kept. See docs/review.md.")
    rv.add_argument("output_dir", metavar="OUTPUT_DIR", help="folder of the pipeline's output YAML")
    rv.add_argument("--rules", metavar="DIR", help="rules folder whose headings are marked (default: the project's)")
    rv.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    rv.set_defaults(func=cmd_review)
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
    tr = sub.add_parser("track", help="targets against outcomes across years: OUTPUT_DIR/tracking.csv and .html",
                        description="Read the output YAML below OUTPUT_DIR (a run over several years' reports) and "
                                    "write OUTPUT_DIR/tracking.csv (records.md section 7: one row per place, "
                                    "indicator, year and measure, the target a report sets for its year against the "
                                    "actual a later report states), tracking.parquet when pyarrow is present, and "
                                    "tracking.html (a chart and the rows of each series). See docs/tracking.md.")
    tr.add_argument("output_dir", metavar="OUTPUT_DIR", help="folder of the pipeline's output YAML (from `run`)")
    tr.add_argument("--rules", metavar="DIR", help="rules folder (default: the project's rules/)")
    tr.add_argument("--no-html", action="store_true", help="write only the table, not tracking.html")
    tr.set_defaults(func=cmd_track)
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
