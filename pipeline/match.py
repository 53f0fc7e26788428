"""Rule matching: run every compiled rule over the repaired view and keep the best non-overlapping matches."""

from __future__ import annotations

from dataclasses import dataclass

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
        for m in rule.regex.finditer(view):
            if m.end() > m.start():
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
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
