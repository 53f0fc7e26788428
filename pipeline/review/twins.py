"""Twins: a record's `twin` (the same figure in the other language's document) and the row of pairs.csv about it."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .collect import Reviewed, load_yaml

PAIRS_FILE = "pairs.csv"
# the fields a record and its twin are compared on (dotted: inside a mapping)
COMPARED = ("kind", "indicator_id", "measure", "comparator", "stretch", "normalized.value",
            "normalized.value_max", "normalized.unit", "period")


@dataclass
class Twin:
    """Where a record's twin is, how they differ, and the pairs.csv row of the two (empty when none)."""

    id: str
    document: str | None        # the twin's document (output name), when found
    differences: list[tuple[str, Any, Any]]
    pair: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "document": self.document,
                "differences": [[f, a, b] for f, a, b in self.differences], "pair": self.pair}


def _get(d: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        d = d.get(part) if isinstance(d, dict) else None
    return d


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool) \
            and not isinstance(b, bool):
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1)
    return a == b


def differences(mine: dict[str, Any], theirs: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """The compared fields on which two records disagree: (field, this record's value, the twin's)."""
    return [(f, _get(mine, f), _get(theirs, f)) for f in COMPARED if not _same(_get(mine, f), _get(theirs, f))]


def split_ref(ref: Any) -> tuple[str | None, str]:
    """(document, record id) of a twin reference: `r0005`, `<document>#r0005`, or {id, document|source|path}."""
    if isinstance(ref, dict):
        doc = ref.get("document") or ref.get("source") or ref.get("path")
        return (str(doc) if doc else None), str(ref.get("id", ""))
    s = str(ref)
    if "#" in s:
        doc, rid = s.rsplit("#", 1)
        return doc or None, rid
    return None, s


def read_pairs(out_dir: Path) -> list[dict[str, str]]:
    """The rows of out_dir/pairs.csv (any columns; those ending in `_id` name the two records), or none."""
    try:
        with open(out_dir / PAIRS_FILE, encoding="utf-8-sig", newline="") as f:
            return [{str(k): str(v or "") for k, v in row.items() if k is not None} for row in csv.DictReader(f)]
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


class Twins:
    """Resolves every record's twin across the documents of one review (other documents' records read on demand)."""

    def __init__(self, items: Iterable[Reviewed], pairs: list[dict[str, str]]) -> None:
        self.items = list(items)
        self.by_ref: dict[str, Reviewed] = {}
        for it in self.items:
            for ref in sorted(_refs(it)):
                self.by_ref.setdefault(ref, it)
        self.pairs = pairs
        self._ids: dict[str, dict[str, dict[str, Any]]] = {}

    def ids(self, item: Reviewed) -> dict[str, dict[str, Any]]:
        """The records of a document by id (its YAML parsed again when only its header is at hand)."""
        if item.name not in self._ids:
            records = item.records
            if "records" not in item.data and not item.error:
                full = Reviewed(item.name, item.yaml_path)
                try:
                    load_yaml(full, item.yaml_path.read_bytes())
                except OSError:
                    pass
                records = full.records
            self._ids[item.name] = {str(r.get("id")): r for r in records}
        return self._ids[item.name]

    def release(self, item: Reviewed) -> None:
        """Forget a document's records once its page is written (only a document with twins is asked again)."""
        if "records" in item.data:
            item.data = {k: v for k, v in item.data.items() if k != "records"}

    def _document(self, item: Reviewed, ref: str | None, rid: str, mine: str) -> Reviewed | None:
        if ref is not None:
            return self.by_ref.get(ref)
        # the one document of another language whose name is this one's with its language tag swapped
        # (report.zh ↔ report.en) and which has that record; else the one whose record `rid` names this record
        # as its twin
        others = [it for it in self.items if it is not item and not it.error
                  and it.document.get("language") != item.document.get("language")]
        stem = _untagged(item)
        same = [it for it in others if _untagged(it) == stem and rid in self.ids(it)]
        if len(same) == 1:
            return same[0]
        back = [it for it in others if split_ref((self.ids(it).get(rid) or {}).get("twin", ""))[1] == mine]
        return back[0] if len(back) == 1 else None

    def _pair(self, mine: tuple[set[str], str], theirs: tuple[set[str], str]) -> dict[str, str]:
        """The pairs.csv row naming both records (its id columns, each `id` or `document#id`); {} unless one."""
        found = []
        for row in self.pairs:
            refs = [split_ref(v) for k, v in row.items() if k.endswith("_id") and v]
            if len(refs) == 2 and any(_names(r, *mine) for r in refs) and any(_names(r, *theirs) for r in refs):
                found.append(row)
        if len(found) != 1:
            return {}
        return {k: v for k, v in found[0].items() if not k.endswith("_id") and v}

    def of(self, item: Reviewed, record: dict[str, Any]) -> Twin | None:
        """The twin of a record of item (None when it has no `twin` key)."""
        if record.get("twin") in (None, ""):
            return None
        ref, rid = split_ref(record["twin"])
        mine = str(record.get("id"))
        other = self._document(item, ref, rid, mine)
        theirs = self.ids(other).get(rid) if other is not None else None
        return Twin(rid, other.name if other is not None and theirs is not None else None,
                    differences(record, theirs) if theirs is not None else [],
                    self._pair((_refs(item), mine), (_refs(other) if other else {ref} - {None}, rid)))


def _refs(item: Reviewed) -> set[str]:
    """The ways a document may be named in a reference: its output name (with or without .yaml), its source."""
    return {item.name, f"{item.name}.yaml", str(item.document.get("source") or "")} - {""}


def _names(ref: tuple[str | None, str], docs: set[str], rid: str) -> bool:
    """Whether a reference (document or None, record id) can name record rid of a document named as in docs."""
    return ref[1] == rid and (ref[0] is None or not docs or ref[0] in docs)


def _untagged(item: Reviewed) -> str:
    """An output name with its language tag (`.zh`, `-en`: the document's own language) left out."""
    lang = str(item.document.get("language") or "")
    return re.sub(rf"(?i)[._-]{re.escape(lang)}(?=[._-]|$)", "", item.name) if lang else item.name
