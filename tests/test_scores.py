"""Score floors on the reference annotation and on the generalization set (a change that lowers them fails)."""

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.evaluate import evaluate, totals

ROOT = Path(__file__).resolve().parent.parent
SETS = {"reference": (ROOT / "samples", ROOT / "tests" / "gold"),
        "generalization": (ROOT / "tests" / "generalization", ROOT / "tests" / "generalization" / "gold")}


@pytest.mark.parametrize("name", sorted(SETS))
def test_floors(tmp_path, name):
    docs, gold = SETS[name]
    p = subprocess.run([sys.executable, "-m", "pipeline", "run", str(docs), "-o", str(tmp_path), "-q"],
                       cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    t = totals(evaluate(gold, tmp_path))
    assert t["gold"] > 100
    assert t["f1"] >= 0.97, t
    assert t["strict_f1"] >= 0.93, t
    for field in ("kind", "measure", "comparator", "stretch", "indicator_id", "period", "indicator"):
        assert t[f"acc_{field}"] >= 0.95, (field, t)
