#!/usr/bin/env python3
"""Score the `document:` headers of a run's YAML files against the identity gold (tests/corpus/identity.yaml).

Each YAML in OUTPUT_DIR is matched to a gold entry by the file name of its `document.source`. Counted:
year right, place right (exactly as the report names itself: 上海 for 上海市 is wrong, see
tests/corpus/README.md; a count with the suffix stripped is shown for diagnosis only), title equal to
the gold title or one of its `title_also` (spaces ignored, English case ignored), title free of page
furniture, language right.

Usage:
    python tools/score_identity.py OUTPUT_DIR [--gold tests/corpus/identity.yaml]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = ROOT / "tests" / "corpus" / "identity.yaml"

# Words of a scraped page's furniture (records.md §6) that never belong in a report's title.
FURNITURE = ("下载", "打印", "全屏", "收藏", "字号", "加大", "还原", "减小", "您的位置", "当前位置", "分享",
             "首页", "来源：", "时间：", "编辑：", "相关报道", "【", "】", ">>", " > ", "»")
# Administrative suffixes dropped by the lenient place count only (never by the score).
PLACE_SUFFIX = re.compile(r"(维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|自治州|自治县|省|市|区|县|盟|旗)$")


def load_gold(path: Path) -> dict[str, dict]:
    """Gold entries by file name."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {entry["file"]: entry for entry in data.get("documents") or []}


def read_header(path: Path) -> dict | None:
    """The `document:` mapping of a run YAML, read without parsing its records."""
    lines: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if lines and line[:1] not in (" ", "\t", "#", "\n", ""):
                break
            if not lines:
                if line.startswith("document:"):
                    lines.append(line)
                elif line.strip() and not line.startswith("#"):
                    return None
                continue
            lines.append(line)
    if not lines:
        return None
    try:
        data = yaml.safe_load("".join(lines))
    except yaml.YAMLError:
        return None
    header = data.get("document") if isinstance(data, dict) else None
    return header if isinstance(header, dict) else None


def is_furniture(title: object) -> bool:
    """True when a title is empty or holds page furniture."""
    text = str(title or "").strip()
    return not text or any(word in text for word in FURNITURE)


def _norm_title(text: object) -> str:
    return re.sub(r"\s+", "", str(text or "")).casefold()


def title_right(gold: dict, title: object) -> bool:
    accepted = [gold["title"], *(gold.get("title_also") or [])]
    return _norm_title(title) in {_norm_title(t) for t in accepted}


def place_lenient(gold: str, run: object) -> bool:
    return run is not None and PLACE_SUFFIX.sub("", str(gold)) == PLACE_SUFFIX.sub("", str(run))


def score(gold: dict[str, dict], run_dir: Path) -> dict:
    """Counts and mismatches of the run's headers against the gold."""
    headers: dict[str, dict] = {}
    for path in sorted(run_dir.glob("*.yaml")):
        header = read_header(path)
        if header and header.get("source"):
            headers.setdefault(Path(str(header["source"])).name, header)
    counts = dict.fromkeys(("matched", "year", "place", "place_lenient", "title", "title_clean", "language"), 0)
    wrong: list[str] = []
    for name, entry in gold.items():
        header = headers.get(name)
        if header is None:
            continue
        counts["matched"] += 1
        checks = {
            "year": str(header.get("year")) == str(entry["year"]),
            "place": header.get("place") == entry["place"],
            "title": title_right(entry, header.get("title")),
            "title_clean": not is_furniture(header.get("title")),
            "language": header.get("language") == entry["language"],
        }
        counts["place_lenient"] += place_lenient(entry["place"], header.get("place"))
        for field, ok in checks.items():
            counts[field] += ok
        for field, gold_field in (("year", "year"), ("place", "place"), ("title", "title"), ("language", "language")):
            if not checks[field]:
                wrong.append(f"  {name}: {field} gold={entry[gold_field]!r} run={header.get(field)!r}")
        if not checks["title_clean"]:
            wrong.append(f"  {name}: title is page furniture or empty: {header.get('title')!r}")
    return {"gold": len(gold), "counts": counts, "wrong": wrong,
            "missing": [n for n in gold if n not in headers], "extra": [n for n in headers if n not in gold]}


def report(result: dict) -> str:
    c, n = result["counts"], result["counts"]["matched"]
    lines = [
        f"documents matched: {n} / {result['gold']} gold documents",
        f"year right: {c['year']} / {n}",
        f"place right: {c['place']} / {n}   (suffix-insensitive, not scored: {c['place_lenient']} / {n})",
        f"title right: {c['title']} / {n}",
        f"title not furniture: {c['title_clean']} / {n}",
        f"language right: {c['language']} / {n}",
        f"missing documents ({len(result['missing'])}):", *[f"  {m}" for m in result["missing"]],
        f"documents not in the gold ({len(result['extra'])}):", *[f"  {m}" for m in result["extra"]],
        f"wrong fields ({len(result['wrong'])}):", *result["wrong"],
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("output_dir", type=Path, help="a run's output folder (one YAML per document)")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    args = parser.parse_args(argv)
    if not args.output_dir.is_dir():
        print(f"error: {args.output_dir} is not a folder", file=sys.stderr)
        return 2
    try:
        gold = load_gold(args.gold)
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        print(f"error: cannot read the gold {args.gold}: {exc}", file=sys.stderr)
        return 2
    print(report(score(gold, args.output_dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
