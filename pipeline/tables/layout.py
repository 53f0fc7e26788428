"""Table layout: which rows are headers and which columns hold labels, units and values (or read it transposed)."""

from __future__ import annotations

from collections.abc import Sequence

from ..unwrap import unwrap
from .cells import CellReader, Span

Grid = list[list["Span | None"]]
Layout = tuple[int, list[int], "int | None", list[int], list[str]]


def grid_of(text: str, rows: Sequence[Sequence[Span | None]], reader: CellReader) -> list[list[Span | None]]:
    width = max((len(r) for r in rows), default=0)
    grid: list[list[Span | None]] = []
    for r in rows:
        row: list[Span | None] = []
        for c in list(r) + [None] * (width - len(r)):
            if c is not None and text[c[0]:c[1]].strip() in reader.rules.empty_cells:
                c = None
            row.append(c)
        grid.append(row)
    return grid


def layout_of(text: str, grid: Grid, reader: CellReader, transposed: bool = False) -> Layout | None:
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
        if any(reader.is_value(v) and not reader.is_year(v) for v in vals):
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
    skip = {c for c in range(width) if any(w in headers[c] for w in reader.rules.skip_columns)}
    unit_col = next((c for c in range(width) if c not in skip and headers[c].strip() in reader.rules.unit_columns),
                    None)
    label_cols: list[int] = []
    value_cols: list[int] = []
    for c in range(width):
        if c in skip or c == unit_col:
            continue
        has_value = any(reader.is_value(cell(r, c)) for r in range(n_head, len(grid)))
        if has_value and label_cols:
            value_cols.append(c)
        elif not value_cols and not has_value:
            label_cols.append(c)
        elif has_value and not label_cols:
            return None if transposed else _transposed(text, grid, reader)
    if not value_cols:
        return None
    # periods or kinds down the first column and indicators across the top: read it transposed
    if not transposed and 2 * sum(reader.has_time(headers[c]) for c in value_cols) < len(value_cols):
        labels = [cell(r, label_cols[-1]) or "" for r in range(n_head, len(grid))]
        if 2 * sum(reader.has_time(v) for v in labels) >= max(1, len(labels)):
            flipped = _transposed(text, grid, reader)
            if flipped is not None:
                return flipped
    return n_head, label_cols, unit_col, value_cols, headers


def _transposed(text: str, grid: Grid, reader: CellReader) -> Layout | None:
    flipped = [list(col) for col in zip(*grid, strict=True)]
    layout = layout_of(text, flipped, reader, transposed=True)
    if layout is not None:
        grid[:] = flipped
    return layout
