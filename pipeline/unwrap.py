"""Soft line breaks: where a wrapped line's break stands for a space, and a text without its breaks."""

from __future__ import annotations

import re

WRAP = re.compile(r"[ \t]*(?:\r\n|\n|\r)[ \t]*")
_LATIN_END = re.compile(r"[A-Za-z0-9,.;:!?%)]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9(]")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def wrap_space(before: str, after: str) -> bool:
    """Whether a soft wrap between two texts stands for a space: between Latin words or numbers of
    Latin text, not in Chinese text (58,\n200元 is 58,200元)."""
    return (bool(_LATIN_END.search(before)) and bool(_LATIN_START.match(after))
            and not _CJK.search(before[-12:]) and not _CJK.search(after[:12]))


def unwrap(s: str) -> str:
    """A wrapped line's text as one line: breaks removed, a space kept between Latin words."""
    if "\n" not in s and "\r" not in s:
        return s
    parts = WRAP.split(s)
    out = parts[0]
    for part in parts[1:]:
        if out and part and wrap_space(out, part):
            out += " "
        out += part
    return out


def unwrap_span(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """unwrap() of text[start:end] with the original offset of each character (a space between Latin
    words maps to the line break it stands for)."""
    out: list[str] = []
    offs: list[int] = []
    pos = start
    for m in WRAP.finditer(text, start, end):
        out.append(text[pos:m.start()])
        offs.extend(range(pos, m.start()))
        if offs and wrap_space(text[max(start, m.start() - 12):m.start()], text[m.end():min(end, m.end() + 12)]):
            out.append(" ")
            offs.append(m.start() + m.group().index("\n") if "\n" in m.group() else m.start())
        pos = m.end()
    out.append(text[pos:end])
    offs.extend(range(pos, end))
    return "".join(out), offs
