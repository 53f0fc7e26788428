"""Executors: the per-file tasks inline, on a local process pool, or on a Dask cluster."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from .inputs import Input
from .options import BatchError, BatchOptions, FileResult
from .worker import init_worker, process_file, sniff_languages, warm_up

Report = Callable[[FileResult], None]


def run_inline(tasks: Iterable[Input], opts: BatchOptions, expect: str, report: Report) -> None:
    """Every task in this process, one after the other."""
    for task in tasks:
        report(process_file(task, opts.output, opts.rules, opts.password, expect, opts.year, opts.place))


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


def _largest_first(tasks: list[Input]) -> list[int]:
    """Each task's place when the largest inputs go first (so that no worker is left with a big file at the end
    while the others idle); ties and unreadable sizes keep the given order."""
    def size(task: Input) -> int:
        try:
            return os.stat(task.path).st_size
        except OSError:
            return 0
    order = sorted(range(len(tasks)), key=lambda i: (-size(tasks[i]), i))
    rank = [0] * len(tasks)
    for place, i in enumerate(order):
        rank[i] = place
    return rank


def run_pool(tasks: list[Input], opts: BatchOptions, expect: str, workers: int, report: Report,
             on_start: Callable[[], None] | None = None) -> None:
    """A process pool with at most 2 × workers tasks in flight; results are reported as they finish.

    on_start is called once the workers are started (the parent then only waits for results).
    A worker that dies (killed, out of memory) breaks the pool: the tasks then in flight are retried once in a
    new pool, and fail with a clear message if their worker dies again.
    """
    ctx = _pool_context()
    forked = ctx.get_start_method() == "fork"
    warm = tuple(sorted(sniff_languages(tasks)))
    if forked:
        warm_up(opts.rules, warm)  # once, in the parent; the forked workers share it
    attempts: dict[int, int] = {}
    rank = _largest_first(tasks)
    queue = sorted(enumerate(tasks), key=lambda it: -rank[it[0]])   # popped from the end: the largest first
    while queue:
        ex = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=init_worker,
                                 initargs=(opts.rules, os.getpid(), () if forked else warm))
        inflight: dict[Future[FileResult], tuple[int, Input]] = {}
        broken = False
        try:
            while queue or inflight:
                while queue and len(inflight) < 2 * workers and not broken:
                    i, task = queue.pop()
                    attempts[i] = attempts.get(i, 0) + 1
                    try:
                        fut = ex.submit(process_file, task, opts.output, opts.rules, opts.password, expect, opts.year,
                                        opts.place)
                    except BrokenProcessPool:
                        queue.append((i, task))
                        attempts[i] -= 1
                        broken = True
                        break
                    inflight[fut] = (i, task)
                    if on_start is not None:      # the workers are forked at the first submit: now it is safe
                        on_start()
                        on_start = None
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
                            report(FileResult(task.source, task.name, "failed",
                                              error="its worker process died twice (killed, or out of memory?)"))
                        else:
                            queue.append((i, task))
            queue.sort(key=lambda it: -rank[it[0]])
            ex.shutdown(wait=True)
        except BaseException:
            _stop_pool(ex)
            raise


def run_dask(tasks: list[Input], opts: BatchOptions, expect: str, report: Report) -> None:
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
        except Exception as e:  # unreachable (OSError, TimeoutError) or not an address (ValueError, TypeError…)
            raise BatchError(f"cannot reach the Dask scheduler at {opts.scheduler}: "
                             f"{' '.join(str(e).split()) or type(e).__name__}", code=1) from None
    else:
        cluster = LocalCluster(n_workers=max(1, opts.jobs), threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        client = Client(cluster)
    out_dir = str(Path(opts.output).resolve())
    rules = str(Path(opts.rules).resolve()) if opts.rules else None
    try:
        window = 2 * max(1, sum(client.nthreads().values()))
        pending = iter(tasks)
        submitted: dict[str, Input] = {}

        def submit(task: Input) -> Any:
            remote = Input(task.source, os.path.abspath(task.path), task.name)  # the same path on every worker
            fut = client.submit(process_file, remote, out_dir, rules, opts.password, expect, opts.year, opts.place,
                                pure=False, retries=1)
            submitted[fut.key] = task
            return fut

        ac = as_completed([submit(t) for _, t in zip(range(window), pending, strict=False)])
        for fut in ac:
            task = submitted.pop(fut.key)
            try:
                report(fut.result())
            except Exception as e:  # the worker died twice, or the task could not run there
                report(FileResult(task.source, task.name, "failed",
                                  error=f"dask: {type(e).__name__}: {' '.join(str(e).split())}"))
            fut.release()
            nxt = next(pending, None)
            if nxt is not None:
                ac.add(submit(nxt))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
