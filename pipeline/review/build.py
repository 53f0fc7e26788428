"""Writing the review folder: the pages of every output YAML (unchanged ones kept), the index and the two assets."""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

from ..output.write import OutputError, atomic_write, read_header, real_folder
from .collect import Reviewed, find_text, find_yamls, load_yaml, read_text, sha256_of, structure_digest
from .page import ASSETS, PAGES, Summary, document_page, index_page
from .twins import PAIRS_FILE, Twins, read_pairs

REVIEW_DIR = "review"
MARKER = "<!-- pipeline-review "  # the second line of every page: its up-to-date key and its index summary


class ReviewError(Exception):
    """The review cannot be written (no output folder, nothing to review, an unusable review folder); one line."""


@dataclass
class ReviewResult:
    """What a review wrote: the index, the pages (how many were rebuilt) and every document's problems."""

    index: Path
    documents: int = 0
    records: int = 0
    written: int = 0
    problems: list[str] = field(default_factory=list)   # `name: problem`, one line each


def _marker(path: Path) -> tuple[str, dict] | None:
    """(key, summary) kept in a page this tool wrote, or None."""
    try:
        with open(path, encoding="utf-8") as f:
            f.readline()
            line = f.readline()
    except (OSError, UnicodeDecodeError):
        return None
    if not line.startswith(MARKER):
        return None
    try:
        key, blob = line[len(MARKER):].split()[:2]
        return key, json.loads(base64.b64decode(blob))
    except (ValueError, json.JSONDecodeError):
        return None


def _with_marker(html: str, key: str, summary: Summary, twins: bool) -> str:
    blob = base64.b64encode(json.dumps({**asdict(summary), "twins": twins}, ensure_ascii=False).encode()).decode()
    head, rest = html.split("\n", 1)
    return f"{head}\n{MARKER}{key} {blob} -->\n{rest}"


@functools.cache
def code_digest() -> str:
    """The sha256 of this package's code: a page written by other code is rebuilt."""
    h = hashlib.sha256()
    for f in sorted(resources.files(__package__).iterdir(), key=lambda f: f.name):
        if f.name.endswith(".py"):
            h.update(f.read_bytes())
    return h.hexdigest()


def _key(item: Reviewed, rules_dir: str | None, everything: str | None) -> str:
    parts = [code_digest(), item.yaml_sha, item.text_sha, item.text_note,
             structure_digest(str(item.document.get("language") or ""), rules_dir), everything or ""]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def _write_if_changed(path: Path, text: str) -> bool:
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    atomic_write(path, text)
    return True


def _remove_stale(review: Path, names: set[str]) -> None:
    """Delete the pages this tool wrote for outputs that are gone (links not followed), and emptied folders."""
    pages = review / PAGES
    for folder, dirs, files in os.walk(pages, topdown=False):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
        rel = Path(folder).relative_to(pages)
        for f in files:
            path = Path(folder, f)
            if f.endswith(".html") and (rel / f[:-5]).as_posix() not in names and not path.is_symlink() \
                    and _marker(path) is not None:
                with contextlib.suppress(OSError):
                    path.unlink()
        if Path(folder) != pages:
            with contextlib.suppress(OSError):
                os.rmdir(folder)  # only when empty


def write_review(out_dir: str | Path, rules_dir: str | None = None,
                 failed: Iterable[tuple[str, str]] = ()) -> ReviewResult:
    """Write <out_dir>/review/: index.html, review.css, review.js and pages/<name>.html for every <name>.yaml below
    out_dir. failed: (input, reason) of the inputs a run could not read, listed in the index.

    A page whose YAML, text, heading rules (and, for a page with twins, every YAML and pairs.csv) are as when it
    was written is kept as it is. Raises ReviewError when out_dir is no folder, holds no output YAML, or its
    review folder cannot be written.
    """
    out = Path(out_dir)
    if not out.is_dir():
        raise ReviewError(f"{out} is not a folder")
    found = list(find_yamls(out))
    if not found:
        raise ReviewError(f"no output YAML found in {out}")
    try:
        review = real_folder(out, [REVIEW_DIR])
        for asset in ASSETS:
            _write_if_changed(review / asset, resources.files(__package__).joinpath(asset).read_text("utf-8"))
    except (OSError, OutputError) as e:
        raise ReviewError(f"cannot write the review folder: {getattr(e, 'strerror', None) or e}") from None
    pairs = read_pairs(out)
    items: list[Reviewed] = []
    for name, path in found:
        item = Reviewed(name, path)
        try:
            item.yaml_sha = sha256_of(path)
        except OSError as e:
            item.error = f"cannot be read: {e.strerror}"
        head = read_header(path) if not item.error else None
        if head is not None:
            item.data = head
            find_text(item, out)
        items.append(item)
    everything = hashlib.sha256("\0".join([i.yaml_sha for i in items] + [
        sha256_of(out / PAIRS_FILE) if (out / PAIRS_FILE).is_file() else ""]).encode()).hexdigest()
    twins = Twins(items, pairs)
    result = ReviewResult(review / "index.html")
    summaries: list[Summary] = []
    failures = [(str(p), str(why)) for p, why in failed]
    for item in items:
        page = review / f"{PAGES}/{item.name}.html"
        kept = _marker(page) if item.data else None
        summary = None
        if kept is not None and kept[0] == _key(item, rules_dir, everything if kept[1].get("twins") else None):
            with contextlib.suppress(TypeError):   # a summary of other fields: the page is rebuilt
                summary = Summary(**{k: v for k, v in kept[1].items() if k != "twins"})
        if summary is None:
            summary = _build(item, page, out, twins, rules_dir, everything, result)
        if summary is None:
            failures.append((f"{item.name}.yaml", item.error))
            continue
        summaries.append(summary)
        result.documents += 1
        result.records += summary.records
        result.problems += [f"{item.name}: {p}" for p in summary.problems]
    try:
        _remove_stale(review, {s.name for s in summaries})
        atomic_write(result.index, index_page(summaries, failures, len(pairs)))
    except (OSError, OutputError) as e:
        raise ReviewError(f"cannot write the review index: {getattr(e, 'strerror', None) or e}") from None
    return result


def _build(item: Reviewed, page: Path, out: Path, twins: Twins, rules_dir: str | None, everything: str,
           result: ReviewResult) -> Summary | None:
    """Parse one YAML and write its page; None (item.error set) when it cannot be read or its page written."""
    if not item.error:
        try:
            load_yaml(item, item.yaml_path.read_bytes())
        except OSError as e:
            item.error = f"cannot be read: {e.strerror}"
    if item.error:
        return None
    if item.text_path is None and not item.text_note:
        find_text(item, out)   # the header was not readable alone
    read_text(item)
    html, summary = document_page(item, twins, rules_dir)
    has_twins = any("twin" in r for r in item.records)
    key = _key(item, rules_dir, everything if has_twins else None)
    try:
        *folders, _ = f"{PAGES}/{item.name}".split("/")
        real_folder(out, [REVIEW_DIR, *folders])
        result.written += _write_if_changed(page, _with_marker(html, key, summary, has_twins))
    except (OSError, OutputError) as e:
        item.error = f"its page cannot be written: {getattr(e, 'strerror', None) or e}"
        return None
    finally:
        item.text = None
        twins.release(item)
    return summary
