"""`python -m pipeline run` on PDFs (subprocess): broken files in a batch, the text written beside the YAML,
grounded offsets, and the shared output checker."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "pdf"
CHECKER = ROOT.parent / "shared" / "tools" / "check_records.py"

BROKEN = {
    "encrypted.pdf": "encrypted PDF (use --password)",
    "truncated.pdf": "truncated or corrupt PDF",
    "not-a-pdf.pdf": "not a PDF file",
}
GOOD = ["targets-table.pdf", "blank-page.pdf", "heshan-2023-h2-focus.zh.2col.pdf"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", "run", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    """One run over a folder holding every broken fixture, good PDFs and a .txt report."""
    base = tmp_path_factory.mktemp("pdfcli")
    inp, out = base / "in", base / "out"
    inp.mkdir()
    for name in [*BROKEN, *GOOD]:
        shutil.copy(FIX / name, inp / name)
    shutil.copy(ROOT / "samples" / "heshan-2023-work-plan.zh.txt", inp / "heshan-2023-work-plan.zh.txt")
    return inp, out, run(str(inp), "-o", str(out))


def test_broken_files_fail_alone(batch) -> None:
    inp, out, proc = batch
    assert proc.returncode == 1, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    for name, reason in BROKEN.items():
        hits = [ln for ln in lines if name in ln]
        assert len(hits) == 1, (name, proc.stderr)
        assert reason in hits[0], hits[0]
        assert not (out / f"{Path(name).stem}.yaml").exists()
    # one line per failure, nothing else on stderr (no traceback)
    assert len(lines) == len(BROKEN), proc.stderr
    for name in [*GOOD, "heshan-2023-work-plan.zh.txt"]:
        assert (out / f"{Path(name).stem}.yaml").exists(), name


def test_blank_page_is_a_warning_not_a_failure(batch) -> None:
    _, out, proc = batch
    assert "blank-page.pdf" not in proc.stderr
    data = yaml.safe_load((out / "blank-page.yaml").read_text(encoding="utf-8"))
    assert data["warnings"][0] == "page 2: no text layer"
    # the page has no delivery line, title or plan heading: the year is guessed from its dates, and says so
    assert data["document"]["year"] == 2023 and data["warnings"][1:] == [
        "document year 2023 guessed (no delivery line, dated title or plan heading); give it with --year if it is "
        "wrong"]
    assert data["document"]["pages"] == 3
    assert [(r["value"], r["source"]["page"]) for r in data["records"]] == [(8, 1), (8.5, 1), (8, 3), (6, 3)]


def test_text_beside_the_yaml_grounds_the_offsets(batch) -> None:
    _, out, _ = batch
    for name in GOOD:
        stem = Path(name).stem
        data = yaml.safe_load((out / f"{stem}.yaml").read_text(encoding="utf-8"))
        text = (out / f"{stem}.txt").read_text(encoding="utf-8")
        assert data["document"]["format"] == "pdf"
        assert data["records"], name
        for r in data["records"]:
            s = r["source"]
            assert text[s["start"]:s["end"]] == s["match"], (name, r["id"])
            assert s["page"] >= 1
    # no text file for a .txt input: its offsets index the input itself
    assert not (out / "heshan-2023-work-plan.zh.txt").exists()


def test_password_opens_the_encrypted_pdf(tmp_path: Path) -> None:
    proc = run(str(FIX / "encrypted.pdf"), "-o", str(tmp_path), "--password", "secret")
    assert proc.returncode == 0, proc.stderr
    data = yaml.safe_load((tmp_path / "encrypted.yaml").read_text(encoding="utf-8"))
    assert [(r["indicator_id"], r["value"], r["stretch"]) for r in data["records"]][:2] == [
        ("gdp", 8, False), ("gdp", 8.5, True)]


@pytest.mark.skipif(not CHECKER.exists(), reason="../shared/tools/check_records.py not present")
def test_shared_checker_accepts_the_pdf_outputs(batch) -> None:
    _, out, _ = batch
    files = sorted(str(p) for p in out.glob("*.yaml"))
    assert len(files) == len(GOOD) + 1
    proc = subprocess.run([sys.executable, str(CHECKER), *files], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.strip().endswith(": 0 problems"), proc.stdout
