"""Original documents kept beside the log, named by their SHA-256.

A file attached twice is stored once. Paths in the log are relative to the log's folder so
the log and its evidence folder can be moved together.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from iepcheck.errors import UserError
from iepcheck.storage import PRIVATE_FILE, cannot_write, fsync_dir, make_private_dir


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_readable(path: Path, option: str = "--attach") -> None:
    if not path.is_file():
        raise UserError(f"{option}: no file at {path}; check the path (nothing was recorded)")
    if not os.access(path, os.R_OK):
        raise UserError(f"{option}: cannot read {path}; check its permissions")


def stored_name(sha256: str, original: str) -> str:
    """The hash keeps one copy per content; the extension keeps it openable."""
    suffix = Path(original).suffix.lower()
    return sha256 + (suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else "")


def store(source: Path, folder: Path, log_dir: Path) -> dict[str, str]:
    """Copy `source` into the evidence folder (atomically, 0600); return the log's record."""
    check_readable(source)
    sha = file_sha256(source)
    target = folder / stored_name(sha, source.name)
    try:
        make_private_dir(folder)
        if not (target.exists() and file_sha256(target) == sha):
            _copy_atomic(source, target)
    except OSError as error:
        raise cannot_write(target, error.strerror or str(error)) from None
    return {"path": os.path.relpath(target, log_dir), "sha256": sha, "name": source.name}


def _copy_atomic(source: Path, target: Path) -> None:
    fd, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, PRIVATE_FILE)
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            for block in iter(lambda: src.read(1 << 20), b""):
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
