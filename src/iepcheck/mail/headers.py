"""A message's headers read with rules of their own: addresses, names, Message-IDs, the Date.

Pure. The standard library's defaults can say more than the message does, so here:

* the sender is the address in angle brackets, never a display name that looks like one;
* RFC 2047 words and raw 8-bit bytes are decoded with the charset supersets (`mail_text`);
* a Date whose year is `0001` is refused, not read as 2001.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from iepcheck.language.messages import _
from iepcheck.mail.text import decode_bytes, windows_1252

if TYPE_CHECKING:
    from collections.abc import Sequence
    from email.message import Message

#: Years a Date header may name; anything else is a damaged header, not a date.
YEARS = (1900, 2200)
_ANGLE_ID = re.compile(r"<[^<>\s]+>")
_ADDRESS_LIKE = re.compile(r"[^\s<>\"'(),;:\[\]@]+@[^\s<>\"'(),;:\[\]@.]+(?:\.[^\s<>\"'(),;:\[\]@.]+)+")
_MAILBOX = re.compile(r'(?:"(?:[^"\\]|\\.)*"|[^\s<>()\[\],;:"@\\]+)@[^\s<>()\[\],;:"@\\]+')
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_RFC_DATE = re.compile(
    r"^\s*(?:[A-Za-z]+\s*,?\s*)?(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d+)(\s+\d{1,2}:\d{2}.*)$", re.DOTALL
)


def raw_header(message: Message, name: str) -> str:
    """The first value of a header as written (unfolded), before any decoding."""
    for key, value in message.raw_items():
        if key.lower() == name:
            return re.sub(r"\r?\n(?=[ \t])", "", str(value)).strip()
    return ""


def ascii_header(message: Message, name: str) -> str:
    """A header that should be ASCII (Message-ID, In-Reply-To, References) with any 8-bit
    bytes decoded as in every other header: a damaged ID is still text that can be written
    to the log and sealed (a byte read as a lone surrogate cannot)."""
    return _eight_bit(raw_header(message, name))[0]


def message_id_of(value: str) -> str | None:
    """`<id@host>` from a Message-ID header; a bare id@host without brackets as it is."""
    found = _ANGLE_ID.search(value)
    if found:
        return found.group()
    bare = value.strip()
    return bare if bare and "@" in bare and not re.search(r"[\s()<>]", bare) else None


def message_ids_in(value: str) -> tuple[str, ...]:
    """Every `<id@host>` of an In-Reply-To or References header, in order."""
    return tuple(_ANGLE_ID.findall(value))


def decode_header_text(value: str) -> tuple[str, bool]:
    """A header as mail clients show it: 8-bit bytes and RFC 2047 words decoded with the
    charset supersets; False when some of it did not decode as it said."""
    text, ok = _eight_bit(value)
    out: list[str] = []
    pending: tuple[str, bytearray] | None = None
    position = 0

    def flush() -> None:
        nonlocal ok, pending
        if pending is not None:
            decoded, fine = decode_bytes(bytes(pending[1]), pending[0])
            out.append(decoded)
            ok = ok and fine
            pending = None

    for word in _ENCODED_WORD.finditer(text):
        between = text[position : word.start()]
        if not (pending is not None and between.strip() == ""):  # RFC 2047: spaces between
            flush()  # adjacent encoded words are not text
            out.append(between)
        charset = word.group(1).split("*")[0].lower()
        data = _word_bytes(word.group(2), word.group(3))
        if data is None:
            flush()
            out.append(word.group())
            ok = False
        elif pending is not None and pending[0] == charset:
            pending[1].extend(data)  # a character may be split across two words
        else:
            flush()
            pending = (charset, bytearray(data))
        position = word.end()
    flush()
    out.append(text[position:])
    return "".join(out), ok


def _eight_bit(value: str) -> tuple[str, bool]:
    """Raw 8-bit bytes in a header (read as surrogates) as UTF-8, else windows-1252."""
    data = value.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        return windows_1252(data), False


def _word_bytes(encoding: str, payload: str) -> bytes | None:
    import base64
    import binascii

    try:
        if encoding in "bB":
            return base64.b64decode(payload + "=" * (-len(payload) % 4))
        return binascii.a2b_qp(payload.encode("ascii"), header=True)
    except (ValueError, binascii.Error, UnicodeEncodeError):
        return None


def parse_address_list(value: str) -> list[tuple[str, str]]:
    """(display name, address) pairs of an address header, read as mail clients deliver.

    The address is what is in angle brackets, so `alice@example.com <bob@example.com>` is
    bob (the standard library reads it as alice, or as both). Groups (`Team: a@x, b@y;`) give
    their members; an unquoted comma in a name (`Lee, Ms. <lee@x.org>`) stays in the name;
    a quoted local part (`"Big Bug"@x.org`) is kept as written.
    """
    pairs: list[tuple[str, str]] = []
    stray: list[str] = []
    for phrase, angle, comments in _mailboxes(value):
        if angle is not None:
            if angle.lstrip().startswith("@"):  # an obsolete route: @relay,@relay:user@host
                angle = angle.partition(":")[2]
            name = " ".join(_unquoted(phrase).split()) or " ".join(comments)
            if stray and name:
                name = ", ".join([*stray, name])
            stray = []
            found = [(name, _address_text(angle))]
        elif "@" not in phrase:
            stray.append(" ".join(_unquoted(phrase).split()))
            continue
        else:
            stray = []
            found = _loose_mailboxes(phrase, " ".join(comments))
        pairs.extend(pair for pair in found if _MAILBOX.fullmatch(pair[1]))
    return pairs


def _loose_mailboxes(phrase: str, comment: str) -> list[tuple[str, str]]:
    """Addresses written without angle brackets: `lee@x.org (Ms Lee)`, `"Big Bug"@x.org`,
    and the malformed `Ms Lee lee@x.org` or `a@x.org b@x.org` (a comma left out), read as
    the words around the address being its name."""
    tokens = phrase.split()
    addresses = [t for t in tokens if _MAILBOX.fullmatch(t)]
    if len(addresses) == 1:
        words = " ".join(_unquoted(t) for t in tokens if t not in addresses)
        return [(words or comment, addresses[0])]
    if addresses:
        return [("", a) for a in addresses]
    return [(comment, _address_text(phrase))]


def _unquoted(text: str) -> str:
    """A phrase as shown: quotes dropped, backslash escapes resolved."""
    return re.sub(r'\\(.)|"', lambda m: m.group(1) or "", text)


def _address_text(text: str) -> str:
    """An address as written, without the spaces and line folds outside quotes."""
    return "".join(
        part if part.startswith('"') else "".join(part.split())
        for part in re.split(r'("(?:[^"\\]|\\.)*")', text.strip())
    )


def _mailboxes(value: str) -> list[tuple[str, str | None, list[str]]]:
    """Split an address list at top-level commas into (phrase, angle text, comments); the
    phrase and angle text keep their quotes and escapes."""
    boxes: list[tuple[str, str | None, list[str]]] = []
    phrase: list[str] = []
    angle: list[str] | None = None
    comments: list[str] = []
    comment: list[str] = []
    depth, quoted, in_angle, escaped = 0, False, False, False

    def close() -> None:
        nonlocal phrase, angle, comments
        boxes.append(("".join(phrase), None if angle is None else "".join(angle), comments))
        phrase, angle, comments = [], None, []

    def into() -> list[str]:
        return angle if in_angle and angle is not None else phrase

    for char in value:
        if escaped:
            (comment if depth else into()).append(char)
            escaped = False
        elif char == "\\" and (quoted or depth):
            escaped = True
            if not depth:
                into().append(char)
        elif depth:
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    comments.append(" ".join("".join(comment).split()))
                    comment = []
                    continue
            comment.append(char)
        elif quoted:
            quoted = char != '"'
            into().append(char)
        elif char == '"':
            quoted = True
            into().append(char)
        elif char == "(":
            depth = 1
        elif in_angle:
            if char == ">":
                in_angle = False
            elif angle is not None:
                angle.append(char)
        elif char == "<":
            in_angle, angle = True, []
        elif char == ":" and angle is None and "@" not in "".join(phrase):
            phrase = []  # a group's name: its members follow
        elif char in ",;":
            close()
        else:
            phrase.append(char)
    close()
    return [box for box in boxes if box[0].strip() or box[1] is not None]


def addresses(message: Message, name: str) -> tuple[tuple[tuple[str, str], ...], bool]:
    """Every address of every `name` header, display names decoded."""
    pairs: list[tuple[str, str]] = []
    ok = True
    for key, value in message.raw_items():
        if key.lower() != name:
            continue
        text, fine = _eight_bit(re.sub(r"\r?\n(?=[ \t])", "", str(value)))
        ok = ok and fine
        for display, address in parse_address_list(text):
            decoded, fine = decode_header_text(display)
            ok = ok and fine
            pairs.append((" ".join(decoded.split()), address))
    return tuple(pairs), ok


def impostors(senders: Sequence[tuple[str, str]]) -> list[str]:
    """A warning for each display name that shows an address other than the real one (the
    first three: a name holding hundreds is one lie, told at length)."""
    warnings: list[str] = []
    for display, address in senders:
        for shown in _ADDRESS_LIKE.findall(display):
            line = f"[display name shows {shown}, but the address is {address}]"
            if shown.casefold() != address.casefold() and line not in warnings:
                warnings.append(line)
    return warnings[:3]


def read_date(value: str) -> tuple[datetime | None, str | None]:
    """(when it was sent, None) or (None, why the Date header cannot be used).

    `email.utils` reads any year below 100 as 19xx or 20xx, so `Date: … 0001` would become
    2001. Here a 4-digit year is taken as written and must fall in 1900–2200; a 2- or 3-digit
    year follows RFC 5322 (below 50 is 20xx, else 19xx; 3 digits add 1900); other lengths
    are refused.
    """
    from email.utils import parsedate_to_datetime

    text = " ".join(value.split())
    if not text:
        return None, _("no Date header")
    written = _RFC_DATE.match(text)
    if written:
        digits = written.group(3)
        year = _full_year(digits)
        if year is None or not YEARS[0] <= year <= YEARS[1]:
            return None, _("the Date header's year {year} is outside {first}–{last}").format(
                year=digits, first=YEARS[0], last=YEARS[1])
        text = f"{written.group(1)} {written.group(2)[:3]} {year}{written.group(4)}"
    try:
        sent = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None, _("the Date header is not a date ({value})").format(value=_shown(value))
    if not YEARS[0] <= sent.year <= YEARS[1] or (not written and str(sent.year) not in text):
        return None, _("the Date header has no readable year ({value})").format(
            value=_shown(value))
    return sent, None


def _full_year(digits: str) -> int | None:
    number = int(digits)
    if len(digits) == 4:
        return number
    if len(digits) == 2:
        return number + (2000 if number < 50 else 1900)
    if len(digits) == 3:
        return number + 1900
    return None


def _shown(value: str) -> str:
    text = " ".join(value.split())
    return repr(text if len(text) <= 60 else text[:60] + "…")
