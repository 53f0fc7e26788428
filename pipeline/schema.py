"""Rule-file schemas (lexicon, structure, units, glossary, tracking): every key, its type, whether required;
checked with file and line."""

from __future__ import annotations

from typing import Any

from .quantities.safety import compile_safe
from .yamlio import Lines, RuleFileError

# Types: "words" a list of strings; "patterns" a list of regular expressions; "word_map" {symbol: words};
# "number_map" {word: number}; "text" one string; "pattern" one regular expression; "bool"; "list_map"
# {word: [words]}; "periods" the list of period patterns; "steps" a list of step names from a fixed set;
# a dict is a nested mapping of its own keys. A key ending in "?" is optional.
WORDS, PATTERNS, WORD_MAP, NUMBER_MAP, TEXT, PATTERN, BOOL, LIST_MAP = (
    "words", "patterns", "word_map", "number_map", "text", "pattern", "bool", "list_map")

KIND_STEPS = ("cues", "after", "sentence", "intro", "weak", "paragraph", "section")
PERIOD_SCOPES = ("after", "clause", "clause_before", "sentence", "sentence_before", "paragraph")
COMPARATOR_SYMBOLS = (">=", ">", "<=", "<", "~", "=")

LEXICON: dict[str, Any] = {
    "matching": {"whole_words": BOOL, "ignore_case": BOOL},
    "comparators": {"before": WORD_MAP, "after": WORD_MAP, "inner?": WORD_MAP, "fillers_before?": WORDS},
    "change": {
        "up": WORDS, "down": WORDS, "to_level": WORDS, "fillers": WORDS,
        "gap_up?": WORDS, "gap_down?": WORDS, "benchmarks?": WORDS, "benchmark_fillers?": WORDS,
        "blocked_by?": WORDS, "by_marker?": WORDS, "by_verbs_up?": WORDS, "by_verbs_down?": WORDS,
        "by_relief?": WORDS, "after_up?": WORDS, "after_down?": WORDS, "after_gap?": WORDS, "down_object?": PATTERN,
        "change_subject?": PATTERN, "hold_verbs?": WORDS, "gap_patterns?": "gap_patterns",
    },
    "multiple_words": NUMBER_MAP,
    "fraction_words?": NUMBER_MAP,
    "stretch": WORDS,
    "stretch_reset": WORDS,
    "kind": {
        "target": WORDS, "actual": WORDS, "target_patterns?": PATTERNS, "actual_patterns?": PATTERNS,
        "target_weak?": WORDS, "not_cue_patterns?": PATTERNS, "existing?": WORDS, "weak_actual?": WORDS,
        "noun_target?": WORDS, "secured_in_review?": WORDS,
        "attributive_end?": TEXT, "attributive_reset?": WORDS, "after_actual_patterns?": PATTERNS,
        "paragraph_target?": WORDS, "paragraph_actual?": WORDS,
    },
    "periods": "periods",
    "period_from?": WORDS, "period_base?": WORDS, "period_lead_words?": WORDS, "period_topic_words?": WORDS,
    "period_span?": {"end_words?": WORDS, "keep_words?": WORDS},
    "months?": NUMBER_MAP,
    "sections": {"actual": WORDS, "target": WORDS},
    "indicator": {
        "cut_after": WORDS, "strip": WORDS, "post_stop": WORDS, "lead_strip?": WORDS, "expand?": LIST_MAP,
        "generic_heads?": WORDS, "id_prefixes?": WORDS, "id_suffixes?": WORDS, "scope_words?": WORDS,
        "trailing_patterns?": PATTERNS, "drop_patterns?": PATTERNS, "trailing_tokens?": WORDS,
        "back_reference?": WORDS, "post_pattern?": PATTERN, "list_joiner?": PATTERN,
        "list_subject_split?": PATTERN, "list_levels_gap?": PATTERN, "listing_words?": WORDS,
        "share_pattern?": PATTERN, "share_after_pattern?": PATTERN, "share_template?": TEXT,
        "relative_patterns?": PATTERNS,
        "relative_after_patterns?": PATTERNS,
        "strip_chars?": TEXT,
    },
    "noun_phrases?": {
        "of_amount?": PATTERN, "object_after_word?": PATTERN, "object_after_ratio?": PATTERN,
        "object_after_amount?": PATTERN, "no_object_word?": PATTERN, "phrase_end?": PATTERN,
        "lead_scale?": PATTERN, "tail_not?": PATTERN,
    },
    "lists": {"marker": WORDS, "position": TEXT, "max_gap?": "int", "object_after?": PATTERN},
    "records": {
        "structural_nouns?": WORDS, "rank_patterns?": PATTERNS, "rank_pairs?": "rank_pairs",
        "rank_after_patterns?": PATTERNS, "not_count_nouns?": WORDS, "article_numerals?": WORDS,
        "scale_only_numerals?": WORDS, "year_like?": PATTERN, "class_after_words?": WORDS,
        "class_next?": PATTERN, "class_after_patterns?": PATTERNS, "class_before?": PATTERN,
        "class_before_words?": WORDS, "class_before_patterns?": PATTERNS, "not_record_after_patterns?": PATTERNS,
    },
    "unit_context?": {"money_before?": WORDS, "money_scales?": WORDS, "people?": WORDS},
    "document": {"head_lines": "int", "delivery_patterns": PATTERNS, "national?": PATTERNS, "national_place": TEXT,
                 "title_patterns?": PATTERNS, "issuer_patterns?": PATTERNS, "title_cut?": PATTERN,
                 "place_rewrites?": "text_map", "plan_heading": WORDS, "place_pattern?": PATTERN,
                 "place_suffixes?": WORDS, "not_places?": WORDS, "place_min_mentions?": "int"},
    "unmatched?": {"skip_after?": PATTERNS, "skip_before?": PATTERNS},
    "resolution": {
        "kind_steps": "steps", "period_scopes": {"actual": "scopes", "target": "scopes"},
        "after_target_scope": TEXT, "after_target_words": TEXT, "stretch_reset_at": TEXT,
    },
}

_TABLE = {
    "rule_id": TEXT, "actual?": WORDS, "target?": WORDS, "change?": WORDS, "change_unit?": TEXT,
    "comparator_signs?": WORD_MAP, "unit_label?": PATTERN, "skip_columns?": WORDS, "unit_columns?": WORDS,
    "empty_cells?": WORDS, "header_fillers?": WORDS, "change_suffixes?": WORDS, "row_numbering?": PATTERN,
    "trailing_units?": WORDS,
}
STRUCTURE: dict[str, Any] = {
    "numbered_headings": ("list_of", {"pattern": PATTERN, "level": "int"}),
    "part_heading_words": WORDS, "plain_heading_max_chars": "int", "label_max_chars": "int",
    "byline_patterns?": PATTERNS, "furniture_patterns?": PATTERNS, "title_words?": WORDS, "line_end": TEXT,
    "run_in_end?": TEXT, "intro_end?": TEXT, "split_number?": PATTERN, "continuation?": PATTERN,
    "sentence_end": TEXT, "clause_end": PATTERN, "scope_end": PATTERN,
    "subject_end": PATTERN, "list_separator?": TEXT, "quotes": WORDS, "list_marker": PATTERN, "item_number": PATTERN,
    "table?": _TABLE,
}
DIMENSIONS = ("money", "area", "length", "mass", "energy", "power", "volume", "container", "ratio", "ratio_change",
              "multiple", "age", "concentration", "count")
UNITS: dict[str, Any] = {
    "units": ("list_of", {"text": TEXT, "dimension": TEXT, "base": TEXT, "factor?": "factor", "needs_scale?": BOOL,
                          "chinese_only?": BOOL, "rule_only?": BOOL}),
    "classifiers?": WORDS, "per?": WORDS, "count_nouns?": PATTERN,
}
GLOSSARY: dict[str, Any] = {"indicators": ("map_of", {"zh": WORDS, "en": WORDS, "unit_hint?": TEXT,
                                                      "measure_hint?": TEXT})}
TRACKING: dict[str, Any] = {"main_targets": LIST_MAP}

TEXT_CHOICES = {
    ("lists", "position"): ("before", "after"),
    ("resolution", "after_target_scope"): ("clause", "sentence"),
    ("resolution", "after_target_words"): ("noun_target", "target"),
    ("resolution", "stretch_reset_at"): ("clause_start", "anywhere"),
    ("unit_hint",): DIMENSIONS,
    ("dimension",): DIMENSIONS,
}


def validate(data: Any, lines: Lines, schema: dict[str, Any] = LEXICON, what: str = "lexicon") -> None:
    """Raise RuleFileError `file:line: key: problem` for the first unknown key, missing key or wrong type."""
    if not data:
        raise RuleFileError(f"{lines.where(())}: the {what} is empty")
    if not isinstance(data, dict):
        raise RuleFileError(f"{lines.where(())}: the {what} must be a mapping of the keys in docs/rules.md")
    _mapping(data, schema, (), lines)


def _mapping(data: dict[str, Any], schema: dict[str, Any], keys: tuple[Any, ...], lines: Lines) -> None:
    known = {k.rstrip("?"): k.endswith("?") for k in schema}
    for k in data:
        if k not in known:
            raise RuleFileError(f"{lines.where((*keys, k))}: unknown key (known: {', '.join(sorted(known))})")
    for k, optional in known.items():
        if k not in data:
            if not optional:
                raise RuleFileError(f"{lines.where(keys)}: missing key {'.'.join(map(str, (*keys, k)))}")
            continue
        _value(data[k], schema[k + ("?" if optional else "")], (*keys, k), lines)


def _fail(lines: Lines, keys: tuple[Any, ...], problem: str) -> RuleFileError:
    return RuleFileError(f"{lines.where(keys)}: {problem}")


def _value(v: Any, kind: Any, keys: tuple[Any, ...], lines: Lines) -> None:
    if isinstance(kind, dict):
        if not isinstance(v, dict):
            raise _fail(lines, keys, "expected a mapping")
        _mapping(v, kind, keys, lines)
    elif kind in (WORDS, PATTERNS, "steps", "scopes"):
        if not isinstance(v, list) or not all(isinstance(w, str) and w for w in v):
            raise _fail(lines, keys, "expected a list of non-empty strings")
        if kind == PATTERNS:
            for i, p in enumerate(v):
                _pattern(p, (*keys, i), lines)
        if kind == "steps":
            _choices(v, KIND_STEPS, keys, lines)
        if kind == "scopes":
            _choices(v, PERIOD_SCOPES, keys, lines)
    elif kind == PATTERN:
        if not isinstance(v, str):
            raise _fail(lines, keys, "expected a regular expression (a string)")
        _pattern(v, keys, lines)
    elif kind == TEXT:
        if not isinstance(v, str):
            raise _fail(lines, keys, "expected a string")
        choices = TEXT_CHOICES.get(keys) or TEXT_CHOICES.get(keys[-1:])
        if choices and v not in choices:
            raise _fail(lines, keys, f"expected one of {', '.join(choices)}, got {v!r}")
    elif kind == BOOL:
        if not isinstance(v, bool):
            raise _fail(lines, keys, "expected true or false")
    elif kind == "int":
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise _fail(lines, keys, "expected a whole number >= 0")
    elif kind == WORD_MAP:
        if not isinstance(v, dict):
            raise _fail(lines, keys, "expected a mapping of comparator symbols to word lists")
        for sym, ws in v.items():
            if sym not in COMPARATOR_SYMBOLS:
                raise _fail(lines, (*keys, sym), f"unknown comparator {sym!r} (one of {' '.join(COMPARATOR_SYMBOLS)})")
            _value(ws, WORDS, (*keys, sym), lines)
    elif kind == NUMBER_MAP:
        if not isinstance(v, dict) or not all(isinstance(n, (int, float)) and not isinstance(n, bool)
                                              for n in v.values()):
            raise _fail(lines, keys, "expected a mapping of words to numbers")
    elif kind == "text_map":
        if not isinstance(v, dict) or not all(isinstance(a, str) and isinstance(b, str) for a, b in v.items()):
            raise _fail(lines, keys, "expected a mapping of words to words")
    elif kind == LIST_MAP:
        if not isinstance(v, dict):
            raise _fail(lines, keys, "expected a mapping of words to word lists")
        for w, parts in v.items():
            _value(parts, WORDS, (*keys, w), lines)
    elif isinstance(kind, tuple) and kind[0] == "list_of":
        if not isinstance(v, list):
            raise _fail(lines, keys, "expected a list of mappings")
        for i, item in enumerate(v):
            if not isinstance(item, dict):
                raise _fail(lines, (*keys, i), "expected a mapping")
            _mapping(item, kind[1], (*keys, i), lines)
    elif isinstance(kind, tuple) and kind[0] == "map_of":
        if not isinstance(v, dict) or not v:
            raise _fail(lines, keys, "expected a mapping of ids to entries")
        for k, item in v.items():
            if not isinstance(item, dict):
                raise _fail(lines, (*keys, k), "expected a mapping")
            _mapping(item, kind[1], (*keys, k), lines)
    elif kind == "factor":
        try:
            from fractions import Fraction

            Fraction(str(v))
        except (ValueError, ZeroDivisionError):
            raise _fail(lines, keys, "expected a number or a fraction such as 1/15") from None
    elif kind == "periods":
        _periods(v, keys, lines)
    elif kind == "rank_pairs":
        if not isinstance(v, list):
            raise _fail(lines, keys, "expected a list of {before, after} patterns")
        for i, pair in enumerate(v):
            if not isinstance(pair, dict) or set(pair) != {"before", "after"}:
                raise _fail(lines, (*keys, i), "expected a mapping with `before` and `after` patterns")
            _pattern(pair["before"], (*keys, i, "before"), lines)
            _pattern(pair["after"], (*keys, i, "after"), lines)
    elif kind == "gap_patterns":
        if not isinstance(v, list):
            raise _fail(lines, keys, "expected a list of {pattern, sign}")
        for i, gap in enumerate(v):
            if not isinstance(gap, dict) or set(gap) != {"pattern", "sign"}:
                raise _fail(lines, (*keys, i), "expected a mapping with `pattern` and `sign` (1 or -1)")
            _pattern(gap["pattern"], (*keys, i, "pattern"), lines)
            if gap["sign"] not in (1, -1):
                raise _fail(lines, (*keys, i, "sign"), "expected 1 or -1")
    else:       # pragma: no cover - a schema typo
        raise AssertionError(kind)


def _choices(values: list[str], allowed: tuple[str, ...], keys: tuple[Any, ...], lines: Lines) -> None:
    for i, s in enumerate(values):
        if s not in allowed:
            raise _fail(lines, (*keys, i), f"unknown step {s!r} (one of {', '.join(allowed)})")


def _pattern(p: Any, keys: tuple[Any, ...], lines: Lines) -> None:
    if not isinstance(p, str):
        raise _fail(lines, keys, "expected a regular expression (a string)")
    try:
        compile_safe(p)
    except ValueError as e:
        raise _fail(lines, keys, str(e)) from None


def _periods(v: Any, keys: tuple[Any, ...], lines: Lines) -> None:
    from .lang.periods import PeriodTemplate

    if not isinstance(v, list) or not v:
        raise _fail(lines, keys, "expected a list of {pattern, period, past, cue}")
    for i, p in enumerate(v):
        where = (*keys, i)
        if not isinstance(p, dict):
            raise _fail(lines, where, "expected a mapping {pattern, period, past, cue}")
        unknown = set(p) - {"pattern", "period", "past", "cue"}
        if unknown:
            raise _fail(lines, (*where, sorted(unknown)[0]), "unknown key (known: pattern, period, past, cue)")
        if "pattern" not in p or "period" not in p:
            raise _fail(lines, where, "a period needs `pattern` and `period`")
        _pattern(p["pattern"], (*where, "pattern"), lines)
        if p.get("past") not in (True, False, None, "year"):
            raise _fail(lines, (*where, "past"), "expected true, false, null or `year` (past when its year, "
                        "group 1, is before the document year)")
        if p.get("cue") not in (None, "target", "none"):
            raise _fail(lines, (*where, "cue"), "expected `target`, `none` or nothing")
        try:
            PeriodTemplate(str(p["period"]), compile_safe(p["pattern"]).groups)
        except ValueError as e:
            raise _fail(lines, (*where, "period"), str(e)) from None
