"""Diagnostics: the warnings of a document — paired figures that disagree, digits that no rule understood."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from .quantities.figures import Figure, normalized, shown

if TYPE_CHECKING:
    from .resolve.context import DocContext

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"(19|20)\d\d")
WARNINGS_PER_KIND = 100     # warnings of one kind listed per document; the rest are counted on one line
_KIND = re.compile(r"[^:0-9]*")     # a warning's kind: its words before the first digit or colon


def check_pairs(figs: list[Figure], ctx: DocContext, warnings: list[str]) -> None:
    """A paired expression (公顷 with 亩) that disagrees by more than 0.5 % gets a warning (the first is kept)."""
    units = ctx.profile.ruleset.units
    st = ctx.st
    for f in figs:
        for a in f.also:
            unit = units.get(a["unit"])
            if unit is None or f.unit is None or unit.dimension != f.unit.dimension:
                continue
            other = Figure(f.match, 0, 0, Decimal(a["value"]), None, a["unit"], unit)
            mine = Decimal(str(normalized(f)["value"]))
            theirs = Decimal(str(normalized(other)["value"]))
            if mine and abs(mine - theirs) / abs(mine) > Decimal("0.005"):
                start, end = st.orig(f.vstart, f.vend)
                warnings.append(f"paired figures disagree at {start}-{end}: "
                                f"{st.text[start:end]!r} ({mine} vs {theirs} {normalized(f)['unit']}); "
                                "kept the first")


def unmatched(ctx: DocContext, covered: bytearray, warnings: list[str]) -> None:
    """Warn about digits that no rule took and that are not years, dates, ordinals, names or numbering
    (what is skipped besides years and line-start numbering: the lexicon's `unmatched` patterns)."""
    st, lex = ctx.st, ctx.lex
    view = st.view
    listed = more = 0
    for m in _NUMBER.finditer(view):
        if covered.find(1, m.start(), m.end()) >= 0 or st.in_quote(m.start(), m.end()):
            continue
        after = view[m.end():m.end() + 8]
        before = view[max(0, m.start() - 12):m.start()]
        if (before == "" or before.endswith("\n")) and after[:1].isspace():
            continue                    # 1 项目建设: numbering at the start of a line
        if _YEAR.fullmatch(m.group()):
            continue
        if any(rx.match(after) for rx in lex.skip_after) or any(rx.search(before) for rx in lex.skip_before):
            continue
        if listed == WARNINGS_PER_KIND:        # the rest only counted (bounded() gives the line)
            more += 1
            continue
        listed += 1
        start, end = st.orig(m.start(), m.end())
        ctx_text = view[max(0, m.start() - 8):min(m.end(), m.start() + 40) + 6].replace("\n", " ")
        warnings.append(f"figure not understood at {start}-{end}: {shown(m.group())} in …{ctx_text}…")
    if more:
        warnings.append(_more("figure not understood", more))


def _more(kind: str, n: int) -> str:
    return f"{kind}: {n} more (the first {WARNINGS_PER_KIND} are listed above)"


_MORE = re.compile(r"(.*): (\d+) more \(the first \d+ are listed above\)")


def bounded(warnings: list[str]) -> list[str]:
    """The warnings with at most WARNINGS_PER_KIND of each kind (figure not understood at …), the rest counted on
    one line of that kind, so that text made of digits gets a report of bounded size."""
    kinds: dict[str, int] = {}
    counted: dict[str, int] = {}    # counts made where the warnings were found (unmatched); of a mixed text's two
    out = []                        # pipelines, the larger
    for w in warnings:
        m = _MORE.fullmatch(w)
        if m:
            counted[m.group(1)] = max(counted.get(m.group(1), 0), int(m.group(2)))
            continue
        kind = _KIND.match(w).group().strip().removesuffix(" at")       # type: ignore[union-attr]
        kinds[kind] = kinds.get(kind, 0) + 1
        if kinds[kind] <= WARNINGS_PER_KIND:
            out.append(w)
    for kind, n in counted.items():
        kinds[kind] = max(kinds.get(kind, 0), WARNINGS_PER_KIND) + n
    out += [_more(kind, n - WARNINGS_PER_KIND) for kind, n in kinds.items() if n > WARNINGS_PER_KIND]
    return out
