"""Segmentation: jieba, loaded once with the glossary as its user dictionary, for word boundaries and noun phrases.

Only short phrases are ever segmented (the text around a figure), never a whole document. Results are
memoised per distinct phrase: the same phrase gives the same words, so the cache changes no decision.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from typing import Any

_names: tuple[str, ...] = ()
_tok: Any = None
_pos: Any = None

CACHE_MAX_CHARS = 64     # phrases up to this length are memoised


def configure(names: Iterable[str]) -> None:
    """Set the glossary names jieba should keep whole (before its first use)."""
    global _names, _tok, _pos
    new = tuple(sorted(set(names)))
    if new != _names:
        _names = new
        _tok = _pos = None
        clear_caches()


def clear_caches() -> None:
    """Forget memoised segmentations (a new dictionary, or a benchmark pass that must start cold)."""
    _words.cache_clear()
    tagged.cache_clear()
    boundaries_of.cache_clear()


def initialize() -> None:
    """Load jieba's dictionary and the glossary words now rather than at the first segmentation."""
    _tokenizer()


def _tokenizer() -> Any:
    global _tok
    if _tok is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        tok.initialize()
        for name in _names:
            tok.add_word(name, freq=200000, tag="n")
        _tok = tok
    return _tok


_WS = " \t\r\x0b\x0c"
_DICT_LINE = re.compile(rf"^[{_WS}]*([^{_WS}\n]+) [^{_WS}\n]+ ([^{_WS}\n]+)[{_WS}]*$", re.M)
_NONBLANK_LINE = re.compile(rf"^[{_WS}]*[^{_WS}\n]", re.M)


def word_tags(data: bytes) -> dict[str, str] | None:
    """jieba's word -> part-of-speech table of a dictionary file ("word freq tag" lines), read in one pass.

    The same table jieba's line-by-line loader builds (later lines win), about twice as fast; None when some
    line is not in that form, so that jieba's own loader reports it.
    """
    text = data.decode("utf-8")
    pairs = _DICT_LINE.findall(text)
    lines = text.count("\n") + (not text.endswith("\n"))
    if len(pairs) != lines and len(pairs) != len(_NONBLANK_LINE.findall(text)):
        return None
    return dict(pairs)


def _pos_tokenizer() -> Any:
    """jieba's part-of-speech tokenizer over our tokenizer (imported on first use: its models are large)."""
    global _pos
    if _pos is None:
        import io

        import jieba.posseg

        class _POSTokenizer(jieba.posseg.POSTokenizer):  # type: ignore[misc]
            def load_word_tag(self, f: Any) -> None:
                data = f.read()
                f.close()
                table = word_tags(data)
                if table is None:
                    super().load_word_tag(io.BytesIO(data))
                else:
                    self.word_tag_tab = table

        _pos = _POSTokenizer(_tokenizer())
    return _pos


@functools.lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_tokenizer().cut(text))


def words(text: str) -> list[str]:
    """jieba's words of a short text (default mode, HMM on)."""
    if len(text) <= CACHE_MAX_CHARS:
        return list(_words(text))
    return list(_tokenizer().cut(text))


@functools.lru_cache(maxsize=1 << 16)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part of speech) pairs of a short text."""
    return tuple((w.word, w.flag) for w in _pos_tokenizer().cut(text))


@functools.lru_cache(maxsize=1 << 16)
def boundaries_of(text: str) -> frozenset[int]:
    """Offsets in text where a jieba word starts or ends (memoised per distinct text)."""
    out = {0}
    pos = 0
    for w in _words(text) if len(text) <= CACHE_MAX_CHARS else _tokenizer().cut(text):
        pos += len(w)
        out.add(pos)
    return frozenset(out)


def boundaries(text: str) -> set[int]:
    """Offsets in text where a jieba word starts or ends."""
    return set(boundaries_of(text))


def on_boundaries(text: str, start: int, end: int, window: int = 6) -> bool:
    """Whether [start, end) of text starts and ends on word boundaries (looked at in a small window)."""
    lo = max(0, start - window)
    hi = min(len(text), end + window)
    b = boundaries_of(text[lo:hi])
    return (start - lo) in b and (end - lo) in b


def noun_phrase(text: str, stops: Iterable[str] = ()) -> str:
    """The noun phrase at the start of text: words while they are nouns (or quoted names)."""
    stops = tuple(stops)
    out = ""
    for word, flag in tagged(text[:24]):
        if word in stops or any(word.startswith(s) for s in stops):
            break
        if flag[:1] in ("n", "b", "j", "l") or flag in ("vn", "an", "nz", "eng") or word in "“”\"":
            out += word
        elif out == "" and flag in ("a", "m", "q"):
            out += word
        else:
            break
    return out.strip("“”\"")
