"""The per-file task, run in a worker: read one input, extract, write its YAML and table rows, report back."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..ingest import IngestError, load
from ..output import cache_rows, remove_pending_temps, write_document_data
from ..output.write import OutputError
from .fingerprint import pipeline_for, rules_digests, worker_fingerprint
from .inputs import Input
from .options import FileResult

SNIFF_BYTES = 4096  # bytes of a text input read to guess its language (which pipelines to warm up)
def warm_up(rules: str | None, languages: Iterable[str] | None = None) -> None:
    """Build the pipelines and run each language's once on the examples of its first rule, so that its rules,
    segmenter and tagger (jieba, spaCy) are loaded before the first file (default: the default language)."""
    from ..api import DEFAULT_LANGUAGE
    from ..ingest import Source

    rules_digests(rules)
    pipe = pipeline_for(rules)
    for lang in sorted(set(languages or (DEFAULT_LANGUAGE,))):
        profile = pipe.for_language(lang).profile
        text = "\n\n".join(ex["text"] for rule in profile.ruleset.rules[:1] for ex in rule.examples)
        pipe.for_language(lang).run_source(
            Source("<warm-up>", text, "txt", "utf-8", hashlib.sha256(text.encode()).hexdigest()))
        profile.language.warm_up()


def _decode_head(head: bytes) -> str:
    """The first bytes of a text file as text, in the encodings ingest accepts (a cut character dropped)."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return head.decode("utf-16", errors="ignore")
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start >= len(head) - 3:
            return head[:e.start].decode("utf-8")
        return head.decode("gb18030", errors="ignore")


def sniff_languages(tasks: Iterable[Input]) -> set[str]:
    """The languages of the inputs, guessed from the head of each text file (others: the default language)."""
    from ..api import DEFAULT_LANGUAGE, language_of, pipeline_languages
    from ..lang import LANGUAGES

    langs: set[str] = set()
    for task in tasks:
        p = Path(task.path)
        lang = DEFAULT_LANGUAGE
        if p.suffix.lower() == ".txt":
            with contextlib.suppress(OSError, UnicodeError):
                with open(p, "rb") as f:
                    head = f.read(SNIFF_BYTES)
                lang = language_of(_decode_head(head))
        langs.update(pipeline_languages(lang))
        if langs >= set(LANGUAGES):
            break
    return langs


def process_file(task: Input, out_dir: str, rules: str | None = None, password: str | None = None,
                 expect: str | None = None, year: int | None = None, place: str | None = None) -> FileResult:
    """Extract one input and write its YAML (atomically) as out_dir/<task.name>.yaml; return only a summary.

    task.source becomes document.source, task.path is where to read it (an absolute path for a remote
    worker). expect is the submitting process's fingerprint (pipeline version and rules digests): a worker
    whose own differs fails the file rather than write other output. year and place: the user's (--year, --place).
    """
    t0 = time.perf_counter()

    def failed(error: str) -> FileResult:
        return FileResult(task.source, task.name, "failed", seconds=time.perf_counter() - t0, error=error)

    try:
        pipe = pipeline_for(rules)
        if expect is not None and (mine := worker_fingerprint(rules)) != expect:
            raise IngestError(f"this worker's pipeline differs ({mine}; expected {expect}): install the same "
                              "pipeline and rules on every worker")
        src = load(task.path, password=password)
        src.path = task.source
        doc = pipe.run_source(src, year=year, place=place)
        _, data, text = write_document_data(doc, out_dir, task.name)
        cache_rows(out_dir, task.name, data, text)  # so the records table need not parse this YAML back
    except (IngestError, OutputError) as e:
        return failed(str(e))
    except OSError as e:  # writing the output
        return failed(f"cannot write its output: {e.strerror}" + (f" ({e.filename})" if e.filename else ""))
    except Exception as e:  # one bad file must not stop thousands of others
        return failed(f"internal error: {type(e).__name__}: {' '.join(str(e).split())}")
    return FileResult(task.source, task.name, "written", len(doc.records), len(doc.warnings),
                      time.perf_counter() - t0)


def _die(signum: int = 0, frame: Any = None) -> None:
    remove_pending_temps()
    os._exit(128 + (signum or signal.SIGTERM))


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            _die(signal.SIGTERM)


def init_worker(rules: str | None, parent: int, warm: tuple[str, ...]) -> None:
    """Pool worker start: the parent handles Ctrl-C; SIGTERM or the parent's death stop it, temp files removed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _die)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-parent").start()
    if warm:
        warm_up(rules, warm)
