"""Batch runs: many report files through a local process pool or a Dask cluster, skipping what is up to date."""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import yaml

from . import __version__
from .export import cache_rows
from .ingest import IngestError, load
from .output import clean_stale_temps, output_name, remove_pending_temps, write_document_data
from .yamlio import Loader

HEADER_LIMIT = 1 << 16  # bytes of an existing output read to find its header (document + pipeline)
TAIL_LIMIT = 1 << 16  # bytes read from its end to see that it is complete
SNIFF_BYTES = 4096  # bytes of a text input read to guess its language (which pipelines to warm up)
WARM_UP_TEXTS = {
    "zh": "2023年工作安排\n\n一、主要目标\n\n地区生产总值增长8%，力争实现8.5%，引进亿元以上项目不少于5个。\n",
    "en": "Work plan for 2024\n\nMain targets\n\nRegional GDP grew by 5.2 percent in 2023. We will strive for "
          "growth of about 6 percent, and build no fewer than 30 schools.\n",
}

Task = tuple[str, str | None]  # (path as given, path to read it from or None: the same)


class BatchError(Exception):
    """A batch that cannot start; code is the exit status (2: dask not installed, 1: scheduler unreachable)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class FileResult:
    """What one file's task reports back: small, so the parent never holds documents."""

    path: str
    name: str
    status: str  # written | skipped | failed
    records: int = 0
    warnings: int = 0
    seconds: float = 0.0
    error: str = ""


@dataclass
class BatchOptions:
    """How to run a batch (the `run` command's options)."""

    output: str
    rules: str | None = None
    password: str | None = None
    jobs: int = 1
    executor: str = "local"  # local | dask
    scheduler: str | None = None
    force: bool = False
    quiet: bool = False
    table: bool = True
    progress: bool | None = None  # None: a bar when the error stream is a terminal


@dataclass
class BatchSummary:
    """Totals of a batch run."""

    files: int = 0
    written: int = 0
    skipped: int = 0
    failed: int = 0
    records: int = 0
    warnings: int = 0
    seconds: float = 0.0
    table_rows: int | None = None
    table_files: list[str] = field(default_factory=list)
    interrupted: bool = False

    def total_line(self) -> str:
        return (f"total: {self.files} files, {self.written} written, {self.failed} failed, {self.skipped} skipped, "
                f"{self.records} records, {self.warnings} warnings, {self.seconds:.2f}s")


# ---------------------------------------------------------------- the per-file task (runs in a worker)

def _pipeline(rules: str | None):  # type: ignore[no-untyped-def]
    """The worker's Pipeline for these rules, built once per process (the API's cache)."""
    from .api import default_pipeline

    return default_pipeline(rules)


def rules_digests(rules: str | None) -> dict[str, str]:
    """{language: rules digest} for every language folder of the rules, each language's pipeline built now.

    Building them all at the start reports an invalid rule file of any language once, before any file
    is run, and lets forked workers inherit them. A document's `pipeline.rules` is the digest of its
    language's rules (of both, joined by +, for a mixed document).
    """
    from .quantities.rules import RULES_DIR

    pipe = _pipeline(rules)
    base = Path(rules) if rules else RULES_DIR
    langs = sorted(d.name for d in base.iterdir() if d.is_dir() and any(d.glob("*.yaml")))
    for_language = getattr(pipe, "for_language", None)
    out = {getattr(pipe, "lang", "zh"): pipe.ruleset.digest}
    if for_language is not None:
        for lang in langs:
            out[lang] = for_language(lang).ruleset.digest
    return out


_FINGERPRINTS: dict[str | None, str] = {}


def _worker_fingerprint(rules: str | None) -> str:
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
    want = {digests.get("zh"), digests.get("en")} if language == "mixed" else {digests.get(str(language))}
    return None not in want and set(written.split("+")) == want


def warm_up(rules: str | None, languages: Iterable[str] = ("zh",)) -> None:
    """Build the pipelines and run each language's once on a tiny text, so rules, jieba (or spaCy) are loaded."""
    from .ingest import Source
    from .lang import segment_zh as segment

    rules_digests(rules)
    pipe = _pipeline(rules)
    for lang in sorted(set(languages) & set(WARM_UP_TEXTS)):
        text = WARM_UP_TEXTS[lang]
        pipe.run_source(Source("<warm-up>", text, "txt", "utf-8", hashlib.sha256(text.encode()).hexdigest()))
        if lang == "zh":
            segment.tagged("地区生产总值")  # jieba's part-of-speech tables, if the text did not need them


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


def sniff_languages(tasks: Iterable[Task]) -> set[str]:
    """The languages of the inputs, guessed from the head of each text file (others count as zh)."""
    from .api import language_of

    langs: set[str] = set()
    for path, read_path in tasks:
        p = Path(read_path or path)
        lang = "zh"
        if p.suffix.lower() == ".txt":
            with contextlib.suppress(OSError, UnicodeError):
                with open(p, "rb") as f:
                    head = f.read(SNIFF_BYTES)
                lang = language_of(_decode_head(head))
        langs.update(("zh", "en") if lang == "mixed" else (lang,))
        if langs >= {"zh", "en"}:
            break
    return langs


def process_file(path: str, out_dir: str, rules: str | None = None, password: str | None = None,
                 expect: str | None = None, read_path: str | None = None) -> FileResult:
    """Extract one file and write its YAML (atomically); return only a summary.

    path is the input as given (it becomes document.source); read_path, when given, is where to read it
    (an absolute path for a remote worker). expect is the submitting process's fingerprint (pipeline
    version and rules digests): a worker whose own differs fails the file rather than write other output.
    """
    name = output_name(path)
    t0 = time.perf_counter()
    try:
        pipe = _pipeline(rules)
        if expect is not None and (mine := _worker_fingerprint(rules)) != expect:
            raise IngestError(f"this worker's pipeline differs ({mine}; expected {expect}): install the same "
                              "pipeline and rules on every worker")
        where = Path(read_path or path)
        if not where.exists():
            raise IngestError("no such file")
        src = load(where, password=password)
        src.path = path
        doc = pipe.run_source(src)
        _, data, text = write_document_data(doc, out_dir)
        cache_rows(out_dir, name, data, text)  # so the records table need not parse this YAML back
    except IngestError as e:
        return FileResult(path, name, "failed", seconds=time.perf_counter() - t0, error=str(e))
    except Exception as e:  # one bad file must not stop thousands of others
        msg = " ".join(str(e).split())
        return FileResult(path, name, "failed", seconds=time.perf_counter() - t0,
                          error=f"internal error: {type(e).__name__}: {msg}")
    return FileResult(path, name, "written", len(doc.records), len(doc.warnings), time.perf_counter() - t0)


def _die(signum: int = 0, frame: Any = None) -> None:
    remove_pending_temps()
    os._exit(128 + (signum or signal.SIGTERM))


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            _die(signal.SIGTERM)


def _init_worker(rules: str | None, parent: int, warm: tuple[str, ...]) -> None:
    """Pool worker start: the parent handles Ctrl-C; SIGTERM or the parent's death stop it, temp files removed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _die)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-parent").start()
    if warm:
        warm_up(rules, warm)


# ---------------------------------------------------------------- deciding what is up to date

def file_sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def read_header(yaml_path: Path) -> dict[str, Any] | None:
    """The `document` and `pipeline` mappings at the top of an output YAML, or None if not found or broken.

    Reads only up to the top-level `records:` line (at most HEADER_LIMIT bytes), not the whole file.
    """
    try:
        with open(yaml_path, "rb") as f:
            lines, size = [], 0
            for line in f:
                if line.startswith(b"records:"):
                    break
                lines.append(line)
                size += len(line)
                if size > HEADER_LIMIT:
                    return None
            else:
                return None
        data = yaml.load(b"".join(lines), Loader=Loader)
    except (OSError, yaml.YAMLError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("document"), dict) \
            or not isinstance(data.get("pipeline"), dict):
        return None
    return data


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


def up_to_date(path: Path, source: str, out_dir: Path, digests: dict[str, str]) -> bool:
    """Whether out_dir/<name>.yaml already holds this input's output for this pipeline version and rules."""
    name = output_name(source)
    target = out_dir / f"{name}.yaml"
    head = read_header(target)
    if head is None:
        return False
    doc, pipe = head["document"], head["pipeline"]
    if doc.get("source") != source or pipe.get("version") != __version__ \
            or not digest_matches(pipe.get("rules"), doc.get("language"), digests):
        return False
    if doc.get("format") != "txt" and not (out_dir / f"{name}.txt").is_file():
        return False
    try:
        if doc.get("sha256") != file_sha256(path):
            return False
    except OSError:
        return False
    return is_complete(target)


# ---------------------------------------------------------------- reporting

class Reporter:
    """Progress: a tqdm bar on a terminal, else one line per file; failures always, on the error stream."""

    def __init__(self, total: int, quiet: bool, bar: bool, out: IO[str], err: IO[str]) -> None:
        self.quiet, self.out, self.err = quiet, out, err
        self.records = self.failed = self.skipped = 0
        self.bar = None
        if bar and not quiet:
            from tqdm import tqdm

            class _Bar(tqdm):  # type: ignore[type-arg]
                monitor_interval = 0  # no monitor thread: worker processes may be forked later

            try:
                sized = os.get_terminal_size(err.fileno()).columns > 0
            except (AttributeError, OSError, ValueError):
                sized = False
            # a terminal that reports no size (some ptys) gets COLUMNS or 80 columns, not an empty bar
            self.bar = _Bar(total=total, unit="file", file=err, dynamic_ncols=sized, smoothing=0.1,
                            ncols=None if sized else shutil.get_terminal_size((80, 24)).columns,
                            bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} files [{elapsed}<{remaining}{postfix}]",
                            postfix=self._stats())

    def _stats(self) -> str:
        return f"{self.records} records, {self.failed} failed, {self.skipped} skipped"

    def _postfix(self) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(self._stats(), refresh=False)

    def __call__(self, r: FileResult) -> None:
        if r.status == "failed":
            self.failed += 1
            line = f"FAILED {r.path}: {r.error}"
            if self.bar is not None:
                self.bar.write(line, file=self.err)
            else:
                print(line, file=self.err, flush=True)
        else:
            self.records += r.records
            self.skipped += r.status == "skipped"
            if self.bar is None and not self.quiet:
                if r.status == "skipped":
                    print(f"{r.path}: skipped (output up to date)", file=self.out, flush=True)
                else:
                    print(f"{r.path}: {r.records} records, {r.warnings} warnings, {r.seconds:.2f}s",
                          file=self.out, flush=True)
        if self.bar is not None:
            self._postfix()
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# ---------------------------------------------------------------- executors

def _run_inline(tasks: Iterable[Task], opts: BatchOptions, expect: str,
                report: Callable[[FileResult], None]) -> None:
    for path, read_path in tasks:
        report(process_file(path, opts.output, opts.rules, opts.password, expect, read_path))


def _pool_context() -> multiprocessing.context.BaseContext:
    """fork where the platform has it (workers inherit the warmed Pipeline: no per-worker start-up), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin" else "spawn")


def _stop_pool(ex: ProcessPoolExecutor) -> None:
    """Stop the workers now (SIGTERM: each removes its unfinished temp file), not after their current file."""
    procs = list(getattr(ex, "_processes", {}).values())
    for p in procs:
        with contextlib.suppress(Exception):
            p.terminate()
    deadline = time.monotonic() + 5
    for p in procs:
        with contextlib.suppress(Exception):
            p.join(max(0.0, deadline - time.monotonic()))
            if p.is_alive():
                p.kill()
    ex.shutdown(wait=False, cancel_futures=True)


def _run_pool(tasks: list[Task], opts: BatchOptions, expect: str, workers: int,
              report: Callable[[FileResult], None]) -> None:
    """A process pool with at most 2 × workers tasks in flight; results are reported as they finish.

    A worker that dies (killed, out of memory) breaks the pool: the tasks then in flight are retried once in a
    new pool, and fail with a clear message if their worker dies again.
    """
    ctx = _pool_context()
    forked = ctx.get_start_method() == "fork"
    if forked:
        warm_up(opts.rules, sniff_languages(tasks))  # once, in the parent; the forked workers share it
    attempts: dict[int, int] = {}
    queue = list(enumerate(tasks))
    queue.reverse()
    while queue:
        ex = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                                 initargs=(opts.rules, os.getpid(), () if forked else ("zh",)))
        inflight: dict[Future[FileResult], tuple[int, Task]] = {}
        broken = False
        try:
            while queue or inflight:
                while queue and len(inflight) < 2 * workers and not broken:
                    i, (path, read_path) = queue.pop()
                    attempts[i] = attempts.get(i, 0) + 1
                    try:
                        fut = ex.submit(process_file, path, opts.output, opts.rules, opts.password, expect, read_path)
                    except BrokenProcessPool:
                        queue.append((i, (path, read_path)))
                        attempts[i] -= 1
                        broken = True
                        break
                    inflight[fut] = (i, (path, read_path))
                if not inflight:
                    break
                done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for fut in done:
                    i, task = inflight.pop(fut)
                    try:
                        report(fut.result())
                    except BrokenProcessPool:
                        broken = True
                        if attempts[i] >= 2:
                            report(FileResult(task[0], output_name(task[0]), "failed",
                                              error="its worker process died twice (killed, or out of memory?)"))
                        else:
                            queue.append((i, task))
            queue.sort(key=lambda it: -it[0])
            ex.shutdown(wait=True)
        except BaseException:
            _stop_pool(ex)
            raise


def _run_dask(tasks: list[Task], opts: BatchOptions, expect: str,
              report: Callable[[FileResult], None]) -> None:
    """The same task on a Dask cluster (opts.scheduler), or on a LocalCluster of opts.jobs processes."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise BatchError("--executor dask needs dask.distributed: pip install 'pipeline[dask]'") from None
    if not tasks:
        return
    cluster = None
    if opts.scheduler:
        try:
            client = Client(opts.scheduler, timeout="15s")
        except (OSError, TimeoutError) as e:
            raise BatchError(f"cannot reach the Dask scheduler at {opts.scheduler}: {e}", code=1) from None
    else:
        cluster = LocalCluster(n_workers=max(1, opts.jobs), threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        client = Client(cluster)
    out_dir = str(Path(opts.output).resolve())
    rules = str(Path(opts.rules).resolve()) if opts.rules else None
    try:
        window = 2 * max(1, sum(client.nthreads().values()))
        pending = iter(tasks)
        paths: dict[str, str] = {}

        def submit(task: Task) -> Any:
            path, read_path = task
            read = read_path or str(Path(path).resolve())
            fut = client.submit(process_file, path, out_dir, rules, opts.password, expect, read,
                                pure=False, retries=1)
            paths[fut.key] = path
            return fut

        ac = as_completed([submit(t) for _, t in zip(range(window), pending, strict=False)])
        for fut in ac:
            path = paths.pop(fut.key)
            try:
                report(fut.result())
            except Exception as e:  # the worker died twice, or the task could not run there
                report(FileResult(path, output_name(path), "failed",
                                  error=f"dask: {type(e).__name__}: {' '.join(str(e).split())}"))
            fut.release()
            nxt = next(pending, None)
            if nxt is not None:
                ac.add(submit(nxt))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ---------------------------------------------------------------- the batch

def plan(files: Iterable[Path], opts: BatchOptions, digests: dict[str, str],
         report: Callable[[FileResult], None]) -> tuple[list[Task], list[str]]:
    """Split the inputs into tasks to run and skipped files (reported at once); refuse output-name clashes.

    Two inputs with the same output name (a.txt and a.pdf, or a.txt in two folders) would overwrite each
    other: the first in input order is run, each later one fails with a message naming the first.
    Returns (tasks, names of every output this run covers).
    """
    out_dir = Path(opts.output)
    owners: dict[str, str] = {}
    tasks: list[Task] = []
    names: list[str] = []
    for f in files:
        source = str(f)
        name = output_name(f)
        key = name.casefold()
        if key in owners:
            report(FileResult(source, name, "failed", error=f"output name {name}.yaml is already used by "
                                                            f"{owners[key]} in this run; rename one of them"))
            continue
        owners[key] = source
        if not opts.force and f.is_file() and up_to_date(f, source, out_dir, digests):
            report(FileResult(source, name, "skipped"))
            names.append(name)
            continue
        tasks.append((source, None))
    return tasks, names


def run_batch(files: list[Path], opts: BatchOptions, out: IO[str] | None = None,
              err: IO[str] | None = None) -> BatchSummary:
    """Run every file (skipping up-to-date outputs), write the records table, and return the totals.

    Raises RuleFileError for invalid rules (before any file is run), BatchError when the executor cannot
    start, and KeyboardInterrupt after stopping the workers (only complete output files are left).
    """
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    t0 = time.perf_counter()
    digests = rules_digests(opts.rules)  # RuleFileError here: reported once, nothing run
    expect = fingerprint(digests)
    out_dir = Path(opts.output)
    out_dir.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(out_dir)
    bar = opts.progress if opts.progress is not None else bool(getattr(err, "isatty", lambda: False)())
    reporter = Reporter(len(files), opts.quiet, bar, out, err)
    summary = BatchSummary(files=len(files))
    written: list[str] = []

    def report(r: FileResult) -> None:
        if r.status == "written":
            summary.written += 1
            summary.records += r.records
            summary.warnings += r.warnings
            written.append(r.name)
        elif r.status == "skipped":
            summary.skipped += 1
        else:
            summary.failed += 1
        reporter(r)

    try:
        tasks, covered = plan(files, opts, digests, report)
        if opts.executor == "dask":
            _run_dask(tasks, opts, expect, report)
        else:
            workers = max(1, min(opts.jobs, len(tasks)))
            if workers == 1:
                _run_inline(tasks, opts, expect, report)
            else:
                _run_pool(tasks, opts, expect, workers, report)
    except KeyboardInterrupt:
        summary.interrupted = True
        clean_stale_temps(out_dir)  # the workers are stopped: what is left was theirs
        raise
    finally:
        reporter.close()
        summary.seconds = time.perf_counter() - t0
    clean_stale_temps(out_dir)  # a worker killed mid-write (its file was retried) leaves its temporary file
    if opts.table:
        from .export import export_table

        result = export_table(out_dir, sorted(set(covered) | set(written)))
        summary.table_rows, summary.table_files = result.rows, [str(p) for p in result.paths]
    summary.seconds = time.perf_counter() - t0
    return summary

