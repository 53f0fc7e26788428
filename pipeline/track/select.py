"""Which record fills each cell of the tracking table: the target a report sets for its year and the actual a later
report states for that year (records.md §7; the rules are in docs/tracking.md)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..quantities.rules import RULES_DIR
from ..schema import TRACKING, validate
from ..yamlio import load_rule_file
from .met import met
from .read import Rec, Run

YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class Row:
    """One row of the tracking table: a place, an indicator and measure, a year, its target and its actual."""

    place: str
    indicator_id: str
    year: int
    measure: str
    target: Rec | None
    actual: Rec | None

    @property
    def labels(self) -> tuple[str, str]:
        rec = self.target or self.actual
        return (rec.label_zh, rec.label_en) if rec else ("", "")

    @property
    def met(self) -> bool | None:
        if self.target is None or self.actual is None:
            return None
        t, a = self.target, self.actual
        return met(self.measure, (t.comparator, t.value, t.value_max, t.unit),
                   (a.comparator, a.value, a.value_max, a.unit))

    @property
    def series(self) -> tuple[str, str, str]:
        return (self.place, self.indicator_id, self.measure)


def main_target_words(rules_dir: str | Path | None = None) -> list[str]:
    """The words that mark a paragraph of headline targets (rules/tracking.yaml), every language's, folded."""
    path = Path(rules_dir or RULES_DIR) / "tracking.yaml"
    data, lines = load_rule_file(path)
    validate(data, lines, TRACKING, "tracking rules")
    return sorted({w.casefold() for words in data["main_targets"].values() for w in words})


def in_main_targets(rec: Rec, words: Iterable[str]) -> bool:
    """Whether a record stands in the paragraph of headline targets: a heading enclosing it, or its sentence
    before the figure (a run-in label: "The major targets for this year are: …"), holds one of the words."""
    at = rec.sentence.find(rec.match) if rec.match else -1
    before = rec.sentence[:at] if at > 0 else ""
    heads, lead = rec.section.casefold(), before.casefold()
    return any(w in heads or w in lead for w in words)


def _annual(period: str | None) -> int | None:
    return int(period) if period and YEAR.fullmatch(period) else None


def _target_rank(rec: Rec, words: list[str]) -> tuple:
    """Among the targets of one cell: the headline paragraph first, a firm figure before a stretch one, a period
    stated before none, then the earliest (document path, reading order)."""
    return (not in_main_targets(rec, words), rec.stretch, rec.period is None, rec.doc.path, rec.order)


def _actual_rank(rec: Rec, year: int, target: Rec | None) -> tuple:
    """Among the actuals of one cell: one in the target's unit first, then the nearest later report (the next
    year's), then the earliest in it (its review comes first)."""
    unit_differs = target is not None and rec.unit != target.unit
    return (unit_differs, rec.doc.year - year, rec.doc.path, rec.order)


def tracking_rows(run: Run, words: list[str]) -> list[Row]:
    """The rows of the tracking table of a run, ordered by place, year, then the indicator's first target.

    A row for every (place, indicator_id, year, measure) that the report of that year sets a target for, and for
    every year of a report in the run where a later report states an actual for an indicator and measure that is
    targeted, in the actual's unit, in some year of the place's series. Documents without a year or a place are
    left out.
    """
    years: dict[str, set[int]] = defaultdict(set)
    for doc in run.docs:
        if doc.year is not None and doc.place is not None:
            years[doc.place].add(doc.year)
    targets: dict[tuple, list[Rec]] = defaultdict(list)
    actuals: dict[tuple, list[Rec]] = defaultdict(list)
    for rec in run.records:
        place, year = rec.doc.place, rec.doc.year
        if place is None or year is None:
            continue
        period = _annual(rec.period)
        if rec.kind == "target" and (period == year or rec.period is None):
            targets[(place, rec.indicator_id, year, rec.measure)].append(rec)
        elif rec.kind == "actual" and period is not None and period < year and period in years[place]:
            actuals[(place, rec.indicator_id, period, rec.measure)].append(rec)
    chosen = {key: min(recs, key=lambda r: _target_rank(r, words)) for key, recs in targets.items()}
    targeted = {(p, i, m, t.unit) for (p, i, _y, m), t in chosen.items()}
    for key in set(actuals) - set(chosen):    # actual-only rows: in a unit the series has a target in
        p, i, _y, m = key
        actuals[key] = [a for a in actuals[key] if (p, i, m, a.unit) in targeted]
    keys = set(chosen) | {k for k, recs in actuals.items() if recs}
    first: dict[tuple, int] = {}
    for key in sorted(chosen, key=lambda k: (k[2], chosen[k].doc.path, chosen[k].order)):
        first.setdefault((key[0], key[1], key[3]), len(first))
    rows = []
    for place, indicator, year, measure in sorted(keys, key=lambda k: (k[0], k[2], first[(k[0], k[1], k[3])], k[3])):
        target = chosen.get((place, indicator, year, measure))
        found = actuals.get((place, indicator, year, measure))
        actual = min(found, key=lambda r: _actual_rank(r, year, target)) if found else None
        rows.append(Row(place, indicator, year, measure, target, actual))
    return rows
