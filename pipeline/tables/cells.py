"""Table cells and headers: parse a value cell, what a column header or row label says (kind, period, unit)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..quantities.numbers import FULLWIDTH, NumberError, parse_number
from ..quantities.rules import expand
from ..quantities.units import scale_factor
from ..resolve.context import DocContext
from ..resolve.period import period_in
from ..structure import YEAR
from ..unwrap import unwrap

Span = tuple[int, int]


@dataclass
class TableRules:
    """The `table:` section of rules/<lang>/structure.yaml: header words and cell forms."""

    rule_id: str
    actual: list[str]
    target: list[str]
    change: list[str]
    change_unit: str
    signs: dict[str, str]               # written sign (≥) -> comparator symbol
    unit_label: str                     # regex of 单位：
    skip_columns: list[str]
    unit_columns: list[str]
    empty_cells: set[str]
    header_fillers: list[str]
    change_suffixes: list[str]          # after a change word at the end of a row label (增长率, 下降幅度)
    row_numbering: str                  # numbering at the start of a row label (1. (一) 一、)
    trailing_units: list[str]           # units a header or label may end with, bare (增长%)

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> TableRules:
        return cls(
            rule_id=str(d.get("rule_id", "table.cell")), actual=list(d.get("actual", [])),
            target=list(d.get("target", [])), change=list(d.get("change", [])),
            change_unit=str(d.get("change_unit", "%")),
            signs={w: sym for sym, ws in (d.get("comparator_signs") or {}).items() for w in ws},
            unit_label=str(d.get("unit_label", "(?!)")), skip_columns=list(d.get("skip_columns", [])),
            unit_columns=list(d.get("unit_columns", [])), empty_cells=set(d.get("empty_cells", [])),
            header_fillers=sorted(d.get("header_fillers", []), key=len, reverse=True),
            change_suffixes=list(d.get("change_suffixes", [])), row_numbering=str(d.get("row_numbering", "(?!)")),
            trailing_units=list(d.get("trailing_units", [])))


@dataclass
class Column:
    """What a value column's header says: kind, period, change or level, unit, stretch, extra noun."""

    header: str
    kind: str | None = None
    period: str | None = None
    change: bool = False
    sign: int = 1
    unit: tuple[str | None, str] | None = None     # (scale word, unit text)
    stretch: bool = False
    subject: str = ""


@dataclass
class Cell:
    """A parsed value cell: number(s), scale, unit, comparator and the span of the quantity."""

    value: Decimal                      # scale word folded in
    value_max: Decimal | None
    unit: str
    comparator: str | None
    negative: bool
    stretch: bool
    span: Span


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) or "(?!)"


class CellReader:
    """What the cells and headers of a language's tables say (the `table:` rules of structure.yaml)."""

    def __init__(self, rules: TableRules, profile: Any) -> None:
        self.rules = rules
        self.lex = lexicon = profile.lexicon
        parts = dict(profile.ruleset.parts)
        parts["sign"] = _alt(list(rules.signs))
        parts["stretch"] = lexicon.stretch.rx.pattern
        for name in ("number", "scale", "unit", "cmp_before", "cmp_after", "cmp_inner", "range_sep"):
            parts.setdefault(name, "(?!)")

        def rx(pattern: str) -> re.Pattern[str]:
            return re.compile(expand(pattern, parts, "table cell pattern"))

        self.cell_rx = rx(
            r"^\s*(?P<st1>{stretch})?\s*(?P<q>(?P<cb>{sign}|{cmp_before})?\s*(?P<neg>[-−])?\s*[+]?"
            r"(?P<n1>{number})(?P<ap>{cmp_inner})?(?P<s1>{scale})?\s*(?P<u1>{unit})?"
            r"(?:{range_sep}(?P<n2>{number})(?P<s2>{scale})?\s*(?P<u2>{unit})?)?\s*(?P<ca>{cmp_after})?)"
            r"\s*(?:[(（]\s*(?P<st2>{stretch})\s*[)）]|(?P<st3>{stretch}))?\s*$")
        unit_label = rules.unit_label
        self.bracket_unit_rx = rx(r"[(（]\s*(?:" + unit_label + r")?(?P<s>{scale})?(?P<u>{unit})\s*[)）]")
        self.label_unit_rx = rx("(?:" + unit_label + r")(?P<s>{scale})?(?P<u>{unit})")
        self.trailing_unit_rx = re.compile(r"(?P<s>)(?P<u>" + _alt(rules.trailing_units) + r")\s*$")
        self.bare_unit_rx = rx(r"^\s*(?P<s>{scale})?(?P<u>{unit})\s*$")
        self.numbering_rx = re.compile(r"^\s*(?:" + rules.row_numbering + r")\s*")
        self.year_rx = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)\s*年?")
        up, down = list(lexicon.up.words), list(lexicon.down.words)
        self.change_rx = re.compile(_alt(rules.change + up + down))
        self.down_rx = re.compile(_alt(down))
        self.trailing_change_rx = re.compile(
            "(?:" + _alt(rules.change + up + down) + ")(?:" + _alt(rules.change_suffixes) + ")?$")
        self.up_rx = re.compile(_alt(up))

    def parse_cell(self, text: str) -> Cell | None:
        """A value cell (458.51, ≥5, 8%, 5以上, 1.2万, 4.5-5, -2.5, 8（力争）) or None."""
        m = self.cell_rx.match(text.translate(FULLWIDTH))
        if not m:
            return None
        g = m.groupdict()
        try:
            value = parse_number(g["n1"])
            vmax = parse_number(g["n2"]) if g["n2"] else None
        except (NumberError, ArithmeticError):
            return None
        # a scale word is folded into the number; one written once covers both ends of a range (1-2万)
        value = value * scale_factor(g["s1"] or g["s2"])
        if vmax is not None:
            vmax = vmax * scale_factor(g["s2"] or g["s1"])
        cmp = None
        if vmax is not None:
            cmp = "range"
        elif g["ca"]:
            cmp = self.lex.cmp_after.get(self.lex.key(g["ca"]))
        elif g["ap"]:
            cmp = self.lex.cmp_inner.get(self.lex.key(g["ap"]), ">")
        elif g["cb"]:
            cmp = self.rules.signs.get(g["cb"]) or self.lex.cmp_before.get(self.lex.key(g["cb"]))
        q_start = m.start("q")
        while q_start < m.end("q") and text[q_start].isspace():
            q_start += 1
        q_end = m.end("q")
        while q_end > q_start and text[q_end - 1].isspace():
            q_end -= 1
        return Cell(value, vmax, g["u1"] or g["u2"] or "", cmp, bool(g["neg"]),
                    bool(g["st1"] or g["st2"] or g["st3"]), (q_start, q_end))

    def is_value(self, text: str | None) -> bool:
        return text is not None and self.parse_cell(text) is not None

    def is_year(self, text: str | None) -> bool:
        return text is not None and bool(re.fullmatch(r"\s*(?:19|20)\d\d\s*年?\s*", text))

    def header_unit(self, text: str) -> tuple[str | None, str] | None:
        """The unit a header, row label or caption gives: （亿元）, 单位：万元, a trailing %."""
        for rx in (self.bracket_unit_rx, self.label_unit_rx, self.trailing_unit_rx):
            m = rx.search(text.translate(FULLWIDTH))
            if m:
                return (m.group("s") or None, m.group("u"))
        return None

    def has_time(self, header: str) -> bool:
        """Whether a header names a kind or a period (a column of values, not an indicator)."""
        h = header.translate(FULLWIDTH)
        return (any(w in h for w in self.rules.target + self.rules.actual) or bool(YEAR.search(h))
                or any(p.rx.search(h) for p in self.lex.periods))

    def column(self, header: str, ctx: DocContext) -> Column:
        col = Column(header)
        h = header.translate(FULLWIDTH)
        if any(w in h for w in self.rules.target):
            col.kind = "target"
        elif any(w in h for w in self.rules.actual):
            col.kind = "actual"
        col.period = period_in(ctx, h, None, ctx.year)
        if col.period is None:
            y = YEAR.search(h)
            col.period = y.group(1) if y else None
        if self.change_rx.search(h):
            col.change = True
            if self.down_rx.search(h) and not self.up_rx.search(h):
                col.sign = -1
        col.unit = self.header_unit(h)
        col.stretch = bool(self.lex.stretch.search(h))
        rest = self.bracket_unit_rx.sub("", h)
        rest = self.label_unit_rx.sub("", rest)
        rest = self.trailing_unit_rx.sub("", rest)
        for p in self.lex.periods:
            rest = p.rx.sub("", rest)
        rest = self.year_rx.sub("", rest)
        for w in [*self.rules.target, *self.rules.actual, *self.rules.change, *self.rules.header_fillers]:
            rest = rest.replace(w, "")
        rest = self.change_rx.sub("", rest)
        rest = self.lex.stretch.sub("", rest)
        rest = re.sub(r"[\s()（）:：/、,，%|\-—]+", "", rest)
        col.subject = rest if len(rest) >= 2 else ""
        return col

    def row_label(self, text: str) -> tuple[str, bool, int]:
        """(indicator, change, sign) of a row header: 地区生产总值（亿元） → 地区生产总值; a change word at the
        end (固定资产投资增长（%）, 能耗下降) is left out and makes the row's figures changes."""
        label = self.bracket_unit_rx.sub("", unwrap(text))
        label = self.trailing_unit_rx.sub("", label)
        label = self.numbering_rx.sub("", label)
        label = re.sub(r"\s+", "", label).strip("：:")
        m = self.trailing_change_rx.search(label)
        if m and m.start() >= 2:
            word = m.group()
            down = bool(self.down_rx.search(word)) and not self.up_rx.search(word)
            return label[:m.start()], True, -1 if down else 1
        return label, False, 1

    def inherit(self, columns: dict[int, Column], order: list[int], caption: str, sections: Sequence[str],
                 ctx: DocContext) -> None:
        """Columns without a kind take the kind (and period) of the nearest column on their left that has
        one; else a year before the document's is actual; else the caption (完成 without 目标) or the
        enclosing headings (回顾, 成绩) make it actual; else target."""
        last: Column | None = None
        for c in order:
            col = columns[c]
            if col.kind is None and last is not None:
                col.kind = last.kind
                col.period = col.period or last.period
                col.stretch = col.stretch or last.stretch
            if col.kind is not None:
                last = col
        year = ctx.year
        for c in order:
            col = columns[c]
            if col.kind is not None:
                continue
            past = col.period and year and col.period[:4].isdigit() and int(col.period[:4]) < year
            done = (any(w in caption for w in self.rules.actual) and not any(w in caption for w in self.rules.target))
            reviewed = any(self.lex.section_actual.search(h) for h in sections)
            col.kind = "actual" if past or done or reviewed else "target"
        for col in columns.values():
            if col.period is None and col.kind == "target" and year:
                col.period = str(year)
