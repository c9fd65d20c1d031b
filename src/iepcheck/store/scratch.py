"""Scratch files: where a command's in-between copies wait (a mailbox's messages before they
are kept as evidence), on the same disk as the record, private, and cleared on every way out
(docs/storage.md). Never the system's temp folder.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from iepcheck.store.files import (
    CLOEXEC,
    PRIVATE_FILE,
    abandoned,
    cannot_write,
    hold,
    make_private_dir,
    reason,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

SCRATCH_PREFIX = ".iepcheck-scratch-"


@contextlib.contextmanager
def scratch_folder(beside: Path) -> Iterator[Path]:
    """A private folder for a command's scratch files inside `beside` (the evidence folder a
    mailbox's messages are copied into), never the system's temp folder: it is on the same
    disk as the record, 0700, and removed on every way out; after a kill -9 the next write
    of that folder clears it (`remove_stale_scratch`)."""
    import shutil

    made = not beside.exists()
    try:
        make_private_dir(beside)
        folder = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=beside))
        fd = (os.open(folder, os.O_RDONLY | os.O_DIRECTORY | CLOEXEC)
              if hasattr(os, "O_DIRECTORY") else None)  # Windows opens no folder
    except OSError as error:
        raise cannot_write(beside, reason(error)) from None
    try:
        if fd is not None:
            hold(fd)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if fd is not None:
            os.close(fd)
        if made:  # nothing was kept in it: the folder goes too, as if never made
            with contextlib.suppress(OSError):
                beside.rmdir()


def scratch_file(folder: Path, name: str, payload: bytes) -> Path:
    """One scratch file, 0600 whatever the umask; a full disk is one line."""
    path = folder / name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | CLOEXEC, PRIVATE_FILE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
    except OSError as error:
        raise cannot_write(path, reason(error)) from None
    return path


def remove_stale_scratch(beside: Path) -> list[str]:
    """Scratch folders a killed command left in `beside`; a live command's is kept."""
    import shutil

    removed: list[str] = []
    try:
        names = [n for n in os.listdir(beside) if n.startswith(SCRATCH_PREFIX)]
    except OSError:
        return removed
    for name in names:
        with contextlib.suppress(OSError):
            if stat.S_ISDIR(os.lstat(beside / name).st_mode) and abandoned(beside / name):
                shutil.rmtree(beside / name)
                removed.append(name)
    return removed
