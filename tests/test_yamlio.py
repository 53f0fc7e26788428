"""The fast YAML writer gives PyYAML's text byte for byte (it only skips PyYAML's slow Python layers)."""

from copy import deepcopy
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import yamlio
from pipeline.yamlio import dump_yaml


def pyyaml(data: object) -> str:
    return yaml.dump(data, Dumper=yamlio.Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=yamlio.WIDTH)


# strings that exercise plain vs quoted writing: indicators, spaces, numbers, dates, booleans, line breaks,
# characters outside the Basic Multilingual Plane, Chinese and full-width punctuation
TRICKY = ["", " ", "a b", " lead", "trail ", "null", "Null", "~", "yes", "no", "on", "true", "2023", "2023-01-05",
          "1e5", "0.5", "-3", "+4", ".5", "0x1F", "1_000", "12:30", "a: b", "a #b", "#x", "-", "- x", "--- x",
          "...", "? x", "[x]", "{x}", "x,y", "'q'", '"q"', "`x`", "@x", "%x", "!x", "&x", "*x", "|", ">",
          "a\nb", "a\tb", "\u3000x", "x\u3000", "鹤山", "地区生产总值", "8.5%", "≥", "…", "（一）", "“百县千镇万村”",
          "〇", "𠮷", "\ufeff", "\x85", "\u2028", "=", ">=", "<", "亿元/人", "½", "Ⅴ"]
alphabet = st.sampled_from(list("ab1 .,-:#'\"%/()（）“”：，。、中文地区5０\n\t~=?!&*[]{}|>@`𠮷\u3000"))
strings = st.one_of(st.sampled_from(TRICKY), st.text(alphabet, max_size=12), st.text(max_size=8))
keys = st.one_of(st.sampled_from(["id", "kind", "value", "null", "", "a b", "2023", "key: x", "yes"]),
                 st.text(alphabet, min_size=1, max_size=6))
scalars = st.one_of(strings, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none())
data = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(keys, inner, max_size=4)), max_leaves=25)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(keys, data, min_size=1, max_size=5))
def test_same_text_as_pyyaml(doc: dict) -> None:
    assert dump_yaml(doc) == pyyaml(doc)


@settings(max_examples=300, deadline=None)
@given(strings)
def test_every_string_as_a_value_and_in_a_list(s: str) -> None:
    doc = {"records": [{"sentence": s, "section": [s, s]}], "warnings": [s]}
    assert dump_yaml(doc) == pyyaml(doc)


def test_long_lines_fold_as_pyyaml_folds_them() -> None:
    for n in (990, 995, 996, 997, 998, 999, 1000, 1001, 1200):
        s = ("这是一个很长的句子 " * 200)[:n]
        doc = {"records": [{"source": {"sentence": s}}], "k": s}
        assert dump_yaml(doc) == pyyaml(doc)


def test_sample_outputs(pipe, root: Path) -> None:
    for path in sorted((root / "samples").glob("*.txt")):
        doc = pipe.run_source(__import__("pipeline.ingest", fromlist=["load"]).load(path)).to_dict()
        assert dump_yaml(doc) == pyyaml(doc)


def test_other_types_go_through_pyyaml() -> None:
    import datetime

    doc = {"when": datetime.date(2023, 1, 5), "n": [[1, 2], []], "t": (1, 2)}
    assert dump_yaml({"when": doc["when"]}) == pyyaml({"when": doc["when"]})
    assert dump_yaml({"n": doc["n"]}) == pyyaml({"n": doc["n"]})
    assert dump_yaml([1, 2]) == pyyaml([1, 2])
    assert dump_yaml({}) == pyyaml({})


def test_line_breaks_stay_on_the_fast_path() -> None:
    """A string PyYAML writes over several lines (a PDF match broken by a soft wrap) is written in place, not by
    sending the whole document through yaml.dump, at every depth and position."""
    for s in ("168\n公里", "a\n\nb", " x\ny ", "x\n...", "...\nx", "q" * 1100, "a\u2028b", "'a'\n\"b\""):
        doc = {"document": {"source": "f.pdf", "title": s}, "records": [
            {"id": "r1", "source": {"match": s}, "section": [s]},
            {"id": "r2", "source": {"start": 1, "match": s, "sentence": "x"}, "section": ["一", s]}], "z": s}
        out: list[str] = []
        assert yamlio._mapping(doc, 0, out), s
        assert "".join(out) == pyyaml(doc)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(keys, data, min_size=1, max_size=4), min_size=1, max_size=5), strings)
def test_an_item_the_fast_path_cannot_write_alone_goes_through_pyyaml(items: list, odd: str) -> None:
    # one record with a match across a line break: only that item is PyYAML's, the text the same as PyYAML's
    doc = {"document": {"source": "x"}, "records": [*items, {"source": {"match": f"a\n- {odd}"}}, *deepcopy(items)]}
    assert dump_yaml(doc) == pyyaml(doc)
