"""The record kept private after a copy: logs, backups and the evidence folder back to
0600 / 0700 whenever they are read (docs/storage.md).

iepcheck writes its files 0600 in 0700 folders, but git does not keep modes and many copy
tools do not either: a record cloned or copied arrives 0644 / 0755, readable by everyone on
the machine. Each read puts back what iepcheck itself would have written, and says so once.
Only iepcheck's own files are touched (never the plan, which the user may share on purpose),
and never through a symlink.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from iepcheck.store.backups import backups_of
from iepcheck.store.files import PRIVATE_DIR, PRIVATE_FILE

if TYPE_CHECKING:
    from collections.abc import Iterable


def tighten(logs: Iterable[Path], evidence: Path | None) -> list[Path]:
    """Every log, its dated backups and the evidence folder with its files, made private
    where others could read them; the paths changed. One this user does not own (or cannot
    change) is left as it is: reading never fails for it."""
    changed: list[Path] = []
    for log in logs:
        for path in (log, *backups_of(log)):
            if _private(path, PRIVATE_FILE):
                changed.append(path)
    if evidence is not None:
        if _private(evidence, PRIVATE_DIR):
            changed.append(evidence)
        try:
            with os.scandir(evidence) as found:
                names = [entry.path for entry in found]
        except OSError:
            names = []
        for name in names:
            if _private(Path(name), PRIVATE_FILE):
                changed.append(Path(name))
    return changed


def _private(path: Path, mode: int) -> bool:
    """`path` set to `mode` when it is a real file or folder (not a symlink) whose group or
    others may read, write or enter it; whether it was changed."""
    try:
        found = os.lstat(path)
    except OSError:
        return False
    if stat.S_ISLNK(found.st_mode) or not stat.S_IMODE(found.st_mode) & 0o077:
        return False
    kind_ok = stat.S_ISDIR(found.st_mode) if mode == PRIVATE_DIR else stat.S_ISREG(found.st_mode)
    if not kind_ok:
        return False
    try:
        os.chmod(path, mode)
    except OSError:
        return False
    return True
