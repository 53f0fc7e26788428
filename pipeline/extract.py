"""Extraction: the Python API that runs every stage on one text or file and returns a Document."""

from __future__ import annotations

import bisect
import functools
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from . import __version__, segment
from .glossary import Glossary
from .ingest import Source, load
from .quantities.figures import Figure, build, is_record, normalized
from .quantities.match import find
from .quantities.rules import RULES_DIR, RuleSet, load_ruleset
from .records import Document, Record, to_records
from .resolve import Lexicon, Resolver, document_year, place_name
from .resolve_en import is_record_en
from .structure import Structure, StructureRules
from .structure import build as build_structure
from .tables import TableReader, caption_span, load_table_rules  # PDF tables (issue 4)


class Pipeline:
    """Rules, lexicon, glossary and segmenter of one language, loaded and compiled once."""

    def __init__(self, rules_dir: str | Path | None = None, lang: str = "zh") -> None:
        base = Path(rules_dir) if rules_dir else RULES_DIR
        self.ruleset: RuleSet = load_ruleset(lang, base)
        self.lexicon = Lexicon.from_data(self.ruleset.lexicon)
        self.structure_rules = StructureRules.load(base / lang / "structure.yaml")
        ind = self.ruleset.lexicon.get("indicator", {})
        self.glossary = Glossary.load(base / "indicators.yaml",
                                      self.lexicon.scope_words + list(ind.get("id_prefixes", [])),
                                      list(ind.get("id_suffixes", [])))
        self.lang = lang
        self.rules_dir = base
        self._others: dict[str, Pipeline] = {}
        if lang == "zh":
            segment.configure(self.glossary.all_names())

    def for_language(self, lang: str) -> Pipeline:
        """The pipeline of another language with the same rules folder (built on first use)."""
        if lang == self.lang:
            return self
        if lang not in self._others:
            self._others[lang] = Pipeline(self.rules_dir, lang)
        return self._others[lang]

    def run_source(self, src: Source, *, routed: bool = False) -> Document:
        """All stages on an ingested source (routed: already sent to this language's pipeline, don't re-route)."""
        # --- language (issue 5): English text to the English pipeline, mixed text by paragraph ---
        language = language_of(src.text)
        if language != self.lang and not routed:
            if language == "mixed":
                return self._mixed(src)
            return self.for_language(language).run_source(src, routed=True)
        # --- end language ---
        # --- PDF input (issue 4): paragraphs with soft wraps; tables become records of their own ---
        reader = self._table_reader
        value_tables = [t for t in src.tables if reader is not None and reader.is_value_table(src.text, t)]
        table_spans = [(t.start, t.end) for t in value_tables]   # other tables' text stays running text
        table_spans += [c for t in value_tables if (c := caption_span(reader, src.text, t))]
        st = build_structure(src.text, self.structure_rules, wrapped=src.format == "pdf", skip=table_spans,
                             separate=[(t.start, t.end) for t in src.tables if t not in value_tables])
        # --- end PDF input ---
        warnings = list(src.warnings)
        figs = self.figures(st, warnings)
        year, resolver = self._resolver(st, src.text)
        resolver.resolve(figs)
        self._check_pairs(figs, st, warnings)
        records = to_records(figs, st, src.page_starts or None)
        if self.lang == "en":
            _english_sentences(records, figs, st, resolver)
        # --- PDF tables (issue 4): records from table cells, merged in reading order ---
        if value_tables:
            records = self._with_table_records(records, src, value_tables, st, resolver, warnings)
        # --- end PDF tables ---
        return Document(source=src.path, sha256=src.sha256, format=src.format, encoding=src.encoding,
                        language=language, title=st.title, year=year, pages=src.pages,
                        records=records, warnings=warnings, text=src.text,
                        pipeline_version=__version__, rules_digest=self.ruleset.digest)

    def figures(self, st: Structure, warnings: list[str]) -> list[Figure]:
        """Matched quantities that are records, in reading order."""
        figs = []
        covered = bytearray(len(st.view) + 1)
        for m in find(st.view, self.ruleset):
            covered[m.start:m.end] = b"\1" * (m.end - m.start)
            fig = build(m, self.ruleset, warnings)
            keep = is_record_en if self.lang == "en" else is_record
            if fig is not None and keep(fig, st, self.ruleset):
                figs.append(fig)
        self._unmatched(st, covered, warnings)
        return figs

    # --- PDF tables (issue 4) ---
    @functools.cached_property
    def _table_reader(self) -> TableReader | None:
        """The table reader of this language (None when its structure rules have no `table:` section)."""
        rules = load_table_rules(self.rules_dir / self.lang / "structure.yaml")
        return TableReader(rules, self.ruleset, self.lexicon, self.glossary) if rules else None

    def _with_table_records(self, records: list[Record], src: Source, tables: list, st: Structure,
                            resolver: Resolver, warnings: list[str]) -> list[Record]:
        """The text's records and those of the tables in reading order, numbered again."""
        if self._table_reader is None:
            return records
        cells = self._table_reader.records(src.text, tables, st, resolver, src.page_starts or None, warnings)
        merged = sorted(records + cells, key=lambda r: (r.source["start"], r.source["end"]))
        for i, r in enumerate(merged, 1):
            r.id = f"r{i:04d}"
        return merged
    # --- end PDF tables ---

    def _unmatched(self, st: Structure, covered: bytearray, warnings: list[str]) -> None:
        """Warn about digits that no rule took and that are not dates, ordinals, names or years."""
        for m in re.finditer(r"\d+(?:\.\d+)?", st.view):
            if any(covered[m.start():m.end()]) or st.in_quote(m.start(), m.end()):
                continue
            after = st.view[m.end():m.end() + 8]
            before = st.view[max(0, m.start() - 1):m.start()]
            if re.match(r"\s*(?:年|月|日|号|季度|时|周年|届|次会议|[-—~至到]\s*\d+\s*[年月日])", after) or (
                    before in ("", "\n") and re.match(r"\s", after)):
                continue
            if before in ("第", "前") or re.match(r"[A-Za-z.+]", after[:1]) or re.search(r"[A-Za-z]", before):
                continue
            if self.lang == "en" and re.search(r"(?:[A-Za-z]-|\b[A-Z][\w.]*\s|\baged\s)$",
                                               st.view[max(0, m.start() - 12):m.start()]):
                continue        # COVID-19, No. 1, Road 2, aged 60: names and ages
            heading_number = re.search(r"着力点\s*$", st.view[max(0, m.start() - 5):m.start()])
            if re.match(r"(19|20)\d\d$", m.group()) or heading_number:
                continue
            start, end = st.orig(m.start(), m.end())
            ctx = st.view[max(0, m.start() - 8):m.end() + 6].replace("\n", " ")
            warnings.append(f"figure not understood at {start}-{end}: {m.group()!r} in …{ctx}…")

    def _check_pairs(self, figs: list[Figure], st: Structure, warnings: list[str]) -> None:
        """A paired expression (公顷 with 亩) that disagrees by more than 0.5 % gets a warning."""
        for f in figs:
            for a in f.also:
                unit = self.ruleset.units.get(a["unit"])
                if unit is None or f.unit is None or unit.dimension != f.unit.dimension:
                    continue
                other = Figure(f.match, 0, 0, Decimal(a["value"]), None, a["unit"], unit)
                mine = Decimal(str(normalized(f)["value"]))
                theirs = Decimal(str(normalized(other)["value"]))
                if mine and abs(mine - theirs) / abs(mine) > Decimal("0.005"):
                    start, end = st.orig(f.vstart, f.vend)
                    warnings.append(f"paired figures disagree at {start}-{end}: "
                                    f"{st.text[start:end]!r} ({mine} vs {theirs} {normalized(f)['unit']}); "
                                    "kept the first")


    def _resolver(self, st: Structure, text: str) -> tuple[int | None, Resolver]:
        """The document year and the resolver of this pipeline's language."""
        if self.lang == "en":
            from .resolve_en import EnglishResolver, english_document_year

            year = english_document_year(st, self.ruleset.lexicon)
            return year, EnglishResolver(st, self.lexicon, self.glossary, year, self.ruleset.lexicon)
        year = document_year(text, st)
        return year, Resolver(st, self.lexicon, self.glossary, year, place_name(text))

    def _mixed(self, src: Source) -> Document:
        """A text in both languages: each paragraph's figures from the pipeline of that paragraph's language."""
        zh = self.for_language("zh").run_source(src, routed=True)
        en = self.for_language("en").run_source(src, routed=True)
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", src.text)]
        starts = [s for s, _ in lines]

        def lang_at(pos: int) -> str:
            i = bisect.bisect_right(starts, pos) - 1
            s, e = lines[max(i, 0)]
            return "en" if language_of(src.text[s:e]) == "en" else "zh"
        records = [r for r in zh.records if lang_at(r.source["start"]) == "zh"]
        records += [r for r in en.records if lang_at(r.source["start"]) == "en"]
        records.sort(key=lambda r: (r.source["start"], r.source["end"]))
        for i, r in enumerate(records, 1):
            r.id = f"r{i:04d}"
        zh.records = records
        zh.warnings = sorted(set(zh.warnings) | set(en.warnings), key=(zh.warnings + en.warnings).index)
        zh.rules_digest = f"{zh.rules_digest}+{en.rules_digest}"
        return zh


def _english_sentences(records: list, figs: list[Figure], st: Structure, resolver: Resolver) -> None:
    """English records quote the spaCy sentence around the figure (to_records cuts Chinese sentences)."""
    sentence = getattr(resolver, "sentence", None)
    if sentence is None:
        return
    for rec, f in zip(records, sorted(figs, key=lambda x: x.vstart), strict=False):
        s, e = sentence(f.vstart)
        while e > s and st.view[e - 1].isspace():
            e -= 1
        if e > s:
            o_s, o_e = st.orig(s, e)
            rec.source["sentence"] = re.sub(r"\s*[\r\n]+\s*", " ", st.text[o_s:o_e]).strip()


def language_of(text: str) -> str:
    """zh, en or mixed from the share of CJK characters among letters."""
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]+", text))
    if cjk >= 4 * latin:
        return "zh"
    if latin >= 4 * cjk:
        return "en"
    return "mixed"


@lru_cache(maxsize=4)
def default_pipeline(rules_dir: str | None = None) -> Pipeline:
    """The pipeline for the project's rules (cached: rules compile once per process)."""
    return Pipeline(rules_dir)


def extract(path_or_text: str | Path, *, rules_dir: str | None = None, password: str | None = None) -> Document:
    """Extract the records of a report file (a path) or of a text given directly."""
    pipe = default_pipeline(rules_dir)
    if isinstance(path_or_text, Path) or (isinstance(path_or_text, str) and "\n" not in path_or_text
                                         and len(path_or_text) < 4096 and Path(path_or_text).is_file()):
        return pipe.run_source(load(path_or_text, password=password))
    text = str(path_or_text)
    import hashlib
    src = Source("<text>", text, "txt", "utf-8", hashlib.sha256(text.encode("utf-8")).hexdigest())
    return pipe.run_source(src)
