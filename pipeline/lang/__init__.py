"""Languages: a Profile per language — its rule files compiled once, plus the few hooks only it knows."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ..quantities.rules import RULES_DIR, RuleSet, load_ruleset
from ..resolve.glossary import Glossary
from ..structure import StructureRules
from .base import Language
from .lexicon import Lexicon

# The languages the pipeline reads: code -> the class of its hooks (module, class name), imported on use.
LANGUAGES = {"zh": ("zh", "Chinese"), "en": ("en", "English")}


@dataclass
class Profile:
    """Everything one language supplies: rules, lexicon, structure rules, glossary, hooks."""

    code: str
    rules_dir: Path
    ruleset: RuleSet
    lexicon: Lexicon
    structure: StructureRules
    glossary: Glossary
    language: Language

    @property
    def digest(self) -> str:
        return self.ruleset.digest


def language(code: str) -> Language:
    """The hooks of a language (its module is imported the first time)."""
    import importlib

    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r} (known: {', '.join(LANGUAGES)})")
    module, name = LANGUAGES[code]
    return getattr(importlib.import_module(f".{module}", __name__), name)()   # type: ignore[no-any-return]


def load_profile(code: str, rules_dir: str | Path | None = None) -> Profile:
    """Load and check every rule file of a language (RuleFileError: file, line, problem).

    A profile built once is kept in the cache (pipeline/cache.py) under a digest of the rule files' bytes and
    of the package's source, and later runs load it from there (rule files that changed are checked again).
    """
    from .. import cache

    base = Path(rules_dir) if rules_dir else RULES_DIR
    key = cache.digest(code, str(base.resolve()), rules_bytes_digest(base, code), cache.source_digest())
    profile = cache.load_object("profile", key)
    if isinstance(profile, Profile):
        profile.language.prepare(profile.glossary)
        return profile
    profile = _build_profile(code, base)
    cache.store_object("profile", key, profile)
    return profile


def rules_bytes_digest(base: Path, code: str) -> str:
    """A digest of the rule files a language's profile is built from (the shared files and its folder's)."""
    from .. import cache

    parts: list[str | bytes] = []
    for path in sorted(base.glob("*.yaml")) + sorted((base / code).glob("*.yaml")):
        try:
            parts += [path.relative_to(base).as_posix(), path.read_bytes()]
        except OSError:
            parts += [path.relative_to(base).as_posix(), b"\0unreadable"]
    return cache.digest(*parts)


def _build_profile(code: str, base: Path) -> Profile:
    lexicon = Lexicon.load(base / code / "lexicon.yaml")
    ruleset = load_ruleset(code, base, lexicon.data)
    structure = StructureRules.load(base / code / "structure.yaml")
    glossary = Glossary.load(base / "indicators.yaml", lexicon.scope_words + lexicon.id_prefixes,
                             lexicon.id_suffixes, lexicon.place_suffixes)
    hooks = language(code)
    hooks.prepare(glossary)
    return Profile(code, base, ruleset, lexicon, structure, glossary, hooks)


@functools.lru_cache(maxsize=8)
def cached_profile(code: str, rules_dir: str | None = None) -> Profile:
    """load_profile, once per process for a language and rules folder."""
    return load_profile(code, rules_dir)
