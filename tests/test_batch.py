"""Batch runs: parallel output identical to serial, incremental skips, interrupted runs, Dask, CSV/parquet, progress."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from pipeline import batch, cli
from pipeline.batch import fingerprint, worker
from pipeline.batch.inputs import Input
from pipeline.output import table as export
from pipeline.yamlio import Loader

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(ROOT.glob("samples/*.txt")) + sorted(ROOT.glob("tests/generalization/*.txt"))
ZH_SOURCES = [p for p in SOURCES if ".zh." in p.name]


def make_corpus(folder: Path, sources: list[Path], copies: int) -> Path:
    """copies × sources, each copy under its own name (and the second half in a subfolder)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(copies):
        for src in sources:
            sub = folder / "more" if i >= copies // 2 and copies > 1 else folder
            sub.mkdir(exist_ok=True)
            shutil.copyfile(src, sub / f"{src.stem}.c{i}{src.suffix}")
    return folder


def run_main(*args: str | Path) -> int:
    """The CLI in this process (the session's pipeline is reused: fast); --jobs 1 unless given."""
    argv = ["run", *map(str, args)]
    if "-j" not in argv and "--jobs" not in argv:
        argv += ["-j", "1"]
    return cli.main(argv)


def run_sub(*args: str | Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "run", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, **kw)


def outputs(folder: Path) -> dict[str, bytes]:
    """Every output file below folder by its path there (not the hidden cache nor temporary files)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)}


def temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.name.startswith(".") and p.name.endswith(".tmp")]


def total_line(stdout: str) -> str:
    return [ln for ln in stdout.splitlines() if ln.startswith("total:")][-1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"), SOURCES, 2)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Path:
    """A clean serial run of the corpus."""
    out = tmp_path_factory.mktemp("reference")
    assert run_main(corpus, "-o", out, "-q") == 0
    return out


# ---------------------------------------------------------------- parallel

def test_jobs_2_identical_to_jobs_1(corpus, reference, tmp_path):
    out = tmp_path / "out"
    p = run_sub(corpus, "-o", out, "--jobs", "2")
    assert p.returncode == 0, p.stderr
    n = len(list(corpus.rglob("*.txt")))
    assert len([ln for ln in p.stdout.splitlines() if ": " in ln and not ln.startswith(("total:", "table:"))]) == n
    assert outputs(out) == outputs(reference)
    assert len([k for k in outputs(out) if k.endswith(".yaml")]) == n


def test_same_file_named_twice_is_one_input(tmp_path, capsys):
    (tmp_path / "a").mkdir()
    shutil.copyfile(ZH_SOURCES[0], tmp_path / "a" / "report.txt")
    one = tmp_path / "a" / "report.txt"
    assert run_main(one, "./" + os.path.relpath(one), tmp_path / "a", "-o", tmp_path / "out") == 0
    assert "total: 1 files, 1 written" in capsys.readouterr().out
    assert [p.name for p in (tmp_path / "out").glob("*.yaml")] == ["report.yaml"]


# ---------------------------------------------------------------- incremental

def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.yaml")}


def test_incremental(tmp_path, capsys):
    src = make_corpus(tmp_path / "in", SOURCES[:3] + SOURCES[-2:], 1)
    n = len(list(src.glob("*.txt")))
    out = tmp_path / "out"
    assert run_main(src, "-o", out) == 0
    assert f"{n} written, 0 failed, 0 skipped" in total_line(capsys.readouterr().out)
    before = mtimes(out)
    time.sleep(0.01)

    assert run_main(src, "-o", out) == 0
    printed = capsys.readouterr().out
    assert f"0 written, 0 failed, {n} skipped" in total_line(printed)
    assert printed.count("skipped (output up to date)") == n
    assert mtimes(out) == before

    changed = sorted(src.glob("*.zh.*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n全年新增城镇就业岗位1234个。\n", encoding="utf-8")
    assert run_main(src, "-o", out) == 0
    assert f"1 written, 0 failed, {n - 1} skipped" in total_line(capsys.readouterr().out)
    after = mtimes(out)
    redone = {k for k in after if after[k] != before[k]}
    assert redone == {changed.stem + ".yaml"}
    assert "1234" in (out / f"{changed.stem}.yaml").read_text(encoding="utf-8")

    assert run_main(src, "-o", out, "--force") == 0
    assert f"{n} written, 0 failed, 0 skipped" in total_line(capsys.readouterr().out)

    # a missing, truncated or foreign output is redone; a PDF's output also needs its text
    victims = sorted(out.glob("*.yaml"))[:3]
    victims[0].unlink()
    data = victims[1].read_bytes()
    victims[1].write_bytes(data[: len(data) // 2])
    victims[2].write_text(victims[2].read_text(encoding="utf-8").replace("  version: ", "  version: 0.0.0-", 1),
                          encoding="utf-8")
    assert run_main(src, "-o", out) == 0
    assert f"3 written, 0 failed, {n - 3} skipped" in total_line(capsys.readouterr().out)


def test_rules_change_redoes(tmp_path, capsys):
    src = make_corpus(tmp_path / "in", [ZH_SOURCES[0], ZH_SOURCES[-1]], 1)
    out = tmp_path / "out"
    assert run_main(src, "-o", out) == 0
    capsys.readouterr()
    same = tmp_path / "rules-same"
    shutil.copytree(ROOT / "rules", same)
    assert run_main(src, "-o", out, "--rules", same) == 0  # same content, same digest: nothing to do
    assert "0 written, 0 failed, 2 skipped" in total_line(capsys.readouterr().out)
    edited = tmp_path / "rules-edited"
    shutil.copytree(ROOT / "rules", edited)
    with open(edited / "units.yaml", "a", encoding="utf-8") as f:
        f.write("\n# a comment changes the digest\n")
    assert run_main(src, "-o", out, "--rules", edited) == 0
    assert "2 written, 0 failed, 0 skipped" in total_line(capsys.readouterr().out)


@pytest.mark.skipif(not any(".en." in p.name for p in SOURCES), reason="no English sample")
def test_language_rules_change_redoes_that_language_only(tmp_path, capsys):
    en = next(p for p in SOURCES if ".en." in p.name)
    src = make_corpus(tmp_path / "in", [ZH_SOURCES[0], en], 1)
    out = tmp_path / "out"
    assert run_main(src, "-o", out) == 0
    capsys.readouterr()
    edited = tmp_path / "rules-zh-edited"
    shutil.copytree(ROOT / "rules", edited)
    with open(edited / "zh" / "lexicon.yaml", "a", encoding="utf-8") as f:
        f.write("\n# a comment changes the Chinese digest only\n")
    before = mtimes(out)
    assert run_main(src, "-o", out, "--rules", edited) == 0
    assert "1 written, 0 failed, 1 skipped" in total_line(capsys.readouterr().out)
    after = mtimes(out)
    assert {k for k in after if after[k] != before[k]} == {f"{ZH_SOURCES[0].stem}.c0.yaml"}


def test_language_rules_digest():
    d = {"zh": "aaaa", "en": "bbbb"}
    assert fingerprint.digest_matches("aaaa", "zh", d) and fingerprint.digest_matches("bbbb", "en", d)
    assert fingerprint.digest_matches("aaaa+bbbb", "mixed", d) and not fingerprint.digest_matches("aaaa", "mixed", d)
    assert not fingerprint.digest_matches("bbbb", "zh", d) and not fingerprint.digest_matches(None, "zh", d)


def test_worker_with_other_rules_refuses(tmp_path):
    task = Input(str(ZH_SOURCES[0]), str(ZH_SOURCES[0]), ZH_SOURCES[0].stem)
    r = worker.process_file(task, str(tmp_path), expect="0.0.0 zh:nothing")
    assert r.status == "failed" and "install the same pipeline" in r.error
    assert not list(tmp_path.iterdir())


# ---------------------------------------------------------------- interrupted runs

def _worker_pids(marker: str) -> list[int]:
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if marker in (d / "cmdline").read_bytes().decode(errors="ignore"):
                    pids.append(int(d.name))
            except OSError:
                pass
    return pids


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> tuple[Path, Path]:
    """About 50 Chinese reports and their clean serial output."""
    src = make_corpus(tmp_path_factory.mktemp("big"), ZH_SOURCES, max(2, 50 // len(ZH_SOURCES)))
    ref = tmp_path_factory.mktemp("bigref")
    assert run_main(src, "-o", ref, "-q") == 0
    return src, ref


def _children(pid: int) -> list[int]:
    kids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(d.name))
    return kids


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the workers")
@pytest.mark.parametrize("how", ["SIGINT", "SIGKILL", "worker-SIGKILL"])
def test_interrupted_run_leaves_complete_files_and_resumes(big_corpus, tmp_path, capsys, how):
    """Ctrl-C or a killed parent: only complete outputs, workers gone, a rerun does the rest.
    A killed worker: its files are retried in a new pool and the run completes."""
    src, ref = big_corpus
    n = len(list(src.rglob("*.txt")))
    out = tmp_path / f"out-{how}"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(src), "-o", str(out), "-j", "2",
                             "--no-table"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and len(list(out.rglob("*.yaml"))) < 2:
        time.sleep(0.005)
    if how == "worker-SIGKILL":
        os.kill(_children(proc.pid)[0], signal.SIGKILL)
    else:
        proc.send_signal(signal.SIGINT if how == "SIGINT" else signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    if how == "SIGINT":
        assert proc.returncode == 130
        assert "interrupted" in err and "run the same command again" in err
    elif how == "SIGKILL":
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == 0, err
    deadline = time.monotonic() + 15  # orphaned workers notice the parent is gone and stop
    while _worker_pids(str(out)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _worker_pids(str(out))
    done = sorted(out.rglob("*.yaml"))
    if how != "worker-SIGKILL":
        assert 2 <= len(done) < n  # stopped partway
    for f in done:  # every output present is complete: the very bytes of a clean run
        assert f.read_bytes() == (ref / f.relative_to(out)).read_bytes()
    assert not temp_files(out)

    assert run_main(src, "-o", out, "--no-table") == 0
    assert f"{n - len(done)} written, 0 failed, {len(done)} skipped" in total_line(capsys.readouterr().out)
    assert outputs(out) == {k: v for k, v in outputs(ref).items() if k.endswith(".yaml")}


def test_stale_temp_files_are_removed_and_only_they(tmp_path, capsys):
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    stale = [out / ".report.yaml.pipeline-abc12345.tmp", out / "sub" / ".x.txt.pipeline-zz_9zz99.tmp",
             out / ".records.csv.pipeline-00000000.tmp"]
    for f in stale:
        f.write_text("document: {half", encoding="utf-8")
    # files of the user's that merely look temporary: .<a>.<b>.<c>.tmp was deleted before
    mine = [out / "notes.tmp", out / ".report.yaml.abc123.tmp", out / ".a.b.c.tmp",
            out / ".report.yaml.pipeline-abc12345.tmp.bak", out / ".notes.doc.pipeline-abc12345.tmp"]
    for f in mine:
        f.write_text("mine", encoding="utf-8")
    (out / ".link.yaml.pipeline-abcdefgh.tmp").symlink_to(mine[0])
    assert run_main(ZH_SOURCES[0], "-o", out, "-q") == 0
    assert not any(f.exists() for f in stale)
    assert all(f.read_text(encoding="utf-8") == "mine" for f in mine)
    assert (out / ".link.yaml.pipeline-abcdefgh.tmp").is_symlink()


# ---------------------------------------------------------------- Dask

def test_dask_matches_local(corpus, reference, tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as cluster:
        out = tmp_path / "out"
        code = cli.main(["run", str(corpus), "-o", str(out), "--executor", "dask",
                         "--scheduler", cluster.scheduler_address])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    n = len(list(corpus.rglob("*.txt")))
    assert f"total: {n} files, {n} written, 0 failed" in printed.out
    assert outputs(out) == outputs(reference)


def test_dask_missing_is_a_clear_usage_error(tmp_path, monkeypatch, capsys):
    import builtins

    real = builtins.__import__

    def no_dask(name, *a, **kw):
        if name.startswith(("dask", "distributed")):
            raise ImportError(name)
        return real(name, *a, **kw)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    assert run_main(ZH_SOURCES[0], "-o", tmp_path, "--executor", "dask") == 2
    assert "pip install 'pipeline[dask]'" in capsys.readouterr().err


# ---------------------------------------------------------------- records table

def test_records_csv_and_parquet(corpus, reference):
    docs = [yaml.load(p.read_text(encoding="utf-8"), Loader=Loader) for p in sorted(reference.rglob("*.yaml"))]
    total = sum(len(d["records"]) for d in docs)
    raw = (reference / "records.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == export.COLUMNS
    assert rows[0][:6] == ["path", "document.source", "document.year", "document.place", "document.language",
                           "document.title"]
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert len(body) == total
    # ordered by output path, then record id; the path is the output's, below the output folder
    keys = [(r["path"], int(r["id"][1:])) for r in body]
    assert keys == sorted(keys)
    assert {r["path"] for r in body} == {p.relative_to(reference).as_posix() for p in reference.rglob("*.yaml")}
    for r in body[:: max(1, len(body) // 20)]:
        assert r["path"] == Path(r["document.source"]).relative_to(corpus).with_suffix(".yaml").as_posix()
    # the 8.5 % stretch GDP target of the work plan (tests/gold), every field as in its YAML
    plan = [r for r in body if r["document.source"].endswith("heshan-2023-work-plan.zh.c0.txt")]
    row = next(r for r in plan if r["indicator_id"] == "gdp" and r["value"] == "8.5")
    assert (row["kind"], row["comparator"], row["stretch"], row["measure"]) == ("target", "=", "true", "change")
    assert (row["normalized.unit"], row["normalized.dimension"], row["value_max"]) == ("percent", "ratio", "")
    assert row["section"] == "2023年工作安排 > 经济社会发展主要预期目标"
    assert row["document.year"] == "2023" and row["document.language"] == "zh" and row["source.page"] == ""
    doc = next(d for d in docs if d["document"]["source"] == row["document.source"])
    rec = next(r for r in doc["records"] if r["id"] == row["id"])
    assert (int(row["source.start"]), int(row["source.end"])) == (rec["source"]["start"], rec["source"]["end"])
    assert row["source.match"] == rec["source"]["match"] and row["source.sentence"] == rec["source"]["sentence"]
    assert (row["labels.zh"], row["labels.en"], row["rule"]) == (rec["labels"]["zh"], rec["labels"]["en"], rec["rule"])

    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(reference / "records.parquet")
    assert table.num_rows == total and table.column_names == export.COLUMNS
    i = body.index(row)
    assert table.column("value")[i].as_py() == 8.5 and table.column("stretch")[i].as_py() is True
    assert table.column("indicator_id").null_count == sum(r["indicator_id"] == "" for r in body)
    assert table.column("unit").null_count == 0 and table.column("source.page").null_count == total


def test_table_covers_skipped_files_and_only_csv_without_pyarrow(tmp_path, monkeypatch, capsys):
    src = make_corpus(tmp_path / "in", ZH_SOURCES[:2], 1)
    out = tmp_path / "out"
    assert run_main(src, "-o", out) == 0
    first = (out / "records.csv").read_bytes()
    shutil.rmtree(out / export.CACHE_DIR)  # rows then come from parsing the YAML back: the same table
    assert run_main(src, "-o", out) == 0
    assert (out / "records.csv").read_bytes() == first and (out / export.CACHE_DIR).is_dir()
    assert (out / "records.parquet").read_bytes().startswith(b"PAR1")  # the last run's, now stale
    monkeypatch.setattr(export, "_pyarrow", lambda: None)
    assert run_main(src, "-o", out) == 0  # everything skipped: the table is still the whole output
    assert (out / "records.csv").read_bytes() == first
    assert not (out / "records.parquet").exists()
    assert "records.csv (" in capsys.readouterr().out


# ---------------------------------------------------------------- progress

def test_progress_lines_quiet_and_bar(tmp_path, capsys):
    src = make_corpus(tmp_path / "in", ZH_SOURCES[:2], 1)
    (src / "broken.txt").write_bytes(b"\x00\x00binary")
    assert run_main(src, "-o", tmp_path / "a") == 1
    got = capsys.readouterr()
    lines = got.out.splitlines()
    assert len(lines) == 4 and lines[-1].startswith("total: 3 files, 2 written, 1 failed, 0 skipped")
    assert all(" records, " in ln for ln in lines[:2]) and lines[2].startswith("table: ")
    assert got.err.startswith(f"FAILED {src / 'broken.txt'}: binary file") and got.err.count("\n") == 1

    assert run_main(src, "-o", tmp_path / "b", "--quiet") == 1
    got = capsys.readouterr()
    assert got.out.splitlines() == [total_line(got.out)] and got.err.count("FAILED") == 1

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out, err = io.StringIO(), Terminal()
    summary = batch.run_batch(sorted(src.glob("*.txt")), batch.BatchOptions(output=str(tmp_path / "c")), out, err)
    assert (summary.written, summary.failed) == (2, 1)
    assert out.getvalue() == ""  # on a terminal the bar replaces the per-file lines
    bar = err.getvalue()
    assert "3/3 files" in bar and f"{summary.records} records, 1 failed" in bar and "FAILED" in bar


def test_usage_errors():
    for argv in (["--jobs", "0"], ["--executor", "local", "--scheduler", "tcp://x:1"], ["--executor", "ray"]):
        with pytest.raises(SystemExit) as e:
            cli.main(["run", "samples", "-o", "/nonexistent", *argv])
        assert e.value.code == 2


def test_bench_is_forwarded():
    p = subprocess.run([sys.executable, "-m", "pipeline", "bench", "--help"], cwd=ROOT, capture_output=True,
                       text=True)
    assert p.returncode == 0 and "usage" in p.stdout.lower()
