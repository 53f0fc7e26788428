"""Document identity: the year a report is delivered and plans for, the place whose government reports, the title."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..lang.lexicon import Lexicon
from ..structure import Structure

_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
_DATED_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*年(?![\d度]*[万亿千百])")


@dataclass
class Identity:
    """What a document says about itself (records.md sections 4 and 6)."""

    year: int | None
    place: str | None
    title: str
    year_guessed: bool = False
    scope: str | None = None        # the place as an indicator phrase may begin with it (鹤山 of 鹤山市)


def identify(st: Structure, lex: Lexicon, year: int | None = None, place: str | None = None) -> Identity:
    """Year, place and title from the strongest signal first (records.md §6): the delivery line, then the title,
    then the plan heading; never an amount or a long-range year. `year` and `place` given by the user win."""
    head = _head(st, lex)
    d_year, d_place = _delivery(head, lex)
    t_year, t_place = _from_patterns(lex.title_patterns, head)
    guessed = False
    if year is None:
        year = d_year or t_year or _plan_year(st, lex)
        if year is None:
            year = _guessed_year(st, lex)
            guessed = year is not None
    if place is None:
        national = lex.national_place if any(n.search(line) for line in head for n in lex.national) else None
        place = d_place or t_place or national or _from_patterns(lex.issuer_patterns, head)[1] \
            or _mentioned_place(st, lex)
    title = st.title
    if lex.title_cut is not None:
        title = lex.title_cut.sub("", title).strip()
    return Identity(year, place, title, guessed, _scope(place, lex))


def _head(st: Structure, lex: Lexicon) -> list[str]:
    """The first lines of the document (where the title, delivery line and issuer stand), blank ones left out."""
    out = []
    for ln in st.lines:
        if ln.text.strip():
            out.append(ln.text.strip())
        if len(out) >= lex.head_lines:
            break
    return out


def _year_of(text: str | None) -> int | None:
    if not text:
        return None
    digits = "".join(_CN_DIGIT.get(c, c) for c in text)
    return int(digits) if digits.isdigit() and len(digits) == 4 else None


def _delivery(head: list[str], lex: Lexicon) -> tuple[int | None, str | None]:
    """The year and place of the delivery line (——2026年1月27日在福建省第十四届人民代表大会…; "Delivered at …")."""
    year = place = None
    for line in head:
        for rx in lex.delivery_patterns:
            m = rx.search(line)
            if not m:
                continue
            g = m.groupdict()
            year = year or _year_of(g.get("year"))
            if place is None:
                if any(n.search(line) for n in lex.national):
                    place = lex.national_place
                elif g.get("place2") or g.get("place"):
                    place = _named_place(g.get("place2") or g["place"], lex)
    return year, place


def _from_patterns(patterns: list[re.Pattern[str]], head: list[str]) -> tuple[int | None, str | None]:
    """The year and place named by the first head line a pattern matches (2026年福建省政府工作报告)."""
    for line in head:
        for rx in patterns:
            m = rx.search(line)
            if m:
                g = m.groupdict()
                return _year_of(g.get("year")), (g.get("place") or "").strip() or None
    return None, None


def _named_place(text: str, lex: Lexicon) -> str | None:
    """A place as a delivery line writes it, in the form the report names itself (Yunling Provincial → Yunling
    Province)."""
    place = " ".join(text.split()).strip(" ,")
    for word, name in lex.place_rewrites.items():
        place = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", name, place)
    return place or None


def _plan_year(st: Structure, lex: Lexicon) -> int | None:
    """A year in a plan heading (2023年工作安排)."""
    for s, e, _lvl in st.heading_spans:
        line = st.text[s:e]
        m = _DATED_YEAR.search(line) or re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", line)
        if m and lex.plan_heading.search(line):
            return int(m.group(1))
    return None


def _guessed_year(st: Structure, lex: Lexicon) -> int | None:
    """With no delivery line, title or plan heading: the year after the latest year a review heading names, else
    the most frequent year written as a date (2025年, not 2000亿元), the later on a tie."""
    reviewed = []
    for s, e, _lvl in st.heading_spans:
        line = st.text[s:e]
        m = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", line)
        if m and lex.section_actual.search(line):
            reviewed.append(int(m.group(1)))
    if reviewed:
        return max(reviewed) + 1
    years = [int(y) for y in _DATED_YEAR.findall(st.text)] if not lex.ignore_case else st.years
    if not years:
        return None
    counts = Counter(years)
    return max(counts, key=lambda y: (counts[y], y))


def _mentioned_place(st: Structure, lex: Lexicon) -> str | None:
    """A last resort: of the names written as a place at least twice (鹤山市), the one the text mentions most
    (with or without 市), at least place_min_mentions times, with the suffix it is most often written with."""
    if lex.place_pattern is None:
        return None
    written = Counter((m.group(1), m.group(0)) for m in lex.place_pattern.finditer(st.text)
                      if m.group(1) not in lex.not_places and m.group(0) not in lex.not_places)
    if not written:
        return None
    by_name = Counter()
    for (name, _full), n in written.items():
        by_name[name] += n
    names = [n for n, k in by_name.items() if k >= 2] or list(by_name)     # written as a place at least twice
    count, name = max((st.text.count(n), n) for n in names)
    if count < lex.place_min_mentions:
        return None
    return max(((n, full) for (nm, full), n in written.items() if nm == name))[1]


def _scope(place: str | None, lex: Lexicon) -> str | None:
    """The place without its administrative suffix (an indicator phrase may start with either)."""
    if not place or place == lex.national_place:
        return None
    for suffix in sorted(lex.place_suffixes, key=len, reverse=True):
        if place.endswith(suffix) and len(place) > len(suffix) + 1:
            return place[: -len(suffix)]
    return place
