"""The PDF layer as a package: self-contained, small modules, and `python -m pipeline.pdf` for a look at a file."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pipeline" / "pdf"
FIX = ROOT / "tests" / "fixtures" / "pdf"


def test_the_layer_imports_nothing_else_of_pipeline() -> None:
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.level <= 1, f"{path.name}: from {'.' * node.level}{node.module}"
                assert not (node.module or "").startswith("pipeline"), f"{path.name}: {node.module}"
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("pipeline") for a in node.names), path.name
        assert ast.get_docstring(tree), f"{path.name} has no module docstring"
        assert len(path.read_text(encoding="utf-8").splitlines()) < 400, path.name


def test_module_entry_point_prints_pages_and_tables() -> None:
    run = subprocess.run([sys.executable, "-m", "pipeline.pdf", str(FIX / "targets-table.pdf")], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("===== page 1 [0:")
    assert "地区生产总值 | 458.51 | 495 | 8" in run.stdout
    assert "===== table p1 " in run.stdout
    bad = subprocess.run([sys.executable, "-m", "pipeline.pdf", str(FIX / "not-a-pdf.pdf")], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and bad.stderr == "error: not a PDF file\n"
