"""Review markup: highlights cover exactly text[start:end] (CRLF, non-BMP characters, overlapping and touching spans),
the text is escaped, and the page's data cannot end its script element."""

import html

from hypothesis import given, settings
from hypothesis import strategies as st
from review_helpers import highlights

from pipeline.review.markup import Mark, badge_of, kind_class, render_text
from pipeline.review.page import script_json

ALPHABET = st.sampled_from(list("ab 增长8%\r\n\t<>&\"'") + ["𠀀", "😀", "\u3000", "\u2028"])


def wrapped(markup: str) -> str:
    return f'<div id="text">{markup}</div>'


def check(text: str, marks: list[Mark], **kw) -> None:
    got = highlights(wrapped(render_text(text, marks, **kw)))
    assert "".join(got.text) == text                      # nothing lost, added or changed (\r kept)
    for m in marks:
        assert "".join(got.marks[m.index]) == text[m.start:m.end], m
    assert set(got.marks) == {m.index for m in marks}
    assert sorted(got.firsts) == sorted(m.index for m in marks)   # each record starts exactly once


def test_crlf_and_non_bmp_offsets_are_code_points() -> None:
    text = "2023年\r\n𠀀😀地区生产总值增长8%，力争实现8.5%\r\n"
    a = text.index("8%")
    b = text.index("8.5%")
    check(text, [Mark(0, a, a + 2, "target"), Mark(1, b, b + 4, "target", "stretch"), Mark(2, 7, 10, "other")])
    out = render_text(text, [Mark(0, a, a + 2, "target")])
    assert "\r" not in out and "&#13;" in out            # a literal CR LF would reach the DOM as LF


def test_overlapping_nested_and_touching_spans() -> None:
    text = "abcdefghij"
    marks = [Mark(0, 1, 5, "target"), Mark(1, 3, 8, "actual"), Mark(2, 8, 9, "other"), Mark(3, 2, 4, "target"),
             Mark(4, 1, 5, "actual")]
    check(text, marks, headings=[(0, 6)], pages=[0, 4, 4], notes=[(4, 9)])
    out = render_text(text, marks)
    assert out == ('a<mark class="hl k-target multi" data-r="0 4" data-first="0 4">b</mark>'
                   '<mark class="hl k-target multi" data-r="0 4 3" data-first="3">c</mark>'
                   '<mark class="hl k-target multi" data-r="0 4 3 1" data-first="1">d</mark>'   # four records at once
                   '<mark class="hl k-target multi" data-r="0 4 1">e</mark>'
                   '<mark class="hl k-actual" data-r="1">fgh</mark>'
                   '<mark class="hl k-other" data-r="2" data-first="2">i</mark>j')   # touches record 1's end


def test_text_is_escaped() -> None:
    text = "<script>alert(1)</script> & 增长8%"
    out = render_text(text, [Mark(0, text.index("8%"), len(text), "target", badge_of(">=", True))])
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in out
    assert 'data-badge="≥ stretch"' in out


def test_page_markers_and_headings() -> None:
    text = "一、标题\n正文增长8%\n\n二、下一页\n"
    out = render_text(text, [], headings=[(0, 4)], pages=[0, 12])
    got = highlights(wrapped(out))
    assert got.pages == ["1", "2"] and "".join(got.text) == text
    assert '<span class="h">一、标题</span>' in out


def test_script_json_cannot_close_its_element() -> None:
    data = [{"match": "</script><script>alert(1)</script>", "s": "<!-- \u2028 & >"}]
    out = script_json(data)
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    import json

    assert json.loads(out) == data


def test_badges_and_kinds() -> None:
    assert badge_of("=", False) == "" and badge_of("~", False) == "≈" and badge_of("range", True) == "range stretch"
    assert kind_class("target") == "target" and kind_class("plan") == "other" and kind_class(None) == "other"
    assert html.unescape("&#13;") == "\r"


@settings(max_examples=150, deadline=None)
@given(st.text(ALPHABET, min_size=1, max_size=40).flatmap(lambda t: st.tuples(
    st.just(t),
    st.lists(st.tuples(st.integers(0, len(t)), st.integers(0, len(t))), max_size=8),
    st.lists(st.tuples(st.integers(0, len(t)), st.integers(0, len(t))), max_size=3),
    st.lists(st.integers(0, len(t)), max_size=3))))
def test_any_spans_give_exact_highlights(case) -> None:
    text, spans, heads, pages = case
    marks = [Mark(i, min(a, b), max(a, b), ("target", "actual", "other")[i % 3], "≥" if i % 2 else "")
             for i, (a, b) in enumerate(spans) if a != b]
    check(text, marks, headings=[(min(a, b), max(a, b)) for a, b in heads if a != b], pages=sorted(pages))
