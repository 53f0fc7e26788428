"""The batch: plan, run every task on an executor, report progress, then write the records table."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import IO

from ..output import clean_stale_temps
from .executors import run_dask, run_inline, run_pool
from .fingerprint import fingerprint, rules_digests
from .options import BatchOptions, BatchSummary, FileResult
from .plan import plan
from .progress import Reporter


def run_batch(files: list[Path], opts: BatchOptions, out: IO[str] | None = None,
              err: IO[str] | None = None) -> BatchSummary:
    """Run every file (skipping up-to-date outputs), write the records table, and return the totals.

    Raises RuleFileError for invalid rules (before any file is run), BatchError when the executor cannot
    start, and KeyboardInterrupt after stopping the workers (only complete output files are left).
    """
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    t0 = time.perf_counter()
    digests = rules_digests(opts.rules)  # RuleFileError here: reported once, nothing run
    expect = fingerprint(digests)
    out_dir = Path(opts.output)
    out_dir.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(out_dir)
    bar = opts.progress if opts.progress is not None else bool(getattr(err, "isatty", lambda: False)())
    reporter = Reporter(len(files), opts.quiet, bar, out, err)
    summary = BatchSummary(files=len(files))
    written: list[str] = []

    def report(r: FileResult) -> None:
        if r.status == "written":
            summary.written += 1
            summary.records += r.records
            summary.warnings += r.warnings
            written.append(r.name)
        elif r.status == "skipped":
            summary.skipped += 1
        else:
            summary.failed += 1
        reporter(r)

    try:
        tasks, covered = plan(files, opts, digests, report)
        if opts.executor == "dask":
            run_dask(tasks, opts, expect, report)
        else:
            workers = max(1, min(opts.jobs, len(tasks)))
            if workers == 1:
                run_inline(tasks, opts, expect, report)
            else:
                run_pool(tasks, opts, expect, workers, report)
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

        result = export_table(out_dir, sorted(set(covered) | set(written)))
        summary.table_rows, summary.table_files = result.rows, [str(p) for p in result.paths]
    summary.seconds = time.perf_counter() - t0
    return summary
