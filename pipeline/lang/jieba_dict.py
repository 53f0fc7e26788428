"""jieba's dictionary with the glossary's names, cached by first character and loaded one character at a time."""

# jieba reads its whole dictionary (half a million words and prefixes) before the first cut: about 0.6 s, and
# its tagger reads the dictionary again for the word -> tag table. Every dictionary lookup jieba makes while
# cutting a text is a substring of that text (get_DAG, calc and the HMM fallback of Tokenizer.cut, the same in
# posseg), so the entries that start with a character the text does not hold are never read. Here the
# dictionary, once built as jieba builds it (its dictionary, then add_word for every name), is stored in the
# cache (pipeline/cache.py) as one chunk of {word: frequency} and {word: tag} per first character, keyed by the
# digests of jieba's dictionary file and of the names; a tokenizer then starts empty and reads the chunks of a
# text's characters before cutting it (get_DAG). The cuts and tags are the same as with the whole dictionary.

from __future__ import annotations

import hashlib
import io
import logging
import marshal
from collections.abc import Iterable
from typing import Any

FORMAT = "jieba-chunks 1"


class Chunks:
    """The cached dictionary: its total frequency, and a chunk of entries per first character, unpacked on use."""

    def __init__(self, data: bytes) -> None:
        size = int.from_bytes(data[:8], "little")
        fmt, self.total, self.index = marshal.loads(data[8:8 + size])
        if fmt != FORMAT or not isinstance(self.index, dict):
            raise ValueError("not a jieba chunk file")
        self.data = memoryview(data)[8 + size:]

    def chunk(self, ch: str) -> tuple[dict[str, int], dict[str, str]] | None:
        where = self.index.get(ch)
        if where is None:
            return None
        start, length = where
        return marshal.loads(self.data[start:start + length])  # type: ignore[no-any-return]


def pack(freq: dict[str, int], total: int, tags: dict[str, str]) -> bytes:
    """The chunk file of a dictionary (frequencies of words and prefixes, their total, word tags)."""
    by_first: dict[str, tuple[dict[str, int], dict[str, str]]] = {}
    for word, f in freq.items():
        if word:
            by_first.setdefault(word[0], ({}, {}))[0][word] = f
    for word, tag in tags.items():
        if word:
            by_first.setdefault(word[0], ({}, {}))[1][word] = tag
    blob = io.BytesIO()
    index = {}
    for ch in sorted(by_first):
        b = marshal.dumps(by_first[ch])
        index[ch] = (blob.tell(), len(b))
        blob.write(b)
    head = marshal.dumps((FORMAT, total, index))
    return len(head).to_bytes(8, "little") + head + blob.getvalue()


def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _build(names: Iterable[str], word_tags: Any) -> bytes:
    """Build the dictionary as jieba does (its file, then the names as nouns) and pack it."""
    jieba = _jieba()
    tok = jieba.Tokenizer()
    tok.initialize()
    for name in names:
        tok.add_word(name, freq=200000, tag="n")
    f = tok.get_dict_file()
    try:
        data = f.read()
    finally:
        f.close()
    tags = word_tags(data)
    if tags is None:             # lines word_tags does not read: jieba's own loader
        import jieba.posseg

        reader = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
        reader.load_word_tag(io.BytesIO(data))
        tags = reader.word_tag_tab
    tags.update(tok.user_word_tag_tab)   # what posseg's makesure_userdict_loaded does
    return pack(tok.FREQ, tok.total, tags)


def tokenizer(names: tuple[str, ...], word_tags: Any) -> Any:
    """A jieba Tokenizer equivalent to jieba's own with names added as nouns (add_word, frequency 200000), its
    dictionary read from the cache a first character at a time (built and stored on the first use)."""
    from .. import cache

    jieba = _jieba()
    probe = jieba.Tokenizer()
    f = probe.get_dict_file()
    try:
        dict_digest = hashlib.sha256(f.read()).hexdigest()
    finally:
        f.close()
    key = cache.digest(FORMAT, getattr(jieba, "__version__", ""), dict_digest, "\n".join(names))
    data = cache.read("jieba", key)
    chunks = None
    if data is not None:
        try:
            chunks = Chunks(data)
        except Exception:  # damaged beyond what the digest catches: rebuilt below
            chunks = None
    if chunks is None:
        data = _build(names, word_tags)
        cache.write("jieba", key, data)
        chunks = Chunks(data)
    return _chunked_class(jieba)(chunks)


_CLASS: list[Any] = []


def _chunked_class(jieba: Any) -> Any:
    if _CLASS:
        return _CLASS[0]

    class ChunkedTokenizer(jieba.Tokenizer):  # type: ignore[misc, name-defined]
        """jieba's Tokenizer whose dictionary entries are read from Chunks before a text is cut."""

        def __init__(self, chunks: Chunks) -> None:
            super().__init__()
            self.chunks = chunks
            self.total = chunks.total
            self.tags: dict[str, str] = {}          # word -> tag, the names' "n" included (posseg's table)
            self.loaded: set[str] = set()
            self.initialized = True

        def initialize(self, dictionary: Any = None) -> None:
            """Already initialised: the entries come from the chunks."""

        def load(self, text: str) -> None:
            """Read the entries of text's first characters that are not read yet."""
            for ch in set(text) - self.loaded:
                self.loaded.add(ch)
                got = self.chunks.chunk(ch)
                if got is not None:
                    self.FREQ.update(got[0])
                    self.tags.update(got[1])

        def load_all(self) -> None:
            """Read every entry now."""
            self.load("".join(self.chunks.index))

        def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # noqa: N802 (jieba's name)
            if not self.loaded.issuperset(sentence):
                self.load(sentence)
            return super().get_DAG(sentence)  # type: ignore[no-any-return]

    _CLASS.append(ChunkedTokenizer)
    return ChunkedTokenizer
