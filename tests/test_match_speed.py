"""The faster forms of rule regexes and prefilters find exactly what the plain regexes find."""

import dataclasses
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.quantities import regex
from pipeline.quantities.match import find
from pipeline.quantities.regex import any_of, scanner

ALPHABET = list("0123456789.,%-~至到（）()一二三四五六七八九十百千万亿两零"
                "个元人家项亩公顷吨米以上下不低于超过近约达增长倍番翻的和年月\n ")


def found(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict]]:
    return [(m.span(), m.groupdict()) for m in rx.finditer(text)]


def test_rules_scan_faster_forms(pipe) -> None:
    # equal patterns share a cache entry, so compare patterns, not objects
    changed = [r for r in pipe.ruleset.rules if scanner(r.regex).pattern != r.regex.pattern]
    assert changed, "the quantity rules start with optional parts and should get a first-character lookahead"
    for r in changed:
        fast = scanner(r.regex)
        assert fast.pattern.startswith("(?=[") and fast.groupindex == r.regex.groupindex


def test_same_matches_on_the_samples(pipe, root: Path) -> None:
    from pipeline.structure import build

    for path in sorted((root / "samples").glob("*.zh.txt")) + sorted((root / "tests/generalization").glob("*.zh.txt")):
        view = build(path.read_text(encoding="utf-8"), pipe.profile.structure).view
        for r in pipe.ruleset.rules:
            assert found(scanner(r.regex), view) == found(r.regex, view), (path.name, r.id)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(ALPHABET), max_size=60))
def test_same_matches_on_random_text(pipe, text: str) -> None:
    for r in pipe.ruleset.rules:
        assert found(scanner(r.regex), text) == found(r.regex, text), r.id


def key(ms: list) -> list:
    return [(m.rule.id, m.start, m.end, m.groups) for m in ms]


def test_find_is_the_same_before_and_after_the_switch(pipe, root: Path, monkeypatch) -> None:
    from pipeline.structure import build

    text = (root / "samples/heshan-2023-work-plan.zh.txt").read_text(encoding="utf-8")
    view = build(text, pipe.profile.structure).view
    assert all(r.fast is not None for r in pipe.ruleset.rules)
    fast = find(view, pipe.ruleset)
    plain = dataclasses.replace(pipe.ruleset, rules=[dataclasses.replace(r, fast=None) for r in pipe.ruleset.rules])
    monkeypatch.setattr(regex, "_scanned", {})
    monkeypatch.setattr(regex, "SCANNER_AFTER", 10 ** 12)
    slow = find(view, plain)
    monkeypatch.setattr(regex, "SCANNER_AFTER", 0)
    assert key(find(view, plain)) == key(fast)
    assert key(slow) == key(fast)


def test_scanner_leaves_alone_what_it_cannot_reason_about() -> None:
    for pattern in [r"abc", r"[ab]c", r"x?", r"(?i)(?:a)?b", r"(?:[^a])?b", r"(?:.)?b", r"(a)?\1b", r"(?:\b)?"]:
        rx = re.compile(pattern)
        assert scanner(rx) is rx, pattern
    rx = re.compile(r"(?:(?P<cb>不少于|超过))?(?<![\d.])(?P<n>\d+)(?P<u>个|元)")
    fast = scanner(rx)
    assert fast is not rx and fast.groupindex == rx.groupindex
    for text in ["超过3个", "不少于12元和5个", "1.5个", "x不少于个", "超过超过7元"]:
        assert found(fast, text) == found(rx, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([r"第\s*$", r"前$", r"(20\d\d)年?上半年", r"(?<![比较])去年", r"计划(?![的总])",
                                 r"\d+个", r"[一二三]季度"]), min_size=1, max_size=4),
       st.text(st.sampled_from(list("第前2024年上半比较去计划的总3个一二季度 ")), max_size=20))
def test_any_of_finds_something_exactly_when_one_pattern_does(patterns: list[str], text: str) -> None:
    compiled = [re.compile(p) for p in patterns]
    combined = any_of(compiled)
    assert combined is not None
    assert (combined.search(text) is not None) == any(p.search(text) for p in compiled)


EN_ALPHABET = list("0123456789.,% $¥€-abcdefghijklmnopqrstuvwxyz") + list(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ\u212a\u017f\u0130\u0131\n") + [
    "more than ", "at least ", "over ", "percent", "billion", "yuan", "million ", "RMB", "about ", "up to ",
    "between ", " and ", "one ", "doubled", "KM", "\u212am", "ton", "hectares", "by ", "to ", "Over ", "MORE THAN "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(EN_ALPHABET), max_size=14).map("".join))
def test_same_matches_in_english(text: str) -> None:
    """English rules hold (?i:…) groups: their lookahead ignores case by the engine's rules (Kelvin sign, long s)."""
    from pipeline.api import default_pipeline

    en = default_pipeline().for_language("en").ruleset
    for r in en.rules:
        assert found(scanner(r.regex), text) == found(r.regex, text), (r.id, text)


def test_english_rules_get_a_lookahead_and_find_the_same_in_reports(root: Path) -> None:
    from pipeline.api import default_pipeline
    from pipeline.structure import build

    en = default_pipeline().for_language("en")
    assert sum(scanner(r.regex) is not r.regex for r in en.ruleset.rules) >= len(en.ruleset.rules) - 1
    for path in sorted((root / "samples").glob("*.en.txt")) + sorted((root / "tests/generalization").glob("*.en.txt")):
        view = build(path.read_text(encoding="utf-8"), en.profile.structure).view
        for r in en.ruleset.rules:
            assert found(scanner(r.regex), view) == found(r.regex, view), (path.name, r.id)
