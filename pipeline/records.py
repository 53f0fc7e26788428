"""Records: the typed Record and Document of the output contract, built from resolved figures."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from .quantities.figures import Figure, normalized
from .quantities.numbers import to_plain
from .structure import Structure

SENTENCE_END = "。！？!?\n"
_SENTENCE_END = re.compile("[" + re.escape(SENTENCE_END) + "]")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+[\s\-•]*")


@dataclass
class Record:
    """One quantitative statement (records.md section 2); field order is the output order."""

    id: str
    kind: str
    indicator: str
    indicator_id: str | None
    labels: dict[str, str]
    measure: str
    comparator: str
    stretch: bool
    value: int | float
    value_max: int | float | None
    unit: str
    normalized: dict[str, Any]
    period: str | None
    section: list[str]
    source: dict[str, Any]
    rule: str
    also: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = self.__dict__
        return {k: d[k] if k in d else getattr(self, k) for k in _RECORD_FIELDS}


_RECORD_FIELDS = tuple(Record.__dataclass_fields__)


@dataclass
class Document:
    """A processed report: its header, records and warnings."""

    source: str
    sha256: str
    format: str
    encoding: str | None
    language: str
    title: str
    year: int | None
    pages: int | None
    records: list[Record]
    warnings: list[str]
    text: str = field(repr=False, default="")
    pipeline_version: str = ""
    rules_digest: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": {"source": self.source, "sha256": self.sha256, "format": self.format,
                         "encoding": self.encoding, "language": self.language, "title": self.title,
                         "year": self.year, "pages": self.pages},
            "pipeline": {"version": self.pipeline_version, "rules": self.rules_digest},
            "records": [r.to_dict() for r in self.records],
            "warnings": list(self.warnings),
        }


def to_records(figs: list[Figure], st: Structure, page_starts: list[int] | None = None) -> list[Record]:
    """Records in reading order with ids r0001…, grounded to the original text."""
    out = []
    view = st.view
    ends = [m.start() for m in _SENTENCE_END.finditer(view)] if figs else []
    for i, f in enumerate(sorted(figs, key=lambda x: x.vstart), 1):
        start, end = st.orig(f.vstart, f.vend)
        # the sentence: from after the last end mark before the figure to the first one at or after its end
        j = bisect.bisect_left(ends, f.vstart)
        ss = ends[j - 1] + 1 if j else 0
        j = bisect.bisect_left(ends, f.vend, j)
        se = ends[j] if j < len(ends) else len(view)
        o_s, o_e = st.orig(ss, se) if se > ss else (start, end)
        sent = st.text[o_s:o_e]
        if "\n" in sent or "\r" in sent:
            sent = _LINE_BREAKS.sub("", sent)
        sent = sent.strip()
        src: dict[str, Any] = {"start": start, "end": end, "match": st.text[start:end], "sentence": sent}
        if page_starts:
            src["page"] = bisect.bisect_right(page_starts, start)
        norm = normalized(f)
        value = to_plain(f.value * f.sign) if not f.as_percent_change else norm["value"]
        vmax = None
        if f.value_max is not None:
            vmax = to_plain(f.value_max * f.sign) if not f.as_percent_change else norm["value_max"]
        also = [{"value": to_plain(a["value"]), "unit": a["unit"]} for a in f.also] if f.also else []
        out.append(Record(
            id=f"r{i:04d}", kind=f.kind, indicator=f.indicator or "?", indicator_id=f.indicator_id,
            labels=dict(f.labels) if f.indicator_id else {}, measure=f.measure, comparator=f.comparator,
            stretch=bool(f.stretch), value=value, value_max=vmax, unit=f.unit_text,
            normalized=norm, period=f.period, section=list(st.section_at(start)), source=src,
            rule=f.rule_id, also=also))
    return out
