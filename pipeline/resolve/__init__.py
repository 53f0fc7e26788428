"""Resolution: one language-neutral procedure gives each figure its meaning; a Profile supplies the words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import comparator, hints, indicator, kind, lists, measure, period, stretch
from .context import DocContext
from .scopes import Scopes

if TYPE_CHECKING:
    from ..quantities.figures import Figure

__all__ = ["DocContext", "resolve"]


def resolve(figs: list[Figure], ctx: DocContext) -> None:
    """Decide comparator, measure, indicator, unit hint, lists, kind, period and stretch of every figure."""
    prev: Figure | None = None
    for f in figs:
        cs, _ = ctx.clause_at(f.vstart)
        ss, _ = ctx.sentence_at(f.vstart)
        comparator.assign(f, ctx)
        measure.assign(f, ctx, cs)
        same_sentence = prev if prev is not None and prev.vend >= ss else None
        measure.shared_verb(f, same_sentence, ctx, cs)
        indicator.assign(f, ctx, cs, same_sentence, ss)
        hints.assign(f, ctx, ss)
        prev = f
    lists.assign(figs, ctx)
    for f in figs:
        s = Scopes(f, ctx)
        kind.assign(f, ctx, s)
        period.assign(f, ctx, s, period.reviewed_year(ctx, f))
        stretch.assign(f, ctx, s)
