"""One chart of a tracking series: the targets (a mark, a band for `~` and ranges, an arrow for bounds) against the
actuals over the years, as inline SVG drawn by matplotlib (imported only here, only when a chart is drawn)."""

from __future__ import annotations

import io
from typing import Any

from .met import slack
from .select import Row

TARGET_COLOR, ACTUAL_COLOR = "#1f5fa8", "#d9541e"
UNIT_LABELS = {"percent": "%", "pp": "percentage points", "count": "count", "t": "t", "CNY": "yuan"}
HALF_WIDTH = 0.32           # half the width of a year's target mark, in years
BOUND_MARKERS = {">=": "^", ">": "^", "<=": "v", "<": "v"}


def _target_band(row: Row) -> tuple[float, float] | None:
    t = row.target
    if t is None:
        return None
    if t.comparator == "~":
        s = slack(t.value, t.unit)
        return (t.value - s, t.value + s)
    if t.comparator == "range" and t.value_max is not None:
        return tuple(sorted((t.value, t.value_max)))  # type: ignore[return-value]
    return None


def _draw(ax: Any, rows: list[Row]) -> None:
    labelled: set[str] = set()

    def label(name: str) -> str:
        if name in labelled:
            return "_nolegend_"
        labelled.add(name)
        return name

    for row in rows:
        t = row.target
        if t is None:
            continue
        x0, x1 = row.year - HALF_WIDTH, row.year + HALF_WIDTH
        band = _target_band(row)
        if band is not None:
            ax.fill_between([x0, x1], band[0], band[1], color=TARGET_COLOR, alpha=0.22, linewidth=0,
                            label=label("target band (~, range)"))
        ax.hlines(t.value, x0, x1, colors=TARGET_COLOR, linewidths=2.2, label=label("target"))
        if t.comparator in BOUND_MARKERS:
            ax.plot([row.year], [t.value], linestyle="none", marker=BOUND_MARKERS[t.comparator], markersize=6,
                    color=TARGET_COLOR, label=label("target bound (at least / at most)"))
    points = [(r.year, r.actual.value) for r in rows if r.actual is not None]
    if points:
        xs, ys = zip(*points, strict=True)
        ax.plot(xs, ys, color=ACTUAL_COLOR, marker="o", markersize=4.5, linewidth=1.4, label=label("actual"))


def series_svg(rows: list[Row], salt: str) -> str:
    """The chart of one series (rows of one place, indicator and measure) as an <svg> element.

    Text stays text (the page's fonts draw it); ids are salted with salt so that several charts can share a page,
    and the output is the same for the same rows.
    """
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    years = sorted({r.year for r in rows})
    rec = next((r.target or r.actual for r in rows if r.target or r.actual), None)
    unit = rec.unit if rec else ""
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt, "font.size": 9}):
        fig = Figure(figsize=(6.0, 2.8))
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        _draw(ax, rows)
        ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel(UNIT_LABELS.get(unit, unit))
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.spines[["top", "right"]].set_visible(False)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    return text[text.index("<svg"):]
