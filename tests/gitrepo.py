"""Real git repositories in temporary folders."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git(root: Path, *args: str, when: str | None = None) -> str:
    """Git in ROOT; WHEN (`2026-03-31T12:00:00+00:00`) dates a commit it makes."""
    dates = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=True, env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                                           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
                                           "HOME": str(root), "PATH": "/usr/bin:/bin", **dates})
    return done.stdout


def commit_all(root: Path, message: str, when: str | None = None) -> str:
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message, when=when)
    return git(root, "rev-parse", "HEAD").strip()
