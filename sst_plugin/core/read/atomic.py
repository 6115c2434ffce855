"""Writing files without ever losing one: new files only, or a replacement asked for, whole or
not at all; and a lock for the commands that read, check and rewrite a file."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from .config import ConfigError

try:
    import fcntl
except ImportError:  # Windows has no flock: there, one writer at a time is the user's to ensure
    fcntl = None  # type: ignore[assignment]

# every temporary file is named `.sst-tmp.NAME.XXXXXXXX.tmp` beside NAME: a command that owns a
# folder (`sst render`) can tell one that a killed run left from a file of the user's
TEMPORARY_PREFIX, TEMPORARY_SUFFIX = ".sst-tmp.", ".tmp"
_NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"  # as tempfile's: [a-z0-9_]{8}


class WouldOverwrite(Exception):
    """The target exists: SST never overwrites a user's file unless asked to."""


class CannotReplace(ConfigError):
    """The file must not be replaced whole (read-only, or one of several hard links)."""


class Busy(ConfigError):
    """Another SST command holds the folder's lock, and did not let go in time."""


def _temporary_file(path: Path, mode: int) -> tuple[int, str]:
    """A new empty file beside PATH, open for writing, with MODE less the umask (as `open`
    gives any tool's new file: tempfile.mkstemp's would be 0600 whatever the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        random = "".join(secrets.choice(_NAME_CHARACTERS) for _ in range(8))
        name = path.parent / f"{TEMPORARY_PREFIX}{path.name}.{random}{TEMPORARY_SUFFIX}"
        try:
            return os.open(name, flags, mode), str(name)
        except FileExistsError:
            continue
    raise FileExistsError(f"{path.parent}: no free temporary name for {path.name}")


def _temporary_copy(path: Path, content: str | bytes,
                    like: os.stat_result | None = None) -> str:
    """CONTENT in a temporary file beside PATH, flushed to disk: ready to be put in place.

    With LIKE (the file it replaces), it gets that file's owner where allowed and its exact
    mode before any byte is written, so the new content is never readable by more people than
    the old; otherwise 0666 less the umask.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = _temporary_file(path, 0o666 if like is None else 0o600)
    try:
        with os.fdopen(handle, "wb") as stream:
            if like is not None:
                _take_owner_and_mode(temporary, like)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def _take_owner_and_mode(temporary: str, like: os.stat_result) -> None:
    if hasattr(os, "chown"):
        with contextlib.suppress(OSError):  # only root may give a file away
            os.chown(temporary, like.st_uid, like.st_gid)
    os.chmod(temporary, stat.S_IMODE(like.st_mode))  # after chown, which clears set-id bits


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
    """Replace PATH's content atomically (asked for by the user), keeping its mode and owner.

    Readers see the old file or the new one, never half of either; a failure leaves the old.
    A symbolic link at PATH is replaced, not followed: a caller that means to write through
    one resolves it first. A read-only file, or one with other hard links (which a new file
    would part from), is refused: CannotReplace says why.
    """
    status = path.stat()  # a link's own mode means nothing: its target's is what readers had
    _refuse_to_replace(path, status)
    temporary = _temporary_copy(path, content, like=status)
    try:
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _refuse_to_replace(path: Path, status: os.stat_result) -> None:
    # rename ignores the file's own permissions: respect them here, even when run as root
    if not status.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise CannotReplace(f"{path}: is read-only: SST leaves a protected file as it is; "
                            "make it writable (`chmod u+w`) to change it")
    if status.st_nlink > 1 and not path.is_symlink():
        raise CannotReplace(
            f"{path}: has {status.st_nlink} hard links, and SST writes a new file in its "
            "place, which would leave the other names with the old content: edit it by hand, "
            "or give it a file of its own first (copy it, then move the copy over it)")


@contextlib.contextmanager
def locked(folder: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold FOLDER's lock while a command reads, checks and rewrites files in it; wait up to
    TIMEOUT seconds for another holder, then Busy.

    The lock is an flock on the folder itself: a lock on a file would stay with the old inode
    once the file is replaced by rename, and a lock file would be litter in the user's tree.
    Closing the descriptor releases it, so a killed command never leaves the folder locked.
    """
    if fcntl is None:
        yield
        return
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        if _wait_for_lock(handle, timeout):
            yield
            return
        raise Busy(f"{folder}: another `sst` command is writing to this folder (waited "
                   f"{timeout:g} s): try again when it has finished")
    finally:
        os.close(handle)


def _wait_for_lock(handle: int, timeout: float) -> bool:
    """Whether the lock was taken in time; True where the file system has no flock (NFS may
    refuse one on a folder), so that SST still writes there, as it did before it locked."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        except OSError:
            return True
