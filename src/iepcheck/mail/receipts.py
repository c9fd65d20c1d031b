"""Seal receipts quoted in a kept email, however the mail client saved it (docs/verify.md).

Pure. A reply that quotes a letter's receipt is a witness only if the receipt is found in
it: phone clients and Outlook send base64, Gmail and Outlook often send HTML only (the
receipt's spaces as `&nbsp;`), a reply quoted by hand wraps the line behind `>` marks, and
a parent may have saved it as `.txt`. So every kept original is read as raw text and, when
it parses as mail, as each part's decoded text (HTML as the words it shows), whatever its
file name says.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from iepcheck.record.seal import RECEIPT

if TYPE_CHECKING:
    from email.message import Message

#: A file holding a NUL in its first bytes is a scan or a document, not text: not parsed.
_SNIFF = 8192
#: A quote mark at the start of a line (`> `, `>> `), dropped so a wrapped receipt joins.
_QUOTE_MARKS = re.compile(r"(?m)^[ \t]*(?:>[ \t]?)+")
#: Where a mailbox's next message starts.
_MBOX_FROM = re.compile(rb"(?m)^From ")
#: At most this many parts of one message are read (a nested bomb is not a reply).
MAX_PARTS = 200


Found = tuple[str | None, int, str, str | None]


def receipts_in(raw: bytes) -> list[Found]:
    """Every receipt in a kept file: (author, None for the owner's; number; seal prefix;
    the record it names, None when it names none), each once, in the order found."""
    if b"\x00" in raw[:_SNIFF]:
        return []
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a byte order mark: a reply saved on Windows
    found: dict[Found, None] = {}
    for text in readable_texts(raw):
        for author, number, prefix, record in RECEIPT.findall(flattened(text)):
            found.setdefault((author or None, int(number), prefix, record or None), None)
    return list(found)


def readable_texts(raw: bytes) -> list[str]:
    """The file as text, then the decoded text of every part of every message in it."""
    texts = [raw.decode("utf-8", "replace")]
    for message in _messages(raw):
        texts += _part_texts(message)
    return texts


def flattened(text: str) -> str:
    """Quote marks dropped and every run of white space (a no-break space too) as one
    space, so a receipt reads the same however the reply wrapped or spaced it."""
    return " ".join(_QUOTE_MARKS.sub("", text).split())


def _messages(raw: bytes) -> list[Message]:
    from email import message_from_bytes, policy

    if raw.startswith(b"From "):  # a mailbox: each message after its `From ` line
        pieces = [p.split(b"\n", 1)[-1] for p in _MBOX_FROM.split(raw) if p.strip()]
    else:
        pieces = [raw]
    messages = []
    for piece in pieces:
        try:
            messages.append(message_from_bytes(piece, policy=policy.compat32))
        except (ValueError, LookupError, RecursionError):
            continue
    return messages


def _part_texts(message: Message) -> list[str]:
    from iepcheck.mail.text import decode_bytes, strip_tags

    texts = []
    try:
        parts = list(message.walk())[:MAX_PARTS]
    except RecursionError:
        return []
    for part in parts:
        if part.get_content_maintype() != "text":
            continue
        try:
            payload = part.get_payload(decode=True)
        except (ValueError, LookupError, AssertionError):
            continue
        if not isinstance(payload, bytes):
            continue
        text, _ = decode_bytes(payload, part.get_content_charset())
        texts.append(strip_tags(text) if part.get_content_subtype() == "html" else text)
    return texts
