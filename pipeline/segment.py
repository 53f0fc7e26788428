"""Segmentation: jieba, loaded once with the glossary as its user dictionary, for word boundaries and noun phrases."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable

_names: tuple[str, ...] = ()


def configure(names: Iterable[str]) -> None:
    """Set the glossary names jieba should keep whole (before its first use)."""
    global _names
    _names = tuple(sorted(set(names)))
    _tokenizer.cache_clear()


@functools.lru_cache(maxsize=1)
def _tokenizer():  # type: ignore[no-untyped-def]
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for name in _names:
        tok.add_word(name, freq=200000, tag="n")
    return tok, jieba.posseg.POSTokenizer(tok)


def words(text: str) -> list[str]:
    """jieba's words of a short text (default mode, HMM on)."""
    tok, _ = _tokenizer()
    return list(tok.cut(text))


@functools.lru_cache(maxsize=65536)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part of speech) pairs of a short text."""
    _, pos = _tokenizer()
    return tuple((w.word, w.flag) for w in pos.cut(text))


def boundaries(text: str) -> set[int]:
    """Offsets in text where a jieba word starts or ends."""
    out = {0}
    pos = 0
    for w in words(text):
        pos += len(w)
        out.add(pos)
    return out


def on_boundaries(text: str, start: int, end: int, window: int = 6) -> bool:
    """Whether [start, end) of text starts and ends on word boundaries (looked at in a small window)."""
    lo = max(0, start - window)
    hi = min(len(text), end + window)
    b = boundaries(text[lo:hi])
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
