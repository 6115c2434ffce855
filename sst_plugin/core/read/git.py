"""Running git on the repository SST reads: one command line for every caller.

`--literal-pathspecs`: a folder named `*` or `:x` is a name, not a pattern. Callers decide what
a refusal means (the status history reads the files instead; `sst diff` stops with git's words).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .config import ConfigError


def run_git(top: Path, *args: str, given: bytes | None = None
            ) -> subprocess.CompletedProcess[bytes] | None:
    """Git's answer, or None when git cannot be run (not installed, not executable)."""
    command = ["git", "--literal-pathspecs", "-C", str(top), *args]
    try:
        return subprocess.run(command, input=given, capture_output=True, check=False)
    except OSError:
        return None


def checked_git(top: Path, *args: str) -> bytes:
    """Git's output; a ConfigError (exit 2) with git's own words when it refuses, for `sst diff`,
    which cannot go on without it."""
    done = run_git(top, *args)
    if done is None:
        raise ConfigError("git is not installed: sst diff reads revisions with git")
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConfigError(f"git {' '.join(args[:2])}: {message[-1] if message else 'failed'}")
    return done.stdout


def git_path(output: bytes) -> str:
    """A path git printed: bytes as the file system holds them (not UTF-8 ones too)."""
    return os.fsdecode(output.rstrip(b"\n"))


@dataclass(frozen=True)
class TreeEntry:
    """One entry of `git ls-tree -r -l`: a file, a link (mode 120000) or a submodule."""

    mode: str  # "100644", "100755", "120000", "160000"
    blob: str
    size: int  # -1 for a submodule, whose size git does not know
    path: str  # relative to the repository's top, with `/`

    @property
    def regular(self) -> bool:
        return self.mode in ("100644", "100755")

    @property
    def link(self) -> bool:
        return self.mode == "120000"


def parse_tree(listed: bytes) -> list[TreeEntry]:
    """`git ls-tree -r -l -z` output as entries (paths as the file system holds them)."""
    entries = []
    for line in listed.split(b"\0"):
        meta, _, name = line.partition(b"\t")
        parts = meta.split()
        if len(parts) != 4:
            continue
        size = int(parts[3]) if parts[3].isdigit() else -1
        entries.append(TreeEntry(parts[0].decode("ascii"), parts[2].decode("ascii"), size,
                                 os.fsdecode(name)))
    return entries


def cat_blobs(top: Path, blobs: Sequence[str]) -> list[bytes | None] | None:
    """Each blob's bytes (None for one git does not hold), in one `git cat-file --batch`;
    None when git cannot be run or refuses."""
    if not blobs:
        return []
    # --buffer: one write at the end, not a flush per blob (a third of the time at 20,000)
    done = run_git(top, "cat-file", "--batch", "--buffer",
                   given="".join(f"{b}\n" for b in blobs).encode())
    if done is None or done.returncode != 0:
        return None
    output = done.stdout
    found: list[bytes | None] = []
    at = 0
    for _blob in blobs:
        end = output.index(b"\n", at)
        header = output[at:end].split()
        if len(header) != 3:  # "<blob> missing"
            found.append(None)
            at = end + 1
            continue
        size = int(header[2])
        found.append(output[end + 1:end + 1 + size])
        at = end + 1 + size + 1
    return found
