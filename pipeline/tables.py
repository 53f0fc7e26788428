"""Tables: records from the value cells of a table of indicators (rows) against periods or kinds (columns)."""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .model import Record
from .quantities.numbers import FULLWIDTH, NumberError, parse_number, to_plain
from .quantities.rules import expand
from .quantities.units import normalize, scale_factor
from .resolve.context import DocContext
from .resolve.period import period_in
from .structure import YEAR, unwrap

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


class TableReader:
    """Turns the tables located in a document's text (pdf.PdfTable) into records."""

    def __init__(self, rules: TableRules, profile: Any) -> None:
        self.rules = rules
        self.ruleset = profile.ruleset
        self.lex = lexicon = profile.lexicon
        self.glossary = profile.glossary
        parts = dict(self.ruleset.parts)
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

    # ---- cells --------------------------------------------------------------------------
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

    def _is_year(self, text: str | None) -> bool:
        return text is not None and bool(re.fullmatch(r"\s*(?:19|20)\d\d\s*年?\s*", text))

    def header_unit(self, text: str) -> tuple[str | None, str] | None:
        """The unit a header, row label or caption gives: （亿元）, 单位：万元, a trailing %."""
        for rx in (self.bracket_unit_rx, self.label_unit_rx, self.trailing_unit_rx):
            m = rx.search(text.translate(FULLWIDTH))
            if m:
                return (m.group("s") or None, m.group("u"))
        return None

    # ---- headers ------------------------------------------------------------------------
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

    # ---- whole tables -------------------------------------------------------------------
    def records(self, text: str, tables: Sequence[Any], ctx: DocContext,
                page_starts: Sequence[int] | None, warnings: list[str]) -> list[Record]:
        """Records of every table (pdf.PdfTable: rows of cell spans, caption) in a document."""
        out: list[Record] = []
        for t in tables:
            out.extend(self.table_records(text, t, ctx, page_starts, warnings))
        return out

    def _grid(self, text: str, rows: Sequence[Sequence[Span | None]]) -> list[list[Span | None]]:
        width = max((len(r) for r in rows), default=0)
        grid: list[list[Span | None]] = []
        for r in rows:
            cells: list[Span | None] = []
            for c in list(r) + [None] * (width - len(r)):
                if c is not None and text[c[0]:c[1]].strip() in self.rules.empty_cells:
                    c = None
                cells.append(c)
            grid.append(cells)
        return grid

    def is_value_table(self, text: str, table: Any) -> bool:
        """Whether a table is one of values this reader makes records from (else its text is running text)."""
        return self._layout(text, self._grid(text, table.rows)) is not None

    def table_records(self, text: str, table: Any, ctx: DocContext,
                      page_starts: Sequence[int] | None, warnings: list[str]) -> list[Record]:
        grid = self._grid(text, table.rows)
        layout = self._layout(text, grid)
        if layout is None:
            return []
        n_head, label_cols, unit_col, value_cols, headers = layout
        columns = {c: self.column(headers[c], ctx) for c in value_cols}
        caption_unit = self.header_unit(table.caption or "")
        out: list[Record] = []
        self._inherit(columns, value_cols, table.caption or "", ctx.st.section_at(table.start), ctx)
        for r in range(n_head, len(grid)):
            row = grid[r]
            labels = [text[row[c][0]:row[c][1]] for c in label_cols if row[c] is not None]
            if not labels:
                continue
            raw_label = labels[-1]
            row_unit = self.header_unit(raw_label)
            if row_unit is None and unit_col is not None and row[unit_col] is not None:
                m = self.bare_unit_rx.match(text[row[unit_col][0]:row[unit_col][1]].translate(FULLWIDTH))
                row_unit = (m.group("s") or None, m.group("u")) if m else None
            label, row_change, row_sign = self.row_label(raw_label)
            spans = [c for c in row if c is not None]
            sentence = text[min(s for s, _ in spans):max(e for _, e in spans)]
            for c in value_cols:
                span = row[c]
                if span is None:
                    continue
                cell_text = text[span[0]:span[1]]
                cell = self.parse_cell(cell_text)
                if cell is None:
                    if re.search(r"\d", cell_text):
                        warnings.append(f"table cell not understood at {span[0]}-{span[1]}: {cell_text!r}")
                    continue
                col = columns[c]
                if row_change and not col.change:
                    col = dataclasses.replace(col, change=True, sign=row_sign)
                rec = self._record(cell, span, col, label, row_unit, caption_unit, text, sentence, ctx,
                                   page_starts)
                if rec is not None:
                    out.append(rec)
        return out

    def _layout(self, text: str, grid: list[list[Span | None]],
                transposed: bool = False) -> tuple[int, list[int], int | None, list[int], list[str]] | None:
        """Header rows, label columns, unit column, value columns and the column headers (None: not a table
        of values).  A table whose periods or kinds run down the first column is read transposed (the grid
        is flipped in place)."""
        if len(grid) < 2 or not grid[0]:
            return None

        def cell(r: int, c: int) -> str | None:
            span = grid[r][c]
            return None if span is None else text[span[0]:span[1]]

        width = len(grid[0])
        n_head = 0
        while n_head < len(grid) - 1:
            vals = [cell(n_head, c) for c in range(1, width)]
            if any(self.is_value(v) and not self._is_year(v) for v in vals):
                break
            n_head += 1
        headers = []
        for c in range(width):
            parts = []
            for r in range(n_head):
                v = cell(r, c)
                if v is None and c > 0 and r < n_head - 1:      # a group header spanning columns
                    k = c - 1
                    while k > 0 and cell(r, k) is None:
                        k -= 1
                    v = cell(r, k) if k > 0 else None
                if v:
                    parts.append(unwrap(v).strip())
            headers.append("".join(parts))
        skip = {c for c in range(width) if any(w in headers[c] for w in self.rules.skip_columns)}
        unit_col = next((c for c in range(width) if c not in skip and headers[c].strip() in self.rules.unit_columns),
                        None)
        label_cols: list[int] = []
        value_cols: list[int] = []
        for c in range(width):
            if c in skip or c == unit_col:
                continue
            has_value = any(self.is_value(cell(r, c)) for r in range(n_head, len(grid)))
            if has_value and label_cols:
                value_cols.append(c)
            elif not value_cols and not has_value:
                label_cols.append(c)
            elif has_value and not label_cols:
                return None if transposed else self._transposed(text, grid)
        if not value_cols:
            return None
        # periods or kinds down the first column and indicators across the top: read it transposed
        if not transposed and 2 * sum(self.has_time(headers[c]) for c in value_cols) < len(value_cols):
            labels = [cell(r, label_cols[-1]) or "" for r in range(n_head, len(grid))]
            if 2 * sum(self.has_time(v) for v in labels) >= max(1, len(labels)):
                flipped = self._transposed(text, grid)
                if flipped is not None:
                    return flipped
        return n_head, label_cols, unit_col, value_cols, headers

    def _transposed(self, text: str, grid: list[list[Span | None]]
                    ) -> tuple[int, list[int], int | None, list[int], list[str]] | None:
        flipped = [list(col) for col in zip(*grid, strict=True)]
        layout = self._layout(text, flipped, transposed=True)
        if layout is not None:
            grid[:] = flipped
        return layout

    def _inherit(self, columns: dict[int, Column], order: list[int], caption: str, sections: Sequence[str],
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

    def _record(self, cell: Cell, span: Span, col: Column, label: str, row_unit: tuple[str | None, str] | None,
                caption_unit: tuple[str | None, str] | None, text: str, sentence: str, ctx: DocContext,
                page_starts: Sequence[int] | None) -> Record | None:
        if not label:
            return None
        factor = Decimal(1)
        unit_text = cell.unit
        if not unit_text:
            given = col.unit or (None if col.change else (row_unit or caption_unit))
            if given is None and col.change:
                given = (None, self.rules.change_unit)
            if given is not None:
                factor, unit_text = scale_factor(given[0]), given[1]
        value = cell.value * factor
        vmax = cell.value_max * factor if cell.value_max is not None else None
        sign = (-1 if cell.negative else 1) * col.sign
        unit = self.ruleset.units.get(unit_text) if unit_text else None
        norm_v, base, dim = normalize(value, unit, unit_text)
        norm_max = normalize(vmax, unit, unit_text)[0] if vmax is not None else None
        indicator = label + col.subject
        ind = self.glossary.lookup(indicator, ctx.place)
        start, end = span[0] + cell.span[0], span[0] + cell.span[1]
        src: dict[str, Any] = {"start": start, "end": end, "match": text[start:end], "sentence": sentence}
        if page_starts:
            src["page"] = bisect.bisect_right(list(page_starts), start)
        return Record(
            id="", kind=col.kind or "target", indicator=indicator, indicator_id=ind.id if ind else None,
            labels=ind.labels() if ind else {}, measure="change" if col.change else "level",
            comparator=cell.comparator or "=", stretch=(col.kind == "target" and (col.stretch or cell.stretch)),
            value=to_plain(value * sign), value_max=to_plain(vmax * sign) if vmax is not None else None,
            unit=unit_text,
            normalized={"value": to_plain(norm_v * sign),
                        "value_max": to_plain(norm_max * sign) if norm_max is not None else None,
                        "unit": base, "dimension": dim},
            period=col.period, section=list(ctx.st.section_at(start)), source=src, rule=self.rules.rule_id, also=[])


def caption_span(reader: TableReader | None, text: str, table: Any) -> Span | None:
    """The span of a table's caption when it only gives the unit (单位：亿元): layout, not running text."""
    cap = (table.caption or "").strip()
    if reader is None or not cap or not re.match(reader.rules.unit_label, cap):
        return None
    i = text.rfind(cap, max(0, table.start - len(cap) - 8), table.start)
    return (i, i + len(cap)) if i >= 0 else None


def table_rules(structure: Any) -> TableRules | None:
    """The `table:` section of a language's structure rules, or None when it has none (no table records)."""
    section = structure.table
    return TableRules.from_data(section) if section else None
