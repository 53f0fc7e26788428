"""Regex toolkit: prefilters (any_of, required characters) and first-character scanners that keep every match."""

from __future__ import annotations

import functools
import re
from typing import Any


def any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One regex that finds something wherever any of the patterns would (a prefilter; None when unsafe).

    At a position where pattern i matches, the alternation matches too (by i or an earlier alternative), and
    where the alternation matches, the alternative that matched does too; so the alternation finds something
    in a text exactly when one of the patterns does.
    """
    if not patterns:
        return re.compile("(?!)")
    if any(p.flags & ~re.UNICODE or re.search(r"\\[1-9]|\(\?P=|\(\?[aiLmsux]", p.pattern) for p in patterns):
        return None
    try:
        return scanner(re.compile("|".join(f"(?:{p.pattern})" for p in patterns)))
    except re.error:
        return None


@functools.lru_cache(maxsize=512)
def required(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """A one-class regex [..] of characters of which every match of regex contains one, or None if unknown.

    A text without any of them cannot hold a match, and a single character class is the fastest thing the
    regex engine searches for: a cheap test before the real one.
    """
    try:
        from re import _constants as sre_c
        from re import _parser as sre_parse

        if regex.flags & ~re.UNICODE or not isinstance(regex.pattern, str):
            return None
        chars = _required(list(sre_parse.parse(regex.pattern)), sre_c)
        if not chars:
            return None
        return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")
    except (ImportError, AttributeError, TypeError, ValueError, RecursionError, re.error):
        return None


def _required(items: Any, c: Any) -> set[str] | None:
    """Characters of which every match of the sequence contains one: the smallest such set of its parts."""
    best: set[str] | None = None
    for op, av in items:
        got = _required_item(op, av, c)
        if got is not None and (best is None or len(got) <= len(best)):
            best = got
    return best


def _required_item(op: Any, av: Any, c: Any) -> set[str] | None:
    if op is c.LITERAL:
        return {chr(av)}
    if op is c.IN:
        out: set[str] = set()
        for o, a in av:
            if o is c.LITERAL:
                out.add(chr(a))
            elif o is c.RANGE and a[1] - a[0] < 64:
                out.update(chr(x) for x in range(a[0], a[1] + 1))
            else:
                return None
        return out
    if op is c.BRANCH:
        union: set[str] = set()
        for alt in av[1]:
            got = _required(alt, c)
            if got is None:
                return None
            union |= got
        return union
    if op is c.SUBPATTERN:
        return None if av[1] or av[2] else _required(av[3], c)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
        return _required(av[2], c) if av[0] >= 1 else None
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _required(av, c)
    return None


# ---- faster scanning, same matches ------------------------------------------------------------------
# A rule such as {lead}{amount}{unit} starts with optional parts, so Python's regex engine cannot skip ahead to
# a likely start and tries the whole pattern at every position. Prefixing the pattern with a lookahead for the
# characters a match can start with, (?=[...]), makes those attempts fail at once. The lookahead only rejects
# positions where the rule cannot match (every match consumes one of those characters first), so finditer
# returns exactly the same matches, groups and spans.

@functools.lru_cache(maxsize=512)
def _group_names(regex: re.Pattern[str]) -> tuple[tuple[int, str], ...]:
    """(index into m.groups(), name) of the named groups, in groupdict's order."""
    return tuple((i - 1, name) for name, i in regex.groupindex.items())


SCANNER_AFTER = 200_000      # characters a rule scans before its faster form is compiled (which costs a little)
_scanned: dict[re.Pattern[str], int] = {}


def _regex_for(regex: re.Pattern[str], n: int) -> re.Pattern[str]:
    """The rule's regex for a text of n characters: its faster form once the process has scanned enough."""
    done = _scanned.get(regex, 0)
    if done >= SCANNER_AFTER:
        return scanner(regex)
    _scanned[regex] = done + n
    return regex


@functools.lru_cache(maxsize=512)
def scanner(regex: re.Pattern[str]) -> re.Pattern[str]:
    """The regex with a first-character lookahead when that is safe and useful, else the regex itself."""
    try:
        from re import _constants as sre_c
        from re import _parser as sre_parse

        if regex.flags & ~re.UNICODE or not isinstance(regex.pattern, str):
            return regex
        items = list(sre_parse.parse(regex.pattern))
        if not items or _has_prefix(items[0], sre_c):
            return regex        # the engine already skips to a literal or a character class
        parts, nullable = _first(items, sre_c)
        if nullable or not parts:
            return regex
        fast = re.compile("(?=" + _lookahead(parts) + ")(?:" + regex.pattern + ")")
        if fast.groupindex != regex.groupindex or fast.groups != regex.groups:
            return regex
        return fast
    except (ImportError, AttributeError, TypeError, ValueError, RecursionError, re.error, _Unknown):
        return regex


class _Unknown(Exception):
    """A construct whose first characters we do not work out (the rule is then scanned as it is)."""


class _Part(str):
    """A class part from inside a (?i:…) group (folded: in the lookahead it is matched ignoring case, by the same
    engine rules, case folds such as K and the Kelvin sign included), or right after a \\b (bounded: the
    lookahead asks for the word boundary too)."""

    folded = False
    bounded = False


def _tagged(part: str, folded: bool = False, bounded: bool = False) -> str:
    out = _Part(part)
    out.folded = folded or getattr(part, "folded", False)
    out.bounded = bounded or getattr(part, "bounded", False)
    return out


def _lookahead(parts: list[str]) -> str:
    """The alternatives of the lookahead: one character class per kind of part."""
    alts = []
    for bounded in (False, True):
        for folded in (False, True):
            chars = "".join(dict.fromkeys(p for p in parts if getattr(p, "folded", False) == folded
                                          and getattr(p, "bounded", False) == bounded))
            if chars:
                alts.append(("\\b" if bounded else "") + (f"(?i:[{chars}])" if folded else f"[{chars}]"))
    return "|".join(alts)


def _has_prefix(item: tuple[Any, Any], c: Any) -> bool:
    op, av = item
    while op is c.SUBPATTERN and not av[1] and not av[2] and len(av[3]) == 1:
        op, av = av[3][0]
    if op in (c.LITERAL, c.IN):
        return True
    return op is c.BRANCH and all(alt and alt[0][0] is c.LITERAL for alt in av[1])


def _class_part(op: Any, av: Any, c: Any) -> str:
    if op is c.LITERAL:
        return re.escape(chr(av))
    if op is c.RANGE:
        return re.escape(chr(av[0])) + "-" + re.escape(chr(av[1]))
    if op is c.CATEGORY:
        names = {c.CATEGORY_DIGIT: r"\d", c.CATEGORY_NOT_DIGIT: r"\D", c.CATEGORY_SPACE: r"\s",
                 c.CATEGORY_NOT_SPACE: r"\S", c.CATEGORY_WORD: r"\w", c.CATEGORY_NOT_WORD: r"\W"}
        if av in names:
            return names[av]
    raise _Unknown(op)


def _first(items: Any, c: Any) -> tuple[list[str], bool]:
    """Character-class parts for the characters a sequence can start with, and whether it can match empty."""
    parts: list[str] = []
    bounded = False     # a \\b stands before: the match starts on a word boundary
    for op, av in items:
        if op is c.AT and av is c.AT_BOUNDARY:
            bounded = True
            continue
        got, nullable = _first_item(op, av, c)
        parts += [_tagged(p, bounded=True) for p in got] if bounded else got
        if not nullable:
            return parts, False
    return parts, True


def _first_item(op: Any, av: Any, c: Any) -> tuple[list[str], bool]:
    if op is c.LITERAL:
        return [re.escape(chr(av))], False
    if op is c.IN:
        if any(o is c.NEGATE for o, _a in av):
            raise _Unknown(op)
        return [_class_part(o, a, c) for o, a in av], False
    if op is c.CATEGORY:
        return [_class_part(op, av, c)], False
    if op is c.BRANCH:
        parts: list[str] = []
        nullable = False
        for alt in av[1]:
            got, n = _first(alt, c)
            parts += got
            nullable = nullable or n
        return parts, nullable
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if del_flags or add_flags & ~re.IGNORECASE:
            raise _Unknown(op)
        got, n = _first(sub, c)
        return ([_tagged(p, folded=True) for p in got] if add_flags else got), n
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
        lo, _hi, sub = av
        got, n = _first(sub, c)
        return got, n or lo == 0
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _first(av, c)
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return [], True         # zero width: the match's first character comes after
    raise _Unknown(op)
