"""Planning a batch: which inputs to run and which to skip because their output is up to date."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from .fingerprint import up_to_date
from .inputs import Input
from .options import BatchOptions, FileResult


def plan(inputs: Iterable[Input], opts: BatchOptions, digests: dict[str, str],
         report: Callable[[FileResult], None]) -> tuple[list[Input], list[str]]:
    """Split the inputs into tasks to run and skipped ones (reported at once).

    Returns (tasks, output names of every input this run covers: run or up to date).
    """
    out_dir = Path(opts.output)
    tasks: list[Input] = []
    names: list[str] = []
    for task in inputs:
        if not opts.force and up_to_date(Path(task.path), task.source, out_dir, task.name, digests, opts.year,
                                         opts.place):
            report(FileResult(task.source, task.name, "skipped"))
            names.append(task.name)
            continue
        tasks.append(task)
    return tasks, names
