"""The lexicon of a language (rules/<lang>/lexicon.yaml), validated against one schema and compiled once."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..quantities.regex import any_of, required, scanner
from ..schema import validate
from ..yamlio import load_rule_file
from .periods import PeriodTemplate
from .words import Words


@dataclass(frozen=True)
class Period:
    """One time expression: its pattern, the period it names, whether it is past, whether it cues a target."""

    rx: re.Pattern[str]
    template: PeriodTemplate
    past: bool | str | None     # True, False, None (either) or "year" (past when its year is before the document's)
    cue: str | None


class Lexicon:
    """Every word list and pattern the resolver reads, compiled the way the language matches words."""

    def __init__(self, data: dict[str, Any], path: str = "<lexicon>") -> None:
        self.data = data
        self.path = path
        m = data["matching"]
        self.whole_words: bool = m["whole_words"]
        self.ignore_case: bool = m["ignore_case"]
        self.flags = re.IGNORECASE if self.ignore_case else 0
        w = self.words
        c = data["comparators"]
        self.cmp_before = self._symbols(c["before"])
        self.cmp_after = self._symbols(c["after"])
        self.cmp_inner = self._symbols(c.get("inner", {}))
        ch = data["change"]
        self.up, self.down = w(ch["up"]), w(ch["down"])
        self.change = w(ch["up"] + ch["down"])
        self.to_level, self.fillers = w(ch["to_level"]), w(ch["fillers"])
        self.gap_up, self.gap_down = w(ch.get("gap_up", [])), w(ch.get("gap_down", []))
        self.gap_patterns = [(self._rx(g["pattern"]), int(g["sign"])) for g in ch.get("gap_patterns", [])]
        self.benchmarks, self.benchmark_fillers = w(ch.get("benchmarks", [])), w(ch.get("benchmark_fillers", []))
        self.blocked_by = w(ch.get("blocked_by", []))
        self.by_marker = w(ch.get("by_marker", []))
        self.by_up, self.by_down = w(ch.get("by_verbs_up", [])), w(ch.get("by_verbs_down", []))
        self.by_relief = w(ch.get("by_relief", []))
        self.after_up, self.after_down = w(ch.get("after_up", [])), w(ch.get("after_down", []))
        self.after_gap = w(ch.get("after_gap", []))
        self.down_object = self._rx(ch["down_object"]) if "down_object" in ch else None
        self.change_subject = self._rx(ch["change_subject"]) if "change_subject" in ch else None
        self.hold = w(ch.get("hold_verbs", []))
        self.multiple_words = {str(k): v for k, v in data["multiple_words"].items()}
        self.fraction_words = {str(k): v for k, v in data.get("fraction_words", {}).items()}
        self.word_values = {**self.multiple_words, **self.fraction_words}     # what a word form is worth
        self.stretch, self.stretch_reset = w(data["stretch"]), w(data["stretch_reset"])
        k = data["kind"]
        self.target = self._cues(k["target"], k.get("target_patterns", []))
        self.cue_words = w([*k["target"], *k["actual"], *k.get("existing", []), *k.get("noun_target", [])])
        self.actual = self._cues(k["actual"], k.get("actual_patterns", []))
        self.existing, self.weak_actual = w(k.get("existing", [])), w(k.get("weak_actual", []))
        self.target_weak = w(k.get("target_weak", []))
        self.not_cue = [self._rx(p) for p in k.get("not_cue_patterns", [])]
        self.noun_target, self.secured_in_review = w(k.get("noun_target", [])), w(k.get("secured_in_review", []))
        self.attributive_end: str = k.get("attributive_end", "")
        self.attributive_reset = w(k.get("attributive_reset", []))
        self.after_actual = [self._rx(p) for p in k.get("after_actual_patterns", [])]
        self.paragraph_target = w(k.get("paragraph_target", []))
        self.paragraph_actual = w(k.get("paragraph_actual", []))
        self.periods = []
        for p in data["periods"]:
            rx = re.compile(p["pattern"], self.flags)
            self.periods.append(Period(rx, PeriodTemplate(str(p["period"]), rx.groups), p.get("past"), p.get("cue")))
        self.period_from = w(data.get("period_from", []))
        self.period_base = w(data.get("period_base", []))
        self.period_lead_words = w(data.get("period_lead_words", []))
        self.topic_words = w(data.get("period_topic_words", []))
        span = data.get("period_span") or {}
        self.span_end = w([*ch["to_level"], *span.get("end_words", [])])
        self.span_keep = w(span.get("keep_words", []))
        self.months = {str(k).lower(): int(v) for k, v in (data.get("months") or {}).items()}
        s = data["sections"]
        self.section_actual, self.section_target = w(s["actual"]), w(s["target"])
        ind = data["indicator"]
        self.cut_after, self.strip, self.post_stop = w(ind["cut_after"]), w(ind["strip"]), w(ind["post_stop"])
        self.lead_strip = w(ind.get("lead_strip", []))
        self.expand = {str(k): [str(p) for p in v] for k, v in (ind.get("expand") or {}).items()}
        self.generic_heads = w(ind.get("generic_heads", []))
        self.id_prefixes, self.id_suffixes = list(ind.get("id_prefixes", [])), list(ind.get("id_suffixes", []))
        self.scope_words = list(ind.get("scope_words", []))
        self.trailing = [self._rx(p) for p in ind.get("trailing_patterns", [])]
        self.drop = [self._rx(p) for p in ind.get("drop_patterns", [])]
        self.trailing_tokens = frozenset(ind.get("trailing_tokens", []))
        self.back_reference = w(ind.get("back_reference", []))
        self.post_pattern = self._rx(ind["post_pattern"]) if "post_pattern" in ind else None
        self.list_joiner = self._rx(ind.get("list_joiner", r"(?!)"))
        self.list_subject_split = self._rx(ind.get("list_subject_split", r"(?!)"))
        self.list_levels_gap = self._rx(ind["list_levels_gap"]) if "list_levels_gap" in ind else None
        self.listing_words = w(ind.get("listing_words", []))
        self.share = self._rx(ind["share_pattern"]) if "share_pattern" in ind else None
        self.share_after = self._rx(ind["share_after_pattern"]) if "share_after_pattern" in ind else None
        self.share_template: str = ind.get("share_template", "")
        self.relative = [self._rx(p) for p in ind.get("relative_patterns", [])]
        self.relative_after = [self._rx(p) for p in ind.get("relative_after_patterns", [])]
        self.strip_chars: str = ind.get("strip_chars", " ")
        n = data.get("noun_phrases") or {}
        opt = {k: self._rx(v) for k, v in n.items()}
        self.of_amount, self.no_object_word = opt.get("of_amount"), opt.get("no_object_word")
        self.phrase_end, self.lead_scale = opt.get("phrase_end"), opt.get("lead_scale")
        self.tail_not = opt.get("tail_not")
        self.object_after = {k: opt[f"object_after_{k}"] for k in ("word", "ratio", "amount")
                             if f"object_after_{k}" in opt}
        lists = data["lists"]
        self.list_marker = w(lists["marker"])
        self.list_before = lists["position"] == "before"
        self.list_max_gap = int(lists.get("max_gap", 6))
        self.list_object_after = self._rx(lists["object_after"]) if "object_after" in lists else None
        r = data["records"]
        self.structural_nouns = w(r.get("structural_nouns", []))
        self.rank_before = [self._rx(p) for p in r.get("rank_patterns", [])]
        self.rank_pairs = [(self._rx(p["before"]), self._rx(p["after"])) for p in r.get("rank_pairs", [])]
        self.rank_after = [self._rx(p) for p in r.get("rank_after_patterns", [])]
        self.not_count_nouns = w(r.get("not_count_nouns", []))
        self.article_numerals = w(r.get("article_numerals", []))
        self.scale_only_numerals = frozenset(r.get("scale_only_numerals", []))
        self.year_like = self._rx(r["year_like"]) if "year_like" in r else None
        self.class_after_words = frozenset(r.get("class_after_words", []))
        self.class_next = self._rx(r["class_next"]) if "class_next" in r else None
        self.class_after = [self._rx(p) for p in r.get("class_after_patterns", [])]
        self.class_before = self._rx(r["class_before"]) if "class_before" in r else None
        self.class_before_words = frozenset(r.get("class_before_words", []))
        self.class_before_patterns = [self._rx(p) for p in r.get("class_before_patterns", [])]
        self.not_record_after = [self._rx(p) for p in r.get("not_record_after_patterns", [])]
        u = data.get("unit_context") or {}
        self.money_before, self.people = w(u.get("money_before", [])), w(u.get("people", []))
        self.money_scales = frozenset(u.get("money_scales", []))
        d = data["document"]
        self.head_lines: int = d["head_lines"]
        self.delivery_patterns = [self._rx(p) for p in d["delivery_patterns"]]
        self.national = [self._rx(p) for p in d.get("national", [])]
        self.national_place: str = d["national_place"]
        self.title_patterns = [self._rx(p) for p in d.get("title_patterns", [])]
        self.issuer_patterns = [self._rx(p) for p in d.get("issuer_patterns", [])]
        self.title_cut = self._rx(d["title_cut"]) if "title_cut" in d else None
        self.place_rewrites: dict[str, str] = dict(d.get("place_rewrites", {}))
        self.plan_heading = w(d["plan_heading"])
        self.place_pattern = self._rx(d["place_pattern"]) if "place_pattern" in d else None
        self.place_suffixes: list[str] = list(d.get("place_suffixes", []))
        self.not_places = frozenset(d.get("not_places", []))
        self.place_min_mentions = int(d.get("place_min_mentions", 3))
        un = data.get("unmatched") or {}
        self.skip_after = [self._rx(p) for p in un.get("skip_after", [])]
        self.skip_before = [self._rx(p) for p in un.get("skip_before", [])]
        res = data["resolution"]
        self.kind_steps: tuple[str, ...] = tuple(res["kind_steps"])
        self.period_scopes = {k: tuple(v) for k, v in res["period_scopes"].items()}
        self.after_target_scope: str = res["after_target_scope"]
        self.after_target_words = self.noun_target if res["after_target_words"] == "noun_target" else \
            Words([*k["target"], *self.noun_target.words], self.whole_words, self.ignore_case)
        self.stretch_reset_anywhere = res["stretch_reset_at"] == "anywhere"

    @classmethod
    def load(cls, path: str | Path) -> Lexicon:
        """Read, validate (file:line: key: problem) and compile a lexicon file."""
        data, lines = load_rule_file(path)
        validate(data, lines)
        return cls(data, str(path))

    # ---- building blocks ---------------------------------------------------------------------------
    def words(self, words: list[str]) -> Words:
        return Words(words, self.whole_words, self.ignore_case)

    @staticmethod
    def _rx(pattern: str) -> re.Pattern[str]:
        """A pattern of the lexicon, as written (case matters unless it says (?i); word lists ignore case
        where the language's `matching` says so, and so do time expressions)."""
        return re.compile(pattern)

    def _symbols(self, by_symbol: dict[str, list[str]]) -> dict[str, str]:
        w = Words([], self.whole_words, self.ignore_case)
        return {w.key(word): sym for sym, ws in by_symbol.items() for word in ws}

    def _cues(self, words: list[str], patterns: list[str]) -> re.Pattern[str]:
        alts = [self.words(words).rx.pattern, *patterns] if words else list(patterns)
        return scanner(re.compile("|".join(f"(?:{a})" for a in alts) or "(?!)", self.flags))

    def key(self, word: str) -> str:
        """A word as the comparator tables hold it."""
        return " ".join(word.lower().split()) if self.ignore_case else word

    # ---- derived word sets ------------------------------------------------------------------------------
    @functools.cached_property
    def phrase_end_words(self) -> Words:
        """Words stripped from the end of an indicator phrase: strip words, change and level verbs."""
        return self.words([*self.strip.words, *self.change.words, *self.to_level.words])

    @functools.cached_property
    def phrase_start_words(self) -> Words:
        """Words stripped from the start of an indicator phrase."""
        return self.words([*self.strip.words, *self.lead_strip.words])

    @functools.cached_property
    def trailing_tokens_all(self) -> frozenset[str]:
        """Tokens that never end an indicator phrase: strip words, comparator words and trailing tokens."""
        return frozenset(self.strip.words) | frozenset(self.cmp_before) | self.trailing_tokens

    @functools.cached_property
    def strip_by_last(self) -> dict[str, list[int]]:
        """Indexes into strip.words of the words ending in each character."""
        out: dict[str, list[int]] = {}
        for i, w in enumerate(self.strip.words):
            out.setdefault(w[-1], []).append(i)
        return out

    # ---- prefilters: a text without any of these cannot hold a cue or a period -----------------------
    @functools.cached_property
    def target_periods(self) -> list[Period]:
        return [p for p in self.periods if p.cue == "target"]

    @functools.cached_property
    def past_periods(self) -> list[Period]:
        return [p for p in self.periods if p.past is True]

    @functools.cached_property
    def any_period(self) -> re.Pattern[str] | None:
        return any_of([p.rx for p in self.periods])

    @functools.cached_property
    def period_chars(self) -> re.Pattern[str] | None:
        return required(self.any_period) if self.any_period is not None and not self.flags else None

    @functools.cached_property
    def any_cue(self) -> re.Pattern[str] | None:
        return any_of([self.existing.rx, self.target, self.noun_target.rx, self.actual,
                       *[p.rx for p in self.periods]])
