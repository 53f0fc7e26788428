"""What pairing reports: pairs.csv, the agreement summary, and the disagreements grouped by field (--explain)."""

from __future__ import annotations

import os
import re
import stat
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..ingest import file_kind
from ..output.table import CONTRACT_COLUMNS, render_csv
from ..output.write import OutputError, atomic_open
from .link import FIELDS, OVERALL, Pairing, agrees, disagreements

PAIRS_FILE = "pairs.csv"
# Per side: the record's fields compared (value and unit normalized), then where it is.
SIDE = ("id", "kind", "measure", "comparator", "stretch", "period", "indicator_id", "value", "value_max", "unit",
        "match", "sentence")
COLUMNS = ["zh.path", "en.path", "zh.id", "en.id", "value", "unit", "dimension", "disagree",
           *(f"{s}.{c}" for c in SIDE[1:] for s in ("zh", "en"))]
_CONTRACT = {"unit", "dimension", "disagree"} | {f"{s}.{c}" for s in ("zh", "en") for c in
                                                  ("kind", "measure", "comparator", "unit")}
ESCAPED = [c not in _CONTRACT and c not in CONTRACT_COLUMNS for c in COLUMNS]
HEADER_START = b"\xef\xbb\xbfzh.path,"


@dataclass
class DocPair:
    """A document and its translation linked: their output names below the output folder (without .yaml),
    their YAML mappings, and the pairing of their records."""

    zh_name: str
    en_name: str
    zh: dict[str, Any]
    en: dict[str, Any]
    pairing: Pairing

    def records(self, side: str) -> list[dict[str, Any]]:
        return (self.zh if side == "zh" else self.en).get("records") or []


def _get(rec: dict[str, Any] | None, name: str) -> Any:
    if rec is None:
        return None
    if name in ("value", "value_max", "unit", "dimension"):
        n = rec.get("normalized")
        return n.get(name) if isinstance(n, dict) else None
    if name in ("match", "sentence"):
        s = rec.get("source")
        return s.get(name) if isinstance(s, dict) else None
    return rec.get(name)


def rows(dp: DocPair) -> list[list[Any]]:
    """The pairs.csv rows of one document pair: one per pair, one per unpaired record (the other side empty)."""
    zr, er = dp.records("zh"), dp.records("en")
    out = []
    for i, j in dp.pairing.pairs:
        z = zr[i] if i is not None else None
        e = er[j] if j is not None else None
        one = z if z is not None else e
        dis = " ".join(disagreements(z, e)) if z is not None and e is not None else None
        row = [f"{dp.zh_name}.yaml", f"{dp.en_name}.yaml", _get(z, "id"), _get(e, "id"), _get(one, "value"),
               _get(one, "unit"), _get(one, "dimension"), dis]
        for c in SIDE[1:]:
            row += [_get(z, c), _get(e, c)]
        out.append(row)
    return out


def check_pairs_file(out_dir: str | Path) -> None:
    """OutputError when out_dir/pairs.csv exists and is not a file this tool wrote (nothing is replaced then)."""
    path = Path(out_dir) / PAIRS_FILE
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        what = "a symbolic link" if stat.S_ISLNK(mode) else f"a {file_kind(mode)}"
        raise OutputError(f"{path} is {what}, not this tool's pairs table; not replaced")
    with open(path, "rb") as f:
        if not f.read(len(HEADER_START)).startswith(HEADER_START):
            raise OutputError(f"{path} exists and is not this tool's pairs table; not replaced")


def write_pairs(out_dir: str | Path, pairs: Iterable[DocPair]) -> tuple[Path, int]:
    """Write out_dir/pairs.csv atomically (UTF-8 with BOM, CRLF, formula escaping as records.csv); its path
    and its number of rows."""
    path = Path(out_dir) / PAIRS_FILE
    n = 0
    with atomic_open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write(render_csv([COLUMNS], [False] * len(COLUMNS)))
        for dp in pairs:
            body = rows(dp)
            f.write(render_csv(body, ESCAPED))
            n += len(body)
    return path, n


@dataclass
class Agreement:
    """Counts over document pairs: records, pairs, unpaired records, and pairs agreeing on each field."""

    zh: int = 0
    en: int = 0
    pairs: int = 0
    agree: Counter[str] = field(default_factory=Counter)

    def add(self, dp: DocPair) -> Agreement:
        zr, er = dp.records("zh"), dp.records("en")
        self.zh += len(zr)
        self.en += len(er)
        for i, j in dp.pairing.linked:
            self.pairs += 1
            ok = {f for f in FIELDS if agrees(f, zr[i], er[j])}
            self.agree.update(ok)
            self.agree["overall"] += set(OVERALL) <= ok
        return self

    def share(self, name: str) -> float:
        """The share of pairs agreeing on a field (or `overall`); 1.0 with no pair."""
        return self.agree[name] / self.pairs if self.pairs else 1.0

    @property
    def recall(self) -> float:
        """The share of the original's records that got a twin."""
        return self.pairs / self.zh if self.zh else 1.0

    def line(self) -> str:
        def pct(a: int, b: int) -> str:
            return f"{100 * a / b:.1f} %" if b else "-"
        return (f"{self.pairs} pairs: {pct(self.pairs, self.zh)} of {self.zh} zh records, {pct(self.pairs, self.en)} "
                f"of {self.en} en records; unpaired: {self.zh - self.pairs} zh, {self.en - self.pairs} en")

    def agreement_line(self) -> str:
        return ("agreement: " + ", ".join(f"{f} {self.share(f):.3f}" for f in FIELDS)
                + f"; overall ({', '.join(OVERALL)}) {self.share('overall'):.3f}")


def explain(pairs: Iterable[DocPair]) -> list[str]:
    """The disagreeing pairs grouped by field, then by what each side says (see _group; most frequent first),
    each with both records' match and sentence."""
    groups: dict[str, dict[tuple[str, str], list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for dp in pairs:
        zr, er = dp.records("zh"), dp.records("en")
        for i, j in dp.pairing.linked:
            z, e = zr[i], er[j]
            for f in disagreements(z, e):
                key = _group(f, z, e)
                groups[f][key].append((
                    f"    {dp.zh_name} {z.get('id')} {_get(z, 'match')!s} | {_get(z, 'sentence')!s}",
                    f"    {dp.en_name} {e.get('id')} {_get(e, 'match')!s} | {_get(e, 'sentence')!s}"))
    out = []
    for f in FIELDS:
        if f not in groups:
            continue
        total = sum(len(v) for v in groups[f].values())
        out.append(f"{f}: {total} pairs disagree")
        for (zv, ev), items in sorted(groups[f].items(), key=lambda kv: (-len(kv[1]), kv[0])):
            out.append(f"  zh {zv} / en {ev}: {len(items)}")
            out.extend(line for pair in items for line in pair)
    return out


_YEAR = re.compile(r"(?:19|20)\d\d")


def _period_form(p: Any, base: int | None) -> str:
    """A period with its years counted from base: `Y`, `Y-1..Y+3`, `YH1`; null for none."""
    if p is None:
        return "null"
    if base is None:
        return str(p)
    return _YEAR.sub(lambda m: "Y" + (f"{int(m.group()) - base:+d}" if int(m.group()) != base else ""), str(p))


def _text(v: Any) -> str:
    """A value as the YAML writes it: null, true, false, or the value."""
    return "null" if v is None else ("true" if v else "false") if isinstance(v, bool) else str(v)


def _group(f: str, z: dict[str, Any], e: dict[str, Any]) -> tuple[str, str]:
    """What each side says about a field they disagree on, as a group key: the value itself (kind, comparator,
    indicator_id…), the periods with their years counted from the first one (Y..Y+4 / Y+4), or for the
    normalized value whether the sign or the upper bound differs."""
    if f == "value":
        zv, ev = _get(z, "value"), _get(e, "value")
        if isinstance(zv, (int, float)) and isinstance(ev, (int, float)) and zv * ev < 0:
            return ("-" if zv < 0 else "+"), ("-" if ev < 0 else "+")
        return (f"upper bound {_get(z, 'value_max')}", f"upper bound {_get(e, 'value_max')}")
    if f == "period":
        years = _YEAR.findall(f"{z.get('period') or ''} {e.get('period') or ''}")
        base = int(years[0]) if years else None
        return _period_form(z.get("period"), base), _period_form(e.get("period"), base)
    return _text(_get(z, f)), _text(_get(e, f))
