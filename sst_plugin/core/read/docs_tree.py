"""The files a site generator would publish from a folder (docs/), and the ones it must not.

MkDocs and Zensical copy every file under docs/ into the site and follow symbolic links: a link
to /etc/passwd, /proc/self/environ, the raw strategy files (every audience's) or git's own files
(a checkout's token) would be published as its target. A FIFO blocks whoever reads it, and two
links to a parent folder make a generator walk 2**40 paths. Each is a finding here, before any
generator runs.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path as FsPath

from ..findings import Finding, Place, finding

# a link in docs/ to nothing, or through a chain of links too long to follow
LEADS_NOWHERE = "a symbolic link that leads nowhere: remove it or commit the file itself"
LOOP = "a symbolic link to a folder that contains it, a loop: remove it"
# the index `sst render` writes into a folder of pages (their files and links): a folder of docs/
# holding one holds rendered pages, read as the strategy they show, not as the team's own pages
INDEX_NAME = ".sst-render.json"


@dataclass(frozen=True)
class Forbidden:
    """Where links may not lead: outside ROOT, into the strategy folder, into git's files."""

    top: FsPath  # the repository as the caller names it: findings are relative to it
    root: FsPath
    strategy: FsPath

    @classmethod
    def of(cls, root: FsPath, strategy_dir: str) -> Forbidden:
        return cls(root, root.resolve(), (root / strategy_dir).resolve())

    def problem(self, target: FsPath) -> str | None:
        """Why a link may not lead to TARGET (resolved), or None where it may."""
        if not target.is_relative_to(self.root):
            return "a symbolic link to a place outside the repository: commit the file itself"
        if target.is_relative_to(self.strategy) or self.strategy.is_relative_to(target):
            return ("a symbolic link into the strategy folder (or to a folder holding it) would "
                    "publish its raw files to every audience: let SST publish the strategy")
        if target.is_relative_to(self.root / ".git"):
            return "a symbolic link into git's own files: remove it"
        return None


def scan_tree(folder: FsPath, forbidden: Forbidden) -> tuple[list[FsPath], list[Finding]]:
    """The regular files under FOLDER, following links as a generator does, and a finding for
    every link that leads where it may not, every link loop and every other kind of file."""
    files: list[FsPath] = []
    findings: list[Finding] = []
    if not folder.is_dir():
        return files, findings
    problem = linked_folder_problem(folder, forbidden)
    if problem is not None:  # `docs` itself a link to the strategy folder, /etc...
        return files, [_finding(folder, forbidden, problem)]
    # (folder as the generator names it, the real folders above it): a link back up is a loop
    stack = [(folder, frozenset({folder.resolve()}))]
    while stack:
        current, above = stack.pop()
        try:
            names = sorted(os.listdir(current))
        except OSError as error:
            findings.append(_finding(current, forbidden, f"cannot read the folder: "
                                                         f"{error.strerror}"))
            continue
        subfolders = []
        for name in names:
            path = current / name
            kind, problem = _entry(path, forbidden)
            problem = problem or name_problem(name)
            if problem is not None:
                findings.append(_finding(path, forbidden, problem))
            elif kind == "folder":
                real = path.resolve()
                if real in above:
                    findings.append(_finding(path, forbidden, LOOP))
                else:
                    subfolders.append((path, above | {real}))
            else:
                files.append(path)
        stack.extend(reversed(subfolders))
    return files, findings


def linked_folder_problem(folder: FsPath, forbidden: Forbidden) -> str | None:
    """Why FOLDER may not be read because a symbolic link on the way (the folder itself or a
    parent) takes it where links may not lead; None if none does."""
    if not reached_through_link(folder, forbidden.top):
        return None
    return forbidden.problem(FsPath(os.path.realpath(folder)))


def reached_through_link(folder: FsPath, top: FsPath) -> bool:
    """Whether FOLDER, named inside TOP, is reached through a symbolic link below TOP. A folder
    the configuration names outside TOP is the configuration's choice, not a link's."""
    try:
        under = FsPath(os.path.abspath(folder)).relative_to(os.path.abspath(top))
    except ValueError:
        return False
    path = FsPath(os.path.abspath(top))
    for part in under.parts:
        path = path / part
        if os.path.islink(path):
            return True
    return False


def _entry(path: FsPath, forbidden: Forbidden) -> tuple[str, str | None]:
    """("file" or "folder", None), or why the entry may not be published."""
    try:
        if os.path.islink(path):
            problem = forbidden.problem(FsPath(os.path.realpath(path, strict=True)))
            if problem is not None:
                return "", problem
        status = os.stat(path)
    except OSError:  # a link to nothing, or a chain of links too long to follow
        return "", LEADS_NOWHERE
    except RuntimeError:  # pathlib's report of a link loop on older Pythons
        return "", "a symbolic link loop: remove it"
    if stat.S_ISDIR(status.st_mode):
        return "folder", None
    if stat.S_ISREG(status.st_mode):
        return "file", None
    return "", "not a regular file: commit a file here"  # a FIFO would block the reader


# themes print file and folder names raw: a folder name becomes a navigation section's title
# on every page (`<img onerror>` runs on load), `&lt;…` becomes markup in a cut-short entry's
# tooltip; a line break in a name forges workflow commands
_MARKUP_IN_NAME = re.compile(r'[<>&"\x00-\x1f\x7f\x85\u2028\u2029]')


def name_problem(name: str) -> str | None:
    found = _MARKUP_IN_NAME.search(name)
    if found is None:
        return None
    return (f"a name with {found.group()!r}, which a theme prints raw in the navigation and "
            f"page titles: rename it without <, >, &, \" or control characters")


def _finding(path: FsPath, forbidden: Forbidden, message: str) -> Finding:
    try:
        rel = os.path.relpath(path, forbidden.top)
    except ValueError:  # another drive, on Windows
        rel = str(path)
    return finding("SST001", Place(rel.replace(os.sep, "/")), message)


def is_codeowners(name: str) -> bool:
    """GitHub's CODEOWNERS, in any case: it names restricted files and their owners."""
    return name.casefold() == "codeowners"
