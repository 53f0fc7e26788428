"""`review` and `run --html`: pages mirroring the outputs, every record highlighted over exactly its match, the text
found or its absence said, nothing absolute in a page, twins and pairs.csv, unchanged pages kept, the index."""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from review_helpers import highlights, page_data

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "tests" / "fixtures" / "pdf" / "heshan-2023-work-plan.zh.1col.pdf"

BEIJING = ("2024年政府工作报告\r\n\r\n一、2024年工作安排\r\n\r\n𠀀😀地区生产总值增长5%左右，力争实现5.5%。\r\n"
           "<script>window.pwned = 1</script>固定资产投资增长8%。\r\n")
BEIJING_2025 = "2025年工作安排\n\n地区生产总值增长6%，社会消费品零售总额增长7%以上。\n"


def cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def make_inputs(base: Path) -> None:
    for rel, text in (("2024/beijing.txt", BEIJING), ("2025/beijing.txt", BEIJING_2025)):
        p = base / "in" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text.encode("utf-8"))


def check_page(html: str, data: dict) -> None:
    """Every record of the YAML highlighted once, over exactly its match."""
    got, recs = highlights(html), page_data(html)
    assert [r["id"] for r in recs] == [r["id"] for r in data["records"]]
    assert sorted(got.marks) == list(range(len(data["records"]))) and sorted(got.firsts) == sorted(got.marks)
    for i, r in enumerate(data["records"]):
        assert "".join(got.marks[i]) == r["source"]["match"], r["id"]


def test_run_html_pages_mirror_outputs(tmp_path: Path) -> None:
    make_inputs(tmp_path)
    p = cli("run", "in", "-o", "out", "--html", "-j", "1", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "review: out/review/index.html (2 documents," in p.stdout
    review = tmp_path / "out" / "review"
    for year in ("2024", "2025"):
        data = yaml.safe_load((tmp_path / "out" / year / "beijing.yaml").read_text(encoding="utf-8"))
        html = (review / "pages" / year / "beijing.html").read_text(encoding="utf-8")
        check_page(html, data)
        assert 'href="../../review.css"' in html and f'href="../../../{year}/beijing.yaml"' in html
    page = (review / "pages" / "2024" / "beijing.html").read_text(encoding="utf-8")
    got = highlights(page)
    assert "".join(got.text) == BEIJING                               # CRLF and non-BMP characters kept
    assert "&lt;script&gt;window.pwned = " in page and "<script>window" not in page   # shown as text
    assert [r["match"] for r in page_data(page)] == ["5%左右", "5.5%", "8%"]
    assert 'data-r="0" data-first="0" data-badge="≈">5%左右</mark>' in page            # comparator badge
    assert 'data-r="1" data-first="1" data-badge="stretch">5.5%</mark>' in page        # stretch badge
    assert '<span class="h">一、2024年工作安排</span>' in page                          # headings marked
    index = (review / "index.html").read_text(encoding="utf-8")
    assert 'href="pages/2024/beijing.html"' in index and 'href="pages/2025/beijing.html"' in index
    for f in review.rglob("*"):                                      # nothing absolute in any file
        if f.is_file():
            assert str(tmp_path) not in f.read_text(encoding="utf-8"), f


def test_review_from_another_folder_and_a_missing_input(tmp_path: Path) -> None:
    make_inputs(tmp_path)
    assert cli("run", "in", "-o", "out", "-j", "1", cwd=tmp_path).returncode == 0
    assert not (tmp_path / "out" / "review").exists()               # run writes pages only with --html
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    p = cli("review", tmp_path / "out", cwd=elsewhere)               # the input found above the output folder
    assert p.returncode == 0 and p.stderr == "", p.stderr
    shutil.move(tmp_path / "in" / "2025", tmp_path / "moved")
    (tmp_path / "in" / "2024" / "beijing.txt").write_bytes(BEIJING.replace("5%", "9%").encode())
    p = cli("review", "out", cwd=tmp_path)
    assert p.returncode == 0
    assert "review: 2025/beijing: the input in/2025/beijing.txt cannot be found" in p.stderr
    assert "review: 2024/beijing: the input has changed since the run" in p.stderr
    gone = (tmp_path / "out" / "review" / "pages" / "2025" / "beijing.html").read_text(encoding="utf-8")
    assert 'id="no-text"' in gone and "cannot be found" in gone and 'id="text"' not in gone
    changed = (tmp_path / "out" / "review" / "pages" / "2024" / "beijing.html").read_text(encoding="utf-8")
    assert "record(s) whose span is not their match in the text" in changed
    assert "has changed since the run" in (tmp_path / "out" / "review" / "index.html").read_text(encoding="utf-8")


def test_pdf_pages_in_the_margin(tmp_path: Path) -> None:
    shutil.copy(PDF, tmp_path / "report.pdf")
    assert cli("run", "report.pdf", "-o", "out", "--html", "-q", cwd=tmp_path).returncode == 0
    data = yaml.safe_load((tmp_path / "out" / "report.yaml").read_text(encoding="utf-8"))
    starts = data["document"]["page_starts"]
    assert len(starts) == data["document"]["pages"] >= 2 and starts[0] == 0
    html = (tmp_path / "out" / "review" / "pages" / "report.html").read_text(encoding="utf-8")
    check_page(html, data)
    assert highlights(html).pages == [str(n) for n in range(1, len(starts) + 1)]
    text = (tmp_path / "out" / "report.txt").read_text(encoding="utf-8")
    for r in data["records"]:                                      # the page of each record is the one it lies on
        assert starts[r["source"]["page"] - 1] <= r["source"]["start"]
    assert len(text) >= starts[-1]
    (tmp_path / "out" / "report.txt").unlink()
    p = cli("review", "out", cwd=tmp_path)
    assert p.returncode == 0 and "the extracted text report.txt beside the YAML cannot be found" in p.stderr


def _doc(base: Path, name: str, text: str, language: str, records: list[dict]) -> None:
    (base / f"{name}.txt").write_text(text, encoding="utf-8")
    data = {"document": {"source": f"{name}.txt", "sha256": hashlib.sha256(text.encode()).hexdigest(),
                         "format": "txt", "encoding": "utf-8", "language": language, "title": name, "year": 2023,
                         "place": None, "pages": None},
            "pipeline": {"version": "0.1.0", "rules": "x"}, "records": records, "warnings": []}
    (base / "out" / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _rec(rid: str, text: str, match: str, period: str, **extra) -> dict:
    s = text.index(match)
    return {"id": rid, "kind": "target", "indicator": "GDP", "indicator_id": "gdp",
            "labels": {"zh": "地区生产总值", "en": "regional GDP"}, "measure": "change", "comparator": "=",
            "stretch": False, "value": 8, "value_max": None, "unit": "%",
            "normalized": {"value": 8, "value_max": None, "unit": "percent", "dimension": "ratio"}, "period": period,
            "section": [], "source": {"start": s, "end": s + len(match), "match": match, "sentence": text},
            "rule": "test", "also": [], **extra}


def test_twins_and_pairs_csv(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    zh, en = "地区生产总值增长8%。", "GDP to grow by 8%."
    _doc(tmp_path, "plan.zh", zh, "zh", [_rec("r0001", zh, "8%", "2023", twin="r0001")])
    _doc(tmp_path, "plan.en", en, "en", [_rec("r0001", en, "8%", "2024", twin="plan.zh#r0001")])
    (tmp_path / "out" / "pairs.csv").write_text("zh_id,en_id,value,disagree\nr0001,r0001,8,period\n",
                                                encoding="utf-8")
    p = cli("review", "out", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    pages = tmp_path / "out" / "review" / "pages"
    twin = page_data((pages / "plan.zh.html").read_text(encoding="utf-8"))[0]["twin"]
    assert twin == {"id": "r0001", "document": "plan.en", "differences": [["period", "2023", "2024"]],
                    "pair": {"value": "8", "disagree": "period"}, "href": "../pages/plan.en.html#r0001"}
    back = page_data((pages / "plan.en.html").read_text(encoding="utf-8"))[0]["twin"]
    assert back["document"] == "plan.zh" and back["differences"] == [["period", "2024", "2023"]]
    assert "pairs.csv: 1 pairs" in (tmp_path / "out" / "review" / "index.html").read_text(encoding="utf-8")


def test_unchanged_pages_are_kept_and_gone_ones_removed(tmp_path: Path) -> None:
    make_inputs(tmp_path)
    assert cli("run", "in", "-o", "out", "--html", "-q", "-j", "1", cwd=tmp_path).returncode == 0
    p = cli("review", "out", cwd=tmp_path)
    assert "(2 documents, 5 records, 0 pages written)" in p.stdout, p.stdout
    (tmp_path / "out" / "2025" / "beijing.yaml").unlink()
    p = cli("review", "out", cwd=tmp_path)
    assert ", 0 pages written)" in p.stdout and "(1 documents," in p.stdout
    assert not (tmp_path / "out" / "review" / "pages" / "2025").exists()
    assert "2025/beijing" not in (tmp_path / "out" / "review" / "index.html").read_text(encoding="utf-8")


def test_index_lists_failures_and_broken_outputs(tmp_path: Path) -> None:
    make_inputs(tmp_path)
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x00\x00binary")
    p = cli("run", "in", "-o", "out", "--html", "-j", "1", cwd=tmp_path)
    assert p.returncode == 1 and "review: out/review/index.html" in p.stdout
    index = (tmp_path / "out" / "review" / "index.html").read_text(encoding="utf-8")
    assert "1 failed" in index and "in/bad.txt" in index and "binary file" in index
    (tmp_path / "out" / "broken.yaml").write_text("document: [\n", encoding="utf-8")
    (tmp_path / "out" / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    p = cli("review", "out", cwd=tmp_path)
    assert p.returncode == 0
    index = (tmp_path / "out" / "review" / "index.html").read_text(encoding="utf-8")
    assert "broken.yaml</b>: broken YAML at line" in index and "notes.yaml</b>: not an output of this tool" in index


def test_review_errors(tmp_path: Path) -> None:
    p = cli("review", "nowhere", cwd=tmp_path)
    assert p.returncode == 1 and p.stderr.strip() == "error: nowhere is not a folder"
    (tmp_path / "empty").mkdir()
    p = cli("review", "empty", cwd=tmp_path)
    assert p.returncode == 1 and p.stderr.strip() == "error: no output YAML found in empty"


def test_twin_found_by_its_back_reference_and_by_a_mapping(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    zh, en = "地区生产总值增长8%，投资增长9%。", "GDP to grow by 8%, investment by 9%."
    _doc(tmp_path, "beijing", zh, "zh", [_rec("r0001", zh, "8%", "2023", twin="r0002"),
                                         _rec("r0002", zh, "9%", "2023")])
    _doc(tmp_path, "peking", en, "en", [_rec("r0001", en, "9%", "2023"),
                                        _rec("r0002", en, "8%", "2023", twin={"document": "beijing", "id": "r0001"},
                                             kind="actual")])
    _doc(tmp_path, "index", zh, "zh", [_rec("r0001", zh, "8%", "2023", twin="r0009")])   # a report named index
    assert cli("review", "out", cwd=tmp_path).returncode == 0
    pages = tmp_path / "out" / "review" / "pages"
    mine = page_data((pages / "beijing.html").read_text(encoding="utf-8"))[0]["twin"]
    assert mine["document"] == "peking" and mine["differences"] == [["kind", "target", "actual"]]
    theirs = page_data((pages / "peking.html").read_text(encoding="utf-8"))[1]["twin"]
    assert theirs["document"] == "beijing" and theirs["id"] == "r0001"
    lost = page_data((pages / "index.html").read_text(encoding="utf-8"))[0]["twin"]
    assert lost == {"id": "r0009", "document": None, "differences": [], "pair": {}}
    assert "<h1>Review</h1>" in (tmp_path / "out" / "review" / "index.html").read_text(encoding="utf-8")


def test_nothing_is_written_through_a_linked_review_folder(tmp_path: Path) -> None:
    make_inputs(tmp_path)
    assert cli("run", "in", "-o", "out", "-q", "-j", "1", cwd=tmp_path).returncode == 0
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out" / "review").symlink_to(tmp_path / "elsewhere")
    p = cli("review", "out", cwd=tmp_path)
    assert p.returncode == 1 and p.stderr.startswith("error: cannot write the review folder: ")
    assert "symbolic link" in p.stderr and not list((tmp_path / "elsewhere").iterdir())
