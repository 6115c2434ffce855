"""Running git on the repository SST reads: one command line for every caller.

`--literal-pathspecs`: a folder named `*` or `:x` is a name, not a pattern. Callers decide what
a refusal means (the status history reads the files instead; `sst diff` stops with git's words).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def run_git(top: Path, *args: str, given: bytes | None = None
            ) -> subprocess.CompletedProcess[bytes] | None:
    """Git's answer, or None when git cannot be run (not installed, not executable)."""
    command = ["git", "--literal-pathspecs", "-C", str(top), *args]
    try:
        return subprocess.run(command, input=given, capture_output=True, check=False)
    except OSError:
        return None


def git_path(output: bytes) -> str:
    """A path git printed: bytes as the file system holds them (not UTF-8 ones too)."""
    return os.fsdecode(output.rstrip(b"\n"))
