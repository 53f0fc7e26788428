"""Batch runs: many report files through a local process pool or a Dask cluster, skipping what is up to date."""

# The flow: `inputs` (the files of the arguments and their output names), `plan` (what to run, what is up to
# date: `fingerprint`), `executors` (inline, a process pool, Dask) running `worker.process_file` per input,
# `progress` reporting each result, `run.run_batch` tying them together.

from .options import BatchError, BatchOptions, BatchSummary, FileResult
from .run import run_batch

__all__ = ["BatchError", "BatchOptions", "BatchSummary", "FileResult", "run_batch"]
