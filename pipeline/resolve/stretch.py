"""Stretch: a target under an aspirational word (力争, strive for) in its clause or earlier in its scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .scopes import Scopes

if TYPE_CHECKING:
    from ..quantities.figures import Figure
    from .context import DocContext


def assign(f: Figure, ctx: DocContext, s: Scopes) -> None:
    """Set f.stretch. A stretch word in the figure's own clause governs it. Else the nearest earlier one in its
    scope (the sentence, cut at ；) does, unless a reset word (确保, we will) intervenes: at the start of a clause
    between them (`stretch_reset_at: clause_start`) or anywhere after the stretch word (`anywhere`)."""
    if f.kind != "target":
        f.stretch = False
        return
    lex, view = ctx.lex, ctx.view
    if lex.stretch.search(view, s.cs, s.ce):
        f.stretch = True
        return
    start = ctx.scope_start(f.vstart)
    if lex.stretch_reset_anywhere:
        last = None
        for m in lex.stretch.finditer(view[start:f.vstart]):
            last = m
        f.stretch = last is not None and not lex.stretch_reset.search(view, start + last.end(), f.vstart)
        return
    pos = s.cs
    while pos > start:
        if lex.stretch_reset.starts(view, pos):
            break
        pcs, _ = ctx.clause_at(pos - 1)
        if lex.stretch.search(view, pcs, pos - 1):
            f.stretch = True
            return
        pos = pcs
    f.stretch = False
