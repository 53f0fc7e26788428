"""Scopes: the texts around one figure (clause, sentence, paragraph) that its decisions read, cut once."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..quantities.figures import Figure
    from .context import DocContext


class Scopes:
    """The spans of a figure's clause and sentence, and the named texts of the lexicon's `period_scopes`."""

    def __init__(self, f: Figure, ctx: DocContext) -> None:
        self.f = f
        self.ctx = ctx
        self.cs, self.ce = ctx.clause_at(f.vstart)
        self.ss, self.se = ctx.sentence_at(f.vstart)
        self.attr = ctx.attributive_start(self.cs, f.vstart)

    @functools.cached_property
    def review(self) -> bool:
        """Whether the figure stands in a review section (its headings make it actual)."""
        from .kind import section_kind

        return section_kind(self.ctx, self.f) == "actual"

    def cue_text(self, name: str) -> str:
        """A scope's text with quoted names blanked out (“云岭消费提振计划” holds no cue)."""
        view = self.ctx.masked
        if name == "clause_before":
            return view[self.cs:self.attr]
        if name == "sentence_before":
            return view[self.ss:self.cs]
        return self.ctx.mask(self.text(name))

    @functools.cached_property
    def paragraph(self) -> str:
        """The paragraph before the sentence (what the kind's paragraph cues read)."""
        return self.ctx.paragraph_context(self.f, self.ss)

    @functools.cached_property
    def leads(self) -> list[str]:
        """The first clauses of the earlier sentences of the paragraph, nearest first (the time they set)."""
        return self.ctx.sentence_leads(self.f, self.ss)

    def period_text(self, name: str) -> str:
        """A scope's text as periods read it: before the figure's clause, only the time that leads the sentence;
        after the figure, only a time joined to it (41.26 billion yuan in 2020)."""
        if name == "sentence_before":
            return self.ctx.lead_before(self.ss, self.cs)
        if name == "after":
            return self.ctx.time_after(self.f.vend, self.ce)
        return self.text(name)

    def text(self, name: str) -> str:
        """clause_before (up to the figure, without an attributive phrase), sentence_before (the sentence before
        the clause), sentence, paragraph (its first clause, after a list's intro) or clause."""
        view = self.ctx.view
        if name == "clause_before":
            return view[self.cs:self.attr]
        if name == "sentence_before":
            return view[self.ss:self.cs]
        if name == "sentence":
            return view[self.ss:self.se]
        if name == "clause":
            return view[self.cs:self.ce]
        if name == "paragraph":
            return self.paragraph
        raise ValueError(f"unknown scope {name!r}")
