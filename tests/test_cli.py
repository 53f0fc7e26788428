"""CLI: run over files and folders, one line per file, exit codes, atomic deterministic output."""

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True)


def test_help():
    for args in (["--help"], ["run", "--help"], ["eval", "--help"], ["review", "--help"]):
        p = run(*args)
        assert p.returncode == 0 and "usage" in p.stdout


def test_usage_error():
    assert run("run").returncode == 2
    assert run().returncode == 2


def test_run_folder_and_failures(tmp_path):
    good = tmp_path / "in" / "sub"
    good.mkdir(parents=True)
    (good / "a.txt").write_text("2023年工作安排\n\n固定资产投资增长8%\n", encoding="utf-8")
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x00\x00binary")
    out = tmp_path / "out"
    p = run("run", str(tmp_path / "in"), "-o", str(out))
    assert p.returncode == 1
    assert "bad.txt" in p.stderr and "binary" in p.stderr
    assert "a.txt: 1 records" in p.stdout and "total: 2 files, 1 written, 1 failed" in p.stdout
    data = yaml.safe_load((out / "sub" / "a.yaml").read_text(encoding="utf-8"))  # the input's place mirrored
    assert data["records"][0]["value"] == 8
    assert not list(out.glob(".*.tmp"))


def test_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert run("run", "samples", "-o", str(a), "-q").returncode == 0
    assert run("run", "samples", "-o", str(b), "-q").returncode == 0
    for f in a.glob("*.yaml"):
        assert f.read_bytes() == (b / f.name).read_bytes()


def test_invalid_rule_file(tmp_path):
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    q = rules / "zh" / "quantities.yaml"
    q.write_text(q.read_text(encoding="utf-8").replace("{lead}{amount1}(?P<u1>{unit}){tail}",
                                                      "{lead}{amount1}(?P<u1>{nosuchpart}){tail}"), encoding="utf-8")
    p = run("run", "samples", "-o", str(tmp_path / "out"), "--rules", str(rules))
    assert p.returncode == 1
    assert "quantities.yaml" in p.stderr and "zh.quantity" in p.stderr and "nosuchpart" in p.stderr
    q.write_text("rules: [\n  - id: x\n", encoding="utf-8")
    p = run("run", "samples", "-o", str(tmp_path / "out"), "--rules", str(rules))
    assert p.returncode == 1 and "quantities.yaml:" in p.stderr and "invalid YAML" in p.stderr
