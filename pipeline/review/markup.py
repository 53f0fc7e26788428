"""Review markup: a document's text as HTML with every record's span highlighted, cut at Python code-point offsets."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

KINDS = ("target", "actual")  # coloured each in its own way; any other kind is shown as `other`
COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "≈", "range": "range"}


@dataclass(frozen=True)
class Mark:
    """One highlighted record: its index in the page's record list, its span and how it is drawn."""

    index: int
    start: int
    end: int
    kind: str
    badge: str = ""


def kind_class(kind: object) -> str:
    """The CSS kind of a record kind: target, actual or other."""
    return kind if kind in KINDS else "other"


def badge_of(comparator: object, stretch: object) -> str:
    """The badge drawn after a highlight: the comparator's sign when it is not `=`, and 力争/stretch when set."""
    parts = [COMPARATOR_SIGNS.get(str(comparator), str(comparator))] if comparator not in (None, "=") else []
    if stretch is True:
        parts.append("stretch")
    return " ".join(parts)


def escape_text(s: str) -> str:
    """Text for an HTML text node: escaped, and every carriage return a character reference, since the HTML
    parser turns a literal CR LF into LF (so `textContent` gives back exactly the characters of the text)."""
    return html.escape(s, quote=False).replace("\r", "&#13;")


def attr(s: object) -> str:
    """A value for a double-quoted HTML attribute."""
    return html.escape(str(s), quote=True).replace("\r", "&#13;").replace("\n", "&#10;")


def render_text(text: str, marks: Sequence[Mark], headings: Sequence[tuple[int, int]] = (),
                pages: Sequence[int] = (), notes: Sequence[tuple[int, int]] = ()) -> str:
    """The text as HTML: every mark's span `text[start:end]` in <mark> elements, heading spans in <span class=h>,
    spans of warnings (notes) underlined, and an empty <span class=pg> where each page starts.

    Offsets are Python string indices (code points). Spans may overlap or touch: the text is cut at every
    boundary into segments, and each segment covered by marks is one <mark> naming all of them (`data-r`, the
    indices), so the markup nests whatever the spans, and the text of a mark's segments joined is exactly
    text[start:end]. The segment where a mark starts names it in `data-first`; the one where it ends carries its
    badge (`data-badge`, drawn by CSS, so not part of the text). One pass over the sorted boundaries.
    """
    n = len(text)
    marks = [m for m in marks if 0 <= m.start < m.end <= n]
    cuts = {0, n}
    starting: dict[int, list[Mark]] = {}
    ending: dict[int, list[Mark]] = {}
    for m in marks:
        cuts.update((m.start, m.end))
        starting.setdefault(m.start, []).append(m)
        ending.setdefault(m.end, []).append(m)
    delta: dict[int, list[int]] = {}  # offset -> change of [headings, warnings] covering the text from there
    for layer, spans in enumerate((headings, notes)):
        for s, e in spans:
            if 0 <= s < e <= n:
                cuts.update((s, e))
                delta.setdefault(s, [0, 0])[layer] += 1
                delta.setdefault(e, [0, 0])[layer] -= 1
    page_at: dict[int, list[int]] = {}
    for number, start in enumerate(pages, 1):
        if 0 <= start <= n:
            page_at.setdefault(start, []).append(number)
            cuts.add(start)
    order = sorted(cuts)
    out: list[str] = []
    active: dict[int, Mark] = {}
    layers = [0, 0]  # headings, warnings covering the current segment
    for i, a in enumerate(order):
        for m in ending.get(a, ()):
            active.pop(m.index, None)
        for m in starting.get(a, ()):
            active[m.index] = m
        if a in delta:
            layers = [x + d for x, d in zip(layers, delta[a], strict=True)]
        if a in page_at:
            numbers = page_at[a]
            out.append(f'<span class="pg" id="page-{numbers[0]}" data-page="{attr(", ".join(map(str, numbers)))}">'
                       "</span>")
        if i + 1 == len(order):
            break
        b = order[i + 1]
        body = escape_text(text[a:b])
        classes = (["h"] if layers[0] else []) + (["wn"] if layers[1] else [])
        if not active:
            out.append(f'<span class="{" ".join(classes)}">{body}</span>' if classes else body)
            continue
        here = sorted(active.values(), key=lambda m: (m.start, m.index))
        kinds = {m.kind for m in here}
        classes = ["hl", f"k-{here[0].kind}"] + (["multi"] if len(kinds) > 1 or len(here) > 1 else []) + classes
        extra = ""
        first = [m.index for m in here if m.start == a]
        if first:
            extra += f' data-first="{" ".join(map(str, first))}"'
        badges = [m.badge for m in here if m.end == b and m.badge]
        if badges:
            extra += f' data-badge="{attr(" | ".join(badges))}"'
        out.append(f'<mark class="{" ".join(classes)}" data-r="{" ".join(str(m.index) for m in here)}"{extra}>'
                   f"{body}</mark>")
    return "".join(out)
