"""Comparator: range, then the word after the figure, then one between number and unit (余), then before it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..quantities.figures import Figure
    from .context import DocContext


def assign(f: Figure, ctx: DocContext) -> None:
    """Set f.comparator (records.md section 2: the word nearest the figure wins, an after word a tie)."""
    if f.comparator != "=":
        return
    lex = ctx.lex
    if f.value_max is not None:
        f.comparator = "range"
    elif f.cmp_after:
        f.comparator = lex.cmp_after.get(lex.key(f.cmp_after), "=")
    elif f.cmp_inner:
        f.comparator = lex.cmp_inner.get(lex.key(f.cmp_inner), ">")
    elif f.cmp_before:
        f.comparator = lex.cmp_before.get(lex.key(f.cmp_before), "=")
