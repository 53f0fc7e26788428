"""Speed-ups that must not change a decision: memoised segmentation, jieba's tag table, spans by bisection,
the indexed glossary lookup."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.lang import segment_zh as segment
from pipeline.resolve.bounds import Bounds
from pipeline.resolve.glossary import _norm

SENT_END = "。！？!?\n"
CLAUSE_END = "，,、；;：:。！？!?\n"
SCOPE_END = "；;。！？!?\n"


def _span(view: str, pos: int, ends: str) -> tuple[int, int]:
    """The span around pos bounded by any of the `ends` characters, by walking (the definition)."""
    s = pos
    while s > 0 and view[s - 1] not in ends:
        s -= 1
    e = pos
    while e < len(view) and view[e] not in ends:
        e += 1
    return s, e


def test_word_tags_is_jiebas_table() -> None:
    import io

    import jieba.posseg
    from jieba._compat import get_module_res

    data = get_module_res("dict.txt").read()
    ours = segment.word_tags(data)
    theirs = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    theirs.load_word_tag(io.BytesIO(data))
    assert ours == theirs.word_tag_tab
    assert segment.word_tags(b"a 3 n\n\n b 4 v \nc 5 x") == {"a": "n", "b": "v", "c": "x"}
    assert segment.word_tags(b"a 3 n\nbroken line\n") is None      # left to jieba's loader and its error


def test_memoised_words_are_fresh_lists(pipe) -> None:
    first = segment.words("地区生产总值增长")
    first.append("x")
    assert segment.words("地区生产总值增长") == ["地区生产总值", "增长"]
    assert segment.boundaries("地区生产总值增长") == {0, 6, 8}


def test_tagged_matches_jieba_posseg(pipe) -> None:
    pos = segment._pos_tokenizer()
    for text in ["推动40个工业项目动工", "工业项目动工", "个重点项目", "家规上企业", "亩高标准农田"]:
        assert segment.tagged(text) == tuple((p.word, p.flag) for p in pos.cut(text))


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("。！？!?\n，,、；;：:ab中-")), max_size=40), st.data())
def test_spans_by_bisection(view: str, data: st.DataObject) -> None:
    for ends in (SENT_END, CLAUSE_END, SCOPE_END, CLAUSE_END.replace("、", "")):
        pos = data.draw(st.integers(0, len(view)))
        b = Bounds(re.compile("[" + re.escape(ends) + "]"), view)
        assert (b.start_before(pos, 0), b.end_after(pos, len(view))) == _span(view, pos, ends)


def _plain_lookup(g, phrase: str, place: str | None):
    """The glossary lookup as first written: every alias, longest first."""
    p = _norm(phrase)
    for suffix in g.suffixes:
        if p.endswith(suffix) and len(p) > len(suffix):
            p = p[: -len(suffix)]
            break
    for alias, ind in g._alias_norm:
        if p.endswith(alias) and g._only_scope(p[: len(p) - len(alias)], place):
            return ind
    return None


def test_glossary_lookup_and_find_in(pipe) -> None:
    g = pipe.profile.glossary
    names = [a for a, _ind in g._alias_norm][:80]
    scopes = list(g.scope_words)[:10] + ["鹤山", "全市", "新增", ""]
    for i, name in enumerate(names):
        for scope in scopes[i % 7: i % 7 + 3]:
            for phrase in (scope + name, scope + name + "增速", name[1:], "“" + name + "”", scope):
                assert g.lookup(phrase, "鹤山") is _plain_lookup(g, phrase, "鹤山")
                assert g.lookup(phrase, None) is _plain_lookup(g, phrase, None)
    text = "全市地区生产总值和地区生产总值增速，规模以上工业增加值" + names[3] + names[3]
    expect = [(m.end(), a, ind) for a, ind in g._alias_lower for m in re.finditer(re.escape(a), text.lower())]
    assert g.find_in(text) == expect


def _reference_jieba():  # type: ignore[no-untyped-def]
    """jieba as it is without our dictionary cache: its own loader, the glossary names added as nouns."""
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for name in segment._names:
        tok.add_word(name, freq=200000, tag="n")
    return tok, jieba.posseg.POSTokenizer(tok)


def test_chunked_dictionary_and_first_tagged_are_jiebas(pipe, root) -> None:
    """The tokenizer reading its dictionary a first character at a time, and first_tagged without the tagger
    (its model run by our code for unknown runs), give what jieba gives with its whole dictionary."""
    import jieba.posseg

    assert segment._RE_HAN.pattern == jieba.posseg.re_han_internal.pattern
    assert segment._RE_SKIP.pattern == jieba.posseg.re_skip_internal.pattern
    assert segment._RE_NUM.pattern == jieba.posseg.re_num.pattern
    assert segment._RE_ENG.pattern == jieba.posseg.re_eng.pattern
    assert segment._RE_HAN_DETAIL.pattern == jieba.posseg.re_han_detail.pattern
    assert segment._RE_SKIP_DETAIL.pattern == jieba.posseg.re_skip_detail.pattern
    _viterbi, model = segment._tagger_model()
    assert model == (jieba.posseg.char_state_tab_P, jieba.posseg.start_P, jieba.posseg.trans_P, jieba.posseg.emit_P)
    ref_tok, ref_pos = _reference_jieba()
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((root / "samples").glob("*.zh.txt")))
    texts = {text[i:i + 12] for i in range(0, len(text) - 12, 7)} | {"", " x", "\n个", "12个", "ab个", "。项目",
                                                                      "鹦鹉螺蛄蟹", "氪氙氡", "3.5亿", "abc.d"}
    for t in sorted(texts):
        want = [(p.word, p.flag) for p in ref_pos.cut(t)]
        assert segment.first_tagged(t) == (want[0] if want else None), t
        assert segment._first_pair(t) is not segment._NEED_TAGGER, t
        assert list(segment.tagged(t)) == want, t
        assert segment.words(t) == list(ref_tok.cut(t)), t
