"""`verify`: show that no entry and no attachment changed after it was written.

The seal is checked link by link: entry i must carry SHA-256(stored seal of i-1 + its own
canonical JSON). Checking each link against the *stored* previous seal, rather than a chain
recomputed from the top, names the entry that changed instead of every entry after it. The
raw JSON is checked, not the validated model, because the seal is over what is on disk and a
tampered entry may no longer validate at all.

Unsealed entries (hand-made or imported logs) are listed but do not fail by themselves: they
still feed the chain, so a change to one breaks the seal of the next sealed entry.
Appending never shrinks the log, so every dated backup must be a prefix of it; an entry a
backup holds that the log lacks or holds differently was removed or changed (this is what
catches entries cut from the end, which no chain can show).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from iepcheck.errors import LogError
from iepcheck.language.messages import _, n_

#: Reads an attachment's SHA-256 by its path relative to the log's folder: None if it is
#: missing, UNREADABLE if it is there but cannot be read.
HashReader = Callable[[str], "str | None"]
UNREADABLE = "unreadable"


@dataclass
class Verification:
    entries: int = 0
    attachments: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)  # (entry number, what)
    unsealed: list[int] = field(default_factory=list)
    seals: list[str] = field(default_factory=list)  # the chain's value at each position
    receipts: int = 0  # receipts checked
    backups: list[str] = field(default_factory=list)  # compared, by name
    notes: list[str] = field(default_factory=list)  # said, not failed (an unreadable backup)

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def add(self, number: int, what: str) -> None:
        self.problems.append((number, what))


def load_raw(raw: bytes | None, path: Path) -> list[dict[str, Any]]:
    """The stored entries as plain dicts; a log that does not parse is a usage error (exit 2)."""
    from iepcheck.store.text_files import utf8_text

    if raw is None:
        raise LogError(_("{path}: no log here; pass --log PATH (nothing to verify)").format(
            path=path))
    try:
        document = json.loads(utf8_text(raw))  # a byte order mark is no part of the log
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise LogError(_("{path} is not a JSON log ({error}); restore a backup (see the .bak "
                         "files beside it)").format(path=path, error=error)) from None
    entries = document.get("entries") if isinstance(document, dict) else None
    if (
        not isinstance(document, dict)
        or document.get("format") != "iepcheck-log"
        or "version" not in document
        or not isinstance(entries, list)
        or not all(isinstance(e, dict) for e in entries)
    ):
        raise LogError(_("{path} is not an iepcheck log (it needs format, version and a list "
                         "of entries)").format(path=path))
    _check_version(document["version"], path)
    return entries


def _check_version(version: object, path: Path) -> None:
    """A log version this iepcheck reads: a JSON integer from 1 to logformat.LOG_VERSION.

    A seal says nothing about a format this version does not know, so `verify` refuses
    rather than report "OK" on a log it cannot really read.
    """
    from iepcheck.record.log_format import LOG_VERSION
    from iepcheck.store.validation import check_version

    if type(version) is not int:
        raise LogError(_("{path}: version: must be a whole number such as {version}, without "
                         "quotes or a decimal point (found {found}); restore a backup (see the "
                         ".bak files beside it)").format(path=path, version=LOG_VERSION,
                                                         found=json.dumps(version)[:40]))
    check_version(version, path)


def verify_entries(entries: Iterable[dict[str, Any]], attachment_hash: HashReader) -> Verification:
    """Check numbering, every seal, and every attachment's content, an entry at a time (the
    entries may be read as they are checked: only the one before is kept)."""
    from iepcheck.record.seal import seal

    result = Verification()
    previous = ""
    before: dict[str, Any] | None = None
    for position, entry in enumerate(entries, start=1):
        result.entries = position
        number = _number(entry, position)
        _check_number(result, entry.get("n"), position)
        expected = seal(entry, previous)
        stored = entry.get("hash")
        if stored is None:
            result.unsealed.append(number)
            result.add(number, _("it has no seal: iepcheck seals every entry it writes, so it "
                                 "was added by hand or its seal was removed; nothing vouches "
                                 "for it"))
        elif stored != expected:
            result.add(number, _broken_link(before))
        previous = stored if isinstance(stored, str) else expected
        result.seals.append(previous)
        _check_dated_before_recorded(result, number, entry)
        _check_attachments(result, number, entry.get("attachments"), attachment_hash)
        before = entry
    return result


def _check_dated_before_recorded(result: Verification, number: int,
                                 entry: dict[str, Any]) -> None:
    """Nothing is observed after the day it is written down (docs/evidence.md, 'Dates')."""
    day, recorded = entry.get("date"), entry.get("recorded_at")
    if isinstance(day, str) and isinstance(recorded, str) and day > recorded[:10]:
        result.add(number, _("it is dated {day}, after the day it was recorded ({recorded}): its "
                             "date was changed, or it was not written by iepcheck").format(
                                 day=day, recorded=recorded[:10]))


def check_receipt(result: Verification, number: int, prefix: str, source: str) -> None:
    """A receipt someone else holds names the chain's value at entry `number`."""
    result.receipts += 1
    if number > len(result.seals):
        result.add(number, _("the receipt in {source} shows #{number}, but the log holds only "
                             "{count} entries: entries were removed").format(
                                 source=source, number=number, count=len(result.seals)))
    elif not result.seals[number - 1].startswith(prefix):
        result.add(number, _("the seal of #{number} is not the one the receipt in {source} "
                             "shows ({prefix}): the log was changed at or before "
                             "#{number}").format(number=number, source=source, prefix=prefix))


def _number(entry: dict[str, Any], position: int) -> int:
    """The entry's number as stored, or its position when that was altered away."""
    number = entry.get("n")
    return number if isinstance(number, int) else position


def _check_number(result: Verification, number: object, position: int) -> None:
    if number == position:
        return
    if not isinstance(number, int):
        result.add(position, _("the entry in place {position} has no number: it was "
                               "altered").format(position=position))
    elif number > position:
        missing = f"#{position}" if number == position + 1 else f"#{position}–#{number - 1}"
        result.add(
            position,
            _("{missing} missing: the entry in place {position} is #{number}; entries were "
              "removed or reordered").format(missing=missing, position=position, number=number),
        )
    else:
        result.add(
            number, _("#{number} stands in place {position}: entries were removed or "
                      "reordered").format(number=number, position=position)
        )


def _broken_link(before: dict[str, Any] | None) -> str:
    if before is not None and before.get("hash") is None:
        return _("its seal does not match: it, or the unsealed entry before it, was altered "
                 "after it was written")
    return _("its seal does not match: it was altered after it was written, or the entry "
             "before it was changed, removed or moved")


def _check_attachments(
    result: Verification, number: int, attachments: object, attachment_hash: HashReader
) -> None:
    if not attachments:
        return
    if not isinstance(attachments, list):
        result.add(number, _("its attachments list was altered"))
        return
    for attachment in attachments:
        if not isinstance(attachment, dict) or not isinstance(attachment.get("path"), str):
            result.add(number, _("an attachment record was altered"))
            continue
        result.attachments += 1
        name = attachment.get("name") or attachment["path"]
        actual = attachment_hash(attachment["path"])
        if actual is None:
            result.add(number, _("attachment {name} is missing ({path})").format(
                name=name, path=attachment["path"]))
        elif actual == UNREADABLE:
            result.add(
                number,
                _("attachment {name} is there but unreadable ({path}); check the permissions "
                  "of the evidence folder and its files").format(name=name,
                                                                 path=attachment["path"]),
            )
        elif actual != attachment.get("sha256"):
            result.add(number, _("attachment {name} was changed ({path})").format(
                name=name, path=attachment["path"]))


def compare_backup(
    result: Verification, entries: Iterable[dict[str, Any]], name: str,
    backup: Iterable[dict[str, Any]]
) -> None:
    """A backup is the log as it once was; the log must still begin with every entry it has.
    Both are read side by side, an entry at a time."""
    result.backups.append(name)
    named = {n for n, _ in result.problems}
    current = iter(entries)
    for position, old in enumerate(backup, start=1):
        number = _number(old, position)
        now = next(current, None)
        if number in named:
            continue
        if now is None:
            result.add(
                number, _("#{number} is in the backup {name} but no longer in the log: "
                          "removed").format(number=number, name=name)
            )
        elif now != old:
            result.add(
                number, _("#{number} differs from the backup {name}: changed after it was "
                          "written").format(number=number, name=name)
            )
        else:
            continue
        named.add(number)


def attachment_state(read: Callable[[], str]) -> str | None:
    """What `read` (hashing one attachment) found: its SHA-256, None if the file or a folder
    on its path does not exist, UNREADABLE if it exists but cannot be read (permissions, a
    pipe or device in its place). "Missing" is a claim about the record; an unreadable
    file is only the reader's problem, so the two are never confused."""
    try:
        return read()
    except (FileNotFoundError, NotADirectoryError, ValueError):  # ValueError: a NUL in the path
        return None
    except OSError:
        return UNREADABLE


def verify_log(path: Path, receipts: Sequence[tuple[int, str]] = (), *,
               evidence: Path | None = None, author: str | None = None,
               record: str | None = None) -> Verification:
    """Read the log, its attachments and its backups from disk, and check them all, with the
    receipts given and every receipt found in an email kept in the evidence folder.

    `evidence` is the plan's evidence folder when the log is not the owner's; `author` is
    whose log it is (None: the owner's), so only receipts naming it are checked against it.
    """
    from iepcheck.store.attachments import file_sha256
    from iepcheck.store.backups import backups_of
    from iepcheck.store.files import read_regular, resolve
    from iepcheck.store.raw_lines import NotLaidOut, raw_entries

    target = resolve(path)
    folder = target.parent

    def attachment_hash(relative: str) -> str | None:
        return attachment_state(lambda: file_sha256(folder / relative))

    def log_lines() -> Iterator[dict[str, Any]]:
        with _open_log(path, target) as handle:
            try:
                yield from raw_entries(handle)
            except OSError as error:
                raise _unreadable_log(path, error) from None

    entries: Callable[[], Iterable[dict[str, Any]]] = log_lines
    try:  # a line at a time, never the whole parse tree (docs/verify.md)
        result = verify_entries(log_lines(), attachment_hash)
    except NotLaidOut:  # laid out by hand, or damaged: read whole, which says what is wrong
        with _open_log(path, target) as handle:
            whole = load_raw(handle.read(), path)
        result = verify_entries(whole, attachment_hash)
        entries = whole.__iter__
    for backup in backups_of(path):
        trial = Verification(problems=list(result.problems))
        try:
            try:
                with _open_backup(backup) as handle:
                    compare_backup(trial, entries(), backup.name, raw_entries(handle))
            except NotLaidOut:
                trial = Verification(problems=list(result.problems))
                compare_backup(trial, entries(), backup.name,
                               load_raw(read_regular(backup), backup))
        except (OSError, LogError):
            result.notes.append(_("backup {name} is unreadable; not compared").format(
                name=backup.name))
            continue
        result.backups += trial.backups
        result.problems = trial.problems
    for number, prefix in receipts:
        check_receipt(result, number, prefix, "--receipt")
    _check_found_receipts(result, entries, Path(os.path.realpath(path)), evidence, author,
                          record)
    result.problems.sort(key=lambda problem: problem[0])
    return result


def _open_backup(backup: Path) -> BinaryIO:
    from iepcheck.store.files import open_regular

    return open_regular(backup)


def _open_log(path: Path, target: Path) -> BinaryIO:
    """The log opened for reading; why not, as one sentence."""
    from iepcheck.store.files import NotRegularFile, open_regular
    from iepcheck.store.logbook import refuse_lost_log

    try:
        return open_regular(target)
    except FileNotFoundError:
        refuse_lost_log(path)
        load_raw(None, path)  # "no log here"
        raise
    except IsADirectoryError:
        raise LogError(_("{path} is a folder, not a log file; pass --log PATH").format(
            path=path)) from None
    except NotRegularFile as error:
        raise LogError(_("{path} is {kind}, not a log file; pass --log PATH").format(
            path=path, kind=error.what)) from None
    except OSError as error:
        raise _unreadable_log(path, error) from None


def _unreadable_log(path: Path, error: OSError) -> LogError:
    from iepcheck.store.files import reason

    return LogError(_("cannot read the log {path}: {reason}").format(path=path,
                                                                  reason=reason(error)))


def _check_found_receipts(result: Verification,
                          entries: Callable[[], Iterable[dict[str, Any]]], log: Path,
                          evidence: Path | None, author: str | None, record: str | None) -> None:
    """Each receipt kept in the evidence folder that names this log: checked against the
    chain, unless it is honestly of another one (`witness`), which is said, not failed.
    The log's entries are read whole only for a receipt the chain does not hold (rare)."""
    from iepcheck.language.messages import _
    from iepcheck.store.witness_chains import witness

    chains: dict[str, dict[str, list[dict[str, Any]]]] = {}
    held: list[dict[str, Any]] | None = None
    for whose, number, prefix, source, named in found_receipts(log, evidence):
        if whose != author:
            continue
        if record and named and named != record:
            result.notes.append(_("the receipt in {file} belongs to record {record}, not this "
                                  "one ({own}); it is checked with that record's plan")
                                .format(file=source, record=named, own=record))
            continue
        if not _holds(result, number, prefix):
            held = held if held is not None else list(entries())
            excuse = witness(held, number, prefix, source, named, log, evidence, chains)
            if excuse is not None:
                result.notes.append(excuse)
                continue
        failed = len(result.problems)
        check_receipt(result, number, prefix, source)
        if named is None and len(result.problems) > failed:
            result.notes.append(_("the receipt in {file} names no record (it was drafted "
                                  "before receipts named their record): if it is another "
                                  "child's, whose log is kept elsewhere, it says nothing about "
                                  "this record; verify that record with it").format(file=source))


def _holds(result: Verification, number: int, prefix: str) -> bool:
    return number <= len(result.seals) and result.seals[number - 1].startswith(prefix)


def found_receipts(log: Path, evidence: Path | None = None) -> list[
        tuple[str | None, int, str, str, str | None]]:
    """Receipts in the originals kept as evidence (drafts recorded as sent, imported
    messages, a reply saved as text, copies no entry refers to any more), whatever their
    extension or transfer encoding: (author, None for the owner's log; number; seal prefix;
    file name; the record the receipt names, None when it names none)."""
    from iepcheck.mail.receipts import receipts_in
    from iepcheck.store.files import read_regular
    from iepcheck.store.logbook import evidence_dir

    found = []
    folder = evidence or evidence_dir(log)
    for kept in sorted(folder.iterdir()) if folder.is_dir() else []:
        try:
            if kept.name.startswith(".") or kept.stat().st_size > MAX_SCANNED:
                continue
            raw = read_regular(kept)
        except OSError:
            continue
        found += [(author, n, prefix, kept.name, named)
                  for author, n, prefix, named in receipts_in(raw)]
    return found


#: Kept originals larger than this are scans or recordings, never a reply to scan.
MAX_SCANNED = 50 << 20


def summary(result: Verification) -> str:
    """The last line `verify` prints: all holds, or how much does not."""
    unsealed = _unsealed(result)
    if result.failed:
        failing = sorted({n for n, _ in result.problems})
        return n_("verify FAILED: {count} of {entries} fails ({numbers}){unsealed}",
                  "verify FAILED: {count} of {entries} fail ({numbers}){unsealed}",
                  len(failing)).format(count=len(failing), entries=_entries(result.entries),
                                       numbers=", ".join(f"#{n}" for n in failing),
                                       unsealed=unsealed)
    count = len(result.backups)
    backups = n_(", checked against {count} backup", ", checked against {count} backups",
                 count).format(count=count) if count else ""
    attachments = n_("{count} attachment unchanged", "{count} attachments unchanged",
                     result.attachments).format(count=result.attachments)
    return _("verify OK: {entries} in order, every seal holds, {attachments}"
             "{backups}{unsealed}").format(entries=_entries(result.entries),
                                           attachments=attachments, backups=backups,
                                           unsealed=unsealed)


def _unsealed(result: Verification) -> str:
    if not result.unsealed:
        return ""
    shown = ", ".join(f"#{n}" for n in result.unsealed[:10])
    more = "…" if len(result.unsealed) > 10 else ""
    return _("; unsealed (written without a seal, checked only through later seals): "
             "{numbers}").format(numbers=shown + more)


def _entries(count: int) -> str:
    return n_("{count} entry", "{count} entries", count).format(count=count)
