"""The strategy folder as git recorded it on past dates, read into memory.

For the status history (spec §8): which commit held the strategy at each date, and that
commit's files, read with `git ls-tree` and `git cat-file --batch` — never a checkout, never a
file written. Where git is missing or the folder is no repository, there is no record: the
callers read the files as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .git import cat_blobs, git_path, parse_tree, run_git
from .load import Document, _kind_of, load_file
from .schema import validate


def _git(top: Path, *args: str, given: bytes | None = None) -> bytes | None:
    """Git's output, or None when git is missing or refuses (no repository, no commit yet)."""
    done = run_git(top, *args, given=given)
    return done.stdout if done is not None and done.returncode == 0 else None


@dataclass
class GitRecord:
    """One repository's record of its strategy folder: the commits that changed it, and the
    documents of each commit read so far (kept across `mkdocs serve` rebuilds)."""

    top: Path  # the repository's top folder
    folder: str  # the strategy folder, relative to `top`, with `/`
    strategy_dir: str  # the same, relative to the repository SST reads (the documents' names)
    commits: list[tuple[date, str]]  # (committer's date, commit), newest first
    read: dict[str, list[Document]] = field(default_factory=dict)

    def commit_on(self, day: date) -> str | None:
        """The last commit on or before DAY (by its committer's own calendar), along the first
        parents: what the main line held then. None before the first."""
        return next((commit for when, commit in self.commits if when <= day), None)

    def documents(self, commit: str, max_file_size: int) -> list[Document]:
        """The strategy's documents at COMMIT, validated; read once per commit."""
        if commit not in self.read:
            self.read[commit] = _documents_at(self, commit, max_file_size)
        return self.read[commit]


def git_record(root: Path, strategy_dir: str) -> GitRecord | None:
    """The record of ROOT/strategy_dir, or None where git keeps none."""
    top = _git(root, "rev-parse", "--show-toplevel")
    prefix = _git(root, "rev-parse", "--show-prefix")
    if top is None or prefix is None:
        return None
    folder = f"{git_path(prefix)}{strategy_dir}".strip("/")
    # %cs: the committer's date in their own time zone; a commit of 31 October, 23:00, counts
    # for October. --first-parent: a branch's commits count from the day it was merged
    listed = _git(root, "log", "--first-parent", "--format=%cs %H", "HEAD", "--",
                  strategy_dir)
    if listed is None:
        return None
    commits = []
    for line in listed.decode("ascii", "replace").splitlines():
        day, _, commit = line.partition(" ")
        try:
            commits.append((date.fromisoformat(day), commit))
        except ValueError:
            continue
    return GitRecord(Path(git_path(top)), folder, strategy_dir, commits)


def _documents_at(record: GitRecord, commit: str, max_file_size: int) -> list[Document]:
    listed = _git(record.top, "ls-tree", "-r", "-l", "-z", commit, "--", record.folder)
    if listed is None:
        return []
    # regular files only (a link or a submodule is refused as sst check refuses it), each
    # within the size limit
    wanted = [entry for entry in parse_tree(listed)
              if entry.regular and 0 <= entry.size <= max_file_size]
    texts = cat_blobs(record.top, [entry.blob for entry in wanted]) or [None] * len(wanted)
    documents = []
    for entry, raw in zip(wanted, texts, strict=True):
        path = entry.path
        under = path[len(record.folder) + 1:] if record.folder else path
        kind = _kind_of(under)
        if kind is None or raw is None or any(p.startswith(".") for p in under.split("/")):
            continue
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue  # unreadable then: the goals it held have no status that month
        rel = f"{record.strategy_dir}/{under}"
        document, problems = load_file(Path(rel), rel, kind, record.top, max_file_size, text)
        if document.data is not None and not problems:
            document.valid = not validate(document)
        documents.append(document)
    return documents
