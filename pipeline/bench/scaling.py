"""Scaling benchmark: the growth exponent of run time against input size for input shapes that once grew faster."""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from typing import Any

from .corpus import ROOT

# The shapes: text of about n bytes of UTF-8 each. Every shape is made from the project's own reports or from a
# short unit repeated; a shape grows by repeating, so a linear pipeline takes time in proportion to n.
_SAMPLES = ROOT / "samples"


def _report(lang: str) -> str:
    files = sorted(_SAMPLES.glob(f"*.{lang}.txt")) + sorted((ROOT / "tests" / "generalization").glob(f"*.{lang}.txt"))
    return "\n\n".join(f.read_text(encoding="utf-8") for f in files)


def fill(unit: str, n: int) -> str:
    """unit repeated to n bytes of UTF-8 (cut at a character, never inside one)."""
    if not unit:
        return ""
    size = len(unit.encode("utf-8"))
    text = unit * (n // size + 1)
    out = text.encode("utf-8")[:n].decode("utf-8", "ignore")
    return out


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", "", text)


def _shapes() -> dict[str, Callable[[int], str]]:
    zh = _report("zh")
    en = _report("en")
    one_line = _one_line(zh)
    comma = re.sub(r"[。；！？\n]+", "，", zh)
    no_stops = re.sub(r"\s+", " ", re.sub(r"\.(?=\s|$)", "", en))       # one paragraph without a sentence end
    zh_lines = [ln for ln in zh.splitlines() if ln.strip()]
    en_lines = [ln for ln in en.splitlines() if ln.strip()]
    mixed = "\n".join(a + "\n" + b for a, b in zip(zh_lines, en_lines, strict=False)) + "\n"
    return {
        "report, line breaks removed": lambda n: fill(one_line, n),
        "增长 repeated": lambda n: fill("增长8%", n),
        "one-figure sentences": lambda n: fill("增长8%。", n),
        "comma-joined sentences": lambda n: fill(comma, n),
        "1-1-1 dash runs": lambda n: fill("1-1-1-1-1-1 ", n),
        "dash runs in mixed zh/en text": lambda n: fill("1-1-1-1-1-1 GDP 增长 ", n),
        "1万 repeated": lambda n: fill("1万、", n),
        "mixed zh/en lines": lambda n: fill(mixed, n),
        "English without full stops": lambda n: fill(no_stops, n),
        "分别 list": lambda n: "主要指标分别增长" + fill("8%、", n),
        "figures joined by zero-width spaces": lambda n: "增长" + fill("12.5%\u200b", n),
    }


SHAPES: tuple[str, ...] = tuple(_shapes())


def shape_text(name: str, n: int) -> str:
    """The text of a shape, about n bytes of UTF-8."""
    return _shapes()[name](n)


def exponent(points: list[tuple[float, float]]) -> float:
    """The least-squares slope of log(seconds) against log(size): 1 is linear, 2 quadratic."""
    xs = [math.log(a) for a, _ in points]
    ys = [math.log(max(b, 1e-6)) for _, b in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else float("nan")


def measure(text: str) -> dict[str, Any]:
    """One run: extract the text and write its YAML (in memory); seconds, records and YAML bytes."""
    from ..api import extract
    from ..yamlio import dump_yaml

    t0 = time.perf_counter()
    doc = extract(text)
    out = dump_yaml(doc.to_dict())
    seconds = time.perf_counter() - t0
    return {"bytes": len(text.encode("utf-8", "surrogatepass")), "seconds": seconds, "records": len(doc.records),
            "yaml_bytes": len(out.encode("utf-8", "surrogatepass"))}


def warm_up() -> None:
    """Load both languages' pipelines, segmenters and taggers: start-up, not scaling."""
    from ..api import default_pipeline, extract

    extract("地区生产总值增长8%。GDP grew by 8 percent.")
    for lang in ("zh", "en"):
        default_pipeline().for_language(lang).profile.language.warm_up()


def scaling(shapes: list[str], sizes: list[int], budget: float) -> list[dict[str, Any]]:
    """Each shape at each size (bytes), smallest first; a shape stops growing once one run took over budget
    seconds (its exponent is then from the sizes measured)."""
    warm_up()
    made = _shapes()
    results = []
    for name in shapes:
        runs = []
        for n in sizes:
            runs.append(measure(made[name](n)))
            if runs[-1]["seconds"] > budget:
                break
        pts = [(r["bytes"], r["seconds"]) for r in runs]
        big = runs[-1]
        results.append({"shape": name, "runs": runs, "exponent": exponent(pts) if len(pts) > 1 else float("nan"),
                        "seconds_per_mb": big["seconds"] / (big["bytes"] / 1e6),
                        "yaml_ratio": max(r["yaml_bytes"] / r["bytes"] for r in runs)})
    return results


def report(results: list[dict[str, Any]]) -> str:
    """The human-readable table of a scaling run."""
    lines = [f"{'shape':<38}{'exponent':>9}{'s/MB':>8}{'yaml/in':>9}  seconds per size"]
    for r in results:
        sizes = "  ".join(f"{x['bytes'] / 1000:.0f}KB {x['seconds']:.2f}s" for x in r["runs"])
        lines.append(f"{r['shape']:<38}{r['exponent']:>9.2f}{r['seconds_per_mb']:>8.1f}{r['yaml_ratio']:>8.1f}x  "
                     + sizes)
    return "\n".join(lines)


# ---- matching alone -----------------------------------------------------------------------------------
# Short units repeated: runs of what quantity rules are made of (digits, numerals, number words, scale words,
# units, comparators, range dashes, separators). A rule that backtracks over a whole run at each place it could
# start shows here as an exponent near 2.
MATCH_UNITS = ("1", "1,", "1.", "1-", "1万", "1 ", "一", "一亿", "百", "1%", "1、", "-1", "1/", "１", "1—", "1至",
               "增长", "增长1", "1个", "1个百分点", "超过", "以上", "左右", "1倍", "亿元", "（1", "1.1.", "1,111,",
               "one ", "one-", "one and ", "hundred ", "twenty-one ", "1 million ", "1,000 ", "$1", "1 yuan ",
               "at least ", "more than ", "1 to ", "between 1 and ", "1 percent ", "1 projects ", "a ", "(1) ",
               "1 mu (", " - ", "1–")


def matching(sizes: tuple[int, int] = (4000, 16000)) -> dict[str, Any]:
    """The growth exponent of each quantity rule's matching on each repeated unit between two sizes
    (characters); the worst few, slowest first at the larger size."""
    from ..api import default_pipeline
    from ..quantities.regex import scanner

    warm_up()
    runs = []
    for lang in ("zh", "en"):
        for rule in default_pipeline().for_language(lang).ruleset.rules:
            rx = scanner(rule.regex)
            for unit in MATCH_UNITS:
                times = []
                for n in sizes:
                    text = unit * (n // len(unit))
                    t0 = time.perf_counter()
                    for _m in rx.finditer(text):
                        pass
                    times.append(time.perf_counter() - t0)
                runs.append({"rule": rule.id, "unit": unit, "seconds": times[-1],
                             "exponent": exponent([(n, t) for n, t in zip(sizes, times, strict=True)])})
    timed = [r for r in runs if r["seconds"] >= 0.005]      # below 5 ms, the clock's noise decides the slope
    return {"sizes": list(sizes), "pairs": len(runs),
            "worst_exponent": max(timed, key=lambda r: r["exponent"]) if timed else None,
            "slowest": sorted(runs, key=lambda r: -r["seconds"])[:5]}


def matching_report(m: dict[str, Any]) -> str:
    """The human-readable lines of a matching run."""
    a, b = m["sizes"]
    lines = [f"matching alone: {m['pairs']} (rule, repeated unit) pairs at {a:,} and {b:,} characters"]
    w = m["worst_exponent"]
    if w:
        lines.append(f"  highest exponent (runs over 5 ms): {w['exponent']:.2f}  {w['rule']} on {w['unit']!r} repeated")
    for r in m["slowest"]:
        lines.append(f"  slowest: {r['seconds']:.3f}s exponent {r['exponent']:.2f}  {r['rule']} on {r['unit']!r} "
                     "repeated")
    return "\n".join(lines)
