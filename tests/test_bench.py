"""`python -m pipeline bench` on a tiny corpus: it reports every figure (no test asserts a speed)."""

import json
import random
import re

from pipeline import bench
from pipeline.bench.corpus import build_corpus, make_document, parse_source, source_files


def test_bench_reports_every_figure(tmp_path, capsys) -> None:
    rc = bench.main(["--size", "0.06", "--seed", "3", "--json", "--jieba-chars", "20000", "--startup-runs", "1",
                     "--jobs-files", "3", "--jobs-runs", "1", "--keep", str(tmp_path)])
    assert rc == 0
    r = json.loads(capsys.readouterr().out)
    assert r["corpus"]["bytes"] >= 60_000 and r["corpus"]["chars"] > 0 and r["corpus"]["files"] >= 1
    for stage in ("read + decode", "structure", "matching", "quantities", "resolution", "records", "YAML dump",
                  "to_dict + write", "total"):
        assert r["stages"][stage] >= 0
    e = r["end_to_end"]
    assert e["records"] > 0 and e["chars_per_s"] > 0 and e["records_per_s"] > 0
    assert r["jieba"]["chars"] == 20000 and r["jieba"]["chars_per_s"] > 0
    assert r["ratio"] == e["chars_per_s"] / r["jieba"]["chars_per_s"]
    s = r["startup"]
    assert s["pipeline_run_one_file"] > 0 and s["import_jieba_initialize"] > 0
    assert r["peak_rss_mb"] > 0 and r["machine"]["cores"] >= 1
    assert s["pipeline_run_cold_cache"] > 0 and r["regex"]["chars_per_s"] > 0
    j = r["jobs"]
    assert j["files"] == 3 and j["speedup"] > 0 and j["jobs1"]["wall"] > 0 and j["jobs2"]["rss_main_mb"] > 0
    assert "marginal" in bench.report(r) and "--jobs 2 on 3 files" in bench.report(r)
    corpus = sorted((tmp_path / "corpus").glob("*.txt"))
    assert len(corpus) == r["corpus"]["files"]
    assert len(list((tmp_path / "output").glob("*.yaml"))) == len(corpus)
    # and the human-readable report names the same things
    assert "jieba default cut" in bench.report(r) and "end to end" in bench.report(r)


def test_corpus_is_varied_and_reproducible(tmp_path) -> None:
    from pipeline.api import language_of
    from pipeline.ingest import load

    sources = [parse_source(load(f).text) for f in source_files(None)
               if language_of(load(f).text) == "zh"]
    assert sources and all(s.sections for s in sources)
    a = make_document(sources, random.Random(5), 8000)
    b = make_document(sources, random.Random(5), 8000)
    c = make_document(sources, random.Random(6), 8000)
    assert a == b and a != c and len(a) >= 8000
    # numbers are redrawn: the documents do not repeat the sources' sentences with their figures
    source_sentences = {s for src in sources for sec in src.sections for line in sec
                        for s in re.split("[。；]", line) if re.search(r"\d+\.\d+", s)}
    made = {s for s in re.split("[。；\n]", a) if re.search(r"\d+\.\d+", s)}
    assert made and len(made & source_sentences) < len(made) / 4
    files = build_corpus(tmp_path, sources, 30_000, seed=2)
    assert sum(f.stat().st_size for f in files) >= 30_000


def test_peak_memory_of_runs(tmp_path) -> None:
    from pipeline.bench.batch import peak_memory
    from pipeline.bench.corpus import ROOT

    got = peak_memory(sorted((ROOT / "samples").glob("*.zh.txt")), tmp_path, counts=(2, 3))
    assert set(got) == {"2", "3"} and all(m["rss_main_mb"] > 0 and m["rss_workers_mb"] > 0 for m in got.values())


def test_growth_exponent() -> None:
    from pipeline.bench.scaling import exponent

    assert abs(exponent([(1, 2.0), (2, 4.0), (4, 8.0)]) - 1) < 1e-9
    assert abs(exponent([(10, 1.0), (20, 4.0), (40, 16.0)]) - 2) < 1e-9


def test_bench_scaling_prints_an_exponent_per_shape(capsys) -> None:
    rc = bench.main(["--scaling", "--sizes", "4,8", "--shape", "分别", "--shape", "line breaks", "--no-matching"])
    out = capsys.readouterr().out
    assert rc == 0
    rows = {line[:38].strip(): line[38:].split() for line in out.splitlines()[1:] if line.strip()}
    assert set(rows) == {"分别 list", "report, line breaks removed"}
    for cells in rows.values():
        assert -5 < float(cells[0]) < 5 and cells[3].endswith("KB") and cells[5].endswith("KB")    # an exponent
    assert bench.main(["--scaling", "--shape", "no such shape", "--no-matching"]) == 2
