"""Evaluation: match predicted records to gold annotations and score detection, meaning and fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from .ingest import IngestError, decode
from .yamlio import RuleFileError, load_yaml

STRICT = ("kind", "measure", "comparator", "stretch")
FIELDS = ("kind", "measure", "comparator", "stretch", "indicator_id", "period", "indicator")


class EvalError(ValueError):
    """Scoring that cannot be done: a missing folder, a malformed gold file, an unreadable output; one line."""


class GoldError(EvalError):
    """A gold file that cannot be resolved against its document."""


@dataclass
class Gold:
    """One gold record resolved to its span."""

    rec: dict[str, Any]
    start: int
    end: int


@dataclass
class DocScore:
    """Scores of one document."""

    name: str
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    strict: int = 0
    field_ok: dict[str, int] = field(default_factory=dict)
    field_n: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def resolve_gold(text: str, records: list[dict[str, Any]]) -> list[Gold]:
    """Spans of gold quotes: from the first `near` (if any), the occurrence-th match of the quote."""
    out = []
    for r in records:
        pos = 0
        if r.get("near"):
            pos = text.find(str(r["near"]))
            if pos < 0:
                raise GoldError(f"near text not found: {r['near']!r}")
        quote = str(r["quote"])
        for _ in range(int(r.get("occurrence") or 1)):
            i = text.find(quote, pos)
            if i < 0:
                raise GoldError(f"quote not found: {quote!r} (near {r.get('near')!r})")
            pos = i + 1
        out.append(Gold(r, i, i + len(quote)))
    return out


def regions(text: str, spec: list[dict[str, Any]] | None) -> list[tuple[int, int]]:
    """[start, end) spans of the annotated regions (the whole text when there are none)."""
    if not spec:
        return [(0, len(text))]
    lines = text.splitlines(keepends=True)
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln))
    out = []
    for reg in spec:
        if "lines" in reg:
            a, b = reg["lines"]
            out.append((starts[a - 1], starts[min(b, len(lines))]))
        else:
            s = text.find(reg["from"])
            e = text.find(reg["to"], s)
            if s < 0 or e < 0:
                raise GoldError(f"region not found: {reg}")
            out.append((s, e + len(reg["to"])))
    return out


def norm_indicator(s: str | None) -> str:
    return re.sub(r"[\s“”\"'‘’「」『』,，、()（）]", "", s or "")


def indicator_agrees(pred: str | None, gold: str | None) -> bool:
    """Indicators agree when one contains the other after removing quotes and punctuation, or they are
    close (difflib ratio >= 0.6): gold names are an annotator's wording, predictions are text spans."""
    p, g = norm_indicator(pred), norm_indicator(gold)
    if not p or not g:
        return p == g
    return p in g or g in p or SequenceMatcher(None, p, g).ratio() >= 0.6


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    if b == 0:
        return abs(a) < 1e-9
    return abs(a - b) <= 0.005 * abs(b)


def field_value(pred: dict[str, Any], name: str) -> Any:
    return pred.get(name)


def _agree(name: str, pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    if name == "indicator":
        return indicator_agrees(pred.get("indicator"), gold.get("indicator"))
    if name == "period":
        return str(pred.get("period")) == str(gold.get("period"))
    return pred.get(name) == gold.get(name)


def match_gold(text: str, gold: dict[str, Any], predicted: list[dict[str, Any]]
               ) -> tuple[list[Gold], list[int], list[tuple[int, int]]]:
    """The gold records resolved, the indices of the predictions inside the regions, and the matches one to one
    (gold index, prediction index), greedy by overlap: a prediction whose span overlaps the quote's (or lies
    within 2 characters of it) and whose normalized value (and upper bound) is the gold's within 0.5 %."""
    golds = resolve_gold(text, gold.get("records") or [])
    spans = regions(text, gold.get("regions"))
    inside = [i for i, p in enumerate(predicted) if any(s <= p["source"]["start"] < e for s, e in spans)]
    pairs = []
    for gi, g in enumerate(golds):
        for pi in inside:
            p = predicted[pi]
            ps, pe = p["source"]["start"], p["source"]["end"]
            overlap = min(pe, g.end) - max(ps, g.start)
            near = overlap > 0 or (ps - g.end <= 2 and g.start - pe <= 2)
            if not near:
                continue
            n = p.get("normalized") or {}
            if not _close(n.get("value"), g.rec.get("value")):
                continue
            if g.rec.get("value_max") is not None and not _close(n.get("value_max"), g.rec.get("value_max")):
                continue
            pairs.append((overlap, gi, pi))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g, used_p, matches = set(), set(), []
    for _ov, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matches.append((gi, pi))
    return golds, inside, matches


def score_document(name: str, text: str, gold: dict[str, Any], predicted: list[dict[str, Any]]) -> DocScore:
    """Match one document's predictions to its gold records one to one, greedy by overlap."""
    golds, inside, found = match_gold(text, gold, predicted)
    ds = DocScore(name, gold=len(golds), predicted=len(inside))
    matches = [(golds[gi], predicted[pi]) for gi, pi in found]
    used_g = {gi for gi, _ in found}
    used_p = {pi for _, pi in found}
    ds.matched = len(matches)
    for g, p in matches:
        gold_rec = dict(g.rec)
        if all(_agree(k, p, gold_rec) for k in STRICT):
            ds.strict += 1
        for k in FIELDS:
            if k in ("indicator_id", "period") and k not in gold_rec:
                continue
            ds.field_n[k] = ds.field_n.get(k, 0) + 1
            if _agree(k, p, gold_rec):
                ds.field_ok[k] = ds.field_ok.get(k, 0) + 1
            else:
                ds.wrong.append(f"{name}@{g.start} {g.rec['quote']!r}: {k} = {p.get(k)!r}, gold {gold_rec.get(k)!r}")
    for gi, g in enumerate(golds):
        if gi not in used_g:
            ds.misses.append(f"{name}@{g.start} {g.rec['quote']!r} ({g.rec.get('indicator')}, "
                             f"{g.rec.get('value')} {g.rec.get('unit')})")
    for pi in inside:
        if pi not in used_p:
            p = predicted[pi]
            n = p.get("normalized") or {}
            ds.spurious.append(f"{name}@{p['source']['start']} {p['source']['match']!r} ({p.get('indicator')}, "
                               f"{n.get('value')} {n.get('unit')})")
    return ds


def _doc_text(out: dict[str, Any], out_path: Path, docs: Path | None, gold_doc: str) -> str:
    candidates = []
    if docs is not None:
        candidates.append(docs / gold_doc)
    doc = out.get("document") or {}
    if doc.get("format") == "txt" and doc.get("source"):
        candidates.append(Path(doc["source"]))
    candidates.append(out_path.with_suffix(".txt"))
    for c in candidates:
        if c.is_file():
            try:
                if c.suffix == ".txt" and c == out_path.with_suffix(".txt"):
                    return c.read_text(encoding="utf-8")
                return decode(c.read_bytes())[0]
            except (OSError, UnicodeError, IngestError) as e:
                raise GoldError(f"cannot read the text of {gold_doc} ({c}): {e}") from None
    raise GoldError(f"cannot find the text of {gold_doc}")


def output_index(output_dir: Path) -> dict[str, list[tuple[Path, tuple[str, ...]]]]:
    """{file name of document.source: [(output YAML, parts of its source)]} of every output below output_dir,
    from their headers."""
    from .output.table import CACHE_DIR
    from .output.write import read_header

    index: dict[str, list[tuple[Path, tuple[str, ...]]]] = {}
    for path in sorted(output_dir.rglob("*.yaml")):
        if CACHE_DIR in path.relative_to(output_dir).parts:
            continue
        head = read_header(path)
        source = head["document"].get("source") if head else None
        if isinstance(source, str):
            index.setdefault(Path(source).name, []).append((path, Path(source).parts))
    return index


def find_output(index: dict[str, list[tuple[Path, tuple[str, ...]]]], gold_doc: str) -> Path | None:
    """The output of a gold file's document: the one whose document.source ends with the gold's `doc` path."""
    want = Path(gold_doc).parts
    hits = [path for path, parts in index.get(Path(gold_doc).name, []) if parts[-len(want):] == want]
    if len(hits) > 1:
        raise GoldError(f"doc {gold_doc} matches several outputs ({', '.join(map(str, hits))}): write the "
                        "document's folder in doc (e.g. 2024/report.txt)")
    return hits[0] if hits else None


def _load_gold(gpath: Path) -> dict[str, Any]:
    """A gold file, checked enough to be scored; EvalError naming the file otherwise."""
    try:
        gold = load_yaml(gpath)
    except RuleFileError as e:
        raise EvalError(f"gold file {e}") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("doc"), str) or not gold["doc"]:
        raise EvalError(f"gold file {gpath}: no `doc:` naming its document")
    records = gold.get("records") or []
    if not isinstance(records, list) or not all(isinstance(r, dict) and "quote" in r for r in records):
        raise EvalError(f"gold file {gpath}: `records` must be a list of mappings, each with a `quote`")
    regions_ = gold.get("regions") or []
    if not isinstance(regions_, list) or not all(
            isinstance(r, dict) and (("lines" in r and isinstance(r["lines"], list) and len(r["lines"]) == 2
                                      and all(isinstance(n, int) for n in r["lines"]))
                                     or ("from" in r and "to" in r)) for r in regions_):
        raise EvalError(f"gold file {gpath}: each of `regions` needs `lines: [first, last]` or `from` and `to`")
    return gold


def evaluate(gold_dir: Path, output_dir: Path, docs: Path | None = None) -> list[DocScore]:
    """Score every gold file of gold_dir against the output in output_dir of its document.

    Raises EvalError for a missing folder, a malformed gold file, an unreadable output or document text.
    """
    for what, folder in (("gold folder", gold_dir), ("output folder", output_dir), ("documents folder", docs)):
        if folder is not None and not folder.is_dir():
            raise EvalError(f"{what} {folder}: " + ("not a folder" if folder.exists() else "no such folder"))
    index = output_index(output_dir)
    scores = []
    for gpath in sorted(gold_dir.glob("*.yaml")):
        if gpath.name.endswith(".resolved.yaml"):
            continue
        gold = _load_gold(gpath)
        doc_name = gold["doc"]
        out_path = find_output(index, doc_name)
        if out_path is None:
            ds = DocScore(doc_name, gold=len(gold.get("records") or []))
            ds.misses.append(f"{doc_name}: no output in {output_dir} has this document as its source")
            scores.append(ds)
            continue
        try:
            out = load_yaml(out_path)
        except RuleFileError as e:
            raise EvalError(f"output {e}") from None
        text = _doc_text(out, out_path, docs, doc_name)
        try:
            scores.append(score_document(doc_name, text, gold, out.get("records") or []))
        except GoldError as e:
            raise GoldError(f"gold file {gpath}: {e}") from None
        except (KeyError, TypeError, ValueError) as e:
            raise EvalError(f"gold file {gpath} or output {out_path}: malformed ({type(e).__name__}: {e})") from None
    return scores


def totals(scores: list[DocScore]) -> dict[str, float]:
    """Overall precision, recall, F1, strict F1 and field accuracies."""
    g = sum(s.gold for s in scores)
    p = sum(s.predicted for s in scores)
    m = sum(s.matched for s in scores)
    st = sum(s.strict for s in scores)
    prec = m / p if p else 0.0
    rec = m / g if g else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    sp = st / p if p else 0.0
    sr = st / g if g else 0.0
    sf1 = 2 * sp * sr / (sp + sr) if sp + sr else 0.0
    out = {"gold": g, "predicted": p, "matched": m, "precision": prec, "recall": rec, "f1": f1,
           "strict_f1": sf1}
    for k in FIELDS:
        n = sum(s.field_n.get(k, 0) for s in scores)
        ok = sum(s.field_ok.get(k, 0) for s in scores)
        out[f"acc_{k}"] = ok / n if n else 1.0
    return out


def format_report(scores: list[DocScore], verbose: bool = True) -> str:
    """A human-readable report: per document and overall scores, then the errors."""
    lines = []
    for s in scores + [None]:
        t = totals([s] if s else scores)
        name = s.name if s else "OVERALL"
        lines.append(f"{name}: gold {t['gold']}, predicted {t['predicted']}, matched {t['matched']}  "
                     f"P {t['precision']:.3f} R {t['recall']:.3f} F1 {t['f1']:.3f} strict F1 {t['strict_f1']:.3f}")
    t = totals(scores)
    lines.append("field accuracy (matched pairs): " + ", ".join(f"{k} {t['acc_' + k]:.3f}" for k in FIELDS))
    if verbose:
        for title, attr in (("misses", "misses"), ("spurious", "spurious"), ("wrong fields", "wrong")):
            items = [x for s in scores for x in getattr(s, attr)]
            lines.append(f"{title} ({len(items)}):")
            lines.extend("  " + x for x in items)
    return "\n".join(lines)
