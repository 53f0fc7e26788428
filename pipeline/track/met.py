"""Whether an actual meets its target (records.md §7): the comparator rule, as intervals of allowed values."""

from __future__ import annotations

import math
from dataclasses import dataclass

INF = math.inf
RATE_UNITS = ("percent", "pp")   # `~` is ±0.5 percentage points of these, ±5 % of the value otherwise
RATE_SLACK = 0.5
LEVEL_SLACK = 0.05


@dataclass(frozen=True)
class Interval:
    """The values a figure allows: low to high, each end open or closed."""

    low: float
    high: float
    low_closed: bool = True
    high_closed: bool = True

    def negated(self) -> Interval:
        return Interval(-self.high, -self.low, self.high_closed, self.low_closed)


def _eq(x: float, y: float) -> bool:
    if x == y or math.isinf(x) or math.isinf(y):
        return x == y
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


def slack(value: float, unit: str) -> float:
    """Half the width of a `~` band: 0.5 percentage points of a rate, 5 % of a level."""
    return RATE_SLACK if unit in RATE_UNITS else LEVEL_SLACK * abs(value)


def target_interval(comparator: str, value: float, value_max: float | None, unit: str) -> Interval:
    """The values that reach a target. `=` is reached or exceeded; `~` within its band; `range` inside."""
    if comparator in ("=", ">="):
        return Interval(value, INF, True, False)
    if comparator == ">":
        return Interval(value, INF, False, False)
    if comparator == "<=":
        return Interval(-INF, value, False, True)
    if comparator == "<":
        return Interval(-INF, value, False, False)
    if comparator == "~":
        s = slack(value, unit)
        return Interval(value - s, value + s)
    if comparator == "range":
        low, high = sorted((value, value if value_max is None else value_max))
        return Interval(low, high)
    raise ValueError(f"unknown comparator {comparator!r}")


def actual_interval(comparator: str, value: float, value_max: float | None) -> Interval:
    """The values an actual allows: the figure itself for `=` and `~` (about x is read as x), else its ray or
    range (控制在2.6% allows anything up to 2.6)."""
    if comparator in ("=", "~", ""):
        return Interval(value, value)
    return target_interval(comparator, value, value_max, "")


def _inside_low(inner: Interval, outer: Interval) -> bool:
    if outer.low == -INF:
        return True
    if inner.low == -INF:
        return False
    if _eq(inner.low, outer.low):
        return outer.low_closed or not inner.low_closed
    return inner.low > outer.low


def _inside_high(inner: Interval, outer: Interval) -> bool:
    if outer.high == INF:
        return True
    if inner.high == INF:
        return False
    if _eq(inner.high, outer.high):
        return outer.high_closed or not inner.high_closed
    return inner.high < outer.high


def _overlap(a: Interval, b: Interval) -> bool:
    if a.low > b.low or (a.low == b.low and not a.low_closed):
        low, low_closed = a.low, a.low_closed
    else:
        low, low_closed = b.low, b.low_closed
    if a.high < b.high or (a.high == b.high and not a.high_closed):
        high, high_closed = a.high, a.high_closed
    else:
        high, high_closed = b.high, b.high_closed
    if _eq(low, high):
        return low_closed and high_closed
    return low < high


def _signed(interval: Interval, measure: str, value: float) -> Interval:
    """A figure's interval in signed values: a decline's comparator speaks of its size (下降3%以上 is `>=` -3, a
    decline of at least 3 %), so a negative change is read as a size and negated back."""
    return interval.negated() if measure == "change" and value < 0 else interval


def _size(measure: str, value: float, value_max: float | None) -> tuple[float, float | None]:
    if measure == "change" and value < 0:
        return -value, None if value_max is None else -value_max
    return value, value_max


def met(measure: str, target: tuple[str, float, float | None, str],
        actual: tuple[str, float, float | None, str]) -> bool | None:
    """True when every value the actual allows meets the target, False when none does, None when some do (the
    text leaves it open) or the two are in different units.

    target and actual are (comparator, value, value_max, normalised unit). A decline (a negative change) is
    compared by its size, as its comparator speaks of it: 下降3.9%以上 (`>=` -3.9) is met by -4.8, and 下降3%
    (`=` -3) by any decline of 3 % or more.
    """
    t_cmp, t_value, t_max, t_unit = target
    a_cmp, a_value, a_max, a_unit = actual
    if t_unit != a_unit:
        return None
    wanted = _signed(target_interval(t_cmp, *_size(measure, t_value, t_max), t_unit), measure, t_value)
    allowed = _signed(actual_interval(a_cmp, *_size(measure, a_value, a_max)), measure, a_value)
    if _inside_low(allowed, wanted) and _inside_high(allowed, wanted):
        return True
    return None if _overlap(allowed, wanted) else False
