"""Recording an observation: the one path every entry takes into the log.

A command turns its options into an `EntryDraft` (typed, frozen, checked as far as the
options allow). Under the log's lock, storage reads the current entries and asks `admit`
whether the draft may join them: the checks that depend on what is already recorded (a reply
to an entry that exists, a retraction of one that stands, a message not imported before) are
pure and live here. `entry_fields` then makes the entry exactly as the log stores it; tests
and benchmarks build entries through it too, so the layout is written once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from iepcheck.dates import MINUTES_PER_DAY
from iepcheck.errors import UserError
from iepcheck.language.messages import _, n_
from iepcheck.record.authors import OWNER
from iepcheck.record.notes import recorded_message_id
from iepcheck.vocabulary import EMAIL_KINDS

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from iepcheck.record.entries import Observation


@dataclass(frozen=True)
class EntryDraft:
    """What the user asked to record, before it has a number, an id or a seal."""

    kind: str
    date: date
    items: tuple[str, ...] = ()
    finding: str | None = None
    findings: tuple[tuple[str, str], ...] = ()  # (item, finding) where an item differs
    minutes: int | None = None
    reason: str | None = None
    who: str | None = None
    note: str | None = None
    attach: tuple[Path, ...] = ()  # original documents to keep in the evidence folder
    reply_to: int | None = None
    reply_to_author: str | None = None  # whose log `reply_to` is in; None: the writer's own
    retracts: int | None = None
    covers_from: dt.date | None = None  # a service log covering covers_from..date
    message_id: str | None = None  # an email's Message-ID: how a re-import is known
    source_sha256: str | None = None  # the SHA-256 of an imported original
    entry_id: str | None = None  # an entry carried over from a copy keeps its id
    attach_names: tuple[str, ...] = ()  # original names of `attach`, when its names are not
    in_reply_to: tuple[str, ...] = ()  # Message-IDs it answers (In-Reply-To, References)
    values: tuple[tuple[str, int | float], ...] = ()  # (goal, measured value), log version 3
    source: str | None = None  # "school": a row of the school's own log (log version 4)
    school_row: Mapping[str, Any] | None = None  # that row: file, sha256, row, code, times


def finding_for(kind: str, finding: str | None) -> str | None:
    """The finding an entry of `kind` records (docs/evidence.md): none for kinds that never
    carry one (an email asked is not evidence; its answer is); `implemented` by default for
    what was seen, heard or read in records; otherwise only the finding given."""
    from iepcheck.vocabulary import KINDS_IMPLEMENTED_BY_DEFAULT, KINDS_WITHOUT_FINDING

    if kind in KINDS_WITHOUT_FINDING:
        if finding is not None:
            raise UserError(_("--finding: a '{kind}' entry carries no finding (an email asked "
                              "is not evidence; its answer is)").format(kind=kind))
        return None
    if finding is None and kind in KINDS_IMPLEMENTED_BY_DEFAULT:
        return "implemented"
    return finding


class Duplicate(NamedTuple):
    """An imported message the log already holds: entry `n` of `author`'s log, and how it
    was recognised."""

    n: int
    why: str
    author: str = OWNER

    @property
    def reference(self) -> str:
        """The entry's own reference, `#3` or `dad#3`: how every line names it."""
        from iepcheck.record.authors import reference

        return reference(self.author, self.n)


class LogIndex:
    """The entries already recorded, with what `admit` looks up in them (Message-IDs, the
    files attached), kept up to date as a batch grows: a mailbox of thousands of messages is
    checked in one pass, not one pass over the log per message."""

    def __init__(self, entries: Sequence[Observation]) -> None:
        self.entries: list[Observation] = list(entries)
        self.by_message: dict[str, Observation] = {}
        self.by_file: dict[str, Observation] = {}
        self._by_id: dict[str, Observation] | None = None  # built when first asked
        for entry in self.entries:
            if entry.message_id is not None or entry.kind in EMAIL_KINDS or entry.attachments:
                self._index(entry)  # most entries of a log hold nothing to look up

    def add(self, entry: Observation) -> None:
        self.entries.append(entry)
        if self._by_id is not None:
            self._by_id[entry.id] = entry
        self._index(entry)

    def _index(self, entry: Observation) -> None:
        message_id = recorded_message_id(entry)
        if message_id:
            self.by_message.setdefault(message_id, entry)
        for attachment in entry.attachments:
            self.by_file.setdefault(attachment.sha256, entry)

    def with_id(self, entry_id: str) -> Observation | None:
        """The entry with this id (an entry carried over from a copy keeps its id)."""
        if self._by_id is None:
            self._by_id = {e.id: e for e in self.entries}
        return self._by_id.get(entry_id)

    def held(self, message_id: str | None, sha256: str | None,
             note: str | None = None) -> Duplicate | None:
        """The entry that already holds a message: same Message-ID, or same file. A message
        whose Message-ID is held by an email received with other content (`collision`) is
        not held: it is recorded, with a warning."""
        if message_id and message_id in self.by_message:
            held = self.by_message[message_id]
            if self.collision(message_id, sha256, note) is None:
                return Duplicate(held.n, _("same Message-ID"), _author(held))
        if sha256 and sha256 in self.by_file:
            same = self.by_file[sha256]
            return Duplicate(same.n, _("same file"), _author(same))
        return None

    def collision(self, message_id: str | None, sha256: str | None,
                  note: str | None) -> Observation | None:
        """The received email whose Message-ID this message repeats with other content: a
        collision or a spoof (docs/email-import.md). Other content: neither its original
        (by SHA-256) nor the note it would be recorded with is the earlier entry's; a mail
        client's second export of the same message differs in bytes, not in its note."""
        held = self.by_message.get(message_id) if message_id else None
        if (held is None or note is None or held.kind != "email-received"
                or not held.attachments or held.note == note
                or any(a.sha256 == sha256 for a in held.attachments)):
            return None
        return held

    def thread_reply(self, draft: EntryDraft) -> EntryDraft:
        """An imported reply joins its thread: `reply_to` the newest entry that its
        In-Reply-To/References name and that it may answer (docs/email-import.md)."""
        from dataclasses import replace

        from iepcheck.vocabulary import ANSWERABLE_KINDS, REPLY_KINDS

        if draft.reply_to is not None or draft.kind not in REPLY_KINDS:
            return draft
        for message_id in reversed(draft.in_reply_to):
            asked = self.by_message.get(message_id)
            if asked is not None and asked.kind in ANSWERABLE_KINDS and asked.date <= draft.date:
                return replace(draft, reply_to=asked.n)
        return draft


def admit(draft: EntryDraft, index: LogIndex, recorded_on: date,
          others: Mapping[str, Sequence[Observation]] | None = None) -> Duplicate | None:
    """Check a draft against the entries already recorded and the day it is recorded.

    Raises UserError when the draft refers to entries wrongly or is dated after the day it is
    written down; returns the earlier entry when the draft is an imported message the log
    already holds, or an entry carried over from a copy that it holds by id (to be skipped,
    not an error). `others` are the other authors' logs a reply may name (docs/authors.md).
    """
    if draft.date > recorded_on:
        raise UserError(_("--date: {day} is after today ({today}); nothing can be recorded "
                          "before it happens, whatever --as-of says").format(
                              day=draft.date, today=recorded_on))
    check_minutes(draft)
    held = index.with_id(draft.entry_id) if draft.entry_id is not None else None
    if held is not None:
        return Duplicate(held.n, _("same entry id"), _author(held))
    entries = index.entries
    if draft.reply_to is not None:
        if draft.reply_to_author is None:
            asked = _existing(entries, draft.reply_to, "--reply-to")
        else:
            asked = _elsewhere(others or {}, draft.reply_to_author, draft.reply_to)
        _check_reply(draft, asked)
    if draft.retracts is not None:
        retraction_target(entries, draft.retracts)
    if draft.message_id is None and draft.source_sha256 is None:
        return None
    return index.held(draft.message_id, draft.source_sha256,
                      draft.note if draft.source_sha256 is not None else None)


def check_minutes(draft: EntryDraft) -> None:
    """Minutes delivered or missed fit in the days the entry covers, a whole day (1440) each:
    a slip of extra digits (`--minutes 300000`) is refused rather than counted as delivered."""
    if draft.minutes is None:
        return
    days = (draft.date - (draft.covers_from or draft.date)).days + 1
    if draft.minutes > MINUTES_PER_DAY * days:
        shown = str(draft.minutes) if draft.minutes < 10**12 else _("a number that long")
        raise UserError(n_("--minutes: {shown} is more than {count} day can hold ({most} "
                           "minutes); give the minutes delivered or missed (nothing was "
                           "recorded)",
                           "--minutes: {shown} is more than {count} days can hold ({most} "
                           "minutes); give the minutes delivered or missed (nothing was "
                           "recorded)", days).format(
                               shown=shown, count=days, most=f"{MINUTES_PER_DAY * days:,}"))


def _existing(entries: Sequence[Observation], number: int, option: str) -> Observation:
    if not 1 <= number <= len(entries):
        raise UserError(_("{option}: there is no entry #{number} (the log has {count}); see "
                          "'iepcheck history'").format(option=option, number=number,
                                                       count=len(entries)))
    return entries[number - 1]


def _elsewhere(others: Mapping[str, Sequence[Observation]], author: str,
               number: int) -> Observation:
    """Entry `number` of another author's log, which must be beside this one."""
    log = others.get(author)
    if log is None:
        raise UserError(_("--reply-to: there is no log by '{author}' beside yours; see "
                          "'iepcheck history' for the entries of everyone's logs").format(
                              author=author))
    if not 1 <= number <= len(log):
        raise UserError(_("--reply-to: there is no entry {entry} ({author}'s log has {count}); "
                          "see 'iepcheck history'").format(entry=f"{author}#{number}",
                                                           author=author, count=len(log)))
    return log[number - 1]


def _check_reply(draft: EntryDraft, asked: Observation) -> None:
    """A reply answers a question that was asked: an email sent, a call or a meeting, on or
    before the reply's day (docs/evidence.md, 'Replies and threads')."""
    from iepcheck.vocabulary import ANSWERABLE_KINDS, REPLY_KINDS

    if draft.kind not in REPLY_KINDS:
        raise UserError(_("--reply-to: a '{kind}' entry answers nothing; replies are "
                          "{kinds}").format(kind=draft.kind, kinds=", ".join(sorted(REPLY_KINDS))))
    named = f"{draft.reply_to_author or ''}#{asked.n}"
    if asked.kind not in ANSWERABLE_KINDS:
        raise UserError(_("--reply-to: {entry} is a '{kind}' ({day}), not an email sent, a "
                          "call or a meeting; name the message this answers").format(
                              entry=named, kind=asked.kind, day=asked.date))
    if asked.date > draft.date:
        raise UserError(_("--reply-to: {entry} ({kind}, {day}) is dated after this {reply} "
                          "({reply_day}); a reply comes on or after what it answers").format(
                              entry=named, kind=asked.kind, day=asked.date, reply=draft.kind,
                              reply_day=draft.date))


def retraction_target(entries: Sequence[Observation], number: int) -> Observation:
    """The entry `retract NUMBER` withdraws, if it may be withdrawn."""
    target = _existing(entries, number, "retract")
    if target.retracts is not None:
        raise UserError(_("#{number} is itself a retraction; to restore #{withdrawn}, log it "
                          "again").format(number=number, withdrawn=target.retracts))
    if any(e.retracts == number for e in entries):
        raise UserError(_("#{number} is already retracted").format(number=number))
    return target


def earlier_import(draft: EntryDraft, entries: Sequence[Observation]) -> Duplicate | None:
    """The entry that already holds this imported message: same Message-ID, or same file."""
    return LogIndex(entries).held(draft.message_id, draft.source_sha256)


def _author(entry: Observation) -> str:
    """Whose log an entry is in (the owner's for an entry read without authors)."""
    return getattr(entry, "author", OWNER)


def entry_fields(draft: EntryDraft, *, n: int, entry_id: str, recorded_at: datetime,
                 attachments: Sequence[dict[str, str]] = ()) -> dict[str, Any]:
    """The entry as the log stores it (keys in the log's order), not yet sealed."""
    return {
        "n": n, "id": entry_id, "date": draft.date.isoformat(),
        "recorded_at": recorded_at.isoformat(timespec="seconds"),
        "kind": draft.kind, "items": list(draft.items), "finding": draft.finding,
        "minutes": draft.minutes, "reason": draft.reason, "who": draft.who, "note": draft.note,
        "attachments": [dict(a) for a in attachments], "reply_to": draft.reply_to,
        "retracts": draft.retracts, "findings": dict(draft.findings),
        "covers_from": draft.covers_from.isoformat() if draft.covers_from else None,
        "message_id": draft.message_id, "reply_to_author": draft.reply_to_author,
        "values": dict(draft.values), "source": draft.source,
        "school_row": dict(draft.school_row) if draft.school_row is not None else None,
        "hash": None,
    }


def findings_text(entry: Observation) -> str | None:
    """'implemented; breaks: not-implemented': the entry's finding, then any item's own."""
    if not entry.findings:  # the usual entry, on every row of a chronology: its one finding
        return entry.finding or None
    own = [f"{item}: {finding}" for item, finding in entry.findings.items()]
    text = "; ".join([*([entry.finding] if entry.finding else []), *own])
    return text or None


def number_text(value: float) -> str:
    """62, 62.5, 0.25: a measured value as people write it (no trailing .0, no exponent)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def values_text(entry: Observation) -> str | None:
    """'reading-fluency = 62; seat-leaving = 5': the goals the entry measures."""
    text = "; ".join(f"{goal} = {number_text(value)}" for goal, value in entry.values.items())
    return text or None


def describe(entry: Observation) -> str:
    """'#7 2026-11-20 service-log speech: implemented, 30 min' — what was just recorded."""
    about = " ".join([*entry.items, *entry.values]) or "(general)"
    parts = [p for p in (findings_text(entry), f"{entry.minutes} min" if entry.minutes else None,
                         values_text(entry)) if p]
    detail = f": {', '.join(parts)}" if parts else ""
    return f"#{entry.n} {entry.date} {entry.kind} {about}{detail}"
