"""Writing files so that nothing is ever half-written or lost.

Every write goes to a temp file beside its target (same filesystem, so the rename is atomic),
is fsynced, renamed over the target, and the folder is fsynced so the rename itself survives
a power cut. A second writer waits on an advisory lock that the OS releases if the holder dies.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from iepcheck.errors import WriteError

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def resolve(path: Path) -> Path:
    """Follow a symlinked data file to its target, so we replace the file, not the link."""
    return path.resolve() if path.is_symlink() else path


def atomic_write(path: Path, payload: bytes, *, exclusive: bool = False) -> None:
    """Replace `path` with `payload` atomically, keeping its mode (0600 for a new file).

    With `exclusive`, refuse if the file already exists (used by `init`). A folder that is
    missing, read-only or full is the user's to fix: WriteError, and the old file stands.
    """
    try:
        _atomic_write(path, payload, exclusive=exclusive)
    except FileExistsError:
        if exclusive:
            raise
        raise cannot_write(path, "a file appeared in the way") from None
    except OSError as error:
        raise cannot_write(path, error.strerror or str(error)) from None


def cannot_write(path: Path, reason: str) -> WriteError:
    return WriteError(f"cannot write {path}: {reason}; check that its folder exists and that "
                      "you may write there (nothing was changed)")


def _atomic_write(path: Path, payload: bytes, *, exclusive: bool) -> None:
    target = resolve(path)
    folder = target.parent
    mode = _existing_mode(target)
    if exclusive and mode is not None:
        raise FileExistsError(str(target))
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, mode if mode is not None else PRIVATE_FILE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if exclusive:
            os.link(temp, target)  # fails if someone created it meanwhile
            os.unlink(temp)
        else:
            os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    fsync_dir(folder)


def _existing_mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for writing `path`.

    The lock lives on a sidecar file (`.NAME.lock`), not the data file, because the data file
    is replaced by rename on every write and a lock on the old inode would protect nothing.
    """
    target = resolve(path)
    lock_path = target.parent / f".{target.name}.lock"
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    except OSError as error:
        raise cannot_write(path, error.strerror or str(error)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock; so does the process dying


def make_private_dir(folder: Path) -> None:
    folder.mkdir(mode=PRIVATE_DIR, parents=False, exist_ok=True)
