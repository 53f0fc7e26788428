"""The command line under stress (issue 20): eval's errors, a closed pipe, a narrow stdout encoding, file names
with control characters (and a bounded fuzz of file names), bench and scheduler arguments; never a traceback."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from batch_helpers import ROOT, SHORT, ZH, cli_run, doc, no_traceback, sub, table, yamls
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def one_line_error(p: subprocess.CompletedProcess[str], code: int, *needles: str) -> None:
    assert p.returncode == code, (p.stdout, p.stderr)
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and no_traceback(p.stderr), p.stderr
    for n in needles:
        assert n in lines[0], lines[0]


def test_eval_missing_folders_and_malformed_gold(tmp_path):
    out, gold = tmp_path / "out", tmp_path / "gold"
    assert sub("run", ZH, "-o", out, "-q").returncode == 0
    one_line_error(sub("eval", "--gold", tmp_path / "nogold", out), 1, "gold folder", "no such folder")
    gold.mkdir()
    one_line_error(sub("eval", "--gold", gold, tmp_path / "noout"), 1, "output folder", "no such folder")
    cases = {
        "doc: [unclosed\n": "invalid YAML",
        "records: []\n": "no `doc:`",
        f"doc: {ZH.name}\nrecords: {{quote: x}}\n": "`records` must be a list",
        f"doc: {ZH.name}\nrecords:\n  - kind: target\n": "each with a `quote`",
        f"doc: {ZH.name}\nregions:\n  - lines: [1]\nrecords: []\n": "regions",
        f"doc: {ZH.name}\nrecords:\n  - quote: 这句话不在文中\n    value: 1\n": "quote not found",
    }
    for text, needle in cases.items():
        (gold / "g.yaml").write_text(text, encoding="utf-8")
        one_line_error(sub("eval", "--gold", gold, out), 1, "g.yaml", needle)


def test_closed_pipe_only_silences_the_output(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(4):
        (src / f"r{i}.txt").write_text(SHORT.format(n=i + 1, m=i + 2), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(src), "-o", str(out), "-j", "1"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stdout.readline()     # like `| head -1`: read one line, then go away
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=300) == 0, err
    assert first.startswith(str(src / "r0.txt")) and no_traceback(err) and err == ""
    assert yamls(out) == {f"r{i}.yaml" for i in range(4)} and len(table(out)) == 8
    shell = subprocess.run(f"'{sys.executable}' -m pipeline eval --gold tests/gold '{out}' | head -1", shell=True,
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert no_traceback(shell.stderr) and shell.stdout.count("\n") == 1


def test_narrow_stdout_encoding(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copyfile(ZH, src / "报告.txt")
    (src / "坏.txt").write_bytes(b"\x00\x01binary")
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    p = sub("run", src, "-o", tmp_path / "out", "-j", "1", env=env)
    assert p.returncode == 1 and no_traceback(p.stderr), p.stderr
    assert "\\u62a5\\u544a.txt: 64 records" in p.stdout and "FAILED" in p.stderr and "\\u574f.txt" in p.stderr
    gold = tmp_path / "gold"
    gold.mkdir()
    text = (ROOT / "tests" / "gold" / f"{ZH.stem}.yaml").read_text(encoding="utf-8")
    (gold / "g.yaml").write_text(text.replace(f"doc: {ZH.name}", "doc: 报告.txt"), encoding="utf-8")
    p = sub("eval", "--gold", gold, tmp_path / "out", env=env)
    assert p.returncode == 0 and no_traceback(p.stderr), p.stderr
    assert "\\u62a5\\u544a.txt: gold 64, predicted 64, matched 64" in p.stdout


def test_control_characters_in_names_are_escaped(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    names = ["clear\x1b[2Jscreen.txt", "two\nlines.txt", "bell\x07.txt", "rtl\u202etxt.exe.txt"]
    for n in names:
        (src / n).write_text(SHORT.format(n=4, m=5), encoding="utf-8")
    (src / "bad\x1b[31m.txt").write_bytes(b"\x00binary")
    assert cli_run(src, "-o", tmp_path / "out") == 1
    got = capsys.readouterr()
    for text in (got.out, got.err):
        assert not any(unicodedata.category(c) in ("Cc", "Cf") and c != "\n" for c in text), repr(text)
    lines = got.out.splitlines()
    assert len(lines) == len(names) + 2     # one per file, the table, the total
    assert f"{src}/clear\\x1b[2Jscreen.txt: 2 records" in got.out and f"{src}/two\\nlines.txt: 2 records" in got.out
    assert f"{src}/rtl\\u202etxt.exe.txt: 2 records" in got.out
    assert got.err.startswith(f"FAILED {src}/bad\\x1b[31m.txt: binary file")
    for n in names:   # the files themselves keep their real names
        assert doc(tmp_path / "out" / (n[:-4] + ".yaml"))["document"]["source"] == str(src / n)



@pytest.mark.skipif(sys.platform == "darwin" or os.name == "nt", reason="needs a file system that takes any bytes")
def test_name_that_is_not_utf8_is_refused_and_shown_escaped(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_text(SHORT.format(n=4, m=5), encoding="utf-8")
    with open(os.path.join(os.fsencode(src), b"gbk-\xb1\xa8\xb8\xe6.txt"), "w", encoding="utf-8") as f:
        f.write(SHORT.format(n=6, m=7))   # 报告 in GBK bytes, as an unzipped archive may leave it
    assert cli_run(src, "-o", tmp_path / "out") == 1
    got = capsys.readouterr()
    assert got.err == f"FAILED {src}/gbk-\\xb1\\xa8\\xb8\\xe6.txt: the file name is not valid UTF-8 (rename it, " \
                      "e.g. with convmv)\n"
    assert yamls(tmp_path / "out") == {"ok.yaml"} and len(table(tmp_path / "out")) == 2


def test_bench_size_zero_is_a_usage_error():
    for size in ("0", "-1", "nan", "x"):
        p = sub("bench", "--size", size, "--startup-runs", "0")
        assert p.returncode == 2 and "--size" in p.stderr and no_traceback(p.stderr), p.stderr


def test_bad_scheduler_address(tmp_path):
    pytest.importorskip("distributed")
    for address in ("notanaddress", "tcp://host:notaport"):
        one_line_error(sub("run", ZH, "-o", tmp_path / "out", "--scheduler", address), 1,
                       "cannot reach the Dask scheduler at " + address)


# ---- fuzz: any file name the file system takes is one input, one output, one escaped line ----------------------
NAME_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00")
STEMS = st.lists(st.text(NAME_CHARS, min_size=1, max_size=24), min_size=1, max_size=4,
                 unique_by=lambda s: s.casefold())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stems=STEMS, data=st.data())
def test_fuzz_file_names(tmp_path_factory, stems, data):
    base = tmp_path_factory.mktemp("fuzz")
    src, out = base / "in", base / "out"
    src.mkdir()
    values = {}   # input: the figures written into it
    for i, stem in enumerate(stems):
        f = src / (stem + data.draw(st.sampled_from([".txt", ".TXT", ".pdf.txt"])))
        if len(os.fsencode(f.name)) > 200:
            continue
        f.write_text(SHORT.format(n=i + 1, m=i + 2), encoding="utf-8")
        values[str(f)] = [i + 1, i + 2]
    if not values:
        return
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = cli_run(src, "-o", out)
    assert code == 0, stderr.getvalue()
    for text in (stdout.getvalue(), stderr.getvalue()):
        assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") and c != "\n" for c in text), repr(text)
    assert len(stdout.getvalue().splitlines()) == len(values) + 2
    written = {doc(out / rel)["document"]["source"]: rel for rel in yamls(out)}
    assert set(written) == set(values)
    for source, rel in written.items():
        assert [r["value"] for r in doc(out / rel)["records"]] == values[source]
        name = Path(source).name
        assert Path(rel).name in (name[: -len(Path(name).suffix)] + ".yaml", name + ".yaml")
    assert {r["document.source"] for r in table(out)} == set(values)
