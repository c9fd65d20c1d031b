"""A mailbox read a line at a time gives the messages of the whole-file reading, and the
header glance only ever shortcuts the refusal a full read gives."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from iepcheck.mail.importing import read_one
from iepcheck.mail.mailboxes import Unrelated, glance, split_messages, split_stream

PIECES = st.sampled_from([b"From ", b"From a@b Mon\n", b"\n", b"\r\n", b"\r", b"Subject: x\n",
                          b"text", b" ", b"From x\r\n", b">From y\n", b"To: t@e.org\n"])
FILES = st.lists(PIECES, max_size=30).map(b"".join)


@settings(max_examples=3000)
@given(FILES)
def test_streaming_split_equals_the_whole_file_split(raw: bytes) -> None:
    assert list(split_stream(io.BytesIO(raw))) == split_messages(raw)


@given(st.binary(max_size=200))
def test_streaming_split_equals_the_whole_file_split_on_any_bytes(raw: bytes) -> None:
    assert list(split_stream(io.BytesIO(raw))) == split_messages(raw)


STAFF = frozenset({"lee@school.example"})
MESSAGE = (b"From: %s\nTo: %s\nCc: %s\nSubject: %s\nMessage-ID: <m1@example.org>\n"
           b"Date: Mon, 2 Nov 2026 09:00:00 -0500\n\nHello\n")
ADDRESSES = st.sampled_from([b"Ana <ana@home.example>", b"lee@school.example",
                             b"LEE@School.Example", b"=?utf-8?q?Ms=2E_Lee?= <x@y.example>",
                             b"", b"friend@else.example", b"\"Lee\" <lee@school.example>"])


@settings(max_examples=500)
@given(ADDRESSES, ADDRESSES, ADDRESSES, st.sampled_from([b"Hi", b"=?utf-8?q?caf=C3=A9?=", b""]))
def test_a_glance_agrees_with_the_full_read(sender: bytes, to: bytes, cc: bytes,
                                           subject: bytes) -> None:
    """Unrelated only when the full read finds no staff address; same id and subject."""
    raw = MESSAGE % (sender, to, cc, subject)
    quick = glance(raw, STAFF)
    full = read_one(raw)
    if quick is None:
        return
    assert isinstance(quick, Unrelated)
    people = [address for _, address in (*full.senders, *full.recipients)]
    assert not any(a.casefold() in STAFF for a in people)
    assert (quick.message_id, quick.subject, quick.sha256) == (
        full.message_id, full.subject, full.sha256)
