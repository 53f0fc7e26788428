"""Reading a run for the tracking table: the output documents below a folder and their records with an indicator id."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

from ..output.table import COLUMNS, ESCAPED, document_rows, unescape_cell
from ..output.write import read_header

# Folders below an output folder that hold no output documents: the review pages (`pipeline review`).
NOT_OUTPUT_FOLDERS = {"review"}


@dataclass(frozen=True)
class Doc:
    """One output document: its YAML below the output folder, the input it came from, its year and place."""

    path: str
    source: str
    year: int | None
    place: str | None


@dataclass(frozen=True)
class Rec:
    """One record with an indicator id, with what the tracking table needs of it (values normalised)."""

    doc: Doc
    order: int
    id: str
    kind: str
    indicator_id: str
    label_zh: str
    label_en: str
    measure: str
    comparator: str
    stretch: bool
    value: float
    value_max: float | None
    unit: str
    period: str | None
    section: str
    sentence: str
    match: str


@dataclass
class Run:
    """The documents of a run and their records with an indicator id."""

    docs: list[Doc]
    records: list[Rec]


def output_names(out_dir: Path) -> dict[str, Doc]:
    """Output documents below out_dir by name (their path without .yaml), in name order.

    A YAML file is an output document when its header has this tool's `document:` and `pipeline:` mappings;
    hidden folders (the records cache), the review pages' folder and symbolic links are not looked into.
    """
    found: dict[str, Doc] = {}
    for folder, dirs, files in os.walk(out_dir):
        rel = Path(folder).relative_to(out_dir)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(folder, d))
                         and not (rel == Path(".") and d in NOT_OUTPUT_FOLDERS))
        for name in sorted(files):
            path = Path(folder) / name
            if not name.endswith(".yaml") or name.startswith(".") or path.is_symlink():
                continue
            header = read_header(path)
            doc = header.get("document") if header else None
            if not isinstance(doc, dict) or not isinstance(header.get("pipeline"), dict):
                continue
            key = (rel / name[:-5]).as_posix()
            year = doc.get("year")
            place = doc.get("place")
            found[key] = Doc(path=f"{key}.yaml", source=str(doc.get("source") or f"{key}.yaml"),
                             year=year if isinstance(year, int) and not isinstance(year, bool) else None,
                             place=str(place) if place not in (None, "") else None)
    return dict(sorted(found.items()))


def _number(text: str) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _rec(doc: Doc, order: int, row: dict[str, str]) -> Rec | None:
    value = _number(row["normalized.value"])
    if not row["indicator_id"] or value is None or row["kind"] not in ("target", "actual"):
        return None
    return Rec(doc=doc, order=order, id=row["id"], kind=row["kind"], indicator_id=row["indicator_id"],
               label_zh=row["labels.zh"], label_en=row["labels.en"], measure=row["measure"],
               comparator=row["comparator"] or "=", stretch=row["stretch"] == "true", value=value,
               value_max=_number(row["normalized.value_max"]), unit=row["normalized.unit"],
               period=row["period"] or None, section=row["section"], sentence=row["source.sentence"],
               match=row["source.match"])


def read_run(out_dir: str | Path) -> Run:
    """The output documents below out_dir and their records with an indicator id, in name then record order.

    The records come through records.csv's rows of each document (pipeline.output.table.document_rows: from
    the rows cached when the document was written, else from its YAML), so a run is read once, linearly.
    """
    out = Path(out_dir)
    docs = output_names(out)
    by_path = {d.path: d for d in docs.values()}
    records: list[Rec] = []
    escaped = [i for i, e in enumerate(ESCAPED) if e]
    for _n, text in document_rows(out, list(docs)):
        for order, cells in enumerate(csv.reader(io.StringIO(text, newline=""))):
            if len(cells) != len(COLUMNS):
                continue
            for i in escaped:
                cells[i] = unescape_cell(cells[i])
            row = dict(zip(COLUMNS, cells, strict=True))
            doc = by_path.get(row["path"])
            rec = _rec(doc, order, row) if doc is not None else None
            if rec is not None:
                records.append(rec)
    return Run(docs=list(docs.values()), records=records)

