"""Linking each record to its twin in the translation, block by block, and comparing the fields of each pair."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .align import Alignment, Block, align, line_of, line_spans

TOLERANCE = 0.005  # values within 0.5 % are the same figure (records.md section 3, gold-format.md)
# (field, what is compared): the fields a pair can disagree on, in the order reports list them
FIELDS = ("kind", "measure", "comparator", "stretch", "period", "indicator_id", "value", "unit")
# both sides agree on all of these: the pair "agrees" (records.md section 4)
OVERALL = ("kind", "measure", "stretch", "indicator_id", "comparator")
UNKNOWN = "number"  # the dimension of a bare number whose unit was not understood
FAMILY = {">=": "lower", ">": "lower", "<=": "upper", "<": "upper"}  # translations render 以上 as "over"


@dataclass
class Pairing:
    """Two documents' records linked: pairs of indices into each side's records (None for an unpaired
    record), in reading order of the original, each unpaired translation record after the pair before it."""

    mode: str
    pairs: list[tuple[int | None, int | None]] = field(default_factory=list)

    @property
    def linked(self) -> list[tuple[int, int]]:
        return [(z, e) for z, e in self.pairs if z is not None and e is not None]


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def close(a: Any, b: Any) -> bool:
    """Two numbers within TOLERANCE of each other (both None counts as equal)."""
    a, b = _num(a), _num(b)
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b)) or a == b


def family(comparator: Any) -> Any:
    """The comparator family: `>=` and `>` are one lower bound, `<=` and `<` one upper bound."""
    return FAMILY.get(comparator, comparator)


def _norm(rec: dict[str, Any]) -> dict[str, Any]:
    n = rec.get("normalized")
    return n if isinstance(n, dict) else {}


def agrees(name: str, a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two twin records agree on one of FIELDS (value: the same signed value and upper bound within
    0.5 %; unit: the same normalized unit; comparator: the same family)."""
    if name == "comparator":
        return family(a.get("comparator")) == family(b.get("comparator"))
    if name == "value":
        na, nb = _norm(a), _norm(b)
        return close(na.get("value"), nb.get("value")) and close(na.get("value_max"), nb.get("value_max"))
    if name == "unit":
        return _norm(a).get("unit") == _norm(b).get("unit")
    if name == "period":
        return str(a.get("period")) == str(b.get("period"))
    return a.get(name) == b.get(name)


def disagreements(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """The FIELDS on which two twin records disagree."""
    return [f for f in FIELDS if not agrees(f, a, b)]


def _magnitude(rec: dict[str, Any]) -> float | None:
    v = _num(_norm(rec).get("value"))
    return None if v is None else abs(v)


def _dimensions(dim: Any, present: Any) -> list[Any]:
    """The dimensions a figure of dimension dim may pair with: its own, and a bare number's (a figure whose unit
    the resolver did not understand) with any; such a pair disagrees on `unit`."""
    if dim == UNKNOWN:
        return [dim, *sorted((d for d in present if d != dim), key=str)]
    return [dim, UNKNOWN]


def _candidates(zh: Sequence[dict[str, Any]], en: Sequence[dict[str, Any]], zi: list[int], ei: list[int],
                place: dict[tuple[str, int], float]) -> list[tuple[tuple[Any, ...], int, int]]:
    """(cost, i, j) for every zh record i and en record j of one block with the same dimension (see _dimensions)
    and a value of the same magnitude within 0.5 %; the cost orders them: the same dimension first, then the
    same normalized unit, then the same sign, then the nearest place in the block (place: where each record
    stands in its block's text, from 0 to 1), then the nearest value."""
    by_dim: dict[Any, list[tuple[float, int, int]]] = defaultdict(list)
    for rank, j in enumerate(ei):
        m = _magnitude(en[j])
        if m is not None:
            by_dim[_norm(en[j]).get("dimension")].append((m, rank, j))
    for lst in by_dim.values():
        lst.sort()
    out = []
    for zrank, i in enumerate(zi):
        m = _magnitude(zh[i])
        if m is None:
            continue
        a = _norm(zh[i])
        for dim in _dimensions(a.get("dimension"), by_dim):
            lst = by_dim.get(dim, [])
            k = bisect.bisect_left(lst, (m * (1 - TOLERANCE), -1, -1))
            while k < len(lst) and lst[k][0] <= m * (1 + TOLERANCE) + 1e-12:
                em, erank, j = lst[k]
                k += 1
                if not close(m, em):
                    continue
                b = _norm(en[j])
                sign = (_num(a.get("value")) or 0) * (_num(b.get("value")) or 0) < 0
                cost = (dim != a.get("dimension"), a.get("unit") != b.get("unit"), sign,
                        round(abs(place["zh", i] - place["en", j]), 9), abs(m - em), zrank, erank)
                out.append((cost, i, j))
    return out


def _sole(zh: Sequence[dict[str, Any]], en: Sequence[dict[str, Any]], zi: list[int], ei: list[int]
          ) -> list[tuple[int, int]]:
    """Among the records of a block left unpaired, the pairs of another dimension whose magnitude is the same
    within 0.5 % and matches no other left record on either side (12万户 read as a count, "120,000 times" as a
    multiple): one figure the two resolvers read differently; such a pair disagrees on `unit`."""
    left = sorted((m, j) for j in ei if (m := _magnitude(en[j])) is not None)
    keys = [m for m, _ in left]
    hits: dict[int, list[int]] = {}
    for i in zi:
        m = _magnitude(zh[i])
        if m is None:
            continue
        lo = bisect.bisect_left(keys, m * (1 - TOLERANCE))
        hi = bisect.bisect_right(keys, m * (1 + TOLERANCE) + 1e-12)
        hits[i] = [j for mm, j in left[lo:hi] if close(m, mm)]
    times = Counter(j for js in hits.values() for j in js)
    return [(i, js[0]) for i, js in hits.items() if len(js) == 1 and times[js[0]] == 1]


def _in_order(recs: Sequence[dict[str, Any]]) -> list[int]:
    return sorted(range(len(recs)), key=lambda i: (_start(recs[i]), i))


def link(zh_text: str, zh: Sequence[dict[str, Any]], en_text: str, en: Sequence[dict[str, Any]]) -> Pairing:
    """Link the records of a document (zh: its text and output records) to those of its translation (en).

    The documents are aligned into blocks of lines (see align.align); inside each block every candidate pair
    (same dimension, same magnitude within 0.5 %) is taken greedily by cost (see _candidates), each record at
    most once; then the records left whose magnitude is the only one of its kind on both sides pair across
    dimensions (see _sole). A record with no candidate in its block stays unpaired: a figure the translation
    dropped or merged is never forced onto another.
    """
    zo, eo = _in_order(zh), _in_order(en)
    zs, es = line_spans(zh_text), line_spans(en_text)
    zstarts, estarts = [s for s, _ in zs], [s for s, _ in es]
    zline = [line_of(zstarts, _start(zh[i])) for i in zo]
    eline = [line_of(estarts, _start(en[j])) for j in eo]
    al: Alignment = align(len(zs), len(es), [zh[i] for i in zo], [en[j] for j in eo], zline, eline)
    members: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    place: dict[tuple[str, int], float] = {}
    for side, recs, order, lines, spans in (("zh", zh, zo, zline, zs), ("en", en, eo, eline, es)):
        blocks = _block_of_lines(al, len(spans), side)
        for k, ln in zip(order, lines, strict=True):
            b = blocks[ln] if blocks else 0
            members[b][side == "en"].append(k)
            place[side, k] = _place(al.blocks[b] if al.blocks else None, side, spans, _start(recs[k]))
    twin_of: dict[int, int] = {}
    taken: set[int] = set()
    for b in sorted(members):
        zi, ei = members[b]
        for _cost, i, j in sorted(_candidates(zh, en, zi, ei, place)):
            if i not in twin_of and j not in taken:
                twin_of[i] = j
                taken.add(j)
        for i, j in _sole(zh, en, [i for i in zi if i not in twin_of], [j for j in ei if j not in taken]):
            twin_of[i] = j
            taken.add(j)
    return Pairing(al.mode, _merged(zo, eo, twin_of, taken))


def _start(rec: dict[str, Any]) -> int:
    s = rec.get("source")
    v = s.get("start") if isinstance(s, dict) else None
    return v if isinstance(v, int) else 0


def _place(block: Block | None, side: str, spans: list[tuple[int, int]], offset: int) -> float:
    """Where an offset stands in the text of its block's lines on one side: 0 at its start, 1 at its end."""
    if block is None:
        return 0.0
    lo, hi = (block.zh_start, block.zh_end) if side == "zh" else (block.en_start, block.en_end)
    if hi <= lo:
        return 0.0
    start, end = spans[lo][0], spans[hi - 1][1]
    return min(1.0, max(0.0, (offset - start) / max(end - start, 1)))


def _block_of_lines(al: Alignment, lines: int, side: str) -> list[int]:
    """The block of each non-blank line of one side."""
    out = [0] * lines
    for n, b in enumerate(al.blocks):
        lo, hi = (b.zh_start, b.zh_end) if side == "zh" else (b.en_start, b.en_end)
        for ln in range(lo, min(hi, lines)):
            out[ln] = n
    return out


def _merged(zo: list[int], eo: list[int], twin_of: dict[int, int], taken: set[int]
            ) -> list[tuple[int | None, int | None]]:
    """Rows in the original's reading order; an unpaired translation record comes after the row of the last
    translation record before it that has a row."""
    erank = {j: r for r, j in enumerate(eo)}
    rows: list[tuple[float, int, tuple[int | None, int | None]]] = []
    row_of_rank: dict[int, float] = {}
    for r, i in enumerate(zo):
        j = twin_of.get(i)
        rows.append((float(r), 0, (i, j)))
        if j is not None:
            row_of_rank[erank[j]] = float(r)
    last = -1.0
    for r, j in enumerate(eo):
        if j in taken:
            last = row_of_rank[r]
        else:
            rows.append((last + 0.5, r, (None, j)))
    rows.sort(key=lambda t: (t[0], t[1]))
    return [p for _, _, p in rows]
