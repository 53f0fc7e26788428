"""Numbers: parse Arabic, full-width, Chinese, English-word and mixed numerals (with scale words) into Decimals."""

from __future__ import annotations

import re
from decimal import Decimal

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
SCALES = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12}
EN_SCALES = {"hundred": Decimal(100), "thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6,
             "billion": Decimal(10) ** 9, "trillion": Decimal(10) ** 12}
SCALE_WORDS = {"十": Decimal(10), "百": Decimal(100), "千": Decimal(1000), **SCALES, **EN_SCALES}
EN_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
EN_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}

CN_NUM_CHARS = frozenset("零〇一二两三四五六七八九十百千万亿点")     # the characters of a Chinese numeral
FULLWIDTH = str.maketrans("０１２３４５６７８９．，％－～＋", "0123456789.,%-~+")
_ARABIC = re.compile(r"^\d+(?:\.\d+)?$")


# A numeral longer than this, or a value of more than VALUE_MAX_DIGITS digits before the point, is no figure of a
# report (a run of digits, a chain of 亿): it is refused with NumberTooLong, never read in part (docs/records.md).
NUMERAL_MAX_CHARS = 40
VALUE_MAX_DIGITS = 30
_VALUE_LIMIT = Decimal(10) ** VALUE_MAX_DIGITS


class NumberError(ValueError):
    """A string that is not a numeral this module understands."""


class NumberTooLong(NumberError):
    """A numeral of more than NUMERAL_MAX_CHARS characters, or a value of more than VALUE_MAX_DIGITS digits."""


def check_length(text: str) -> None:
    """NumberTooLong for a numeral longer than NUMERAL_MAX_CHARS characters."""
    if len(text) > NUMERAL_MAX_CHARS:
        raise NumberTooLong(f"a numeral of {len(text)} characters; at most {NUMERAL_MAX_CHARS} are read")


def check_value(value: Decimal) -> Decimal:
    """The value, or NumberTooLong when it has more than VALUE_MAX_DIGITS digits before the point."""
    if abs(value) >= _VALUE_LIMIT:
        raise NumberTooLong(f"a value of more than {VALUE_MAX_DIGITS} digits")
    return value


def _cn_section(text: str) -> int:
    """Value of a Chinese numeral below 万 (一百二十, 十二, 三千零五, 两千)."""
    total, digit = 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            total += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        else:
            raise NumberError(text)
    return total + (digit or 0)


def _cn_integer(text: str) -> Decimal:
    """Value of a Chinese integer numeral with 万/亿 groups (三万五千, 一亿二千万)."""
    if text and all(ch in CN_DIGITS for ch in text) and len(text) > 1:
        # digit-by-digit reading: 二〇二三
        return Decimal("".join(str(CN_DIGITS[ch]) for ch in text))
    total = Decimal(0)
    rest = text
    if "亿" in rest:
        head, rest = rest.rsplit("亿", 1)
        total += (_cn_integer(head) if head else Decimal(1)) * SCALES["亿"]
    if "万" in rest:
        head, rest = rest.split("万", 1)
        total += Decimal(_cn_section(head) if head else 1) * SCALES["万"]
    if rest:
        val = _cn_section(rest)
        # 三万五 = 35000: a trailing bare digit after a group is the next order down
        if len(rest) == 1 and rest in CN_DIGITS and total:
            order = Decimal(10) ** 3 if "万" in text.split("亿")[-1] else Decimal(10) ** 7
            val = int(CN_DIGITS[rest] * order)
        total += val
    return total


def parse_chinese(text: str) -> Decimal:
    """Parse a Chinese numeral: 一百二十, 两千, 三万五千, 十二, 零点五, 百分之八 is handled by callers."""
    if not text:
        raise NumberError(text)
    if "点" in text:
        whole, frac = text.split("点", 1)
        if not frac or any(ch not in CN_DIGITS for ch in frac):
            raise NumberError(text)
        int_part = _cn_integer(whole) if whole else Decimal(0)
        return int_part + Decimal("0." + "".join(str(CN_DIGITS[ch]) for ch in frac))
    return _cn_integer(text)


def parse_arabic(text: str) -> Decimal:
    """Parse Arabic digits with thousands separators and decimals (full-width allowed)."""
    s = text.translate(FULLWIDTH).replace(",", "").replace("，", "")
    if not _ARABIC.match(s):
        raise NumberError(text)
    return Decimal(s)


def parse_english(text: str) -> Decimal:
    """Parse English number words: five, twenty-one, two hundred and five, ten million, a hundred."""
    words = [w for w in re.split(r"[\s-]+", text.lower().strip()) if w and w != "and"]
    if not words:
        raise NumberError(text)
    if words[0] == "a" and len(words) > 1 and words[1] in EN_SCALES:
        words[0] = "one"
    total, group, seen = Decimal(0), Decimal(0), False
    for w in words:
        if w in EN_UNITS:
            group += EN_UNITS[w]
        elif w in EN_TENS:
            group += EN_TENS[w]
        elif w in EN_SCALES and seen:
            if w == "hundred":
                group *= 100
            else:
                total += group * EN_SCALES[w]
                group = Decimal(0)
            continue
        else:
            raise NumberError(text)
        seen = True
    if not seen:
        raise NumberError(text)
    return total + group


_MIXED = re.compile(r"(\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千点]+)(万亿|亿|万|千|百)?")


def parse_number(text: str) -> Decimal:
    """Parse any numeral form: 1,234.5, ８.５, 一百二十, 1.2万, 3.5万亿, 3万4000, 2000余万 (余/多 ignored);
    NumberTooLong for a numeral over NUMERAL_MAX_CHARS characters or a value over VALUE_MAX_DIGITS digits."""
    check_length(text)
    return check_value(_parse_number(text))


def _parse_number(text: str) -> Decimal:
    s = text.translate(FULLWIDTH).replace("余", "").replace("多", "")
    if not s:
        raise NumberError(text)
    if s[0].isascii() and s[0].isalpha():
        return parse_english(s)
    if _ARABIC.match(s.replace(",", "")):
        return parse_arabic(s)
    if all(ch in CN_DIGITS or ch in CN_SMALL_UNITS or ch in "万亿点" for ch in s):
        return parse_chinese(s)
    # mixed forms: a sequence of (number, scale) groups, each group smaller than the last
    total = Decimal(0)
    pos = 0
    groups = []
    while pos < len(s):
        m = _MIXED.match(s, pos)
        if not m or m.end() == pos:
            raise NumberError(text)
        groups.append((m.group(1), m.group(2)))
        pos = m.end()
    for num, scale in groups:
        val = parse_arabic(num) if num[0].isdigit() else parse_chinese(num)
        total += val * (SCALE_WORDS[scale] if scale else 1)
    return total


def to_plain(value: Decimal) -> int | float:
    """A Decimal as the plain YAML number: an int when integral, else a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def to_chinese(n: int) -> str:
    """Write a non-negative integer as a Chinese numeral (the inverse of parse_chinese, for tests)."""
    digits = "零一二三四五六七八九"
    if n == 0:
        return "零"

    def section(x: int) -> str:
        out, pending_zero = "", False
        for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d, x = divmod(x, value)
            if d:
                out += ("零" if pending_zero and out else "") + digits[d] + name
                pending_zero = False
            else:
                pending_zero = True
        return out

    out = ""
    for scale, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        d, n = divmod(n, scale)
        if d:
            if out and d < 1000:
                out += "零"
            out += (section(d) if d < 10**4 else to_chinese(d)) + name
    return re.sub("零+", "零", out)
