"""Rules digests and up-to-date checks: whether an existing output is what this pipeline would write."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from .. import __version__
from ..output.write import OutputError, output_path, read_header

TAIL_LIMIT = 1 << 16  # bytes read from its end to see that it is complete


def pipeline_for(rules: str | None):  # type: ignore[no-untyped-def]
    """The worker's Pipeline for these rules, built once per process (the API's cache)."""
    from ..api import default_pipeline

    return default_pipeline(rules)


def rules_digests(rules: str | None) -> dict[str, str]:
    """{language: rules digest} for every language folder of the rules, each language's pipeline built now.

    Building them all at the start reports an invalid rule file of any language once, before any file
    is run, and lets forked workers inherit them. A document's `pipeline.rules` is the digest of its
    language's rules (of both, joined by +, for a mixed document).
    """
    from ..quantities.rules import RULES_DIR

    pipe = pipeline_for(rules)
    base = Path(rules) if rules else RULES_DIR
    langs = sorted(d.name for d in base.iterdir() if d.is_dir() and any(d.glob("*.yaml")))
    for_language = getattr(pipe, "for_language", None)
    out = {pipe.lang: pipe.ruleset.digest}
    if for_language is not None:
        for lang in langs:
            out[lang] = for_language(lang).ruleset.digest
    return out


_FINGERPRINTS: dict[str | None, str] = {}


def worker_fingerprint(rules: str | None) -> str:
    """This process's fingerprint for these rules (computed once per process)."""
    if rules not in _FINGERPRINTS:
        _FINGERPRINTS[rules] = fingerprint(rules_digests(rules))
    return _FINGERPRINTS[rules]


def fingerprint(digests: dict[str, str]) -> str:
    """The pipeline version and every language's rules digest, as one string (compared with a worker's)."""
    return f"{__version__} " + " ".join(f"{k}:{v}" for k, v in sorted(digests.items()))


def digest_matches(written: Any, language: Any, digests: dict[str, str]) -> bool:
    """Whether a header's `pipeline.rules` is what these rules give a document of that language."""
    if not isinstance(written, str):
        return False
    from ..api import pipeline_languages

    want = {digests.get(lang) for lang in pipeline_languages(str(language))}
    return None not in want and set(written.split("+")) == want


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, as hex."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def is_complete(yaml_path: Path) -> bool:
    """Whether an output YAML ends as the writer ends it: a top-level `warnings:` key, then a final newline."""
    try:
        with open(yaml_path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - TAIL_LIMIT))
            tail = f.read()
            if not tail.endswith(b"\n"):
                return False
            if tail.startswith(b"warnings:") or b"\nwarnings:" in tail:
                return True
            if size <= TAIL_LIMIT:
                return False
            f.seek(0)
            return any(line.startswith(b"warnings:") for line in f)  # a very long warnings list
    except OSError:
        return False


def up_to_date(path: Path, source: str, out_dir: Path, name: str, digests: dict[str, str],
               year: int | None = None, place: str | None = None) -> bool:
    """Whether out_dir/<name>.yaml already holds this input's output for this pipeline version and rules (and
    the year and place the user gives, if any)."""
    try:
        target = output_path(out_dir, name, ".yaml")
    except OutputError:
        return False
    head = read_header(target)
    if head is None:
        return False
    doc, pipe = head["document"], head["pipeline"]
    if doc.get("source") != source or pipe.get("version") != __version__ \
            or not digest_matches(pipe.get("rules"), doc.get("language"), digests):
        return False
    if (year is not None and doc.get("year") != year) or (place is not None and doc.get("place") != place):
        return False
    text = target.with_name(target.name[:-len(".yaml")] + ".txt")
    if doc.get("format") != "txt" and (text.is_symlink() or not text.is_file()):
        return False
    try:
        if doc.get("sha256") != file_sha256(path):
            return False
    except OSError:
        return False
    return is_complete(target)
