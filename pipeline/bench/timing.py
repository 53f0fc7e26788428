"""Benchmark timing: the pipeline per stage and end to end, jieba's cut, start-up, the machine."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .corpus import ROOT


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
    """Wrap the stage functions the pipeline calls (by the names api.py and output/write.py use)."""
    import importlib

    api = importlib.import_module("pipeline.api")
    output = importlib.import_module("pipeline.output.write")

    for name, stage in (("build_structure", "structure"), ("find", "matching"), ("build", "quantities"),
                        ("is_record", "quantities"), ("unmatched", "matching"), ("document_year", "resolution"),
                        ("place_name", "resolution"), ("language_of", "resolution"), ("resolve", "resolution"),
                        ("check_pairs", "resolution")):
        timer.wrap(api, name, stage)
    timer.wrap(api.records, "build", "records")
    timer.wrap(output, "dump_yaml", "YAML dump")
    try:
        yield timer
    finally:
        timer.restore()


def clear_caches() -> None:
    """Forget memoised per-phrase work, so that a second pass over the corpus starts as cold as the first."""
    from .. import records, yamlio
    from ..lang import segment_zh as segment
    from ..resolve import glossary

    for mod in (segment, glossary, records, yamlio):
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
    from ..ingest import load
    from ..output import write_document

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


def first_chars(files: list[Path], max_chars: int) -> tuple[list[str], int]:
    """The texts of the corpus's first files, cut so that they hold max_chars characters in all, and that count."""
    texts: list[str] = []
    n = 0
    for f in files:
        if n >= max_chars:
            break
        t = f.read_text(encoding="utf-8")[: max_chars - n]
        texts.append(t)
        n += len(t)
    return texts, n


def jieba_speed(files: list[Path], max_chars: int) -> tuple[int, float]:
    """(characters, seconds) of jieba's default cut (accurate mode, HMM on) over the corpus's first files."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return scan_speed(files, max_chars, jieba.cut)


def scan_speed(files: list[Path], max_chars: int, scan: Callable[[str], Iterable[Any]]) -> tuple[int, float]:
    """(characters, seconds) of a scan (an iterator over a text) run to its end over the corpus's first
    max_chars characters."""
    texts, n = first_chars(files, max_chars)
    t0 = time.perf_counter()
    for t in texts:
        for _ in scan(t):
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
    cmd = [py, "-m", "pipeline", "run", str(small), "-o", str(out), "-q"]
    cold = _wall(cmd + ["--cache-dir", str(work / "startup-cache")], 1, ROOT, fresh=out)   # fills that cache
    run = _wall(cmd, runs + 1, ROOT, fresh=out)    # the user's cache (filled by the first run if it was empty)
    jb = _wall([py, "-c", "import logging, jieba; jieba.setLogLevel(logging.WARNING); jieba.initialize()"], runs, ROOT)
    bare = _wall([py, "-c", "pass"], runs, ROOT)
    return {"pipeline_run_one_file": run, "pipeline_run_cold_cache": cold, "import_jieba_initialize": jb,
            "python_bare": bare, "difference": run - jb}


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
