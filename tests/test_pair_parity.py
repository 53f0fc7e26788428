"""Parity of Chinese reports and their English translations (issue 12, part 6): `pair` on the parallel sample, the
development set and (when ../shared/corpus is there) the national reports 2008–2016, with agreement floors, and
the pairing checked against the development set's parallel gold files.

The floors are what the resolver reaches now, rounded down to 0.05 (docs/pair.md lists the measured figures);
the target of issue 12 is 0.95 for every field: raise a floor when the resolver gets there.
"""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

import pytest

from pipeline.pair import PairOptions, run_pairs

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
DEV = ROOT / "tests" / "development"

# {field: floor} of the agreement of twins; recall: the share of Chinese records that get a twin
FLOORS = {
    "sample": {"kind": 1.0, "measure": 1.0, "comparator": 1.0, "stretch": 1.0, "period": 1.0, "indicator_id": 1.0,
               "overall": 1.0, "recall": 0.95},
    "development": {"kind": 0.85, "measure": 0.95, "comparator": 0.95, "stretch": 0.95, "period": 0.85,
                    "indicator_id": 0.85, "overall": 0.70, "recall": 0.90},
    "national": {"kind": 0.90, "measure": 0.90, "comparator": 0.95, "stretch": 0.95, "period": 0.80,
                 "indicator_id": 0.90, "overall": 0.70, "recall": 0.80},
}


def _pair(zh: Path, en: Path, out: Path):
    return run_pairs(str(zh), str(en), PairOptions(output=str(out), jobs=1, quiet=True), io.StringIO(),
                     io.StringIO())


@pytest.fixture(scope="module")
def development(tmp_path_factory):
    out = tmp_path_factory.mktemp("pair-dev")
    return out, _pair(DEV, DEV, out)


def _check_floors(summary, floors: dict[str, float]) -> None:
    a = summary.agreement()
    got = {f: a.share(f) for f in floors if f != "recall"} | {"recall": a.recall}
    low = {f: f"{got[f]:.3f} < {floors[f]}" for f in floors if got[f] < floors[f]}
    assert not low, f"agreement under its floor: {low}"


def test_sample_parity(tmp_path):
    s = _pair(ROOT / "samples" / "heshan-2023-work-plan.zh.txt", ROOT / "samples" / "heshan-2023-work-plan.en.txt",
              tmp_path)
    assert not s.failed and [dp.pairing.mode for dp in s.linked] == ["lines"]
    _check_floors(s, FLOORS["sample"])


def test_development_parity(development):
    _, s = development
    assert len(s.linked) == 4 and not s.failed and not s.matched.alone
    assert {dp.pairing.mode for dp in s.linked} == {"lines"}
    _check_floors(s, FLOORS["development"])


def _tool(name: str):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "tools"))


def test_twins_are_the_gold_pairs(development):
    """Gold record k of X.zh.yaml and of X.en.yaml are the same figure: the output records matched to them must
    be twins whenever the pairing rule can see it (the two values agree within 0.5 %), and twins must never link
    records of two different gold figures but rarely (both sides missed the real twin of a small count)."""
    out, _ = development
    pg = _tool("pair_gold")
    checks = pg.check(out, DEV / "gold")
    assert len(checks) == 4
    s = pg.scores(checks)
    assert s["eligible"] >= 1000 and s["missed"] == [], s["missed"]
    assert s["recall"] >= 0.99 and s["precision"] >= 0.99


def test_explain_groups_by_field(development, capsys):
    from pipeline.pair.report import explain

    _, s = development
    lines = explain(s.linked)
    heads = [ln for ln in lines if not ln.startswith(" ")]
    assert heads and all(h.split(":")[0] in ("kind", "measure", "comparator", "stretch", "period", "indicator_id",
                                             "value", "unit") for h in heads)
    groups = [ln for ln in lines if ln.startswith("  zh ")]
    assert any(g.startswith("  zh target / en actual: ") for g in groups)
    assert all("\n" not in ln for ln in lines)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
def test_national_reports_parity(tmp_path):
    s = _pair(CORPUS, CORPUS, tmp_path)
    national = sorted(dp.zh_name for dp in s.linked)
    assert national == [f"national-{y}-gwr.zh" for y in range(2008, 2017)]
    assert not s.failed and {dp.pairing.mode for dp in s.linked} == {"lines"}
    _check_floors(s, FLOORS["national"])
