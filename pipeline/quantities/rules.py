"""Rules: load rules/<lang>/*.yaml, compose patterns from named parts, validate and compile them once."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..yamlio import Lines, RuleFileError, load_rule_file
from .regex import scanner
from .safety import compile_safe
from .units import UnitTable


def _default_rules_dir() -> Path:
    """The rules shipped in an installed package (pipeline/rules/), else the checkout's top-level rules/."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "rules"
    return inside if (inside / "units.yaml").is_file() else package.parent / "rules"


RULES_DIR = _default_rules_dir()
_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
GROUPS = {"cb", "n1", "ap", "s1", "u1", "n2", "s2", "u2", "ca", "pn", "ps", "pu", "pu2", "w", "fw", "fn", "fd"}


@dataclass
class Rule:
    """One compiled quantity rule with its examples."""

    id: str
    pattern: str
    regex: re.Pattern[str]
    priority: int
    unit: str | None
    examples: list[dict[str, Any]]
    negatives: list[str]
    file: str
    line: int
    noun: bool = False      # the match ends with the counted noun (55 projects): it starts the indicator
    article: bool = False   # a lone "one" it matches is a count, not an article (one motion on housing)
    fast: re.Pattern[str] | None = None   # the regex with a first-character lookahead: the same matches, faster


@dataclass
class RuleSet:
    """Everything a language needs to match: rules, lexicon, structure rules, units and glossary paths."""

    lang: str
    rules: list[Rule]
    lexicon: dict[str, Any]
    units: UnitTable
    digest: str
    files: list[Path] = field(default_factory=list)
    parts: dict[str, str] = field(default_factory=dict)     # every named part, generated ones included


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def expand(pattern: str, parts: dict[str, str], where: str, seen: tuple[str, ...] = ()) -> str:
    """Replace {name} references by their parts, recursively; unknown or cyclic names are errors."""
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in parts:
            raise RuleFileError(f"{where}: unknown part {{{name}}}")
        if name in seen:
            raise RuleFileError(f"{where}: part {{{name}}} refers to itself")
        return "(?:" + expand(parts[name], parts, where, seen + (name,)) + ")"
    return _REF.sub(sub, pattern)


def generated_parts(lexicon: dict[str, Any], units: UnitTable) -> dict[str, str]:
    """Parts made from data files: units, comparator words, multiple and fraction words."""
    cmp = lexicon.get("comparators", {})
    unit_words = units.words()
    per = _alternation(units.per)
    unit_alt = "|".join(
        re.escape(w) + (f"(?:/(?:{per}))?" if units.units[w].dimension != "concentration" else "")
        for w in unit_words)
    return {
        "unit": unit_alt,
        "cmp_before": _alternation([w for ws in cmp.get("before", {}).values() for w in ws]),
        "cmp_after": _alternation([w for ws in cmp.get("after", {}).values() for w in ws]),
        "cmp_inner": _alternation([w for ws in cmp.get("inner", {}).values() for w in ws]),
        "cmp_fillers": _alternation(cmp.get("fillers_before", [])) or "(?!)",
        "multiple_words": _alternation(list(lexicon.get("multiple_words", {}))),
        "fraction_words": _alternation(list(lexicon.get("fraction_words", {}))) or "(?!)",
    }


def _check_rule(raw: Any, path: Path, line: int) -> None:
    where = f"{path}:{line}"
    if not isinstance(raw, dict):
        raise RuleFileError(f"{where}: a rule must be a mapping")
    rid = raw.get("id")
    if not rid or not isinstance(rid, str):
        raise RuleFileError(f"{where}: rule without an id")
    where = f"{path}:{line}: rule {rid}"
    if not isinstance(raw.get("pattern"), str):
        raise RuleFileError(f"{where}: missing pattern")
    ex = raw.get("examples")
    if not isinstance(ex, list) or not ex:
        raise RuleFileError(f"{where}: a rule needs at least one example (text → expected fields)")
    for e in ex:
        if not isinstance(e, dict) or not isinstance(e.get("text"), str) or not isinstance(e.get("expect"), dict):
            raise RuleFileError(f"{where}: each example needs `text` and an `expect` mapping")
    unknown = set(raw) - {"id", "pattern", "priority", "unit", "noun", "article", "examples", "negatives"}
    if unknown:
        raise RuleFileError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    if not isinstance(raw.get("priority", 0), int) or isinstance(raw.get("priority"), bool):
        raise RuleFileError(f"{where}: priority must be a whole number")
    if raw.get("unit") is not None and not isinstance(raw["unit"], str):
        raise RuleFileError(f"{where}: unit must be a string")
    for flag in ("noun", "article"):
        if not isinstance(raw.get(flag, False), bool):
            raise RuleFileError(f"{where}: {flag} must be true or false")
    neg = raw.get("negatives")
    if not isinstance(neg, list) or not neg or not all(isinstance(n, str) for n in neg):
        raise RuleFileError(f"{where}: a rule needs at least one negative example (text → no record)")


# files of a language folder that are not quantity rules (read by lang/ and structure.py)
NOT_RULE_FILES = ("lexicon.yaml", "structure.yaml", "units.yaml")


def rules_digest(lang: str, rules_dir: str | Path | None = None) -> str:
    """A digest of the rule files a language uses (shared units and glossary, its own folder), from bytes."""
    base = Path(rules_dir) if rules_dir else RULES_DIR
    digest = hashlib.sha256()
    for path in [base / "units.yaml", base / "indicators.yaml", *sorted((base / lang).glob("*.yaml"))]:
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError as e:
            raise RuleFileError(f"{path}: cannot read: {e.strerror}") from None
    return digest.hexdigest()[:16]


def load_ruleset(lang: str, rules_dir: str | Path | None, lexicon: dict[str, Any]) -> RuleSet:
    """Load, validate and compile the quantity rules of a language (its lexicon already validated); raise
    RuleFileError naming file, line and problem."""
    base = Path(rules_dir) if rules_dir else RULES_DIR
    folder = base / lang
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise RuleFileError(f"{folder}: no rule files")
    units = UnitTable.load(base / "units.yaml")
    if (folder / "units.yaml").exists():       # a language's own unit words (rules/en/units.yaml)
        units = units.merged(UnitTable.load(folder / "units.yaml"))
    digest = rules_digest(lang, base)
    docs: list[tuple[Path, dict[str, Any], Lines]] = []
    parts: dict[str, str] = {}
    files = [f for f in files if f.name not in NOT_RULE_FILES]
    for path in files:
        data, lines = load_rule_file(path)
        if not isinstance(data, dict):
            raise RuleFileError(f"{path}:1: top level must be a mapping")
        unknown = set(data) - {"parts", "rules"}
        if unknown:
            key = sorted(unknown)[0]
            raise RuleFileError(f"{lines.where((key,))}: unknown key (a rule file holds `parts` and `rules`)")
        docs.append((path, data, lines))
        for name, pat in (data.get("parts") or {}).items():
            if name in parts:
                raise RuleFileError(f"{lines.where(('parts', name))}: part defined twice")
            if not isinstance(pat, str):
                raise RuleFileError(f"{lines.where(('parts', name))}: a part must be a string")
            parts[name] = pat
    parts.update(generated_parts(lexicon, units))
    rules: list[Rule] = []
    seen: set[str] = set()
    for path, data, lines in docs:
        raws = data.get("rules") or []
        if not isinstance(raws, list):
            raise RuleFileError(f"{lines.where(('rules',))}: expected a list of rules")
        for i, raw in enumerate(raws):
            line = lines.line(("rules", i))
            _check_rule(raw, path, line)
            rid = raw["id"]
            where = f"{path}:{line}: rule {rid}"
            if rid in seen:
                raise RuleFileError(f"{where}: duplicate rule id")
            seen.add(rid)
            pattern = expand(raw["pattern"], parts, where)
            try:
                regex = compile_safe(pattern, bounded=True)
            except ValueError as e:
                raise RuleFileError(f"{where}: {e}") from None
            unknown = set(regex.groupindex) - GROUPS
            if unknown:
                raise RuleFileError(f"{where}: unknown capture group(s) {sorted(unknown)}")
            rules.append(Rule(id=rid, pattern=pattern, regex=regex, priority=int(raw.get("priority", 0)),
                              unit=raw.get("unit"), examples=raw["examples"], negatives=raw["negatives"],
                              file=str(path), line=line, noun=bool(raw.get("noun")),
                              article=bool(raw.get("article")), fast=scanner(regex)))
    return RuleSet(lang=lang, rules=rules, lexicon=lexicon, units=units, digest=digest, files=files, parts=parts)
