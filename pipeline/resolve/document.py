"""Document identity: the year a report plans for and the place whose government reports."""

from __future__ import annotations

from collections import Counter

from ..lang.lexicon import Lexicon
from ..structure import YEAR, Structure


def document_year(st: Structure, lex: Lexicon) -> int | None:
    """A year in a plan heading, else one a year pattern of the lexicon names, else the title's (where the
    lexicon says so), else the most frequent year of the text (the later one on a tie)."""
    for s, e, _lvl in st.heading_spans:
        line = st.text[s:e]
        m = YEAR.search(line)
        if m and lex.plan_heading.search(line):
            return int(m.group(1))
    for rx in lex.year_patterns:
        m = rx.search(st.text)
        if m:
            return int(m.group(1))
    if lex.year_from_title:
        m = YEAR.search(st.title or "")
        if m:
            return int(m.group(1))
    if not st.years:
        return None
    counts = Counter(st.years)
    return max(counts, key=lambda y: (counts[y], y))


def place_name(text: str, lex: Lexicon) -> str | None:
    """The document's own place (鹤山 from 鹤山市): the name the text mentions most, at least a few times."""
    if lex.place_pattern is None:
        return None
    names = set(lex.place_pattern.findall(text)) - lex.not_places
    scored = sorted(((text.count(n), n) for n in names), reverse=True)
    return scored[0][1] if scored and scored[0][0] >= lex.place_min_mentions else None
