"""English segmentation: spaCy's blank English pipeline (tokens, sentences), imported lazily; nothing downloaded."""

from __future__ import annotations

import functools
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


def sentences(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans (offsets into text) of each paragraph span, in order; a paragraph is never crossed."""
    nlp = _nlp()
    out: list[tuple[int, int]] = []
    for ps, pe in spans:
        doc = nlp(text[ps:pe])
        for sent in doc.sents:
            out.append((ps + sent.start_char, ps + sent.end_char))
    return out


def words(text: str) -> list[str]:
    """spaCy's tokens of a short text (punctuation and spaces dropped)."""
    return [t.text for t in _nlp().make_doc(text) if not (t.is_punct or t.is_space)]
