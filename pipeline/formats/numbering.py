"""Word list numbering as text: the counters of each list and level, written as Word writes them (1. （一） a))."""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese(n: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (to 9999)."""
    if n <= 0 or n > 9999:
        return str(n)
    out = ""
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d:
            if zero and out:
                out += digits[0]
            out += ("" if (d == 1 and power == 10 and not out) else digits[d]) + unit
            zero = False
        elif out:
            zero = True
    return out


def roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def letters(n: int) -> str:
    """1 → A, 26 → Z, 27 → AA (Word repeats the letter)."""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def fmt(n: int, kind: str) -> str:
    """A counter in one of Word's number formats (w:numFmt)."""
    if kind in ("decimal", "decimalHalfWidth", "ordinal", "cardinalText", "ordinalText"):
        return str(n)
    if kind == "decimalZero":
        return f"{n:02d}"
    if kind in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if kind in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
                "ideographDigital"):
        return chinese(n) if kind != "ideographDigital" else "".join(_DIGITS[int(d)] for d in str(n))
    if kind == "chineseLegalSimplified":
        return chinese(n, _LEGAL, "拾佰仟")
    if kind == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if kind in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if kind == "decimalEnclosedParen":
        return f"({n})"
    if kind == "upperRoman":
        return roman(n)
    if kind == "lowerRoman":
        return roman(n).lower()
    if kind == "upperLetter":
        return letters(n)
    if kind == "lowerLetter":
        return letters(n).lower()
    if kind == "none":
        return ""
    return str(n)


class Numbering:
    """The numbering definitions of a document and the counters as its paragraphs are read in order."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}     # abstract id -> level -> start, fmt, text
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}             # num id -> abstract id, start overrides
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for a in root.findall(f"{W}abstractNum"):
            levels = {}
            for lvl in a.findall(f"{W}lvl"):
                start = lvl.find(f"{W}start")
                kind = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    int(start.get(f"{W}val", "1")) if start is not None else 1,
                    kind.get(f"{W}val", "decimal") if kind is not None else "decimal",
                    text.get(f"{W}val", "") if text is not None else "")
            self.levels[a.get(f"{W}abstractNumId")] = levels
        for n in root.findall(f"{W}num"):
            ref = n.find(f"{W}abstractNumId")
            overrides = {}
            for o in n.findall(f"{W}lvlOverride"):
                s = o.find(f"{W}startOverride")
                if s is not None:
                    overrides[int(o.get(f"{W}ilvl", "0"))] = int(s.get(f"{W}val", "1"))
            if ref is not None:
                self.nums[n.get(f"{W}numId")] = (ref.get(f"{W}val"), overrides)

    def label(self, num_id: str | None, level: int) -> str:
        """The next number of this list at this level, as Word writes it ("" for numId 0 or an unknown list);
        deeper levels start again."""
        if num_id is None or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if level not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lv, start in overrides.items():
                counters[lv] = start - 1
        counters[level] = counters.get(level, levels[level][0] - 1) + 1
        for deeper in [lv for lv in counters if lv > level]:
            del counters[deeper]
        text = levels[level][2]
        if levels[level][1] == "bullet":
            return ""
        for lv in range(level, -1, -1):
            if f"%{lv + 1}" in text:
                start, kind, _ = levels.get(lv, (1, "decimal", ""))
                text = text.replace(f"%{lv + 1}", fmt(counters.get(lv, start), kind))
        return text
