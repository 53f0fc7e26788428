"""`met` of the tracking table (records.md §7): the comparator rule, unit by unit and against the corpus gold."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.track.met import met

ROOT = Path(__file__).resolve().parent.parent
GOLD = [ROOT / "tests" / "corpus" / "tracking-national.csv", ROOT / "tests" / "corpus" / "tracking-national.en.csv"]

P = "percent"


@pytest.mark.parametrize("measure, target, actual, want", [
    ("change", ("=", 8, None, P), ("=", 8, None, P), True),           # reached
    ("change", ("=", 8, None, P), ("=", 9.5, None, P), True),         # exceeded
    ("change", ("=", 8, None, P), ("=", 7.9, None, P), False),
    ("change", ("~", 8, None, P), ("=", 8.5, None, P), True),         # ±0.5 percentage points of a rate
    ("change", ("~", 8, None, P), ("=", 9, None, P), False),          # exceeding a `~` figure is not meeting it
    ("change", ("~", 8, None, P), ("=", 7.4, None, P), False),
    ("level", ("~", 100, None, "t"), ("=", 104.9, None, "t"), True),  # ±5 % of a level
    ("level", ("~", 100, None, "t"), ("=", 94, None, "t"), False),
    ("change", ("range", 6.5, 7, P), ("=", 6.9, None, P), True),
    ("change", ("range", 6.5, 7, P), ("=", 7.1, None, P), False),
    ("level", (">=", 9e6, None, "count"), ("=", 9e6, None, "count"), True),
    ("level", (">", 9e6, None, "count"), ("=", 9e6, None, "count"), False),
    ("level", ("<=", 4.6, None, P), ("=", 4.6, None, P), True),
    ("level", ("<", 4.6, None, P), ("=", 4.6, None, P), False),
    ("change", (">=", -3.9, None, P), ("=", -4.8, None, P), True),    # 下降3.9%以上 met by a 4.8 % decline
    ("change", (">=", -3.9, None, P), ("=", -3.0, None, P), False),
    ("change", ("=", -3, None, P), ("=", -3.2, None, P), True),       # 下降3%: a larger decline reaches it
    ("change", ("=", -3, None, P), ("=", 1, None, P), False),         # a rise does not
    ("change", ("range", -3, -4, P), ("=", -3.5, None, P), True),     # 下降3%-4%
    ("level", ("<=", 4, None, P), ("<=", 3.8, None, P), True),        # every value the actual allows meets it
    ("level", ("<=", 4, None, P), ("<=", 4.2, None, P), None),        # some do: the text leaves it open
    ("level", ("<=", 4, None, P), (">", 4.2, None, P), False),        # none does
    ("change", ("~", 3, None, P), ("<=", 3.3, None, P), None),        # 控制在3.3% against 3%左右
    ("change", ("~", 3.5, None, P), ("<=", 2.6, None, P), False),
    ("change", ("=", 7, None, P), ("range", 7, 8, P), True),          # an actual range: all of it
    ("change", ("=", 7.5, None, P), ("range", 7, 8, P), None),
    ("change", ("=", 8, None, P), ("=", 8, None, "pp"), None),        # different units are not compared
])
def test_met_by_the_comparator_rule(measure, target, actual, want):
    assert met(measure, target, actual) is want


@given(st.floats(-50, 50, allow_nan=False), st.floats(-50, 50, allow_nan=False))
def test_an_equals_target_is_reached_or_exceeded_in_its_direction(t, a):
    got = met("change", ("=", t, None, P), ("=", a, None, P))
    if abs(a - t) > 1e-6:       # equal within float noise counts as reached
        assert got is (a <= t if t < 0 else a >= t)


@given(st.floats(-50, 50, allow_nan=False), st.floats(-50, 50, allow_nan=False))
def test_an_about_rate_allows_half_a_point_either_way(t, a):
    got = met("level", ("~", t, None, P), ("=", a, None, P))
    if abs(abs(a - t) - 0.5) > 1e-9:
        assert got is (abs(a - t) < 0.5)


def _gold_rows():
    for path in GOLD:
        with open(path, encoding="utf-8", newline="") as f:
            yield from (r for r in csv.DictReader(f) if r["target_value"] and r["actual_value"])


@pytest.mark.parametrize("r", list(_gold_rows()), ids=lambda r: f"{r['place']}-{r['indicator_id']}-{r['year']}")
def test_met_agrees_with_the_gold_tables(r):
    def num(s):
        return float(s) if s else None

    got = met(r["measure"], (r["target_comparator"], num(r["target_value"]), num(r["target_value_max"]),
                             r["target_unit"]),
              (r["actual_comparator"], num(r["actual_value"]), None, r["actual_unit"]))
    assert {True: "true", False: "false", None: ""}[got] == r["met"]
