"""Reading and validating every strategy file: in worker processes when there are many.

Each file is read and validated on its own, so a large strategy is split between the cores;
a small one is read in this process, where starting workers would cost more than it saves.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import stat
import threading
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path as FsPath

from ..findings import Finding, Place, finding
from .docs_tree import reached_through_link
from .load import Document, FileJob, LoadResult, load_file, plan_tree
from .schema import validate

# below this many files, one process is faster than several
PARALLEL_FROM = 1500


@dataclass
class ReadCache:
    """What earlier reads of one strategy found, file by file: a file whose given text, or whose
    size and modification time on disk, has not changed is not read again. For `sst lsp`, which
    checks the whole strategy after every pause in typing."""

    entries: dict[str, tuple[object, Document, list[Finding]]] = field(default_factory=dict)


def _stamp(job: FileJob) -> object | None:
    """What says a file is unchanged: its given text, else its size and times on disk; None
    (read it again) for a link, whose target may change under the same link."""
    if job.content is not None:
        return ("text", job.content)
    try:
        status = os.lstat(job.path)
    except OSError:
        return None
    if stat.S_ISLNK(status.st_mode):
        return None
    return ("disk", status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


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
    return linked_outside(strategy_dir)


def linked_outside(strategy_dir: str) -> Finding:
    """SST001 for a strategy folder linked outside the repository (in a folder, or in a git
    revision that `sst diff` reads)."""
    return finding("SST001", Place(strategy_dir), "the strategy folder is a symbolic link to a "
                   "place outside the repository: commit the folder itself")


def read_tree(root: FsPath, strategy_dir: str, max_file_size: int,
              overrides: Mapping[str, str] | None = None,
              cache: ReadCache | None = None) -> LoadResult:
    """Every file read and validated (`Document.valid` set), findings in file order; with a
    cache, only the files that changed since the last read with it."""
    outside = _linked_outside(root, strategy_dir)
    if outside is not None:
        return LoadResult([], [outside])
    jobs, findings = plan_tree(root, strategy_dir, overrides)
    if cache is None:
        results = _read_each(jobs, root, max_file_size)
    else:
        stamps = [_stamp(job) for job in jobs]
        kept = {job.rel: entry[1:] for job, stamp in zip(jobs, stamps, strict=True)
                if stamp is not None and (entry := cache.entries.get(job.rel)) is not None
                and entry[0] == stamp}
        read_now = iter(_read_each([job for job in jobs if job.rel not in kept], root,
                                   max_file_size))
        results = [kept[job.rel] if job.rel in kept else next(read_now) for job in jobs]
        cache.entries = {job.rel: (stamp, *result)
                         for job, stamp, result in zip(jobs, stamps, results, strict=True)
                         if stamp is not None}
    documents = []
    for document, problems in results:
        documents.append(document)
        findings.extend(problems)
    return LoadResult(documents, findings)


def _read_each(jobs: list[FileJob], root: FsPath,
               max_file_size: int) -> list[tuple[Document, list[Finding]]]:
    """Each job's document and findings, in the jobs' order."""
    workers = _workers()
    if len(jobs) < PARALLEL_FROM or workers < 2:
        return _read_batch(jobs, root, max_file_size)
    size = -(-len(jobs) // (workers * 4))  # a few batches per worker evens out their load
    chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        batches = list(pool.map(_read_batch, chunks, [root] * len(chunks),
                                [max_file_size] * len(chunks)))
    return [result for batch in batches for result in batch]
