"""`python -m pipeline track`: the tracking table (records.md §7) of consecutive-year reports, end to end.

tests/tracking/ holds four short reports of an invented city (青禾市 / Qinghe City) for 2021–2024, in Chinese and in
English, each with a review of the year before and a paragraph of main targets.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.track.table import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "tests" / "tracking"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("track") / "out"
    assert main(["run", str(DOCS), "-o", str(out), "-j", "1", "-q"]) == 0
    return out


@pytest.fixture(scope="module")
def tracked(run_dir: Path) -> Path:
    assert main(["track", str(run_dir)]) == 0
    return run_dir


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def row(rows: list[dict[str, str]], place: str, indicator: str, year: int, measure: str) -> dict[str, str]:
    found = [r for r in rows if (r["place"], r["indicator_id"], r["year"], r["measure"])
             == (place, indicator, str(year), measure)]
    assert len(found) == 1, f"{place} {indicator} {year} {measure}: {len(found)} rows"
    return found[0]


def check(r: dict[str, str], **want: str) -> None:
    got = {k: r[k] for k in want}
    assert got == want, r


def doc(r: dict[str, str], side: str) -> str:
    return Path(r[f"{side}_doc"]).name if r[f"{side}_doc"] else ""


# --- the table ---------------------------------------------------------------------------------------------------

def test_table_file_is_written_like_records_csv(tracked: Path):
    raw = (tracked / "tracking.csv").read_bytes()
    assert raw.startswith("\ufeffplace,indicator_id,label_zh,".encode())
    assert raw.count(b"\r\n") == raw.count(b"\n")
    rows = read_csv(tracked / "tracking.csv")
    assert len({(r["place"], r["indicator_id"], r["year"], r["measure"]) for r in rows}) == len(rows)


@pytest.mark.parametrize("place, doc_tail, jobs_cmp", [("青禾市", "zh.txt", ">="), ("Qinghe City", "en.txt", ">")])
def test_growth_targets_against_next_years_review(tracked: Path, place: str, doc_tail: str, jobs_cmp: str):
    rows = read_csv(tracked / "tracking.csv")
    # `~` of a rate: within ±0.5 percentage points
    r = row(rows, place, "gdp", 2021, "change")
    check(r, target_comparator="~", target_value="7", target_unit="percent", target_stretch="false",
          actual_comparator="=", actual_value="7.3", actual_unit="percent", met="true")
    assert (doc(r, "target"), doc(r, "actual")) == (f"qinghe-2021.{doc_tail}", f"qinghe-2022.{doc_tail}")
    assert re.fullmatch(r"r\d{4}", r["target_record"]) and re.fullmatch(r"r\d{4}", r["actual_record"])
    check(row(rows, place, "gdp", 2023, "change"), target_comparator="~", target_value="6", actual_value="6.8",
          met="false")
    # a firm figure and a stretch one together (增长6.5%，力争7%; a later 力争8% elsewhere): the firm one
    check(row(rows, place, "gdp", 2022, "change"), target_comparator="=", target_value="6.5", target_stretch="false",
          actual_value="6.1", met="false")
    # the last report's targets have no later report: an empty actual and an empty `met`
    check(row(rows, place, "gdp", 2024, "change"), target_value="6", actual_comparator="", actual_value="",
          actual_doc="", actual_record="", met="")
    # a range: inside is met
    check(row(rows, place, "fixed_asset_investment", 2021, "change"), target_comparator="range", target_value="8",
          target_value_max="10", actual_value="9.1", met="true")
    check(row(rows, place, "fixed_asset_investment", 2022, "change"), target_comparator="range", target_value="10",
          target_value_max="12", actual_value="5.5", met="false")
    # a decline: 下降3% is met by a decline of 3.2 %
    check(row(rows, place, "energy_intensity", 2021, "change"), target_comparator="=", target_value="-3",
          actual_value="-3.2", met="true")
    # the main-targets paragraph wins over an earlier firm figure of the same indicator (1.5万人 before it in 2024)
    check(row(rows, place, "new_urban_jobs", 2024, "level"), target_comparator=jobs_cmp, target_value="12000",
          target_unit="count")
    check(row(rows, place, "new_urban_jobs", 2021, "level"), actual_value="13500", met="true")


@pytest.mark.parametrize("place", ["青禾市", "Qinghe City"])
def test_a_series_with_both_a_growth_rate_and_a_level(tracked: Path, place: str):
    rows = read_csv(tracked / "tracking.csv")
    check(row(rows, place, "gdp", 2022, "level"), target_comparator="=", target_value="56000000000",
          target_unit="CNY", actual_value="56800000000", actual_unit="CNY", met="true")
    check(row(rows, place, "gdp", 2022, "change"), target_value="6.5", actual_value="6.1")
    # the level is targeted in 2022 only; the other years' levels are actual-only rows of the same series
    check(row(rows, place, "gdp", 2021, "level"), target_comparator="", target_value="", actual_value="52000000000")


@pytest.mark.parametrize("place", ["青禾市", "Qinghe City"])
def test_a_year_with_no_target(tracked: Path, place: str):
    rows = read_csv(tracked / "tracking.csv")
    # 2023's report sets no fixed-asset investment target; 2024's review states 2023's growth
    r = row(rows, place, "fixed_asset_investment", 2023, "change")
    check(r, target_comparator="", target_value="", target_doc="", target_record="", actual_value="7.2", met="")
    assert doc(r, "actual").startswith("qinghe-2024.")
    # 2024: neither a target nor (no later report) an actual: no row
    assert not [r for r in rows if r["place"] == place and r["indicator_id"] == "fixed_asset_investment"
                and r["year"] == "2024"]
    # 2020 is reviewed by the 2021 report, but the run has no report of 2020: no row
    assert not [r for r in rows if r["place"] == place and r["year"] == "2020"]


def test_an_actual_that_leaves_the_target_open(tracked: Path):
    rows = read_csv(tracked / "tracking.csv")
    # target 控制在4%以内, actual 控制在4.2%以内: some values it allows meet the target, some do not
    check(row(rows, "青禾市", "registered_unemployment_rate", 2022, "level"), target_comparator="<=", target_value="4",
          actual_comparator="<=", actual_value="4.2", met="")
    check(row(rows, "青禾市", "registered_unemployment_rate", 2021, "level"), actual_value="3.6", met="true")


def test_parquet_holds_the_same_rows(tracked: Path):
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(tracked / "tracking.parquet")
    assert table.column_names == COLUMNS
    assert str(table.schema.field("year").type) == "int64" and str(table.schema.field("met").type) == "bool"
    rows = read_csv(tracked / "tracking.csv")
    got = table.to_pylist()
    assert len(got) == len(rows)
    for a, b in zip(got, rows, strict=True):
        for k in COLUMNS:
            v = a[k]
            text = "" if v is None else ("true" if v is True else "false" if v is False else v)
            if isinstance(v, float):
                assert float(b[k]) == pytest.approx(v), k
            else:
                assert str(text) == b[k], k


def test_track_is_deterministic_and_ignores_what_is_no_output(tracked: Path, tmp_path: Path):
    out = tmp_path / "copy"
    shutil.copytree(tracked, out)
    before = {n: (out / n).read_bytes() for n in ("tracking.csv", "tracking.html")}
    review = out / "review"
    review.mkdir()
    shutil.copy(out / "qinghe-2021.zh.yaml", review / "qinghe-2021.zh.yaml")   # the review pages' folder
    (out / "notes.yaml").write_text("records:\n- {id: r0001, indicator_id: gdp}\n", encoding="utf-8")
    assert main(["track", str(out)]) == 0
    assert {n: (out / n).read_bytes() for n in before} == before


# --- the page ----------------------------------------------------------------------------------------------------

class _Page(HTMLParser):
    """Table rows (cell texts) and the number of charts of tracking.html."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.figures = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        if tag == "figure":
            self.figures += 1
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_body = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_page_has_one_chart_per_series_and_the_rows_of_the_table(tracked: Path):
    text = (tracked / "tracking.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//|url\((?:https?:)?//|@import""", text)  # no network
    svgs = re.findall(r"<svg.*?</svg>", text, re.S)
    for svg in svgs:
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg")
    rows = read_csv(tracked / "tracking.csv")
    series = {(r["place"], r["indicator_id"], r["measure"]) for r in rows}
    page = _Page()
    page.feed(text)
    assert len(svgs) == page.figures == len(series)
    assert sorted(page.rows) == sorted([r[c] for c in COLUMNS] for r in rows)
    ids = re.findall(r'\bid="([^"]+)"', text)
    assert len(ids) == len(set(ids)), "ids repeat across charts"


# --- safety and errors -------------------------------------------------------------------------------------------

def test_a_table_this_tool_did_not_write_is_not_replaced(tracked: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    shutil.copytree(tracked, out)
    (out / "tracking.csv").write_text("my own spreadsheet\n", encoding="utf-8")
    html = (out / "tracking.html").read_bytes()
    assert main(["track", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "tracking.csv" in err[0] and "not this tool's" in err[0]
    assert (out / "tracking.csv").read_text(encoding="utf-8") == "my own spreadsheet\n"
    assert (out / "tracking.html").read_bytes() == html


def test_track_of_a_missing_folder_is_one_line(tmp_path: Path, capsys):
    assert main(["track", str(tmp_path / "nothing")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:")


def test_documents_without_a_year_are_named_and_left_out(run_dir: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(run_dir / "qinghe-2021.zh.yaml", out)
    text = (run_dir / "qinghe-2022.zh.yaml").read_text(encoding="utf-8")
    (out / "qinghe-2022.zh.yaml").write_text(text.replace("  year: 2022\n", "  year: null\n", 1), encoding="utf-8")
    assert main(["track", str(out), "--no-html"]) == 0
    captured = capsys.readouterr()
    assert "qinghe-2022.zh.yaml has no year" in captured.err
    rows = read_csv(out / "tracking.csv")
    assert {r["year"] for r in rows} == {"2021"}
    assert all(r["actual_value"] == "" for r in rows)   # the 2022 review cannot be placed in time
    assert not (out / "tracking.html").exists()


def test_formula_cells_are_escaped_and_contract_symbols_are_not(run_dir: Path, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    for year in (2021, 2022):
        text = (run_dir / f"qinghe-{year}.zh.yaml").read_text(encoding="utf-8")
        (out / f"qinghe-{year}.zh.yaml").write_text(text.replace("place: 青禾市", "place: =HYPERLINK(1)", 1),
                                                    encoding="utf-8")
    assert main(["track", str(out), "--no-html"]) == 0
    raw = (out / "tracking.csv").read_text(encoding="utf-8-sig")
    lines = list(csv.reader(io.StringIO(raw, newline="")))[1:]
    assert lines and all(cells[0] == "'=HYPERLINK(1)" for cells in lines)
    assert "=" in {cells[COLUMNS.index("target_comparator")] for cells in lines}
    pq = pytest.importorskip("pyarrow.parquet")
    assert set(pq.read_table(out / "tracking.parquet").column("place").to_pylist()) == {"=HYPERLINK(1)"}


def test_matplotlib_is_imported_only_to_draw():
    code = ("import sys, pipeline, pipeline.cli, pipeline.track, pipeline.track.html; "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"
