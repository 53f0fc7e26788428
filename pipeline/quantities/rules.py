"""Rules: load rules/<lang>/*.yaml, compose patterns from named parts, validate and compile them once."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..yamlio import RuleFileError, load_yaml
from .units import UnitTable


def _default_rules_dir() -> Path:
    """The rules shipped in an installed package (pipeline/rules/), else the checkout's top-level rules/."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "rules"
    return inside if (inside / "units.yaml").is_file() else package.parent / "rules"


RULES_DIR = _default_rules_dir()
_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
GROUPS = {"cb", "n1", "ap", "s1", "u1", "n2", "s2", "u2", "ca", "pn", "ps", "pu", "pu2", "w"}


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


@dataclass
class RuleSet:
    """Everything a language needs to match: rules, lexicon, structure rules, units and glossary paths."""

    lang: str
    rules: list[Rule]
    lexicon: dict[str, Any]
    units: UnitTable
    digest: str
    files: list[Path] = field(default_factory=list)
    combined: re.Pattern[str] | None = None


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _line_of(text: str, rule_id: str) -> int:
    m = re.search(r"^\s*-?\s*id:\s*['\"]?" + re.escape(rule_id) + r"['\"]?\s*$", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else 0


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
    """Parts made from data files: units, comparator words, multiple words."""
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
    neg = raw.get("negatives")
    if not isinstance(neg, list) or not neg or not all(isinstance(n, str) for n in neg):
        raise RuleFileError(f"{where}: a rule needs at least one negative example (text → no record)")


def load_ruleset(lang: str = "zh", rules_dir: str | Path | None = None) -> RuleSet:
    """Load, validate and compile every rule file of a language; raise RuleFileError on any problem."""
    base = Path(rules_dir) if rules_dir else RULES_DIR
    folder = base / lang
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise RuleFileError(f"{folder}: no rule files")
    units = UnitTable.load(base / "units.yaml")
    if (folder / "units.yaml").exists():       # a language's own unit words (rules/en/units.yaml)
        units = units.merged(UnitTable.load(folder / "units.yaml"))
    digest = hashlib.sha256()
    docs: list[tuple[Path, dict[str, Any], str]] = []
    for path in [base / "units.yaml", base / "indicators.yaml", *files]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    lexicon: dict[str, Any] = {}
    parts: dict[str, str] = {}
    files = [f for f in files if f.name != "units.yaml"]
    for path in files:
        data = load_yaml(path)
        if not isinstance(data, dict):
            raise RuleFileError(f"{path}:1: top level must be a mapping")
        docs.append((path, data, path.read_text(encoding="utf-8")))
        if path.stem == "lexicon":
            lexicon = data
        for name, pat in (data.get("parts") or {}).items():
            if name in parts:
                raise RuleFileError(f"{path}: part {name} defined twice")
            parts[name] = str(pat)
    parts.update(generated_parts(lexicon, units))
    rules: list[Rule] = []
    seen: set[str] = set()
    for path, data, text in docs:
        for raw in data.get("rules") or []:
            rid = raw.get("id") if isinstance(raw, dict) else None
            line = _line_of(text, rid) if rid else 0
            _check_rule(raw, path, line)
            where = f"{path}:{line}: rule {rid}"
            if rid in seen:
                raise RuleFileError(f"{where}: duplicate rule id")
            seen.add(rid)
            pattern = expand(raw["pattern"], parts, where)
            try:
                regex = re.compile(pattern)
            except re.error as e:
                raise RuleFileError(f"{where}: pattern does not compile: {e}") from None
            unknown = set(regex.groupindex) - GROUPS
            if unknown:
                raise RuleFileError(f"{where}: unknown capture group(s) {sorted(unknown)}")
            rules.append(Rule(id=rid, pattern=pattern, regex=regex, priority=int(raw.get("priority", 0)),
                              unit=raw.get("unit"), examples=raw["examples"],
                              negatives=raw["negatives"], file=str(path), line=line))
    return RuleSet(lang=lang, rules=rules, lexicon=lexicon, units=units,
                   digest=digest.hexdigest()[:16], files=files)
