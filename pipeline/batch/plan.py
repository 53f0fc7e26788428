"""Planning a batch: which inputs to run, which to skip as up to date, which clash on an output name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..output import output_name
from .fingerprint import up_to_date
from .options import BatchOptions, FileResult, Task


def plan(files: Iterable[Path], opts: BatchOptions, digests: dict[str, str],
         report: Callable[[FileResult], None]) -> tuple[list[Task], list[str]]:
    """Split the inputs into tasks to run and skipped files (reported at once); refuse output-name clashes.

    Two inputs with the same output name (a.txt and a.pdf, or a.txt in two folders) would overwrite each
    other: the first in input order is run, each later one fails with a message naming the first.
    Returns (tasks, names of every output this run covers).
    """
    out_dir = Path(opts.output)
    owners: dict[str, str] = {}
    tasks: list[Task] = []
    names: list[str] = []
    for f in files:
        source = str(f)
        name = output_name(f)
        key = name.casefold()
        if key in owners:
            report(FileResult(source, name, "failed", error=f"output name {name}.yaml is already used by "
                                                            f"{owners[key]} in this run; rename one of them"))
            continue
        owners[key] = source
        if not opts.force and f.is_file() and up_to_date(f, source, out_dir, digests):
            report(FileResult(source, name, "skipped"))
            names.append(name)
            continue
        tasks.append((source, None))
    return tasks, names
