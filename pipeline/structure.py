"""Text structure: lines, headings and sections, paragraphs, clauses, quotes and the repaired view, all by offsets."""

from __future__ import annotations

import bisect
import functools
import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .quantities.numbers import FULLWIDTH
from .quantities.safety import compile_safe
from .unwrap import WRAP, unwrap, unwrap_span
from .yamlio import load_rule_file

YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
# A first line over TITLE_MAX characters is text, not the title, as is a numbered line whose heading (to its
# run-in end) is over HEADING_MAX (a text without line breaks may start 一、); records repeat headings: bounded.
TITLE_MAX = 200
HEADING_MAX = 300


@dataclass
class StructureRules:
    """Heading patterns and punctuation classes from rules/<lang>/structure.yaml."""

    numbered: list[tuple[re.Pattern[str], int]]
    part_words: list[str]
    plain_max: int
    label_max: int
    bylines: list[re.Pattern[str]]
    furniture: list[re.Pattern[str]]    # lines of a scraped web page's furniture (下载, 打印, 首页 > …)
    title_words: list[str]              # words of a title (报告, Report): a first line holding one is the title
    line_end: str               # a line ending in one of these is not continued
    run_in_end: str             # a heading line with text after one of these is a run-in heading: the rest is body
    split_number: re.Pattern[str] | None    # a line ending in a number with its scale word (40.38亿) …
    continuation: re.Pattern[str] | None    # … is continued by a line starting like this (元，增长6.6%)
    sentence_end: str           # characters that end a sentence
    clause_end: re.Pattern[str]     # ends a clause inside a sentence
    scope_end: re.Pattern[str]      # ends the reach of a stretch word inside a sentence
    subject_end: re.Pattern[str]    # ends the subject of a list (分别)
    quotes: list[str]
    list_marker: re.Pattern[str]
    item_number: re.Pattern[str]
    list_separator: str = ""        # separates the items of a list inside a clause (、)
    intro_end: str = ""             # ends a clause that introduces what follows (the main targets are: …)
    table: dict[str, Any] | None = None     # how tables of values are read (tables.py)

    @classmethod
    def load(cls, path: str | Path) -> StructureRules:
        """Read and check rules/<lang>/structure.yaml (RuleFileError: file, line, key, problem)."""
        from .schema import STRUCTURE, validate

        d, lines = load_rule_file(path)
        validate(d, lines, STRUCTURE, "structure file")
        return cls(
            numbered=[(compile_safe(h["pattern"]), int(h["level"])) for h in d["numbered_headings"]],
            part_words=list(d["part_heading_words"]), plain_max=int(d["plain_heading_max_chars"]),
            label_max=int(d["label_max_chars"]),
            bylines=[compile_safe(p) for p in d.get("byline_patterns", [])],
            furniture=[compile_safe(p) for p in d.get("furniture_patterns", [])],
            title_words=list(d.get("title_words", [])),
            line_end=d["line_end"], run_in_end=d.get("run_in_end", ""), sentence_end=d["sentence_end"],
            split_number=compile_safe(d["split_number"]) if "split_number" in d else None,
            continuation=compile_safe(d["continuation"]) if "continuation" in d else None,
            clause_end=compile_safe(d["clause_end"]), scope_end=compile_safe(d["scope_end"]),
            subject_end=compile_safe(d["subject_end"]), quotes=list(d["quotes"]),
            list_marker=compile_safe(d["list_marker"]), item_number=compile_safe(d["item_number"]),
            list_separator=str(d.get("list_separator", "")), intro_end=str(d.get("intro_end", "")),
            table=d.get("table"))


@dataclass
class Line:
    """One line of the original text (start/end exclude the line break)."""

    start: int
    end: int
    text: str
    kind: str = "para"          # blank | title | heading | item | para | byline | skip (a table)
    level: int = 0
    content: int = 0            # offset where content starts (after markers and numbering)
    numbered: bool = False      # an item with its own number (- 3.…)


@dataclass
class Structure:
    """The document text with its lines, sections and the repaired view used for matching."""

    text: str
    view: str
    vmap: array                 # view index -> original offset; vmap[len(view)] = end
    lines: list[Line]
    title: str
    heading_spans: list[tuple[int, int, int]]   # (start, end, level) of heading text
    section_starts: list[int] = field(default_factory=list)
    section_values: list[tuple[str, ...]] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)  # view spans
    quoted: list[tuple[int, int]] = field(default_factory=list)      # view spans
    years: list[int] = field(default_factory=list)
    # view offsets where a line joined to the one before by layout repair starts (a sentence broken across
    # lines, or an OCR'd paragraph whose last line was lost: the line may open a paragraph of its own)
    joined: list[int] = field(default_factory=list)

    def orig(self, vstart: int, vend: int) -> tuple[int, int]:
        """Original [start, end) of a view span."""
        return self.vmap[vstart], self.vmap[vend - 1] + 1

    def section_at(self, offset: int) -> tuple[str, ...]:
        """The headings enclosing an original offset, outermost first."""
        i = bisect.bisect_right(self.section_starts, offset) - 1
        return self.section_values[i] if i >= 0 else ()

    @functools.cached_property
    def paragraph_starts(self) -> list[int]:
        """View offsets where paragraphs start (for bisecting)."""
        return [p[0] for p in self.paragraphs]

    @functools.cached_property
    def _line_starts(self) -> list[int]:
        return [ln.start for ln in self.lines]

    def paragraph_of(self, vpos: int) -> tuple[int, int]:
        """View span of the paragraph holding a view position."""
        i = bisect.bisect_right(self.paragraph_starts, vpos) - 1
        return self.paragraphs[max(i, 0)]

    def line_at(self, offset: int) -> Line | None:
        """The line holding an original offset (its line break counts as part of it)."""
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return self.lines[i] if i >= 0 else None

    def in_quote(self, vstart: int, vend: int) -> bool:
        """Whether a view span lies inside quotation marks."""
        i = bisect.bisect_right(self.quoted, (vstart, 1 << 62)) - 1
        return i >= 0 and self.quoted[i][0] <= vstart and vend <= self.quoted[i][1]

    def heading_level_at(self, offset: int) -> int | None:
        """Level of the heading line holding an original offset, or None in body text."""
        for s, e, lvl in self.heading_spans:
            if s <= offset < e:
                return lvl
        return None


def split_lines(text: str) -> list[Line]:
    """Lines with their offsets; CRLF, LF and CR all end a line."""
    lines = []
    for m in re.finditer(r"[^\r\n]*(?:\r\n|\n|\r|$)", text):
        if m.start() == len(text) and m.group() == "":
            break
        body = m.group().rstrip("\r\n")
        lines.append(Line(m.start(), m.start() + len(body), body))
    return lines


def paragraph_lines(lines: list[Line], text: str, separate: list[tuple[int, int]] | None = None) -> list[Line]:
    """Merge runs of non-blank lines into one line each (text whose single line breaks are soft wraps,
    such as a PDF's paragraphs; blank lines separate paragraphs).  Lines inside a `separate` span (the rows
    of a table) stay lines of their own."""
    out: list[Line] = []
    prev_blank = True
    for ln in lines:
        blank = not ln.text.strip()
        own = bool(separate) and any(s <= ln.start < e for s, e in separate or ())
        if blank or prev_blank or own or out[-1].kind == "skip" or ln.kind == "skip":
            out.append(ln)
        else:
            last = out[-1]
            out[-1] = Line(last.start, ln.end, text[last.start:ln.end])
        prev_blank = blank
    return out


def _has_figure(s: str) -> bool:
    return bool(re.search(r"\d", YEAR.sub("", s)))


def run_in(heading: str, rules: StructureRules) -> int:
    """Where a run-in heading ends: at the first run-in end (。：) that has text after it, else the whole line."""
    for i, ch in enumerate(heading):
        if ch in rules.run_in_end and heading[i + 1:].strip():
            return i
    return len(heading)


def _opens_with_heading(line: str, rules: StructureRules) -> bool:
    """Whether a document's first line is a section heading rather than its title: a numbered heading, or a
    part heading (2025年工作回顾, 2026 Work Plan) that has no word of a title (报告, 规划, Report)."""
    if any(p.match(line) for p, _lvl in rules.numbered):
        return True
    low = line.lower()
    return any(w.lower() in low for w in rules.part_words) and not any(w.lower() in low for w in rules.title_words)


def classify(lines: list[Line], rules: StructureRules) -> str:
    """Set each line's kind, heading level and content offset; return the title."""
    title = ""
    seen_text = False
    for ln in lines:
        if ln.kind == "skip":
            continue
        stripped = unwrap(ln.text.strip())
        lead = len(ln.text) - len(ln.text.lstrip())
        ln.content = ln.start + lead
        if not stripped:
            ln.kind = "blank"
            continue
        if any(p.search(stripped) for p in rules.bylines) or any(p.search(stripped) for p in rules.furniture):
            ln.kind = "byline"          # page furniture, a byline, the delivery line: never text or a heading
            continue
        if not seen_text:
            seen_text = True
            if not _opens_with_heading(stripped, rules) and len(stripped) <= TITLE_MAX:
                ln.kind, title = "title", stripped
                continue
        m = rules.list_marker.match(ln.text)
        if m:
            ln.kind = "item"
            ln.content = ln.start + m.end()
            n = rules.item_number.match(ln.text[m.end():])
            if n:
                ln.numbered = True
                ln.content = ln.start + m.end() + n.end()
            continue
        n = rules.item_number.match(ln.text)
        if n and not any(p.match(stripped) for p, _ in rules.numbered):
            ln.kind, ln.numbered, ln.content = "item", True, ln.start + n.end()
            continue
        for pat, level in rules.numbered:
            if pat.match(stripped):
                if run_in(stripped, rules) <= HEADING_MAX:
                    ln.kind, ln.level = "heading", level
                break
        else:
            no_punct = not re.search(r"[，,。；;！？!?、]", stripped) and (
                not stripped.endswith(tuple(rules.sentence_end))    # a sentence is body text, unless it names a
                or bool(YEAR.search(stripped) and any(w.lower() in stripped.lower() for w in rules.part_words)))  # part
            if stripped.endswith(("：", ":")) and len(stripped) <= rules.label_max and no_punct:
                ln.kind, ln.level = "heading", 3
            elif no_punct and len(stripped) <= rules.plain_max and not _has_figure(stripped):
                part = YEAR.search(stripped) or any(w in stripped for w in rules.part_words)
                ln.kind, ln.level = "heading", 0 if part else 1
    return title


def _joins(a: Line, b: Line, rules: StructureRules, wrapped: bool = False) -> bool:
    """Whether line b continues line a (layout damage: a sentence or number broken across lines)."""
    at = a.text.rstrip()
    if not at or at[-1] in rules.line_end or at.endswith(("：", ":")) or b.kind == "heading":
        return False
    bt = b.text[b.content - b.start:]
    if re.search(r"[\d.．]$", at) and re.match(r"[\d%％]", bt) and a.kind != "heading" and b.start <= a.end + 1:
        return True                 # 1. | 5万亩 (not across a blank line, not after a heading: …for 2021 | 2021 marks)
    if rules.split_number is not None and rules.split_number.search(at) and rules.continuation is not None \
            and rules.continuation.match(bt):
        return True                 # 40.38亿 | 元，增长6.6%
    if wrapped and a.kind == "heading" and run_in(at, rules) < len(at) and re.match(r"[\d%％]", bt):
        return True                 # 主要预期目标：地区生产总值增长 | 8%，… (a run-in heading's body goes on)
    if a.kind == "item" and a.numbered and b.kind == "item" and not b.numbered:
        return True
    if (a.kind == "para" and b.kind == "para" and re.search(r"[，,、]", at)
            and re.search(r"[\u4e00-\u9fff]$", at) and re.search(r"[，,。；;！？]", bt)):
        return True
    return False


def build(text: str, rules: StructureRules, *, wrapped: bool = False, skip: list[tuple[int, int]] | None = None,
          separate: list[tuple[int, int]] | None = None) -> Structure:
    """Analyse a document text: classify lines, repair layout in a view, find sections and quotes.

    `wrapped`: the text's paragraphs are separated by blank lines and a single line break inside one is
    a soft wrap (text extracted from a PDF); each paragraph is then one line.  `skip`: original spans
    (tables) whose lines are left out of the view, so no rule matches inside them.  `separate`: spans
    whose lines are not joined even when wrapped (the rows of a table read as text).
    """
    lines = split_lines(text)
    if skip:
        for ln in lines:
            if any(s <= ln.start < e or s < ln.end <= e for s, e in skip):
                ln.kind = "skip"
    if wrapped:
        lines = paragraph_lines(lines, text, separate)
    title = classify(lines, rules)
    view_parts: list[str] = []
    vmap = array("q")
    paragraphs: list[tuple[int, int]] = []
    heading_spans: list[tuple[int, int, int]] = []
    section_starts: list[int] = []
    section_values: list[tuple[str, ...]] = []
    stack: list[tuple[int, str]] = []
    vlen = 0
    para_start: int | None = None
    joined_starts: list[int] = []
    prev: Line | None = None
    for ln in lines:
        if ln.kind in ("blank", "byline", "skip"):
            continue
        joined = prev is not None and _joins(prev, ln, rules, wrapped)
        if not joined:
            if para_start is not None:
                paragraphs.append((para_start, vlen))
            if vlen:
                view_parts.append("\n")
                vmap.append(prev.end if prev else 0)
                vlen += 1
            para_start = vlen
        else:
            joined_starts.append(vlen)
        if ln.kind == "heading":
            raw = text[ln.content:ln.end]
            cut = run_in(raw, rules)                # （二）民生持续改善。全年新增就业…: the heading ends at 。
            content = unwrap(raw[:cut].strip())
            heading_spans.append((ln.start, ln.content + cut, ln.level))
            stack = [(lv, t) for lv, t in stack if lv < ln.level] + [(ln.level, content)]
            section_starts.append(ln.start)
            section_values.append(tuple(t for _, t in stack))
        elif ln.kind in ("para", "item") and not joined:
            rest = unwrap(ln.text[ln.content - ln.start:])
            label = re.match(r"^([^，,。；;：:\d]{2,%d})[：:](?=\S)" % rules.label_max,  # noqa: UP031
                             rest)
            base = list(stack)
            if label and (len(rest) - label.end() <= rules.label_max
                          or any(w in label.group(1) for w in rules.part_words)):
                base = [(lv, t) for lv, t in stack if lv < 3] + [(3, label.group(1))]
            else:
                label = None
            if tuple(t for _, t in base) != (section_values[-1] if section_values else ()):
                section_starts.append(ln.start)
                section_values.append(tuple(t for _, t in base))
            if label:
                stack = base
        if not wrapped or not WRAP.search(text, ln.content, ln.end):
            seg = text[ln.content:ln.end]
            view_parts.append(seg)
            vmap.extend(range(ln.content, ln.end))
        else:                       # a paragraph of wrapped lines: the breaks are left out of the view
            seg, offs = unwrap_span(text, ln.content, ln.end)
            view_parts.append(seg)
            vmap.extend(offs)
        vlen += len(seg)
        prev = ln
    if para_start is not None:
        paragraphs.append((para_start, vlen))
    view = "".join(view_parts).translate(FULLWIDTH)
    vmap.append(len(text))
    st = Structure(text=text, view=view, vmap=vmap, lines=lines, title=title,
                   heading_spans=heading_spans, section_starts=section_starts,
                   section_values=section_values, paragraphs=paragraphs, joined=joined_starts)
    st.quoted = find_quotes(view, rules.quotes)
    st.years = [int(y) for y in YEAR.findall(text)]
    return st


def find_quotes(view: str, pairs: list[str]) -> list[tuple[int, int]]:
    """View spans enclosed in quotation marks (within one paragraph), sorted."""
    spans = []
    for pair in pairs:
        op, cl = pair[0], pair[1]
        if op == cl:
            pat = re.compile(re.escape(op) + r"[^\n" + re.escape(op) + r"]{0,80}" + re.escape(cl))
        else:
            pat = re.compile(re.escape(op) + r"[^\n" + re.escape(op + cl) + r"]{0,80}" + re.escape(cl))
        spans.extend((m.start(), m.end()) for m in pat.finditer(view))
    return sorted(spans)
