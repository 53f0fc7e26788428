"""tracking.html: a standalone page (no network) with, for each place, indicator and measure, a chart of targets
against actuals over the years and the rows of tracking.csv under it."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..output.write import atomic_write
from .select import Row
from .table import COLUMNS, cells

HTML_NAME = "tracking.html"
HEAD = "<!DOCTYPE html>\n<!-- pipeline track: "
OWN_STARTS = {HTML_NAME: (HEAD.encode()[:30],)}  # check_own_files reads 32 bytes
MEASURES = {"change": "change (growth)", "level": "level (amount)"}
STYLE = """
body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 1.5em;
       color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 2em; border-top: 1px solid #ccc; padding-top: .8em; }
nav li { margin: .1em 0; } figure { margin: .5em 0; } figure svg { max-width: 100%; height: auto; }
.table { overflow-x: auto; } table { border-collapse: collapse; font-size: .8em; }
th, td { border: 1px solid #ccc; padding: .2em .45em; text-align: left; white-space: nowrap; }
th { background: #f3f3f3; } td.true { background: #e3f4e3; } td.false { background: #fbe3e0; }
"""


def cell_text(v: Any) -> str:
    """A cell as tracking.csv shows it, before its formula escape: empty for null, true/false."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _link(text: str, yaml_path: str | None) -> str:
    if not text or not yaml_path:
        return escape(text)
    return f'<a href="{escape(quote(yaml_path))}">{escape(text)}</a>'


def _table(rows: list[Row]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in COLUMNS)
    body = []
    for row in rows:
        links = {"target_doc": row.target, "target_record": row.target, "actual_doc": row.actual,
                 "actual_record": row.actual}
        tds = []
        for name, v in zip(COLUMNS, cells(row), strict=True):
            text = cell_text(v)
            rec = links.get(name)
            klass = f' class="{text}"' if name == "met" and text else ""
            tds.append(f"<td{klass}>{_link(text, rec.doc.path if rec else None)}</td>")
        body.append(f"<tr>{''.join(tds)}</tr>")
    return f'<div class="table"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def _title(rows: list[Row]) -> str:
    row = rows[0]
    zh, en = row.labels
    names = " / ".join(n for n in (zh, en) if n) or row.indicator_id
    return f"{row.place} · {names} · {MEASURES.get(row.measure, row.measure)}"


def page(rows: list[Row], chart: Callable[[list[Row], str], str], documents: int) -> str:
    """The page's HTML: one section per series (place, indicator, measure) in order of first appearance."""
    series: list[list[Row]] = []
    order: dict[tuple[str, str, str], int] = {}
    for row in rows:
        if row.series not in order:
            order[row.series] = len(series)
            series.append([])
        series[order[row.series]].append(row)
    parts = [f"{HEAD}records.md §7 as charts; regenerate with `python -m pipeline track` -->",
             '<html><head><meta charset="utf-8"><title>Targets and outcomes</title>',
             f"<style>{STYLE}</style></head><body>", "<h1>Targets and outcomes</h1>",
             f'<p>{len(rows)} rows in {len(series)} series from {documents} documents; the table: '
             '<a href="tracking.csv">tracking.csv</a>. A target is a mark at its value, with a band for '
             '<code>~</code> (±0.5 percentage points of a rate, ±5 % of a level) and for a range, and an arrow for '
             '“at least” / “at most”; actuals are the dots.</p>']
    if not series:
        parts.append("<p>No rows: no record with an indicator id and a year in this run.</p>")
    parts.append("<nav><ul>")
    parts += [f'<li><a href="#s{i + 1}">{escape(_title(s))}</a></li>' for i, s in enumerate(series)]
    parts.append("</ul></nav>")
    for i, rows_of in enumerate(series):
        parts.append(f'<section id="s{i + 1}"><h2>{escape(_title(rows_of))}</h2>')
        parts.append(f"<figure>{chart(rows_of, f's{i + 1}')}</figure>")
        parts.append(_table(rows_of))
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_page(out_dir: str | Path, rows: list[Row], documents: int) -> Path:
    """Write out_dir/tracking.html atomically (charts drawn by matplotlib)."""
    from .chart import series_svg

    path = Path(out_dir) / HTML_NAME
    atomic_write(path, page(rows, series_svg, documents))
    return path

