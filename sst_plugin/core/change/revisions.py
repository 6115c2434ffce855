"""A strategy as it stood at a git revision, read with git into memory, never touching the
checkout and never writing the revision to disk (core/read/git_tree.py)."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from ..findings import Finding, Place, finding
from ..model.reviewers import LOCATIONS
from ..read.config import ConfigError, Settings
from ..read.docs_tree import INDEX_NAME, LEADS_NOWHERE, LOOP, Forbidden, name_problem
from ..read.git import TreeEntry, checked_git, git_path
from ..read.git_tree import FOLDER_MODE, SUBMODULE_MODE, Known, Revision, read_strategy
from ..read.read import ReadCache, collector_paused
from ..rules import MarkdownPage
from ..rules.check import CheckResult, check_read, page_of

# where a revision's paths stand for the Forbidden checks of docs/: no folder of this machine
VIRTUAL = Path("/revision")


def _git(root: Path, *args: str) -> bytes:
    return checked_git(root, *args)


def resolve(root: Path, revision: str) -> str:
    """The commit a revision names; a ConfigError (exit 2) when it names none."""
    if revision.startswith("-"):
        raise ConfigError(f"{revision!r} is not a revision")
    _git(root, "rev-parse", "--git-dir")  # not a repository: git's own message says so
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}") \
            .decode().strip()
    except ConfigError:
        raise ConfigError(f"no commit is named {revision!r} in {root}: give a branch, a tag "
                          "or a commit, e.g. origin/main") from None


def check_revision(root: Path, revision: str, settings: Settings,
                   changed: frozenset[str] = frozenset(), known: Known | None = None,
                   work_tree: ReadCache | None = None) -> CheckResult:
    """`sst check` of ROOT's strategy, site pages and CODEOWNERS as they were at REVISION.
    KNOWN: the files read already, by (path, blob), shared with the other side of a diff;
    WORK_TREE: what a check of the working tree read, reused for the files git holds equal to
    the revision's."""
    commit = resolve(root, revision)
    top = Path(git_path(_git(root, "rev-parse", "--show-toplevel")))
    prefix = git_path(_git(root, "rev-parse", "--show-prefix"))
    docs = _inside(prefix, settings.docs_dir)
    wanted = [f"{prefix}{settings.strategy_dir}", *(f"{prefix}{place}" for place in LOCATIONS),
              *([docs] if docs is not None else [])]
    tree = Revision.listed(top, commit, wanted)
    known = {} if known is None else known
    if work_tree is not None:
        # asked of git here, not taken from CHANGED: a file reused wrongly would hide a change
        differs = changed_files(root, commit, strategy_dir=settings.strategy_dir)
        for rel, (_stamp, document, findings) in work_tree.entries.items():
            entry = tree.entries.get(f"{prefix}{rel}")
            if entry is not None and entry.regular and rel not in differs:
                known[(rel, entry.blob)] = (document, findings)
    with collector_paused():
        loaded = read_strategy(tree, prefix, settings.strategy_dir, settings.max_file_size,
                               known)
        pages, page_findings = _pages(tree, prefix, docs, settings) if docs else ([], [])
        return check_read(loaded, pages, page_findings, _codeowners(tree, prefix, settings),
                          settings, changed)


def _inside(prefix: str, folder: str) -> str | None:
    """PREFIX + FOLDER inside the repository, or None for a folder the configuration names
    outside it (a revision holds nothing there)."""
    joined = posixpath.normpath(f"{prefix}{folder.replace(os.sep, '/')}")
    return None if joined.startswith(("../", "/")) or joined in ("..", ".") else joined


def _codeowners(tree: Revision, prefix: str, settings: Settings) -> MarkdownPage | None:
    """The revision's CODEOWNERS where GitHub finds it first, as read_codeowners reads it."""
    for location in LOCATIONS:
        entry, _refusal = tree.file_at(f"{prefix}{location}", prefix)
        if entry is None:
            continue
        if entry.size > settings.max_file_size:
            return None
        try:
            return MarkdownPage(location, (tree.content(entry.blob) or b"").decode("utf-8"))
        except UnicodeDecodeError:
            return None
    return None


def _pages(tree: Revision, prefix: str, docs: str, settings: Settings,
           ) -> tuple[list[MarkdownPage], list[Finding]]:
    """The revision's site pages and the findings scan_tree would report for its docs folder:
    links followed inside the revision, refused where they may not lead."""
    forbidden = Forbidden(VIRTUAL / prefix, VIRTUAL / prefix,
                          VIRTUAL / prefix / settings.strategy_dir)
    shown_docs = docs[len(prefix):]
    entries = [e for e in tree.entries.values() if e.path.startswith(f"{docs}/")]
    if any(e.link for e in entries) or docs in tree.entries:
        entries = list(tree.all_entries().values())  # a link may lead anywhere in the revision
    children = _children(entries)
    files: list[tuple[str, TreeEntry]] = []
    findings: list[Finding] = []
    start = docs
    if docs in tree.entries:  # docs itself a link (or a file)
        where, start = tree.resolve(docs)
        problem = _link_problem(where, start, forbidden)
        if where != "folder" or problem is not None:
            if problem is not None and where != "missing":
                findings.append(finding("SST001", Place(shown_docs), problem))
            return [], findings
    stack = [(start, shown_docs, frozenset({start}))]
    while stack:
        real, shown, above = stack.pop()
        subfolders = []
        for name, entry in sorted(children.get(real, {}).items()):
            path, rel = f"{real}/{name}", f"{shown}/{name}"
            kind, problem, target = "folder", None, path
            if entry is not None and entry.link:
                where, target = tree.resolve(path)
                problem = _link_problem(where, target, forbidden)
                kind = where
            elif entry is not None and entry.mode not in (FOLDER_MODE, SUBMODULE_MODE):
                kind = "file"
            problem = problem or name_problem(name)
            if problem is not None:
                findings.append(finding("SST001", Place(rel), problem))
            elif kind == "folder":
                if target in above:
                    findings.append(finding("SST001", Place(rel), LOOP))
                else:
                    subfolders.append((target, rel, above | {target}))
            else:
                found = tree.entries.get(target) or tree.all_entries()[target] \
                    if entry is not None and entry.link else entry
                assert found is not None
                files.append((rel, found))
        stack.extend(reversed(subfolders))
    return _read_pages(tree, files, settings, findings)


def _link_problem(where: str, target: str, forbidden: Forbidden) -> str | None:
    """Why a link in docs/ may not be followed (docs_tree's words), or None."""
    if where in ("missing", "loop"):
        return LEADS_NOWHERE
    if where == "outside":
        return forbidden.problem(Path("/"))
    return forbidden.problem(VIRTUAL / (".git" if where == "git" else target))


def _children(entries: list[TreeEntry]) -> dict[str, dict[str, TreeEntry | None]]:
    """Each folder's entries by name (None for a folder git records only through its files)."""
    index: dict[str, dict[str, TreeEntry | None]] = {}
    for entry in entries:
        parts = entry.path.split("/")
        for depth in range(1, len(parts)):
            index.setdefault("/".join(parts[:depth]), {}).setdefault(parts[depth], None)
        if entry.mode != FOLDER_MODE:
            index.setdefault("/".join(parts[:-1]), {})[parts[-1]] = entry
    return index


def _read_pages(tree: Revision, files: list[tuple[str, TreeEntry]], settings: Settings,
                findings: list[Finding]) -> tuple[list[MarkdownPage], list[Finding]]:
    """read_pages for a revision's files (shown path, entry), in scan order."""
    rendered = {posixpath.dirname(rel) for rel, _ in files
                if posixpath.basename(rel) == INDEX_NAME}
    wanted = [(rel, entry) for rel, entry in files if Path(rel).suffix == ".md"
              and not any(rel.startswith(f"{folder}/") for folder in rendered)
              and entry.size <= settings.max_file_size]
    tree.fetch(entry.blob for _, entry in wanted)
    pages = []
    for rel, entry in wanted:
        page = page_of(rel, tree.contents.get(entry.blob) or b"")
        if isinstance(page, MarkdownPage):
            pages.append(page)
        else:
            findings.append(page)
    return pages, findings


def changed_files(root: Path, base: str, head: str | None = None,
                  strategy_dir: str = "strategy") -> frozenset[str]:
    """The strategy files that differ between BASE and HEAD (default: the working tree, new
    files not yet added included), relative to ROOT with `/`: what a pull request touched."""
    resolve(root, base)
    heads = [resolve(root, head)] if head else []
    # --relative: names relative to ROOT, which may be a folder inside the repository
    listed = _git(root, "diff", "--name-only", "--relative", "-z", resolve(root, base), *heads,
                  "--", strategy_dir)
    names = [os.fsdecode(name) for name in listed.split(b"\0") if name]
    if head is None:
        untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--",
                         strategy_dir)
        names += [os.fsdecode(name) for name in untracked.split(b"\0") if name]
    return frozenset(name.replace(os.sep, "/") for name in names)
