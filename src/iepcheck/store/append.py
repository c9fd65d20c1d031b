"""How an append reaches the log file: one locked write that keeps every old byte
(docs/storage.md, docs/log-format.md).

A log laid out as this version writes it is copied from disk (`Validated`), never held in
memory; one laid out otherwise is spliced from the bytes read, or, for an older version or a
hand-made layout, written out whole (a migration, validated before it replaces the file).
`logbook.record` decides what to append; this module only writes it.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from iepcheck.errors import LogError
from iepcheck.language.messages import _
from iepcheck.record.log_format import LOG_VERSION, TAIL, entry_line, head, serialise_log
from iepcheck.record.seal import last_seal
from iepcheck.store.backups import keep_daily_backup, keep_migration_backup
from iepcheck.store.files import atomic_write, open_regular, read_regular
from iepcheck.store.validation import validate_log

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date
    from pathlib import Path

    from iepcheck.record.entries import Observation


class Validated(NamedTuple):
    """The log file as it was validated: an append copies it from disk, and copies only that.

    Any other program that changed it meanwhile (a sync tool, an editor: iepcheck's own
    writers wait for the lock) changes one of these, and the append stops."""

    path: Path
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path, handle: BinaryIO) -> Validated:
        found = os.fstat(handle.fileno())
        return cls(path, found.st_ino, found.st_size, found.st_mtime_ns)


#: What an append copies the existing entries from: the bytes read (any layout), or the log
#: file itself (`Validated`: laid out exactly as this version writes it), or nothing (None:
#: a new log).
Stored = bytes | Validated | None


def chain_head(path: Path, stored: Stored, entries: list[Observation]) -> str:
    """The seal the next entry chains to: the last stored one, else computed over them all."""
    if not entries or stored is None:
        return ""
    if entries[-1].hash is not None:
        return entries[-1].hash
    raw = read_regular(stored.path) if isinstance(stored, Validated) else stored
    return last_seal(json.loads(raw)["entries"])


def write_appended(path: Path, raw: Stored, new: list[dict[str, Any]], count: int,
           today: date) -> None:
    """Back up the day's first state, then replace the log with the new entries added.

    A log of an older version is migrated on this first write: kept whole as
    `NAME.vN.bak` first, then written at this version with every entry carried forward
    unchanged (a migration never touches what a seal covers), and the result validated
    before it replaces the file (docs/log-format.md).
    """
    if isinstance(raw, Validated):
        keep_daily_backup(path, _copied_from(raw), count, today)
        lines = b",\n".join(entry_line(fields) for fields in new)
        atomic_write(path, _copied_from(raw, len(TAIL),
                                        (b",\n" if count else b"") + lines + TAIL))
        return
    if raw is not None:
        keep_daily_backup(path, raw, count, today)
    pieces = _spliced(raw, new, bool(count)) if raw is not None else None
    if pieces is not None:
        atomic_write(path, lambda out: out.writelines(pieces))
        return
    old = json.loads(raw)["entries"] if raw is not None else []
    payload = serialise_log([*old, *new])
    version = _version_of(raw)
    if version is not None and version < LOG_VERSION:
        keep_migration_backup(path, raw, version)  # type: ignore[arg-type]
        validate_log(payload, path)  # the migrated log reads back whole, or nothing is written
    atomic_write(path, payload)


def _version_of(raw: bytes | None) -> int | None:
    if raw is None:
        return None
    version = json.loads(raw).get("version")
    return version if isinstance(version, int) else None


def _spliced(raw: bytes, new: list[dict[str, Any]],
             after_entries: bool) -> list[bytes | memoryview] | None:
    """The log with entries added after the existing bytes, as the pieces to write in order,
    when the file is laid out as `serialise_log` writes it; None otherwise (the caller then
    writes the whole log). The old bytes are written from a view of what was read: a
    100,000-entry log is never copied in memory to append one line.

    For a log `serialise_log` wrote, the result is byte for byte what it would write, without
    parsing and re-encoding every entry: appending to 10,000 entries costs one dump, not
    10,000. Entries someone laid out differently by hand keep their bytes too.
    A second `"entries"` anywhere (a key repeated by hand, or a note that says just that)
    takes the careful path.
    """
    if not (raw.startswith(head()) and raw.endswith(TAIL) and raw.count(b'"entries"') == 1):
        return None
    lines = b",\n".join(entry_line(fields) for fields in new)
    body = memoryview(raw)[: -len(TAIL)]
    return [body, b",\n" if after_entries else b"", lines, TAIL]


def _copied_from(source: Validated, drop: int = 0,
                 then: bytes = b"") -> Callable[[BinaryIO], None]:
    """A writer for `atomic_write`: the validated log less its closing `drop` bytes (which
    must be `TAIL`), then `then`. Copied a block at a time, so a large log is never held in
    memory; a log that is no longer the one validated is not copied (LogError)."""

    def write(out: BinaryIO) -> None:
        with open_regular(source.path) as handle:
            if Validated.of(source.path, handle) != source:
                raise _changed(source.path)
            left = source.size - drop
            while left > 0:
                block = handle.read(min(left, COPY_BLOCK))
                if not block:
                    raise _changed(source.path)
                out.write(block)
                left -= len(block)
            if drop and handle.read() != TAIL[-drop:]:
                raise _changed(source.path)
        out.write(then)

    return write


def _changed(path: Path) -> LogError:
    return LogError(_("{path} changed while iepcheck was adding to it (is another program, "
                      "a sync tool or an editor, writing it?); nothing was written: run the "
                      "command again").format(path=path))


COPY_BLOCK = 1 << 20
