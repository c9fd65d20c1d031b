"""Original documents kept beside the log, named by their SHA-256.

A file attached twice is stored once. Paths in the log are relative to the log's folder so
the log and its evidence folder can be moved together. Copies go through a temp file named
`.iepcheck-<random>.tmp`, so a copy cut short is recognisable and cleared by the next write.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO

from iepcheck.errors import UserError
from iepcheck.language.messages import _
from iepcheck.store.files import (
    atomic_write,
    cannot_write,
    file_kind,
    make_private_dir,
    open_regular,
    reason,
    remove_stale_temps,
)
from iepcheck.store.scratch import remove_stale_scratch

TEMP_PREFIX = ".iepcheck-"
#: The evidence folder's temp files: `.iepcheck-<random>.tmp`, and `.<random>.tmp` as
#: earlier versions named them (the folder holds nothing else that starts with a dot).
STALE_TEMP = re.compile(r"\.(iepcheck-)?[a-z0-9_]{8}\.tmp")


def file_sha256(path: Path) -> str:
    """The file's SHA-256; a pipe or device is refused (NotRegularFile), never read."""
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_readable(path: Path, option: str = "--attach") -> None:
    """A saved document: a regular file we may read. Checked before anything is written."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise UserError(_("{option}: no file at {path}; check the path (nothing was "
                          "recorded)").format(option=option, path=path)) from None
    except OSError as error:
        raise UserError(_("{option}: cannot read {path}: {reason}").format(
            option=option, path=path, reason=reason(error))) from None
    if not stat.S_ISREG(mode):
        what = (_("a folder") if stat.S_ISDIR(mode)
                else file_kind(mode) or _("not a regular file"))
        raise UserError(_("{option}: {path} is {kind}, not a file; attach a saved document "
                          "(nothing was recorded)").format(option=option, path=path, kind=what))
    if not os.access(path, os.R_OK):
        raise UserError(_("{option}: cannot read {path}; check its permissions").format(
            option=option, path=path))


def stored_name(sha256: str, original: str) -> str:
    """The hash keeps one copy per content; the extension keeps it openable."""
    suffix = Path(original).suffix.lower()
    return sha256 + (suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else "")


def store(source: Path, folder: Path, log_dir: Path, name: str | None = None) -> dict[str, str]:
    """Copy `source` into the evidence folder (atomically, 0600); return the log's record.

    `name` is the original's name when `source` is not it (an entry carried over from a
    sync tool's copy attaches the stored file itself, which is then not copied again)."""
    check_readable(source)
    try:
        sha = file_sha256(source)
    except OSError as error:
        raise UserError(_("{option}: cannot read {path}: {reason}").format(
            option="--attach", path=source, reason=reason(error))) from None
    name = name or source.name
    target = folder / stored_name(sha, name)
    where = os.path.relpath(target, log_dir)
    if not text_is_utf8(where):
        raise UserError(_("{folder}: the name of this folder (or the plan's, which names it) "
                          "is not UTF-8 text, so the log could not name the copy; rename it, "
                          "and the plan and its log with it (nothing was recorded)").format(
                              folder=shown(folder)))
    try:
        make_private_dir(folder)
        if not (target.exists() and file_sha256(target) == sha):
            _copy_atomic(source, target)
    except OSError as error:
        raise cannot_write(target, reason(error)) from None
    return {"path": where, "sha256": sha, **readable_name(name)}


def text_is_utf8(text: str) -> bool:
    """False for a name read from bytes that are not UTF-8: Python holds each such byte as a
    lone surrogate, which no JSON parser reads back (it would lock the log)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def readable_name(name: str) -> dict[str, str]:
    """The original's name as the log keeps it: as is when it is UTF-8; else U+FFFD for each
    byte that is not, with the name's own bytes kept beside it in hex (docs/log-format.md)."""
    if text_is_utf8(name):
        return {"name": name}
    raw = name.encode("utf-8", "surrogateescape")
    return {"name": raw.decode("utf-8", "replace"), "name_bytes": raw.hex()}


def shown(path: Path) -> str:
    """A path for a message: bytes that are not UTF-8 as U+FFFD, so the line prints."""
    return os.fsencode(path).decode("utf-8", "replace")


def clear_stale_temps(folder: Path) -> list[str]:
    """Remove copies a killed writer left in the evidence folder. Call under the log's lock:
    every copy into the folder is made under it, so none is in progress."""
    return remove_stale_temps(folder, STALE_TEMP) + remove_stale_scratch(folder)


def _copy_atomic(source: Path, target: Path) -> None:
    """Copy a block at a time through storage's one atomic write (temp, fsync, rename)."""
    def copy(out: BinaryIO) -> None:
        with open_regular(source) as src:
            out.writelines(iter(lambda: src.read(1 << 20), b""))

    atomic_write(target, copy, temp_prefix=TEMP_PREFIX)
