"""The document being resolved: its spans (sentences, clauses, scopes) found once, its profile, year and place."""

from __future__ import annotations

import bisect
import functools
import re
from typing import TYPE_CHECKING, Any

from ..structure import YEAR, Structure

if TYPE_CHECKING:
    from ..lang import Profile
    from ..quantities.figures import Figure

Span = tuple[int, int]

# What a decision about one figure may read, so that the work per figure is bounded whatever the input (one
# 10 MB line, a list of a million figures): the spans below are cut to these windows (docs/records.md).
WINDOW = 400            # characters of a figure's sentence on each side of it (its clause and scope lie inside)
PARAGRAPH_WINDOW = 1200     # characters of its paragraph before its sentence (a list's intro likewise)
SCOPE_CLAUSES = 24      # clauses a stretch word's scope reaches back (a list of 、-joined figures has one each)
MEMO_MAX = 20_000       # entries of the per-document memo before it starts afresh (it only saves work)


class _Memo(dict[tuple[Any, ...], Any]):
    """The memo of work on texts repeated across figures: a dict that empties itself when it is full, so its
    size stays bounded (a memo only saves work: an entry forgotten is computed again, to the same value)."""

    def __setitem__(self, key: tuple[Any, ...], value: Any) -> None:
        if len(self) >= MEMO_MAX and key not in self:
            self.clear()
        super().__setitem__(key, value)


class _Bounds:
    """The matches of a boundary pattern in the view, as (start, end) lists for bisecting."""

    def __init__(self, rx: re.Pattern[str], view: str) -> None:
        spans = [(m.start(), m.end()) for m in rx.finditer(view) if m.end() > m.start()]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def start_before(self, pos: int, floor: int) -> int:
        """The end of the last boundary that ends at or before pos (not before floor)."""
        i = bisect.bisect_right(self.ends, pos) - 1
        return max(self.ends[i], floor) if i >= 0 else floor

    def nth_before(self, pos: int, n: int) -> int:
        """The end of the n-th last boundary that ends at or before pos (0 when there are fewer)."""
        i = bisect.bisect_right(self.ends, pos) - n
        return self.ends[i] if i >= 0 else 0

    def end_after(self, pos: int, ceiling: int) -> int:
        """The start of the first boundary that ends after pos (not after ceiling)."""
        i = bisect.bisect_right(self.ends, pos)
        return min(self.starts[i], ceiling) if i < len(self.starts) else ceiling


class DocContext:
    """What every decision about the figures of one document reads: found once per document, never per figure."""

    def __init__(self, st: Structure, profile: Profile, year: int | None, place: str | None) -> None:
        self.st = st
        self.view = st.view
        self.profile = profile
        self.lex = profile.lexicon
        self.lang = profile.language
        self.glossary = profile.glossary
        self.year = year
        self.place = place
        punct = profile.structure
        self.sentences = self.lang.sentences(self.view, st.paragraphs, punct.sentence_end)
        self._sentence_starts = [s for s, _ in self.sentences]
        self._clauses = _Bounds(punct.clause_end, self.view)
        self._scopes = _Bounds(punct.scope_end, self.view)
        self._subjects = _Bounds(punct.subject_end, self.view)
        self.open_quotes = frozenset(q[0] for q in punct.quotes)
        self.quote_chars = "".join(sorted({c for q in punct.quotes for c in q}))
        self.trailing_tokens = self.lex.trailing_tokens_all
        self.memo: dict[tuple[Any, ...], Any] = _Memo()     # work on texts repeated across the document's figures

    # ---- spans --------------------------------------------------------------------------------------
    def full_sentence_at(self, pos: int) -> Span:
        """The whole sentence holding pos (what a record's source.sentence is cut from)."""
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        return self.sentences[i] if i >= 0 else (0, len(self.view))

    def sentence_at(self, pos: int) -> Span:
        """The sentence around pos as far as WINDOW characters on either side of pos."""
        ss, se = self.full_sentence_at(pos)
        return max(ss, pos - WINDOW), min(se, pos + WINDOW)

    def clause_at(self, pos: int) -> Span:
        """The clause around pos: between clause boundaries, inside its sentence."""
        ss, se = self.sentence_at(pos)
        return self._clauses.start_before(pos, ss), self._clauses.end_after(pos, se)

    def scope_start(self, pos: int) -> int:
        """Where the reach of a stretch word before pos begins (its sentence, cut at ；, at most SCOPE_CLAUSES
        clauses back)."""
        start = self._scopes.start_before(pos, self.sentence_at(pos)[0])
        return max(start, self._clauses.nth_before(pos, SCOPE_CLAUSES))

    def subject_start(self, pos: int) -> int:
        """Where the subject of a list whose marker is at pos begins (its clause, list separators kept)."""
        return self._subjects.start_before(pos, self.sentence_at(pos)[0])

    def paragraph_at(self, pos: int) -> Span:
        return self.st.paragraph_of(pos)

    # ---- sections and lists ---------------------------------------------------------------------------
    def sections(self, f: Figure) -> tuple[str, ...]:
        """The headings enclosing a figure, outermost first."""
        return self.st.section_at(self.st.vmap[f.vstart])

    def headings(self, f: Figure) -> list[str]:
        """Enclosing headings, innermost first, then the document title as the outermost context."""
        return list(reversed(self.sections(f))) + [self.st.title]

    def is_item(self, f: Figure) -> bool:
        line = self.st.line_at(self.st.vmap[f.vstart])
        return line is not None and line.kind == "item"

    def intro_paragraph(self, f: Figure) -> str:
        """The paragraph that introduces the list an item belongs to (the text before the list)."""
        i = bisect.bisect_right(self.st.paragraph_starts, f.vstart) - 1
        key = ("intro", i)
        if key not in self.memo:
            self.memo[key] = self._intro_before(i)
        return self.memo[key]       # type: ignore[no-any-return]

    def _intro_before(self, i: int) -> str:
        while i > 0:
            i -= 1
            s, e = self.st.paragraphs[i]
            line = self.st.line_at(self.st.vmap[s])
            if line is None or line.kind == "heading":
                return ""
            if line.kind == "para":
                return self.view[max(s, e - PARAGRAPH_WINDOW):e]
        return ""

    def paragraph_context(self, f: Figure, sentence_start: int) -> str:
        """The paragraph before the figure's sentence (as far as PARAGRAPH_WINDOW characters back), after the
        list intro when the figure is in an item."""
        ps, _ = self.paragraph_at(f.vstart)
        whole = self.full_sentence_at(sentence_start)[0]        # sentence_start may be its window's start
        text = self.view[max(ps, sentence_start - PARAGRAPH_WINDOW):whole]
        if f.vstart >= ps and self.is_item(f):
            text = self.intro_paragraph(f) + text
        return text

    def sentence_leads(self, f: Figure, sentence_start: int) -> list[str]:
        """The first clauses of the sentences before the figure's in its paragraph, nearest first (上半年，… sets
        the time of what follows; a time inside a sentence, 为近五年最高, does not), then the list intro's; only
        sentences starting at most PARAGRAPH_WINDOW characters before the figure's are read."""
        ps, _ = self.paragraph_at(f.vstart)
        ps = max(ps, sentence_start - PARAGRAPH_WINDOW)
        whole = self.full_sentence_at(sentence_start)[0]        # sentence_start may be its window's start
        i = bisect.bisect_right(self._sentence_starts, whole - 1) - 1
        leads = []
        while i >= 0 and self.sentences[i][0] >= ps and self.sentences[i][0] < whole:
            s, _e = self.sentences[i]
            leads.append(self.view[s:self.clause_at(s)[1]])
            i -= 1
        if f.vstart >= ps and self.is_item(f):
            leads.append(self.intro_paragraph(f))
        return leads

    def attributive_start(self, clause_start: int, pos: int) -> int:
        """Start of an attributive phrase ending right before pos (上半年申报的54家): cues there don't count."""
        end = self.lex.attributive_end
        if not end or pos <= clause_start or not self.view.startswith(end, pos - len(end)):
            return pos
        seg = self.view[clause_start:pos]
        last = None
        for m in self.lex.target.finditer(seg):
            last = m.end()
        for m in self.lex.attributive_reset.finditer(seg):
            if last is None or m.end() > last:
                last = m.end()
        return clause_start + (last or 0)

    def review_heading(self, f: Figure) -> Span | None:
        """The original span of the innermost review heading (工作回顾) enclosing a figure, or None."""
        secs = self.sections(f)
        reviews = [h for h in secs if self.lex.section_actual.search(h)]
        if not reviews:
            return None
        spans = self.st.heading_spans
        i = bisect.bisect_right(self._heading_starts, self.st.vmap[f.vstart]) - 1
        while i >= 0:
            s, e, _lvl = spans[i]
            if reviews[-1] in self.st.text[s:e]:
                return s, e
            i -= 1
        return None

    def opening_sentence(self, offset: int) -> str:
        """The first sentence of body text after an original offset (a heading's end), headings skipped."""
        key = ("opening", offset)
        if key not in self.memo:
            v = bisect.bisect_left(self.st.vmap, offset)
            got = ""
            for _ in range(4):          # the heading's own line, then the next body sentence
                if v >= len(self.view):
                    break
                s, e = self.sentence_at(v)
                line = self.st.line_at(self.st.vmap[min(s, len(self.view) - 1)])
                if e > s and line is not None and line.kind != "heading":
                    got = self.view[s:e]
                    break
                v = e + 1
            self.memo[key] = got
        return self.memo[key]       # type: ignore[no-any-return]

    @functools.cached_property
    def _heading_starts(self) -> list[int]:
        return [s for s, _e, _lvl in self.st.heading_spans]

    @functools.cached_property
    def masked(self) -> str:
        """The view with the text inside quotation marks blanked out (same length): names hold no cues."""
        if not self.st.quoted:
            return self.view
        parts = []
        pos = 0
        for s, e in self.st.quoted:
            if s < pos:
                continue
            parts.append(self.view[pos:s + 1])
            parts.append("\u3000" * max(0, e - s - 2))
            pos = e - 1
        parts.append(self.view[pos:])
        return "".join(parts)

    def mask(self, text: str) -> str:
        """A text with quoted names blanked out (for texts that are not slices of the view)."""
        return self._quote_rx.sub(lambda m: m.group()[0] + "\u3000" * (len(m.group()) - 2) + m.group()[-1], text)

    @functools.cached_property
    def _quote_rx(self) -> re.Pattern[str]:
        pairs = self.profile.structure.quotes
        return re.compile("|".join(re.escape(p[0]) + "[^" + re.escape(p) + "\n]{0,80}" + re.escape(p[1])
                                   for p in pairs) or "(?!)")

    def heading_year(self, heading: str) -> int | None:
        m = YEAR.search(heading)
        return int(m.group(1)) if m else None
