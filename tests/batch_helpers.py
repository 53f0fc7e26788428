"""Helpers shared by the batch tests: the CLI in this process or in a subprocess, outputs and table rows."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
ZH = ROOT / "samples" / "heshan-2023-work-plan.zh.txt"
ZH2 = ROOT / "samples" / "heshan-2023-h2-focus.zh.txt"
EN = ROOT / "samples" / "heshan-2023-work-plan.en.txt"
PDF = ROOT / "tests" / "fixtures" / "pdf" / "heshan-2023-h2-focus.zh.1col.pdf"
BROKEN_PDF = ROOT / "tests" / "fixtures" / "pdf" / "truncated.pdf"
SHORT = "2023年工作安排\n\n固定资产投资增长{n}%，引进项目不少于{m}个。\n"


def cli_run(*args: str | Path, jobs: str = "1") -> int:
    """`run` in this process (the session's pipeline is reused: fast)."""
    from pipeline import cli

    argv = ["run", *map(str, args)]
    if "-j" not in argv and "--jobs" not in argv:
        argv += ["-j", jobs]
    return cli.main(argv)


def sub(*args: str | Path, timeout: float = 300, **kw: Any) -> subprocess.CompletedProcess[str]:
    """`python -m pipeline ARGS` in a subprocess from the project root (a hang fails rather than waits)."""
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=kw.pop("cwd", ROOT),
                          capture_output=True, text=True, timeout=timeout, **kw)


def doc(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def values(path: Path) -> list[Any]:
    """(value, unit) of each record of an output YAML, in order."""
    return [(r["value"], r["unit"]) for r in doc(path)["records"]]


def expected_values(src: Path) -> list[Any]:
    """The records of one input extracted directly through the API (no batch, no file names involved)."""
    import pipeline

    return [(r.value, r.unit) for r in pipeline.extract_file(src).records]


def table(out: Path) -> list[dict[str, str]]:
    raw = (out / "records.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def yamls(out: Path) -> set[str]:
    """Every output YAML below out, by its path there."""
    return {p.relative_to(out).as_posix() for p in out.rglob("*.yaml") if ".records-cache" not in p.parts}


def no_traceback(text: str) -> bool:
    return "Traceback" not in text and "Error:" not in text.replace("error:", "")
