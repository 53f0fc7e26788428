"""Resolution: give each figure its comparator, measure and sign, indicator, kind, stretch and period."""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from . import segment
from .glossary import Glossary
from .quantities.figures import Figure
from .quantities.regex import any_of, required, scanner
from .structure import YEAR, Structure

SENT_END = "。！？!?\n"
CLAUSE_END = "，,、；;：:。！？!?\n"
SCOPE_END = "；;。！？!?\n"


def _alt(words: list[str]) -> re.Pattern[str]:
    words = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words) if words else "(?!)")


def _any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One regex that finds something wherever any of the patterns would (a prefilter; None when unsafe)."""
    return any_of(patterns)


_PLACEHOLDER = re.compile(r"\{([^}]+)\}")


@functools.lru_cache(maxsize=1024)
def _year_expr(expr: str, y: int | None) -> str:
    """A period template's year expression (Y, Y-1, Y+5) for the year y."""
    return str(eval(expr, {}, {"Y": y}))  # noqa: S307 - Y±n from our own data file


_LEAD_JUNK = re.compile(r"^[\s.、,，:：)）-]+")
_YEAR_WORDS = re.compile(r"(?:到|至|在)?(?:19|20)\d\d年?(?:底|末|前)?")
_POST_WORDS = re.compile(r"[“\"]?[\u4e00-\u9fff][^，,；;。！？!?\n（(：:\d]*")
_MONEY_BEFORE = re.compile(r"[亿万]元|资金|投资|收入|产值")
_PEOPLE = re.compile(r"人口|人数|贫困")
_FOUR_DIGITS = re.compile(r"\d{4}")
_PLAN_HEADING = re.compile(r"工作安排|预期目标|工作任务|计划|奋进")
_NEXT = re.compile("接下来|下一步|今后")
_RECEIVED = re.compile("收到|共收到")


@dataclass
class Lexicon:
    """The compiled word lists of rules/<lang>/lexicon.yaml."""

    cmp_symbol: dict[str, str]
    cmp_after_symbol: dict[str, str]
    inner_symbol: dict[str, str]
    change_up: list[str]
    change_down: list[str]
    to_level: list[str]
    change_fillers: list[str]
    gap_up: list[str]
    gap_down: list[str]
    benchmarks: list[str]
    stretch: re.Pattern[str]
    stretch_reset: list[str]
    target: re.Pattern[str]
    actual: re.Pattern[str]
    existing: re.Pattern[str]
    weak_actual: re.Pattern[str]
    clause_only_target: re.Pattern[str]
    periods: list[tuple[re.Pattern[str], str, bool | None]]
    section_actual: list[str]
    section_target: list[str]
    cut_after: re.Pattern[str]
    strip: list[str]
    post_stop: list[str]
    lead_strip: list[str]
    expand: dict[str, list[str]]
    generic_heads: list[str]
    scope_words: list[str]
    trailing: list[re.Pattern[str]]
    target_periods: list[re.Pattern[str]]

    @classmethod
    def from_data(cls, lex: dict[str, Any]) -> Lexicon:
        c = lex["comparators"]
        sym = {w: s for s, ws in c["before"].items() for w in ws}
        after = {w: s for s, ws in c["after"].items() for w in ws}
        inner = {w: s for s, ws in c.get("inner", {}).items() for w in ws}
        ch = lex["change"]
        k = lex["kind"]
        target_words = [w for w in k["target"] if w not in ("目标", "全年目标")]
        target_pat = "|".join([_alt(target_words).pattern] + k.get("target_patterns", []))
        actual_pat = "|".join([_alt(k["actual"]).pattern] + k.get("actual_patterns", []))
        ind = lex["indicator"]
        return cls(
            cmp_symbol=sym, cmp_after_symbol=after, inner_symbol=inner,
            change_up=ch["up"], change_down=ch["down"], to_level=ch["to_level"],
            change_fillers=ch["fillers"], gap_up=ch["gap_up"], gap_down=ch["gap_down"],
            benchmarks=ch["benchmarks"], stretch=_alt(lex["stretch"]),
            stretch_reset=lex.get("stretch_reset", []),
            target=re.compile(target_pat), actual=re.compile(actual_pat),
            existing=_alt(k.get("existing", [])), weak_actual=_alt(k.get("weak_actual", [])),
            clause_only_target=_alt(["目标", "全年目标"]),
            periods=[(re.compile(p["pattern"]), str(p["period"]), p.get("past")) for p in lex["periods"]],
            section_actual=lex["sections"]["actual"], section_target=lex["sections"]["target"],
            cut_after=_alt(ind["cut_after"]), strip=sorted(ind["strip"], key=len, reverse=True),
            post_stop=ind["post_stop"], lead_strip=ind.get("lead_strip", []), expand=ind.get("expand", {}),
            generic_heads=ind.get("generic_heads", []), scope_words=ind.get("scope_words", []),
            trailing=[re.compile(t) for t in ind.get("trailing_patterns", [])],
            target_periods=[re.compile(p["pattern"]) for p in lex["periods"] if p.get("cue") == "target"])

    # ---- tables derived once from the lists above (the resolver's hot path uses these) ---------------
    @functools.cached_property
    def to_level_words(self) -> tuple[str, ...]:
        return tuple(w for w in self.to_level if w not in ("达",))

    @functools.cached_property
    def fillers_sorted(self) -> list[tuple[str, tuple[str, ...]]]:
        """Change fillers longest first, each with the change words longer than it."""
        changes = self.change_up + self.change_down
        return [(w, tuple(v for v in changes if len(v) > len(w)))
                for w in sorted(self.change_fillers, key=len, reverse=True)]

    @functools.cached_property
    def filler_words(self) -> tuple[str, ...]:
        return tuple(self.change_fillers)

    @functools.cached_property
    def change_words(self) -> tuple[str, ...]:
        return tuple(self.change_up + self.change_down)

    @functools.cached_property
    def benchmark_words(self) -> tuple[str, ...]:
        return tuple(self.benchmarks)

    @functools.cached_property
    def changes_sorted(self) -> list[str]:
        return sorted(self.change_up + self.change_down, key=len, reverse=True)

    @functools.cached_property
    def benchmarks_sorted(self) -> list[str]:
        return sorted(self.benchmarks, key=len, reverse=True)

    @functools.cached_property
    def strip_sorted(self) -> list[str]:
        return sorted(self.strip, key=len, reverse=True)

    @functools.cached_property
    def strip_by_last(self) -> dict[str, list[int]] | None:
        """Indexes into strip_sorted of the words ending in each character (None if a word is empty)."""
        if any(not w for w in self.strip_sorted):
            return None
        out: dict[str, list[int]] = {}
        for i, w in enumerate(self.strip_sorted):
            out.setdefault(w[-1], []).append(i)
        return out

    @functools.cached_property
    def strip_set(self) -> frozenset[str]:
        return frozenset(self.strip)

    @functools.cached_property
    def lead_strip_set(self) -> frozenset[str]:
        return frozenset(self.lead_strip)

    @functools.cached_property
    def generic_head_set(self) -> frozenset[str]:
        return frozenset(self.generic_heads)

    @functools.cached_property
    def cut_after_memo(self) -> dict[str, bool]:
        return {}

    def is_cut_word(self, token: str) -> bool:
        """cut_after.fullmatch(token), memoised per token."""
        got = self.cut_after_memo.get(token)
        if got is None:
            got = self.cut_after.fullmatch(token) is not None
            if len(self.cut_after_memo) < 1 << 16:
                self.cut_after_memo[token] = got
        return got

    @functools.cached_property
    def trailing_tokens(self) -> set[str]:
        return set(self.strip) | set(self.cmp_symbol) | {"向", "的", "有", "是", "在", "达"}

    @functools.cached_property
    def fast_target(self) -> re.Pattern[str]:
        return scanner(self.target)

    @functools.cached_property
    def fast_actual(self) -> re.Pattern[str]:
        return scanner(self.actual)

    @functools.cached_property
    def past_periods(self) -> list[re.Pattern[str]]:
        return [rx for rx, _p, past in self.periods if past is True]

    @functools.cached_property
    def any_target_period(self) -> re.Pattern[str] | None:
        return _any_of(self.target_periods)

    @functools.cached_property
    def any_past_period(self) -> re.Pattern[str] | None:
        return _any_of(self.past_periods)

    @functools.cached_property
    def any_period(self) -> re.Pattern[str] | None:
        return _any_of([rx for rx, _p, _past in self.periods])

    @functools.cached_property
    def period_chars(self) -> re.Pattern[str] | None:
        """Characters every period expression contains one of (a text without them has no period)."""
        return required(self.any_period) if self.any_period is not None else None

    @functools.cached_property
    def cue_chars(self) -> re.Pattern[str] | None:
        return required(self.any_cue) if self.any_cue is not None else None

    @functools.cached_property
    def any_cue(self) -> re.Pattern[str] | None:
        return _any_of([self.existing, self.target, self.clause_only_target, self.actual, *self.target_periods,
                        *self.past_periods])

    @functools.cached_property
    def any_paragraph_cue(self) -> re.Pattern[str] | None:
        return _any_of([*self.past_periods, _NEXT, _RECEIVED])


def _span(view: str, pos: int, ends: str) -> tuple[int, int]:
    """The span around pos bounded by any of the `ends` characters."""
    s = pos
    while s > 0 and view[s - 1] not in ends:
        s -= 1
    e = pos
    while e < len(view) and view[e] not in ends:
        e += 1
    return s, e


def document_year(text: str, st: Structure) -> int | None:
    """The year the document plans for: a year in a plan heading, else the most frequent year (later wins ties)."""
    for s, e, _lvl in st.heading_spans:
        line = text[s:e]
        m = YEAR.search(line)
        if m and _PLAN_HEADING.search(line):
            return int(m.group(1))
    m = re.search(r"(20\d\d)年?(?:工作安排|政府工作报告|主要预期目标)", text)
    if m:
        return int(m.group(1))
    if not st.years:
        return None
    counts = Counter(st.years)
    return max(counts, key=lambda y: (counts[y], y))


def place_name(text: str) -> str | None:
    """The document's own place (鹤山 from 鹤山市): the name before 市/县/区 that the text mentions most."""
    names = set(re.findall(r"([\u4e00-\u9fff]{2})(?:市|县|区)", text))
    names -= {"全市", "全县", "全区", "城市", "本市", "我市", "各市", "城区", "园区", "社区", "山区", "地区", "市县"}
    scored = sorted(((text.count(n), n) for n in names), reverse=True)
    return scored[0][1] if scored and scored[0][0] >= 3 else None


class Resolver:
    """Resolve the meaning of the figures of one document."""

    def __init__(self, st: Structure, lex: Lexicon, glossary: Glossary, year: int | None,
                 place: str | None) -> None:
        self.st = st
        self.view = st.view
        self.lex = lex
        self.glossary = glossary
        self.year = year
        self.doc_year = year
        self.place = place
        self._ends: dict[str, list[int]] = {}        # view offsets of each set of boundary characters
        self._spans: dict[tuple[int, str], tuple[int, int]] = {}
        self._memo: dict[tuple[Any, ...], Any] = {}   # per document: work on texts repeated across its figures

    def _span_of(self, pos: int, ends: str) -> tuple[int, int]:
        """_span(self.view, pos, ends), by bisecting the offsets of the boundary characters (found once)."""
        key = (pos, ends)
        got = self._spans.get(key)
        if got is not None:
            return got
        b = self._ends.get(ends)
        if b is None:
            b = [m.start() for m in re.finditer("[" + re.escape(ends) + "]", self.view)] if ends else []
            self._ends[ends] = b
        i = bisect.bisect_left(b, pos)
        got = (b[i - 1] + 1 if i else 0), (b[i] if i < len(b) else len(self.view))
        self._spans[key] = got
        return got

    # ---- comparators -------------------------------------------------------------------
    def comparator(self, f: Figure) -> str:
        if f.value_max is not None:
            return "range"
        if f.cmp_after:
            return self.lex.cmp_after_symbol[f.cmp_after]
        if f.cmp_inner:
            return self.lex.inner_symbol.get(f.cmp_inner, ">")
        if f.cmp_before:
            return self.lex.cmp_symbol[f.cmp_before]
        return "="

    # ---- measure -----------------------------------------------------------------------
    def measure(self, f: Figure, clause_start: int) -> None:
        lex = self.lex
        prefix = self.view[clause_start:f.vstart]
        if prefix.endswith(lex.to_level_words):
            f.own_verb = True
            return
        p = prefix
        changed = True
        fillers = lex.filler_words
        while changed and p and p.endswith(fillers):
            changed = False
            for w, longer in lex.fillers_sorted:
                if p.endswith(w) and not p.endswith(longer):
                    p = p[: -len(w)]
                    changed = True
                    break
        if p.endswith(lex.change_words):
            for w in lex.changes_sorted:       # the longest change word the prefix ends with
                if p.endswith(w):
                    if w in ("增", "减", "降", "涨") and p.endswith(("新增", "净增")):
                        break
                    f.measure = "change"
                    f.sign = -1 if w in self.lex.change_down else 1
                    f.own_verb = True
                    break
        elif p.endswith(lex.benchmark_words):
            for bench in lex.benchmarks_sorted:
                if p.endswith(bench):
                    head = p[: -len(bench)]
                    for gap in self.lex.gap_up + self.lex.gap_down:
                        if head.endswith(gap) or head.endswith(gap + "同期"):
                            f.measure = "change"
                            f.sign = -1 if gap in self.lex.gap_down else 1
                            f.own_verb = True
                            f.comparator = "="
                            return
        if f.unit is not None and f.unit.dimension == "multiple" and f.measure == "change":
            f.as_percent_change = True

    # ---- indicator ---------------------------------------------------------------------
    def post_phrase(self, f: Figure) -> str:
        """The noun phrase right after a quantity (推动40个工业项目动工 → 工业项目)."""
        if f.dimension in ("ratio", "ratio_change", "multiple", "number") or f.cmp_after:
            if not (f.dimension == "count" and f.cmp_after in ("以上", "及以上")):
                return ""
        rest = self.view[f.vend:f.vend + 16]
        m = _POST_WORDS.match(rest)
        if not m:
            return ""
        pair = segment.first_tagged(rest[:12])     # segment.tagged(rest[:12])[0]
        if pair is None:
            return ""
        first, flag = pair
        listed = self.view[max(0, f.vstart - 1):f.vstart] == "等"
        if first not in ("“", '"') and not listed and flag[:1] in ("v", "p", "d", "c", "u", "x", "m", "r", "q"):
            return ""
        phrase = m.group()
        comma = phrase.find("、")
        if comma > 3 or comma == 0:
            phrase = phrase[:max(comma, 0)]
        cut = len(phrase)
        for w in self.lex.post_stop:
            i = phrase.find(w)
            if 0 <= i < cut:
                cut = i
        phrase = phrase[:cut]
        return phrase if len(phrase.strip("“”\"")) >= 2 else ""

    def pre_phrase(self, start: int, end: int) -> str:
        """The indicator phrase before a figure, from a clause start (or previous figure) to it.

        Works on jieba words so that a cue word never splits a longer word (公共, 增加值).
        """
        p = self.view[start:end]
        p = _LEAD_JUNK.sub("", p)
        p = _YEAR_WORDS.sub("", p)
        lex = self.lex
        strip_sorted = lex.strip_sorted
        strip_any = tuple(strip_sorted)
        by_last = lex.strip_by_last
        changed = True
        while changed:
            changed = False
            for rx in lex.trailing:
                q = rx.sub("", p)
                if q != p:
                    p, changed = q, True
            if not p.endswith(strip_any):
                continue
            if by_last is None:
                for w in strip_sorted:
                    if p.endswith(w):
                        p, changed = p[: -len(w)], True
                continue
            # one pass over strip_sorted, each word tried against the phrase as it is by then; only words
            # ending in the phrase's last character can match, so only those are tried
            k = 0
            while p:
                idx = by_last.get(p[-1])
                if not idx:
                    break
                i = bisect.bisect_left(idx, k)
                while i < len(idx) and not p.endswith(strip_sorted[idx[i]]):
                    i += 1
                if i == len(idx):
                    break
                w = strip_sorted[idx[i]]
                p, changed = p[: -len(w)], True
                k = idx[i] + 1
        tokens = [t for t in segment.words(p) if t.strip()]
        trailing = lex.trailing_tokens
        while tokens and tokens[-1] in trailing:
            tokens.pop()
        is_cut = lex.is_cut_word
        cut = [i for i, t in enumerate(tokens) if is_cut(t)]
        if cut:
            rest = tokens[cut[-1] + 1:]
            if not rest:
                rest = [t for t in tokens[:cut[-1]] if not is_cut(t)]
                j = max((i for i, t in enumerate(tokens[:cut[-1]]) if is_cut(t)), default=-1)
                rest = tokens[j + 1:cut[-1]] if j + 1 < cut[-1] else []
                if len("".join(rest)) < 2:
                    rest = []
            tokens = rest
        lead_strip = lex.lead_strip_set
        while tokens and tokens[0] in lead_strip:
            tokens.pop(0)
        strip_set = lex.strip_set
        tokens = [t for t in tokens if t not in strip_set or len(tokens) == 1]
        return "".join(tokens).strip(" ，,、：:“”\"")

    def indicator(self, f: Figure, clause_start: int, prev: Figure | None, sent_start: int) -> None:
        start = clause_start
        if prev is not None and prev.vend > start:
            start = prev.vend
        phrase = self.post_phrase(f)
        if not phrase:
            phrase = self.pre_phrase(start, f.vstart)
        if not phrase and prev is not None and prev.vend >= sent_start:
            self._carry_indicator(f, prev)
            return
        generic = self.lex.generic_head_set
        if phrase in generic:
            whole = self.view[start:f.vstart]
            for w in sorted(set(self.lex.strip) | {m.group() for m in self.lex.cut_after.finditer(whole)},
                            key=len, reverse=True):
                whole = whole.replace(w, "")
            if self.glossary.lookup(whole, self.place):
                phrase = whole
        if phrase in generic:
            best = None
            for end, alias, ind in self.glossary.find_in(self.view[sent_start:f.vstart]):
                if alias.endswith(phrase) and (best is None or end > best[0]):
                    best = (end, alias, ind)
            if best:
                phrase = self.view[sent_start + best[0] - len(best[1]):sent_start + best[0]]
        if not phrase:
            secs = self.st.section_at(self.st.vmap[f.vstart])
            phrase = secs[-1] if secs else (self.st.title or "?")
            f.own_indicator = False
        f.indicator = phrase
        ind = self.glossary.lookup(phrase, self.place)
        if ind is not None:
            f.indicator_id, f.labels = ind.id, ind.labels()

    # ---- 分别 lists --------------------------------------------------------------------
    def respective(self, figs: list[Figure]) -> None:
        """分别 lists: pair each figure with its own indicator; comparators and verbs as the spec says."""
        view = self.view
        starts = [f.vstart for f in figs]
        ordered = all(a <= b for a, b in zip(starts, starts[1:], strict=False))
        for m in re.finditer("分别", view):
            # the figures after 分别 (and, below, those earlier in its sentence), by bisecting when in order
            after = figs[bisect.bisect_left(starts, m.end()):] if ordered else [f for f in figs if f.vstart >= m.end()]
            if not after or after[0].vstart - m.end() > 6:
                continue
            group = [after[0]]
            for f in after[1:]:
                gap = view[group[-1].vend:f.vstart]
                if re.fullmatch(r"[、和及与,，]\s*", gap):
                    group.append(f)
                else:
                    break
            if len(group) < 2:
                continue
            self._share_list_words(group, keep_own_verb=False)
            s0, _ = self._span_of(m.start(), SENT_END)
            earlier = figs[bisect.bisect_left(starts, s0):bisect.bisect_left(starts, m.start())] if ordered else \
                [f for f in figs if s0 <= f.vstart < m.start()]
            names: list[tuple[str, str | None, dict[str, str]]] = []
            cstart = self._span_of(m.start(), CLAUSE_END.replace("、", ""))[0]
            cstart = max([cstart] + [e.vend for e in earlier if e.vend <= m.start()])
            subject = self.pre_phrase(cstart, m.start())
            items = [x for x in re.split(r"[、和及与]", subject) if x]
            if subject and len(items) == len(group):
                names = [self._named(x) for x in items]
            elif subject:
                for key, parts in self.lex.expand.items():
                    if key in subject and len(parts) == len(group):
                        names = [self._named(subject.replace(key, p, 1)) for p in parts]
                        break
            if not names and len(earlier) >= len(group):
                names = [(e.indicator, e.indicator_id, e.labels) for e in earlier[-len(group):]]
            for f, (name, iid, labels) in zip(group, names, strict=False):
                f.indicator, f.indicator_id, f.labels = name, iid, labels

    @staticmethod
    def _share_list_words(group: list[Figure], keep_own_verb: bool) -> None:
        """A comparator word before a list applies to every figure, and so does the first figure's verb
        (records.md: a word after the list binds to the last figure only). keep_own_verb: a later figure with
        its own verb keeps its measure unless the first is a change."""
        first = group[0]
        for f in group[1:]:
            if not f.cmp_before and not f.cmp_after and first.cmp_before:
                f.comparator = first.comparator
            if not keep_own_verb or not f.own_verb or first.measure == "change":
                f.measure, f.sign = first.measure, first.sign

    def _carry_indicator(self, f: Figure, prev: Figure) -> None:
        """The figure takes the indicator (and, without a verb of its own, the change) of the figure before it."""
        f.own_indicator = False
        f.indicator, f.indicator_id, f.labels = prev.indicator, prev.indicator_id, dict(prev.labels)
        if not f.own_verb and prev.measure == "change" and f.dimension == prev.dimension:
            f.measure, f.sign = prev.measure, prev.sign

    def _named(self, phrase: str) -> tuple[str, str | None, dict[str, str]]:
        ind = self.glossary.lookup(phrase, self.place)
        return (phrase, ind.id, ind.labels()) if ind else (phrase, None, {})

    # ---- kind, period, stretch ---------------------------------------------------------
    def _attributive_start(self, clause_start: int, pos: int) -> int:
        """Start of an attributive phrase ending in 的 right before pos (上半年申报的54家): cues there don't count."""
        if pos <= clause_start or self.view[pos - 1] != "的":
            return pos
        seg = self.view[clause_start:pos]
        last = None
        for m in self.lex.fast_target.finditer(seg):
            last = m
        for m in re.finditer("等", seg):
            if last is None or m.end() > last.end():
                last = m
        return clause_start + (last.end() if last else 0)

    def _cue(self, text: str, allow_noun_target: bool) -> tuple[int, str] | None:
        """The last kind cue in a text as (position, kind)."""
        key = ("cue", text, allow_noun_target, self.year)
        if key in self._memo:
            return self._memo[key]      # type: ignore[no-any-return]
        got = self._cue_uncached(text, allow_noun_target)
        self._memo[key] = got
        return got

    def _cue_uncached(self, text: str, allow_noun_target: bool) -> tuple[int, str] | None:
        chars, any_cue = self.lex.cue_chars, self.lex.any_cue
        if (chars is not None and not chars.search(text)) or (any_cue is not None and not any_cue.search(text)):
            return None
        best: tuple[int, str] | None = None
        for m in self.lex.existing.finditer(text):
            best = max(best or (-1, ""), (m.end(), "actual!"))
        for m in self.lex.fast_target.finditer(text):
            best = max(best or (-1, ""), (m.end(), "target"))
        if allow_noun_target:
            for m in self.lex.clause_only_target.finditer(text):
                best = max(best or (-1, ""), (m.end(), "target"))
        for m in self.lex.fast_actual.finditer(text):
            best = max(best or (-1, ""), (m.end(), "actual"))
        any_target_period = self.lex.any_target_period
        if any_target_period is None or any_target_period.search(text):
            for rx in self.lex.target_periods:
                for m in rx.finditer(text):
                    if self.year is None or int(m.group(1)) >= self.year:
                        best = max(best or (-1, ""), (m.end(), "target"))
        any_past = self.lex.any_past_period
        if any_past is None or any_past.search(text):
            for rx in self.lex.past_periods:
                for m in rx.finditer(text):
                    best = max(best or (-1, ""), (m.end(), "actual"))
        return best

    def _period_in(self, text: str, want_past: bool | None) -> str | None:
        key = ("period", text, want_past, self.year)
        if key in self._memo:
            return self._memo[key]      # type: ignore[no-any-return]
        chars, any_period = self.lex.period_chars, self.lex.any_period
        if (chars is not None and not chars.search(text)) or (any_period is not None and not any_period.search(text)):
            got = None
        else:
            got = self._period_in_uncached(text, want_past)
        self._memo[key] = got
        return got

    def _period_in_uncached(self, text: str, want_past: bool | None) -> str | None:
        for rx, period, past in self.lex.periods:
            if want_past is True and past is False:
                continue
            m = rx.search(text)     # the first of finditer's matches
            if m:
                return self._fmt(period, m)
        return None

    def _fmt(self, period: str, m: re.Match[str]) -> str | None:
        y = self.year
        if "{Y" in period and y is None:
            return None

        def sub(mm: re.Match[str]) -> str:
            expr = mm.group(1)
            if expr.startswith("Y"):
                return _year_expr(expr, y)
            idx, _, fmt = expr.partition(":")
            val = m.group(int(idx))
            return format(int(val), fmt) if fmt else val
        return _PLACEHOLDER.sub(sub, period)

    def kind_period_stretch(self, f: Figure) -> None:
        self.year = self.doc_year
        view = self.view
        cs, ce = self._span_of(f.vstart, CLAUSE_END)
        ss, se = self._span_of(f.vstart, SENT_END)
        ps, pe = self.st.paragraph_of(f.vstart)
        attr = self._attributive_start(cs, f.vstart)
        clause_pre = view[cs:attr]
        clause_post = view[f.vend:ce]
        kind = None
        cue = self._cue(clause_pre, True)
        if cue and cue[1] == "actual!":
            kind = "actual"
        elif self.lex.weak_actual.search(clause_pre) and (cue is None or cue[1] == "actual"):
            kind = "actual"
        elif cue:
            kind = cue[1]
            if kind == "target" and clause_pre[max(0, cue[0] - 2):cue[0]] == "争取" \
                    and self._section_kind(f) == "actual":
                kind = "actual"      # 争取 in a review of results means "secured"
        elif self.lex.clause_only_target.search(clause_post) or self.lex.stretch.search(clause_post):
            kind = "target"
        if kind is None:
            cue = self._cue(view[ss:cs], False)
            if cue:
                kind = cue[1].rstrip("!")
        para_context = view[ps:ss]
        if f.vstart >= ps and self._is_item(f):
            para_context = self._intro_paragraph(f) + para_context
        if kind is None:
            kind = self._paragraph_kind(para_context)
        heading_kind = None
        if kind is None:
            heading_kind = self._section_kind(f)
            kind = heading_kind
        if kind is None:
            kind = "target"
        f.kind = kind
        if kind == "actual":
            # relative periods (上半年, 前三季度) in a review count from the year the section reviews
            sp = self._section_period(f)
            if sp and _FOUR_DIGITS.fullmatch(sp):
                self.year = int(sp)
        # period: clause, sentence, paragraph, section, default
        texts = [clause_pre, view[ss:cs], para_context] if kind == "actual" else [view[cs:ce]]
        period = None
        if kind == "actual":
            for t in texts:
                period = self._period_in(t, True)
                if period:
                    break
        if period is None:
            for t in texts:
                period = self._period_in(t, None)
                if period:
                    break
        if period is None:
            period = self._section_period(f)
        if period is None and self.year is not None:
            period = str(self.year) if kind == "target" else None
        f.period = period
        # stretch: a stretch word in the clause, or earlier in the sentence scope without a reset
        if kind != "target":
            f.stretch = False
            return
        scs, _ = self._span_of(f.vstart, SCOPE_END)
        if self.lex.stretch.search(view[cs:ce]):
            f.stretch = True
            return
        pos = cs
        resets = tuple(self.lex.stretch_reset)
        while pos > scs:
            pcs, _ = self._span_of(pos - 1, CLAUSE_END)
            clause = view[pcs:pos - 1]
            if view.startswith(resets, pos):
                break
            if self.lex.stretch.search(clause):
                f.stretch = True
                return
            pos = pcs

    def _is_item(self, f: Figure) -> bool:
        line = self.st.line_at(self.st.vmap[f.vstart])
        return line is not None and line.kind == "item"

    def _intro_paragraph(self, f: Figure) -> str:
        """The paragraph that introduces a list an item belongs to (text before the list)."""
        i = bisect.bisect_right(self.st.paragraph_starts, f.vstart) - 1
        key = ("intro", i)
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = self._intro_before(i)
        return got      # type: ignore[no-any-return]

    def _intro_before(self, i: int) -> str:
        while i > 0:
            i -= 1
            s, e = self.st.paragraphs[i]
            line = self.st.line_at(self.st.vmap[s])
            if line is None or line.kind == "heading":
                return ""
            if line.kind == "para":
                return self.view[s:e]
        return ""

    def _paragraph_kind(self, text: str) -> str | None:
        key = ("paragraph", text)
        if key in self._memo:
            return self._memo[key]      # type: ignore[no-any-return]
        any_cue = self.lex.any_paragraph_cue
        if any_cue is not None and not any_cue.search(text):
            self._memo[key] = None
            return None
        best = None
        for rx in self.lex.past_periods:
            for m in rx.finditer(text):
                best = max(best or (-1, ""), (m.end(), "actual"))
        for m in _NEXT.finditer(text):
            best = max(best or (-1, ""), (m.end(), "target"))
        for m in _RECEIVED.finditer(text):
            best = max(best or (-1, ""), (m.end(), "actual"))
        got = best[1] if best else None
        self._memo[key] = got
        return got

    def _headings(self, f: Figure) -> list[str]:
        """Enclosing headings, innermost first, then the document title as the outermost context."""
        return list(reversed(self.st.section_at(self.st.vmap[f.vstart]))) + [self.st.title]

    def _section_kind(self, f: Figure) -> str | None:
        key = ("section kind", self.st.section_at(self.st.vmap[f.vstart]), self.year)
        if key in self._memo:
            return self._memo[key]      # type: ignore[no-any-return]
        got = self._section_kind_uncached(f)
        self._memo[key] = got
        return got

    def _heading_kind(self, heading: str) -> str | None:
        """actual for a review heading, target for a plan heading, else None."""
        if any(w in heading for w in self.lex.section_actual):
            return "actual"
        if any(w in heading for w in self.lex.section_target):
            return "target"
        return None

    def _section_kind_uncached(self, f: Figure) -> str | None:
        for h in self._headings(f):
            kind = self._heading_kind(h)
            if kind:
                return kind
            m = YEAR.search(h)
            if m and self.year and int(m.group(1)) < self.year:
                return "actual"
        return None

    def _section_period(self, f: Figure) -> str | None:
        """The period a heading names (2024年工作回顾 → 2024, 过去五年工作回顾 → a span), innermost first."""
        secs = self.st.section_at(self.st.vmap[f.vstart])
        key = ("section period", secs, self.year)
        if key in self._memo:
            return self._memo[key]      # type: ignore[no-any-return]
        got = self._section_period_of(secs)
        self._memo[key] = got
        return got

    def _section_period_of(self, secs: tuple[str, ...]) -> str | None:
        for h in reversed(secs):
            got = self._period_in(h, None)
            if got:
                return got
            m = YEAR.search(h)
            if m:
                return m.group(1)
        return None

    # ---- all together ------------------------------------------------------------------
    def resolve(self, figs: list[Figure]) -> None:
        prev: Figure | None = None
        for f in figs:
            cs, _ = self._span_of(f.vstart, CLAUSE_END)
            ss, _ = self._span_of(f.vstart, SENT_END)
            if f.comparator == "=":
                f.comparator = self.comparator(f)
            if f.match.groups.get("w"):
                f.measure, f.own_verb = "change", True
            else:
                self.measure(f, cs)
            same_sentence_prev = prev if prev is not None and prev.vend >= ss else None
            self.indicator(f, cs, same_sentence_prev, ss)
            if f.unit is None and f.dimension == "number" and f.indicator_id:
                hint = self.glossary.indicators[f.indicator_id].unit_hint
                self._apply_hint(f, hint)
            elif f.unit is None:
                self._context_unit(f, ss)
            prev = f
        self.respective(figs)
        for f in figs:
            self.kind_period_stretch(f)

    def _apply_hint(self, f: Figure, hint: str | None) -> None:
        from fractions import Fraction

        from .quantities.units import Unit
        if hint == "money":
            f.unit = Unit("元", "money", "CNY", Fraction(1))
        elif hint == "count":
            f.unit = Unit("人", "count", "count", Fraction(1))

    def _context_unit(self, f: Figure, sent_start: int) -> None:
        """A bare 500亿 after money in the same sentence is money (records.md section 3)."""
        money_before = _MONEY_BEFORE.search(self.view, sent_start, f.vstart)
        if money_before and f.match.groups.get("s1") in ("亿", "万亿"):
            self._apply_hint(f, "money")
        elif _PEOPLE.search(f.indicator):
            self._apply_hint(f, "count")
