"""Review input: every output YAML below a folder, each with its document text, headings and record warnings."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..ingest import IngestError, decode
from ..yamlio import Loader

AT_SPAN = re.compile(r"\bat (\d+)-(\d+)\b")  # the span a document warning names (figure not understood at 550-552)


@dataclass
class Reviewed:
    """One output YAML to show: its parsed mapping (or why it cannot be read) and the text its offsets index."""

    name: str                   # below the output folder, '/'-separated, without .yaml: `2024/beijing`
    yaml_path: Path
    yaml_sha: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    error: str = ""             # the YAML cannot be read, or is not this tool's output
    text: str | None = None
    text_path: Path | None = None
    text_note: str = ""         # why there is no text, or why it may not be the run's (shown on the page)
    text_sha: str = ""

    @property
    def document(self) -> dict[str, Any]:
        doc = self.data.get("document")
        return doc if isinstance(doc, dict) else {}

    @property
    def records(self) -> list[dict[str, Any]]:
        recs = self.data.get("records")
        return [r for r in recs if isinstance(r, dict)] if isinstance(recs, list) else []

    @property
    def warnings(self) -> list[str]:
        w = self.data.get("warnings")
        return [str(x) for x in w] if isinstance(w, list) else []


def find_yamls(out_dir: Path) -> Iterator[tuple[str, Path]]:
    """(name, path) of every regular *.yaml file below out_dir, sorted by name; links and hidden entries (the
    records cache) are not followed."""
    found = []
    for folder, dirs, files in os.walk(out_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(folder, d)))
        rel = Path(folder).relative_to(out_dir)
        for f in files:
            path = Path(folder, f)
            if f.endswith(".yaml") and not f.startswith(".") and stat.S_ISREG(os.lstat(path).st_mode):
                found.append(((rel / f[:-5]).as_posix(), path))
    yield from sorted(found)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_yaml(item: Reviewed, raw: bytes) -> None:
    """Parse an output YAML into item.data, or set item.error."""
    try:
        data = yaml.load(raw, Loader=Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        item.error = "broken YAML" + (f" at line {mark.line + 1}" if mark is not None else "")
        return
    if not isinstance(data, dict) or not isinstance(data.get("document"), dict) \
            or not isinstance(data.get("records"), list):
        item.error = "not an output of this tool (no document and records)"
        return
    item.data = data


def candidates(source: str, out_dir: Path) -> Iterator[Path]:
    """Where a `document.source` given relative to the folder a run was started in may be: below the current
    folder, then below each folder holding the output folder (the run was started in one of them)."""
    p = Path(source)
    if p.is_absolute():
        yield p
        return
    yield p
    for folder in Path(os.path.abspath(out_dir)).parents:
        yield folder / p


def find_text(item: Reviewed, out_dir: Path) -> None:
    """Where the text the offsets index is (item.text_path, its sha256), or why it is not (item.text_note): a .txt
    input found through document.source and checked against document.sha256, else the extracted text written
    beside the YAML (<name>.txt). read_text reads it."""
    doc = item.document
    if doc.get("format") != "txt":
        beside = item.yaml_path.with_name(item.yaml_path.name[:-5] + ".txt")
        try:
            if not stat.S_ISREG(os.lstat(beside).st_mode):
                raise FileNotFoundError
            item.text_path, item.text_sha = beside, sha256_of(beside)
        except OSError:
            item.text_note = f"the extracted text {beside.name} beside the YAML cannot be found or read"
        return
    source, want = str(doc.get("source") or ""), str(doc.get("sha256") or "")
    changed: tuple[Path, str] | None = None
    for path in candidates(source, out_dir):
        try:
            if not path.is_file():
                continue
            digest = sha256_of(path)
        except OSError:
            continue
        if digest == want:
            item.text_path, item.text_sha = path, digest
            return
        changed = changed or (path, digest)
    if changed is not None:
        item.text_path, item.text_sha = changed
        item.text_note = "the input has changed since the run (its sha256 differs): highlights may be wrong"
        return
    item.text_note = (f"the input {source} cannot be found from the current folder or a folder above the output "
                      "folder: run the review from the folder the run was started in")


def read_text(item: Reviewed) -> None:
    """Read the text found by find_text: a .txt input decoded as the run decoded it, an extracted text as UTF-8."""
    if item.text_path is None:
        return
    try:
        raw = item.text_path.read_bytes()
        item.text = decode(raw)[0] if item.document.get("format") == "txt" else raw.decode("utf-8")
    except (OSError, IngestError, UnicodeDecodeError) as e:
        item.text_note = f"the text {item.text_path.name} cannot be read: {getattr(e, 'strerror', None) or e}"


def record_warnings(warnings: list[str], records: list[dict[str, Any]]) -> dict[int, list[str]]:
    """The document warnings naming a span (`at 550-552`) that overlaps a record's, by record index."""
    spans = sorted((int(m.group(1)), int(m.group(2)), w) for w in warnings if (m := AT_SPAN.search(w)))
    if not spans:
        return {}
    out: dict[int, list[str]] = {}
    for i, r in enumerate(records):
        s, e = span_of(r)
        if s is None:
            continue
        for ws, we, w in spans:
            if ws >= e:
                break
            if we > s:
                out.setdefault(i, []).append(w)
    return out


def warning_spans(warnings: list[str]) -> list[tuple[int, int]]:
    """The spans named by document warnings."""
    return [(int(m.group(1)), int(m.group(2))) for w in warnings if (m := AT_SPAN.search(w))]


def span_of(record: dict[str, Any]) -> tuple[int | None, int]:
    src = record.get("source")
    if not isinstance(src, dict):
        return None, 0
    s, e = src.get("start"), src.get("end")
    if type(s) is not int or type(e) is not int:
        return None, 0
    return s, e


@functools.lru_cache(maxsize=8)
def structure_rules(rules_dir: str | None, language: str) -> Any:
    """The structure rules of a language (its headings), or None when the rules folder has none for it."""
    from ..quantities.rules import RULES_DIR
    from ..structure import StructureRules
    from ..yamlio import RuleFileError

    path = Path(rules_dir or RULES_DIR) / language / "structure.yaml"
    try:
        return StructureRules.load(path) if path.is_file() else None
    except (RuleFileError, OSError):
        return None


def rules_language(language: str, rules_dir: str | None) -> str:
    """The rules folder a document's headings are read with: its language's, or for a mixed document the
    default language's."""
    from ..api import DEFAULT_LANGUAGE

    base = Path(rules_dir) if rules_dir else None
    if base is None:
        from ..quantities.rules import RULES_DIR

        base = RULES_DIR
    return language if (base / language).is_dir() else DEFAULT_LANGUAGE


def headings_of(text: str, language: str, fmt: str, rules_dir: str | None) -> list[tuple[int, int]]:
    """Spans of the heading lines of a text, as the language's structure rules find them (PDF text: wrapped)."""
    from ..structure import build

    rules = structure_rules(rules_dir, rules_language(language, rules_dir))
    if rules is None:
        return []
    return [(s, e) for s, e, _ in build(text, rules, wrapped=fmt != "txt").heading_spans]


def structure_digest(language: str, rules_dir: str | None) -> str:
    """The sha256 of the structure rules a page's headings come from (part of a page's up-to-date key)."""
    from ..quantities.rules import RULES_DIR

    path = Path(rules_dir or RULES_DIR) / rules_language(language, rules_dir) / "structure.yaml"
    try:
        return sha256_of(path)
    except OSError:
        return ""
