"""Numerals: Arabic, full-width, Chinese and mixed forms, exact decimal arithmetic."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.quantities.numbers import NumberError, NumberTooLong, parse_number, to_chinese, to_plain
from pipeline.quantities.units import scale_factor


@pytest.mark.parametrize("text,value", [
    ("458.51", "458.51"), ("12,345.6", "12345.6"), ("８.５", "8.5"), ("１２３", "123"),
    ("一百二十", "120"), ("两千", "2000"), ("三万五千", "35000"), ("十二", "12"), ("十", "10"),
    ("零点五", "0.5"), ("二十五", "25"), ("三万五", "35000"), ("一亿二千万", "120000000"),
    ("1.2万", "12000"), ("3.5万亿", "3500000000000"), ("3万4000", "34000"), ("2000余万", "20000000"),
    ("6600多万", "66000000"), ("二〇二三", "2023"), ("一千零五", "1005"),
])
def test_parse_number(text, value):
    assert parse_number(text) == Decimal(value)


def test_exact_decimal_scale():
    # 16.4亿 is 1640000000, never 1639999999
    assert to_plain(parse_number("16.4") * scale_factor("亿")) == 1640000000
    assert to_plain(parse_number("458.51") * scale_factor("亿")) == 45851000000
    assert to_plain(parse_number("0.3") * scale_factor("万")) == 3000


@pytest.mark.parametrize("bad", ["", "abc", "1.2.3", "万万"])
def test_bad_numbers(bad):
    with pytest.raises(NumberError):
        parse_number(bad)


@given(st.integers(min_value=0, max_value=10**16))
def test_chinese_roundtrip(n):
    assert parse_number(to_chinese(n)) == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_arabic_decimal_roundtrip(whole, frac):
    text = f"{whole:,}.{frac:02d}"
    assert parse_number(text) == Decimal(f"{whole}.{frac:02d}")
    full = text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．")).replace(",", "")
    assert parse_number(full) == Decimal(f"{whole}.{frac:02d}")


@pytest.mark.parametrize("numeral", ["9" * 4301, "一亿" * 1000, "1" * 41, "9" * 31])
def test_numerals_of_absurd_length_are_refused_not_failed(numeral):
    # a 4,301-digit run is past Python's int-string limit and 1,000 一亿 recurse: both are NumberTooLong, a
    # NumberError, read in constant time (never int() of the digits nor a recursion per 亿)
    with pytest.raises(NumberTooLong):
        parse_number(numeral)


@pytest.mark.parametrize("numeral,value", [("1" * 30, "1" * 30), ("9.5万亿", "9500000000000")])
def test_long_but_plausible_numerals_are_read(numeral, value):
    assert parse_number(numeral) == Decimal(value)
