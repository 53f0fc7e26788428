"""The corpus scorers (tools/score_tracking.py, tools/score_identity.py) on small made-up runs."""

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "tools"))


st = _load("score_tracking")
si = _load("score_identity")


def _row(**fields) -> dict[str, str]:
    row = dict.fromkeys(st.COLUMNS, "")
    row.update(place="全国", indicator_id="gdp", year="2013", measure="change", target_unit="percent",
               actual_unit="percent")
    row.update({k: str(v) for k, v in fields.items()})
    return row


@pytest.mark.parametrize(("target", "actual", "met"), [
    (("~", 7.5), ("=", 7.7), "true"),          # within 0.5 percentage points
    (("~", 8), ("=", 9), "false"),
    (("=", 7.5), ("=", 7.8), "true"),          # reached or exceeded
    (("=", 7.5), ("=", 7.4), "false"),
    ((">=", 9e6), ("=", 9e6), "true"),
    ((">", 9e6), ("=", 9e6), "false"),
    (("<", 4.6), ("=", 4.1), "true"),
    (("<=", 4.6), ("=", 4.7), "false"),
    (("range", 6.5), ("=", 6.7), "true"),
    (("~", 3.5), ("<=", 2.6), "false"),        # no value the actual allows meets the target
    (("~", 3), ("<=", 3.3), ""),               # some do: the text leaves it open
    (("<=", 4.6), ("<", 4.5), "true"),         # every value the actual allows does
    (("~", 1.5), ("~", 1.5), "true"),
    ((">=", -3.9), ("=", -4.8), "true"),       # a decline of at least 3.9 %
    ((">=", -3.9), ("=", -3.0), "false"),
    (("=", -3.1), ("=", -5.6), "true"),        # a decline at least as large
])
def test_met_by_rule(target, actual, met):
    row = _row(target_comparator=target[0], target_value=target[1], actual_comparator=actual[0],
               actual_value=actual[1])
    if target[0] == "range":
        row["target_value_max"] = "7"
    assert st.met_by_rule(row) == met


def test_met_is_five_percent_of_a_level_and_empty_without_both_sides():
    level = {"measure": "level", "target_unit": "count", "actual_unit": "count"}
    assert st.met_by_rule(_row(**level, target_comparator="~", target_value=100, actual_comparator="=",
                               actual_value=104)) == "true"
    assert st.met_by_rule(_row(**level, target_comparator="~", target_value=100, actual_comparator="=",
                               actual_value=106)) == "false"
    assert st.met_by_rule(_row(target_comparator="~", target_value=7)) == ""
    assert st.met_by_rule(_row(actual_comparator="=", actual_value=7)) == ""


def _write(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, st.COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_score_counts_right_missing_extra_and_wrong_fields(tmp_path):
    gold = [
        _row(target_comparator="~", target_value=7.5, actual_comparator="=", actual_value=7.7, met="true",
             target_doc="a.txt", target_record="7.5%左右", actual_doc="b.txt", actual_record="7.7％"),
        _row(indicator_id="cpi", target_comparator="~", target_value=3.5),
        _row(indicator_id="deficit", measure="level", target_comparator="=", target_value=1.2e12,
             target_unit="CNY"),
    ]
    run = [
        dict(gold[0], target_value="7.52", met="false", place="全国"),   # within 0.5 %: right
        dict(gold[1], target_comparator="<="),                           # wrong comparator
        _row(indicator_id="grain_output", measure="level", actual_comparator="=", actual_value=6e8),
    ]
    result = st.score(st.read_table(_write(tmp_path / "g.csv", gold)), st.read_table(_write(tmp_path / "r.csv", run)),
                      st.RunRecords(None, None))
    assert result["right"] == 1 and result["gold"] == 3
    assert result["missing"] == [("全国", "deficit", "2013", "level")]
    assert result["extra"] == [("全国", "grain_output", "2013", "level")]
    assert result["wrong"] == [(("全国", "cpi", "2013", "change"), [("target_comparator", "~", "<=")])]
    assert ("met", "true", "false") in [d for _, d in result["other"]]
    over = [dict(gold[2], target_comparator=">=")]
    jobs = [dict(gold[2], target_comparator=">")]
    assert st.score(over, jobs, st.RunRecords(None, None))["right"] == 0
    assert st.score(over, jobs, st.RunRecords(None, None), family=True)["right"] == 1


def test_record_ids_map_to_quotes_through_the_run_yaml(tmp_path):
    text = "国内生产总值增长7.5%左右，居民消费价格涨幅3.5%左右。"
    (tmp_path / "doc.zh.txt").write_text(text, encoding="utf-8")
    start = text.index("增长7.5%")
    (tmp_path / "doc.zh.yaml").write_text(
        "document:\n  source: corpus/doc.zh.txt\n  year: 2013\nrecords:\n"
        f"  - id: r0001\n    source: {{start: {start}, end: {start + 5}, match: 增长7.5%, sentence: x}}\n"
        f"  - id: r0002\n    source: {{start: 20, end: 24, match: 3.5%, sentence: x}}\n",
        encoding="utf-8")
    records = st.RunRecords(tmp_path, tmp_path)
    assert records.available()
    first, second = records.record("doc.zh.txt", "r0001"), records.record("x/doc.zh.txt", "r0002")
    assert st.quote_agrees("7.5%左右", first, records.text("doc.zh.txt"))   # overlapping spans
    assert not st.quote_agrees("7.5%左右", second, records.text("doc.zh.txt"))
    gold = _row(target_comparator="~", target_value=7.5, target_doc="doc.zh.txt", target_record="7.5%左右")
    run = dict(gold, target_record="r0002")
    result = st.score([gold], [run], records)
    assert result["right"] == 1
    assert [d[0] for _, d in result["other"]] == ["target_record"]


def test_read_table_rejects_other_columns(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("place,indicator_id\n全国,gdp\n", encoding="utf-8")
    with pytest.raises(st.TableError):
        st.read_table(path)


def test_score_identity(tmp_path):
    gold = {
        "a.zh.txt": {"file": "a.zh.txt", "year": 2026, "place": "上海市", "title": "2026年上海市政府工作报告",
                     "language": "zh"},
        "b.zh.txt": {"file": "b.zh.txt", "year": 2010, "place": "全国", "title": "在…上的政府工作报告",
                     "title_also": ["政府工作报告"], "language": "zh"},
        "c.en.txt": {"file": "c.en.txt", "year": 2015, "place": "China",
                     "title": "REPORT ON THE WORK OF THE GOVERNMENT", "language": "en"},
    }
    (tmp_path / "a.zh.yaml").write_text(
        "document:\n  source: in/a.zh.txt\n  language: zh\n  title: 下载\n  year: 2026\n  place: 上海\n"
        "pipeline: {version: 0.1.0}\nrecords: []\n", encoding="utf-8")
    (tmp_path / "b.zh.yaml").write_text(
        "document:\n  source: b.zh.txt\n  language: zh\n  title: 政府工作报告\n  year: 2010\n  place: 全国\n"
        "records: []\n", encoding="utf-8")
    (tmp_path / "other.yaml").write_text("- not a run file\n", encoding="utf-8")
    result = si.score(gold, tmp_path)
    counts = result["counts"]
    assert counts["matched"] == 2 and result["missing"] == ["c.en.txt"]
    assert counts["year"] == 2 and counts["place"] == 1 and counts["place_lenient"] == 2
    assert counts["title"] == 1 and counts["title_clean"] == 1 and counts["language"] == 2
    assert si.title_right(gold["c.en.txt"], "Report on the Work of the Government")
