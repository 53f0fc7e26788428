"""The tracking table as files: tracking.csv written like records.csv (BOM, CRLF, formula escaping) and, with
pyarrow, tracking.parquet."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from ..output.table import check_own_files, pyarrow_modules, render_csv
from ..output.write import atomic_open
from .select import Row

# (column, parquet type) in records.md §7's order.
SCHEMA: list[tuple[str, str]] = [
    ("place", "string"), ("indicator_id", "string"), ("label_zh", "string"), ("label_en", "string"),
    ("year", "int64"), ("measure", "string"), ("target_comparator", "string"), ("target_value", "float64"),
    ("target_value_max", "float64"), ("target_unit", "string"), ("target_stretch", "bool"),
    ("actual_comparator", "string"), ("actual_value", "float64"), ("actual_unit", "string"), ("met", "bool"),
    ("target_doc", "string"), ("target_record", "string"), ("actual_doc", "string"), ("actual_record", "string"),
]
COLUMNS = [name for name, _ in SCHEMA]
# Text that comes from documents or paths may be escaped against spreadsheet formulas; the contract's own symbols
# (comparators, measures, units, ids) never are.
ESCAPED = [name in {"place", "label_zh", "label_en", "target_doc", "target_record", "actual_doc", "actual_record"}
           for name in COLUMNS]
CSV_NAME, PARQUET_NAME = "tracking.csv", "tracking.parquet"
OWN_STARTS = {CSV_NAME: ("\ufeffplace,indicator_id,".encode(),), PARQUET_NAME: (b"PAR1",)}


def number(v: float | None) -> int | float | None:
    """A value as the table writes it: a whole number without its `.0`."""
    if v is None:
        return None
    return int(v) if v.is_integer() and abs(v) < 1e15 else v


def cells(row: Row) -> list[Any]:
    """A row's cells in COLUMNS order (None for an empty cell)."""
    t, a = row.target, row.actual
    label_zh, label_en = row.labels
    return [
        row.place, row.indicator_id, label_zh, label_en, row.year, row.measure,
        t and t.comparator, t and number(t.value), t and number(t.value_max), t and t.unit, t and t.stretch,
        a and a.comparator, a and number(a.value), a and a.unit, row.met,
        t and t.doc.source, t and t.id, a and a.doc.source, a and a.id,
    ]


def csv_text(rows: list[Row]) -> str:
    """The table as CSV text (header first), as tracking.csv holds it after its BOM."""
    return render_csv([COLUMNS, *(cells(r) for r in rows)], ESCAPED)


def write_tables(out_dir: str | Path, rows: list[Row], parquet: bool = True) -> list[Path]:
    """Write out_dir/tracking.csv and, with pyarrow, tracking.parquet, atomically; the paths written.

    OutputError (nothing written) when either exists and is not a table this tool wrote. Without pyarrow a
    stale tracking.parquet is removed, so the two never disagree.
    """
    out = Path(out_dir)
    check_own_files(out, OWN_STARTS)
    csv_path, pq_path = out / CSV_NAME, out / PARQUET_NAME
    with atomic_open(csv_path, "w", encoding="utf-8-sig", newline="") as f:
        f.write(csv_text(rows))
    arrow = pyarrow_modules() if parquet else None
    if arrow is None:
        if parquet:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(pq_path)
        return [csv_path]
    pa, _pcsv, pq = arrow
    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    schema = pa.schema([(name, types[t]) for name, t in SCHEMA])
    columns = list(zip(*(cells(r) for r in rows), strict=True)) if rows else [()] * len(COLUMNS)
    table = pa.Table.from_arrays([pa.array([None if v == "" else v for v in col], type=field.type)
                                  for col, field in zip(columns, schema, strict=True)], schema=schema)
    with atomic_open(pq_path, "wb") as f:
        pq.write_table(table, f)
    return [csv_path, pq_path]
