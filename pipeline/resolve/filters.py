"""Records or not: names, ranks, classes, articles, years and the text's own structure are no records (spec §1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..quantities.numbers import CN_NUM_CHARS

if TYPE_CHECKING:
    from ..quantities.figures import Figure
    from .context import DocContext

_ASCII_DIGITS = frozenset("0123456789")


def is_record(f: Figure, ctx: DocContext) -> bool:
    """Whether a figure is a record at all (records.md section 1)."""
    view, lex = ctx.view, ctx.lex
    g = f.match.groups
    num = g.get("n1", "")
    if ctx.st.in_quote(f.vstart, f.vend):
        return False                        # “1310”: a name
    before = view[max(0, f.vstart - 24):f.vstart]
    at = view.find(num, f.vstart, f.vend) if num else -1
    after_num = view[at + len(num):at + len(num) + 16] if at >= 0 else view[f.vend:f.vend + 16]
    if any(rx.search(before) for rx in lex.rank_before) or any(rx.match(after_num) for rx in lex.rank_after) \
            or any(b.search(before) and a.match(after_num) for b, a in lex.rank_pairs):
        return False                        # 第7, 前50强, ranked 9th
    if f.unit is not None:
        if f.unit.needs_scale and not g.get("s1"):
            return False                    # 度, 方 without a scale word
        if f.unit.chinese_only and not all(c in CN_NUM_CHARS for c in num):
            return False
    counted = f.dimension == "count" or f.unit is None
    if num in lex.scale_only_numerals and not (f.cmp_before or f.cmp_inner):
        return False                        # 千亩茶园: a scale character is no number (but 千余家, 超万亿元)
    if counted and not g.get("s1") and num in lex.article_numerals and not f.match.rule.article:
        return False                        # 一个脚印, one step: an article
    if num and not (set(num) & _ASCII_DIGITS) \
            and not ctx.lang.on_word_boundaries(view, at if f.cmp_before and at >= 0 else f.vstart, f.vend):
        return False                        # 千方百计: a numeral inside a word (已超万亿元: from the numeral on)
    if counted:
        noun = (g.get("u1") or g.get("u2") or "")
        if lex.year_like is not None and lex.year_like.fullmatch(num) and not g.get("s1") \
                and (f.unit is None or not g.get("cb")):
            return False                    # 2023 projects: a year
        if noun and noun not in lex.back_reference and (noun.lower() in ctx.lang.stop_words()
                                                        or noun in lex.not_count_nouns):
            return False                    # three years, five times: durations and counters
        if noun in lex.structural_nouns or lex.structural_nouns.starts(view, f.vend) is not None:
            return False                    # 三个方面, three aspects: the text's own structure
    if any(rx.match(view, f.vend) for rx in lex.not_record_after):
        return False                        # 3个工作日, 10条措施, 倍增计划: a duration, a package, a name
    if (f.cmp_after in lex.class_after_words or f.cmp_before in lex.class_before_words) \
            and f.dimension not in ("count", "ratio") and lex.class_next is not None \
            and lex.class_next.match(view, f.vend):
        return False                        # 10亿元以上项目, 超百亿元企业: a class of projects
    if f.dimension not in ("count", "ratio", "ratio_change"):
        if any(rx.match(view, f.vend) for rx in lex.class_after) or ctx.lang.counted_class(ctx, f):
            return False                    # projects worth over 1 billion yuan each
        if (f.cmp_before or f.cmp_after) and any(rx.search(view, max(0, f.vstart - 80), f.vstart)
                                                 for rx in lex.class_before_patterns):
            return False                    # villages with an operating income of over 500,000 yuan
    return True
