"""English resolution: record filters, then comparator, measure, indicator, kind, period and stretch."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import Any

from . import segment_en
from .glossary import Glossary
from .quantities.figures import Figure
from .quantities.rules import RuleSet
from .resolve import Lexicon, Resolver
from .structure import YEAR, Structure

MONTHS = {m: i for i, m in enumerate("january february march april may june july august september october "
                                     "november december".split(), 1)}
_YEARLIKE = re.compile(r"(?:19|20)\d\d")
COUNT_NOUN_RULES = ("en.count", "en.range.count", "en.count.single", "en.count.of")
_PLURAL = re.compile(r"[a-z][a-z-]*[a-z](?<![su]s)(?<!ss)s|people|children|staff|personnel")
_WORD = re.compile(r"[a-z0-9][a-z0-9&'’.-]*", re.I)


def _words_rx(words: list[str], at_end: bool = False, at_start: bool = False) -> re.Pattern[str]:
    """Whole-word, case-insensitive alternation of words and phrases (longest first)."""
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))
    body = rf"(?<![\w-])(?:{alts})(?![\w-])" if alts else "(?!)"
    if at_end:
        body += r"\s*$"
    if at_start:
        body = "^" + body
    return re.compile(body, re.I)


def is_record_en(fig: Figure, st: Structure, ruleset: RuleSet) -> bool:
    """Whether an English figure is a record (records.md section 1): not a year, rank, duration, name or class."""
    view = st.view
    lex = ruleset.lexicon
    g = fig.match.groups
    num = g.get("n1", "")
    if st.in_quote(fig.vstart, fig.vend):
        return False
    before = view[max(0, fig.vstart - 24):fig.vstart]
    if any(re.search(p, before) for p in lex.get("rank_patterns", [])):
        return False
    at = view.find(num, fig.vstart, fig.vend) if num else -1
    after_num = view[at + len(num):at + len(num) + 16] if at >= 0 else view[fig.vend:fig.vend + 16]
    if any(re.match(p, after_num, re.I) for p in lex.get("rank_after_patterns", [])):
        return False
    if fig.dimension == "count" or fig.unit is None:
        if _YEARLIKE.fullmatch(num) and not g.get("s1") and (fig.unit is None or not g.get("cb")):
            return False
        noun = (g.get("u1") or g.get("u2") or "").lower()
        if num.lower() in ("one", "a") and not g.get("s1") and fig.rule_id != "en.count.single":
            return False
        if fig.rule_id == "en.count.of":
            return True
        if noun in segment_en.stop_words() or noun in lex.get("not_count_nouns", []):
            return False
        if noun in lex.get("structural_nouns", []):
            return False
    # a figure that qualifies the class of what is counted: 55 projects of over 100 million yuan each
    if fig.dimension not in ("count", "ratio", "ratio_change"):
        if re.match(r"\s*(?:each|apiece)\b", view[fig.vend:fig.vend + 12], re.I):
            return False
        pre = view[max(0, fig.vstart - 60):fig.vstart]
        m = re.search(r"([A-Za-z][A-Za-z-]*)\s+(?:each\s+)?(?:worth|of|valued\s+at|with\s+(?:an?\s+)?(?:total\s+)?"
                      r"investment\s+of)\s+$", pre)
        if m and (g.get("cb") or g.get("ca")) and _PLURAL.fullmatch(m.group(1).lower()) \
                and m.group(1).lower() not in segment_en.stop_words():
            return False
    return True


def english_document_year(st: Structure, lexicon: dict[str, Any]) -> int | None:
    """The year an English report plans for: a year in a plan heading or the title, else the most frequent year."""
    plan = _words_rx(lexicon.get("sections", {}).get("target", []))
    for s, e, _lvl in st.heading_spans:
        line = st.text[s:e]
        m = YEAR.search(line)
        if m and plan.search(line):
            return int(m.group(1))
    m = YEAR.search(st.title or "")
    if m:
        return int(m.group(1))
    if not st.years:
        return None
    counts = Counter(st.years)
    return max(counts, key=lambda y: (counts[y], y))


class EnglishResolver(Resolver):
    """Resolve English figures: the same decisions as for Chinese, on English words and sentences."""

    def __init__(self, st: Structure, lex: Lexicon, glossary: Glossary, year: int | None,
                 raw: dict[str, Any]) -> None:
        super().__init__(st, lex, glossary, year, None)
        self.raw = raw
        self.low = st.view.lower()
        cmp = raw["comparators"]
        self.cmp_before = {w.lower(): s for s, ws in cmp["before"].items() for w in ws}
        self.cmp_after = {w.lower(): s for s, ws in cmp["after"].items() for w in ws}
        ch = raw["change"]
        self.fillers = _words_rx(ch.get("fillers", []), at_end=True)
        self.to_level = _words_rx(ch["to_level"], at_end=True)
        self.up = _words_rx(ch["up"], at_end=True)
        self.down = _words_rx(ch["down"], at_end=True)
        self.by_up = _words_rx(ch.get("by_verbs_up", []))
        self.by_down = _words_rx(ch.get("by_verbs_down", []))
        self.after_up = _words_rx(ch.get("after_up", []), at_start=True)
        self.after_down = _words_rx(ch.get("after_down", []), at_start=True)
        self.stretch_rx = _words_rx(raw["stretch"])
        self.reset_rx = _words_rx(raw.get("stretch_reset", []))
        k = raw["kind"]
        self.target_rx = _words_rx(k["target"])
        self.actual_rx = _words_rx(k["actual"])
        self.weak_rx = _words_rx(k.get("weak_actual", []))
        self.en_periods = [(re.compile(p["pattern"], re.I), str(p["period"]), p.get("past"), p.get("cue"))
                           for p in raw["periods"]]
        self.sec_actual = _words_rx(raw["sections"]["actual"])
        self.sec_target = _words_rx(raw["sections"]["target"])
        ind = raw["indicator"]
        self.cut_rx = _words_rx(ind["cut_after"])
        self.strip_end = _words_rx(ind["strip"] + ch["up"] + ch["down"] + ch["to_level"], at_end=True)
        self.strip_start = _words_rx(ind["strip"] + ind.get("lead_strip", []), at_start=True)
        self.post_stop = _words_rx(ind["post_stop"])
        self.expand = {k.lower(): v for k, v in ind.get("expand", {}).items()}
        self.sents = segment_en.sentences(st.view, st.paragraphs)
        self.sent_starts = [s for s, _ in self.sents]

    # ---- spans -------------------------------------------------------------------------
    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sent_starts, pos) - 1
        return self.sents[i] if i >= 0 else (0, len(self.view))

    def clause(self, pos: int) -> tuple[int, int]:
        """The clause around pos: the sentence cut at , ; : followed by a space (never inside 1,234)."""
        ss, se = self.sentence(pos)
        cs = ss
        for m in re.finditer(r"[,;:](?=\s)|\s[-–—]\s", self.view[ss:pos]):
            cs = ss + m.end()
        m = re.search(r"[,;:](?=\s)|\s[-–—]\s", self.view[pos:se])
        return cs, pos + m.start() if m else se

    # ---- comparator --------------------------------------------------------------------
    def comparator(self, f: Figure) -> str:
        if f.value_max is not None:
            return "range"
        if f.cmp_after:
            return self.cmp_after.get(f.cmp_after.lower(), "=")
        if f.cmp_before:
            return self.cmp_before.get(re.sub(r"\s+", " ", f.cmp_before.lower()), "=")
        return "="

    # ---- measure -----------------------------------------------------------------------
    def measure(self, f: Figure, clause_start: int) -> None:
        prefix = self.low[clause_start:f.vstart]
        while True:
            m = self.fillers.search(prefix)
            if not m or m.start() == len(prefix):
                break
            prefix = prefix[:m.start()]
        after = self.low[f.vend:f.vend + 40].lstrip()
        if self.to_level.search(prefix):
            f.own_verb = True
        elif self.down.search(prefix) or self.up.search(prefix):
            f.measure, f.own_verb = "change", True
            f.sign = -1 if self.down.search(prefix) else 1
        elif re.search(r"\bby\s*$", prefix) and (self.by_up.search(prefix) or self.by_down.search(prefix)):
            f.measure, f.own_verb = "change", True
            up = [m.end() for m in self.by_up.finditer(prefix)]
            down = [m.end() for m in self.by_down.finditer(prefix)]
            f.sign = -1 if max(down, default=-1) > max(up, default=-1) else 1
        elif f.dimension != "count" and (self.after_up.search(after) or self.after_down.search(after)):
            f.measure, f.own_verb = "change", True
            f.sign = -1 if self.after_down.search(after) else 1
            if re.match(r"(?:higher|lower|more|less|faster|slower)\s+than\b", after):
                f.comparator = f.comparator if f.cmp_before else "="
        if f.unit is not None and f.unit.dimension == "multiple" and f.measure == "change":
            f.as_percent_change = True

    # ---- indicator ---------------------------------------------------------------------
    def _clean(self, phrase: str) -> str:
        """Strip time expressions, verbs, fillers and determiners from the ends of a phrase and cut at cue words."""
        p = re.sub(r"\s*\([^()]{0,40}\)", " ", phrase)          # Gross domestic product (GDP)
        p = re.sub(r"\b(?:in|by|for|during|over|since|until|before)\s+(?:the\s+)?(?:year\s+)?(?:19|20)\d\d\b", " ",
                   p, flags=re.I)
        for rx, _period, _past, _cue in self.en_periods:
            p = rx.sub(" ", p)
        p = re.sub(r"\s+", " ", p).strip(" ,;:-–—")
        prev = None
        while p != prev:
            prev = p
            p = self.strip_end.sub("", p).rstrip(" ,;:-–—")
        cuts = list(self.cut_rx.finditer(p))
        if cuts:
            rest = p[cuts[-1].end():].strip()
            if not rest:      # the phrase ends in a cue word: the words between it and the cue before it
                rest = p[cuts[-2].end() if len(cuts) > 1 else 0:cuts[-1].start()].strip()
                if not [w for w in _WORD.findall(rest) if w.lower() not in segment_en.stop_words()]:
                    rest = ""
            p = rest
        prev = None
        while p != prev:
            prev = p
            p = self.strip_start.sub("", p).lstrip(" ,;:-–—")
        return p.strip(" ,;:'\"“”")

    def _noun_after(self, pos: int) -> str:
        """The words after pos up to a stop word or punctuation (the noun phrase a figure counts or measures)."""
        rest = self.view[pos:pos + 80]
        m = self.post_stop.search(rest)
        cut = re.search(r"[,;:.!?()\n]|\s[-–—]\s", rest)
        end = min(x.start() for x in (m, cut) if x is not None) if (m or cut) else len(rest)
        return re.sub(r"\s*\b(?:each|apiece)\s*$", "", rest[:end].strip())

    def post_phrase(self, f: Figure) -> str:
        """The counted noun phrase of a count (55 projects of over 100 million yuan each → projects of …), or the
        phrase after "of" for an amount (266.67 hectares of industrial land)."""
        if f.dimension not in ("count", "ratio", "ratio_change", "multiple", "number"):
            m = re.match(r"\s+of\s+(?!the\b|which\b|this\b|these\b|those\b|them\b)", self.view[f.vend:f.vend + 12])
            return self._noun_after(f.vend + m.end()) if m else ""
        if f.dimension != "count" or f.rule_id not in COUNT_NOUN_RULES:
            return ""
        if (f.match.groups.get("u1") or "").lower() in ("them", "these", "those"):
            return ""           # 55 of them: the indicator of the figure before
        n_end = f.match.groups.get("n2") or f.match.groups.get("n1") or ""
        text = self.view[f.vstart:f.vend]
        i = text.rfind(n_end) + len(n_end) if n_end else 0
        head = text[i:]
        if f.cmp_after:
            head = head[:head.lower().rfind(f.cmp_after.lower())]
        head = re.sub(r"^\s*(?:thousand|million|billion|trillion)\b", "", head.strip())
        tail = self._noun_after(f.vend)
        phrase = (head.strip() + " " + tail).strip() if tail and not tail.lower().startswith(("of the",)) else \
            head.strip()
        return phrase

    def pre_phrase(self, start: int, end: int) -> str:
        return self._clean(self.view[start:end])

    def object_phrase(self, f: Figure) -> str:
        """The object after a figure: double their main business revenue; allocate 4 billion yuan to housing."""
        after = self.view[f.vend:f.vend + 16]
        not_time = r"(?!(?:19|20)\d\d|the\s+(?:end|year|first|second|past|same)\b|(?:this|last|next)\s+year\b)"
        if f.match.groups.get("w"):
            if f.match.groups["w"].lower().endswith("d"):
                return ""
            m = re.match(r"\s+(?:(?:their|its|the|our|his|her)\s+)?", after)
        elif f.dimension in ("ratio", "ratio_change"):
            m = re.match(r"\s+(?:of|in)\s+" + not_time, after)
        elif f.dimension in ("multiple", "number"):
            return ""
        else:
            m = re.match(r"\s+(?:to|for|on|in|from)\s+" + not_time, after)
        return self._noun_after(f.vend + m.end()) if m else ""

    def indicator(self, f: Figure, clause_start: int, prev: Figure | None, sent_start: int) -> None:
        start = clause_start
        if prev is not None and prev.vend > start:
            start = prev.vend
        if (f.match.groups.get("u1") or "").lower() in ("them", "these", "those") and prev is not None:
            f.indicator, f.indicator_id, f.labels = prev.indicator, prev.indicator_id, dict(prev.labels)
            f.own_indicator = False
            return
        phrase = self.post_phrase(f) or self.pre_phrase(start, f.vstart)
        if f.match.groups.get("w") or (not phrase and (prev is None or f.dimension not in ("ratio", "ratio_change"))):
            phrase = self.object_phrase(f) or phrase
        if not phrase and prev is not None and prev.vend >= sent_start:
            self._carry_indicator(f, prev)
            return
        if not phrase:
            phrase = self.pre_phrase(sent_start, f.vstart)
        if not phrase:
            secs = self.st.section_at(self.st.vmap[f.vstart])
            phrase = secs[-1] if secs else (self.st.title or "?")
            f.own_indicator = False
        f.indicator = phrase
        ind = self.glossary.lookup(phrase, None)
        if ind is not None:
            f.indicator_id, f.labels = ind.id, ind.labels()

    # ---- "respectively" lists ----------------------------------------------------------
    def respective(self, figs: list[Figure]) -> None:
        """X and Y rose by 7 percent and 8 percent respectively: each figure gets its own list item."""
        for m in re.finditer(r"\brespectively\b", self.low):
            before = [f for f in figs if f.vend <= m.start()]
            if not before or not re.fullmatch(r"[\s,]*", self.view[before[-1].vend:m.start()]):
                continue
            group = [before[-1]]
            for f in reversed(before[:-1]):
                if re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", self.view[f.vend:group[0].vstart]):
                    group.insert(0, f)
                else:
                    break
            if len(group) < 2:
                continue
            first = group[0]
            self._share_list_words(group, keep_own_verb=True)
            ss, _ = self.sentence(first.vstart)
            prior = [f for f in figs if ss <= f.vstart < first.vstart]
            levels: list[Figure] = []       # 52,380 yuan and 24,960 yuan, up 4.4% and 6.7% respectively
            if len(prior) >= len(group):
                cand = prior[-len(group):]
                joined = all(re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", self.view[a.vend:b.vstart])
                             for a, b in zip(cand, cand[1:], strict=False))
                if joined and re.fullmatch(r"[\s,;]*[a-z\s-]{0,30}", self.view[cand[-1].vend:first.vstart]):
                    levels = cand
            head = levels[0] if levels else first
            earlier = [f for f in figs if ss <= f.vstart < head.vstart]
            start = max([ss] + [e.vend for e in earlier])
            subject = self._clean(self.view[start:head.vstart])
            items = [x.strip() for x in re.split(r",\s*(?:and\s+)?|\s+and\s+", subject) if x.strip()]
            names: list[tuple[str, str | None, dict[str, str]]] = []
            low = subject.lower()
            for key, parts in self.expand.items():
                i = low.find(key)
                if i >= 0 and len(parts) == len(group):
                    names = [self._named(subject[:i] + p + subject[i + len(key):]) for p in parts]
                    break
            if not names and subject and len(items) == len(group):
                names = [self._named(x) for x in items]
            if not names and levels:
                names = [(e.indicator, e.indicator_id, e.labels) for e in levels]
            if not names and len(earlier) >= len(group):
                names = [(e.indicator, e.indicator_id, e.labels) for e in earlier[-len(group):]]
            for figs_ in (levels, group):
                for f, (name, iid, labels) in zip(figs_, names, strict=False):
                    f.indicator, f.indicator_id, f.labels = name, iid, labels

    # ---- kind, period, stretch ---------------------------------------------------------
    def _last_cue(self, text: str) -> str | None:
        best: tuple[int, str] | None = None
        for rx, kind in ((self.target_rx, "target"), (self.actual_rx, "actual")):
            for m in rx.finditer(text):
                best = max(best or (-1, ""), (m.end(), kind))
        for rx, _period, past, cue in self.en_periods:
            for m in rx.finditer(text):
                if cue == "target" and (self.year is None or int(m.group(1)) >= self.year):
                    best = max(best or (-1, ""), (m.end(), "target"))
                elif past is True:
                    best = max(best or (-1, ""), (m.end(), "actual"))
                elif past is None and m.groups() and self.year and int(m.group(1)) < self.year:
                    best = max(best or (-1, ""), (m.end(), "actual"))
        return best[1] if best else None

    def _period_in(self, text: str, want_past: bool | None) -> str | None:
        """The first English time expression of a text as a period (want_past: skip future ones)."""
        for rx, period, past, _cue in self.en_periods:
            for m in rx.finditer(text):
                if want_past is True and past is False:
                    continue
                return self._fmt(period, m)
        return None

    def _fmt(self, period: str, m: re.Match[str]) -> str | None:
        """A period template filled in; "last year" and "the past five years" count from the time of writing."""
        def month(mm: re.Match[str]) -> str:
            return f"{MONTHS[m.group(int(mm.group(1))).lower()]:02d}"
        section_year = self.year
        if "{Y-" in period:
            self.year = self.doc_year
        try:
            return super()._fmt(re.sub(r"\{(\d+):month\}", month, period), m)
        finally:
            self.year = section_year

    def _heading_kind(self, heading: str) -> str | None:
        if self.sec_actual.search(heading):
            return "actual"
        if self.sec_target.search(heading):
            return "target"
        return None

    def kind_period_stretch(self, f: Figure) -> None:
        self.year = self.doc_year
        low = self.low
        ss, se = self.sentence(f.vstart)
        cs, ce = self.clause(f.vstart)
        ps, _pe = self.st.paragraph_of(f.vstart)
        kind = self._last_cue(low[cs:f.vstart]) or self._last_cue(low[ss:cs])
        if kind is None and (self.target_rx.search(low[f.vend:se]) or self.stretch_rx.search(low[f.vend:se])):
            kind = "target"
        if kind is None and re.search(r"\b(?:was|were|has been|have been)\s+\w+", low[f.vend:ce]):
            kind = "actual"         # 60 proposals were received
        if kind is None and self._is_item(f):
            intro = self._intro_paragraph(f).lower()
            kind = self._last_cue(intro)
        if kind is None and self.weak_rx.search(low[ss:se]):
            kind = "actual"
        if kind is None:
            for rx, _period, past, _cue in self.en_periods:
                if past is True and rx.search(low[ps:ss]):
                    kind = "actual"
                    break
        if kind is None:
            kind = self._section_kind(f) or "target"
        f.kind = kind
        if kind == "actual":
            sp = self._section_period(f)
            if sp and re.fullmatch(r"\d{4}", sp):
                self.year = int(sp)
            period = (self._period_in(low[cs:f.vstart], True) or self._period_in(low[ss:se], True)
                      or self._period_in(low[ps:ss], True) or self._section_period(f))
        else:
            period = self._period_in(low[ss:se], None) or self._section_period(f)
            if period is None and self.year is not None:
                period = str(self.year)
        f.period = period
        if kind != "target":
            f.stretch = False
            return
        scope = low[ss:f.vstart]
        scope = scope[scope.rfind(";") + 1:]
        last = None
        for m in self.stretch_rx.finditer(scope):
            last = m
        f.stretch = bool(last) and not self.reset_rx.search(scope[last.end():]) if last else False

    # ---- all together ------------------------------------------------------------------
    def resolve(self, figs: list[Figure]) -> None:
        prev: Figure | None = None
        for f in figs:
            cs, _ = self.clause(f.vstart)
            ss, _ = self.sentence(f.vstart)
            if f.comparator == "=":
                f.comparator = self.comparator(f)
            if f.match.groups.get("w"):
                f.measure, f.own_verb = "change", True
            else:
                self.measure(f, cs)
            same_sentence_prev = prev if prev is not None and prev.vend >= ss else None
            if f.measure == "level" and same_sentence_prev is not None and same_sentence_prev.measure == "change" \
                    and re.search(r"\bby\s*$", self.low[cs:f.vstart]):
                f.measure, f.sign = "change", same_sentence_prev.sign       # …rose by 7.8% and X by 11.4%
            self.indicator(f, cs, same_sentence_prev, ss)
            if f.unit is None and f.indicator_id:
                self._apply_hint(f, self.glossary.indicators[f.indicator_id].unit_hint)
            prev = f
        self.respective(figs)
        for f in figs:
            self.kind_period_stretch(f)
