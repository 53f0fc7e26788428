"""Export: one table of every record across an output folder's documents (records.csv, records.parquet)."""

from __future__ import annotations

import contextlib
import csv
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .output import atomic_open
from .yamlio import Loader

# (column, type for parquet): the document's header, then the record's fields flattened.
SCHEMA: list[tuple[str, str]] = [
    ("document.source", "string"), ("document.year", "int64"), ("document.language", "string"),
    ("document.title", "string"),
    ("id", "string"), ("kind", "string"), ("indicator", "string"), ("indicator_id", "string"),
    ("labels.zh", "string"), ("labels.en", "string"), ("measure", "string"), ("comparator", "string"),
    ("stretch", "bool"), ("value", "float64"), ("value_max", "float64"), ("unit", "string"),
    ("normalized.value", "float64"), ("normalized.value_max", "float64"), ("normalized.unit", "string"),
    ("normalized.dimension", "string"), ("period", "string"), ("section", "string"),
    ("source.start", "int64"), ("source.end", "int64"), ("source.page", "int64"), ("source.match", "string"),
    ("source.sentence", "string"), ("rule", "string"),
]
COLUMNS = [name for name, _ in SCHEMA]
SECTION_JOIN = " > "


@dataclass
class ExportResult:
    """Rows written and the table files (records.csv, and records.parquet when pyarrow is present)."""

    rows: int = 0
    paths: list[Path] = field(default_factory=list)


def _get(d: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        d = d.get(part) if isinstance(d, dict) else None
    return d


def _id_key(rid: Any) -> tuple[int, str]:
    m = re.fullmatch(r"[A-Za-z]*(\d+)", str(rid))
    return (int(m.group(1)) if m else -1, str(rid))


def rows_of(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The table rows of one output document (parsed YAML), in record id order; values as in the YAML."""
    doc = data.get("document") or {}
    head = {"document.source": doc.get("source"), "document.year": doc.get("year"),
            "document.language": doc.get("language"), "document.title": doc.get("title")}
    for rec in sorted(data.get("records") or [], key=lambda r: _id_key(r.get("id"))):
        row = dict(head)
        for col in COLUMNS[len(head):]:
            row[col] = _get(rec, col)
        section = rec.get("section")
        row["section"] = SECTION_JOIN.join(section) if isinstance(section, list) else section
        yield row


def iter_documents(out_dir: Path, names: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Parse <out_dir>/<name>.yaml one at a time (C loader when present); unreadable files are left out."""
    for name in names:
        try:
            with open(out_dir / f"{name}.yaml", encoding="utf-8") as f:
                data = yaml.load(f, Loader=Loader)
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(data, dict):
            yield data


def _csv_cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def _pyarrow():  # type: ignore[no-untyped-def]
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return None
    return pa, pq


def export_table(out_dir: str | Path, names: Iterable[str], parquet: bool = True) -> ExportResult:
    """Write out_dir/records.csv (UTF-8 with BOM) and, with pyarrow, records.parquet, atomically.

    One row per record of out_dir/<name>.yaml for each name, ordered by name then record id, streamed
    one document at a time. Without pyarrow a stale records.parquet is removed, so the two never disagree.
    """
    out = Path(out_dir)
    names = sorted(set(names))
    csv_path, pq_path = out / "records.csv", out / "records.parquet"
    arrow = _pyarrow() if parquet else None
    result = ExportResult()
    with contextlib.ExitStack() as stack:
        f = stack.enter_context(atomic_open(csv_path, "w", encoding="utf-8-sig", newline=""))
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        pq_writer = schema = None
        if arrow is not None:
            pa, pq = arrow
            types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
            schema = pa.schema([(name, types[t]) for name, t in SCHEMA])
            pf = stack.enter_context(atomic_open(pq_path, "wb"))
            pq_writer = stack.enter_context(pq.ParquetWriter(pf, schema))
        for data in iter_documents(out, names):
            rows = list(rows_of(data))
            for row in rows:
                writer.writerow([_csv_cell(row[c]) for c in COLUMNS])
            if pq_writer is not None and rows:
                cols = {c: [_arrow_cell(row[c], t) for row in rows] for c, t in SCHEMA}
                pq_writer.write_table(pa.Table.from_pydict(cols, schema=schema))
            result.rows += len(rows)
    result.paths.append(csv_path)
    if arrow is not None:
        result.paths.append(pq_path)
    elif parquet:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(pq_path)
    return result


def _arrow_cell(v: Any, t: str) -> Any:
    if v is None:
        return None
    if t == "float64":
        return float(v)
    if t == "int64":
        return int(v)
    if t == "string":
        return str(v)
    return bool(v)
