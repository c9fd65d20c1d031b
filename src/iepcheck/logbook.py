"""The observation log on disk: read it, and append to it without ever losing an entry.

Reading validates the whole document with pydantic's JSON parser in one pass. Appending
takes the lock, re-reads, validates, seals the new entry, keeps a dated backup, and replaces
the file atomically (see storage.py). Existing entries are written back exactly as they were
read, so hand-made or imported entries keep their seals.
"""

from __future__ import annotations

import errno
import functools
import gc
import io
import json
import os
import re
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from iepcheck.errors import LogError, key_path
from iepcheck.logformat import LOG_VERSION, TAIL, VERSIONS, entry_line, head, serialise_log
from iepcheck.seal import last_seal, seal
from iepcheck.storage import (
    Guard,
    NotRegularFile,
    atomic_write,
    check_writable,
    link_loop,
    lock_path,
    locked,
    open_regular,
    read_regular,
    reason,
    resolve,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from pydantic import ValidationError

    from iepcheck.observations import Observation
    from iepcheck.recording import Duplicate, EntryDraft

KEEP_BACKUPS = 3
RECOVER = "the file was not changed; fix it by hand or restore a backup ({backups})"


def default_log_path(plan_path: Path) -> Path:
    """`maya.toml` -> `maya.log.json`, beside the plan."""
    return plan_path.with_name(f"{plan_path.stem}.log.json")


def evidence_dir(log_path: Path) -> Path:
    """`maya.log.json` -> `maya.evidence/`, beside the log."""
    name = log_path.name.removesuffix(".json").removesuffix(".log")
    return log_path.with_name(f"{name}.evidence")


def read_log(path: Path) -> list[Observation]:
    """Every entry, validated. A new log (no file, no backups) is empty; an empty or broken
    file, or a missing one whose backups are still beside it, is an error.

    The file is streamed a few thousand lines at a time, so a 100,000-entry log never has its
    whole JSON parse tree in memory at once.
    """
    try:
        with open_regular(path) as handle:
            entries = _validate_lines(handle)
    except FileNotFoundError:
        refuse_lost_log(path)
        return []
    except OSError as error:
        raise _unreadable(path, error) from None
    if entries is not None:
        return entries
    raw = _read_bytes(path)
    return _validate(raw, path) if raw is not None else []


def _unreadable(path: Path, error: OSError) -> LogError:
    if isinstance(error, IsADirectoryError):
        return LogError(f"{path} is a folder, not a log file; pass --log PATH")
    if isinstance(error, NotRegularFile):
        return LogError(f"{path} is {error.what}, not a log file; pass --log PATH naming "
                        "the log file (nothing was read or written)")
    return LogError(f"cannot read the log {path}: {reason(error)}")


def refuse_lost_log(path: Path) -> None:
    """A log that is not there is a new, empty log, unless something says it was lost.

    A symlink whose target is gone (a drive not mounted, a synced folder moved) or dated
    backups beside the missing file mean the record exists somewhere: starting an empty log
    in its place would hide it, so the user restores it or says, by moving the backups
    aside, that a new log is meant.
    """
    import shlex

    if path.is_symlink():
        try:
            os.stat(path)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise LogError(link_loop(path)) from None
        raise LogError(f"{path} is a link to {os.readlink(path)}, which is missing (a drive "
                       "not connected, or a moved file?); reconnect or restore it, or remove "
                       "the link to start a new log (nothing was written)")
    found = backups_of(path) or _other_backups(path)
    if found:
        newest = found[0]
        raise LogError(f"{path} is missing, but its backups are beside it (newest: "
                       f"{newest.name}); restore it with 'cp {shlex.quote(str(newest))} "
                       f"{shlex.quote(str(path))}', or to start a new log on purpose move the "
                       "backups to another folder (nothing was written)")


def _read_bytes(path: Path) -> bytes | None:
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        refuse_lost_log(path)
        return None
    except OSError as error:
        raise _unreadable(path, error) from None
    if not raw.strip():
        raise LogError(f"{path} is empty, so its entries are lost or it was not written by "
                       f"iepcheck; {_recover(path)}")
    return raw


def _validate(raw: bytes, path: Path) -> list[Observation]:
    """The entries of a log read whole: line by line when laid out as `serialise_log` writes
    it, else as one document (which also explains exactly what is wrong, and where)."""
    entries = _validate_lines(io.BytesIO(raw))
    return entries if entries is not None else _validate_document(raw, path)


_HEADS = frozenset(head(version) for version in VERSIONS)
BLOCK_BYTES = 1 << 21  # ~5,000 entries: small parse trees, few calls into pydantic


def _validate_lines(stream: BinaryIO) -> list[Observation] | None:
    """Validate a log written one entry per line, a block of whole lines at a time.

    A block of lines `{…},\n{…},\n` is a JSON array once bracketed, so each block goes to
    pydantic's JSON parser as it is: no per-line work in Python, and never the whole file's
    parse tree in memory. Returns None, having raised nothing, whenever the file is not
    exactly that layout or anything fails to validate: the whole-document path then gives
    the precise error.
    """
    from pydantic import ValidationError

    from iepcheck.observations import first_misnumbered, validate_entries_json

    if stream.readline() not in _HEADS:
        return None
    entries: list[Observation] = []
    collecting = gc.isenabled()
    gc.disable()  # every entry is a new, acyclic object: collecting while parsing only costs
    try:
        while True:
            block = stream.read(BLOCK_BYTES) + stream.readline()
            if block and not block.endswith((b",\n", TAIL[1:])):
                block += stream.readline()  # the last entry's line: the closing line follows
            ended = block.endswith(TAIL) or block == TAIL[1:]
            if not block or (not ended and not block.endswith(b",\n")):
                return None  # truncated, or laid out by hand
            body = block.removesuffix(TAIL[1:] if block == TAIL[1:] else TAIL).rstrip()
            if body:
                entries.extend(validate_entries_json(b"[" + body.removesuffix(b",") + b"]"))
            if ended:
                break
    except ValidationError:
        return None
    finally:
        if collecting:
            gc.enable()
    if stream.read(1) or first_misnumbered(entries) is not None:
        return None
    return entries


def _validate_document(raw: bytes, path: Path) -> list[Observation]:
    from pydantic import ValidationError

    from iepcheck.observations import LogDocument

    _check_header(raw, path)
    try:
        document = LogDocument.model_validate_json(raw)
    except ValidationError as error:
        raise LogError(_diagnose(raw, path, error)) from None
    return document.entries


def _check_header(raw: bytes, path: Path) -> None:
    """`"version"` must be a JSON integer this iepcheck reads: `true`, `"1"` and `1.0` are
    refused, though a lenient parser would take each of them for 1.

    Read before the entries, so a log from a newer iepcheck is named as such even when its
    entries have a shape this one does not know.
    """
    version = _raw_version(raw)
    if version is _ABSENT:
        return  # not JSON, not an object, or no version: the full validation explains
    if type(version) is not int:
        found = json.dumps(version, ensure_ascii=False)
        found = found if len(found) <= 40 else found[:39] + "…"
        raise LogError(f"{path}: version: must be a whole number such as {LOG_VERSION}, "
                       f"without quotes or a decimal point (found {found}); {_recover(path)}")
    check_version(version, path)


_ABSENT = object()


def _raw_version(raw: bytes) -> object:
    """The top-level `"version"` exactly as the JSON wrote it, or _ABSENT.

    Parsed by a one-field pydantic model that ignores every other key, so a large log's
    entries are skipped rather than built as Python objects.
    """
    from pydantic import ValidationError

    try:
        header = _header_model().model_validate_json(raw)
    except ValidationError:
        return _ABSENT
    return header.version if "version" in header.model_fields_set else _ABSENT


@functools.cache
def _header_model() -> Any:
    from pydantic import BaseModel, ConfigDict

    class Header(BaseModel):
        model_config = ConfigDict(extra="ignore")
        version: Any = None

    return Header


def check_version(version: int, path: Path) -> None:
    """A log version this iepcheck reads: 1 up to LOG_VERSION."""
    if version < 1:
        raise LogError(f"{path}: version: {version} is not a log version (iepcheck logs are "
                       f"numbered from 1); {_recover(path)}")
    if version > LOG_VERSION:
        raise LogError(f"{path} was written by a newer iepcheck (log version {version}; this "
                       f"one reads up to {LOG_VERSION}); upgrade iepcheck to use it")


def _diagnose(raw: bytes, path: Path, error: ValidationError) -> str:
    """Say what is wrong and where, in the user's terms."""
    try:
        json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return f"{path} is not UTF-8 text, so it is not an iepcheck log; {_recover(path)}"
    except json.JSONDecodeError as bad:
        return (f"{path}: line {bad.lineno}, column {bad.colno}: not valid JSON ({bad.msg}); "
                f"{_recover(path)}")
    first = error.errors(include_url=False)[0]
    where = key_path(first["loc"]) or "the document"
    if first["type"] == "missing" and len(first["loc"]) == 1:
        what = "is missing (an iepcheck log has format, version and entries)"
    else:
        what = first["msg"].removeprefix("Value error, ")
    return f"{path}: {where}: {what}; {_recover(path)}"


def _recover(path: Path) -> str:
    found = backups_of(path) + _other_backups(path)
    backups = ", ".join(p.name for p in found) or "none found"
    return RECOVER.format(backups=backups)


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


def _other_backups(path: Path) -> list[Path]:
    """Backups of the log made by hand (`NAME.*.bak` not in the dated pattern), newest first."""
    target = resolve(path)
    ours = set(backups_of(path))
    found = [p for p in target.parent.glob(f"{_glob_escape(target.name)}.*.bak") if p not in ours]
    return sorted(found, key=_mtime, reverse=True)


def _glob_escape(name: str) -> str:
    import glob

    return glob.escape(name)


def _mtime(path: Path) -> float:
    try:
        return path.lstat().st_mtime
    except OSError:
        return 0.0


def record_guards(plan: Path, log: Path) -> list[Guard]:
    """Every path that holds the record: the plan, the log, their locks, the log's backups
    (any `LOG.*.bak`, the user's own too) and the evidence folder. No output goes there."""
    guards: list[Guard] = []
    for path, what in ((plan, "the plan"), (log, "the observation log")):
        guards += [Guard(path, what), Guard(lock_path(resolve(path)), f"the lock file of {what}")]
    target = resolve(log)
    guards.append(Guard(target.with_name(f"{_glob_escape(target.name)}.*.bak"),
                        "a backup of the observation log", pattern=True))
    guards.append(Guard(evidence_dir(Path(os.path.realpath(log))), "in the evidence folder",
                        inside=True))
    return guards


def record(path: Path, drafts: Sequence[EntryDraft], *, now: datetime,
           evidence: Path | None = None,
           others: Mapping[str, Sequence[Observation]] | None = None) -> list[Recorded]:
    """Append the drafts that `recording.admit` lets in, in one locked read and one write.

    Under the lock the log is read afresh, so numbering, reply and retraction targets and
    earlier imports are checked against what is really in the file; each draft's originals are
    stored in the evidence folder, its entry sealed to the one before, and the whole batch
    written at once (a mailbox of 5,000 messages is one read and one write). Returns, per
    draft, the entry written or the earlier entry that already held it.

    `evidence` is the plan's evidence folder when it is not the log's own (another author's
    log shares the owner's, docs/authors.md); `others` are the other authors' logs, which a
    reply may name. They need no lock: entries are only ever added, never changed.
    """
    from iepcheck.attachments import clear_stale_temps
    from iepcheck.observations import validate_entry
    from iepcheck.recording import LogIndex, admit, entry_fields

    if not path.exists():  # before the lock: a dangling link's folder may not exist
        refuse_lost_log(path)
    folder = evidence or evidence_dir(Path(os.path.realpath(path)))
    outcomes: list[Recorded] = []
    with locked(path):
        check_writable(path)
        clear_stale_temps(folder)
        raw = _read_bytes(path)
        entries = _validate(raw, path) if raw is not None else []
        stored = LogIndex(entries)
        previous = _chain_head(raw, entries)
        new_fields: list[dict[str, Any]] = []
        for draft in map(stored.thread_reply, drafts):
            duplicate = admit(draft, stored, now.date(), others)
            if duplicate is not None:
                outcomes.append(Recorded(draft, None, duplicate))
                continue
            fields = entry_fields(draft, n=len(stored.entries) + 1,
                                  entry_id=draft.entry_id or str(uuid.uuid4()),
                                  recorded_at=now, attachments=_store(path, draft, folder))
            validate_entry(fields)  # a bad entry is refused before sealing
            fields["hash"] = previous = seal(fields, previous)
            entry = validate_entry(fields)
            stored.add(entry)
            new_fields.append(fields)
            outcomes.append(Recorded(draft, entry, None))
        if new_fields:
            _write(path, raw, new_fields, len(entries), now.date())
    return outcomes


class Recorded(NamedTuple):
    """One draft's outcome: the entry written, or the earlier entry that holds it already."""

    draft: EntryDraft
    entry: Observation | None
    duplicate: Duplicate | None


def _chain_head(raw: bytes | None, entries: list[Observation]) -> str:
    """The seal the next entry chains to: the last stored one, else computed over them all."""
    if not entries or raw is None:
        return ""
    if entries[-1].hash is not None:
        return entries[-1].hash
    return last_seal(json.loads(raw)["entries"])


def _store(path: Path, draft: EntryDraft, folder: Path) -> list[dict[str, str]]:
    """Keep the draft's originals in the evidence folder; their records for the entry."""
    if not draft.attach:
        return []
    from iepcheck.attachments import store

    target = resolve(path).resolve()
    names = draft.attach_names or tuple(p.name for p in draft.attach)
    return [store(p, folder, target.parent, name=name) for p, name in zip(draft.attach, names,
                                                                            strict=True)]


def _write(path: Path, raw: bytes | None, new: list[dict[str, Any]], count: int,
           today: date) -> None:
    """Back up the day's first state, then replace the log with the new entries added.

    A log of an older version is migrated on this first write: kept whole as
    `NAME.vN.bak` first, then written at this version with every entry carried forward
    unchanged (a migration never touches what a seal covers), and the result validated
    before it replaces the file (docs/log-format.md).
    """
    if raw is not None:
        _keep_backup(path, raw, count, today)
    payload = _spliced(raw, new, bool(count)) if raw is not None else None
    if payload is None:
        old = json.loads(raw)["entries"] if raw is not None else []
        payload = serialise_log([*old, *new])
        version = _version_of(raw)
        if version is not None and version < LOG_VERSION:
            _migration_backup(path, raw, version)  # type: ignore[arg-type]
            _validate(payload, path)  # the migrated log reads back whole, or nothing is written
    atomic_write(path, payload)


def _version_of(raw: bytes | None) -> int | None:
    if raw is None:
        return None
    version = json.loads(raw).get("version")
    return version if isinstance(version, int) else None


def _migration_backup(path: Path, raw: bytes, version: int) -> None:
    """The log exactly as the older version left it; never pruned (not a dated name)."""
    target = resolve(path)
    keep = target.with_name(f"{target.name}.v{version}.bak")
    if not keep.exists():
        atomic_write(keep, raw)


def _spliced(raw: bytes, new: list[dict[str, Any]], after_entries: bool) -> bytes | None:
    """The log with entries added after the existing bytes, when the file is laid out as
    `serialise_log` writes it; None otherwise (the caller then writes the whole log).

    For a log `serialise_log` wrote, the result is byte for byte what it would write, without
    parsing and re-encoding every entry: appending to 10,000 entries costs one dump, not
    10,000. Entries someone laid out differently by hand keep their bytes too.
    A second `"entries"` anywhere (a key repeated by hand, or a note that says just that)
    takes the careful path.
    """
    if not (raw.startswith(head()) and raw.endswith(TAIL) and raw.count(b'"entries"') == 1):
        return None
    lines = b",\n".join(entry_line(fields) for fields in new)
    body = raw[: -len(TAIL)]
    return body + (b",\n" if after_entries else b"") + lines + TAIL


def _keep_backup(path: Path, raw: bytes, count: int, today: date) -> None:
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
    try:
        return len(json.loads(read_regular(path)).get("entries", []))
    except (OSError, ValueError, AttributeError):
        return 1 << 62  # unreadable: keep it, a person should look


def author_logs(main: Path) -> dict[str, Path]:
    """Every author's log beside the plan's own log `main` (docs/authors.md): the owner's
    (`main`) when it is there, and `STEM.<author>.log.json`, by author, owner first.

    A name that is another plan's own log (`maya.school.log.json` beside `maya.school.toml`)
    is not an author's. A log that is gone while its dated backups are still there is listed
    too, so reading it refuses (`refuse_lost_log`) rather than leave its entries out unseen.
    """
    from iepcheck.authors import OWNER, author_of

    found: dict[str, Path] = {}
    try:
        names = sorted(os.listdir(main.parent or "."))
    except OSError:
        names = []
    backup = re.compile(r"(.+\.log\.json)\.\d{4}-\d{2}-\d{2}\.bak")
    for name in dict.fromkeys(m.group(1) if (m := backup.fullmatch(n)) else n for n in names):
        author = author_of(main.name, name)
        if author is None or author == OWNER:
            continue
        if (main.parent / f"{name.removesuffix('.log.json')}.toml").exists():
            continue
        found[author] = main.with_name(name)
    owner = {OWNER: main} if main.exists() or main.is_symlink() or backups_of(main) else {}
    return {**owner, **found}


def conflict_copies(main: Path) -> list[tuple[Path, str]]:
    """Copies a sync tool left beside the logs when two machines changed one at once:
    (the copy, the name of the log it is a copy of)."""
    from iepcheck.authors import conflict_copy_of

    try:
        names = sorted(os.listdir(main.parent or "."))
    except OSError:
        return []
    found = []
    for name in names:
        original = conflict_copy_of(main.name, name)
        if original is not None:
            found.append((main.with_name(name), original))
    return found


def shared_guards(main: Path) -> list[Guard]:
    """Every author's log beside `main`, its backups and its lock, written yet or not: an
    output named like one would be read as an author's log."""
    stem = _glob_escape(main.name.removesuffix(".json").removesuffix(".log"))
    return [Guard(main.with_name(f"{stem}.*.log.json"), "an author's observation log",
                  pattern=True),
            Guard(main.with_name(f"{stem}.*.log.json.*.bak"), "a backup of an author's log",
                  pattern=True),
            Guard(main.with_name(f".{stem}.*.log.json.lock"), "the lock file of an author's log",
                  pattern=True)]


def read_record(main: Path) -> list[Observation]:
    """Every author's entries beside the plan's own log `main`, merged in one order
    (docs/authors.md); for one log, its entries as `read_log` gives them."""
    from iepcheck.authors import merge
    from iepcheck.observations import by_author

    return merge([by_author(read_log(path), author)
                  for author, path in author_logs(main).items()])
