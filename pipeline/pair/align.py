"""Aligning a document with its translation: blocks of lines on either side whose records may be twins."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

LINE = re.compile(r"[^\n]*\S[^\n]*")  # a non-blank line (CR and spaces inside it are part of it)
# the share of anchored line pairs (i, i) that lets two documents of as many lines be aligned line by line
LINE_TRUST = 0.8
ANCHOR_DEPTH = 4  # rounds of looking for unique figures inside the gaps between anchors (patience alignment)


@dataclass(frozen=True)
class Block:
    """Lines [zh_start, zh_end) of the original and [en_start, en_end) of the translation that say the same
    thing; a record's twin is looked for only in its block."""

    zh_start: int
    zh_end: int
    en_start: int
    en_end: int


@dataclass
class Alignment:
    """How two documents were aligned (`lines`: line i with line i; `figures`: by unique figures, see
    docs/pair.md) and the blocks, in order; every non-blank line of each side is in exactly one block."""

    mode: str
    blocks: list[Block]


def line_spans(text: str) -> list[tuple[int, int]]:
    """The [start, end) offsets of the non-blank lines of a text, in order."""
    return [m.span() for m in LINE.finditer(text)]


def line_of(starts: Sequence[int], offset: int) -> int:
    """The index of the non-blank line holding an offset (the line before it for an offset in a blank line)."""
    return max(0, bisect.bisect_right(starts, offset) - 1)


def figure_key(rec: dict[str, Any]) -> tuple[str, str] | None:
    """What a figure is across languages, for finding anchors: its dimension and the magnitude of its
    normalized value to 3 significant digits (None without a value)."""
    n = rec.get("normalized") or {}
    v = n.get("value")
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return None
    return str(n.get("dimension")), f"{abs(float(v)):.3g}"


def _lis(seq: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of (i, j) pairs (sorted by i) whose j strictly increase."""
    tails: list[int] = []
    tail_at: list[int] = []
    back = [-1] * len(seq)
    for k, (_, j) in enumerate(seq):
        p = bisect.bisect_left(tails, j)
        if p == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[p] = j
            tail_at[p] = k
        back[k] = tail_at[p - 1] if p else -1
    out = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        out.append(seq[k])
        k = back[k]
    return out[::-1]


def anchors(zh_keys: Sequence[Any], en_keys: Sequence[Any]) -> list[tuple[int, int]]:
    """Record pairs (i, j) that surely are twins: a figure found once in a stretch of each document, taken in
    an order both documents share (patience alignment), then again inside the gaps, ANCHOR_DEPTH rounds."""
    found: list[tuple[int, int]] = []
    spans = [(0, len(zh_keys), 0, len(en_keys))]
    for _ in range(ANCHOR_DEPTH):
        gaps = []
        for za, zb, ea, eb in spans:
            zc = Counter(k for k in zh_keys[za:zb] if k is not None)
            ec = Counter(k for k in en_keys[ea:eb] if k is not None)
            at = {k: j for j in range(ea, eb) if ec[k := en_keys[j]] == 1}
            cand = [(i, at[k]) for i in range(za, zb) if zc[k := zh_keys[i]] == 1 and k in at]
            chain = _lis(cand)
            found += chain
            edges = [(za - 1, ea - 1), *chain, (zb, eb)]
            gaps += [(a[0] + 1, b[0], a[1] + 1, b[1]) for a, b in zip(edges, edges[1:], strict=False)
                     if b[0] - a[0] > 1 and b[1] - a[1] > 1]
        spans = gaps
        if not spans:
            break
    return sorted(found)


def _blocks_between(za: int, zb: int, ea: int, eb: int) -> list[Block]:
    """The blocks of a gap between anchored lines: line by line when both sides have as many lines, else one."""
    if zb - za == eb - ea:
        return [Block(za + k, za + k + 1, ea + k, ea + k + 1) for k in range(zb - za)]
    if zb > za or eb > ea:
        return [Block(za, zb, ea, eb)]
    return []


def align(zh_lines: int, en_lines: int, zh_recs: Sequence[dict[str, Any]], en_recs: Sequence[dict[str, Any]],
          zh_line_of: Sequence[int], en_line_of: Sequence[int]) -> Alignment:
    """Align two documents of zh_lines and en_lines non-blank lines whose records (in reading order) sit on
    the lines zh_line_of and en_line_of.

    Same number of non-blank lines, and at least LINE_TRUST of the anchored lines (below) on the same line
    number: line i with line i. Otherwise the lines of anchor records (a figure
    unique in a stretch of both documents, in an order both share) are aligned with each other; anchored lines
    that share a line on either side form one block; between two anchored blocks, gaps with as many lines on
    each side are aligned line by line, other gaps are one block.
    """
    pairs = sorted({(zh_line_of[i], en_line_of[j])
                    for i, j in anchors([figure_key(r) for r in zh_recs], [figure_key(r) for r in en_recs])})
    if zh_lines == en_lines and sum(z == e for z, e in pairs) >= LINE_TRUST * len(pairs):
        return Alignment("lines", [Block(k, k + 1, k, k + 1) for k in range(zh_lines)])
    groups: list[list[int]] = []  # [zh first, zh last, en first, en last] of anchored lines that overlap
    for zl, el in pairs:
        if groups and (zl <= groups[-1][1] or el <= groups[-1][3]):
            g = groups[-1]
            g[1], g[3] = max(g[1], zl), max(g[3], el)
        else:
            groups.append([zl, zl, el, el])
    blocks: list[Block] = []
    za = ea = 0
    for z0, z1, e0, e1 in groups:
        if z0 < za or e0 < ea:  # an anchor line out of order after merging: leave it to the gap
            continue
        blocks += _blocks_between(za, z0, ea, e0)
        blocks.append(Block(z0, z1 + 1, e0, e1 + 1))
        za, ea = z1 + 1, e1 + 1
    blocks += _blocks_between(za, zh_lines, ea, en_lines)
    return Alignment("figures", blocks)
