"""Packaging: every sub-package is listed, and a built wheel installed in a fresh environment runs anywhere with the
rules inside it, giving the checkout's records."""

import os
import re
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "pipeline").rglob("__init__.py")}
    assert found | {"pipeline.rules"} == listed


def _records(out: Path) -> dict[str, list[dict]]:
    docs = {}
    for f in sorted(out.rglob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        docs[f.name] = [{k: v for k, v in r.items()} for r in data["records"]]
    return docs


def test_wheel_in_a_fresh_environment(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(wheels), str(ROOT)], check=True, capture_output=True, text=True)
    (wheel,) = wheels.glob("pipeline-*.whl")
    fresh = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(fresh)], check=True)
    py = fresh / "bin" / "python"
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # the dependencies come from the test environment (a path line: its .pth files, the editable install, are not
    # read); the package itself only from the wheel
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q",
                    str(wheel)], check=True, capture_output=True, text=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    sample = ROOT / "samples" / "heshan-2023-work-plan.zh.txt"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run([str(py), "-c", "import pipeline, pipeline.quantities.rules as r; print(pipeline.__file__);"
                            "print(r.RULES_DIR)"], cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    pkg, rules = where.stdout.split()
    assert pkg.startswith(site) and rules.startswith(site) and rules.endswith(os.path.join("pipeline", "rules"))
    got = subprocess.run([str(py), "-m", "pipeline", "run", str(sample), "-o", "out", "-q"], cwd=elsewhere,
                         env=env, capture_output=True, text=True)
    assert got.returncode == 0, got.stderr
    checkout = subprocess.run([sys.executable, "-m", "pipeline", "run", str(sample), "-o", str(tmp_path / "ref"),
                               "-q"], cwd=ROOT, capture_output=True, text=True)
    assert checkout.returncode == 0, checkout.stderr
    mine, theirs = _records(elsewhere / "out"), _records(tmp_path / "ref")
    assert mine and mine == theirs
    assert re.search(r"rules: [0-9a-f]{16}", next((elsewhere / "out").rglob("*.yaml")).read_text(encoding="utf-8"))
