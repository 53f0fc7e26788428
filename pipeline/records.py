"""Records: resolved figures (and table cells) as grounded Records in reading order — the only place ids are set."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any

from .model import Record
from .quantities.figures import Figure, normalized
from .quantities.numbers import to_plain
from .resolve.context import DocContext
from .unwrap import wrap_space

_BREAK = re.compile(r"[ \t]*[\r\n]+[\s\-•]*")      # a line break inside a sentence, with the list marker after it
SENTENCE_MAX = 1200      # characters of `source.sentence`; a longer sentence is cut around the match (docs/records.md)
SENTENCE_WINDOW = 150   # characters kept on each side of the match in a cut sentence
ELLIPSIS = "…"
_WORD_SLACK = 20        # characters a cut moves to fall between two words


def build(figs: Sequence[Figure], ctx: DocContext, page_starts: Sequence[int] | None = None,
          extra: Sequence[Record] = ()) -> list[Record]:
    """Records of the figures and the extra records (table cells), sorted in reading order, numbered r0001…"""
    return renumber([*(record_of(f, ctx, page_starts) for f in figs), *extra])


def renumber(recs: list[Record]) -> list[Record]:
    """Records from several passes in reading order, numbered again."""
    recs = sorted(recs, key=lambda r: (r.source["start"], r.source["end"]))
    for i, r in enumerate(recs, 1):
        r.id = f"r{i:04d}"
    return recs


def record_of(f: Figure, ctx: DocContext, page_starts: Sequence[int] | None = None) -> Record:
    """One figure as a Record grounded in the original text (text[start:end] == match)."""
    st = ctx.st
    start, end = st.orig(f.vstart, f.vend)
    ss, se = ctx.full_sentence_at(f.vstart)
    while se > ss and ctx.view[se - 1].isspace():
        se -= 1
    src: dict[str, Any] = {"start": start, "end": end, "match": st.text[start:end],
                           "sentence": sentence_text(st.text, *(st.orig(ss, se) if se > ss else (start, end)),
                                                     start, end)}
    if page_starts:
        src["page"] = bisect.bisect_right(page_starts, start)
    norm = normalized(f)
    value = to_plain(f.value * f.sign) if not f.as_percent_change else norm["value"]
    vmax = None
    if f.value_max is not None:
        vmax = to_plain(f.value_max * f.sign) if not f.as_percent_change else norm["value_max"]
    also = [{"value": to_plain(a["value"]), "unit": a["unit"]} for a in f.also] if f.also else []
    return Record(
        id="", kind=f.kind, indicator=f.indicator or "?", indicator_id=f.indicator_id,
        labels=dict(f.labels) if f.indicator_id else {}, measure=f.measure, comparator=f.comparator,
        stretch=bool(f.stretch), value=value, value_max=vmax, unit=f.unit_text, normalized=norm,
        period=f.period, section=list(st.section_at(start)), source=src, rule=f.rule_id, also=also)


def sentence_text(text: str, s: int, e: int, start: int, end: int) -> str:
    """The sentence text[s:e] on one line: a line break inside it becomes a space between Latin words and
    nothing in Chinese text. A sentence over SENTENCE_MAX characters keeps SENTENCE_WINDOW characters on each
    side of the match [start, end), an ellipsis marking each cut (so the output stays linear in the input)."""
    cut_s, cut_e = s, e
    if e - s > SENTENCE_MAX:
        cut_s, cut_e = max(s, start - SENTENCE_WINDOW), min(e, end + SENTENCE_WINDOW)
        if cut_s > s:       # a cut between words where one is near (Latin text), never inside the match
            sp = text.find(" ", cut_s, min(start, cut_s + _WORD_SLACK))
            cut_s = sp + 1 if sp >= 0 else cut_s
        if cut_e < e:
            sp = text.rfind(" ", max(end, cut_e - _WORD_SLACK), cut_e)
            cut_e = sp if sp >= 0 else cut_e
    body = text[cut_s:cut_e]
    if "\n" in body or "\r" in body:
        body = _BREAK.sub(lambda m: " " if wrap_space(body[max(0, m.start() - 12):m.start()],
                                                      body[m.end():m.end() + 12]) else "", body)
    body = body.strip()
    return (ELLIPSIS if cut_s > s else "") + body + (ELLIPSIS if cut_e < e else "")
