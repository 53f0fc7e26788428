"""Word lists of a language, compiled once: search, find all, and "does the text end or start with one"."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


class Words:
    """A list of words or phrases as a language matches them.

    Chinese words match as substrings, exactly; English words match as whole words, ignoring case, with
    any run of spaces standing for the space inside a phrase. `ends(text)` ignores trailing spaces.
    """

    def __init__(self, words: Iterable[str], whole_words: bool = False, ignore_case: bool = False) -> None:
        self.words: tuple[str, ...] = tuple(sorted({str(w) for w in words if str(w)}, key=lambda w: (-len(w), w)))
        self.whole_words = whole_words
        self.ignore_case = ignore_case
        flags = re.IGNORECASE if ignore_case else 0
        alts = "|".join(self._escape(w) for w in self.words)
        if not alts:
            self.rx = re.compile("(?!)")
        elif whole_words:
            self.rx = re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", flags)
        else:
            self.rx = re.compile(alts, flags)
        self._end = re.compile(f"(?:{self.rx.pattern})\\s*$", flags) if self.words else None
        self._start = re.compile(f"\\s*(?:{self.rx.pattern})", flags) if self.words else None
        self._folded = frozenset(self.key(w) for w in self.words)
        self._plain = not whole_words and not ignore_case
        self._tuple = self.words
        self._word_end: dict[str, re.Pattern[str]] = {}

    def _escape(self, word: str) -> str:
        return re.escape(word).replace(r"\ ", r"\s+") if self.whole_words else re.escape(word)

    def key(self, word: str) -> str:
        """The form a word is compared in (lower case, single spaces, for an English list)."""
        return " ".join(word.lower().split()) if self.ignore_case else word

    def __bool__(self) -> bool:
        return bool(self.words)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.key(word) in self._folded

    def __iter__(self) -> Iterator[str]:
        return iter(self.words)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        return self.rx.search(text, pos, len(text) if endpos is None else endpos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.rx.finditer(text)

    def last(self, text: str) -> re.Match[str] | None:
        """The last occurrence in a text (non-overlapping, left to right)."""
        got = None
        for m in self.rx.finditer(text):
            got = m
        return got

    def ends(self, text: str) -> str | None:
        """The longest word the text ends with (trailing spaces ignored), as written in the text."""
        if self._end is None:
            return None
        if self._plain:
            t = text.rstrip()
            if not t.endswith(self._tuple):
                return None
            for w in self._tuple:          # longest first
                if t.endswith(w):
                    return w
            return None
        m = self._end.search(text)
        if m is None:
            return None
        # the longest alternative at the earliest start: regex alternation takes the first (longest) that fits
        return m.group().rstrip()

    def all_ends(self, text: str) -> list[str]:
        """Every word the text ends with (trailing spaces ignored), longest first."""
        t = text.rstrip()
        if self._plain:
            return [w for w in self._tuple if t.endswith(w)] if t.endswith(self._tuple) else []
        out = []
        for w in self._tuple:
            rx = self._word_end.get(w)
            if rx is None:
                rx = self._word_end[w] = re.compile(
                    rf"(?<![\w-])(?:{self._escape(w)})\s*$" if self.whole_words else f"(?:{self._escape(w)})\\s*$",
                    self.rx.flags)
            m = rx.search(t)
            if m:
                out.append(m.group().rstrip())
        return out

    def starts(self, text: str, pos: int = 0) -> str | None:
        """The longest word starting at pos (after spaces), as written in the text."""
        if self._start is None:
            return None
        if self._plain:
            if not text.startswith(self._tuple, pos):
                return None
            for w in self._tuple:
                if text.startswith(w, pos):
                    return w
            return None
        m = self._start.match(text, pos)
        return m.group().strip() if m else None

    def sub(self, repl: str, text: str) -> str:
        return self.rx.sub(repl, text)
