"""Reading saved emails: every encoding a mail client writes, decoded the way it shows them."""

from __future__ import annotations

import os
from datetime import date
from email.header import Header
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from iepcheck.email_import import (
    Email,
    counterpart,
    excerpt,
    note_for,
    parse_email,
    read_messages,
    split_messages,
    staff_match,
)
from iepcheck.errors import UserError
from iepcheck.recording import EntryDraft, earlier_import

DATE = "Tue, 10 Nov 2026 16:05:00 -0500"


def _stdlib_messages() -> list[Path]:
    try:
        import test
    except ImportError:
        return []
    folder = Path(os.path.dirname(test.__file__)) / "test_email" / "data"
    return sorted(folder.glob("msg_*.txt"))


def _headers(message, subject="Speech this week", sender="Ms. Lee <lee@school.example.org>"):
    message["From"] = sender
    message["To"] = "Ana Rivera <ana@example.com>"
    message["Subject"] = subject
    message["Date"] = DATE
    message["Message-ID"] = "<m1@school.example.org>"
    return message


def _parse(message) -> Email:
    found = parse_email(message.as_bytes())
    assert found is not None
    return found


def test_plain_utf8():
    message = _headers(EmailMessage())
    message.set_content("Sam had speech Monday.\nHe worked on /r/.\n")
    found = _parse(message)
    assert found.subject == "Speech this week"
    assert found.excerpt == "Sam had speech Monday.\nHe worked on /r/."
    assert found.senders == (("Ms. Lee", "lee@school.example.org"),)
    assert found.recipients == (("Ana Rivera", "ana@example.com"),)
    assert found.message_id == "<m1@school.example.org>"


@pytest.mark.parametrize("cte", ["quoted-printable", "base64", "8bit"])
def test_transfer_encodings_are_decoded(cte):
    message = _headers(EmailMessage())
    message.set_content("Prüfung: 1,5× Zeit – ja, gewährt.\n", cte=cte)
    assert _parse(message).excerpt == "Prüfung: 1,5× Zeit – ja, gewährt."


@pytest.mark.parametrize(
    ("charset", "text"),
    [
        ("iso-8859-1", "Élève: séance d'orthophonie annulée."),
        ("shift_jis", "言語療法は今週ありませんでした。"),
        ("koi8-r", "Логопед был на занятии."),
        ("windows-1252", "“Extended time” was given — 45 min."),
    ],
)
def test_non_utf8_charsets(charset, text):
    part = MIMEText(text, "plain", charset)
    message = _headers(part)
    assert _parse(message).excerpt == text


def test_rfc2047_headers_are_decoded():
    message = MIMEText("body", "plain", "utf-8")
    _headers(
        message,
        subject=Header("Séance annulée — 言語療法", "utf-8").encode(),
        sender=f"{Header('Señora López', 'iso-8859-1').encode()} <lopez@school.example.org>",
    )
    found = _parse(message)
    assert found.subject == "Séance annulée — 言語療法"
    assert found.senders == (("Señora López", "lopez@school.example.org"),)


def test_multipart_alternative_prefers_plain_text():
    message = _headers(MIMEMultipart("alternative"))
    message.attach(MIMEText("Plain: OT held Tuesday.", "plain", "utf-8"))
    message.attach(MIMEText("<p>HTML: OT held <b>Tuesday</b>.</p>", "html", "utf-8"))
    assert _parse(message).excerpt == "Plain: OT held Tuesday."


def test_multipart_mixed_with_an_attachment():
    message = _headers(EmailMessage())
    message.set_content("See the attached log.")
    message.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="log.pdf")
    assert _parse(message).excerpt == "See the attached log."


def test_html_only_mail_is_read_without_tags_or_scripts():
    message = _headers(EmailMessage())
    message.set_content(
        "<html><script>alert(1)</script><p>Reading group</p><p>met &amp; finished</p></html>",
        subtype="html",
    )
    assert _parse(message).excerpt == "Reading group\nmet & finished"


def test_an_unknown_charset_is_read_with_replacement_not_refused():
    raw = (
        f"From: lee@school.example.org\nDate: {DATE}\nSubject: x\n"
        "Content-Type: text/plain; charset=x-no-such-charset\n\nSession held \xe9.\n"
    )
    found = parse_email(raw.encode("latin-1"))
    assert found is not None and found.excerpt.startswith("Session held")


def test_the_date_is_the_senders_own_day():
    message = _headers(EmailMessage())
    message.replace_header("Date", "Tue, 10 Nov 2026 23:30:00 -0800")  # 07:30 UTC on the 11th
    message.set_content("late")
    assert _parse(message).day == date(2026, 11, 10)


def test_a_missing_or_broken_date_is_none():
    message = _headers(EmailMessage())
    message.replace_header("Date", "sometime last week")
    message.set_content("x")
    assert _parse(message).day is None


def test_excerpt_stops_at_the_quoted_reply_and_skips_blank_lines():
    body = (
        "Yes, she gets extra time.\n\n\nThanks,\nMs. Lee\n\n"
        "On Mon, 9 Nov 2026, Ana wrote:\n> Does Maya get extra time?\n"
    )
    assert excerpt(body) == "Yes, she gets extra time.\nThanks,\nMs. Lee"
    assert excerpt("\n".join(f"line {i}" for i in range(20))).count("\n") == 5


def test_note_holds_subject_excerpt_and_message_id():
    message = _headers(EmailMessage())
    message.set_content("Held.")
    assert note_for(_parse(message)) == (
        "Speech this week\n\nHeld.\n\nMessage-ID: <m1@school.example.org>"
    )


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"just some words\n",
        b"%PDF-1.4\n\x00\x01binary",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"Subject: only a subject\n\nx",
    ],
)
def test_things_that_are_not_emails(raw):
    assert raw.strip() == b"" or parse_email(raw) is None
    with pytest.raises(UserError, match="not an email"):
        read_messages(raw, "thing.eml")


def _mbox(*messages: bytes) -> bytes:
    return b"".join(b"From MAILER-DAEMON Tue Nov 10 16:05:00 2026\n" + m + b"\n" for m in messages)


def test_an_mbox_splits_at_from_lines_after_a_blank_line():
    one = b"From: a@x.org\nSubject: one\n\nFirst.\nFrom here on, a body line.\n"
    two = b"From: b@x.org\nSubject: two\n\nSecond.\n"
    parts = split_messages(_mbox(one, two))
    assert [parse_email(p).subject for p in parts] == ["one", "two"]
    assert b"From here on" in parts[0]
    assert split_messages(one) == [one]


def test_an_mbox_with_crlf_line_ends():
    raw = (
        b"From a Tue Nov 10 16:05:00 2026\r\nFrom: a@x.org\r\nSubject: one\r\n\r\nA.\r\n"
        b"\r\nFrom b Tue Nov 10 16:05:00 2026\r\nFrom: b@x.org\r\nSubject: two\r\n\r\nB.\r\n"
    )
    assert [m.subject for m in read_messages(raw, "x.mbox")] == ["one", "two"]


def test_one_bad_message_in_an_mbox_refuses_the_file():
    raw = _mbox(b"From: a@x.org\nSubject: one\n\nA.\n", b"garbage without headers\n")
    with pytest.raises(UserError, match="x.mbox, message 2, is not an email"):
        read_messages(raw, "x.mbox")


def test_staff_are_matched_case_insensitively(plan_path):
    from iepcheck.planfile import load_plan

    plan = load_plan(plan_path)
    received = _headers(EmailMessage(), sender="LEE@School.Example.ORG")
    received.set_content("x")
    assert staff_match(_parse(received), plan) == ("email-received", "ms-lee")
    sent = _headers(EmailMessage(), sender="ana@example.com")
    sent.replace_header("To", "someone@else.org")
    sent["Cc"] = "Ms Lee <Lee@school.example.org>"
    sent.set_content("x")
    assert staff_match(_parse(sent), plan) == ("email-sent", "ms-lee")
    other = _headers(EmailMessage(), sender="Principal <p@school.example.org>")
    other.set_content("x")
    found = _parse(other)
    assert staff_match(found, plan) is None
    assert counterpart(found, "email-received") == "Principal <p@school.example.org>"
    assert counterpart(found, "email-sent") == "Ana Rivera <ana@example.com>"


def test_earlier_import_by_message_id_or_by_file():
    from iepcheck.observations import Observation

    message = _headers(EmailMessage())
    message.set_content("x")
    found = _parse(message)
    base = {
        "id": "0" * 32,
        "date": "2026-11-10",
        "recorded_at": "2026-11-10T10:00:00+00:00",
        "kind": "email-received",
        "finding": "implemented",
    }
    by_note = Observation(n=1, note=note_for(found), **base)
    by_file = Observation(
        n=2, note="renamed", attachments=[{"path": "e/a.eml", "sha256": found.sha256}], **base
    )
    draft = EntryDraft(kind="email-received", date=date(2026, 11, 10),
                       message_id=found.message_id, source_sha256=found.sha256)
    assert earlier_import(draft, [by_note]) == (1, "same Message-ID")
    assert earlier_import(draft, [by_file]) == (2, "same file")
    assert earlier_import(draft, []) is None
    quoting = Observation(n=3, note=f"Message-ID: {found.message_id}\nand more", **base)
    assert earlier_import(draft, [quoting]) is None  # only the note's last line counts


@pytest.mark.skipif(not _stdlib_messages(), reason="the stdlib's test package is not installed")
@pytest.mark.parametrize("path", _stdlib_messages(), ids=lambda p: p.name)
def test_the_standard_librarys_own_test_messages(path):
    """Each either reads as a message or is refused as not one; none crashes."""
    raw = path.read_bytes()
    try:
        messages = read_messages(raw, path.name)
    except UserError as refused:
        assert "not an email" in str(refused)
        return
    for message in messages:
        assert isinstance(note_for(message), str)
        assert message.day is None or isinstance(message.day, date)


@pytest.mark.skipif(not _stdlib_messages(), reason="the stdlib's test package is not installed")
def test_a_known_stdlib_message_reads_as_expected():
    folder = _stdlib_messages()[0].parent
    found = read_messages((folder / "msg_01.txt").read_bytes(), "msg_01.txt")[0]
    assert found.subject == "This is a test message"
    assert found.day == date(2001, 5, 4)
    assert found.senders == (("", "bbb@ddd.com"),)
