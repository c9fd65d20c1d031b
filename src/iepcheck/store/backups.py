"""The log's backups on disk (docs/storage.md): the dated copy kept before each day's first
write, the whole copy kept before a migration, and the user's own `NAME.*.bak` files.

Files. Only iepcheck's dated pattern is ever pruned, and never a backup holding more entries
than the log: a backup the user made by hand, or a fuller copy, is what a person may need.
"""

from __future__ import annotations

import json
import os
import re
from typing import TYPE_CHECKING

from iepcheck.language.messages import N_, _
from iepcheck.store.files import atomic_write, read_regular, resolve

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date
    from pathlib import Path
    from typing import BinaryIO


KEEP_BACKUPS = 3


RECOVER = N_("the file was not changed; fix it by hand or restore a backup ({backups})")


def recover_hint(path: Path) -> str:
    found = backups_of(path) + other_backups(path)
    backups = ", ".join(p.name for p in found) or _("none found")
    return _(RECOVER).format(backups=backups)


def backups_of(path: Path) -> list[Path]:
    """The dated backups iepcheck wrote beside the log (`NAME.YYYY-MM-DD.bak`), newest first.

    Only that exact pattern: a backup the user made by hand (`NAME.before-edit.bak`) is
    never listed as one of ours, so it is never pruned.
    """
    target = resolve(path)
    dated = re.compile(rf"{re.escape(target.name)}\.\d{{4}}-\d{{2}}-\d{{2}}\.bak")
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []
    return sorted((target.parent / n for n in names if dated.fullmatch(n)), reverse=True)


def other_backups(path: Path) -> list[Path]:
    """Backups of the log made by hand (`NAME.*.bak` not in the dated pattern), newest first."""
    target = resolve(path)
    ours = set(backups_of(path))
    found = [p for p in target.parent.glob(f"{glob_escape(target.name)}.*.bak") if p not in ours]
    return sorted(found, key=_mtime, reverse=True)


def glob_escape(name: str) -> str:
    import glob

    return glob.escape(name)


def _mtime(path: Path) -> float:
    try:
        return path.lstat().st_mtime
    except OSError:
        return 0.0


def keep_migration_backup(path: Path, raw: bytes, version: int) -> None:
    """The log exactly as the older version left it; never pruned (not a dated name)."""
    target = resolve(path)
    keep = target.with_name(f"{target.name}.v{version}.bak")
    if not keep.exists():
        atomic_write(keep, raw)


def keep_daily_backup(path: Path, raw: bytes | Callable[[BinaryIO], None], count: int,
                      today: date) -> None:
    """The log as it was before the first write of each day; the newest few are kept.

    A backup holding more entries than the log never gets pruned: if the log ever shrank
    (a hand edit, a bad sync), the fuller copy is the one that matters.
    """
    target = resolve(path)
    todays = target.with_name(f"{target.name}.{today.isoformat()}.bak")
    if todays.exists():
        return
    atomic_write(todays, raw)
    for old in backups_of(path)[KEEP_BACKUPS:]:
        if _entry_count(old) <= count:
            old.unlink(missing_ok=True)


def _entry_count(path: Path) -> int:
    """How many entries a backup holds. A backup laid out one entry per line (as iepcheck
    writes it) is counted by its lines, without building 100,000 entries' worth of dicts to
    prune one file; anything else is parsed."""
    from iepcheck.record.log_format import TAIL, VERSIONS, head

    try:
        raw = read_regular(path)
        if raw.endswith(TAIL) and any(raw.startswith(head(v)) for v in VERSIONS):
            first, last = raw.index(b"\n") + 1, len(raw) - len(TAIL)  # the entries' lines
            return raw.count(b"\n", first, last) + 1 if last > first else 0
        return len(json.loads(raw).get("entries", []))
    except (OSError, ValueError, AttributeError):
        return 1 << 62  # unreadable: keep it, a person should look
