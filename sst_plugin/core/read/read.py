"""Reading and validating every strategy file: in worker processes when there are many.

Each file is read and validated on its own, so a large strategy is split between the cores;
a small one is read in this process, where starting workers would cost more than it saves.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path as FsPath

from ..findings import Finding, Place, finding
from .docs_tree import reached_through_link
from .load import Document, FileJob, LoadResult, load_file, plan_tree
from .schema import validate

# below this many files, one process is faster than several
PARALLEL_FROM = 1500


def _read_batch(jobs: Sequence[FileJob], root: FsPath,
                max_file_size: int) -> list[tuple[Document, list[Finding]]]:
    with collector_paused():
        return [_read_one(job, root, max_file_size) for job in jobs]


def _read_one(job: FileJob, root: FsPath, max_file_size: int) -> tuple[Document, list[Finding]]:
    document, findings = load_file(job.path, job.rel, job.kind, root, max_file_size,
                                   job.content)
    if document.data is not None:
        problems = validate(document)
        findings.extend(problems)
        document.valid = not problems
    return document, findings


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a strategy is read and checked: it builds millions of
    small objects in trees, which reference counting frees, and each full collection walked
    them all (a fifth of a 10,000-entity check)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _workers() -> int:
    try:
        return min(len(os.sched_getaffinity(0)), 8)
    except AttributeError:  # not Linux
        return min(os.cpu_count() or 1, 8)


def _context() -> multiprocessing.context.BaseContext:
    # fork is cheapest; with other threads running (mkdocs serve) forkserver is the safe choice
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _linked_outside(root: FsPath, strategy_dir: str) -> Finding | None:
    """SST001 when the strategy folder is a symbolic link (or lies under one) to a place outside
    the repository: the loader refuses such a link for each file, and would read through it."""
    base = root / strategy_dir
    if not reached_through_link(base, root):
        return None
    if FsPath(os.path.realpath(base)).is_relative_to(os.path.realpath(root)):
        return None
    return finding("SST001", Place(strategy_dir), "the strategy folder is a symbolic link to a "
                   "place outside the repository: commit the folder itself")


def read_tree(root: FsPath, strategy_dir: str, max_file_size: int,
              overrides: Mapping[str, str] | None = None) -> LoadResult:
    """Every file read and validated (`Document.valid` set), findings in file order."""
    outside = _linked_outside(root, strategy_dir)
    if outside is not None:
        return LoadResult([], [outside])
    jobs, findings = plan_tree(root, strategy_dir, overrides)
    workers = _workers()
    if len(jobs) < PARALLEL_FROM or workers < 2:
        batches = [_read_batch(jobs, root, max_file_size)]
    else:
        size = -(-len(jobs) // (workers * 4))  # a few batches per worker evens out their load
        chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            batches = list(pool.map(_read_batch, chunks, [root] * len(chunks),
                                    [max_file_size] * len(chunks)))
    documents = []
    for batch in batches:
        for document, problems in batch:
            documents.append(document)
            findings.extend(problems)
    return LoadResult(documents, findings)
