"""The Python API: `extract(text)`, `extract_file(path)` and the Pipeline that runs every stage on a source."""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from pathlib import Path

from . import __version__, records
from .diagnostics import bounded, check_pairs, unmatched
from .ingest import Source, load
from .lang import Profile, cached_profile
from .model import Document, Record
from .quantities.figures import Figure, build
from .quantities.match import find
from .resolve import DocContext, resolve
from .resolve.document import identify
from .resolve.filters import is_record
from .structure import Structure
from .structure import build as build_structure
from .tables import TableReader, caption_span, table_rules

DEFAULT_LANGUAGE = "zh"         # the language of an input whose text is not read before it runs (a PDF)
MIXED = "mixed"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
# A str may hold lone surrogates (U+D800…U+DFFF), which are no Unicode text: no encoder, tokenizer or YAML file
# takes them. extract() reads each as U+FFFD, so the document's text has the same length and offsets.
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"
# Records one sentence gives at most (the corpus's densest sentence has 15): the figures after them are counted in
# a warning, not resolved, so that text made of figures (a 分别 list of 20,000) keeps time and output bounded.
FIGURES_PER_SENTENCE = 100


def language_of(text: str) -> str:
    """zh, en or mixed from the share of CJK characters among letters."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN_WORD.findall(text))
    if cjk >= 4 * latin:
        return "zh"
    if latin >= 4 * cjk:
        return "en"
    return MIXED


def pipeline_languages(label: str) -> tuple[str, ...]:
    """The languages whose pipelines a document of this `language` label runs (all of them for a mixed one)."""
    from .lang import LANGUAGES

    return tuple(LANGUAGES) if label == MIXED else (label,)


class Pipeline:
    """The stages for one language's rules (other languages' pipelines built on first use)."""

    def __init__(self, rules_dir: str | Path | None = None, lang: str = "zh") -> None:
        self.rules_dir = str(rules_dir) if rules_dir else None
        self.profile: Profile = cached_profile(lang, self.rules_dir)
        self.lang = lang
        self._others: dict[str, Pipeline] = {}

    @property
    def ruleset(self):  # type: ignore[no-untyped-def]
        return self.profile.ruleset

    def for_language(self, lang: str) -> Pipeline:
        """The pipeline of another language with the same rules folder (built on first use)."""
        if lang == self.lang:
            return self
        if lang not in self._others:
            self._others[lang] = Pipeline(self.rules_dir, lang)
        return self._others[lang]

    def run_source(self, src: Source, *, year: int | None = None, place: str | None = None) -> Document:
        """All stages on an ingested source; the language is detected (a mixed text line by line)."""
        language = language_of(src.text)
        if language == MIXED:
            doc = self._mixed(src, year, place)
        else:
            doc = self.for_language(language)._run(src, language, year, place)
        doc.warnings = bounded(doc.warnings)
        return doc

    def _run(self, src: Source, language: str, year: int | None, place: str | None) -> Document:
        profile = self.profile
        reader = self._table_reader if src.tables else None      # its patterns compiled only for a table
        value_tables = [t for t in src.tables if reader is not None and reader.is_value_table(src.text, t)]
        table_spans = [(t.start, t.end) for t in value_tables]   # other tables' text stays running text
        table_spans += [c for t in value_tables if (c := caption_span(reader, src.text, t))]
        st = build_structure(src.text, profile.structure, wrapped=src.wrapped, skip=table_spans,
                             separate=[(t.start, t.end) for t in src.tables if t not in value_tables])
        ident = identify(st, profile.lexicon, year, place)
        ctx = DocContext(st, profile, ident.year, ident.scope)
        warnings = list(src.warnings)
        if ident.year_guessed:
            warnings.append(f"document year {ident.year} guessed (no delivery line, dated title or plan heading); "
                            "give it with --year if it is wrong")
        figs = self.figures(ctx, warnings)
        resolve(figs, ctx)
        check_pairs(figs, ctx, warnings)
        cells = reader.records(src.text, value_tables, ctx, src.page_starts or None, warnings) if value_tables \
            and reader is not None else []
        recs = records.build(figs, ctx, src.page_starts or None, cells)
        return Document(source=src.path, sha256=src.sha256, format=src.format, encoding=src.encoding,
                        language=language, title=ident.title, year=ident.year, place=ident.place, pages=src.pages,
                        records=recs, warnings=warnings, text=src.text, ocr=src.ocr,
                        pipeline_version=__version__, rules_digest=profile.digest,
                        page_starts=list(src.page_starts) if src.pages is not None else None)

    def figures(self, ctx: DocContext, warnings: list[str]) -> list[Figure]:
        """Matched quantities that are records, in reading order (unmatched digits warned about)."""
        st = ctx.st
        figs = []
        covered = bytearray(len(st.view) + 1)
        per_sentence: dict[tuple[int, int], int] = {}
        for m in find(st.view, self.profile.ruleset):
            covered[m.start:m.end] = b"\1" * (m.end - m.start)
            sentence = ctx.full_sentence_at(m.start)
            if per_sentence.get(sentence, 0) >= FIGURES_PER_SENTENCE:
                per_sentence[sentence] += 1
                continue
            fig = build(m, self.profile.ruleset, self.profile.lexicon.word_values, warnings)
            if fig is not None and is_record(fig, ctx):
                figs.append(fig)
                per_sentence[sentence] = per_sentence.get(sentence, 0) + 1
        for (s, e), n in per_sentence.items():
            if n > FIGURES_PER_SENTENCE:
                start, end = st.orig(s, e)
                warnings.append(f"sentence of {n} figures at {start}-{end}: only the first {FIGURES_PER_SENTENCE} "
                                "are records")
        unmatched(ctx, covered, warnings)
        return figs

    @functools.cached_property
    def _table_reader(self) -> TableReader | None:
        """The table reader of this language (None when its structure rules have no `table:` section)."""
        rules = table_rules(self.profile.structure)
        return TableReader(rules, self.profile) if rules else None

    def _mixed(self, src: Source, year: int | None, place: str | None) -> Document:
        """A text in both languages: each line's records and warnings from the pipeline of that line's language."""
        zh = self.for_language("zh")._run(src, "mixed", year, place)
        en = self.for_language("en")._run(src, "mixed", year, place)
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", src.text)]
        starts = [s for s, _ in lines]

        def lang_at(pos: int) -> str:
            i = bisect.bisect_right(starts, pos) - 1
            s, e = lines[max(i, 0)]
            return "en" if language_of(src.text[s:e]) == "en" else "zh"
        keep: list[Record] = [r for r in zh.records if lang_at(r.source["start"]) == "zh"]
        keep += [r for r in en.records if lang_at(r.source["start"]) == "en"]
        zh.records = records.renumber(keep)
        zh.warnings = list(dict.fromkeys(zh.warnings + en.warnings))     # each once, in order of first mention
        zh.rules_digest = f"{zh.rules_digest}+{en.rules_digest}"
        return zh


@functools.lru_cache(maxsize=4)
def default_pipeline(rules_dir: str | None = None) -> Pipeline:
    """The pipeline for the project's rules (cached: rules compile once per process)."""
    return Pipeline(rules_dir)


def extract(text: str, *, rules_dir: str | None = None, year: int | None = None,
            place: str | None = None) -> Document:
    """The records of a report given as text (a str; to read a file, use extract_file). Any text is read in time
    and memory linear in its length; lone surrogates are read as U+FFFD (the document's text has them so)."""
    if not isinstance(text, str):
        raise TypeError(f"extract() takes the text of a report (str), not {type(text).__name__}; "
                        "use extract_file(path) to read a file")
    data = text.encode("utf-8", "surrogatepass")
    clean, lone = _SURROGATE.subn(REPLACEMENT, text)
    src = Source("<text>", clean, "txt", "utf-8", hashlib.sha256(data).hexdigest())
    if lone:
        src.warnings.append(f"{lone} lone surrogate code point{'s' if lone > 1 else ''} (not Unicode text) read as "
                            "U+FFFD, one character for one: offsets are unchanged")
    return default_pipeline(rules_dir).run_source(src, year=year, place=place)


def extract_file(path: str | Path, *, rules_dir: str | None = None, password: str | None = None,
                 year: int | None = None, place: str | None = None) -> Document:
    """The records of a report file (.txt, .pdf, .html, .docx, .doc …); FileNotFoundError for a path that does not
    exist."""
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"no such file: {p}")
    return default_pipeline(rules_dir).run_source(load(p, password=password), year=year, place=place)


__all__ = ["Document", "Pipeline", "Structure", "default_pipeline", "extract", "extract_file", "language_of"]
