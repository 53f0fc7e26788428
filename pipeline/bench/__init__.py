"""Benchmark: `python -m pipeline bench` — build a corpus, time the pipeline per stage and end to end against jieba."""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ..cli import positive_int
from .batch import jobs_speedup, peak_memory, regex_speed
from .corpus import build_corpus, parse_source, source_files
from .timing import jieba_speed, machine, run_corpus, staged_run, startup


# ---- report ---------------------------------------------------------------------------------------
def _rate(n: float, s: float) -> float:
    return n / s if s > 0 else float("inf")


def report(r: dict[str, Any]) -> str:
    """The human-readable bench report."""
    c = r["corpus"]
    e = r["end_to_end"]
    j = r["jieba"]
    m = r["machine"]
    lines = [
        f"machine: {m['cpu']}, {m['cores']} cores, {m['python']}, PyYAML C dumper: "
        f"{'yes' if m['yaml_c_dumper'] else 'no'}",
        f"corpus: {c['files']} files, {c['mb']:.1f} MB, {c['chars']:,} characters "
        f"(from {c['sources']} source reports, seed {c['seed']}; built in {c['build_seconds']:.1f}s)",
        "",
        f"{'stage (timed pass)':<24}{'seconds':>9}{'share':>8}{'chars/s':>14}",
    ]
    stages = r["stages"]
    total = stages["total"]
    for name, s in stages.items():
        if name == "total":
            continue
        lines.append(f"  {name:<22}{s:>9.2f}{100 * s / total:>7.1f}%{_rate(c['chars'], s):>14,.0f}")
    lines.append(f"  {'total':<22}{total:>9.2f}{100.0:>7.1f}%{_rate(c['chars'], total):>14,.0f}")
    lines += [
        "",
        f"end to end (1 core, reading files to writing YAML): {e['seconds']:.2f}s, {e['chars_per_s']:,.0f} chars/s, "
        f"{e['records_per_s']:,.0f} records/s ({e['records']:,} records)",
        f"jieba default cut, same run: {j['chars']:,} characters in {j['seconds']:.2f}s = "
        f"{j['chars_per_s']:,.0f} chars/s",
        f"ratio end-to-end / jieba: {r['ratio']:.2f}x",
    ]
    memo = r.get("segmentation_memo") or {}
    if memo:
        lines.append("jieba calls on phrases (end-to-end pass): " + ", ".join(
            f"{name} {m['calls']:,} ({m['hit_rate']:.0%} repeated phrases)" for name, m in memo.items()))
    if r.get("regex"):
        x = r["regex"]
        lines.append(f"one regex scan (numbers), same run: {x['chars']:,} characters in {x['seconds']:.3f}s = "
                     f"{x['chars_per_s']:,.0f} chars/s")
    lines.append(f"marginal: {e['chars_per_s']:,.0f} chars/s per core (the end-to-end pass, after start-up), "
                 f"{r['ratio']:.2f}x jieba's default cut")
    lines.append(f"pipeline load (rules, glossary, jieba's dictionary): {r['pipeline_load_seconds']:.2f}s")
    if r.get("startup"):
        s = r["startup"]
        lines.append(f"start-up: `pipeline run` on one small file {s['pipeline_run_one_file']:.2f}s "
                     f"(an empty cache: {s.get('pipeline_run_cold_cache', float('nan')):.2f}s); "
                     f"`import jieba; jieba.initialize()` {s['import_jieba_initialize']:.2f}s; "
                     f"difference {s['difference']:.2f}s (bare python {s['python_bare']:.2f}s)")
    if r.get("jobs"):
        j = r["jobs"]
        lines.append(f"--jobs 2 on {j['files']} files ({j['chars']:,} characters), whole commands: "
                     f"{j['jobs1']['wall']:.2f}s with --jobs 1, {j['jobs2']['wall']:.2f}s with --jobs 2 = "
                     f"{j['speedup']:.2f}x (from CPU times, as on an idle machine: {j['cpu_bound_speedup']:.2f}x)")
    for n, m in (r.get("rss") or {}).items():
        lines.append(f"peak memory of `pipeline run --jobs 2` on {n} files: main process {m['rss_main_mb']:.0f} MB, "
                     f"largest worker {m['rss_workers_mb']:.0f} MB ({m['wall']:.1f}s)")
    lines.append(f"peak memory (maxrss of the bench process, before jieba's reference): {r['peak_rss_mb']:.0f} MB")
    return "\n".join(lines)


def _positive_mb(value: str) -> float:
    """argparse type of --size: a finite number of megabytes above zero (an empty corpus measures nothing)."""
    try:
        mb = float(value)
    except ValueError:
        mb = 0.0
    if not 0 < mb < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a corpus size in MB above 0, got {value!r}")
    return mb


def _sizes(value: str) -> list[int]:
    """argparse type of --sizes: KB sizes above zero, comma-separated, at least two, in increasing order."""
    try:
        sizes = sorted({int(v) for v in value.split(",") if v.strip()})
    except ValueError:
        sizes = []
    if len(sizes) < 2 or sizes[0] <= 0:
        raise argparse.ArgumentTypeError(f"expected two or more sizes in KB above 0 such as 50,200,800, got {value!r}")
    return sizes


def _scaling(args: argparse.Namespace) -> int:
    from . import scaling

    shapes = [s for s in scaling.SHAPES if not args.shape or any(w.lower() in s.lower() for w in args.shape)]
    if not shapes:
        print(f"error: no shape named like {', '.join(args.shape)}; shapes: {', '.join(scaling.SHAPES)}",
              file=sys.stderr)
        return 2
    results = scaling.scaling(shapes, [kb * 1000 for kb in args.sizes], args.budget)
    match = None if args.no_matching else scaling.matching()
    if args.json:
        print(json.dumps({"shapes": results, "matching": match}, indent=2))
    else:
        print(scaling.report(results) + ("\n\n" + scaling.matching_report(match) if match else ""))
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m pipeline bench`: returns the exit status."""
    ap = argparse.ArgumentParser(prog="python -m pipeline bench", description=(
        "Build a varied Chinese corpus from the sample reports, run the pipeline over it on one core (per stage "
        "and end to end) and compare with jieba's default segmentation speed measured in the same run."))
    ap.add_argument("--size", type=_positive_mb, default=20.0, metavar="MB",
                    help="corpus size in MB of UTF-8, more than 0 (default 20)")
    ap.add_argument("--seed", type=int, default=1, help="random seed of the corpus (default 1)")
    ap.add_argument("--keep", metavar="DIR", help="keep corpus (DIR/corpus) and output (DIR/output) here")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--source", action="append", metavar="PATH",
                    help="report files or folders the corpus is made from (default: samples/, tests/generalization/)")
    ap.add_argument("--jieba-chars", type=positive_int("characters"), default=1_000_000, metavar="N",
                    help="characters of the corpus jieba segments for the reference (default 1,000,000)")
    ap.add_argument("--startup-runs", type=int, default=3, metavar="N",
                    help="fresh processes per start-up measurement, best taken (0 skips it; default 3)")
    ap.add_argument("--jobs-files", type=int, default=40, metavar="N",
                    help="files of the corpus `pipeline run` is timed on with --jobs 1 and --jobs 2 (0 skips it; "
                         "default 40)")
    ap.add_argument("--jobs-runs", type=positive_int("runs"), default=2, metavar="N",
                    help="runs of each of those commands, best taken (default 2)")
    ap.add_argument("--rss", action="store_true",
                    help="also measure the peak memory of `pipeline run --jobs 2` on 40 and 400 files")
    ap.add_argument("--scaling", action="store_true",
                    help="instead: the growth exponent of run time against input size for input shapes that once "
                         "grew faster than their input (one-line report, 分别 list, …), and of matching alone")
    ap.add_argument("--sizes", type=_sizes, default=[12, 50, 200, 800, 1600], metavar="KB,KB,…",
                    help="with --scaling: the input sizes in KB, at least two (default 12,50,200,800,1600)")
    ap.add_argument("--shape", action="append", metavar="NAME",
                    help="with --scaling: only the shapes whose name holds NAME (repeatable)")
    ap.add_argument("--no-matching", action="store_true",
                    help="with --scaling: skip the growth exponents of each quantity rule's matching alone")
    ap.add_argument("--budget", type=float, default=120.0, metavar="S",
                    help="with --scaling: a shape stops growing after a run over S seconds (default 120)")
    args = ap.parse_args(argv)
    if args.scaling:
        return _scaling(args)
    files_in = source_files(args.source)
    if not files_in:
        print("error: no source .txt reports found", file=sys.stderr)
        return 2
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    try:
        return _bench(args, files_in, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _bench(args: argparse.Namespace, files_in: list[Path], work: Path) -> int:
    from ..api import language_of
    from ..ingest import load

    t0 = time.perf_counter()
    texts = [load(f).text for f in files_in]
    sources = [parse_source(t) for t in texts if language_of(t) == "zh"]
    if not sources:
        print("error: no Chinese source reports among " + ", ".join(map(str, files_in)), file=sys.stderr)
        return 2
    corpus_dir = work / "corpus"
    if corpus_dir.exists():
        shutil.rmtree(corpus_dir)
    files = build_corpus(corpus_dir, sources, int(args.size * 1_000_000), args.seed)
    build_s = time.perf_counter() - t0
    size = sum(f.stat().st_size for f in files)
    result: dict[str, Any] = {"machine": machine()}
    if args.startup_runs > 0:
        small = min(files_in, key=lambda f: f.stat().st_size)
        result["startup"] = startup(small, work, args.startup_runs)

    from ..api import Pipeline
    from ..lang import segment_zh as segment

    t0 = time.perf_counter()
    pipe = Pipeline()
    segment.initialize(whole=True)      # jieba's whole dictionary: start-up, not throughput
    load_s = time.perf_counter() - t0
    out = work / "output"
    e2e = run_corpus(files, out, pipe)
    caches = segment.cache_stats() if hasattr(segment, "cache_stats") else {}
    stages = staged_run(files, work / "output-timed", pipe)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    jchars, jsec = jieba_speed(files, args.jieba_chars)
    xchars, xsec = regex_speed(files, args.jieba_chars)
    if args.jobs_files > 0:
        result["jobs"] = jobs_speedup(files, work, args.jobs_files, args.jobs_runs)
    if args.rss:
        result["rss"] = peak_memory(files, work)
    e2e_rate = _rate(e2e["chars"], e2e["seconds"])
    result.update({
        "corpus": {"files": len(files), "bytes": size, "mb": size / 1e6, "chars": int(e2e["chars"]),
                   "sources": len(sources), "seed": args.seed, "build_seconds": build_s},
        "pipeline_load_seconds": load_s,
        "stages": stages,
        "end_to_end": {"seconds": e2e["seconds"], "chars": int(e2e["chars"]), "records": int(e2e["records"]),
                       "chars_per_s": e2e_rate, "records_per_s": _rate(e2e["records"], e2e["seconds"])},
        "jieba": {"chars": jchars, "seconds": jsec, "chars_per_s": _rate(jchars, jsec)},
        "regex": {"chars": xchars, "seconds": xsec, "chars_per_s": _rate(xchars, xsec)},
        "segmentation_memo": caches,
        "ratio": e2e_rate / _rate(jchars, jsec),
        "peak_rss_mb": rss_mb,
    })
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
