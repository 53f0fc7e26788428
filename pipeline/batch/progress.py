"""Progress: a bar on a terminal, else one line per file; failures and entries not read always, on the error stream."""

from __future__ import annotations

import os
import shutil
from typing import IO

from ..console import say, shown
from .options import FileResult


class Reporter:
    """Progress: a tqdm bar on a terminal, else one line per file; failures always, on the error stream."""

    def __init__(self, total: int, quiet: bool, bar: bool, out: IO[str], err: IO[str]) -> None:
        self.quiet, self.out, self.err = quiet, out, err
        self.records = self.failed = self.skipped = 0
        self.bar = None
        if bar and not quiet:
            from tqdm import tqdm

            class _Bar(tqdm):  # type: ignore[type-arg]
                monitor_interval = 0  # no monitor thread: worker processes may be forked later

            try:
                sized = os.get_terminal_size(err.fileno()).columns > 0
            except (AttributeError, OSError, ValueError):
                sized = False
            # a terminal that reports no size (some ptys) gets COLUMNS or 80 columns, not an empty bar
            self.bar = _Bar(total=total, unit="file", file=err, dynamic_ncols=sized, smoothing=0.1,
                            ncols=None if sized else shutil.get_terminal_size((80, 24)).columns,
                            bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} files [{elapsed}<{remaining}{postfix}]",
                            postfix=self._stats())

    def _stats(self) -> str:
        return f"{self.records} records, {self.failed} failed, {self.skipped} skipped"

    def _postfix(self) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(self._stats(), refresh=False)

    def _error_line(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=self.err)
        else:
            say(line, self.err)

    def __call__(self, r: FileResult) -> None:
        """Show one result; file names and reasons with control characters escaped."""
        if r.status == "ignored":  # an entry not read: named, not counted
            self._error_line(f"ignored {shown(r.path)}: {shown(r.error)}")
            return
        if r.status == "failed":
            self.failed += 1
            self._error_line(f"FAILED {shown(r.path)}: {shown(r.error)}")
        else:
            self.records += r.records
            self.skipped += r.status == "skipped"
            if self.bar is None and not self.quiet:
                if r.status == "skipped":
                    say(f"{shown(r.path)}: skipped (output up to date)", self.out)
                else:
                    say(f"{shown(r.path)}: {r.records} records, {r.warnings} warnings, {r.seconds:.2f}s", self.out)
        if self.bar is not None:
            self._postfix()
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
