"""Pairing against gold: do `pair`'s twins link the records that parallel gold files say are the same figure, and
when twins disagree, which side the gold agrees with.

    python -m pipeline pair tests/development tests/development -o /tmp/dev
    python tools/pair_gold.py /tmp/dev [--gold tests/development/gold]

Parallel gold files (X.zh.yaml and X.en.yaml, twins by pipeline.pair.split_tag) list the same records in the
same order: gold record k of one is gold record k of the other. Each side's output records are matched to its
gold records as `eval` matches them (pipeline.evaluate.match_gold). Then:

- recall: of the gold pairs whose two records were both found, the share linked as twins; `eligible` counts
  only those the pairing rule can see (the same magnitude within 0.5 %);
- precision: of the twins whose two records both match gold records, the share matching the same one;
- blame: for each field where twins of a gold pair disagree, whether the Chinese side, the English side or
  both differ from their gold.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.evaluate import find_output, match_gold, output_index  # noqa: E402
from pipeline.ingest import decode  # noqa: E402
from pipeline.pair import split_tag  # noqa: E402
from pipeline.pair.link import TOLERANCE, agrees, disagreements, family  # noqa: E402
from pipeline.yamlio import Loader  # noqa: E402

GOLD_FIELDS = ("kind", "measure", "comparator", "stretch", "period", "indicator_id")


@dataclass
class Check:
    """One parallel gold pair checked against the output: gold index → (zh record, en record) found."""

    name: str
    zh: dict[int, dict[str, Any]] = field(default_factory=dict)
    en: dict[int, dict[str, Any]] = field(default_factory=dict)
    gold_zh: list[dict[str, Any]] = field(default_factory=list)
    gold_en: list[dict[str, Any]] = field(default_factory=list)
    twin: dict[str, Any] = field(default_factory=dict)          # zh id → en id, from the YAML
    gold_of_zh: dict[str, int] = field(default_factory=dict)    # zh id → gold index
    gold_of_en: dict[str, int] = field(default_factory=dict)


def _side(out_dir: Path, index: Any, gold: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[int, int]]:
    path = find_output(index, gold["doc"])
    if path is None:
        raise SystemExit(f"error: no output in {out_dir} has {gold['doc']} as its source")
    data = yaml.load(path.read_bytes(), Loader=Loader)
    text = decode(Path(data["document"]["source"]).read_bytes())[0]
    recs = data.get("records") or []
    _, _, matches = match_gold(text, gold, recs)
    return recs, dict(matches)


def check(out_dir: Path, gold_dir: Path) -> list[Check]:
    """Every parallel gold pair of gold_dir checked against the `pair` output in out_dir."""
    index = output_index(out_dir)
    by_key: dict[str, dict[str, Path]] = {}
    for g in sorted(gold_dir.glob("*.yaml")):
        if not g.name.endswith(".resolved.yaml"):
            key, lang = split_tag(g.name)
            by_key.setdefault(key, {})[lang or ""] = g
    out = []
    for key, files in sorted(by_key.items()):
        if set(files) < {"zh", "en"}:
            continue
        gz, ge = (yaml.safe_load(files[s].read_text(encoding="utf-8")) for s in ("zh", "en"))
        zrecs, zm = _side(out_dir, index, gz)
        erecs, em = _side(out_dir, index, ge)
        c = Check(key, gold_zh=gz["records"], gold_en=ge["records"])
        c.zh = {g: zrecs[p] for g, p in zm.items()}
        c.en = {g: erecs[p] for g, p in em.items()}
        c.twin = {r["id"]: r.get("twin") for r in zrecs}
        c.gold_of_zh = {r["id"]: g for g, r in c.zh.items()}
        c.gold_of_en = {r["id"]: g for g, r in c.en.items()}
        out.append(c)
    return out


def _eligible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    x, y = abs(float(a["normalized"]["value"])), abs(float(b["normalized"]["value"]))
    return abs(x - y) <= TOLERANCE * max(x, y)


def scores(checks: list[Check]) -> dict[str, Any]:
    """Recall (all found gold pairs, eligible ones), precision, and the gold pairs not linked."""
    both = linked = eligible = eligible_linked = judged = right = 0
    missed = []
    for c in checks:
        for g in sorted(set(c.zh) & set(c.en)):
            z, e = c.zh[g], c.en[g]
            ok = c.twin.get(z["id"]) == e["id"]
            both += 1
            linked += ok
            if _eligible(z, e):
                eligible += 1
                eligible_linked += ok
                if not ok:
                    missed.append(f"{c.name}: {z['id']} {z['source']['match']} / {e['id']} {e['source']['match']}")
        for zid, eid in c.twin.items():
            if eid is not None and zid in c.gold_of_zh and eid in c.gold_of_en:
                judged += 1
                right += c.gold_of_zh[zid] == c.gold_of_en[eid]
    return {"gold_pairs": both, "linked": linked, "recall": linked / both if both else 1.0,
            "eligible": eligible, "eligible_linked": eligible_linked,
            "eligible_recall": eligible_linked / eligible if eligible else 1.0,
            "judged": judged, "right": right, "precision": right / judged if judged else 1.0, "missed": missed}


def blame(checks: list[Check]) -> Counter[tuple[str, str]]:
    """(field, who differs from gold: zh, en or both) for every disagreement of twins that are a gold pair."""
    out: Counter[tuple[str, str]] = Counter()
    for c in checks:
        for g in sorted(set(c.zh) & set(c.en)):
            z, e = c.zh[g], c.en[g]
            if c.twin.get(z["id"]) != e["id"]:
                continue
            for f in disagreements(z, e):
                if f not in GOLD_FIELDS:
                    continue
                zw, ew = not _gold_agrees(f, z, c.gold_zh[g]), not _gold_agrees(f, e, c.gold_en[g])
                out[f, "both" if zw and ew else "zh" if zw else "en" if ew else "neither"] += 1
    return out


def _gold_agrees(f: str, rec: dict[str, Any], gold: dict[str, Any]) -> bool:
    if f not in gold:
        return True
    if f == "comparator":
        return family(rec.get(f)) == family(gold.get(f))
    return agrees(f, rec, gold)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("output", type=Path, help="a `pair` output folder of the documents of the gold files")
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "development" / "gold")
    args = ap.parse_args(argv)
    checks = check(args.output, args.gold)
    s = scores(checks)
    print(f"gold pairs found on both sides: {s['gold_pairs']}, linked as twins: {s['linked']} "
          f"(recall {s['recall']:.3f}; eligible {s['eligible_linked']}/{s['eligible']}, {s['eligible_recall']:.3f})")
    print(f"twins judged by gold: {s['judged']}, of the same gold record: {s['right']} "
          f"(precision {s['precision']:.3f})")
    for m in s["missed"]:
        print(f"  not linked: {m}")
    print("disagreements of gold twins, by the side that differs from gold:")
    for (f, who), n in sorted(blame(checks).items(), key=lambda kv: (kv[0][0], -kv[1])):
        print(f"  {f}: {who} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
