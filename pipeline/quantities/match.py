"""Rule matching: run every compiled rule over the repaired view and keep the best non-overlapping matches."""

from __future__ import annotations

from dataclasses import dataclass

from .regex import _group_names, _regex_for
from .rules import Rule, RuleSet


@dataclass
class Match:
    """One rule match in view coordinates, with its named groups."""

    rule: Rule
    start: int
    end: int
    groups: dict[str, str]


def find(view: str, ruleset: RuleSet) -> list[Match]:
    """All rule matches, overlaps resolved: longer span first, then higher rule priority."""
    cands: list[Match] = []
    for rule in ruleset.rules:
        names = _group_names(rule.regex)
        rx = rule.fast if rule.fast is not None else _regex_for(rule.regex, len(view))
        for m in rx.finditer(view):
            if m.end() > m.start():
                g = m.groups()
                groups = {name: g[i] for i, name in names if g[i] is not None}    # m.groupdict() without Nones
                cands.append(Match(rule, m.start(), m.end(), groups))
    cands.sort(key=lambda c: (-(c.end - c.start), -c.rule.priority, c.start))
    taken: list[Match] = []
    occupied = bytearray(len(view) + 1)
    for c in cands:
        if not any(occupied[c.start:c.end]):
            taken.append(c)
            occupied[c.start:c.end] = b"\1" * (c.end - c.start)
    taken.sort(key=lambda c: c.start)
    return taken
