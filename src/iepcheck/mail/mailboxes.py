"""A saved mailbox as messages: split an mbox (whole, or a line at a time in flat memory),
and glance at a message's headers to tell whether it can concern the plan's staff at all.

Pure: bytes in, messages out (docs/email-import.md, "The file"). Reading a message in full is
`mail/importing.py`; this module is what lets a year of a family's mail be read quickly.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from iepcheck.mail.headers import ascii_header, decode_header_text, message_id_of, raw_header
from iepcheck.mail.text import bounded

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from iepcheck.plan.model import Plan

#: Headers that make a file a message rather than any text with a colon in its first line.
IDENTIFYING_HEADERS = ("from", "to", "date", "message-id")
#: Subjects and names are bounded too: a longer one is a damaged or hostile header.
SUBJECT_CHARS = 1000
#: How an Outlook .msg file (a Windows compound document) starts.
OUTLOOK_MSG = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MBOX_SEPARATOR = re.compile(rb"(?:\A|(?<=\n)\r?\n)From [^\n]*\n")


@dataclass(frozen=True)
class Unrelated:
    """A message of a mailbox whose headers name no staff address, read from its headers
    alone: in a year of a family's mail most messages are these, and a full parse of each
    would be most of an import's time and memory. It is refused as a full read would refuse
    it (no staff address), after the same duplicate checks."""

    sha256: str
    message_id: str | None
    subject: str


def split_messages(raw: bytes) -> list[bytes]:
    """An mbox as its messages (envelope `From ` lines dropped); any other file as itself.

    A new message starts at a `From ` line at the top of the file or after a blank line, the
    rule mail clients write by; a `From ` line inside a paragraph stays in the body.
    """
    if not raw.startswith(b"From "):
        return [raw]
    starts = list(_MBOX_SEPARATOR.finditer(raw))
    messages = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(raw)
        body = raw[match.end() : end]
        messages.append(
            body.removesuffix(b"\n").removesuffix(b"\r") + b"\n" if body.strip() else b""
        )
    return [m for m in messages if m.strip()]


def split_stream(lines: Iterable[bytes]) -> Iterator[bytes]:
    """`split_messages` over a file read a line at a time (lines keep their line ends): the
    same messages, one held at a time, so a mailbox of any size is read in flat memory.
    A file that does not start with `From ` is one message, as there."""
    stream = iter(lines)
    first = next(stream, b"")
    if not first.startswith(b"From "):
        yield first + b"".join(stream)
        return
    if not first.endswith(b"\n"):
        return  # a separator is a whole line: a lone `From ` line holds no message
    current: list[bytes] = []
    blank_before = False
    for line in stream:
        if blank_before and line.startswith(b"From ") and line.endswith(b"\n"):
            current.pop()  # the blank line belongs to the separator
            yield from _one_message(current)
            current = []
            blank_before = False
            continue
        current.append(line)
        blank_before = line in (b"\n", b"\r\n")
    yield from _one_message(current)


def _one_message(lines: list[bytes]) -> Iterator[bytes]:
    """One message's lines as `split_messages` gives it: its last line end made `\n`."""
    body = b"".join(lines)
    if body.strip():
        yield body.removesuffix(b"\n").removesuffix(b"\r") + b"\n"


#: Headers that say who a message is from and to, read without a full parse.
_PARTIES = ("from", "to", "cc")


def glance(raw: bytes, staff_addresses: frozenset[str]) -> Unrelated | None:
    """An `Unrelated` when the message's From, To and Cc (read as written) hold none of the
    staff addresses; None when a full read is needed: a staff address appears anywhere in
    them, a header is encoded (`=?`), the headers cannot be split, or it may not be an email.
    Only ever a shortcut to the refusal a full read would give."""
    from email.parser import BytesHeaderParser
    from email.policy import compat32

    if raw.startswith(OUTLOOK_MSG):
        return None
    try:
        headers = BytesHeaderParser(policy=compat32).parsebytes(raw)
        present = {key.lower() for key in headers}
        parties = " ".join(raw_header(headers, name) for name in _PARTIES).casefold()
    except Exception:  # noqa: BLE001 - damaged headers: the full read says how
        return None
    if not present & set(IDENTIFYING_HEADERS) or "=?" in parties or not parties.isascii():
        return None
    if any(address in parties for address in staff_addresses):
        return None
    try:
        subject, _ = decode_header_text(raw_header(headers, "subject"))
        message_id = message_id_of(ascii_header(headers, "message-id"))
    except Exception:  # noqa: BLE001
        return None
    subject = bounded(" ".join(subject.split()), SUBJECT_CHARS)[0]
    return Unrelated(hashlib.sha256(raw).hexdigest(), message_id, subject)


def staff_addresses(plan: Plan) -> frozenset[str]:
    """Every staff email address, casefolded, as `glance` looks for them."""
    return frozenset(m.email.strip().casefold() for m in plan.staff if m.email and m.email.strip())
