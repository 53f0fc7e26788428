"""Targets against outcomes across years: the tracking table (records.md §7) of an output folder, and its page."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..output.table import check_own_files
from ..output.write import OutputError
from .html import OWN_STARTS as HTML_OWN_STARTS
from .html import write_page
from .read import Doc, Rec, Run, read_run
from .select import Row, main_target_words, tracking_rows
from .table import OWN_STARTS as TABLE_OWN_STARTS
from .table import write_tables


@dataclass
class TrackResult:
    """What `track` wrote: its rows, the files, and the documents it could not place (no year or place)."""

    rows: list[Row] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)
    documents: int = 0
    unplaced: list[Doc] = field(default_factory=list)


def track(out_dir: str | Path, rules_dir: str | Path | None = None, html: bool = True,
          parquet: bool = True) -> TrackResult:
    """Write out_dir/tracking.csv (and tracking.parquet with pyarrow, tracking.html with html) from the output
    documents below out_dir; OutputError when out_dir is no folder or a file to replace is not this tool's."""
    out = Path(out_dir)
    if not out.is_dir():
        raise OutputError(f"{out} is not a folder of output YAML")
    words = main_target_words(rules_dir)
    check_own_files(out, TABLE_OWN_STARTS | (HTML_OWN_STARTS if html else {}))
    run = read_run(out)
    rows = tracking_rows(run, words)
    result = TrackResult(rows=rows, documents=len(run.docs),
                         unplaced=[d for d in run.docs if d.year is None or d.place is None])
    result.paths += write_tables(out, rows, parquet=parquet)
    if html:
        result.paths.append(write_page(out, rows, len(run.docs)))
    return result


__all__ = ["Doc", "Rec", "Row", "Run", "TrackResult", "read_run", "track", "tracking_rows"]
