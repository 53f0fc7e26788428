"""What a batch is given and gives back: its options, each file's result, the totals."""

from __future__ import annotations

from dataclasses import dataclass, field


class BatchError(Exception):
    """A batch that cannot start; code is the exit status (2: dask not installed, 1: scheduler unreachable)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class FileResult:
    """What one file's task reports back: small, so the parent never holds documents."""

    path: str  # the input (document.source), or an entry not read
    name: str  # its output name below the output folder, without extension ("" when there is none)
    status: str  # written | skipped | failed | ignored (an entry not read, only named)
    records: int = 0
    warnings: int = 0
    seconds: float = 0.0
    error: str = ""


@dataclass
class BatchOptions:
    """How to run a batch (the `run` command's options)."""

    output: str
    rules: str | None = None
    password: str | None = None
    year: int | None = None  # the document year of every input (for reports that state none)
    place: str | None = None  # the place of every input
    jobs: int = 1
    executor: str = "local"  # local | dask
    scheduler: str | None = None
    force: bool = False
    quiet: bool = False
    table: bool = True
    progress: bool | None = None  # None: a bar when the error stream is a terminal


@dataclass
class BatchSummary:
    """Totals of a batch run."""

    files: int = 0
    written: int = 0
    skipped: int = 0
    failed: int = 0
    records: int = 0
    warnings: int = 0
    seconds: float = 0.0
    table_rows: int | None = None
    table_files: list[str] = field(default_factory=list)
    table_error: str = ""
    interrupted: bool = False
    failures: list[tuple[str, str]] = field(default_factory=list)   # (input, reason) of each failed file

    def total_line(self) -> str:
        return (f"total: {self.files} files, {self.written} written, {self.failed} failed, {self.skipped} skipped, "
                f"{self.records} records, {self.warnings} warnings, {self.seconds:.2f}s")
