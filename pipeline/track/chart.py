"""One chart of a tracking series: the targets (a mark, a band for `~` and ranges, an arrow for bounds) against the
actuals over the years, as inline SVG drawn by matplotlib (imported only here, only when a chart is drawn)."""

from __future__ import annotations

import io
import re
from typing import Any

from .met import slack
from .select import Row

TARGET_COLOR, ACTUAL_COLOR = "#1f5fa8", "#d9541e"
UNIT_LABELS = {"percent": "%", "pp": "percentage points", "count": "count", "t": "t", "CNY": "yuan"}
HALF_WIDTH = 0.32           # half the width of a year's target mark, in years
LOWER_BOUNDS, UPPER_BOUNDS = (">=", ">"), ("<=", "<")
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))   # large values: axis in these units
MAX_YEAR_TICKS = 12
TARGET, BAND, BOUND, ACTUAL = "target", "target band (~, range)", "target bound (at least / at most)", "actual"
LEGEND_ORDER = [TARGET, BAND, BOUND, ACTUAL]


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
                            label=label(BAND))
        if t.comparator != "range":
            ax.hlines(t.value, x0, x1, colors=TARGET_COLOR, linewidths=2.2, label=label(TARGET))
        if t.comparator in LOWER_BOUNDS + UPPER_BOUNDS:
            up = (t.comparator in LOWER_BOUNDS) != (row.measure == "change" and t.value < 0)  # a decline: its size
            ax.plot([row.year], [t.value], linestyle="none", marker="^" if up else "v", markersize=6,
                    color=TARGET_COLOR, label=label(BOUND))
    points = [(r.year, r.actual.value) for r in rows if r.actual is not None]
    if points:
        xs, ys = zip(*points, strict=True)
        ax.plot(xs, ys, color=ACTUAL_COLOR, marker="o", markersize=4.5, linewidth=1.4, label=label(ACTUAL))


def _scale(rows: list[Row]) -> tuple[float, str]:
    """The factor the value axis is divided by, and its word (1e9, "billion" for 5.6e10 yuan)."""
    values = [abs(v) for r in rows for rec in (r.target, r.actual) if rec is not None
              for v in (rec.value, rec.value_max) if v is not None]
    top = max(values, default=0.0)
    return next(((f, w) for f, w in SCALES if top >= f), (1.0, ""))


def series_svg(rows: list[Row], salt: str) -> str:
    """The chart of one series (rows of one place, indicator and measure) as an <svg> element.

    Text stays text (the page's fonts draw it); ids are salted with salt so that several charts can share a page,
    and the output is the same for the same rows.
    """
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    years = sorted({r.year for r in rows})
    rec = next((r.target or r.actual for r in rows if r.target or r.actual), None)
    unit = rec.unit if rec else ""
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt, "font.size": 9}):
        fig = Figure(figsize=(6.0, 2.8))
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        _draw(ax, rows)
        ax.margins(y=0.12)
        ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
        if len(years) <= MAX_YEAR_TICKS:
            ax.set_xticks(years, [str(y) for y in years])
        else:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        factor, word = _scale(rows)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v / factor:g}"))
        ax.set_ylabel(" ".join(w for w in (word, UNIT_LABELS.get(unit, unit)) if w))
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.spines[["top", "right"]].set_visible(False)
        handles, labels = ax.get_legend_handles_labels()
        if handles:
            pairs = sorted(zip(handles, labels, strict=True), key=lambda p: LEGEND_ORDER.index(p[1]))
            ax.legend(*zip(*pairs, strict=True), loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
                      fontsize=8)
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata=dict.fromkeys(("Date", "Creator", "Format", "Type")))
    text = buf.getvalue()
    return _own_ids(text[text.index("<svg"):], salt)


def _own_ids(svg: str, prefix: str) -> str:
    """The SVG with every id (figure_1, axes_1, clip paths…) and every reference to one prefixed, so that the
    charts of one page never share an id."""
    svg = re.sub(r'\bid="', f'id="{prefix}-', svg)
    svg = svg.replace("url(#", f"url(#{prefix}-")
    return re.sub(r'(xlink:href|href)="#', rf'\1="#{prefix}-', svg)
