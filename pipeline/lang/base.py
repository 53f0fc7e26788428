"""What a language supplies besides its rule files: the few hooks only it knows (sentences, noun phrases)."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..quantities.figures import Figure
    from ..resolve.context import DocContext

Span = tuple[int, int]


class Language:
    """The defaults of a language; `lang/zh.py` and `lang/en.py` override what differs.

    A hook reads the lexicon of its language (ctx.lex) and never decides a field of a record: it finds
    text (a sentence, the noun phrase before or after a figure) that the language-neutral resolver uses.
    """

    code = ""

    def prepare(self, glossary: Any) -> None:
        """Called once when the language's pipeline is built (e.g. to teach the segmenter glossary names)."""

    def sentences(self, view: str, paragraphs: list[Span], sentence_end: str) -> list[Span]:
        """Sentence spans of the view: cut after each sentence-end character and at paragraph ends."""
        out: list[Span] = []
        ends = [m.start() for m in re.finditer("[" + re.escape(sentence_end + "\n") + "]", view)]
        start = 0
        for e in ends:
            out.append((start, e))
            start = e + 1
        out.append((start, len(view)))
        return out

    def phrase_before(self, ctx: DocContext, start: int, end: int) -> str:
        """The indicator phrase in view[start:end], right before a figure ('' when there is none)."""
        return ""

    def phrase_after(self, ctx: DocContext, f: Figure) -> str:
        """The noun phrase a figure counts, right after it (推动40个工业项目 → 工业项目), or ''."""
        return ""

    def phrase_object(self, ctx: DocContext, f: Figure) -> str:
        """The object after a figure's verb phrase (double their revenue; allocate 4 billion to housing), or ''."""
        return ""

    def warm_up(self) -> None:
        """Load now what the language would load on first use (a tagger), before a batch starts its clock."""

    def on_word_boundaries(self, view: str, start: int, end: int) -> bool:
        """Whether a numeral written in words starts and ends on word boundaries (千方百计 is no figure)."""
        return True

    def stop_words(self) -> frozenset[str]:
        """Function words that are never a counted noun."""
        return frozenset()

    def counted_class(self, ctx: DocContext, f: Figure) -> bool:
        """Whether an amount qualifies the class of what is counted in a way the lexicon cannot say."""
        return False


def bisect_span(spans: list[Span], starts: list[int], pos: int, end: int) -> Span:
    """The span of a sorted, non-overlapping list that holds pos (else the whole text)."""
    i = bisect.bisect_right(starts, pos) - 1
    return spans[i] if i >= 0 else (0, end)
