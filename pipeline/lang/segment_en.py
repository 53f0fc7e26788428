"""English segmentation: spaCy's blank English pipeline (tokens, sentences), imported lazily; nothing downloaded."""

from __future__ import annotations

import functools
import re
from typing import Any


@functools.lru_cache(maxsize=1)
def _nlp() -> Any:
    try:
        import spacy
    except ImportError as e:     # pragma: no cover - spaCy is a core dependency
        raise ImportError("English input needs spaCy (pip install spacy); it is imported only for English "
                          "text") from e
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words (lower case)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


CHUNK = 100_000     # characters given to spaCy at once (it refuses texts over nlp.max_length, 1,000,000 by default)
_SENTENCE_END = re.compile(r"[.!?][\"')\]’”]*\s+")


def chunks(text: str, start: int, end: int, size: int = CHUNK) -> list[tuple[int, int]]:
    """text[start:end] cut into spans of at most `size` characters: after the last sentence end (a full stop and
    a space) in the last tenth of each span, else after its last space, else at the size."""
    out = []
    while end - start > size:
        limit = start + size
        floor = limit - size // 10
        cut = None
        for m in _SENTENCE_END.finditer(text, floor, limit):
            cut = m.end()
        if cut is None:
            space = max(text.rfind(" ", floor, limit), text.rfind("\n", floor, limit))
            cut = space + 1 if space >= 0 else limit
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def sentences(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans (offsets into text) of each paragraph span, in order; a paragraph is never crossed. A long
    paragraph is given to spaCy in chunks cut at sentence ends (chunks), so any length is read."""
    nlp = _nlp()
    out: list[tuple[int, int]] = []
    for ps, pe in spans:
        for cs, ce in chunks(text, ps, pe, min(CHUNK, nlp.max_length // 2)):
            doc = nlp(text[cs:ce])
            for sent in doc.sents:
                out.append((cs + sent.start_char, cs + sent.end_char))
    return out


def words(text: str) -> list[str]:
    """spaCy's tokens of a short text (punctuation and spaces dropped)."""
    return [t.text for t in _nlp().make_doc(text) if not (t.is_punct or t.is_space)]
