"""The observation log on disk: read it, and append to it without ever losing an entry.

Reading validates the whole document with pydantic's JSON parser in one pass
(`store/validation.py`); a log that is missing while its backups are beside it is refused, not
started afresh. Backups are listed and kept by `store/backups.py`. Appending
takes the lock, re-reads, validates, seals the new entry, keeps a dated backup, and replaces
the file atomically (the write itself: `store/append.py`; see storage.py). Existing entries are written back exactly as they were
read, so hand-made or imported entries keep their seals.
"""

from __future__ import annotations

import errno
import os
import re
import uuid
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from iepcheck.errors import LogError
from iepcheck.language.messages import N_, _
from iepcheck.record.log_format import head
from iepcheck.record.seal import seal
from iepcheck.store.append import Stored, Validated, chain_head, write_appended
from iepcheck.store.backups import (
    backups_of,
    glob_escape,
    other_backups,
    recover_hint,
)
from iepcheck.store.files import (
    Guard,
    NotRegularFile,
    check_writable,
    link_loop,
    lock_path,
    locked,
    open_regular,
    read_regular,
    reason,
    resolve,
)
from iepcheck.store.validation import validate_lines, validate_log

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from iepcheck.record.drafts import Duplicate, EntryDraft
    from iepcheck.record.entries import Observation


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
            entries = validate_lines(handle)
    except FileNotFoundError:
        refuse_lost_log(path)
        return []
    except OSError as error:
        raise _unreadable(path, error) from None
    if entries is not None:
        return entries
    raw = _read_bytes(path)
    return validate_log(raw, path) if raw is not None else []


def _unreadable(path: Path, error: OSError) -> LogError:
    if isinstance(error, IsADirectoryError):
        return LogError(_("{path} is a folder, not a log file; pass --log PATH").format(
            path=path))
    if isinstance(error, NotRegularFile):
        return LogError(_("{path} is {kind}, not a log file; pass --log PATH naming the log "
                          "file (nothing was read or written)").format(path=path,
                                                                      kind=error.what))
    return LogError(_("cannot read the log {path}: {reason}").format(path=path,
                                                                     reason=reason(error)))


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
        raise LogError(_("{path} is a link to {target}, which is missing (a drive not "
                         "connected, or a moved file?); reconnect or restore it, or remove the "
                         "link to start a new log (nothing was written)").format(
                             path=path, target=os.readlink(path)))
    found = backups_of(path) or other_backups(path)
    if found:
        newest = found[0]
        raise LogError(_("{path} is missing, but its backups are beside it (newest: "
                         "{newest}); restore it with '{command}', or to start a new log on "
                         "purpose move the backups to another folder (nothing was "
                         "written)").format(
                             path=path, newest=newest.name,
                             command=f"cp {shlex.quote(str(newest))} {shlex.quote(str(path))}"))


def _read_bytes(path: Path) -> bytes | None:
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        refuse_lost_log(path)
        return None
    except OSError as error:
        raise _unreadable(path, error) from None
    if not raw.strip():
        raise LogError(_("{path} is empty, so its entries are lost or it was not written by "
                         "iepcheck; {hint}").format(path=path, hint=recover_hint(path)))
    return raw


def record_guards(plan: Path, log: Path) -> list[Guard]:
    """Every path that holds the record: the plan, the log, their locks, the log's backups
    (any `LOG.*.bak`, the user's own too) and the evidence folder. No output goes there."""
    guards: list[Guard] = []
    for path, what, lock in ((plan, N_("the plan"), N_("the lock file of the plan")),
                             (log, N_("the observation log"),
                              N_("the lock file of the observation log"))):
        guards += [Guard(path, what), Guard(lock_path(resolve(path)), lock)]
    target = resolve(log)
    guards.append(Guard(target.with_name(f"{glob_escape(target.name)}.*.bak"),
                        N_("a backup of the observation log"), pattern=True))
    guards.append(Guard(evidence_dir(Path(os.path.realpath(log))), N_("in the evidence folder"),
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
    from iepcheck.record.drafts import LogIndex, admit, entry_fields
    from iepcheck.record.entries import validate_entry
    from iepcheck.store.attachments import clear_stale_temps

    if not path.exists():  # before the lock: a dangling link's folder may not exist
        refuse_lost_log(path)
    folder = evidence or evidence_dir(Path(os.path.realpath(path)))
    outcomes: list[Recorded] = []
    with locked(path):
        check_writable(path)
        clear_stale_temps(folder)
        entries, raw = _read_for_append(path)
        stored = LogIndex(entries)
        previous = chain_head(path, raw, entries)
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
            write_appended(path, raw, new_fields, len(entries), now.date())
    return outcomes


class Recorded(NamedTuple):
    """One draft's outcome: the entry written, or the earlier entry that holds it already."""

    draft: EntryDraft
    entry: Observation | None
    duplicate: Duplicate | None


def _read_for_append(path: Path) -> tuple[list[Observation], Stored]:
    """The entries, validated under the lock, and what the write will copy them from.

    A log laid out as this version writes it (nearly every log) is streamed, as `read_log`
    reads it, and later copied file to file: appending one entry to 100,000 never holds the
    file's 50 MB in memory beside its entries. Any other log (older version, laid out by
    hand) is read whole, as the careful path needs its bytes.
    """
    try:
        with open_regular(path) as handle:
            as_read = Validated.of(resolve(path), handle)
            if handle.readline() == head():
                handle.seek(0)
                entries = validate_lines(handle)
                if entries is not None:
                    return entries, as_read
    except FileNotFoundError:
        pass  # `_read_bytes` says whether a new log may start here
    except OSError as error:
        raise _unreadable(path, error) from None
    raw = _read_bytes(path)
    return (validate_log(raw, path) if raw is not None else []), raw


def _store(path: Path, draft: EntryDraft, folder: Path) -> list[dict[str, str]]:
    """Keep the draft's originals in the evidence folder; their records for the entry."""
    if not draft.attach:
        return []
    from iepcheck.store.attachments import store

    target = resolve(path).resolve()
    names = draft.attach_names or tuple(p.name for p in draft.attach)
    return [store(p, folder, target.parent, name=name) for p, name in zip(draft.attach, names,
                                                                            strict=True)]


def author_logs(main: Path) -> dict[str, Path]:
    """Every author's log beside the plan's own log `main` (docs/authors.md): the owner's
    (`main`) when it is there, and `STEM.<author>.log.json`, by author, owner first.

    A name that is another plan's own log (`maya.school.log.json` beside `maya.school.toml`)
    is not an author's. A log that is gone while its dated backups are still there is listed
    too, so reading it refuses (`refuse_lost_log`) rather than leave its entries out unseen.
    """
    from iepcheck.record.authors import OWNER, author_of

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
    from iepcheck.record.authors import conflict_copy_of

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
    stem = glob_escape(main.name.removesuffix(".json").removesuffix(".log"))
    return [Guard(main.with_name(f"{stem}.*.log.json"), N_("an author's observation log"),
                  pattern=True),
            Guard(main.with_name(f"{stem}.*.log.json.*.bak"), N_("a backup of an author's log"),
                  pattern=True),
            Guard(main.with_name(f".{stem}.*.log.json.lock"),
                  N_("the lock file of an author's log"), pattern=True)]


def read_record(main: Path) -> list[Observation]:
    """Every author's entries beside the plan's own log `main`, merged in one order
    (docs/authors.md); for one log, its entries as `read_log` gives them."""
    from iepcheck.record.entries import by_author
    from iepcheck.record.merging import merge

    return merge([by_author(read_log(path), author)
                  for author, path in author_logs(main).items()])
