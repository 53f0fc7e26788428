"""Export: one table of every record across an output folder's documents (records.csv, records.parquet)."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .output import atomic_open, atomic_write, clean_stale_temps
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
# Rows of each document, keyed by the sha256 of its YAML: parsing YAML back (~0.1 s for 300 records even with
# the C parser, whose objects are still built in Python) would cost more than extracting it did.
CACHE_DIR = ".records-cache"
CACHE_KEY = hashlib.sha256(json.dumps([SCHEMA, SECTION_JOIN, 1]).encode()).hexdigest()[:16]

Row = list[Any]


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


def rows_of(data: dict[str, Any]) -> list[Row]:
    """The table rows of one output document (its YAML mapping), in record id order; values as in the YAML."""
    doc = data.get("document") or {}
    head = [doc.get("source"), doc.get("year"), doc.get("language"), doc.get("title")]
    out = []
    for rec in sorted(data.get("records") or [], key=lambda r: _id_key(r.get("id"))):
        row = head + [_get(rec, col) for col in COLUMNS[len(head):]]
        section = rec.get("section")
        row[COLUMNS.index("section")] = SECTION_JOIN.join(section) if isinstance(section, list) else section
        out.append(row)
    return out


def _cache_path(out_dir: Path, name: str) -> Path:
    return out_dir / CACHE_DIR / f"{name}.json"


def cache_rows(out_dir: str | Path, name: str, data: dict[str, Any], yaml_text: str) -> None:
    """Remember the rows of a document just written as <out_dir>/<name>.yaml (whose text is yaml_text)."""
    digest = hashlib.sha256(yaml_text.encode("utf-8")).hexdigest()
    blob = json.dumps({"key": CACHE_KEY, "yaml": digest, "rows": rows_of(data)}, ensure_ascii=False)
    with contextlib.suppress(OSError):
        atomic_write(_cache_path(Path(out_dir), name), blob)


def _cached(out_dir: Path, name: str, digest: str) -> list[Row] | None:
    try:
        with open(_cache_path(out_dir, name), encoding="utf-8") as f:
            got = json.load(f)
    except (OSError, ValueError):
        return None
    if not isinstance(got, dict) or got.get("key") != CACHE_KEY or got.get("yaml") != digest:
        return None
    rows = got.get("rows")
    return rows if isinstance(rows, list) else None


def document_rows(out_dir: str | Path, names: Iterable[str]) -> Iterator[list[Row]]:
    """The rows of <out_dir>/<name>.yaml for each name, one document at a time; unreadable files are left out.

    From the cache when it holds this very YAML (same sha256), else by parsing it (C loader when present),
    then cached.
    """
    out = Path(out_dir)
    for name in names:
        try:
            raw = (out / f"{name}.yaml").read_bytes()
        except OSError:
            continue
        digest = hashlib.sha256(raw).hexdigest()
        rows = _cached(out, name, digest)
        if rows is None:
            try:
                data = yaml.load(raw, Loader=Loader)
            except yaml.YAMLError:
                continue
            if not isinstance(data, dict):
                continue
            rows = rows_of(data)
            cache_rows(out, name, data, raw.decode("utf-8"))
        yield rows


def _arrow_table(pa: Any, schema: Any, rows: list[Row]) -> Any:
    """One document's rows as an Arrow table of the schema (cells converted one by one only when needed)."""
    arrays = []
    for i, (_, t) in enumerate(SCHEMA):
        values = [row[i] for row in rows]
        try:
            arrays.append(pa.array(values, type=schema.field(i).type))
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arrays.append(pa.array([_arrow_cell(v, t) for v in values], type=schema.field(i).type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _csv_cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


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


def _pyarrow():  # type: ignore[no-untyped-def]
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return None
    return pa, pq


def prune_cache(out_dir: str | Path) -> None:
    """Drop cached rows of documents whose YAML is gone, and temporary files of killed writers."""
    cache = Path(out_dir) / CACHE_DIR
    if not cache.is_dir():
        return
    clean_stale_temps(cache)
    for f in cache.glob("*.json"):
        if not (Path(out_dir) / f"{f.stem}.yaml").exists():
            with contextlib.suppress(OSError):
                f.unlink()


def export_table(out_dir: str | Path, names: Iterable[str], parquet: bool = True) -> ExportResult:
    """Write out_dir/records.csv (UTF-8 with BOM) and, with pyarrow, records.parquet, atomically.

    One row per record of out_dir/<name>.yaml for each name, ordered by name then record id, one document
    at a time. Without pyarrow a stale records.parquet is removed, so the two never disagree.
    """
    out = Path(out_dir)
    names = sorted(set(names))
    csv_path, pq_path = out / "records.csv", out / "records.parquet"
    arrow = _pyarrow() if parquet else None
    result = ExportResult()
    prune_cache(out)
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
        for rows in document_rows(out, names):
            writer.writerows([_csv_cell(v) for v in row] for row in rows)
            if pq_writer is not None and rows:
                pq_writer.write_table(_arrow_table(pa, schema, rows))
            result.rows += len(rows)
    result.paths.append(csv_path)
    if arrow is not None:
        result.paths.append(pq_path)
    elif parquet:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(pq_path)
    return result
