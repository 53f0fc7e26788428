"""Review pages: one document's HTML (highlighted text, records table, record data) and the index of documents."""

from __future__ import annotations

import json
import posixpath
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from .collect import Reviewed, headings_of, record_warnings, span_of, warning_spans
from .markup import Mark, attr, badge_of, escape_text, kind_class, render_text
from .twins import Twins

ASSETS = ("review.css", "review.js")
PAGES = "pages"             # the documents' pages, below the review folder, mirroring the output names
# record fields the page's data keeps (the popup shows them), in this order
FIELDS = ("id", "kind", "indicator", "indicator_id", "labels", "measure", "comparator", "stretch", "value",
          "value_max", "unit", "normalized", "period", "section", "rule", "also")


@dataclass
class Summary:
    """What the index says about one document (kept in its page, so an unchanged page need not be rebuilt)."""

    name: str
    href: str = ""
    source: str = ""
    title: str = ""
    language: str = ""
    year: Any = None
    place: Any = None
    records: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def page_href(name: str) -> str:
    """The page of an output name, relative to the review folder."""
    return f"{PAGES}/{name}.html"


def _up(name: str) -> str:
    """From a page back to the review folder."""
    return "../" * (name.count("/") + 1)


def script_json(data: Any) -> str:
    """JSON that can stand inside <script>: no `<`, `>` or `&` (so no `</script>` or `<!--`), no line separators."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    for c, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                   ("\u2029", "\\u2029")):
        text = text.replace(c, esc)
    return text


def _text(v: Any) -> str:
    return "" if v is None else str(v)


def _number(v: Any) -> str:
    return format(v, ",") if isinstance(v, int | float) and not isinstance(v, bool) else _text(v)


def _value(r: dict[str, Any]) -> str:
    """A record's value as the table shows it: 45,851,000,000 元, 5–6 %."""
    v, vmax, unit = r.get("value"), r.get("value_max"), _text(r.get("unit"))
    shown = f"{_number(v)}–{_number(vmax)}" if vmax is not None else _number(v)
    return f"{shown} {unit}".strip()


def document_page(item: Reviewed, twins: Twins, rules_dir: str | None) -> tuple[str, Summary]:
    """The HTML page of one document and its summary for the index."""
    doc, records, warnings = item.document, item.records, item.warnings
    summary = Summary(item.name, page_href(item.name), _text(doc.get("source")), _text(doc.get("title")),
                      _text(doc.get("language")), doc.get("year"), doc.get("place"), len(records),
                      dict(Counter(_text(r.get("kind")) for r in records)), warnings)
    text = item.text
    if item.text_note:
        summary.problems.append(item.text_note)
    per_record = record_warnings(warnings, records)
    marks, data, missing = [], [], []
    for i, r in enumerate(records):
        s, e = span_of(r)
        src = r.get("source") if isinstance(r.get("source"), dict) else {}
        entry = {k: r.get(k) for k in FIELDS}
        entry.update(i=i, start=s, end=e, page=src.get("page"), match=src.get("match"),
                     sentence=src.get("sentence"), warnings=per_record.get(i, []))
        twin = twins.of(item, r)
        if twin is not None:
            entry["twin"] = twin.to_json()
            if twin.document:
                entry["twin"]["href"] = _up(item.name) + quote(page_href(twin.document)) + "#" + quote(twin.id)
        if text is not None:
            if s is not None and 0 <= s < e <= len(text) and text[s:e] == src.get("match"):
                marks.append(Mark(i, s, e, kind_class(r.get("kind")), badge_of(r.get("comparator"), r.get("stretch"))))
                entry["shown"] = True
            else:
                missing.append(str(r.get("id")))
        data.append(entry)
    if missing:
        summary.problems.append(f"{len(missing)} record(s) whose span is not their match in the text: "
                                + ", ".join(missing[:10]) + (" …" if len(missing) > 10 else ""))
    if text is None:
        body = f'<p class="problem" id="no-text">The document text cannot be shown: {escape_text(item.text_note)}.</p>'
    else:
        pages = doc.get("page_starts") if isinstance(doc.get("page_starts"), list) else []
        pages = [p for p in pages if type(p) is int]
        headings = headings_of(text, summary.language, _text(doc.get("format")), rules_dir)
        body = (f'<div id="text" class="text" lang="{attr(summary.language)}">'
                f"{render_text(text, marks, headings, pages, warning_spans(warnings))}</div>")
    return _page_html(item, summary, data, body), summary


def _options(values: list[str]) -> str:
    return "".join(f'<option value="{attr(v)}">{escape_text(v or "(none)")}</option>'
                   for v in sorted(set(values), key=lambda v: (v == "", v)))


def _rows(data: list[dict[str, Any]]) -> str:
    rows = []
    for d in sorted(data, key=lambda d: (d["start"] if d["start"] is not None else -1, d["i"])):
        kind, iid, period = _text(d.get("kind")), _text(d.get("indicator_id")), _text(d.get("period"))
        value = d.get("normalized", {}).get("value") if isinstance(d.get("normalized"), dict) else None
        flags = "" if d.get("shown") else ' class="unshown" title="not found in the text"'
        twin = "" if "twin" not in d else f'<span class="twin" title="twin {attr(d["twin"]["id"])}">⇄</span>'
        rows.append(
            f'<tr data-i="{d["i"]}" data-kind="{attr(kind)}" data-indicator_id="{attr(iid)}" '
            f'data-period="{attr(period)}" data-start="{d["start"] if d["start"] is not None else -1}" '
            f'data-value="{attr(_text(value))}"{flags}>'
            f'<td>{escape_text(_text(d.get("id")))}{twin}</td><td><span class="dot k-{kind_class(kind)}"></span>'
            f'{escape_text(kind)}</td><td title="{attr(_text(d.get("indicator")))}">{escape_text(iid or "—")}</td>'
            f'<td title="{attr(_text(d.get("match")))}">{escape_text(_value(d))}</td>'
            f"<td>{escape_text(period or '—')}</td></tr>")
    return "".join(rows)


def _warnings_html(warnings: list[str], problems: list[str]) -> str:
    out = "".join(f'<p class="problem">{escape_text(p)}</p>' for p in problems)
    if warnings:
        items = "".join(f"<li>{escape_text(w)}</li>" for w in warnings)
        out += f'<details class="warnings"><summary>{len(warnings)} warning(s)</summary><ul>{items}</ul></details>'
    return out


def _head(title: str, up: str) -> str:
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape_text(title)}</title>"
            f'<link rel="stylesheet" href="{up}review.css"><script src="{up}review.js" defer></script></head>')


def _page_html(item: Reviewed, s: Summary, data: list[dict[str, Any]], body: str) -> str:
    up = _up(item.name)
    doc = item.document
    facts = [("source", s.source), ("language", s.language), ("year", _text(s.year)), ("place", _text(s.place)),
             ("format", _text(doc.get("format"))), ("pages", _text(doc.get("pages")))]
    meta = " · ".join(f"{k} <b>{escape_text(v)}</b>" for k, v in facts if v)
    links = (f'<a href="{up}index.html">all documents</a> · <a href="{attr(up + "../" + quote(item.name))}.yaml">'
             f"{escape_text(posixpath.basename(item.name))}.yaml</a>")
    kinds = "".join(f'<span class="dot k-{k}"></span>{k} ' for k in ("target", "actual", "other"))
    filters = "".join(
        f'<label>{label} <select data-filter="{key}"><option value="*">all</option>'
        f'{_options([_text(d.get(key)) for d in data])}</select></label>'
        for label, key in (("kind", "kind"), ("indicator", "indicator_id"), ("period", "period")))
    columns = (("id", "start"), ("kind", "kind"), ("indicator_id", "indicator_id"), ("value", "value"),
               ("period", "period"))
    sorted_by = ' aria-sort="ascending"'   # document order at first
    heads = "".join(f'<th data-sort="{k}"{sorted_by if k == "start" else ""}>{label}</th>' for label, k in columns)
    table = (f'<div class="filters">{filters}<span id="count"></span></div><div id="table-box"><table id="records">'
             f"<thead><tr>{heads}</tr></thead><tbody>{_rows(data)}</tbody></table></div>")
    return (_head(f"{s.title or item.name} — review", up)
            + f'<body class="doc"><header><nav>{links}</nav><h1>{escape_text(s.title or item.name)}</h1>'
            f'<p class="meta">{meta} · <b>{len(data)}</b> records</p>'
            f'<p class="legend">{kinds}<span class="badge-sample">≥ stretch</span> comparator and stretch</p>'
            f"{_warnings_html(s.warnings, s.problems)}</header>"
            f'<main>{body}<aside id="side">{table}<div id="detail" class="detail">Click a highlight or a row.</div>'
            "</aside></main>"
            f'<div id="tip" class="detail tip" hidden></div>'
            f'<script type="application/json" id="records-data">{script_json(data)}</script></body></html>\n')


def index_page(summaries: list[Summary], failed: list[tuple[str, str]], pairs: int) -> str:
    """The index: every document with its counts, warnings and problems, and the inputs that failed."""
    rows = []
    for s in summaries:
        link = f'<a href="{attr(quote(s.href))}">{escape_text(s.name)}</a>' if s.href else escape_text(s.name)
        warn = ""
        if s.warnings:
            items = "".join(f"<li>{escape_text(w)}</li>" for w in s.warnings)
            warn = f"<details><summary>{len(s.warnings)}</summary><ul>{items}</ul></details>"
        problems = "".join(f'<p class="problem">{escape_text(p)}</p>' for p in s.problems)
        rows.append(f'<tr><td>{link}<div class="sub">{escape_text(s.source)}</div></td>'
                    f"<td>{escape_text(s.title)}</td><td>{escape_text(s.language)}</td><td>{escape_text(_text(s.year))}"
                    f"</td><td>{escape_text(_text(s.place))}</td><td class='n'>{s.records}</td>"
                    f"<td class='n'>{s.kinds.get('target', 0)}</td><td class='n'>{s.kinds.get('actual', 0)}</td>"
                    f"<td class='w'>{warn or '0'}</td><td>{problems}</td></tr>")
    fails = ""
    if failed:
        items = "".join(f"<li><b>{escape_text(p)}</b>: {escape_text(why)}</li>" for p, why in failed)
        fails = f'<section class="failed"><h2>{len(failed)} failed</h2><ul>{items}</ul></section>'
    total = sum(s.records for s in summaries)
    note = f" · pairs.csv: {pairs} pairs" if pairs else ""
    return (_head("Review — documents", "")
            + f'<body class="index"><header><h1>Review</h1><p class="meta"><b>{len(summaries)}</b> documents · '
            f"<b>{total}</b> records · <b>{sum(len(s.warnings) for s in summaries)}</b> warnings · "
            f"<b>{len(failed) + sum(1 for s in summaries if s.problems)}</b> with problems{note}</p></header>"
            f"<main>{fails}<table class='docs'><thead><tr><th>document</th><th>title</th><th>language</th>"
            "<th>year</th><th>place</th><th>records</th><th>targets</th><th>actuals</th><th>warnings</th>"
            f"<th>problems</th></tr></thead><tbody>{''.join(rows)}</tbody></table></main></body></html>\n")
