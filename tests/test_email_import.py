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

from iepcheck.errors import UserError
from iepcheck.mail.importing import (
    Email,
    counterpart,
    excerpt,
    note_for,
    parse_email,
    read_mailbox,
    read_messages,
    staff_match,
)
from iepcheck.mail.mailboxes import split_messages
from iepcheck.record.authors import OWNER
from iepcheck.record.drafts import EntryDraft, earlier_import

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
    assert excerpt("\n".join(f"line {i}" for i in range(20))).count("\n") == 19  # no line cap


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
    with pytest.raises(UserError, match="x.mbox, message 2: not an email"):
        read_messages(raw, "x.mbox")


def test_staff_are_matched_case_insensitively(plan_path):
    from iepcheck.store.plan_file import load_plan

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
    from iepcheck.record.entries import Observation

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
    assert earlier_import(draft, [by_note]) == (1, "same Message-ID", OWNER)
    assert earlier_import(draft, [by_file]) == (2, "same file", OWNER)
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
    assert found.senders == (("John X. Doe", "bbb@ddd.com"),)  # `bbb@ddd.com (John X. Doe)`


# --- the sender is the address ------------------------------------------------------------


def _raw(headers: str, body: bytes = b"Held.\n") -> bytes:
    return headers.replace("\n", "\r\n").encode("utf-8") + b"\r\n" + body


def _plan(tmp_path, staff_email="lee@school.example.org"):
    from iepcheck.store.plan_file import load_plan
    from tests.conftest import MINIMAL_PLAN

    path = tmp_path / "plan.toml"
    path.write_text(MINIMAL_PLAN.replace("lee@school.example.org", staff_email))
    return load_plan(path)


def test_a_display_name_that_is_an_address_is_not_the_sender(tmp_path):
    found = parse_email(_raw(
        f"From: lee@school.example.org <bob@example.com>\nTo: ana@example.com\nDate: {DATE}\n"
        "Message-ID: <s1@example.com>\nSubject: hi\n"
    ))
    assert found.senders == (("lee@school.example.org", "bob@example.com"),)
    assert staff_match(found, _plan(tmp_path)) is None  # the name is not the staff address
    assert staff_match(found, _plan(tmp_path, "bob@example.com")) == ("email-received", "ms-lee")
    assert counterpart(found, "email-received") == "bob@example.com"
    assert note_for(found).splitlines()[-3:] == [
        "[display name shows lee@school.example.org, but the address is bob@example.com]",
        "",
        "Message-ID: <s1@example.com>",
    ]


def test_a_display_name_showing_the_same_address_is_no_warning():
    found = parse_email(_raw(f'From: "lee@x.org" <LEE@x.org>\nDate: {DATE}\n'))
    assert found.notices == ()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("a@x.org, B <b@y.org>", [("", "a@x.org"), ("B", "b@y.org")]),
        ("Lee, Ms. <lee@x.org>", [("Lee, Ms.", "lee@x.org")]),
        ('"Lee, Ms." <lee@x.org>', [("Lee, Ms.", "lee@x.org")]),
        ("lee@x.org (Ms Lee)", [("Ms Lee", "lee@x.org")]),
        ("Team: a@x.org, b@x.org;", [("", "a@x.org"), ("", "b@x.org")]),
        ("undisclosed-recipients:;", []),
        ("alice@x.org<bob@y.org>", [("alice@x.org", "bob@y.org")]),
        ("<@relay.example:lee@x.org>", [("", "lee@x.org")]),
        ('"unterminated <x@y.org>', []),
        ('"Big Bug"@x.org', [("", '"Big Bug"@x.org')]),  # a quoted local part, kept
        ("tim@x.org concierge@x.org", [("", "tim@x.org"), ("", "concierge@x.org")]),
        ("Big Bug bb@x.org", [("Big Bug", "bb@x.org")]),
        ("lee @ x.org", [("", "lee@x.org")]),
        ('"Lee, \\"Ms\\"" <lee@x.org>', [('Lee, "Ms"', "lee@x.org")]),
        ("<>", []),
    ],
)
def test_address_lists_are_read_as_mail_clients_deliver(header, expected):
    from iepcheck.mail.headers import parse_address_list

    assert parse_address_list(header) == expected


def test_non_ascii_display_names_are_decoded_in_who():
    found = parse_email(_raw(
        f"From: =?utf-8?b?{_b64('Señora López, M.')}?= <lopez@x.org>\n"
        f"To: =?gb2312?b?{_b64('王老师', 'gb2312')}?= <wang@x.org>\nDate: {DATE}\n"
    ))
    assert counterpart(found, "email-received") == '"Señora López, M." <lopez@x.org>'
    assert counterpart(found, "email-sent") == "王老师 <wang@x.org>"
    raw_utf8 = parse_email(f"From: Zoë Lee <zoe@x.org>\nDate: {DATE}\n\nx\n".encode())
    assert counterpart(raw_utf8, "email-received") == "Zoë Lee <zoe@x.org>"


def _b64(text: str, charset: str = "utf-8") -> str:
    import base64

    return base64.b64encode(text.encode(charset)).decode("ascii")


# --- charsets ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "text", "codec"),
    [
        ("gb2312", "朱镕基：言语治疗本周取消。", "gbk"),  # 镕 is GBK, not GB2312
        ("GB2312", "堃", "gbk"),
        ("ks_c_5601-1987", "갂 언어치료", "cp949"),  # 갂 is only in cp949
        ("euc-kr", "갂", "cp949"),
        ("iso-8859-1", "“Extended time” – 45 min €", "cp1252"),
        ("us-ascii", "plain", "ascii"),
        ("shift_jis", "①番教室", "cp932"),  # ① is Windows-31J, not JIS X 0208
        ("big5", "堃", "big5hkscs"),
    ],
)
def test_charset_labels_are_read_as_their_supersets(label, text, codec):
    from iepcheck.mail.text import decode_bytes

    assert decode_bytes(text.encode(codec), label) == (text, True)
    raw = _raw(f"From: lee@x.org\nDate: {DATE}\nContent-Type: text/plain; charset={label}\n",
               text.encode(codec) + b"\r\n")
    found = parse_email(raw)
    assert found.excerpt == text and found.notices == ()


def test_windows_1252_leaves_no_byte_undecodable():
    from iepcheck.mail.text import decode_bytes

    assert decode_bytes(bytes(range(128, 256)), "iso-8859-1")[1] is True


@pytest.mark.parametrize(
    ("label", "data", "text"),
    [
        ("x-no-such-charset", "café".encode(), "café"),  # unknown: UTF-8 next
        ("x-no-such-charset", b"caf\xe9", "café"),  # then windows-1252
        ("utf-8", b"caf\xe9 ok", "caf\ufffd ok"),  # lying: replacement, as clients show it
        ("us-ascii", "café".encode(), "café"),  # 8-bit under an ASCII label
        ("gb2312", "中文".encode("gbk") + b"\xff", "中文\ufffd"),  # labelled codec, replaced
    ],
)
def test_text_that_does_not_decode_as_labelled_falls_back_and_is_marked(label, data, text):
    from iepcheck.mail.importing import UNDECODABLE
    from iepcheck.mail.text import decode_bytes

    assert decode_bytes(data, label) == (text, False)
    raw = _raw(f"From: lee@x.org\nDate: {DATE}\nContent-Type: text/plain; charset={label}\n",
               data)
    assert UNDECODABLE in note_for(parse_email(raw))


def test_an_unlabelled_8bit_body_is_utf8_else_windows_1252_and_not_marked():
    for data, text in (("Zoë".encode(), "Zoë"), (b"Zo\xeb", "Zoë")):
        found = parse_email(_raw(f"From: lee@x.org\nDate: {DATE}\n", data))
        assert (found.excerpt, found.notices) == (text, ())


def test_encoded_subjects_in_gb2312_and_split_characters():
    subject = "关于朱镕基同学的言语治疗"
    data = subject.encode("gbk")
    words = " ".join(f"=?gb2312?b?{_b64(data[i:i + 7].decode('latin-1'), 'latin-1')}?="
                     for i in range(0, len(data), 7))  # a character split across two words
    found = parse_email(_raw(f"From: lee@x.org\nDate: {DATE}\nSubject: {words}\n"))
    assert found.subject == subject and found.notices == ()
    raw_8bit = parse_email(_raw(f"From: lee@x.org\nDate: {DATE}\n").replace(
        b"Date:", "Subject: Séance annulée\r\nDate:".encode()))
    assert raw_8bit.subject == "Séance annulée"


def test_a_subject_in_an_unknown_charset_is_marked():
    from iepcheck.mail.importing import UNDECODABLE

    found = parse_email(_raw(f"From: lee@x.org\nDate: {DATE}\nSubject: =?x-nope?q?caf=E9?=\n"))
    assert found.subject == "café" and UNDECODABLE in found.notices


# --- the note -----------------------------------------------------------------------------


def test_the_note_keeps_every_line_the_sender_wrote():
    long_line = "word " * 100
    body = f"{long_line}\n" + "\n".join(f"line {i}" for i in range(30)) + "\n> quoted\n"
    text = excerpt(body)
    assert text.splitlines()[0] == long_line.strip() and text.count("\n") == 30
    assert "quoted" not in text


def test_a_reply_written_below_the_quote_is_kept():
    body = "On Mon, 9 Nov 2026, Ana wrote:\n> Does Maya get extra time?\n>\nYes, every test.\n-- \nLee"
    assert excerpt(body) == "Yes, every test."
    assert excerpt("> only a quote\n") == ""


def test_an_empty_plain_part_gives_way_to_the_html_beside_it():
    message = _headers(MIMEMultipart("alternative"))
    message.attach(MIMEText("\r\n", "plain", "utf-8"))
    message.attach(MIMEText("<p>OT held <b>Tuesday</b>.</p>", "html", "utf-8"))
    assert _parse(message).excerpt == "OT held Tuesday."


def test_a_very_long_body_is_cut_with_a_mark_and_the_note_says_so():
    from iepcheck.mail.text import NOTE_BODY_CHARS

    body = ("All sessions were held this week. " * 20 + "\n") * 20
    found = parse_email(_raw(f"From: lee@x.org\nDate: {DATE}\n", body.encode()))
    assert len(found.excerpt) <= NOTE_BODY_CHARS + 2 and found.excerpt.endswith(" …")
    assert "[cut at 4,000 characters; the whole message is attached]" in note_for(found)
    short = parse_email(_raw(f"From: lee@x.org\nDate: {DATE}\n", b"Short.\n"))
    assert "cut at" not in note_for(short)


def test_huge_subjects_and_names_are_bounded_and_fast():
    import time

    started = time.monotonic()
    found = parse_email(_raw(
        f"From: {'a@b.' * 30000} <x@y.org>\nTo: {'N' * 5000} <n@y.org>\n"
        f"Subject: {'word ' * 2000}\nDate: {DATE}\n"))
    assert time.monotonic() - started < 5
    assert len(found.subject) < 1010 and found.subject.endswith(" …")
    assert len(found.notices) <= 4 and found.notices[-1].startswith("[subject cut at 1,000")
    assert len(counterpart(found, "email-sent")) < 220


def test_a_message_without_an_id_still_ends_its_note_with_the_id_line():
    found = parse_email(_raw(f"From: lee@x.org\nDate: {DATE}\n", b"Message-ID: <x@y>\n"))
    assert note_for(found).endswith("\n\nMessage-ID: (none)")


def test_threading_keys_are_the_message_ids():
    found = parse_email(_raw(
        f"From: lee@x.org\nDate: {DATE}\nMessage-ID: <b@x.org>\nIn-Reply-To: <a@x.org>\n"
        "References: <root@x.org>\n <a@x.org> (comment)\n"
    ))
    assert found.message_id == "<b@x.org>"
    assert found.in_reply_to == ("<a@x.org>",)
    assert found.references == ("<root@x.org>", "<a@x.org>")


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "day"),
    [
        ("Tue, 10 Nov 2026 16:05:00 -0500", date(2026, 11, 10)),
        ("10 Nov 26 16:05 EST", date(2026, 11, 10)),  # RFC 5322: 2 digits below 50 are 20xx
        ("Wed, 10 Nov 99 16:05:00 +0000", date(1999, 11, 10)),
        ("Sat, 10 Nov 101 16:05:00 +0000", date(2001, 11, 10)),  # 3 digits: +1900
        ("Tue Nov 10 16:05:00 2026", date(2026, 11, 10)),
    ],
)
def test_dates_as_written(header, day):
    from iepcheck.mail.headers import read_date

    sent, problem = read_date(header)
    assert problem is None and sent.date() == day


@pytest.mark.parametrize(
    ("header", "why"),
    [
        ("", "no Date header"),
        ("Tue, 10 Nov 0001 16:05:00 -0500", "year 0001 is outside 1900–2200"),
        ("Tue, 10 Nov 1 16:05:00 -0500", "year 1 is outside"),
        ("Tue, 10 Nov 2201 16:05:00 -0500", "year 2201 is outside"),
        ("Tue, 10 Nov 12026 16:05:00 -0500", "year 12026 is outside"),
        ("Tue Nov 10 16:05:00 0001", "no readable year"),
        ("sometime last week", "is not a date"),
        ("Tue, 31 Feb 2026 16:05:00 -0500", "is not a date"),
        ("Tue, 10 Nov 2026 16:05:00 -9999", "is not a date"),
    ],
)
def test_impossible_dates_are_refused_not_guessed(header, why):
    from iepcheck.mail.headers import read_date

    sent, problem = read_date(header)
    assert sent is None and why in problem


# --- the import plan ----------------------------------------------------------------------

TODAY = date(2026, 11, 20)


def _message(n: int, *, sender="lee@school.example.org", day="10 Nov 2026", body="Held.",
             message_id: str | None = "", extra="") -> bytes:
    mid = f"<m{n}@school.example.org>" if message_id == "" else message_id
    date_line = f"Date: Tue, {day} 16:05:00 -0500\n" if day else ""
    id_line = f"Message-ID: {mid}\n" if mid else ""
    return _raw(f"From: {sender}\nTo: ana@example.com\nSubject: m{n}\n{date_line}{id_line}{extra}",
                body.encode() + b"\r\n")


def _entry(n: int, note: str = "", sha: str | None = None, **more):
    from iepcheck.record.entries import Observation

    return Observation(
        n=n, id=f"{n:032d}", date="2026-11-01", recorded_at="2026-11-01T10:00:00+00:00",
        kind="email-received", note=note,
        attachments=[{"path": f"e/{n}.eml", "sha256": sha}] if sha else [], **more)


def _planned(tmp_path, raws, entries=(), **options):
    from iepcheck.mail.importing import plan_import, read_one

    defaults = {"kind": None, "date_override": None, "finding": None, "today": TODAY}
    return plan_import([read_one(r) for r in raws], _plan(tmp_path), list(entries),
                       **{**defaults, **options})


def test_the_plan_records_kind_who_date_note_and_ids_and_no_finding(tmp_path):
    plan = _planned(tmp_path, [_message(1, extra="In-Reply-To: <m0@example.com>\n")])
    [one] = plan.to_record
    assert (one.kind, one.who, one.day, one.finding) == (
        "email-received", "ms-lee", date(2026, 11, 10), None)
    assert one.message_id == "<m1@school.example.org>"
    assert one.in_reply_to == ("<m0@example.com>",) and one.raw == _message(
        1, extra="In-Reply-To: <m0@example.com>\n")
    assert one.note == "m1\n\nHeld.\n\nMessage-ID: <m1@school.example.org>"
    given = _planned(tmp_path, [_message(1)], finding="partial").to_record[0]
    assert given.finding == "partial"


def test_in_a_mailbox_date_fills_in_only_the_undated(tmp_path):
    raws = [_message(1), _message(2, day=None), _message(3, day="10 Nov 0001")]
    plan = _planned(tmp_path, raws)
    assert [p.position for p in plan.to_record] == [1]
    assert "no Date header; pass --date" in plan.refused[2]
    assert "year 0001 is outside" in plan.refused[3]
    filled = _planned(tmp_path, raws, date_override=date(2026, 11, 19))
    assert [(p.position, p.day) for p in filled.to_record] == [
        (1, date(2026, 11, 10)), (2, date(2026, 11, 19)), (3, date(2026, 11, 19))]
    alone = _planned(tmp_path, [_message(1)], date_override=date(2026, 11, 19))
    assert alone.to_record[0].day == date(2026, 11, 19)  # one message: --date is its day


def test_a_future_date_refuses_only_that_message(tmp_path):
    plan = _planned(tmp_path, [_message(1, day="30 Nov 2026"), _message(2)])
    assert plan.refused[1].startswith("dated in the future: its Date is 2026-11-30")
    assert [p.position for p in plan.to_record] == [2]
    still = _planned(tmp_path, [_message(1, day="30 Nov 2026"), _message(2)],
                     date_override=date(2026, 11, 19))
    assert 1 in still.refused  # it has a date of its own


def test_no_kind_or_a_finding_its_kind_cannot_carry_is_refused_per_message(tmp_path):
    raws = [_message(1, sender="p@school.example.org"),
            _message(2, sender="ana@example.com", extra="Cc: lee@school.example.org\n"),
            _message(3)]
    plan = _planned(tmp_path, raws, finding="partial")
    assert "pass --kind" in plan.refused[1]
    assert "carries no finding" in plan.refused[2]
    assert [p.position for p in plan.to_record] == [3]
    kinded = _planned(tmp_path, raws[:1], kind="email-received")
    assert kinded.to_record[0].who == "p@school.example.org"


def test_an_unreadable_message_refuses_itself_not_the_mailbox(tmp_path):
    from iepcheck.mail.importing import read_mailbox

    raw = _mbox(_message(1), b"garbage without headers\n", _message(3))
    messages = read_mailbox(raw, "term.mbox")
    from iepcheck.mail.importing import plan_import

    plan = plan_import(messages, _plan(tmp_path), [], kind=None, date_override=None,
                       finding=None, today=TODAY)
    assert [p.position for p in plan.to_record] == [1, 3]
    assert plan.refused[2].startswith("not an email")


def test_duplicates_by_message_id_by_file_and_within_the_file(tmp_path):
    import hashlib

    first, second = _message(1), _message(2)
    entries = [
        _entry(1, "m1\n\nHeld.\n\nMessage-ID: <m1@school.example.org>"),
        _entry(2, "x", sha=hashlib.sha256(second).hexdigest()),
    ]
    resent = _message(1, body="Held (resaved).")
    again = _message(4)
    plan = _planned(tmp_path, [first, second, resent, again, again, _message(6, message_id=None),
                               _message(6, message_id=None, body="other")], entries)
    assert plan.duplicates == {  # each earlier entry by its own reference
        1: ("#1", "same Message-ID"),
        2: ("#2", "same file"),
        3: ("#1", "same Message-ID"),
        5: (None, "repeats message 4 of this file"),
    }
    assert [p.position for p in plan.to_record] == [4, 6, 7]  # no id: only the bytes count


def test_a_message_id_in_a_body_never_makes_a_later_message_look_imported(tmp_path):
    planted = _entry(1, "hi\n\nMessage-ID: <m2@school.example.org>\nthanks\n\nMessage-ID: (none)")
    old_style = _entry(2, "hi\n\nMessage-ID: <m3@school.example.org>\nsigned")
    plan = _planned(tmp_path, [_message(2), _message(3)], [planted, old_style])
    assert plan.duplicates == {} and len(plan.to_record) == 2


def test_an_entrys_own_message_id_field_counts(tmp_path):
    from types import SimpleNamespace

    from iepcheck.record.drafts import LogIndex

    entry = SimpleNamespace(n=7, note="", attachments=[], message_id="<m1@school.example.org>",
                            kind="email-received")
    message = parse_email(_message(1))
    assert LogIndex([entry]).held(message.message_id, None) == (7, "same Message-ID", OWNER)


# --- robustness ---------------------------------------------------------------------------


def _nested(depth: int) -> bytes:
    body = b"Content-Type: text/plain\n\nhello\n"
    for i in range(depth):
        b = b"b%d" % i
        body = (b'Content-Type: multipart/mixed; boundary="' + b + b'"\n\n--' + b + b"\n"
                + body + b"\n--" + b + b"--\n")
    return f"From: lee@x.org\nDate: {DATE}\n".encode() + body


def test_deeply_nested_parts_refuse_the_message_not_the_import():
    from iepcheck.mail.importing import Unreadable, read_one

    assert isinstance(read_one(_nested(20)), Email)
    deep = read_one(_nested(1000))
    assert isinstance(deep, Unreadable) and "nested too deeply" in deep.reason


@pytest.mark.parametrize(
    "headers",
    [
        "From: <<<>>>\nTo: ,,,;;;\nDate: \x00\n",
        "From: =?utf-8?b?!!!?= <a@x.org>\nSubject: =?utf-8?q?=ZZ?=\nDate: Mon\n",
        "From: \"unterminated\nMessage-ID: <<>>\nReferences: <<<\nIn-Reply-To: >\n",
        "From: a@x.org\nContent-Type: multipart/mixed\n",  # no boundary
        "From: a@x.org\nContent-Type: text/plain; charset=\"\"\n",
        "From: a@x.org\nContent-Type: text/plain; charset=base64_codec\n",
        "From: a@x.org\nContent-Transfer-Encoding: base64\n",
        "From: a@x.org\nSubject: " + "=?utf-8?b?" + "QUFB" * 5000 + "?=\n",
        "From: (((((((a@x.org\nTo: \\\\\\\n",
    ],
)
def test_malformed_headers_never_raise(headers):
    from iepcheck.mail.importing import read_one

    found = read_one(_raw(headers, b"=ZZ not base64 \xff\xfe\r\n"))
    assert isinstance(found, Email)
    assert isinstance(note_for(found), str)


def test_an_outlook_msg_file_is_refused_with_what_to_do_instead():
    from iepcheck.mail.mailboxes import OUTLOOK_MSG

    with pytest.raises(UserError, match="an Outlook .msg file, not an email file; forward"):
        read_mailbox(OUTLOOK_MSG + b"\x00" * 512, "reply.msg")


def test_a_part_the_standard_library_fails_on_leaves_the_headers_and_a_notice():

    raw = _raw(
        f"From: lee@x.org\nDate: {DATE}\nContent-Type: text/plain; charset*=x\x00'en'a\n"
    )  # Python's parameter decoding raises ValueError (embedded null character)
    found = parse_email(raw)
    assert found.senders == (("", "lee@x.org"),) and found.excerpt == "Held."



def test_when_get_body_fails_the_first_text_part_is_read(monkeypatch):
    """get_body() raises AttributeError on some damaged message/rfc822 parts (found by
    fuzzing the corpus); the first text part stands in, and failing that a notice."""
    from iepcheck.mail import text as mail_text
    from iepcheck.mail.importing import UNREADABLE_TEXT

    def broken(message):
        raise AttributeError("'str' object has no attribute 'is_attachment'")

    monkeypatch.setattr(mail_text, "plain_text", broken)
    assert parse_email(_raw(f"From: lee@x.org\nDate: {DATE}\n")).excerpt == "Held."
    monkeypatch.setattr(mail_text, "_first_text", broken)
    found = parse_email(_raw(f"From: lee@x.org\nDate: {DATE}\n"))
    assert found.excerpt == "" and found.notices == (UNREADABLE_TEXT,)


def test_an_rfc2231_charset_parameter_is_read():
    found = parse_email(_raw(f"From: lee@x.org\nDate: {DATE}\n"
                             "Content-Type: text/plain; charset*=utf-8''gb2312\n",
                             "镕".encode("gbk")))
    assert found.excerpt == "镕"


def test_only_regular_files_under_the_size_limit_are_read(tmp_path):
    """The one reader of a file the user names (storage.read_file), as import-email calls it."""
    import os

    from iepcheck.store.files import read_file

    limit = 1 << 10
    ok = tmp_path / "ok.mbox"
    ok.write_bytes(b"x" * limit)
    assert len(read_file(ok, "email", option="FILE", limit=limit, missing="-")) == limit
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(UserError, match="not a regular file"):
        read_file(tmp_path / "pipe", "email", option="FILE", limit=limit, missing="-")
    ok.write_bytes(b"x" * (limit + 1))
    with pytest.raises(UserError, match="larger than"):
        read_file(ok, "email", option="FILE", limit=limit, missing="-")


@pytest.mark.skipif(not _stdlib_messages(), reason="the stdlib's test package is not installed")
def test_every_stdlib_test_message_is_planned_or_refused_with_a_reason(tmp_path):
    """The interpreter's own test mails, as one import: no traceback, every message accounted."""
    from iepcheck.mail.importing import plan_import, read_mailbox

    folder = _stdlib_messages()[0].parent
    plan = _plan(tmp_path)
    total = 0
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".txt", ".mbox", ".eml"):
            continue
        try:
            messages = read_mailbox(path.read_bytes(), path.name)
        except UserError as refused:
            assert "not an email" in str(refused)
            continue
        result = plan_import(messages, plan, [], kind="email-received", date_override=None,
                             finding=None, today=date(2100, 1, 1))
        accounted = ({p.position for p in result.to_record} | set(result.refused)
                     | set(result.duplicates))
        assert accounted == set(range(1, len(messages) + 1)), path.name
        assert all(reason.strip() for reason in result.refused.values())
        total += len(messages)
    assert total > 40


# --- saved emails from other projects' test suites (tests/fixtures/mail/README.md) --------

FIXTURES = Path(__file__).parent / "fixtures" / "mail"


def _fixture(name: str) -> Email:
    [found] = read_messages((FIXTURES / name).read_bytes(), name)
    return found


def test_fixture_a_display_name_that_is_an_address():
    found = _fixture("display-name-is-an-address.eml")
    assert found.senders == (("alice@example.com", "bob@example.com"),)
    assert ("eve@example.com", "frank@example.com") in found.recipients
    assert found.notices == (
        "[display name shows alice@example.com, but the address is bob@example.com]",)


def test_fixture_korean_and_japanese_charsets():
    assert _fixture("ks_c_5601-1987.eml").excerpt == "스티해"
    assert _fixture("shift_jis.eml").excerpt.startswith("あいうえお\nこのメールはテスト用のメールです。")


def test_fixture_a_reply_below_the_quote():
    assert _fixture("reply-below-the-quote.eml").excerpt == "Hello"


def test_fixture_an_impossible_year_and_a_from_without_a_comma():
    ancient = _fixture("year-3609.eml")
    assert ancient.date_problem == "the Date header's year 3609 is outside 1900–2200"
    assert ancient.senders == (("Атиковa", "yusuf75thu@auracom.net"),)  # a quoted encoded word
    assert [a for _, a in _fixture("from-without-comma.eml").senders] == [
        "tim@powerupdev.com", "concierge@powerupdev.com"]
