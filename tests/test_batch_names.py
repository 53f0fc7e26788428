"""Output names (issue 13): no output overwrites another; names mirror the input's place and keep the extension
when two inputs share a stem; the table, incremental runs, eval and the PDF's text follow the names."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

from batch_helpers import (
    BROKEN_PDF,
    PDF,
    ROOT,
    SHORT,
    ZH,
    ZH2,
    cli_run,
    doc,
    expected_values,
    sub,
    table,
    values,
    yamls,
)


def colliding(inp: Path) -> dict[str, Path]:
    """Inputs whose old output names (the stem) collide; {expected output path: input}."""
    (inp / "2024").mkdir(parents=True)
    (inp / "2025").mkdir()
    shutil.copyfile(ZH, inp / "report.txt")
    shutil.copyfile(PDF, inp / "report.pdf")
    (inp / "2024" / "beijing.txt").write_text(SHORT.format(n=7, m=30), encoding="utf-8")
    (inp / "2025" / "beijing.txt").write_text(SHORT.format(n=9, m=45), encoding="utf-8")
    shutil.copyfile(ZH2, inp / "2025" / "Notes.txt")     # stems differing only in case, in one folder
    shutil.copyfile(PDF, inp / "2025" / "notes.PDF")
    return {"report.txt.yaml": inp / "report.txt", "report.pdf.yaml": inp / "report.pdf",
            "2024/beijing.yaml": inp / "2024" / "beijing.txt", "2025/beijing.yaml": inp / "2025" / "beijing.txt",
            "2025/Notes.txt.yaml": inp / "2025" / "Notes.txt", "2025/notes.PDF.yaml": inp / "2025" / "notes.PDF"}


def test_every_input_has_its_own_output_with_its_own_records(tmp_path, capsys):
    want = colliding(tmp_path / "in")
    out = tmp_path / "out"
    assert cli_run(tmp_path / "in", "-o", out) == 0
    printed = capsys.readouterr()
    assert f"total: {len(want)} files, {len(want)} written, 0 failed" in printed.out, printed.err
    assert yamls(out) == set(want)
    for rel, src in want.items():
        assert doc(out / rel)["document"]["source"] == str(src), rel
        assert values(out / rel) == expected_values(src), rel
    assert values(out / "2024/beijing.yaml") != values(out / "2025/beijing.yaml")
    # the PDF's text is named after its YAML, and its offsets index that text
    text = (out / "report.pdf.txt").read_text(encoding="utf-8")
    for r in doc(out / "report.pdf.yaml")["records"]:
        assert text[r["source"]["start"]:r["source"]["end"]] == r["source"]["match"]
    assert not (out / "report.txt").exists()
    # the table: every record of every input once, with its output's path
    rows = table(out)
    assert {r["path"] for r in rows} == set(want)
    for rel, src in want.items():
        mine = [r for r in rows if r["path"] == rel]
        assert len(mine) == len(doc(out / rel)["records"]) and {r["document.source"] for r in mine} == {str(src)}
    # a rerun skips all of them under their new names; an edit redoes only its own
    assert cli_run(tmp_path / "in", "-o", out) == 0
    assert f"0 written, 0 failed, {len(want)} skipped" in capsys.readouterr().out
    (tmp_path / "in" / "2025" / "beijing.txt").write_text(SHORT.format(n=11, m=5), encoding="utf-8")
    assert cli_run(tmp_path / "in", "-o", out) == 0
    assert f"1 written, 0 failed, {len(want) - 1} skipped" in capsys.readouterr().out
    assert values(out / "2025/beijing.yaml") == [(11, "%"), (5, "个")]
    assert len(table(out)) == len(rows)


def test_several_paths_share_the_folder_that_holds_them(tmp_path, capsys):
    colliding(tmp_path / "in")
    a, b = tmp_path / "in" / "2024" / "beijing.txt", tmp_path / "in" / "2025" / "beijing.txt"
    assert cli_run(a, b, "-o", tmp_path / "files") == 0
    assert yamls(tmp_path / "files") == {"2024/beijing.yaml", "2025/beijing.yaml"}
    assert cli_run(tmp_path / "in" / "2024", tmp_path / "in" / "2025", "-o", tmp_path / "folders") == 0
    assert yamls(tmp_path / "folders") == {"2024/beijing.yaml", "2025/beijing.yaml", "2025/Notes.txt.yaml",
                                           "2025/notes.PDF.yaml"}
    # one folder: its own contents; one file: its name alone
    assert cli_run(tmp_path / "in" / "2025", "-o", tmp_path / "one") == 0
    assert yamls(tmp_path / "one") == {"beijing.yaml", "Notes.txt.yaml", "notes.PDF.yaml"}
    assert cli_run(a, "-o", tmp_path / "single") == 0
    assert yamls(tmp_path / "single") == {"beijing.yaml"}
    capsys.readouterr()


def test_names_that_differ_only_in_case_are_refused(tmp_path, capsys):
    """A.txt and a.txt would share one file on a case-insensitive file system: the second is refused."""
    inp = tmp_path / "in"
    (inp / "X").mkdir(parents=True)
    (inp / "x").mkdir()
    (inp / "A.txt").write_text(SHORT.format(n=1, m=2), encoding="utf-8")
    (inp / "a.txt").write_text(SHORT.format(n=3, m=4), encoding="utf-8")
    (inp / "X" / "r.txt").write_text(SHORT.format(n=5, m=6), encoding="utf-8")
    (inp / "x" / "r.txt").write_text(SHORT.format(n=7, m=8), encoding="utf-8")
    out = tmp_path / "out"
    assert cli_run(inp, "-o", out) == 1
    got = capsys.readouterr()
    assert "total: 4 files, 2 written, 2 failed" in got.out
    assert f"FAILED {inp / 'a.txt'}: its output a.txt.yaml would also be that of {inp / 'A.txt'}" in got.err
    assert f"FAILED {inp / 'x' / 'r.txt'}: its output x/r.yaml would also be that of {inp / 'X' / 'r.txt'}" in got.err
    assert yamls(out) == {"A.txt.yaml", "X/r.yaml"}
    assert values(out / "A.txt.yaml") == [(1, "%"), (2, "个")]


def test_a_folder_of_good_and_broken_files(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copyfile(ZH, inp / "good.txt")
    shutil.copyfile(PDF, inp / "good.pdf")
    text = ZH2.read_text(encoding="utf-8")
    (inp / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    (inp / "gb18030.txt").write_bytes(text.encode("gb18030"))
    (inp / "empty.pdf").write_bytes(b"")
    shutil.copyfile(BROKEN_PDF, inp / "broken.pdf")
    out = tmp_path / "out"
    p = sub("run", inp, "-o", out, "-j", "2")
    assert p.returncode == 1, p.stderr
    failed = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert sorted(failed) == sorted([f"FAILED {inp / 'broken.pdf'}: " + failed_reason(failed, "broken.pdf"),
                                     f"FAILED {inp / 'empty.pdf'}: " + failed_reason(failed, "empty.pdf")])
    assert "total: 6 files, 4 written, 2 failed" in p.stdout
    good = {"good.txt.yaml": "good.txt", "good.pdf.yaml": "good.pdf", "utf16.yaml": "utf16.txt",
            "gb18030.yaml": "gb18030.txt"}
    assert yamls(out) == set(good)
    for rel, name in good.items():
        assert values(out / rel) == expected_values(inp / name) and values(out / rel), rel
    assert doc(out / "utf16.yaml")["document"]["encoding"] == "utf-16"
    assert doc(out / "gb18030.yaml")["document"]["encoding"] == "gb18030"
    assert values(out / "utf16.yaml") == values(out / "gb18030.yaml")


def failed_reason(lines: list[str], name: str) -> str:
    (line,) = [ln for ln in lines if ln.startswith("FAILED ") and f"/{name}: " in ln]
    reason = line.split(f"/{name}: ", 1)[1]
    assert reason and "Traceback" not in reason
    return reason


def test_eval_finds_outputs_by_their_source(tmp_path):
    inp = tmp_path / "in"
    (inp / "2023").mkdir(parents=True)
    shutil.copyfile(ZH, inp / "2023" / ZH.name)
    shutil.copyfile(ROOT / "tests/fixtures/pdf/heshan-2023-work-plan.zh.1col.pdf", inp / "2023" / f"{ZH.stem}.pdf")
    out, gold = tmp_path / "out", tmp_path / "gold"
    gold.mkdir()
    shutil.copyfile(ROOT / "tests" / "gold" / f"{ZH.stem}.yaml", gold / f"{ZH.stem}.yaml")
    assert sub("run", tmp_path / "in", "-o", out, "-q").returncode == 0
    assert {f"2023/{ZH.name}.yaml", f"2023/{ZH.stem}.pdf.yaml"} <= yamls(out)
    p = sub("eval", "--gold", gold, out, "--summary")
    assert p.returncode == 0, p.stderr
    assert f"{ZH.name}: gold 64, predicted 64, matched 64" in p.stdout
    # the same document in two folders: the gold must say which one
    (inp / "2024").mkdir()
    shutil.copyfile(ZH, inp / "2024" / ZH.name)
    assert sub("run", tmp_path / "in", "-o", out, "-q").returncode == 0
    p = sub("eval", "--gold", gold, out, "--summary")
    assert p.returncode == 1 and "matches several outputs" in p.stderr and "Traceback" not in p.stderr
    g = gold / f"{ZH.stem}.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace(f"doc: {ZH.name}", f"doc: 2024/{ZH.name}"), encoding="utf-8")
    p = sub("eval", "--gold", gold, out, "--summary")
    assert p.returncode == 0 and f"2024/{ZH.name}: gold 64, predicted 64, matched 64" in p.stdout
