"""A strategy as it stood at a git revision, read with git, never touching the checkout."""

from __future__ import annotations

import io
import os
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..read.config import CONFIG_NAMES, ConfigError
from ..read.git import git_path, run_git

# what a check of a revision needs: the strategy, the site's pages, and the plugin's options
TRACKED = ("strategy", "docs", *CONFIG_NAMES)


def _git(root: Path, *args: str) -> bytes:
    done = run_git(root, *args)
    if done is None:
        raise ConfigError("git is not installed: sst diff reads revisions with git")
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConfigError(f"git {' '.join(args[:2])}: {message[-1] if message else 'failed'}")
    return done.stdout


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


@contextmanager
def checkout_of(root: Path, revision: str, strategy_dir: str = "strategy") -> Iterator[Path]:
    """A temporary folder holding ROOT's strategy files as they were at REVISION."""
    commit = resolve(root, revision)
    top = Path(git_path(_git(root, "rev-parse", "--show-toplevel")))
    prefix = git_path(_git(root, "rev-parse", "--show-prefix"))
    wanted = [f"{prefix}{name}" for name in (strategy_dir, *TRACKED[1:])]
    # -z: names as they are; without it git quotes any name with a byte over 127
    listed = _git(top, "ls-tree", "-z", "--name-only", commit, "--", *wanted)
    present = [os.fsdecode(path) for path in listed.split(b"\0") if path]
    with tempfile.TemporaryDirectory(prefix="sst-rev-") as folder:
        target = Path(folder)
        if present:
            _extract(_git(top, "archive", "--format=tar", commit, "--", *present), target)
        yield target / prefix if prefix else target


def _extract(archive: bytes, target: Path) -> None:
    """Git's tar of a revision into TARGET, never writing outside it. A symbolic link that
    leaves it becomes a link to the null device: the loader refuses it (SST001) as `sst check`
    refuses the link itself, and nothing ever reads what it named."""
    escaping: list[str] = []

    def inside(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
        try:
            return tarfile.data_filter(member, path)
        except (tarfile.AbsoluteLinkError, tarfile.LinkOutsideDestinationError):
            if not member.issym():
                raise
            escaping.append(member.name)
            return None  # made below, once every folder exists

    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter=inside)
    for name in escaping:
        link = target / name
        if link.parent.resolve().is_relative_to(target.resolve()) and not link.is_symlink():
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(os.devnull)


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
