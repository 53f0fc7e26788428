"""The document being resolved: its spans (sentences, clauses, scopes) found once, its profile, year and place."""

from __future__ import annotations

import bisect
import functools
import re
from typing import TYPE_CHECKING, Any

from ..structure import YEAR, Structure
from .bounds import PARAGRAPH_WINDOW, SCOPE_CLAUSES, WINDOW, Bounds, Memo

if TYPE_CHECKING:
    from ..lang import Profile
    from ..quantities.figures import Figure

Span = tuple[int, int]
_PARENTHESIS = re.compile(r"^\s*[（(][^（()）]{0,40}[）)]")

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
        self._clauses = Bounds(punct.clause_end, self.view)
        self._scopes = Bounds(punct.scope_end, self.view)
        self._subjects = Bounds(punct.subject_end, self.view)
        self.open_quotes = frozenset(q[0] for q in punct.quotes)
        self.quote_chars = "".join(sorted({c for q in punct.quotes for c in q}))
        self.trailing_tokens = self.lex.trailing_tokens_all
        self.memo: dict[tuple[Any, ...], Any] = Memo()     # work on texts repeated across the document's figures
        self.summary_topics: set[int] = set()   # topics that are one sentence led by a time (their index)

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
        """The time leads of the sentences before the figure's in its paragraph, nearest first (上半年，… sets
        the time of what follows; a time inside a sentence, 为近五年最高, does not), then the list intro's; only
        sentences starting at most PARAGRAPH_WINDOW characters before the figure's are read."""
        ps, _ = self.paragraph_at(f.vstart)
        ps = max(ps, sentence_start - PARAGRAPH_WINDOW)
        whole = self.full_sentence_at(sentence_start)[0]        # sentence_start may be its window's start
        i = bisect.bisect_right(self._sentence_starts, whole - 1) - 1
        leads = []
        while i >= 0 and self.sentences[i][0] >= ps and self.sentences[i][0] < whole:
            lead = self.time_lead(self.sentences[i][0])
            if lead is not None:
                leads.append(lead)
            i -= 1
        if f.vstart >= ps and self.is_item(f):
            leads.append(self.intro_paragraph(f))
        return leads

    def time_lead(self, ss: int) -> str | None:
        """The time that the sentence at ss leaves governing what follows it: its last clause led by a time
        (2022年，…; 2022年全市…; 去年全市高新技术企业突破千家，今年力争达到1250家 leaves 今年), provided the first
        clause is one, else None."""
        clauses = self._clauses_of(ss)
        if not clauses or self._time_clause(*clauses[0]) not in ("own", "intro", "initial"):
            return None
        cs, ce = next(c for c in reversed(clauses) if self._time_clause(*c) in ("own", "intro", "initial"))
        return self.view[cs:ce]

    def _time_clause(self, cs: int, ce: int) -> str | None:
        """"own" when a clause is a time with at most the lexicon's lead words (2022年，), "intro" when it names
        a time and introduces a list (今年的主要预期目标是：), "initial" when it opens with one year (2022年全市…),
        "leading" when it opens with a span (今明两年新建…), else None."""
        key = ("time clause", cs)
        if key in self.memo:
            return self.memo[key]       # type: ignore[no-any-return]
        text = self.view[cs:ce]
        lex = self.lex
        got = None
        best = None
        if lex.any_period is None or lex.any_period.search(text):
            for p in lex.periods:
                m = p.rx.search(text)
                if m and (best is None or (m.start(), best[1].end()) < (best[1].start(), m.end())):
                    best = (p, m)
        if best is not None:
            p, m = best
            words = lex.period_lead_words
            if ce < len(self.view) and self.view[ce] in self.profile.structure.intro_end:   # 主要预期目标是：…
                got = "intro"
            elif self._only_lead_words(text[:m.start()], words):
                if self._only_lead_words(text[m.end():], words):
                    got = "own"
                elif ".." not in p.template.template:
                    got = "initial"
                else:
                    got = "leading"     # 今明两年累计改造…: a span opening a clause
        self.memo[key] = got
        return got

    @staticmethod
    def _only_lead_words(text: str, words: Any) -> bool:
        rest = words.sub(" ", text) if words else text
        return not any(c.isalnum() for c in rest)

    @functools.cached_property
    def _topics(self) -> tuple[list[int], list[tuple[str, tuple[str, ...]]]]:
        """The paragraphs that open by naming the time what follows is about (2020年是极不平凡的一年; “十三五”
        时期（2016—2020年）是…五年): their starts, and the time with the headings they stand under.  A line that
        layout repair joined to the line before counts as a paragraph's start too: a sentence opening a line so
        follows a paragraph whose end was lost (an OCR'd paragraph's short last line Tesseract did not read)."""
        starts: list[int] = []
        items: list[tuple[str, tuple[str, ...]]] = []
        words, lex = self.lex.topic_words, self.lex
        if not words:
            return starts, items
        spans = self.st.paragraphs
        if self.st.joined:
            spans = sorted(spans + [(j, self.st.paragraph_of(j)[1]) for j in self.st.joined])
        for ps, pe in spans:
            if pe <= ps:
                continue
            ce = self.clause_at(ps)[1]
            text = self.view[ps:ce]
            if lex.any_period is not None and not lex.any_period.search(text):
                continue
            m = self._first_time(text)
            if m is None:
                continue
            if self._time_clause(ps, ce) == "intro":      # 今年全县经济社会发展的主要预期目标是：
                time = text
            elif self._time_clause(ps, ce) == "own" and self._summary(ps, ce, pe, text):
                time = text                 # 过去一年，我们的各项工作取得了很大成绩。 (one sentence, no figure)
                self.summary_topics.add(len(starts))
            elif self._only_lead_words(text[:m.start()], lex.period_lead_words):
                rest = text[m.end():]
                if self._only_lead_words(rest, lex.period_lead_words):      # “十五五”时期，是…
                    rest = self.view[self._clauses.end_after(ps, pe):pe]
                    rest = rest[1:] if rest else rest
                rest = _PARENTHESIS.sub("", rest, count=1).lstrip()
                if not words.starts(rest):
                    continue
                time = text[:m.end()]
            else:
                continue
            starts.append(ps)
            items.append((time, self.st.section_at(self.st.vmap[ps])))
        return starts, items

    def _summary(self, ps: int, ce: int, pe: int, text: str) -> bool:
        """Whether a paragraph is one sentence without figures led by a past time or this year as its own clause
        (过去一年，我们的各项工作取得了很大成绩。 "Last year, we achieved significant results in all our work.";
        今年，…): it dates what follows, and a past one makes it actual (kind.py)."""
        return (self.full_sentence_at(ps)[1] >= pe - 1 and self.view[ce:ce + 1] in ",，"
                and not any(c.isdigit() for c in self.view[ce:pe])        # a summary, no figures of its own
                and self.view[ps:pe].rstrip()[-1:] in self.profile.structure.sentence_end
                and any(p.rx.search(text) for p in self.lex.periods       # a past time or this year, not a part
                        if p.past is True or p.template.template in ("{Y}", "{D}")))

    def topic_at(self, f: Figure) -> tuple[str, int, int] | None:
        """The time of the nearest topic paragraph before a figure in its section or an enclosing one, with the
        depth of the headings it stands under and its index (None when there is none)."""
        starts, items = self._topics
        i = bisect.bisect_right(starts, f.vstart) - 1
        if i < 0:
            return None
        text, secs = items[i]
        if self.sections(f)[:len(secs)] != secs:
            return None
        return text, len(secs), i

    def _first_time(self, text: str) -> re.Match[str] | None:
        """The first time expression of a text (the longest at one place)."""
        best = None
        for p in self.lex.periods:
            m = p.rx.search(text)
            if m and (best is None or (m.start(), best.end()) < (best.start(), m.end())):
                best = m
        return best

    def time_after(self, pos: int, ce: int) -> str:
        """A time right after pos in its clause, with only lead words between (… in 2020, … by 2025), else ""."""
        text = self.view[pos:ce]
        m = self._first_time(text)
        if m is None or not self._only_lead_words(text[:m.start()], self.lex.period_lead_words):
            return ""
        return text[:m.end()]

    def lead_before(self, ss: int, cs: int) -> str:
        """The time that governs a clause starting at cs from earlier in its sentence: the nearest clause that is
        a time of its own (2022年，…; 1-6月，…), else one year opening the sentence (2022年全市…，增长5.5%) up to a
        scope end such as ；. A time inside a clause governs that clause only. "" when none."""
        if cs <= ss:
            return ""
        clauses = self._clauses_of(ss)
        sep = self.profile.structure.list_separator
        i = next((k for k, (s, _e) in enumerate(clauses) if s == cs), 0)
        while sep and i > 0 and self.view.startswith(sep, clauses[i - 1][1]):
            i -= 1                          # 今明两年累计改造城镇老旧小区60个、惠及居民8000户以上: one list
            if self._time_clause(*clauses[i]) in ("initial", "leading"):
                return self.view[clauses[i][0]:clauses[i][1]]
        for s, e in reversed(clauses):
            if s < cs and self._time_clause(s, e) in ("own", "intro"):
                return self.view[s:e]
        fs, fe = self.clause_at(ss)
        if fe <= cs and self._time_clause(fs, fe) == "initial" and self._scopes.start_before(cs, ss) == ss:
            return self.view[fs:fe]
        return ""

    def _clauses_of(self, ss: int) -> list[Span]:
        """The clauses of the sentence starting at ss."""
        key = ("clauses", ss)
        if key not in self.memo:
            se = self.sentence_at(ss)[1]
            starts, ends = self._clauses.starts, self._clauses.ends
            i = bisect.bisect_left(starts, ss)
            spans, pos = [], ss
            while i < len(starts) and starts[i] < se:
                spans.append((pos, starts[i]))
                pos = ends[i]
                i += 1
            spans.append((pos, se))
            self.memo[key] = spans
        return self.memo[key]       # type: ignore[no-any-return]

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
