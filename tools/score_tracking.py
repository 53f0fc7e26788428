#!/usr/bin/env python3
"""Score a run's tracking.csv (records.md §7) against a gold tracking table (tests/corpus/).

A row is keyed by (place, indicator_id, year, measure). It is *right* when its key is in the gold
and the target comparator, the target value (and upper bound) within 0.5 % and the actual value
within 0.5 % agree with the gold (an empty gold field wants an empty run field). Everything else
the table holds (actual comparator, units, stretch, `met`, the documents and the records behind
each side) is compared too and reported, but does not decide whether a row is right.

The gold's record columns hold quotes of the figure (e.g. `8%左右`); a run's hold record ids
(`r0012`). The scorer reads the run's YAML files to map an id to its `source.match` and offsets:
the record agrees with the quote when one text contains the other or its span overlaps an
occurrence of the quote in the document. Without the YAML it compares values only.

Usage:
    python tools/score_tracking.py RUN/tracking.csv [--gold tests/corpus/tracking-national.csv]
        [--run-dir RUN] [--corpus ../shared/corpus] [--comparator-family]
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score_identity import read_header  # noqa: E402  (a sibling script: one header reader for both scorers)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = ROOT / "tests" / "corpus" / "tracking-national.csv"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

COLUMNS = [
    "place", "indicator_id", "label_zh", "label_en", "year", "measure",
    "target_comparator", "target_value", "target_value_max", "target_unit", "target_stretch",
    "actual_comparator", "actual_value", "actual_unit", "met",
    "target_doc", "target_record", "actual_doc", "actual_record",
]
KEY = ("place", "indicator_id", "year", "measure")
COMPARATORS = {"=", ">=", ">", "<=", "<", "~", "range"}
FAMILY = {">=": ">", "<=": "<"}  # records.md §4: a translation may say "over" for 以上
RATE_UNITS = {"percent", "pp"}  # `~` is ±0.5 percentage points for these, ±5 % of the level otherwise
TOLERANCE = 0.005  # values agree within 0.5 %
INF = math.inf


class TableError(ValueError):
    """A tracking table that cannot be read as records.md §7 defines it."""


def read_table(path: Path) -> list[dict[str, str]]:
    """The rows of a tracking CSV, checking its header against §7's column order."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise TableError(f"{path}: columns are {reader.fieldnames}, expected {COLUMNS}")
        return [{k: (v or "").strip() for k, v in row.items()} for row in reader]


def row_key(row: dict[str, str]) -> tuple[str, str, str, str]:
    year = row["year"]
    try:
        year = str(int(float(year)))
    except ValueError:
        pass
    return (row["place"], row["indicator_id"], year, row["measure"])


def number(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


def values_agree(gold: str, run: str) -> bool:
    """Empty equals empty; numbers agree within 0.5 % of the gold value (exactly when it is 0)."""
    g, r = number(gold), _safe_number(run)
    if g is None or r is None:
        return g is None and run == ""
    return abs(g - r) <= TOLERANCE * abs(g) if g else abs(r) < 1e-12


def _safe_number(text: str) -> float | None:
    try:
        return number(text)
    except ValueError:
        return None


# --- `met` by records.md §7 -------------------------------------------------------------------

def _interval(comparator: str, value: float, value_max: float | None, slack: float):
    """The values a comparator allows, as (low, low_closed, high, high_closed)."""
    if comparator in ("=", ">="):
        return (value, True, INF, False)
    if comparator == ">":
        return (value, False, INF, False)
    if comparator == "<=":
        return (-INF, False, value, True)
    if comparator == "<":
        return (-INF, False, value, False)
    if comparator == "~":
        return (value - slack, True, value + slack, True)
    if comparator == "range":
        low, high = sorted((value, value if value_max is None else value_max))
        return (low, True, high, True)
    raise TableError(f"unknown comparator {comparator!r}")


def _allowed(comparator: str, value: float, value_max: float | None):
    """The values an actual allows: a point for `=` and `~` (about x is taken as x), else a ray or range."""
    if comparator in ("=", "~", ""):
        return (value, True, value, True)
    return _interval(comparator, value, value_max, 0.0)


def _near(x: float, y: float) -> bool:
    return x == y or abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


def _bound_within(inner: float, inner_closed: bool, outer: float, outer_closed: bool, upper: bool) -> bool:
    """Whether an inner interval's bound lies inside the outer interval's bound on the same side."""
    if outer in (INF, -INF):
        return True
    if inner in (INF, -INF):
        return False
    if _near(inner, outer):
        return outer_closed or not inner_closed
    return inner < outer if upper else inner > outer


def _subset(inner, outer) -> bool:
    ilo, ilc, ihi, ihc = inner
    olo, olc, ohi, ohc = outer
    return _bound_within(ilo, ilc, olo, olc, upper=False) and _bound_within(ihi, ihc, ohi, ohc, upper=True)


def _overlap(a, b) -> bool:
    (alo, alc, ahi, ahc), (blo, blc, bhi, bhc) = a, b
    lo, lo_closed = (alo, alc) if alo > blo else (blo, blc) if blo > alo else (alo, alc and blc)
    hi, hi_closed = (ahi, ahc) if ahi < bhi else (bhi, bhc) if bhi < ahi else (ahi, ahc and bhc)
    if _near(lo, hi):
        return lo_closed and hi_closed
    return lo < hi


def met_by_rule(row: dict[str, str]) -> str:
    """`true`, `false` or `` for a row, by §7's comparator rule.

    `=` is reached or exceeded; `~` within ±0.5 percentage points of a rate (percent, pp) or ±5 % of
    a level; `>=`, `>`, `<=`, `<` as written; `range` inside. A decline target (a negative change)
    compares sizes of decline, as its comparator does: 下降3.9%以上 (`>=` -3.9) is met by -4.8. An
    actual with its own comparator is met when every value it allows meets the target, not met when
    none does, and left open (empty) when some do; empty too when either side is missing.
    """
    t_cmp, a_cmp = row["target_comparator"], row["actual_comparator"]
    t, a = number(row["target_value"]), number(row["actual_value"])
    if not t_cmp or t is None or a is None:
        return ""
    t_max = number(row["target_value_max"])
    if row["measure"] == "change" and t < 0:  # sizes of a decline; comparators already speak of sizes
        t, a = -t, -a
        t_max = -t_max if t_max is not None else None
    slack = 0.5 if row["target_unit"] in RATE_UNITS else 0.05 * abs(t)
    target = _interval(t_cmp, t, t_max, slack)
    allowed = _allowed(a_cmp, a, None)  # §7 has no actual_value_max: an actual range counts from its low end
    if _subset(allowed, target):
        return "true"
    return "" if _overlap(allowed, target) else "false"


# --- run records ------------------------------------------------------------------------------

class RunRecords:
    """Record ids of a run mapped to (match, start, end), read from the run's YAML files on demand."""

    def __init__(self, run_dir: Path | None, corpus: Path | None):
        self.corpus = corpus
        self.by_doc: dict[str, dict] = {}
        self.texts: dict[str, str | None] = {}
        if run_dir and run_dir.is_dir():
            for path in sorted(run_dir.glob("*.yaml")):
                self._index_header(path)

    def _index_header(self, path: Path) -> None:
        header = read_header(path)
        if header and header.get("source"):
            entry = {"path": path, "records": None, "source": header["source"]}
            self.by_doc.setdefault(Path(str(header["source"])).name, entry)

    def available(self) -> bool:
        return bool(self.by_doc)

    def record(self, doc: str, record_id: str) -> dict | None:
        entry = self.by_doc.get(Path(doc).name)
        if entry is None:
            return None
        if entry["records"] is None:
            data = _load_yaml(entry["path"]) or {}
            entry["records"] = {str(r.get("id")): r for r in data.get("records") or []}
        return entry["records"].get(record_id)

    def text(self, doc: str) -> str | None:
        name = Path(doc).name
        if name not in self.texts:
            self.texts[name] = None
            candidates = [self.corpus / name] if self.corpus else []
            entry = self.by_doc.get(name)
            if entry:
                candidates.append(Path(str(entry["source"])))
            for path in candidates:
                if path.is_file():
                    self.texts[name] = path.read_text(encoding="utf-8-sig")
                    break
        return self.texts[name]


def _load_yaml(path: Path):
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)


def quote_agrees(quote: str, record: dict, text: str | None) -> bool:
    """A run record stands for the gold quote when one text holds the other or their spans overlap."""
    source = record.get("source") or {}
    match = str(source.get("match") or "")
    if match and (quote in match or match in quote):
        return True
    start, end = source.get("start"), source.get("end")
    if text is None or not isinstance(start, int) or not isinstance(end, int):
        return False
    at = text.find(quote)
    while at != -1:
        if at < end and start < at + len(quote):
            return True
        at = text.find(quote, at + 1)
    return False


# --- scoring ----------------------------------------------------------------------------------

def _comparators_agree(gold: str, run: str, family: bool) -> bool:
    if family:
        return FAMILY.get(gold, gold) == FAMILY.get(run, run)
    return gold == run


def score(gold: list[dict], run: list[dict], records: RunRecords, family: bool = False) -> dict:
    """Rows right, missing, extra, wrong scored fields and unscored differences."""
    gold_by_key = {row_key(r): r for r in gold}
    run_by_key: dict[tuple, dict] = {}
    duplicates = []
    for r in run:
        if row_key(r) in run_by_key:
            duplicates.append(row_key(r))
        run_by_key.setdefault(row_key(r), r)
    right, wrong, other = 0, [], []
    for key, g in gold_by_key.items():
        r = run_by_key.get(key)
        if r is None:
            continue
        bad = []
        if not _comparators_agree(g["target_comparator"], r["target_comparator"], family):
            bad.append(("target_comparator", g["target_comparator"], r["target_comparator"]))
        for field in ("target_value", "target_value_max", "actual_value"):
            if not values_agree(g[field], r[field]):
                bad.append((field, g[field], r[field]))
        if bad:
            wrong.append((key, bad))
        else:
            right += 1
        other.extend((key, d) for d in _other_differences(g, r, records, family))
    return {
        "gold": len(gold_by_key), "right": right,
        "missing": [k for k in gold_by_key if k not in run_by_key],
        "extra": [k for k in run_by_key if k not in gold_by_key],
        "wrong": wrong, "other": other, "duplicates": duplicates,
    }


def _other_differences(g: dict, r: dict, records: RunRecords, family: bool) -> list[tuple]:
    diffs = []
    if not _comparators_agree(g["actual_comparator"], r["actual_comparator"], family):
        diffs.append(("actual_comparator", g["actual_comparator"], r["actual_comparator"]))
    for field in ("target_unit", "actual_unit", "target_stretch", "met"):
        if g[field].lower() != r[field].lower():
            diffs.append((field, g[field], r[field]))
    for side in ("target", "actual"):
        doc_g, doc_r = g[f"{side}_doc"], r[f"{side}_doc"]
        if Path(doc_g).name != Path(doc_r).name:
            diffs.append((f"{side}_doc", doc_g, doc_r))
        elif g[f"{side}_record"] and r[f"{side}_record"] and records.available():
            record = records.record(doc_r, r[f"{side}_record"])
            if record is None:
                diffs.append((f"{side}_record", g[f"{side}_record"], f"{r[f'{side}_record']} (not in the run)"))
            elif not quote_agrees(g[f"{side}_record"], record, records.text(doc_r)):
                match = (record.get("source") or {}).get("match")
                diffs.append((f"{side}_record", g[f"{side}_record"], f"{r[f'{side}_record']} = {match}"))
    return diffs


def _fmt(key: tuple) -> str:
    return " ".join(key)


def report(result: dict, quotes_checked: bool) -> str:
    lines = [f"rows right: {result['right']} / {result['gold']} gold rows"]
    lines.append(f"missing rows ({len(result['missing'])}):")
    lines += [f"  {_fmt(k)}" for k in result["missing"]]
    lines.append(f"extra rows ({len(result['extra'])}):")
    lines += [f"  {_fmt(k)}" for k in result["extra"]]
    lines.append(f"wrong fields ({len(result['wrong'])} rows):")
    for key, bad in result["wrong"]:
        lines.append(f"  {_fmt(key)}: " + "; ".join(f"{f} gold={g or '∅'} run={r or '∅'}" for f, g, r in bad))
    note = "" if quotes_checked else " (records not checked: no run YAML found)"
    lines.append(f"other differences, not scored ({len(result['other'])}){note}:")
    for key, (f, g, r) in result["other"]:
        lines.append(f"  {_fmt(key)}: {f} gold={g or '∅'} run={r or '∅'}")
    if result["duplicates"]:
        lines.append(f"duplicate run keys ({len(result['duplicates'])}), first one scored:")
        lines += [f"  {_fmt(k)}" for k in result["duplicates"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("tracking", type=Path, help="the run's tracking.csv")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--run-dir", type=Path, help="folder of the run's YAML files (default: beside tracking.csv)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of the documents")
    parser.add_argument("--comparator-family", action="store_true",
                        help="count >= and >, <= and < as one (as records.md §4 does for translations)")
    args = parser.parse_args(argv)
    try:
        gold, run = read_table(args.gold), read_table(args.tracking)
    except (OSError, TableError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    records = RunRecords(args.run_dir or args.tracking.parent, args.corpus)
    print(report(score(gold, run, records, args.comparator_family), records.available()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
