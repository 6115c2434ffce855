"""A git revision's files, read into memory for `sst diff`: listed with `git ls-tree`, read with
one `git cat-file --batch`, symbolic links followed inside the revision as a checkout would follow
them. Nothing of a revision is written to disk, and the checkout is never touched.

The strategy files of a revision read as `sst check` reads a folder (read.py, load.py): the same
walk order, the same findings for unknown, missing, oversized and non-UTF-8 files and for links
that leave the repository. A file whose (path, blob) was read already, on the other side of the
diff, is not read again.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path as FsPath

from ..findings import Finding, Place, finding
from .config import ConfigError
from .git import TreeEntry, cat_blobs, checked_git, parse_tree
from .load import (
    ENTITY_SUFFIXES,
    LINK_REFUSALS,
    SINGLE_FILES,
    Document,
    FileJob,
    LoadResult,
    _kind_of,
    _unknown_file_message,
    decoded,
    oversized,
)
from .read import _read_each, linked_outside

FOLDER_MODE = "040000"
SUBMODULE_MODE = "160000"
MAX_LINKS = 40  # links followed in a row before a chain counts as a loop, as Linux counts
# one file's reading: its document and its own findings, by (path, blob): what both sides share
Known = MutableMapping[tuple[str, str], tuple[Document, list[Finding]]]


@dataclass
class Revision:
    """The entries of one commit under some paths (relative to the repository's top, `/`)."""

    top: FsPath
    commit: str
    entries: dict[str, TreeEntry]
    everything: dict[str, TreeEntry] | None = None  # the whole commit, listed at the first link
    contents: dict[str, bytes | None] = field(default_factory=dict)  # blob → its bytes

    @classmethod
    def listed(cls, top: FsPath, commit: str, paths: Iterable[str]) -> Revision:
        # -z: names as they are (git quotes any name with a byte over 127 without it)
        listed = checked_git(top, "ls-tree", "-r", "-l", "-z", commit, "--", *paths)
        return cls(top, commit, {entry.path: entry for entry in parse_tree(listed)})

    def fetch(self, blobs: Iterable[str]) -> None:
        """The bytes of these blobs, read in one batch (those not read yet)."""
        wanted = list(dict.fromkeys(b for b in blobs if b not in self.contents))
        texts = cat_blobs(self.top, wanted)
        if texts is None:
            raise ConfigError(f"git cat-file: cannot read the files of {self.commit}")
        self.contents.update(zip(wanted, texts, strict=True))

    def content(self, blob: str) -> bytes | None:
        if blob not in self.contents:
            self.fetch([blob])
        return self.contents[blob]

    def all_entries(self) -> dict[str, TreeEntry]:
        """Every entry of the commit, folders too: what a link may lead to."""
        if self.everything is None:
            listed = checked_git(self.top, "ls-tree", "-r", "-t", "-l", "-z", self.commit)
            self.everything = {entry.path: entry for entry in parse_tree(listed)}
        return self.everything

    def under(self, folder: str) -> list[TreeEntry]:
        """The files and links under FOLDER (a folder a link led to)."""
        start = f"{folder}/" if folder else ""
        return [e for path, e in self.all_entries().items()
                if path.startswith(start) and e.mode != FOLDER_MODE]

    def resolve(self, path: str) -> tuple[str, str]:
        """Where PATH leads, its links followed inside the commit: ("file" or "folder", the path
        reached), or ("outside", "git", "loop" or "missing", the path that failed)."""
        entries = self.all_entries()
        parts = path.split("/")
        done: list[str] = []
        hops = 0
        while parts:
            part = parts.pop(0)
            if part in ("", "."):
                continue
            if part == "..":
                if not done:
                    return "outside", path
                done.pop()
                continue
            if not done and part == ".git":
                return "git", path
            here = "/".join((*done, part))
            entry = entries.get(here)
            if entry is None:
                return "missing", here
            if entry.link:
                hops += 1
                if hops > MAX_LINKS:
                    return "loop", path
                target = os.fsdecode(self.content(entry.blob) or b"")
                if target.startswith("/"):  # an absolute link leads out of any checkout
                    return "outside", path
                parts = target.split("/") + parts
                continue
            done.append(part)
            if entry.mode in (FOLDER_MODE, SUBMODULE_MODE):  # a submodule: an empty folder
                continue
            if any(p not in ("", ".") for p in parts):
                return "missing", here  # a file named as a folder
            return "file", here
        return "folder", "/".join(done)

    def file_at(self, path: str, prefix: str) -> tuple[TreeEntry | None, str | None]:
        """The regular file PATH is or leads to, or why it is refused (a key of LINK_REFUSALS,
        or "missing"). PREFIX: the folder SST reads in the repository; links may not leave it."""
        entry = self.entries.get(path) or (self.everything or {}).get(path)
        if entry is None:
            return None, "missing"
        if entry.regular:
            return entry, None
        if not entry.link:
            return None, "missing"
        where, reached = self.resolve(path)
        if where in ("file", "folder") and not reached.startswith(prefix):
            where = "outside"  # a link out of the folder SST reads, as sst check refuses it
        if where == "file":
            return self.all_entries()[reached], None
        return None, where


def read_strategy(revision: Revision, prefix: str, strategy_dir: str, max_file_size: int,
                  known: Known) -> LoadResult:
    """The strategy files of REVISION (those under PREFIX + strategy_dir), read and validated
    as read_tree reads a folder; what KNOWN holds is not read again, and what is read joins it."""
    folder = FsPath(strategy_dir).as_posix()  # "./strategy/" names "strategy", as plan_tree's
    base = f"{prefix}{folder}"
    entries = [e for e in revision.entries.values() if e.path.startswith(f"{base}/")]
    source = base
    top_entry = revision.entries.get(base)
    if top_entry is not None and top_entry.link:
        where, reached = revision.resolve(base)
        if where == "outside" or (where == "folder" and not reached.startswith(prefix)):
            return LoadResult([], [linked_outside(strategy_dir)])
        entries = revision.under(reached) if where == "folder" else []
        source = reached
    planned = _plan(revision, entries, source, folder)
    findings: list[Finding] = [f for _, _, _, f in planned if f is not None]
    jobs = [(entry, rel, kind) for entry, rel, kind, f in planned if f is None]
    present = {rel for _, rel, _ in jobs}
    for name in SINGLE_FILES:
        # present as is_file() sees it: a link to a file, even one refused as it is read
        if f"{folder}/{name}" not in present or \
                revision.file_at(f"{source}/{name}", prefix)[1] in ("missing", "loop", "folder"):
            findings.append(finding("SST001", Place(f"{strategy_dir}/{name}"),
                                    f"missing: create {name}"))
    results = _read_jobs(revision, jobs, prefix, max_file_size, known)
    documents = []
    for document, problems in results:
        documents.append(document)
        findings.extend(problems)
    return LoadResult(documents, findings)


def _plan(revision: Revision, entries: list[TreeEntry], source: str, strategy_dir: str,
          ) -> list[tuple[TreeEntry, str, str, Finding | None]]:
    """(entry, path relative to the root, kind, or the finding for an unknown file), in the
    order os.walk gives plan_tree: a folder's files, then its links to folders, then each
    sub-folder; names starting with a dot left out."""
    planned = []
    for entry in entries:
        under = entry.path[len(source) + 1:]
        parts = under.split("/")
        if entry.mode == SUBMODULE_MODE or any(p.startswith(".") for p in parts):
            continue
        folder_link = entry.link and revision.resolve(entry.path)[0] == "folder"
        key = (*((2, p) for p in parts[:-1]), (1 if folder_link else 0, parts[-1]))
        rel = f"{strategy_dir}/{under}"
        kind = _kind_of(under)
        problem = None if kind is not None else finding(
            "SST001", Place(rel), _unknown_file_message(FsPath(rel), FsPath(strategy_dir)))
        planned.append((key, entry, rel, kind or "", problem))
    planned.sort(key=lambda item: item[0])
    return [(entry, rel, kind, problem) for _, entry, rel, kind, problem in planned]


def _read_jobs(revision: Revision, jobs: list[tuple[TreeEntry, str, str]], prefix: str,
               max_file_size: int, known: Known) -> list[tuple[Document, list[Finding]]]:
    """Each job's document and findings, in order: known ones as they were, the others read
    from their blobs (in worker processes when there are many, as read_tree does)."""
    results: list[tuple[Document, list[Finding]] | None] = []
    keys: list[tuple[str, str] | None] = []
    refused: dict[int, Finding] = {}
    for entry, rel, _kind in jobs:
        target, refusal = revision.file_at(entry.path, prefix)
        if target is None:
            refused[len(results)] = finding("SST001", Place(rel), LINK_REFUSALS[refusal]) \
                if refusal in LINK_REFUSALS else _unreadable(rel)
            keys.append(None)
        else:
            too_big = oversized(rel, target.size, max_file_size)
            if too_big is not None:
                refused[len(results)] = too_big
            keys.append((rel, target.blob))
        results.append(None)
    for index, refusal_finding in refused.items():
        _entry, rel, kind = jobs[index]
        results[index] = (Document(kind=kind, id=_stem(rel), file=rel), [refusal_finding])
    unread = [i for i, key in enumerate(keys) if results[i] is None and key not in known]
    revision.fetch(key[1] for i in unread if (key := keys[i]) is not None)
    to_read: list[FileJob] = []
    read_at: list[int] = []
    for index in unread:
        key = keys[index]
        assert key is not None
        _entry, rel, kind = jobs[index]
        raw = revision.contents.get(key[1])
        text, problem = decoded(raw, rel) if raw is not None else (None, _unreadable(rel))
        if problem is not None or text is None:
            results[index] = (Document(kind=kind, id=_stem(rel), file=rel),
                              [problem or _unreadable(rel)])
            continue
        to_read.append(FileJob(FsPath(rel), rel, kind, text))
        read_at.append(index)
    for index, result in zip(read_at, _read_each(to_read, FsPath("."), max_file_size),
                             strict=True):
        results[index] = result
    for index, key in enumerate(keys):
        if key is None:
            continue
        if results[index] is None:
            results[index] = known[key]
        else:
            known[key] = results[index]  # type: ignore[assignment]
    return [result for result in results if result is not None]


def _stem(rel: str) -> str:
    """A file's ID, as load_file names a document it cannot read."""
    name = rel.rpartition("/")[2]
    for suffix in ENTITY_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _unreadable(rel: str) -> Finding:
    """A link to nothing, as `sst check` words it for a folder."""
    return finding("SST001", Place(rel), f"cannot read the file: {os.strerror(errno.ENOENT)}")
