"""`pair`: twin files by name, alignment, linking records to their twins, pairs.csv, twins in the YAML, the CLI."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import cli
from pipeline.pair import PairError, link, match_files, split_tag
from pipeline.pair.align import align, anchors, line_spans
from pipeline.pair.link import agrees, disagreements, family
from pipeline.pair.report import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
ZH = ROOT / "samples" / "heshan-2023-work-plan.zh.txt"
EN = ROOT / "samples" / "heshan-2023-work-plan.en.txt"


def rec(n: int, value: float, dim: str = "ratio", unit: str = "percent", start: int = 0, **kw) -> dict:
    r = {"id": f"r{n:04d}", "kind": "target", "measure": "change", "comparator": "=", "stretch": False,
         "period": "2023", "indicator_id": None, "normalized": {"value": value, "value_max": None, "unit": unit,
                                                                "dimension": dim},
         "source": {"start": start, "match": str(value), "sentence": ""}}
    r.update(kw)
    return r


def text_with(lines: list[str]) -> tuple[str, list[int]]:
    """A text of these lines (a blank line between them) and each line's start offset."""
    starts, out, pos = [], [], 0
    for ln in lines:
        starts.append(pos)
        out.append(ln)
        pos += len(ln) + 2
    return "\n\n".join(out) + "\n", starts


# ---- file names -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, key, lang", [
    ("x.zh.txt", "x", "zh"), ("x.en.txt", "x", "en"), ("Report_EN.pdf", "report", "en"),
    ("2024-beijing-zh-cn.txt", "2024-beijing", "zh"), ("x.txt", "x", None), ("zh.txt", "zh", None),
    ("open.txt", "open", None), ("x.ZH.TXT", "x", "zh"), ("gwr-english.txt", "gwr", "en"),
])
def test_split_tag(name, key, lang):
    assert split_tag(name) == (key, lang)


def test_match_two_folders_by_name(tmp_path):
    zh, en = tmp_path / "zh", tmp_path / "en"
    (zh / "2024").mkdir(parents=True)
    (en / "2024").mkdir(parents=True)
    for p in (zh / "a.zh.txt", zh / "2024" / "b.txt", zh / "c.zh.txt", en / "a.en.txt", en / "2024" / "B.txt",
              en / "d.en.txt", en / "a.zh.txt"):
        p.write_text("增长8%\n", encoding="utf-8")
    m = match_files(str(zh), str(en))
    assert m.pairs == [(str(zh / "2024" / "b.txt"), str(en / "2024" / "B.txt")),
                       (str(zh / "a.zh.txt"), str(en / "a.en.txt"))]
    assert sorted(Path(p).name for p, _ in m.alone) == ["c.zh.txt", "d.en.txt"]  # a.zh.txt in en/ is not English


def test_match_one_folder_twice_needs_tags(tmp_path):
    for name in ("x.zh.txt", "x.en.txt", "y.zh.txt", "plain.txt", "z.zh.txt", "z_cn.txt", "z.en.txt"):
        (tmp_path / name).write_text("8%\n", encoding="utf-8")
    m = match_files(str(tmp_path), str(tmp_path))
    assert m.pairs == [(str(tmp_path / "x.zh.txt"), str(tmp_path / "x.en.txt"))]
    why = {Path(p).name: w for p, w in m.alone}
    assert set(why) == {"y.zh.txt", "plain.txt", "z.zh.txt", "z_cn.txt", "z.en.txt"}
    assert "several" in why["z.zh.txt"] and "untagged" in why["plain.txt"]


def test_match_files_and_errors(tmp_path):
    a, b = tmp_path / "one.txt", tmp_path / "other.txt"
    a.write_text("8%", encoding="utf-8")
    b.write_text("8%", encoding="utf-8")
    assert match_files(str(a), str(b)).pairs == [(str(a), str(b))]  # two files are twins as given
    with pytest.raises(PairError, match="two files or two folders"):
        match_files(str(a), str(tmp_path))
    with pytest.raises(PairError, match="no such file"):
        match_files(str(a), str(tmp_path / "missing.txt"))


# ---- alignment --------------------------------------------------------------------------------------------

def test_anchors_keep_a_shared_order():
    # figures unique on both sides; "c" moved in the translation: only one of the crossing anchors is kept
    assert anchors(list("abcde"), list("acbde")) in ([(0, 0), (1, 2), (3, 3), (4, 4)],
                                                     [(0, 0), (2, 1), (3, 3), (4, 4)])
    assert anchors(["x", "x", "y"], ["x", "y", "x"]) == [(2, 1)]  # x is not unique: no anchor


def test_same_line_count_aligns_line_by_line():
    al = align(3, 3, [rec(1, 5.0)], [rec(1, 5.0)], [0], [0])
    assert al.mode == "lines" and [(b.zh_start, b.en_start) for b in al.blocks] == [(0, 0), (1, 1), (2, 2)]


def test_lines_not_trusted_when_anchors_are_off_the_diagonal():
    zs = [rec(k, 10.0 + k) for k in range(5)]
    es = [rec(k, 10.0 + k) for k in range(5)]
    al = align(6, 6, zs, es, [0, 1, 2, 3, 4], [1, 2, 3, 4, 5])  # a title line only in the translation
    assert al.mode == "figures"
    assert [(b.zh_start, b.zh_end, b.en_start, b.en_end) for b in al.blocks][:3] == [
        (0, 0, 0, 1), (0, 1, 1, 2), (1, 2, 2, 3)]  # the title alone, then line i with line i + 1


def test_figures_mode_gaps_of_equal_lines_align_line_by_line():
    zs, es = [rec(1, 11.0), rec(2, 99.0)], [rec(1, 11.0), rec(2, 99.0)]
    al = align(5, 6, zs, es, [0, 4], [0, 5])
    spans = [(b.zh_start, b.zh_end, b.en_start, b.en_end) for b in al.blocks]
    assert spans == [(0, 1, 0, 1), (1, 4, 1, 5), (4, 5, 5, 6)]  # 3 zh lines and 4 en lines in between: one block
    al = align(5, 6, zs, es, [0, 3], [0, 3])  # 2 lines on each side between the anchors: line by line
    assert [(b.zh_start, b.zh_end, b.en_start, b.en_end) for b in al.blocks] == [
        (0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 3), (3, 4, 3, 4), (4, 5, 4, 6)]


# ---- linking ----------------------------------------------------------------------------------------------

def test_twins_on_the_same_line_by_value_and_order():
    zt, zs = text_with(["地区生产总值增长8%，投资增长8%，收入458.51亿元", "另一行12个"])
    et, es = text_with(["GDP grew 8 percent, investment 8 percent, revenue 45.851 billion yuan", "line 12"])
    zh = [rec(1, 8.0, start=zs[0] + 8), rec(2, 8.0, start=zs[0] + 14),
          rec(3, 45851000000, "money", "CNY", start=zs[0] + 20), rec(4, 12, "count", "count", start=zs[1] + 3)]
    en = [rec(1, 8.0, start=es[0] + 9), rec(2, 8.0, start=es[0] + 31),
          rec(3, 45850000000, "money", "CNY", start=es[0] + 49), rec(4, 12, "count", "count", start=es[1] + 5)]
    p = link(zt, zh, et, en)
    assert p.mode == "lines" and p.linked == [(0, 0), (1, 1), (2, 2), (3, 3)]


def test_a_dropped_figure_is_never_forced():
    zt, zs = text_with(["增长8%，新增12个", "下一行12家，5%"])
    et, es = text_with(["up 8 percent", "next line 12 firms and 5 percent"])
    zh = [rec(1, 8.0, start=zs[0]), rec(2, 12, "count", "count", start=zs[0] + 6),
          rec(3, 12, "count", "count", start=zs[1] + 3), rec(4, 5.0, start=zs[1] + 7)]
    en = [rec(1, 8.0, start=es[0]), rec(2, 12, "count", "count", start=es[1] + 10), rec(3, 5.0, start=es[1] + 23)]
    p = link(zt, zh, et, en)
    assert p.mode == "lines"
    assert p.linked == [(0, 0), (2, 1), (3, 2)]  # the first 12 has no twin on its line: the other 12 is not it
    assert p.pairs == [(0, 0), (1, None), (2, 1), (3, 2)]  # the unpaired record listed in place


def test_values_must_agree_within_half_a_percent():
    zt, _ = text_with(["x"])
    assert link(zt, [rec(1, 100.0)], zt, [rec(1, 100.4)]).linked == [(0, 0)]
    assert link(zt, [rec(1, 100.0)], zt, [rec(1, 100.6)]).linked == []
    assert link(zt, [rec(1, 100.0, "count", "count")], zt, [rec(1, 100.0, "money", "CNY"),
                                                            rec(2, 100.0, "count", "count")]).linked == [(0, 1)]


def test_sign_unit_and_dimension_choices():
    zt, _ = text_with(["x"])
    # a decline read without its sign still pairs, and disagrees on the value
    p = link(zt, [rec(1, -2.5)], zt, [rec(1, 2.5)])
    assert p.linked == [(0, 0)] and disagreements(rec(1, -2.5), rec(1, 2.5)) == ["value"]
    # the same normalized unit is preferred over the nearer place
    zh = [rec(1, 5.0, "money", "USD", start=0)]
    en = [rec(1, 5.0, "money", "CNY", start=0), rec(2, 5.0, "money", "USD", start=1)]
    assert link(zt, zh, zt, en).linked == [(0, 1)]
    # a bare number pairs with a figure of any dimension
    assert link(zt, [rec(1, 716.1e9, "money", "CNY")], zt, [rec(1, 716.1e9, "number", "number")]).linked == [(0, 0)]
    # a figure whose magnitude is the only one left on both sides pairs across dimensions (12万户 / 120,000 times)
    assert link(zt, [rec(1, 120000, "count", "count")], zt, [rec(1, 120000, "multiple", "times")]).linked == [(0, 0)]
    # … but not when two could be its twin
    assert link(zt, [rec(1, 3, "count", "count")], zt, [rec(1, 3, "multiple", "times"),
                                                        rec(2, 3, "multiple", "times")]).linked == []


def test_fields_compared():
    a = rec(1, 5.0, comparator=">=", stretch=True)
    assert agrees("comparator", a, rec(1, 5.0, comparator=">")) and family("<") == family("<=")
    assert not agrees("comparator", a, rec(1, 5.0, comparator="="))
    b = rec(1, 5.0, kind="actual", comparator=">", stretch=False, period="2016..2020", indicator_id="gdp")
    assert disagreements(a, b) == ["kind", "stretch", "period", "indicator_id"]
    r1, r2 = rec(1, 4.5), rec(1, 4.5)
    r1["normalized"]["value_max"], r2["normalized"]["value_max"] = 5.0, 6.0
    assert disagreements(r1, r2) == ["value"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([1.0, 2.0, 8.0, 12.5, 100.0, 4761.0]), min_size=1, max_size=12),
       st.lists(st.booleans(), min_size=12, max_size=12), st.randoms(use_true_random=False))
def test_linking_properties(values, keep, rnd):
    """Any translation that drops and reorders figures on a line: each record has at most one twin, twins have
    the same value, and every dropped figure's record stays unpaired."""
    zt, _ = text_with(["x" * 200])
    zh = [rec(k, v, start=k * 10) for k, v in enumerate(values)]
    kept = [k for k in range(len(values)) if keep[k]]
    rnd.shuffle(kept)
    en = [rec(k, values[k], start=n * 10) for n, k in enumerate(kept)]
    p = link(zt, zh, zt, en)
    zs, es = [i for i, _ in p.linked], [j for _, j in p.linked]
    assert len(set(zs)) == len(zs) and len(set(es)) == len(es)
    assert all(zh[i]["normalized"]["value"] == en[j]["normalized"]["value"] for i, j in p.linked)
    assert len(p.linked) == len(kept)  # every kept figure finds a twin of its value
    assert sorted(i for i, _ in p.pairs if i is not None) == list(range(len(zh)))
    assert sorted(j for _, j in p.pairs if j is not None) == list(range(len(en)))


def test_line_spans_skip_blank_lines():
    assert line_spans("a\n\n  \nb c\r\n") == [(0, 1), (6, 10)]


# ---- the command ------------------------------------------------------------------------------------------

def pair(*args) -> int:
    return cli.main(["pair", *map(str, args), "-j", "1"])


def read_pairs(out: Path) -> list[dict[str, str]]:
    raw = (out / "pairs.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_pair_sample(tmp_path, capsys):
    out = tmp_path / "out"
    assert pair(ZH, EN, "-o", out) == 0
    said = capsys.readouterr().out
    assert "63 pairs: 98.4 % of 64 zh records" in said and "agreement: kind" in said
    zh = yaml.safe_load((out / "heshan-2023-work-plan.zh.yaml").read_text(encoding="utf-8"))
    en = yaml.safe_load((out / "heshan-2023-work-plan.en.yaml").read_text(encoding="utf-8"))
    assert zh["document"]["twin"] == str(EN) and en["document"]["twin"] == str(ZH)
    first = zh["records"][0]
    assert list(first)[-2:] == ["also", "twin"]
    twin = next(r for r in en["records"] if r["id"] == first["twin"])
    assert twin["twin"] == first["id"] and twin["normalized"]["value"] == first["normalized"]["value"]
    assert sum(r["twin"] is None for r in zh["records"]) == 1  # the one figure without a twin says so
    rows = read_pairs(out)
    assert list(rows[0]) == COLUMNS and len(rows) == 64
    gdp = rows[0]
    assert (gdp["zh.match"], gdp["en.match"], gdp["value"], gdp["unit"]) == ("8%", "8 percent", "8", "percent")
    assert gdp["disagree"] == "" and gdp["zh.indicator_id"] == gdp["en.indicator_id"] == "gdp"
    alone = [r for r in rows if not r["en.id"]]
    assert len(alone) == 1 and alone[0]["zh.id"] and alone[0]["disagree"] == ""
    # again: both outputs are up to date and skipped, the files are the same
    before = {p.name: p.read_bytes() for p in out.glob("*.yaml")}
    assert pair(ZH, EN, "-o", out, "--explain") == 0
    said = capsys.readouterr().out
    assert "skipped (output up to date)" in said
    assert before == {p.name: p.read_bytes() for p in out.glob("*.yaml")}


def test_twins_only_add_keys(tmp_path):
    """The YAML that `pair` writes is `run`'s with the twin keys added, byte for byte otherwise."""
    from pipeline import extract_file
    from pipeline.output.write import write_document
    from pipeline.yamlio import dump_yaml

    ran = write_document(extract_file(ZH), tmp_path / "run", "x")
    out = tmp_path / "pair"
    assert pair(ZH, EN, "-o", out, "-q") == 0
    data = yaml.safe_load((out / "heshan-2023-work-plan.zh.yaml").read_text(encoding="utf-8"))
    del data["document"]["twin"]
    for r in data["records"]:
        del r["twin"]
    assert dump_yaml(data) == ran.read_text(encoding="utf-8")


def test_pair_folders_and_failures(tmp_path, capsys):
    zh, en = tmp_path / "zh", tmp_path / "en"
    zh.mkdir()
    en.mkdir()
    (zh / "a.zh.txt").write_text("2023年工作安排\n\n地区生产总值增长6%，新增项目12个。\n", encoding="utf-8")
    (en / "a.en.txt").write_text("Work plan for 2023\n\nGDP will grow by 6 percent, with 12 new projects.\n",
                                 encoding="utf-8")
    (zh / "b.zh.txt").write_text("没有译文的报告增长5%。\n", encoding="utf-8")
    out = tmp_path / "out"
    assert pair(zh, en, "-o", out) == 0
    cap = capsys.readouterr()
    assert "no twin: " in cap.err and "b.zh.txt" in cap.err
    rows = read_pairs(out)
    assert [(r["zh.path"], r["en.path"], r["value"]) for r in rows] == [
        ("zh/a.zh.yaml", "en/a.en.yaml", "6"), ("zh/a.zh.yaml", "en/a.en.yaml", "12")]
    assert not (out / "zh" / "b.zh.yaml").exists()  # a file without a twin is not extracted
    # the languages swapped: named, nothing linked
    assert pair(en / "a.en.txt", zh / "a.zh.txt", "-o", tmp_path / "swapped") == 1
    assert "give the Chinese report first" in capsys.readouterr().err
    # a pairs.csv this tool did not write is not replaced
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "pairs.csv").write_text("my,own\n", encoding="utf-8")
    assert pair(zh, en, "-o", tmp_path / "mine") == 1
    assert "not this tool's pairs table" in capsys.readouterr().err
    assert (tmp_path / "mine" / "pairs.csv").read_text(encoding="utf-8") == "my,own\n"
    # nothing to pair
    assert pair(zh / "a.zh.txt", en, "-o", out) == 1
    assert "two files or two folders" in capsys.readouterr().err


def test_pairs_csv_escapes_formulas(tmp_path):
    from pipeline.pair.link import Pairing
    from pipeline.pair.report import DocPair, write_pairs

    z = rec(1, -3.0, period=None)
    z["source"] = {"start": 0, "match": "=HYPERLINK(1)", "sentence": "-3% @cell"}
    e = rec(1, -3.0, comparator=">=")
    e["source"] = {"start": 0, "match": "+3", "sentence": "fell by 3%"}
    dp = DocPair("a", "b", {"records": [z]}, {"records": [e]}, Pairing("lines", [(0, 0)]))
    path, n = write_pairs(tmp_path, [dp])
    row = read_pairs(tmp_path)[0]
    assert n == 1 and row["zh.match"] == "'=HYPERLINK(1)" and row["zh.sentence"] == "'-3% @cell"
    assert row["en.match"] == "'+3" and row["value"] == "-3.0" and row["zh.comparator"] == "="
    assert row["disagree"] == "comparator period"
