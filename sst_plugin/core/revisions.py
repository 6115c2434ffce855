"""A strategy as it stood at a git revision, read with git, never touching the checkout."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .config import CONFIG_NAMES, ConfigError

# what a check of a revision needs: the strategy, the site's pages, and the plugin's options
TRACKED = ("strategy", "docs", *CONFIG_NAMES)


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise ConfigError("git is not installed: sst diff reads revisions with git") from None
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
    top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    wanted = [f"{prefix}{name}" for name in (strategy_dir, *TRACKED[1:])]
    listed = _git(top, "ls-tree", "--name-only", commit, "--", *wanted).decode()
    present = [path for path in listed.split("\n") if path]
    with tempfile.TemporaryDirectory(prefix="sst-rev-") as folder:
        target = Path(folder)
        if present:
            archive = _git(top, "archive", "--format=tar", commit, "--", *present)
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(target, filter="data")  # no links out, no absolute paths
        yield target / prefix if prefix else target
