"""Benchmark corpus: a large varied Chinese corpus made from the project's own reports (numbers, years, places)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_SOURCES = ("samples", "tests/generalization")
PLACES = ("青山", "白沙", "龙泉", "云溪", "桃源", "清河", "石门", "临川", "松岭", "永安", "东湖", "南屏",
          "凤台", "柳江", "金坪", "安宁", "双流", "新田", "长乐", "丰泽")
_YEAR = re.compile(r"(?<![\d.])(19\d\d|20\d\d)(?![\d.])")
_DIGITS = re.compile(r"\d+")


@dataclass
class SourceText:
    """A source report cut into its title and sections (a heading line and the lines under it)."""

    title: str
    place: str | None
    sections: list[list[str]]


def parse_source(text: str) -> SourceText:
    """Cut a report into title and sections with the pipeline's own line classifier."""
    from ..quantities.rules import RULES_DIR
    from ..structure import StructureRules, classify, split_lines

    lines = split_lines(text)
    title = classify(lines, StructureRules.load(RULES_DIR / "zh" / "structure.yaml"))
    sections: list[list[str]] = [[]]
    for ln in lines:
        if ln.kind in ("blank", "title"):
            continue
        if ln.kind == "heading" and sections[-1]:
            sections.append([])
        sections[-1].append(ln.text)
    named = re.search(r"([\u4e00-\u9fff]{2})(?:省|市|县|区)", title)   # the place a title names, if any
    return SourceText(title, named.group(1) if named else None, [s for s in sections if s])


def _vary_numbers(text: str, rng: random.Random, year_shift: int) -> str:
    """Shift years by the document's offset and give every other Arabic number new digits of the same shape."""
    def year(m: re.Match[str]) -> str:
        return str(int(m.group()) + year_shift)

    def digits(m: re.Match[str]) -> str:
        run = m.group()
        if re.fullmatch(r"(19|20)\d\d", run) or run == "0":
            return run
        frac = m.start() > 0 and text[m.start() - 1] == "." and m.start() > 1 and text[m.start() - 2].isdigit()
        first = str(rng.randint(0 if frac else 1, 9))
        return first + "".join(str(rng.randint(0, 9)) for _ in run[1:])

    text = _YEAR.sub(year, text)
    return _DIGITS.sub(digits, text)


def make_document(sources: list[SourceText], rng: random.Random, target_chars: int) -> str:
    """One synthetic report: a base report's title, then sections drawn from all sources until target_chars.

    Section bodies are shuffled, years shifted, other numbers redrawn and place names replaced, so that no two
    documents share their sentences (a cache keyed on sentence text gains nothing).
    """
    base = rng.choice(sources)
    place = rng.choice(PLACES)
    shift = rng.randint(-3, 2)
    out = [base.title, ""]
    size = len(base.title)
    order = list(base.sections)
    while size < target_chars:
        if not order:
            order = list(rng.choice(sources).sections)
        section = order.pop(0)
        body = section[1:]
        rng.shuffle(body)
        for line in [section[0], *body]:
            out += [line, ""]
            size += len(line) + 1
    text = "\n".join(out)
    for src in sources:
        if src.place:
            text = text.replace(src.place, place)
    return _vary_numbers(text, rng, shift) + "\n"


def source_files(paths: list[str] | None) -> list[Path]:
    """The Chinese .txt reports the corpus is made from (default: samples/ and tests/generalization/)."""
    roots = [Path(p) for p in paths] if paths else [ROOT / d for d in DEFAULT_SOURCES]
    out: list[Path] = []
    for r in roots:
        out.extend(sorted(r.glob("*.txt")) if r.is_dir() else [r] if r.is_file() else [])
    return out


def build_corpus(folder: Path, sources: list[SourceText], size_bytes: int, seed: int) -> list[Path]:
    """Write synthetic reports (about 8,000-16,000 characters each) into folder until size_bytes of UTF-8."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    total = 0
    while total < size_bytes:
        data = make_document(sources, rng, rng.randint(8000, 16000)).encode("utf-8")
        path = folder / f"bench-{len(files) + 1:05d}.zh.txt"
        path.write_bytes(data)
        files.append(path)
        total += len(data)
    return files
