"""Writing files without ever losing one: new files only, or a replacement asked for, whole or
not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


# every temporary file is named `.sst-tmp.NAME.XXXXXXXX.tmp` beside NAME: a command that owns a
# folder (`sst render`) can tell one that a killed run left from a file of the user's
TEMPORARY_PREFIX, TEMPORARY_SUFFIX = ".sst-tmp.", ".tmp"


class WouldOverwrite(Exception):
    """The target exists: SST never overwrites a user's file unless asked to."""


def _temporary_copy(path: Path, content: str | bytes) -> str:
    """CONTENT in a temporary file beside PATH, flushed to disk: ready to be put in place."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(prefix=f"{TEMPORARY_PREFIX}{path.name}.",
                                         suffix=TEMPORARY_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def write_new(path: Path, content: str | bytes) -> None:
    """Create PATH with CONTENT atomically; refuse if it exists; leave nothing on failure.

    `os.link` fails if the target appeared meanwhile, so a file is never replaced.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        raise WouldOverwrite(str(path))
    temporary = _temporary_copy(path, content)
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise WouldOverwrite(str(path)) from None
    finally:
        os.unlink(temporary)


def replace_file(path: Path, content: str | bytes) -> None:
    """Replace PATH's content atomically (asked for by the user), keeping its permissions.

    Readers see the old file or the new one, never half of either; a failure leaves the old.
    """
    mode = path.stat().st_mode & 0o7777
    temporary = _temporary_copy(path, content)
    try:
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
