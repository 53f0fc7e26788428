"""Benchmark of whole `pipeline run` commands: the --jobs 2 speed-up on 40 files, peak memory for 40 and 400 files."""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .corpus import ROOT
from .timing import scan_speed

_REPORT = """
import resource, sys, time
t0 = time.perf_counter()
from pipeline.cli import main
rc = main(sys.argv[1:])
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print("BENCH", time.perf_counter() - t0, me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime,
      me.ru_maxrss, kids.ru_maxrss, rc, file=sys.stderr)
"""


def files_for(corpus: list[Path], n: int, folder: Path) -> Path:
    """A folder of n input files: the corpus's first n (its files again, under other names, when it has fewer)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for i in range(n):
        src = corpus[i % len(corpus)]
        shutil.copyfile(src, folder / (src.name if i < len(corpus) else f"copy{i // len(corpus)}-{src.name}"))
    return folder


def run_command(inputs: Path, out: Path, jobs: int) -> dict[str, float]:
    """One fresh `python -m pipeline run INPUTS -o OUT --jobs N -q` (OUT emptied first): wall seconds from
    start to exit, CPU seconds of the main process and of its workers, peak memory of the main process and of
    the largest worker (MB)."""
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", _REPORT, "run", str(inputs), "-o", str(out), "-q", "--jobs", str(jobs)],
                       cwd=ROOT, env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    m = re.search(r"^BENCH (\S+) (\S+) (\S+) (\S+) (\S+) (\S+)$", p.stderr, re.M)
    if p.returncode != 0 or m is None:
        raise RuntimeError(f"pipeline run failed (exit {p.returncode}): {p.stderr[-500:]}")
    _inner, cpu_main, cpu_workers, rss_main, rss_workers, _rc = (float(x) for x in m.groups())
    return {"wall": wall, "cpu_main": cpu_main, "cpu_workers": cpu_workers, "rss_main_mb": rss_main / 1024,
            "rss_workers_mb": rss_workers / 1024}


def jobs_speedup(corpus: list[Path], work: Path, n: int, runs: int) -> dict[str, Any]:
    """`pipeline run` on n files with --jobs 1 and --jobs 2, alternately, best wall time of runs each."""
    inputs = files_for(corpus, n, work / f"jobs-{n}")
    chars = sum(len(p.read_text(encoding="utf-8")) for p in inputs.iterdir())
    best: dict[int, dict[str, float]] = {}
    for _ in range(runs):
        for jobs in (1, 2):
            got = run_command(inputs, work / "jobs-out", jobs)
            if jobs not in best or got["wall"] < best[jobs]["wall"]:
                best[jobs] = got
    one, two = best[1], best[2]
    return {"files": n, "chars": chars, "jobs1": one, "jobs2": two, "speedup": one["wall"] / two["wall"],
            "cpu_bound_speedup": (one["cpu_main"] + one["cpu_workers"])
            / (two["cpu_main"] + max(two["cpu_workers"] / 2, 0.0))}


def peak_memory(corpus: list[Path], work: Path, counts: tuple[int, ...] = (40, 400)) -> dict[str, dict[str, float]]:
    """Peak RSS (main process, largest worker) of `pipeline run --jobs 2` on each count of files."""
    out = {}
    for n in counts:
        got = run_command(files_for(corpus, n, work / f"rss-{n}"), work / "rss-out", 2)
        out[str(n)] = {"rss_main_mb": got["rss_main_mb"], "rss_workers_mb": got["rss_workers_mb"], "wall": got["wall"]}
        shutil.rmtree(work / f"rss-{n}", ignore_errors=True)
    return out


def regex_speed(files: list[Path], max_chars: int) -> tuple[int, float]:
    """(characters, seconds) of one regex scan for numbers (digits, a decimal part, a percent sign) over the
    corpus's first characters: the floor of any per-character work in Python."""
    rx = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?[%％]?")
    return scan_speed(files, max_chars, rx.finditer)


def rss_now_mb() -> float:
    """Peak RSS of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
