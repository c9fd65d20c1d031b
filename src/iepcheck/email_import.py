"""Saved emails (.eml, .mbox) as observations: who wrote to whom, when, and what it said.

Pure: bytes and a plan in, observation fields out; the command does the file work. Parsing is
the standard library's `email` package with `policy.default`, so RFC 2047 headers,
quoted-printable, base64 and any charset Python knows are decoded the way mail clients do; a
charset it does not know is read as UTF-8 with replacement characters rather than refused,
because the original message is kept byte for byte as an attachment anyway.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from iepcheck.errors import UserError
from iepcheck.recording import MESSAGE_ID_LINE

if TYPE_CHECKING:
    from email.message import EmailMessage

    from iepcheck.plan import Plan

#: Headers that make a file a message rather than any text with a colon in its first line.
IDENTIFYING_HEADERS = ("from", "to", "date", "message-id")
EXCERPT_LINES = 6
EXCERPT_LINE_CHARS = 200
_MBOX_SEPARATOR = re.compile(rb"(?:\A|(?<=\n)\r?\n)From [^\n]*\n")
_QUOTE_INTRO = re.compile(r"^(On .* wrote:|-+ ?Original Message ?-+|From: .*)$", re.IGNORECASE)


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

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    @property
    def day(self) -> date | None:
        """The day in the sender's own offset: the date printed on the message they sent."""
        return self.sent.date() if self.sent else None


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


def read_messages(raw: bytes, name: str) -> list[Email]:
    """Every message in a .eml or .mbox file; a file that holds none is refused."""
    chunks = split_messages(raw)
    if not chunks:
        raise UserError(
            f"{name} is not an email or mbox file: it holds no message; nothing was recorded"
        )
    emails = []
    for position, chunk in enumerate(chunks, start=1):
        found = parse_email(chunk)
        if found is None:
            where = f"{name}" if len(chunks) == 1 else f"{name}, message {position},"
            raise UserError(
                f"{where} is not an email (no From, To, Date or Message-ID "
                "header); save the message as .eml or .mbox; nothing was recorded"
            )
        emails.append(found)
    return emails


def parse_email(raw: bytes) -> Email | None:
    """The message's facts, or None when the bytes are not a message at all."""
    from email import message_from_bytes, policy

    message = message_from_bytes(raw, policy=policy.default)
    present = {key.lower() for key in message}
    if not present & set(IDENTIFYING_HEADERS):
        return None
    return Email(
        raw=raw,
        message_id="".join(_header(message, "message-id").split()) or None,
        subject=" ".join(_header(message, "subject").split()),
        senders=_addresses(message, "from"),
        recipients=_addresses(message, "to") + _addresses(message, "cc"),
        sent=_sent(message),
        excerpt=excerpt(plain_text(message)),
    )


def _header_values(message: EmailMessage, name: str) -> list[str]:
    """A header's values decoded (RFC 2047); a malformed one as its raw text, not an error."""
    try:
        return [str(value) for value in message.get_all(name) or []]
    except Exception:  # noqa: BLE001 - one broken header must not stop an import
        return [value for key, value in message.raw_items() if key.lower() == name]


def _header(message: EmailMessage, name: str) -> str:
    values = _header_values(message, name)
    return values[0] if values else ""


def _addresses(message: EmailMessage, name: str) -> tuple[tuple[str, str], ...]:
    from email.utils import getaddresses

    pairs = getaddresses(_header_values(message, name))
    return tuple((display, address) for display, address in pairs if "@" in address)


def _sent(message: EmailMessage) -> datetime | None:
    from email.utils import parsedate_to_datetime

    text = _header(message, "date").strip()
    if not text:
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def plain_text(message: EmailMessage) -> str:
    """The plain-text body, decoded; an HTML-only message as its text without tags."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = _decoded(part)
    return _strip_tags(text) if part.get_content_subtype() == "html" else text


def _decoded(part: EmailMessage) -> str:
    try:
        content = part.get_content()
        return content if isinstance(content, str) else ""
    except (LookupError, UnicodeError, KeyError, ValueError):  # an unknown or lying charset
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace")


def _strip_tags(markup: str) -> str:
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.chunks: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.skip += tag in ("script", "style")
            if tag in ("br", "p", "div", "li", "tr"):
                self.chunks.append("\n")

        def handle_endtag(self, tag: str) -> None:
            self.skip -= tag in ("script", "style") and self.skip > 0

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.chunks.append(data)

    reader = _Text()
    reader.feed(markup)
    reader.close()
    return "".join(reader.chunks)


def excerpt(body: str) -> str:
    """The first few lines the person wrote: blank lines dropped, stopping at a quoted reply."""
    lines: list[str] = []
    for line in body.splitlines():
        line = " ".join(line.split())
        if line.startswith(">") or _QUOTE_INTRO.match(line) or line == "--":
            break
        if line:
            lines.append(line[:EXCERPT_LINE_CHARS])
        if len(lines) == EXCERPT_LINES:
            break
    return "\n".join(lines)


def note_for(message: Email) -> str:
    """Subject, the opening lines, and the Message-ID (how a later import knows it is here)."""
    parts = [message.subject or "(no subject)"]
    if message.excerpt:
        parts.append(message.excerpt)
    if message.message_id:
        parts.append(MESSAGE_ID_LINE + message.message_id)  # how a re-import is recognised
    return "\n\n".join(parts)


def staff_match(message: Email, plan: Plan) -> tuple[str, str] | None:
    """(kind, staff id): from a staff address is received, to or copied to one is sent."""
    for kind, people in (("email-received", message.senders),
                         ("email-sent", message.recipients)):
        for _, address in people:
            member = plan.staff_named(address)  # an address matches only an address
            if member and (member.email or "").strip().casefold() == address.casefold():
                return kind, member.id
    return None


def counterpart(message: Email, kind: str) -> str | None:
    """Who, as free text, when no staff address matched: the recipient of what was sent, else
    the sender."""
    from email.utils import formataddr

    people = message.recipients if kind == "email-sent" else message.senders
    if not people:
        return None
    name, address = people[0]
    return formataddr((name, address)) if name else address
