"""Benchmark: build a large varied Chinese corpus, time the pipeline per stage and end to end against jieba."""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = ("samples", "tests/generalization")
PLACES = ("青山", "白沙", "龙泉", "云溪", "桃源", "清河", "石门", "临川", "松岭", "永安", "东湖", "南屏",
          "凤台", "柳江", "金坪", "安宁", "双流", "新田", "长乐", "丰泽")
_YEAR = re.compile(r"(?<![\d.])(19\d\d|20\d\d)(?![\d.])")
_DIGITS = re.compile(r"\d+")


# ---- corpus ---------------------------------------------------------------------------------------
@dataclass
class SourceText:
    """A source report cut into its title and sections (a heading line and the lines under it)."""

    title: str
    place: str | None
    sections: list[list[str]]


def parse_source(text: str) -> SourceText:
    """Cut a report into title and sections with the pipeline's own line classifier."""
    from .rules import RULES_DIR
    from .structure import StructureRules, classify, split_lines

    lines = split_lines(text)
    title = classify(lines, StructureRules.load(RULES_DIR / "zh" / "structure.yaml"))
    sections: list[list[str]] = [[]]
    for ln in lines:
        if ln.kind in ("blank", "title"):
            continue
        if ln.kind == "heading" and sections[-1]:
            sections.append([])
        sections[-1].append(ln.text)
    named = re.search(r"([\u4e00-\u9fff]{2})(?:省|市|县|区)", title)   # the place a title names, if any
    return SourceText(title, named.group(1) if named else None, [s for s in sections if s])


def _vary_numbers(text: str, rng: random.Random, year_shift: int) -> str:
    """Shift years by the document's offset and give every other Arabic number new digits of the same shape."""
    def year(m: re.Match[str]) -> str:
        return str(int(m.group()) + year_shift)

    def digits(m: re.Match[str]) -> str:
        run = m.group()
        if re.fullmatch(r"(19|20)\d\d", run) or run == "0":
            return run
        frac = m.start() > 0 and text[m.start() - 1] == "." and m.start() > 1 and text[m.start() - 2].isdigit()
        first = str(rng.randint(0 if frac else 1, 9))
        return first + "".join(str(rng.randint(0, 9)) for _ in run[1:])

    text = _YEAR.sub(year, text)
    return _DIGITS.sub(digits, text)


def make_document(sources: list[SourceText], rng: random.Random, target_chars: int) -> str:
    """One synthetic report: a base report's title, then sections drawn from all sources until target_chars.

    Section bodies are shuffled, years shifted, other numbers redrawn and place names replaced, so that no two
    documents share their sentences (a cache keyed on sentence text gains nothing).
    """
    base = rng.choice(sources)
    place = rng.choice(PLACES)
    shift = rng.randint(-3, 2)
    out = [base.title, ""]
    size = len(base.title)
    order = list(base.sections)
    while size < target_chars:
        if not order:
            order = list(rng.choice(sources).sections)
        section = order.pop(0)
        body = section[1:]
        rng.shuffle(body)
        for line in [section[0], *body]:
            out += [line, ""]
            size += len(line) + 1
    text = "\n".join(out)
    for src in sources:
        if src.place:
            text = text.replace(src.place, place)
    return _vary_numbers(text, rng, shift) + "\n"


def source_files(paths: list[str] | None) -> list[Path]:
    """The Chinese .txt reports the corpus is made from (default: samples/ and tests/generalization/)."""
    roots = [Path(p) for p in paths] if paths else [ROOT / d for d in DEFAULT_SOURCES]
    out: list[Path] = []
    for r in roots:
        out.extend(sorted(r.glob("*.txt")) if r.is_dir() else [r] if r.is_file() else [])
    return out


def build_corpus(folder: Path, sources: list[SourceText], size_bytes: int, seed: int) -> list[Path]:
    """Write synthetic reports (about 8,000-16,000 characters each) into folder until size_bytes of UTF-8."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    total = 0
    while total < size_bytes:
        data = make_document(sources, rng, rng.randint(8000, 16000)).encode("utf-8")
        path = folder / f"bench-{len(files) + 1:05d}.zh.txt"
        path.write_bytes(data)
        files.append(path)
        total += len(data)
    return files


# ---- timing ---------------------------------------------------------------------------------------
class StageTimer:
    """Accumulated seconds per stage, collected by wrapping the functions each stage consists of."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._undo: list[tuple[Any, str, Any]] = []

    def wrap(self, owner: Any, name: str, stage: str) -> None:
        """Time every call of owner.name under stage (skipped when owner has no such attribute)."""
        fn = getattr(owner, name, None)
        if fn is None or not callable(fn):
            return
        self.seconds.setdefault(stage, 0.0)
        clock = time.perf_counter
        seconds = self.seconds

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds[stage] += clock() - t0

        own = name in vars(owner)
        self._undo.append((owner, name, vars(owner)[name] if own else None))
        setattr(owner, name, timed)

    def restore(self) -> None:
        """Put the original functions back."""
        for owner, name, fn in reversed(self._undo):
            if fn is None:
                delattr(owner, name)
            else:
                setattr(owner, name, fn)
        self._undo.clear()


@contextmanager
def staged(timer: StageTimer) -> Iterator[StageTimer]:
    """Wrap the stage functions the pipeline calls (by the names extract.py and output/write.py use)."""
    import importlib

    from .resolve import Resolver

    extract = importlib.import_module("pipeline.extract")     # the package's `extract` is the function
    output = importlib.import_module("pipeline.output.write")

    for name, stage in (("build_structure", "structure"), ("find", "matching"), ("build", "quantities"),
                        ("is_record", "quantities"), ("document_year", "resolution"), ("place_name", "resolution"),
                        ("language_of", "resolution"), ("to_records", "records")):
        timer.wrap(extract, name, stage)
    timer.wrap(extract.Pipeline, "_unmatched", "matching")
    timer.wrap(extract.Pipeline, "_check_pairs", "resolution")
    timer.wrap(Resolver, "resolve", "resolution")
    timer.wrap(output, "dump_yaml", "YAML dump")
    try:
        yield timer
    finally:
        timer.restore()


def clear_caches() -> None:
    """Forget memoised per-phrase work, so that a second pass over the corpus starts as cold as the first."""
    from . import glossary, quantity, records, resolve, segment, yamlio

    for mod in (segment, resolve, glossary, quantity, records, yamlio):
        own = getattr(mod, "clear_caches", None)
        if own is not None:
            own()
            continue
        for name, obj in list(vars(mod).items()):
            clear = getattr(obj, "cache_clear", None)
            if clear is not None and getattr(obj, "__module__", None) == mod.__name__ and name != "_tokenizer":
                clear()


def run_corpus(files: list[Path], out: Path, pipe: Any, timer: StageTimer | None = None) -> dict[str, float]:
    """Read, extract and write every file like `pipeline run` (one core); per-stage seconds when timed."""
    from .ingest import load
    from .output import write_document

    clear_caches()
    chars = records = 0
    read = write = 0.0
    t_all = time.perf_counter()
    for f in files:
        t0 = time.perf_counter()
        src = load(f)
        t1 = time.perf_counter()
        doc = pipe.run_source(src)
        t2 = time.perf_counter()
        write_document(doc, out, f.stem)   # the corpus is one flat folder of distinct stems
        t3 = time.perf_counter()
        read += t1 - t0
        write += t3 - t2
        chars += len(src.text)
        records += len(doc.records)
    total = time.perf_counter() - t_all
    got = {"seconds": total, "chars": chars, "records": records, "read + decode": read, "output": write}
    return got


def staged_run(files: list[Path], out: Path, pipe: Any) -> dict[str, float]:
    """A second pass with every stage timed (wrappers cost a little; the end-to-end figure is the other pass)."""
    timer = StageTimer()
    with staged(timer):
        got = run_corpus(files, out, pipe, timer)
    stages = {"read + decode": got["read + decode"]}
    for name in ("structure", "matching", "quantities", "resolution", "records"):
        stages[name] = timer.seconds.get(name, 0.0)
    yaml_s = timer.seconds.get("YAML dump", 0.0)
    stages["YAML dump"] = yaml_s
    stages["to_dict + write"] = got["output"] - yaml_s
    stages["other"] = got["seconds"] - sum(stages.values())
    stages["total"] = got["seconds"]
    return stages


def jieba_speed(files: list[Path], max_chars: int) -> tuple[int, float]:
    """(characters, seconds) of jieba's default cut (accurate mode, HMM on) over the corpus's first files."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    texts = []
    n = 0
    for f in files:
        if n >= max_chars:
            break
        t = f.read_text(encoding="utf-8")[: max_chars - n]
        texts.append(t)
        n += len(t)
    t0 = time.perf_counter()
    for t in texts:
        for _ in jieba.cut(t):
            pass
    return n, time.perf_counter() - t0


def _wall(cmd: list[str], runs: int, cwd: Path, fresh: Path | None = None) -> float:
    """Best wall time of a command over runs fresh processes (fresh: a folder emptied before each run)."""
    best = float("inf")
    env = dict(os.environ)
    for _ in range(runs):
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t0)
    return best


def startup(small: Path, work: Path, runs: int) -> dict[str, float]:
    """Start-up cost: `python -m pipeline run` on one small file vs importing jieba and loading its dictionary.

    The output folder is emptied before each run, so that nothing is skipped as up to date.
    """
    py = sys.executable
    out = work / "startup-out"
    run = _wall([py, "-m", "pipeline", "run", str(small), "-o", str(out), "-q"], runs, ROOT, fresh=out)
    jb = _wall([py, "-c", "import logging, jieba; jieba.setLogLevel(logging.WARNING); jieba.initialize()"], runs, ROOT)
    bare = _wall([py, "-c", "pass"], runs, ROOT)
    return {"pipeline_run_one_file": run, "import_jieba_initialize": jb, "python_bare": bare,
            "difference": run - jb}


def machine() -> dict[str, Any]:
    """CPU model, core count and Python version of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import yaml
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_implementation() + " "
            + platform.python_version(), "yaml_c_dumper": hasattr(yaml, "CSafeDumper")}


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
    lines.append(f"pipeline load (rules, glossary, jieba and its tagger): {r['pipeline_load_seconds']:.2f}s")
    if r.get("startup"):
        s = r["startup"]
        lines.append(f"start-up: `pipeline run` on one small file {s['pipeline_run_one_file']:.2f}s; "
                     f"`import jieba; jieba.initialize()` {s['import_jieba_initialize']:.2f}s; "
                     f"difference {s['difference']:.2f}s (bare python {s['python_bare']:.2f}s)")
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


def _positive_int(value: str) -> int:
    """argparse type of --jieba-chars: a whole number above zero (the reference speed needs some text)."""
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a number above 0, got {value!r}")
    return n


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
    ap.add_argument("--jieba-chars", type=_positive_int, default=1_000_000, metavar="N",
                    help="characters of the corpus jieba segments for the reference (default 1,000,000)")
    ap.add_argument("--startup-runs", type=int, default=3, metavar="N",
                    help="fresh processes per start-up measurement, best taken (0 skips it; default 3)")
    args = ap.parse_args(argv)
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
    from .extract import language_of
    from .ingest import load

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

    from . import segment
    from .extract import Pipeline

    t0 = time.perf_counter()
    pipe = Pipeline()
    segment.tagged("地区生产总值")      # loads jieba and its tagger: start-up, not throughput
    load_s = time.perf_counter() - t0
    out = work / "output"
    e2e = run_corpus(files, out, pipe)
    caches = segment.cache_stats() if hasattr(segment, "cache_stats") else {}
    stages = staged_run(files, work / "output-timed", pipe)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    jchars, jsec = jieba_speed(files, args.jieba_chars)
    e2e_rate = _rate(e2e["chars"], e2e["seconds"])
    result.update({
        "corpus": {"files": len(files), "bytes": size, "mb": size / 1e6, "chars": int(e2e["chars"]),
                   "sources": len(sources), "seed": args.seed, "build_seconds": build_s},
        "pipeline_load_seconds": load_s,
        "stages": stages,
        "end_to_end": {"seconds": e2e["seconds"], "chars": int(e2e["chars"]), "records": int(e2e["records"]),
                       "chars_per_s": e2e_rate, "records_per_s": _rate(e2e["records"], e2e["seconds"])},
        "jieba": {"chars": jchars, "seconds": jsec, "chars_per_s": _rate(jchars, jsec)},
        "segmentation_memo": caches,
        "ratio": e2e_rate / _rate(jchars, jsec),
        "peak_rss_mb": rss_mb,
    })
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
