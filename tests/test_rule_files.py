"""Rule files are data: validated with file, line and key, never run as code, never slow on any input."""

import re
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.lang import load_profile
from pipeline.lang.periods import PeriodTemplate
from pipeline.quantities.safety import backtracking_problem, compile_safe
from pipeline.yamlio import RuleFileError, load_rule_file

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def rules(tmp_path: Path) -> Path:
    """A writable copy of the project's rules."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    return tmp_path / "rules"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(rules: Path, lang: str = "zh") -> str:
    with pytest.raises(RuleFileError) as e:
        load_profile(lang, rules)
    return str(e.value)


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(next(
        ln for ln in path.read_text(encoding="utf-8").splitlines() if text in ln)) + 1


def test_the_project_rules_load() -> None:
    for lang in ("zh", "en"):
        p = load_profile(lang, ROOT / "rules")
        assert p.ruleset.rules and p.lexicon.periods


def test_unknown_lexicon_key_is_named_with_file_and_line(rules: Path) -> None:
    lex = rules / "zh" / "lexicon.yaml"
    _edit(lex, "  weak_actual: [累计]", "  weak_actual: [累计]\n  efort: [全力]")
    msg = _error(rules)
    assert msg.startswith(f"{lex}:{_line_of(lex, 'efort:')}: kind.efort: unknown key"), msg


def test_wrong_types_are_named(rules: Path) -> None:
    lex = rules / "zh" / "lexicon.yaml"
    _edit(lex, "stretch: [力争, 争取, 力求, 冲刺, 努力实现, 争创]", "stretch: 力争")
    assert re.search(r"lexicon\.yaml:\d+: stretch: expected a list of non-empty strings", _error(rules))


def test_missing_key_and_bad_choice(rules: Path) -> None:
    lex = rules / "en" / "lexicon.yaml"
    _edit(lex, "  stretch_reset_at: anywhere", "  stretch_reset_at: sometimes")
    assert "resolution.stretch_reset_at: expected one of clause_start, anywhere" in _error(rules, "en")
    _edit(lex, "  stretch_reset_at: sometimes", "")
    assert "missing key resolution.stretch_reset_at" in _error(rules, "en")


def test_invalid_regex_in_lexicon(rules: Path) -> None:
    lex = rules / "zh" / "lexicon.yaml"
    _edit(lex, "target_patterns: ['计划(?![的总投额任目单])'", "target_patterns: ['计划(?![的总投额任目单]'")
    msg = _error(rules)
    assert "kind.target_patterns.0: pattern does not compile" in msg and f"{lex}:" in msg


@pytest.mark.parametrize("pattern", [r"(?:\d|\d)+z", r"(?:\d+)+y", r"(\w+\s?)+$", r"(?:a+|b)+"])
def test_patterns_that_backtrack_without_bound_are_refused(rules: Path, pattern: str) -> None:
    assert backtracking_problem(pattern)
    t0 = time.perf_counter()
    with pytest.raises(ValueError):
        compile_safe(pattern)
    assert time.perf_counter() - t0 < 5      # refused by looking at it, not by running it
    q = rules / "zh" / "quantities.yaml"
    _edit(q, "  range_sep: '\\s*[-~—–至到]\\s*'", "  range_sep: '" + pattern.replace("'", "''") + "'")
    assert "rule zh.range: " in _error(rules) and "exponential time" in _error(rules)


@pytest.mark.parametrize("pattern", [r"(a|b)+", r"(?:[a-z]+\s)*x", r"(?:\d{1,3}(?:,\d{3})+|\d+)", r"(?:-|\s+and)*x"])
def test_linear_patterns_are_accepted(pattern: str) -> None:
    assert backtracking_problem(pattern) is None


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b]\n"
    f = tmp_path / "lexicon.yaml"
    f.write_text(bomb, encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"lexicon\.yaml:\d+: YAML anchors and aliases"):
        load_rule_file(f)


def test_python_tags_are_refused(tmp_path: Path) -> None:
    f = tmp_path / "lexicon.yaml"
    f.write_text("a: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"lexicon\.yaml:1: invalid YAML"):
        load_rule_file(f)


def test_a_rule_file_in_gb18030_is_named(rules: Path) -> None:
    lex = rules / "zh" / "lexicon.yaml"
    lex.write_bytes(lex.read_text(encoding="utf-8").encode("gb18030"))
    assert re.search(r"lexicon\.yaml:1: not UTF-8 text .*save the file as UTF-8", _error(rules))


def test_empty_lexicon(rules: Path) -> None:
    (rules / "zh" / "lexicon.yaml").write_text("", encoding="utf-8")
    assert "the lexicon is empty" in _error(rules)


# ---- period templates: a small grammar, never evaluated ------------------------------------------------
def _fill(template: str, pattern: str, text: str, year: int | None = 2024, doc_year: int | None = 2025) -> str | None:
    rx = re.compile(pattern)
    m = rx.search(text)
    assert m
    return PeriodTemplate(template, rx.groups).fill(m, year, doc_year, {"march": 3})


def test_period_templates() -> None:
    assert _fill("{Y}", "全年", "全年") == "2024"
    assert _fill("{D-5}..{D-1}", "过去五年", "过去五年") == "2020..2024"
    assert _fill("{Y}H1", "上半年", "上半年") == "2024H1"
    assert _fill("{1}", r"(20\d\d)年", "2030年") == "2030"
    assert _fill("{Y}-{1:02}..{Y}-{2:02}", r"(1)-(\d+)月", "1-6月") == "2024-01..2024-06"
    assert _fill("{Y}-01..{Y}-{1:month}", r"(march)", "march") == "2024-01..2024-03"
    assert _fill("{Y}", "全年", "全年", year=None) is None


@pytest.mark.parametrize("template", ["{Y**Y**Y}", "{__import__('os').system('id')}", "{Y-1000}", "{Y*2}",
                                      "{3}", "{1:x}", "{Y", "Y}", "{}"])
def test_period_templates_that_are_not_the_grammar_are_refused(template: str) -> None:
    with pytest.raises(ValueError):
        PeriodTemplate(template, 1)


def test_a_template_that_would_run_code_stops_the_load(rules: Path) -> None:
    lex = rules / "zh" / "lexicon.yaml"
    _edit(lex, "period: '{Y}H1'", "period: '{__import__(\"os\").getpid()}'")
    assert re.search(r"lexicon\.yaml:\d+: periods\.2\.period: \{__import__", _error(rules))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("{}YD+-0123456789:H.month*()_ ")), max_size=24))
def test_any_template_is_parsed_or_refused_quickly(template: str) -> None:
    try:
        t = PeriodTemplate(template, 2)
    except ValueError:
        return
    m = re.search(r"(\d)(\d)", "12")
    out = t.fill(m, 2024, 2025, {})
    assert out is None or isinstance(out, str) and len(out) <= 4 * len(template) + 8


# ---- fuzz: any edit of a rule file loads or is one `file:line: …` error, quickly ------------------------------
HOSTILE = ["", "[", "]", "{", "&a x", "*a", "!!python/object/apply:os.system ['id']", "'(?:\\d+)+y'", "'(x'", "123",
           "{a: 1}", "[1, 2]", "null", "'{Y**Y}'", "'{__import__(\"os\")}'", "\"\\x00\"", "-1", "true", "'[a-'",
           "'(?:\\d|\\d)+z'", "[[[[[[[[[[1]]]]]]]]]]", "'\\'", "{text: x}", "'a' 'b'", "\t"]
RULE_FILES = ["zh/lexicon.yaml", "zh/quantities.yaml", "zh/structure.yaml", "units.yaml", "indicators.yaml"]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(RULE_FILES), st.integers(min_value=0), st.sampled_from(["value", "line", "drop", "indent"]),
       st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)))
def test_any_edit_of_a_rule_file_loads_or_is_named(name: str, line: int, how: str, new: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules"
        shutil.copytree(ROOT / "rules", rules)
        path = rules / name
        lines = path.read_text(encoding="utf-8").splitlines()
        i = line % len(lines)
        head, colon, _ = lines[i].partition(": ")
        lines[i] = {"value": f"{head}{colon or ': '}{new}", "line": new, "drop": "", "indent": " " + lines[i]}[how]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        t0 = time.perf_counter()
        try:
            load_profile("zh", rules)
        except RuleFileError as e:
            assert re.match(rf"{re.escape(str(rules))}/\S+\.yaml:\d+: \S", str(e)), str(e)
        assert time.perf_counter() - t0 < 5


def test_a_control_character_in_a_rule_file_is_named_with_its_line(rules: Path) -> None:
    lex = rules / "zh" / "lexicon.yaml"
    _edit(lex, "stretch: [力争,", "stretch: [\x1f力争,")
    msg = _error(rules)
    assert msg.startswith(f"{lex}:{_line_of(lex, chr(0x1f))}: invalid YAML: character '\\x1f'"), msg
    assert "\n" not in msg
