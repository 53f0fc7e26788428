"""The batch: find the inputs, plan, run every task on an executor, report progress, then write the records table."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

from ..console import shown
from ..ingest import SUPPORTED
from ..output import clean_stale_temps
from ..output.table import check_table
from ..output.write import TEMP_TAG, OutputError
from .executors import run_dask, run_inline, run_pool
from .fingerprint import fingerprint, rules_digests
from .inputs import NO_REPORTS, find_inputs
from .options import BatchError, BatchOptions, BatchSummary, FileResult
from .plan import plan
from .progress import Reporter


def prepare_output(out_dir: Path, table: bool) -> None:
    """Create the output folder and check that files can be written in it; BatchError (exit 1) when not.

    With the table on, also refuse a records.csv or records.parquet there that this tool did not write.
    """
    where = shown(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise BatchError(f"output folder {where} exists and is not a folder", code=1) from None
    except NotADirectoryError:
        raise BatchError(f"output folder {where}: a part of its path is a file, not a folder", code=1) from None
    except OSError as e:
        raise BatchError(f"cannot create output folder {where}: {e.strerror}", code=1) from None
    try:  # a probe named as this tool's temporary files are (removed at once, or as stale by the next run)
        fd, probe = tempfile.mkstemp(prefix=f"..write-probe.txt{TEMP_TAG}", suffix=".tmp", dir=out_dir)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise BatchError(f"cannot write in output folder {where}: {e.strerror}", code=1) from None
    if table:
        try:
            check_table(out_dir)
        except (OSError, OutputError) as e:
            raise BatchError(f"{shown(e)}; remove it, or run with --no-table", code=1) from None


def _preload_table() -> None:
    """Import pyarrow (for records.parquet) in a thread while the workers run, not after them."""
    import threading

    from ..output.table import pyarrow_modules

    threading.Thread(target=pyarrow_modules, daemon=True, name="preload-pyarrow").start()


def run_batch(paths: list[str] | list[Path], opts: BatchOptions, out: IO[str] | None = None,
              err: IO[str] | None = None) -> BatchSummary:
    """Run every report file of paths (files and folders; skipping up-to-date outputs), write the records
    table, and return the totals.

    Raises RuleFileError for invalid rules (before any file is run), BatchError when nothing can start (no
    report found, an unusable output folder, an executor that cannot start), and KeyboardInterrupt after
    stopping the workers (only complete output files are left).
    """
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    t0 = time.perf_counter()
    digests = rules_digests(opts.rules)  # RuleFileError here: reported once, nothing run
    expect = fingerprint(digests)
    out_dir = Path(opts.output)
    args = [str(p) for p in paths]
    inputs, refused = find_inputs(args, out_dir)
    if not inputs and all(r.reason == NO_REPORTS for r in refused):
        raise BatchError("no report files (" + ", ".join(SUPPORTED) + ") found in " + ", ".join(shown(a) for a in args),
                         code=1)
    prepare_output(out_dir, opts.table)
    clean_stale_temps(out_dir)
    failing = [r for r in refused if r.fails]
    bar = opts.progress if opts.progress is not None else bool(getattr(err, "isatty", lambda: False)())
    reporter = Reporter(len(inputs) + len(failing), opts.quiet, bar, out, err)
    summary = BatchSummary(files=len(inputs) + len(failing))
    written: list[str] = []

    def report(r: FileResult) -> None:
        if r.status == "written":
            summary.written += 1
            summary.records += r.records
            summary.warnings += r.warnings
            written.append(r.name)
        elif r.status == "skipped":
            summary.skipped += 1
        elif r.status == "failed":
            summary.failed += 1
            summary.failures.append((r.path, r.error))
        reporter(r)

    try:
        for r in refused:
            report(FileResult(r.path, "", "failed" if r.fails else "ignored", error=r.reason))
        tasks, covered = plan(inputs, opts, digests, report)
        if opts.executor == "dask":
            run_dask(tasks, opts, expect, report)
        else:
            workers = max(1, min(opts.jobs, len(tasks)))
            if workers == 1:
                run_inline(tasks, opts, expect, report)
            else:
                run_pool(tasks, opts, expect, workers, report, on_start=_preload_table if opts.table else None)
    except KeyboardInterrupt:
        summary.interrupted = True
        clean_stale_temps(out_dir)  # the workers are stopped: what is left was theirs
        raise
    finally:
        reporter.close()
        summary.seconds = time.perf_counter() - t0
    clean_stale_temps(out_dir)  # a worker killed mid-write (its file was retried) leaves its temporary file
    if opts.table:
        from ..output import export_table

        try:
            result = export_table(out_dir, sorted(set(covered) | set(written)))
            summary.table_rows, summary.table_files = result.rows, [str(p) for p in result.paths]
        except (OSError, OutputError) as e:
            with contextlib.suppress(OSError):
                clean_stale_temps(out_dir)
            summary.table_error = f"cannot write the records table in {shown(out_dir)}: " + shown(
                getattr(e, "strerror", None) or e)
    summary.seconds = time.perf_counter() - t0
    return summary
