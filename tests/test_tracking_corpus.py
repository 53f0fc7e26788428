"""The tracking table of the national reports 2008–2016 (../shared/corpus) scored against the gold tables of
tests/corpus/ by tools/score_tracking.py, with a floor at what the pipeline reaches (docs/tracking.md)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
GOLD = {"zh": ROOT / "tests" / "corpus" / "tracking-national.csv",
        "en": ROOT / "tests" / "corpus" / "tracking-national.en.csv"}
PLACE = {"zh": "全国", "en": "China"}
# rows right of 60; most of the rest fail on a record's kind, period or indicator id (docs/tracking.md)
FLOOR = {"zh": 55, "en": 48}

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="the corpus (../shared/corpus) is absent")


def _scorer():
    spec = importlib.util.spec_from_file_location("score_tracking", ROOT / "tools" / "score_tracking.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("national") / "out"
    files = sorted(str(p) for p in CORPUS.glob("national-*.txt"))
    assert len(files) == 18
    assert main(["run", *files, "-o", str(out), "-j", "2", "-q"]) == 0
    assert main(["track", str(out), "--no-html"]) == 0
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_national_tracking_table_against_the_gold(national: Path, lang: str):
    scorer = _scorer()
    run = [r for r in scorer.read_table(national / "tracking.csv") if r["place"] == PLACE[lang]]
    gold = scorer.read_table(GOLD[lang])
    result = scorer.score(gold, run, scorer.RunRecords(national, CORPUS))
    assert not result["duplicates"]
    assert result["right"] >= FLOOR[lang], scorer.report(result, True)
    # every row the run and the gold both hold with both sides agrees on `met` (the comparator rule)
    gold_by_key = {scorer.row_key(g): g for g in gold}
    for r in run:
        g = gold_by_key.get(scorer.row_key(r))
        if not (g and r["target_value"] and r["actual_value"]):
            continue
        same = all(scorer.values_agree(g[f], r[f]) for f in ("target_value", "actual_value")) and \
            all(g[f] == r[f] for f in ("target_comparator", "actual_comparator"))
        if same:
            assert r["met"] == g["met"], r
