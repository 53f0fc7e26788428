"""Extraction: the Python API that runs every stage on one text or file and returns a Document."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from . import __version__, segment
from .glossary import Glossary
from .ingest import Source, load
from .match import find
from .quantity import Figure, build, is_record, normalized
from .records import Document, to_records
from .resolve import Lexicon, Resolver, document_year, place_name
from .rules import RULES_DIR, RuleSet, load_ruleset
from .structure import Structure, StructureRules
from .structure import build as build_structure


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
        segment.configure(self.glossary.all_names())

    def run_source(self, src: Source) -> Document:
        """All stages on an ingested source."""
        st = build_structure(src.text, self.structure_rules)
        warnings = list(src.warnings)
        figs = self.figures(st, warnings)
        year = document_year(src.text, st)
        resolver = Resolver(st, self.lexicon, self.glossary, year, place_name(src.text))
        resolver.resolve(figs)
        self._check_pairs(figs, st, warnings)
        records = to_records(figs, st, src.page_starts or None)
        return Document(source=src.path, sha256=src.sha256, format=src.format, encoding=src.encoding,
                        language=language_of(src.text), title=st.title, year=year, pages=src.pages,
                        records=records, warnings=warnings, text=src.text,
                        pipeline_version=__version__, rules_digest=self.ruleset.digest)

    def figures(self, st: Structure, warnings: list[str]) -> list[Figure]:
        """Matched quantities that are records, in reading order."""
        figs = []
        covered = bytearray(len(st.view) + 1)
        for m in find(st.view, self.ruleset):
            covered[m.start:m.end] = b"\1" * (m.end - m.start)
            fig = build(m, self.ruleset, warnings)
            if fig is not None and is_record(fig, st, self.ruleset):
                figs.append(fig)
        self._unmatched(st, covered, warnings)
        return figs

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
