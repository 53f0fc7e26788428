"""Safe patterns from rule files: compiled only when they cannot backtrack without bound, group repeats bounded."""

from __future__ import annotations

import re
from typing import Any

from .regex import _first, _Unknown  # the first-character analysis the scanners use

# ---- patterns from rule files: compiled only when they cannot backtrack without bound ----------------
# A rule file is data a user edits or downloads; a pattern such as (?:\d+)+y or (?:\d|\d)+z takes time
# exponential in the length of a digit run. Such patterns are refused at load time: an unbounded repeat
# may not hold another unbounded repeat, nor alternatives that can start with the same character.

REPEAT_MAX = 20     # times a group of a quantity rule may repeat (a numeral of 20 words or 20 digit groups is none)
_OPEN_REPEAT = re.compile(r"\*|\+|\{(\d+),\}")


def bound_repeats(pattern: str, most: int = REPEAT_MAX) -> str:
    """The pattern with every unbounded repeat of a group, (…)* (…)+ (…){n,}, bounded to `most` times.

    A group repeated without bound, such as the words of an English numeral, takes each place it could start
    (every word of "one one one …") to the end of the run before the rest of the rule fails: time quadratic in
    the run. Bounded, each place costs at most `most` repeats, so matching stays linear in the text.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        out.append(ch)
        i += 1
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            for lead in ("^", "]"):         # []…] and [^]…]: a ] right after the opening is a character
                if pattern.startswith(lead, i):
                    out.append(lead)
                    i += 1
        elif ch == ")":
            m = _OPEN_REPEAT.match(pattern, i)
            if m:
                lo = 0 if m.group() == "*" else 1 if m.group() == "+" else int(m.group(1))
                out.append(f"{{{lo},{max(lo, most)}}}")
                i = m.end()
    return "".join(out)


def compile_safe(pattern: str, flags: int = 0, *, bounded: bool = False) -> re.Pattern[str]:
    """re.compile(pattern), refusing patterns with nested unbounded repeats (ValueError names the part); with
    `bounded`, the pattern's group repeats are then bounded (bound_repeats: for rules run over a whole text)."""
    try:
        rx = re.compile(pattern, flags)
    except re.error as e:
        raise ValueError(f"pattern does not compile: {e}") from None
    problem = backtracking_problem(pattern, flags)
    if problem:
        raise ValueError(problem)
    return re.compile(bound_repeats(pattern), flags) if bounded else rx


def backtracking_problem(pattern: str, flags: int = 0) -> str | None:
    """Why a pattern could take exponential time (None when it cannot, as far as this check sees)."""
    from re import _constants as c
    from re import _parser as p

    try:
        parsed = p.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError) as e:
        return f"pattern does not compile: {e}"
    try:
        _scan(list(parsed), c)
    except _Nested as e:
        return str(e)
    except RecursionError:
        return "pattern nests too deeply"
    return None


class _Nested(Exception):
    """A repeat that can backtrack without bound."""


_ANY = "ANY"


def _scan(items: list[Any], c: Any) -> None:
    """Check the body of every unbounded repeat of a parsed pattern."""
    for op, av in items:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            body = list(av[2])
            if av[1] == c.MAXREPEAT:
                _check(body, _starts(body, c)[0], c)
            _scan(body, c)
        elif op is c.SUBPATTERN:
            _scan(list(av[3]), c)
        elif op is c.BRANCH:
            for alt in av[1]:
                _scan(list(alt), c)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            _scan(list(av[1]), c)
        elif op is getattr(c, "ATOMIC_GROUP", None):
            _scan(list(av), c)


def _flat(items: list[Any], c: Any) -> list[Any]:
    """A sequence with its groups expanded in line (a group's alternatives stay one item)."""
    out: list[Any] = []
    for op, av in items:
        if op is c.SUBPATTERN and not av[1] and not av[2]:
            out.extend(_flat(list(av[3]), c))
        else:
            out.append((op, av))
    return out


def _starts(items: list[Any], c: Any) -> tuple[set[str], bool]:
    """Character-class parts a sequence can start with (_ANY when unknown) and whether it can match empty."""
    try:
        parts, nullable = _first(_unflagged(items, c), c)
        return set(parts), nullable
    except _Unknown:
        return {_ANY}, False


def _unflagged(items: list[Any], c: Any) -> list[Any]:
    """A sequence with (?i:…) groups opened: their literals stand for both cases (for _first)."""
    out: list[Any] = []
    for op, av in items:
        if op is c.SUBPATTERN and (av[1] or av[2]):
            inner = _unflagged(list(av[3]), c)
            if av[1] & re.IGNORECASE:
                inner = [_both_cases(it, c) for it in inner]
            out.append((c.SUBPATTERN, (av[0], 0, 0, inner)))
        elif op is c.BRANCH:
            out.append((op, (av[0], [_unflagged(list(alt), c) for alt in av[1]])))
        else:
            out.append((op, av))
    return out


def _both_cases(item: Any, c: Any) -> Any:
    op, av = item
    if op is c.LITERAL and chr(av).lower() != chr(av).upper():
        return (c.IN, [(c.LITERAL, ord(chr(av).lower())), (c.LITERAL, ord(chr(av).upper()))])
    if op is c.BRANCH:
        return (op, (av[0], [[_both_cases(x, c) for x in alt] for alt in av[1]]))
    if op is c.SUBPATTERN:
        return (op, (av[0], av[1], av[2], [_both_cases(x, c) for x in av[3]]))
    return item


def _overlap(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return False
    if _ANY in a or _ANY in b or a & b:
        return True
    ra = re.compile("[" + "".join(sorted(a)) + "]")
    rb = re.compile("[" + "".join(sorted(b)) + "]")
    return any(ra.match(ch) and rb.match(ch) for ch in _SAMPLE)


def _check(seq: list[Any], after: set[str], c: Any) -> None:
    """Inside an unbounded repeat: a variable repeat may not be followed by what it can match, and
    alternatives may not start alike (`after`: what can follow the sequence, the repeat's own start included)."""
    atoms = _flat(seq, c)
    for i, (op, av) in enumerate(atoms):
        rest, rest_empty = _starts(atoms[i + 1:], c)
        follow = rest | after if rest_empty else rest
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[1] != av[0] and av[1] > 1:
            own, _ = _starts(list(av[2]), c)
            if _overlap(own, follow):
                raise _Nested("a repeat inside an unbounded repeat can match the same text in many ways "
                              "(such as (?:\\d+)+ or (\\w+\\s?)+): this takes exponential time; "
                              "separate the repeated parts or bound the outer repeat")
            _check(list(av[2]), own | follow, c)
        elif op is c.BRANCH:
            starts = [_starts(list(alt), c) for alt in av[1]]
            if sum(1 for _s, empty in starts if empty) > 1 or any(
                    _overlap(a, b) for j, (a, _e) in enumerate(starts) for b, _f in starts[j + 1:]):
                raise _Nested("alternatives that can start with the same character inside an unbounded "
                              "repeat (such as (?:\\d|\\d)+) take exponential time; merge them")
            for alt in av[1]:
                _check(list(alt), follow, c)


# characters on which two classes are checked for overlap: ASCII, full-width digits and common CJK
_SAMPLE = ([chr(i) for i in range(32, 127)] + [chr(i) for i in range(0xFF10, 0xFF1A)]
           + list("．，％一二三四五六七八九十百千万亿零两"))
