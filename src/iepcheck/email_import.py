"""Saved emails (.eml, .mbox) as observations: who wrote to whom, when, and what it said.

Pure: bytes and a plan in, observation fields out; the command does the file work. The
standard library's `email` package splits a message into its parts; the facts that matter in
a hearing are read here with rules of their own, because the library's defaults can say more
than the message does:

* the sender is the address in angle brackets, never a display name that looks like one;
* text is decoded the way mail clients decode it (`gb2312` as GBK, `iso-8859-1` as
  windows-1252, per the WHATWG Encoding Standard), and text that does not decode as its
  charset says is marked in the note, since the original is attached;
* a Date whose year is `0001` is refused, not read as 2001.

`docs/email-import.md` says what becomes what.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from iepcheck.errors import UserError
from iepcheck.recording import MESSAGE_ID_LINE, NO_MESSAGE_ID

if TYPE_CHECKING:
    from collections.abc import Sequence
    from email.message import EmailMessage, Message

    from iepcheck.observations import Observation
    from iepcheck.plan import Plan

#: Headers that make a file a message rather than any text with a colon in its first line.
IDENTIFYING_HEADERS = ("from", "to", "date", "message-id")
#: The note keeps everything the sender wrote above the quoted reply, up to this many
#: characters; a longer text is cut, and the note says so (the original is attached).
NOTE_BODY_CHARS = 4000
#: Subjects and names are bounded too: a longer one is a damaged or hostile header.
SUBJECT_CHARS = 1000
NAME_CHARS = 200
#: A saved mailbox bigger than this is refused before it is read.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Years a Date header may name; anything else is a damaged header, not a date.
YEARS = (1900, 2200)
#: How an Outlook .msg file (a Windows compound document) starts.
OUTLOOK_MSG = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UNREADABLE_TEXT = "[the text could not be read; the original is attached]"
UNDECODABLE = "[some text could not be decoded as its charset said; the original is attached]"
_MBOX_SEPARATOR = re.compile(rb"(?:\A|(?<=\n)\r?\n)From [^\n]*\n")
_QUOTE_INTRO = re.compile(r"^(On .* wrote:|-+ ?Original Message ?-+|From: .*)$", re.IGNORECASE)
_ANGLE_ID = re.compile(r"<[^<>\s]+>")
_ADDRESS_LIKE = re.compile(r"[^\s<>\"'(),;:\[\]@]+@[^\s<>\"'(),;:\[\]@.]+(?:\.[^\s<>\"'(),;:\[\]@.]+)+")
_MAILBOX = re.compile(r'(?:"(?:[^"\\]|\\.)*"|[^\s<>()\[\],;:"@\\]+)@[^\s<>()\[\],;:"@\\]+')
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_RFC_DATE = re.compile(
    r"^\s*(?:[A-Za-z]+\s*,?\s*)?(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d+)(\s+\d{1,2}:\d{2}.*)$", re.DOTALL
)

#: Charset labels mail clients read as a wider encoding (WHATWG Encoding Standard): text
#: written by Windows under a `gb2312` or `iso-8859-1` label routinely holds characters only
#: the wider one has.
SUPERSETS = {
    **dict.fromkeys(
        ("gb2312", "gb_2312", "gb_2312-80", "gbk", "x-gbk", "chinese", "csgb2312",
         "csiso58gb231280", "iso-ir-58", "euc-cn", "cp936", "windows-936", "gb18030"),
        "gb18030",
    ),
    **dict.fromkeys(
        ("ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "euc-kr", "cseuckr",
         "korean", "csksc56011987", "iso-ir-149", "windows-949", "cp949"),
        "cp949",
    ),
    **dict.fromkeys(
        ("iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "iso88591", "latin1",
         "latin-1", "l1", "cp819", "ibm819", "iso-ir-100", "csisolatin1", "windows-1252",
         "x-cp1252", "cp1252"),
        "cp1252",
    ),
    **dict.fromkeys(
        ("iso-8859-9", "iso8859-9", "iso_8859-9", "latin5", "l5", "iso-ir-148", "windows-1254"),
        "cp1254",
    ),
    **dict.fromkeys(("iso-8859-11", "tis-620", "windows-874", "dos-874"), "cp874"),
    **dict.fromkeys(
        ("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j"),
        "cp932",
    ),
    **dict.fromkeys(("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"), "big5hkscs"),
    **dict.fromkeys(("iso-8859-8-i", "csiso88598i", "logical"), "iso8859-8"),
    **dict.fromkeys(("utf8", "unicode-1-1-utf-8", "x-unicode20utf8"), "utf-8"),
}


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
        return self.email.in_reply_to

    @property
    def references(self) -> tuple[str, ...]:
        return self.email.references

    @property
    def raw(self) -> bytes:
        return self.email.raw


@dataclass(frozen=True)
class ImportPlan:
    """What an import will do with each message of a file, decided before anything is written.

    `duplicates` maps a position to (entry number, why), the number None when the message
    repeats an earlier one of the same file; `refused` maps a position to the reason.
    """

    to_record: list[Planned] = field(default_factory=list)
    duplicates: dict[int, tuple[int | None, str]] = field(default_factory=dict)
    refused: dict[int, str] = field(default_factory=dict)


# --- reading a file ----------------------------------------------------------------------


def check_mail_file(mode: int, size: int, name: str) -> None:
    """Refuse a pipe, a device or a huge file before reading it (`mode`, `size` from stat)."""
    import stat

    if not stat.S_ISREG(mode):
        raise UserError(
            f"{name} is not a regular file (a pipe, device or folder); save the email as a "
            ".eml or .mbox file and import that"
        )
    if size > MAX_FILE_BYTES:
        raise UserError(
            f"{name} is {size / 1024 / 1024:.0f} MB, over the {MAX_FILE_BYTES // 1024 // 1024} MB "
            "limit for one import; export fewer messages at a time (one label or month)"
        )


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


def read_mailbox(raw: bytes, name: str) -> list[Email | Unreadable]:
    """Every message of a .eml or .mbox file, each read or refused on its own.

    A file holding no message, or one message that is not an email, is refused as a whole:
    the user picked the wrong file. In a mailbox one bad message refuses only itself.
    """
    chunks = split_messages(raw)
    if not chunks:
        raise UserError(
            f"{name} is not an email or mbox file: it holds no message; nothing was recorded"
        )
    read = [read_one(chunk) for chunk in chunks]
    if len(read) == 1 and isinstance(read[0], Unreadable):
        raise UserError(f"{name}: {read[0].reason}; nothing was recorded")
    return read


def read_messages(raw: bytes, name: str) -> list[Email]:
    """Every message in a .eml or .mbox file; a file with any unreadable message is refused."""
    read = read_mailbox(raw, name)
    for position, found in enumerate(read, start=1):
        if isinstance(found, Unreadable):
            raise UserError(f"{name}, message {position}: {found.reason}; nothing was recorded")
    return [m for m in read if isinstance(m, Email)]


def read_one(raw: bytes) -> Email | Unreadable:
    """One message, or why it cannot be read. The parser meets hostile input here, so any
    failure of the standard library on these bytes refuses the message, never the import."""
    if raw.startswith(OUTLOOK_MSG):
        return Unreadable(
            raw,
            "an Outlook .msg file, not an email file; forward the message to yourself and save "
            "it from a mail app as .eml, or export the folder as .mbox",
        )
    try:
        found = parse_email(raw)
    except RecursionError:
        return Unreadable(raw, "its parts are nested too deeply to read")
    except Exception as error:  # noqa: BLE001 - a damaged message must not stop the others
        return Unreadable(raw, f"it could not be read ({type(error).__name__})")
    if found is None:
        return Unreadable(
            raw,
            "not an email (no From, To, Date or Message-ID header); save the message as "
            ".eml or .mbox",
        )
    return found


def parse_email(raw: bytes) -> Email | None:
    """The message's facts, or None when the bytes are not a message at all."""
    message, modern = _parsed(raw)
    present = {key.lower() for key in message}
    if not present & set(IDENTIFYING_HEADERS):
        return None
    subject, subject_ok = decode_header_text(_raw_header(message, "subject"))
    subject, subject_cut = bounded(" ".join(subject.split()), SUBJECT_CHARS)
    senders, senders_ok = _addresses(message, "from")
    to, to_ok = _addresses(message, "to")
    cc, cc_ok = _addresses(message, "cc")
    body, body_ok, body_read = _body(message, modern)
    text, cut = bounded(excerpt(body))
    sent, date_problem = read_date(_raw_header(message, "date"))
    notices = [*_impostors(senders)]
    if subject_cut:
        notices.append(f"[subject cut at {SUBJECT_CHARS:,} characters; the whole message is "
                       "attached]")
    if cut:
        notices.append(f"[cut at {NOTE_BODY_CHARS:,} characters; the whole message is attached]")
    if not body_read:
        notices.append(UNREADABLE_TEXT)
    if not (subject_ok and senders_ok and to_ok and cc_ok and body_ok):
        notices.append(UNDECODABLE)
    return Email(
        raw=raw,
        message_id=message_id_of(_header_bytes(message, "message-id")),
        subject=subject,
        senders=senders,
        recipients=to + cc,
        sent=sent,
        excerpt=text,
        in_reply_to=tuple(_ANGLE_ID.findall(_header_bytes(message, "in-reply-to"))),
        references=tuple(_ANGLE_ID.findall(_header_bytes(message, "references"))),
        date_problem=date_problem,
        notices=tuple(notices),
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


def _body(message: Message, modern: bool) -> tuple[str, bool, bool]:
    """(text, decoded as labelled, read at all): the body as `plain_text` finds it, else the
    first text part, else nothing (the headers still say who and when)."""
    if modern:
        try:
            return (*plain_text(message), True)  # type: ignore[arg-type]
        except RecursionError:
            raise
        except Exception:  # noqa: BLE001, S110 - get_body() fails on some damaged parts
            pass
    try:
        return (*_first_text(message), True)
    except RecursionError:
        raise
    except Exception:  # noqa: BLE001
        return "", True, False


def _first_text(message: Message) -> tuple[str, bool]:
    """The first text/plain part, else the first text/html part without tags."""
    for subtype in ("plain", "html"):
        for part in message.walk():
            if not part.is_multipart() and part.get_content_type() == f"text/{subtype}":
                text, ok = _decoded(part)
                return (_strip_tags(text) if subtype == "html" else text), ok
    return "", True


# --- headers -------------------------------------------------------------------------------


def _raw_header(message: Message, name: str) -> str:
    """The first value of a header as written (unfolded), before any decoding."""
    for key, value in message.raw_items():
        if key.lower() == name:
            return re.sub(r"\r?\n(?=[ \t])", "", str(value)).strip()
    return ""


def _header_bytes(message: Message, name: str) -> str:
    """A header that should be ASCII (Message-ID, In-Reply-To, References) with any 8-bit
    bytes decoded as in every other header: a damaged ID is still text that can be written
    to the log and sealed (a byte read as a lone surrogate cannot)."""
    return _eight_bit(_raw_header(message, name))[0]


def message_id_of(value: str) -> str | None:
    """`<id@host>` from a Message-ID header; a bare id@host without brackets as it is."""
    found = _ANGLE_ID.search(value)
    if found:
        return found.group()
    bare = value.strip()
    return bare if bare and "@" in bare and not re.search(r"[\s()<>]", bare) else None


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
        return _cp1252(data), False


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


def _addresses(message: Message, name: str) -> tuple[tuple[tuple[str, str], ...], bool]:
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


def _impostors(senders: Sequence[tuple[str, str]]) -> list[str]:
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
        return None, "no Date header"
    written = _RFC_DATE.match(text)
    if written:
        digits = written.group(3)
        year = _full_year(digits)
        if year is None or not YEARS[0] <= year <= YEARS[1]:
            return None, (
                f"the Date header's year {digits} is outside {YEARS[0]}–{YEARS[1]}"
            )
        text = f"{written.group(1)} {written.group(2)[:3]} {year}{written.group(4)}"
    try:
        sent = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None, f"the Date header is not a date ({_shown(value)})"
    if not YEARS[0] <= sent.year <= YEARS[1] or (not written and str(sent.year) not in text):
        return None, f"the Date header has no readable year ({_shown(value)})"
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


# --- text ------------------------------------------------------------------------------------


def decode_bytes(data: bytes, label: str | None) -> tuple[str, bool]:
    """Text in the charset its label names, read as mail clients read it; False when it did
    not decode as the label said (or the label is unknown) and a fallback was used.

    No label: UTF-8, else windows-1252, and that is no fault. A label: its WHATWG superset
    (or Python's codec of that name); failing that UTF-8; failing that the labelled codec
    with replacement characters, or windows-1252 for a label nobody knows.
    """
    import codecs

    if not label:
        try:
            return data.decode("utf-8"), True
        except UnicodeDecodeError:
            return _cp1252(data), True
    name = label.strip().strip('"').lower()
    codec: str | None = SUPERSETS.get(name, name)
    try:
        codec = codecs.lookup(codec or "").name
        if codec == "cp1252":
            return _cp1252(data), True
        return data.decode(codec), True
    except LookupError:
        codec = None  # an unknown label
    except (UnicodeDecodeError, ValueError):
        pass
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    if codec is None:
        return _cp1252(data), False
    try:
        return data.decode(codec, errors="replace"), False
    except (LookupError, ValueError):
        return _cp1252(data), False


def _cp1252(data: bytes) -> str:
    """windows-1252 as WHATWG defines it: the five bytes it leaves undefined map to U+0081…"""
    import codecs

    try:
        codecs.lookup_error("iepcheck-c1")
    except LookupError:
        codecs.register_error(
            "iepcheck-c1",
            lambda e: ("".join(chr(b) for b in e.object[e.start : e.end]), e.end),  # type: ignore[attr-defined]
        )
    return data.decode("cp1252", errors="iepcheck-c1")


def plain_text(message: EmailMessage) -> tuple[str, bool]:
    """The plain-text body, decoded, and whether it decoded as its charset said; an HTML-only
    message as its text without tags."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "", True
    text, ok = _decoded(part)
    if part.get_content_subtype() == "html":
        return _strip_tags(text), ok
    if not text.strip():  # an empty plain part beside the HTML that holds the words
        html = message.get_body(preferencelist=("html",))
        if html is not None:
            markup, ok = _decoded(html)
            return _strip_tags(markup), ok
    return text, ok


def _decoded(part: Message) -> tuple[str, bool]:
    from email.utils import collapse_rfc2231_value

    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return "", True
    label = part.get_param("charset")  # a tuple when written RFC 2231 style (charset*=)
    if isinstance(label, tuple):
        try:
            label = collapse_rfc2231_value(label)
        except (LookupError, ValueError):
            label = label[2]
    return decode_bytes(payload, str(label) if label else None)


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
    """What the person wrote: every line above the quoted reply or signature, blank lines
    dropped and spaces collapsed (the attached original keeps the layout). A reply written
    below the quote (`On … wrote:` and `>` lines first) is the text after the quote."""
    lines: list[str] = []
    for line in body.splitlines():
        line = " ".join(line.split())
        quoted = line.startswith(">") or bool(_QUOTE_INTRO.match(line))
        if not lines and line.startswith(">") or not lines and quoted and "wrote:" in line:
            continue  # the quote a bottom-posted reply answers
        if quoted or line == "--":
            break
        if line:
            lines.append(line)
    return "\n".join(lines)


def bounded(text: str, limit: int = NOTE_BODY_CHARS) -> tuple[str, bool]:
    """`text`, or its first `limit` characters ending at a line or word with "…"; True if cut."""
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    for stop in ("\n", " "):
        at = head.rfind(stop)
        if at > limit // 2:
            head = head[:at]
            break
    return head.rstrip() + " …", True


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
        for _, address in people:
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
    if not name or _impostors([(name, address)]):
        return address
    name = bounded(name, NAME_CHARS)[0]
    if re.search(r'[][\\()<>@,:;".]', name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{address}>"


def earlier_import(entries: Sequence[Observation], message: Email) -> tuple[int, str] | None:
    """(entry number, why) of an entry that already holds this message, else None: the one
    rule of `recording.held_message`, applied before anything is written."""
    from iepcheck.recording import held_message

    return held_message(message.message_id, message.sha256, entries)


def plan_import(
    messages: Sequence[Email | Unreadable],
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
    from iepcheck.vocabulary import KINDS_WITHOUT_FINDING

    result = ImportPlan()
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, int] = {}
    single = len(messages) == 1
    for position, message in enumerate(messages, start=1):
        if isinstance(message, Unreadable):
            result.refused[position] = message.reason
            continue
        earlier = earlier_import(existing_entries, message)
        repeat = seen_files.get(message.sha256) or (
            seen_ids.get(message.message_id) if message.message_id else None
        )
        if message.message_id:
            seen_ids.setdefault(message.message_id, position)
        seen_files.setdefault(message.sha256, position)
        if earlier is not None:
            result.duplicates[position] = earlier
            continue
        if repeat is not None:
            result.duplicates[position] = (None, f"repeats message {repeat} of this file")
            continue
        matched = staff_match(message, plan)
        chosen = kind or (matched[0] if matched else None)
        if chosen is None:
            result.refused[position] = (
                "no staff address from the plan is in From, To or Cc; pass --kind "
                "(e.g. --kind email-received) or add the address to [[staff]]"
            )
            continue
        if finding is not None and chosen in KINDS_WITHOUT_FINDING:
            result.refused[position] = (
                f"it is {chosen}, which carries no finding; import it without --finding"
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
                finding=finding,
                note=note_for(message),
            )
        )
    return result


def _day(message: Email, given: date | None, single: bool, today: date) -> date | str:
    """The entry's day, or the reason there is none."""
    if given is not None and (single or message.day is None):
        return given
    if message.day is None:
        return f"{message.date_problem}; pass --date with the day it was sent"
    if message.day > today:
        return (
            f"dated in the future: its Date is {message.day.isoformat()} and today is "
            f"{today.isoformat()}; if the sender's clock was wrong, pass --date"
        )
    return message.day
