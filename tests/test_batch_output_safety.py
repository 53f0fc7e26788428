"""The output folder (issue 20): one-line errors for an unusable -o, nothing written through a link or outside -o,
no file replaced that this tool did not write; the CSV escapes formulas (OWASP) and keeps numbers."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from batch_helpers import PDF, SHORT, cli_run, doc, no_traceback, sub, table, yamls

FORMULA = re.compile(r"'*[=+\-@\t\r]")  # OWASP: cells a spreadsheet would run (quotes so that one can be undone)
links = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")


def report(folder: Path, name: str = "report.txt", text: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text or SHORT.format(n=8, m=5), encoding="utf-8")
    return folder / name


def one_line_error(p, *needles: str) -> None:
    assert p.returncode == 1, (p.stdout, p.stderr)
    lines = p.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and no_traceback(p.stderr), p.stderr
    for n in needles:
        assert n in lines[0], lines[0]


def test_unusable_output_folder_is_a_one_line_error(tmp_path):
    src = report(tmp_path / "in")
    (tmp_path / "file").write_text("mine", encoding="utf-8")
    one_line_error(sub("run", src, "-o", tmp_path / "file"), "exists and is not a folder")
    one_line_error(sub("run", src, "-o", tmp_path / "file" / "sub"), "a part of its path is a file")
    assert (tmp_path / "file").read_text(encoding="utf-8") == "mine"
    if Path("/sys").is_dir():   # a folder nobody may create files in, root included
        one_line_error(sub("run", src, "-o", "/sys/pipeline-test-output"), "cannot create output folder")
        one_line_error(sub("run", src, "-o", "/sys"), "cannot write in output folder /sys")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes in read-only folders")
def test_read_only_output_folder(tmp_path):
    src = report(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        one_line_error(sub("run", src, "-o", out), "cannot write in output folder", "Permission denied")
    finally:
        out.chmod(0o755)


def test_records_csv_that_is_not_ours_is_an_error(tmp_path):
    src = report(tmp_path / "in")
    out = tmp_path / "out"
    (out / "records.csv").mkdir(parents=True)
    one_line_error(sub("run", src, "-o", out), "records.csv is a folder", "--no-table")
    assert not list(out.glob("*.yaml"))
    assert sub("run", src, "-o", out, "--no-table").returncode == 0   # the rest works without the table
    shutil.rmtree(out / "records.csv")
    (out / "records.csv").write_text("my,own,table\n", encoding="utf-8")
    one_line_error(sub("run", src, "-o", out), "records.csv exists and is not this tool's table")
    assert (out / "records.csv").read_text(encoding="utf-8") == "my,own,table\n"


def test_table_that_cannot_be_written_is_a_one_line_error(tmp_path, capsys, monkeypatch):
    from pipeline.output import table as table_module

    src = report(tmp_path / "in")

    def refuse(*a, **kw):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(table_module, "atomic_open", refuse)
    assert cli_run(src, "-o", tmp_path / "out") == 1
    got = capsys.readouterr()
    assert got.err.strip() == f"error: cannot write the records table in {tmp_path / 'out'}: Permission denied"
    assert yamls(tmp_path / "out") == {"report.yaml"}   # the documents are written all the same


@links
def test_nothing_is_written_through_a_link(tmp_path, capsys):
    src = tmp_path / "in"
    report(src)
    report(src / "2024", "beijing.txt")
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / ".records-cache").symlink_to(elsewhere)
    (out / "2024").symlink_to(elsewhere)
    assert cli_run(src, "-o", out) == 1
    got = capsys.readouterr()
    assert f"FAILED {src / '2024' / 'beijing.txt'}: 2024 in the output folder is a symbolic link" in got.err
    assert list(elsewhere.iterdir()) == []
    assert len(table(out)) == 2 and (out / "report.yaml").is_file()
    # an output that is a link is not replaced (nor what it points to)
    victim = elsewhere / "precious.yaml"
    victim.write_text("mine", encoding="utf-8")
    (out / "2024").unlink()
    (out / "report.yaml").unlink()
    (out / "report.yaml").symlink_to(victim)
    assert cli_run(src, "-o", out, "--force") == 1
    assert "report.yaml in the output folder is a symbolic link; not replaced" in capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == "mine" and (out / "report.yaml").is_symlink()


def test_files_the_run_did_not_write_are_not_replaced(tmp_path, capsys):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copyfile(PDF, inp / "scan.pdf")
    out = tmp_path / "out"
    out.mkdir()
    (out / "scan.txt").write_text("my notes", encoding="utf-8")   # a user's file where the PDF's text would go
    (out / "notes.yaml").write_text("my: yaml\n", encoding="utf-8")
    report(inp, "notes.txt")
    assert cli_run(inp, "-o", out) == 1
    err = capsys.readouterr().err
    assert f"FAILED {inp / 'scan.pdf'}: scan.txt exists in the output folder and was not written by this tool" in err
    assert f"FAILED {inp / 'notes.txt'}: notes.yaml exists in the output folder and is not this tool's output" in err
    assert (out / "scan.txt").read_text(encoding="utf-8") == "my notes" and not (out / "scan.yaml").exists()
    assert (out / "notes.yaml").read_text(encoding="utf-8") == "my: yaml\n"


def test_another_input_of_the_same_name_does_not_replace_an_output(tmp_path, capsys):
    a = report(tmp_path / "a", text=SHORT.format(n=1, m=2))
    b = report(tmp_path / "b", text=SHORT.format(n=3, m=4))
    out = tmp_path / "out"
    assert cli_run(a, "-o", out) == 0
    assert cli_run(b, "-o", out) == 1
    assert f"FAILED {b}: report.yaml in the output folder holds the output of another input, {a}" \
        in capsys.readouterr().err
    assert doc(out / "report.yaml")["document"]["source"] == str(a)
    # the same input again, or the same bytes under another path, updates its own output
    assert cli_run(a, "-o", out, "--force") == 0
    same = report(tmp_path / "c", text=SHORT.format(n=1, m=2))
    assert cli_run(same, "-o", out) == 0
    assert doc(out / "report.yaml")["document"]["source"] == str(same)
    capsys.readouterr()


def test_csv_escapes_formulas_and_keeps_numbers(tmp_path, capsys):
    inp = tmp_path / "in"
    text = ("=HYPERLINK(\"http://x\")工作报告\n\n2023年工作安排\n\n"
            "@SUM(1)地区生产总值增长8%。\n-1+1 粮食产量下降2.5%。\n+工业增加值增长3%。\n")
    report(inp, "=cmd.txt", text)
    out = tmp_path / "out"
    assert cli_run(inp, "-o", out) == 0
    capsys.readouterr()
    rows = table(out)
    data = doc(out / "=cmd.yaml")
    assert len(rows) == len(data["records"]) >= 3
    assert {r["path"] for r in rows} == {"'=cmd.yaml"}
    assert {r["document.source"] for r in rows} == {str(inp / "=cmd.txt")}
    for row, rec in zip(rows, data["records"], strict=True):
        for col, value in (("source.sentence", rec["source"]["sentence"]), ("source.match", rec["source"]["match"]),
                           ("indicator", rec["indicator"]), ("document.title", data["document"]["title"])):
            assert row[col] == (f"'{value}" if FORMULA.match(value) else value), (col, value)
        assert row["comparator"] == rec["comparator"]   # the contract's own `=` stays as it is
        assert float(row["value"]) == rec["value"] and not row["value"].startswith("'")
    assert any(r["value"] == "-2.5" for r in rows)
    assert any(r["source.sentence"].startswith("'") for r in rows)
    pq = pytest.importorskip("pyarrow.parquet")
    t = pq.read_table(out / "records.parquet").to_pylist()
    assert [r["path"] for r in t] == ["=cmd.yaml"] * len(rows)   # the parquet file holds the values as they are
    assert [r["source.sentence"] for r in t] == [rec["source"]["sentence"] for rec in data["records"]]
    assert min(r["value"] for r in t) == -2.5


def test_csv_escape_is_exact():
    from pipeline.output.table import COLUMNS, render_csv

    cells = ["=1+1", "+1", "-x", "@x", "\tx", "\rx", "'=x", "''+x", "'x", "x=1", "", "-", "＝x"]
    rows = [[-2.5 if name == "value" else 3 if name == "source.start" else c for name in COLUMNS] for c in cells]
    got = [dict(zip(COLUMNS, r, strict=True)) for r in csv.reader(io.StringIO(render_csv(rows), newline=""))]
    for cell, row in zip(cells, got, strict=True):
        assert row["source.match"] == (f"'{cell}" if FORMULA.match(cell) else cell), cell
        assert row["comparator"] == cell and row["value"] == "-2.5" and row["source.start"] == "3"
