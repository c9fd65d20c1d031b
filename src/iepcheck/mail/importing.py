"""Saved emails (.eml, .mbox) as observations: who wrote to whom, when, and what it said.

Pure: bytes and a plan in, observation fields out; the command does the file work. The
standard library's `email` package splits a message into its parts; the facts that matter in
a hearing are read with rules of their own, because the library's defaults can say more than
the message does: headers (who, when, which message) in `mail_headers`, text (charsets, the
body, what the sender wrote) in `mail_text`. Here: files split into messages, each message
read or refused, and the import planned (what to record, skip or refuse).

`docs/email-import.md` says what becomes what.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from iepcheck.errors import UserError
from iepcheck.language.messages import _
from iepcheck.mail.auto_reply import automatic_reason
from iepcheck.mail.headers import (
    addresses,
    ascii_header,
    decode_header_text,
    impostors,
    message_id_of,
    message_ids_in,
    raw_header,
    read_date,
)
from iepcheck.mail.mailboxes import (
    IDENTIFYING_HEADERS,
    OUTLOOK_MSG,
    SUBJECT_CHARS,
    Unrelated,
    glance,
    split_messages,
)
from iepcheck.mail.text import NOTE_BODY_CHARS, body_text, bounded, excerpt
from iepcheck.record.notes import MESSAGE_ID_LINE, NO_MESSAGE_ID, automatic_reply_line

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from email.message import Message

    from iepcheck.plan.model import Plan
    from iepcheck.record.drafts import Duplicate, LogIndex
    from iepcheck.record.entries import Observation

NAME_CHARS = 200
#: A saved email (or one message of a mailbox) bigger than this is refused; a mailbox of any
#: size is read a message at a time.
MAX_FILE_BYTES = 50 * 1024 * 1024
UNREADABLE_TEXT = "[the text could not be read; the original is attached]"
UNDECODABLE = "[some text could not be decoded as its charset said; the original is attached]"



@dataclass(frozen=True)
class Email:
    """One message as iepcheck reads it; `raw` is what gets stored as evidence."""

    raw: bytes
    message_id: str | None
    subject: str
    senders: tuple[tuple[str, str], ...]  # (display name, address)
    recipients: tuple[tuple[str, str], ...]  # To, then Cc
    sent: datetime | None
    excerpt: str
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    #: Why `sent` is None: the header is missing, unreadable or names an impossible year.
    date_problem: str | None = None
    #: Bracketed lines the note carries: a display name posing as an address, text cut or
    #: not decodable as its charset said.
    notices: tuple[str, ...] = ()
    #: Why the message is a machine's reply (`auto_reply.automatic_reason`), else None.
    automatic: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    @property
    def day(self) -> date | None:
        """The day in the sender's own offset: the date printed on the message they sent."""
        return self.sent.date() if self.sent else None


@dataclass(frozen=True)
class Unreadable:
    """A message of a mailbox that cannot be read, and why (it is refused, not guessed at)."""

    raw: bytes
    reason: str


@dataclass(frozen=True)
class Planned:
    """One message to record: the fields of its entry."""

    position: int  # from 1, in the file
    email: Email
    kind: str
    who: str | None
    day: date
    finding: str | None
    note: str

    @property
    def message_id(self) -> str | None:
        return self.email.message_id

    @property
    def in_reply_to(self) -> tuple[str, ...]:
        """What it answers; an automatic reply answers nothing, so it threads to nothing."""
        return () if self.email.automatic else self.email.in_reply_to

    @property
    def references(self) -> tuple[str, ...]:
        return () if self.email.automatic else self.email.references

    @property
    def raw(self) -> bytes:
        return self.email.raw


@dataclass(frozen=True)
class ImportPlan:
    """What an import will do with each message of a file, decided before anything is written.

    `duplicates` maps a position to (the entry's own reference, `#3` or `dad#3`; why), the
    reference None when the message repeats an earlier one of the same file; `refused` maps
    a position to the reason;
    `collisions` a position to the entry that holds its Message-ID with other content.
    """

    to_record: list[Planned] = field(default_factory=list)
    duplicates: dict[int, tuple[str | None, str]] = field(default_factory=dict)
    refused: dict[int, str] = field(default_factory=dict)
    #: Messages recorded although an earlier entry holds their Message-ID (its number): the
    #: content differs, so it is a collision or a spoof, never "already imported".
    collisions: dict[int, Observation] = field(default_factory=dict)
    #: The same within one file: a position to the earlier message of the file whose
    #: Message-ID it repeats with other content (recorded too, with a warning).
    file_collisions: dict[int, int] = field(default_factory=dict)


# --- reading a file ----------------------------------------------------------------------


def read_stream(chunks: Iterable[bytes], name: str,
                staff: frozenset[str] | None) -> list[Email | Unreadable | Unrelated]:
    """`read_mailbox` over messages as they come; with `staff`, a message whose headers name
    none of them is only glanced at (`glance`), never parsed in full or held."""
    read: list[Email | Unreadable | Unrelated] = []
    for chunk in chunks:
        if len(chunk) > MAX_FILE_BYTES:
            read.append(Unreadable(b"", _("it is larger than {size} MiB, more than an email "
                                          "should be; save it on its own as .eml").format(
                                              size=MAX_FILE_BYTES >> 20)))
            continue
        quick = glance(chunk, staff) if staff is not None else None
        read.append(quick if quick is not None else read_one(chunk))
    if not read:
        raise UserError(_("{name} is not an email or mbox file: it holds no message; nothing "
                          "was recorded").format(name=name))
    if len(read) == 1 and isinstance(read[0], Unreadable):
        raise UserError(_("{name}: {reason}; nothing was recorded").format(
            name=name, reason=read[0].reason))
    return read


def read_mailbox(raw: bytes, name: str) -> list[Email | Unreadable]:
    """Every message of a .eml or .mbox file, each read or refused on its own.

    A file holding no message, or one message that is not an email, is refused as a whole:
    the user picked the wrong file. In a mailbox one bad message refuses only itself.
    """
    chunks = split_messages(raw)
    if not chunks:
        raise UserError(_("{name} is not an email or mbox file: it holds no message; nothing "
                          "was recorded").format(name=name))
    read = [read_one(chunk) for chunk in chunks]
    if len(read) == 1 and isinstance(read[0], Unreadable):
        raise UserError(_("{name}: {reason}; nothing was recorded").format(
            name=name, reason=read[0].reason))
    return read


def read_messages(raw: bytes, name: str) -> list[Email]:
    """Every message in a .eml or .mbox file; a file with any unreadable message is refused."""
    read = read_mailbox(raw, name)
    for position, found in enumerate(read, start=1):
        if isinstance(found, Unreadable):
            raise UserError(_("{name}, message {position}: {reason}; nothing was "
                              "recorded").format(name=name, position=position,
                                                 reason=found.reason))
    return [m for m in read if isinstance(m, Email)]


def read_one(raw: bytes) -> Email | Unreadable:
    """One message, or why it cannot be read. The parser meets hostile input here, so any
    failure of the standard library on these bytes refuses the message, never the import."""
    if raw.startswith(OUTLOOK_MSG):
        return Unreadable(
            raw,
            _("an Outlook .msg file, not an email file; forward the message to yourself and "
              "save it from a mail app as .eml, or export the folder as .mbox"),
        )
    try:
        found = parse_email(raw)
    except RecursionError:
        return Unreadable(raw, _("its parts are nested too deeply to read"))
    except Exception as error:  # noqa: BLE001 - a damaged message must not stop the others
        return Unreadable(raw, _("it could not be read ({error})").format(
            error=type(error).__name__))
    if found is None:
        return Unreadable(
            raw,
            _("not an email (no From, To, Date or Message-ID header); save the message as "
              ".eml or .mbox"),
        )
    return found


def parse_email(raw: bytes) -> Email | None:
    """The message's facts, or None when the bytes are not a message at all."""
    message, modern = _parsed(raw)
    present = {key.lower() for key in message}
    if not present & set(IDENTIFYING_HEADERS):
        return None
    subject, subject_ok = decode_header_text(raw_header(message, "subject"))
    subject, subject_cut = bounded(" ".join(subject.split()), SUBJECT_CHARS)
    senders, senders_ok = addresses(message, "from")
    to, to_ok = addresses(message, "to")
    cc, cc_ok = addresses(message, "cc")
    body, body_ok, body_read = body_text(message, modern)
    text, cut = bounded(excerpt(body))
    sent, date_problem = read_date(raw_header(message, "date"))
    notices = [*impostors(senders)]
    if subject_cut:
        notices.append(f"[subject cut at {SUBJECT_CHARS:,} characters; the whole message is "
                       "attached]")
    if cut:
        notices.append(f"[cut at {NOTE_BODY_CHARS:,} characters; the whole message is attached]")
    if not body_read:
        notices.append(UNREADABLE_TEXT)
    if not (subject_ok and senders_ok and to_ok and cc_ok and body_ok):
        notices.append(UNDECODABLE)
    automatic = automatic_reason(message, subject)
    if automatic:
        notices.append(automatic_reply_line(automatic))
    return Email(
        raw=raw,
        message_id=message_id_of(ascii_header(message, "message-id")),
        subject=subject,
        senders=senders,
        recipients=to + cc,
        sent=sent,
        excerpt=text,
        in_reply_to=message_ids_in(ascii_header(message, "in-reply-to")),
        references=message_ids_in(ascii_header(message, "references")),
        date_problem=date_problem,
        notices=tuple(notices),
        automatic=automatic,
    )


def _parsed(raw: bytes) -> tuple[Message, bool]:
    """The message parsed with `policy.default` (True), or, where that parser fails on a
    damaged header, with the older `compat32` one (False), which only splits the parts."""
    from email import message_from_bytes, policy

    try:
        return message_from_bytes(raw, policy=policy.default), True
    except RecursionError:
        raise
    except Exception:  # noqa: BLE001 - e.g. a null character in a parameter
        return message_from_bytes(raw, policy=policy.compat32), False


def note_for(message: Email) -> str:
    """Subject, what the sender wrote, any notices, and the Message-ID as the last line (how
    a later import knows it is here; `(none)` so a body line can never stand in for it)."""
    parts = [message.subject or "(no subject)"]
    if message.excerpt:
        parts.append(message.excerpt)
    if message.notices:
        parts.append("\n".join(message.notices))
    parts.append(MESSAGE_ID_LINE + (message.message_id or NO_MESSAGE_ID))
    return "\n\n".join(parts)


# --- who, and what to record --------------------------------------------------------------


def staff_match(message: Email, plan: Plan) -> tuple[str, str] | None:
    """(kind, staff id): from a staff address is received, to or copied to one is sent."""
    for kind, people in (("email-received", message.senders),
                         ("email-sent", message.recipients)):
        for _display, address in people:
            member = plan.staff_named(address)  # an address matches only an address
            if member and (member.email or "").strip().casefold() == address.casefold():
                return kind, member.id
    return None


def counterpart(message: Email, kind: str) -> str | None:
    """Who, as free text, when no staff address matched: the recipient of what was sent, else
    the sender. The name is decoded, quoted when it holds specials, and left out when it
    poses as another address."""
    people = message.recipients if kind == "email-sent" else message.senders
    if not people:
        return None
    name, address = people[0]
    if not name or impostors([(name, address)]):
        return address
    name = bounded(name, NAME_CHARS)[0]
    if re.search(r'[][\\()<>@,:;".]', name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{address}>"


def plan_import(
    messages: Sequence[Email | Unreadable | Unrelated],
    plan: Plan,
    existing_entries: Sequence[Observation],
    *,
    kind: str | None,
    date_override: date | None,
    finding: str | None,
    today: date,
    items: Sequence[str] = (),
) -> ImportPlan:
    """What to record, skip and refuse for every message of one file; writes nothing.

    One message: `date_override` is its day. Several: it is the day only of those with no
    readable Date; a message keeps its own date. A message dated after `today` is refused,
    as is one with no kind (no staff address and no `kind`) or a finding its kind cannot
    carry. No finding is recorded unless `finding` is given: an email is a record, and what
    it says decides. Duplicates: the same Message-ID or the same bytes, in the log or earlier
    in the file.
    """
    from iepcheck.record.drafts import LogIndex
    from iepcheck.vocabulary import KINDS_WITHOUT_FINDING

    index = LogIndex(existing_entries)  # one pass over the log, whatever the mailbox holds
    result = ImportPlan()
    seen_ids: dict[str, tuple[int, str | None]] = {}  # Message-ID -> (position, note)
    seen_files: dict[str, int] = {}
    single = len(messages) == 1
    for position, message in enumerate(messages, start=1):
        if isinstance(message, Unreadable):
            result.refused[position] = message.reason
            continue
        if isinstance(message, Unrelated):
            earlier = _held_unrelated(index, message)
        else:
            note = note_for(message)
            earlier = index.held(message.message_id, message.sha256, note)
            collided = index.collision(message.message_id, message.sha256, note)
            if collided is not None:
                result.collisions[position] = collided
        read_note = None if isinstance(message, Unrelated) else note
        repeat = seen_files.get(message.sha256) or _repeats(seen_ids, message, read_note,
                                                           result, position)
        if message.message_id:
            seen_ids.setdefault(message.message_id, (position, read_note))
        seen_files.setdefault(message.sha256, position)
        if earlier is not None:
            result.duplicates[position] = (earlier.reference, earlier.why)
            continue
        if repeat is not None:
            result.duplicates[position] = (None, _("repeats message {number} of this "
                                                   "file").format(number=repeat))
            continue
        matched = None if isinstance(message, Unrelated) else staff_match(message, plan)
        chosen = kind or (matched[0] if matched else None)
        if chosen is None or isinstance(message, Unrelated):
            result.refused[position] = (
                _("no staff address from the plan is in From, To or Cc; pass --kind "
                  "(e.g. --kind email-received) or add the address to [[staff]]")
            )
            continue
        if finding is not None and chosen in KINDS_WITHOUT_FINDING:
            result.refused[position] = (
                _("it is {kind}, which carries no finding; import it without "
                  "--finding").format(kind=chosen)
            )
            continue
        day = _day(message, date_override, single, today)
        if isinstance(day, str):
            result.refused[position] = day
            continue
        result.to_record.append(
            Planned(
                position=position,
                email=message,
                kind=chosen,
                who=matched[1] if matched else counterpart(message, chosen),
                day=day,
                finding=None if message.automatic else finding,
                note=note,
            )
        )
    return result


def _repeats(seen_ids: Mapping[str, tuple[int, str | None]], message: Email | Unrelated,
             note: str | None, result: ImportPlan, position: int) -> int | None:
    """The earlier message of the file this one repeats by Message-ID, or None. Two messages
    of one file with one Message-ID and other content (both read in full, their notes
    differ) are a collision or a spoof, as across imports: the second is recorded too, and
    `file_collisions` says which it collides with (docs/email-import.md)."""
    earlier = seen_ids.get(message.message_id) if message.message_id else None
    if earlier is None:
        return None
    first, first_note = earlier
    if note is not None and first_note is not None and note != first_note:
        result.file_collisions[position] = first
        return None
    return first


def _held_unrelated(index: LogIndex, message: Unrelated) -> Duplicate | None:
    """`held` for a message read from its headers alone: the same file is held; the same
    Message-ID is held only where no collision is possible (the earlier entry is not an email
    received with other originals), since its note cannot be compared unread."""
    same_file = index.held(None, message.sha256)
    if same_file is not None or not message.message_id:
        return same_file
    earlier = index.by_message.get(message.message_id)
    if earlier is None or (earlier.kind == "email-received" and earlier.attachments):
        return None
    return index.held(message.message_id, None)


def _day(message: Email, given: date | None, single: bool, today: date) -> date | str:
    """The entry's day, or the reason there is none."""
    if given is not None and (single or message.day is None):
        return given
    if message.day is None:
        return _("{problem}; pass --date with the day it was sent").format(
            problem=message.date_problem)
    if message.day > today:
        return _("dated in the future: its Date is {day} and today is {today}; if the "
                 "sender's clock was wrong, pass --date").format(day=message.day.isoformat(),
                                                                today=today.isoformat())
    return message.day
