"""Tables: records from the value cells of a table of indicators (rows) against periods or kinds (columns)."""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..model import Record
from ..quantities.numbers import FULLWIDTH, to_plain
from ..quantities.units import normalize, scale_factor
from ..resolve.context import DocContext
from .cells import Cell, CellReader, Column, Span, TableRules
from .layout import grid_of, layout_of


class TableReader:
    """Turns the tables located in a document's text (pdf.PdfTable) into records."""

    def __init__(self, rules: TableRules, profile: Any) -> None:
        self.rules = rules
        self.cells = CellReader(rules, profile)
        self.glossary = profile.glossary
        self.units = profile.ruleset.units

    def records(self, text: str, tables: Sequence[Any], ctx: DocContext,
                page_starts: Sequence[int] | None, warnings: list[str]) -> list[Record]:
        """Records of every table (pdf.PdfTable: rows of cell spans, caption) in a document."""
        out: list[Record] = []
        for t in tables:
            out.extend(self.table_records(text, t, ctx, page_starts, warnings))
        return out

    def is_value_table(self, text: str, table: Any) -> bool:
        """Whether a table is one of values this reader makes records from (else its text is running text)."""
        return layout_of(text, grid_of(text, table.rows, self.cells), self.cells) is not None

    def table_records(self, text: str, table: Any, ctx: DocContext,
                      page_starts: Sequence[int] | None, warnings: list[str]) -> list[Record]:
        grid = grid_of(text, table.rows, self.cells)
        layout = layout_of(text, grid, self.cells)
        if layout is None:
            return []
        n_head, label_cols, unit_col, value_cols, headers = layout
        columns = {c: self.cells.column(headers[c], ctx) for c in value_cols}
        caption_unit = self.cells.header_unit(table.caption or "")
        out: list[Record] = []
        self.cells.inherit(columns, value_cols, table.caption or "", ctx.st.section_at(table.start), ctx)
        for r in range(n_head, len(grid)):
            row = grid[r]
            labels = [text[row[c][0]:row[c][1]] for c in label_cols if row[c] is not None]
            if not labels:
                continue
            raw_label = labels[-1]
            row_unit = self.cells.header_unit(raw_label)
            if row_unit is None and unit_col is not None and row[unit_col] is not None:
                m = self.cells.bare_unit_rx.match(text[row[unit_col][0]:row[unit_col][1]].translate(FULLWIDTH))
                row_unit = (m.group("s") or None, m.group("u")) if m else None
            label, row_change, row_sign = self.cells.row_label(raw_label)
            spans = [c for c in row if c is not None]
            sentence = text[min(s for s, _ in spans):max(e for _, e in spans)]
            for c in value_cols:
                span = row[c]
                if span is None:
                    continue
                cell_text = text[span[0]:span[1]]
                cell = self.cells.parse_cell(cell_text)
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
        unit = self.units.get(unit_text) if unit_text else None
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
