"""The records table: one table of every record across an output folder's documents (records.csv, records.parquet)."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..ingest import file_kind
from ..yamlio import Loader
from .write import OutputError, atomic_open, atomic_write, clean_stale_temps, output_path, real_folder

# (column, type for parquet): the output's path below the output folder, the document's header, then the
# record's fields flattened.
SCHEMA: list[tuple[str, str]] = [
    ("path", "string"), ("document.source", "string"), ("document.year", "int64"), ("document.place", "string"),
    ("document.language", "string"), ("document.title", "string"),
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
# Nulls that stay null in records.parquet; in the other string columns an empty CSV cell is an empty string.
NULLABLE_STRINGS = {"document.place", "indicator_id", "labels.zh", "labels.en", "period"}
TABLE_FILES = ("records.csv", "records.parquet")
# CSV injection (OWASP): a text cell starting with one of these is prefixed with a single quote, so that a
# spreadsheet shows it as text instead of running it as a formula. A text cell that is such a cell with its
# quotes already (''=x) gets one more, so that records.parquet can undo exactly one quote and hold the values
# as they are. Numbers are never text, so never escaped (-2.5 stays a number); nor are the columns whose values
# are the output contract's own symbols, never text from a document (comparator `=`, kind, measure…).
FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_FORMULA_FIRST = frozenset("'=+-@\t\r")      # the characters a FORMULA_START match can start with
ESCAPED_START = r"^'+[=+\-@\t\r]"
CONTRACT_COLUMNS = {"document.language", "kind", "measure", "comparator", "normalized.unit", "normalized.dimension"}
ESCAPED = [t == "string" and name not in CONTRACT_COLUMNS for name, t in SCHEMA]

# Each document's rows as CSV text, keyed by the sha256 of its YAML: parsing YAML back (~0.1 s for 300 records
# even with the C parser, whose objects are still built in Python) would cost as much as extracting it did.
CACHE_DIR = ".records-cache"
CACHE_KEY = hashlib.sha256(json.dumps([SCHEMA, SECTION_JOIN, "csv", 3, FORMULA_START.pattern,
                                       sorted(CONTRACT_COLUMNS)]).encode()).hexdigest()[:16]
CACHE_MAGIC = "#pipeline-rows"

Row = list[Any]


@dataclass
class ExportResult:
    """Rows written and the table files (records.csv, and records.parquet when pyarrow is present)."""

    rows: int = 0
    paths: list[Path] = field(default_factory=list)


def _id_key(rid: Any) -> tuple[int, str]:
    m = re.fullmatch(r"[A-Za-z]*(\d+)", str(rid))
    return (int(m.group(1)) if m else -1, str(rid))


_HEAD = 6                                                   # path and the document's header
_RECORD_COLUMNS = [tuple(col.split(".")) for col in COLUMNS[_HEAD:]]
_SECTION = COLUMNS.index("section")


def _record_row(rec: dict[str, Any]) -> Row:
    """The record's own cells (the columns after the head): each dotted column's value, None where missing."""
    row: Row = []
    append = row.append
    for parts in _RECORD_COLUMNS:
        if len(parts) == 1:
            append(rec.get(parts[0]))
        else:
            d: Any = rec
            for part in parts:
                d = d.get(part) if isinstance(d, dict) else None
            append(d)
    return row


def rows_of(data: dict[str, Any], path: str) -> list[Row]:
    """The table rows of one output document (its YAML mapping, at path below the output folder), in record id
    order; values as in the YAML."""
    doc = data.get("document") or {}
    head = [path, doc.get("source"), doc.get("year"), doc.get("place"), doc.get("language"), doc.get("title")]
    out = []
    records = data.get("records") or []
    keys = [_id_key(r.get("id")) for r in records]
    for i in sorted(range(len(records)), key=keys.__getitem__):    # a stable sort by id, as before
        rec = records[i]
        row = head + _record_row(rec)
        section = rec.get("section")
        row[_SECTION] = SECTION_JOIN.join(section) if isinstance(section, list) else section
        out.append(row)
    return out


def _csv_cell(v: Any, escaped: bool) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if escaped and isinstance(v, str) and FORMULA_START.match(v):
        return "'" + v
    return v


def render_csv(rows: list[Row], escaped: list[bool] | None = None) -> str:
    """Rows as CSV text (RFC 4180: CRLF, minimal quoting; empty cell for null, true/false; text cells that a
    spreadsheet would run as a formula prefixed with a single quote). escaped: which columns hold text that may
    be escaped (default: records.csv's)."""
    buf = io.StringIO()
    flags = escaped or ESCAPED
    csv.writer(buf, lineterminator="\r\n").writerows(_csv_row(row, flags) for row in rows)
    return buf.getvalue()


def _csv_row(row: Row, escaped: list[bool]) -> Row:
    """One row's cells as render_csv writes them (_csv_cell of each; strings and numbers as they are)."""
    if len(row) != len(escaped):
        raise ValueError(f"a row of {len(row)} cells for {len(escaped)} columns")
    out: Row = []
    append = out.append
    for v, e in zip(row, escaped, strict=False):     # lengths checked above
        t = type(v)
        if t is str:
            append("'" + v if e and v and v[0] in _FORMULA_FIRST and FORMULA_START.match(v) else v)
        elif t is int or t is float:
            append(v)
        else:
            append(_csv_cell(v, e))
    return out


def unescape_cell(text: str) -> str:
    """A text cell as it was before render_csv's formula escape (one leading quote undone)."""
    return text[1:] if re.match(ESCAPED_START, text) else text


def _cache_path(out_dir: Path, name: str, create: bool = False) -> Path:
    """The cache file of output name: OutputError when a folder on its way is a link (never read or written)."""
    if create:
        *folders, leaf = name.split("/")
        return real_folder(out_dir, [CACHE_DIR, *folders]) / f"{leaf}.csv"
    return output_path(out_dir, f"{CACHE_DIR}/{name}", ".csv")


def _store(out_dir: Path, name: str, digest: str, rows: list[Row]) -> tuple[int, str]:
    text = render_csv(rows)
    with contextlib.suppress(OSError, OutputError):
        atomic_write(_cache_path(out_dir, name, create=True),       # checked by digest when read: no fsync
                     f"{CACHE_MAGIC} {CACHE_KEY} {digest} {len(rows)}\n{text}", sync=False)
    return len(rows), text


def cache_rows(out_dir: str | Path, name: str, data: dict[str, Any], yaml_text: str) -> None:
    """Remember the table rows of a document just written as <out_dir>/<name>.yaml (whose text is yaml_text)."""
    _store(Path(out_dir), name, hashlib.sha256(yaml_text.encode("utf-8")).hexdigest(), rows_of(data, f"{name}.yaml"))


def _cached(out_dir: Path, name: str, digest: str) -> tuple[int, str] | None:
    try:
        with open(_cache_path(out_dir, name), encoding="utf-8", newline="") as f:
            head = f.readline().split()
            if len(head) != 4 or head[:3] != [CACHE_MAGIC, CACHE_KEY, digest] or not head[3].isdigit():
                return None
            return int(head[3]), f.read()
    except (OSError, UnicodeError, OutputError):
        return None


def document_rows(out_dir: str | Path, names: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(row count, CSV text) of <out_dir>/<name>.yaml for each name, one document at a time; unreadable ones left out.

    From the cache when it holds this very YAML (same sha256), else by parsing the YAML (C loader when
    present), then cached.
    """
    out = Path(out_dir)
    for name in names:
        try:
            path = output_path(out, name, ".yaml")
            if os.path.islink(path):
                continue
            raw = path.read_bytes()
        except (OSError, OutputError):
            continue
        digest = hashlib.sha256(raw).hexdigest()
        got = _cached(out, name, digest)
        if got is None:
            try:
                data = yaml.load(raw, Loader=Loader)
            except yaml.YAMLError:
                continue
            if not isinstance(data, dict):
                continue
            got = _store(out, name, digest, rows_of(data, f"{name}.yaml"))
        yield got


def _pyarrow():  # type: ignore[no-untyped-def]
    try:
        import pyarrow as pa
        import pyarrow.csv as pcsv
        import pyarrow.parquet as pq
    except ImportError:
        return None
    return pa, pcsv, pq


def pyarrow_modules():  # type: ignore[no-untyped-def]
    """(pyarrow, pyarrow.csv, pyarrow.parquet), or None when pyarrow is not installed."""
    return _pyarrow()


class ParquetSink:
    """records.parquet written alongside records.csv from the same CSV text, typed, in chunks of about 4 MB.

    Each chunk is parsed by pyarrow's CSV reader (C++) with a fixed schema and written as a row group, so
    memory does not grow with the table and the two files cannot disagree.
    """

    CHUNK = 4 << 20

    def __init__(self, f: Any) -> None:
        pa, pcsv, pq = _pyarrow()
        import pyarrow.compute as pc

        self.pc = pc
        types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
        self.pa, self.pcsv = pa, pcsv
        self.schema = pa.schema([(name, types[t]) for name, t in SCHEMA])
        self.read = pcsv.ReadOptions(column_names=COLUMNS, use_threads=False)
        self.convert = pcsv.ConvertOptions(column_types=self.schema, strings_can_be_null=True,
                                           true_values=["true"], false_values=["false"])
        self.writer = pq.ParquetWriter(f, self.schema)
        # the "" that fills null text cells, made by the CSV reader: pa.scalar("") would import pandas (0.3 s)
        self.empty = pcsv.read_csv(io.BytesIO(b'x\n""\n'), convert_options=pcsv.ConvertOptions(
            column_types={"x": pa.string()}, strings_can_be_null=False)).column(0)[0]
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, text: str) -> None:
        self.parts.append(text.encode("utf-8"))
        self.size += len(self.parts[-1])
        if self.size >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.parts:
            return
        table = self.pcsv.read_csv(io.BytesIO(b"".join(self.parts)), read_options=self.read,
                                   convert_options=self.convert)
        self.parts, self.size = [], 0
        cols = [col if t != "string" else col if name in NULLABLE_STRINGS else col.fill_null(self.empty)
                for col, (name, t) in zip(table.columns, SCHEMA, strict=True)]
        cols = [self._unescaped(col) if e else col for col, e in zip(cols, ESCAPED, strict=True)]
        self.writer.write_table(self.pa.Table.from_arrays(cols, schema=self.schema))

    def _unescaped(self, col: Any) -> Any:
        """A string column with the CSV's formula escape undone (one leading quote), as in the YAML."""
        pc = self.pc
        return pc.if_else(pc.match_substring_regex(col, ESCAPED_START), pc.utf8_slice_codeunits(col, 1), col)

    def __enter__(self) -> ParquetSink:
        return self

    def __exit__(self, exc_type: Any, *exc: Any) -> None:
        if exc_type is None:
            self.flush()
        self.writer.close()


def prune_cache(out_dir: str | Path) -> None:
    """Drop cached rows of documents whose YAML is gone, and temporary files of killed writers (links not followed)."""
    out = Path(out_dir)
    cache = out / CACHE_DIR
    if cache.is_symlink() or not cache.is_dir():
        return
    clean_stale_temps(cache)
    for folder, dirs, files in os.walk(cache):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
        rel = Path(folder).relative_to(cache)
        for f in files:
            if f.endswith(".csv") and not (out / rel / f"{f[:-4]}.yaml").exists():
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, f))


def check_table(out_dir: str | Path) -> None:
    """OutputError when records.csv or records.parquet in out_dir exists and is not a table this tool wrote.

    Ours: a regular file starting with this tool's CSV header (after the BOM), or with parquet's magic bytes.
    """
    check_own_files(out_dir, dict(zip(TABLE_FILES, ((b"\xef\xbb\xbfpath,", b"\xef\xbb\xbfdocument.source,"),
                                                    (b"PAR1",)), strict=True)))


def check_own_files(out_dir: str | Path, files: dict[str, tuple[bytes, ...]]) -> None:
    """OutputError when a file named in files exists in out_dir and is not a regular file starting with one of
    its byte strings (so a file this tool did not write is never replaced)."""
    for name, starts in files.items():
        path = Path(out_dir) / name
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(mode) or not stat.S_ISREG(mode):
            what = "a symbolic link" if stat.S_ISLNK(mode) else f"a {file_kind(mode)}"
            raise OutputError(f"{path} is {what}, not this tool's table")
        with open(path, "rb") as f:
            head = f.read(32)
        if not head.startswith(starts):
            raise OutputError(f"{path} exists and is not this tool's table")


def export_table(out_dir: str | Path, names: Iterable[str], parquet: bool = True) -> ExportResult:
    """Write out_dir/records.csv (UTF-8 with BOM) and, with pyarrow, records.parquet, atomically.

    One row per record of out_dir/<name>.yaml for each name, ordered by name then record id, one document
    at a time. Without pyarrow a stale records.parquet is removed, so the two never disagree.
    """
    out = Path(out_dir)
    csv_path, pq_path = out / "records.csv", out / "records.parquet"
    result = ExportResult()
    prune_cache(out)
    arrow = parquet and _pyarrow() is not None
    with contextlib.ExitStack() as stack:
        f = stack.enter_context(atomic_open(csv_path, "w", encoding="utf-8-sig", newline=""))
        sink = stack.enter_context(ParquetSink(stack.enter_context(atomic_open(pq_path, "wb")))) if arrow else None
        f.write(render_csv([COLUMNS]))
        for n, text in document_rows(out, sorted(set(names))):
            f.write(text)
            if sink is not None:
                sink.add(text)
            result.rows += n
    result.paths.append(csv_path)
    if arrow:
        result.paths.append(pq_path)
    elif parquet:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(pq_path)
    return result
