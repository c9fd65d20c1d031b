"""Automatic replies (docs/email-import.md): an out-of-office notice is recorded, with no
finding, and never closes a thread, so `due` still lists the question and the escalation
letter is still written.

The record: Thursday 12 Nov 2026, an email to Ms. Lee (`<ask-1@home.example>`); Friday 13
Nov, her out-of-office notice, replying to it. reply_within 3 school days (13, 16, 17 Nov):
3 days overdue on 20 Nov, auto-reply or not.
"""

from __future__ import annotations

import json
from email.message import Message
from pathlib import Path

import pytest

from iepcheck.mail.auto_reply import automatic_reason
from tests.conftest import write_plan
from tests.test_letters import LETTER_PLAN

AS_OF = "2026-11-20"


def _eml(headers: str, subject: str = "Re: Extra time on quizzes",
         body: str = "I will be out of the office until Monday 30 November.") -> bytes:
    return (f"From: Ms. Lee <lee@school.example.org>\r\nTo: Ana Rivera <ana@example.com>\r\n"
            f"Subject: {subject}\r\nDate: Fri, 13 Nov 2026 08:01:00 -0500\r\n"
            f"Message-ID: <ooo-1@school.example.org>\r\nIn-Reply-To: <ask-1@home.example>\r\n"
            f"References: <ask-1@home.example>\r\n{headers}"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n").encode()


ASKED = (b"From: Ana Rivera <ana@example.com>\r\nTo: Ms. Lee <lee@school.example.org>\r\n"
         b"Subject: Extra time on quizzes\r\nDate: Thu, 12 Nov 2026 19:00:00 -0500\r\n"
         b"Message-ID: <ask-1@home.example>\r\nContent-Type: text/plain\r\n\r\n"
         b"Was extra time given on Friday's quiz?\r\n")


@pytest.fixture
def sam(tmp_path: Path) -> Path:
    return write_plan(tmp_path, "sam", LETTER_PLAN)


def _import(cli, sam: Path, name: str, raw: bytes, *args: str):
    path = sam.with_name(name)
    path.write_bytes(raw)
    return cli("import-email", path, *args, "--plan", sam, "--as-of", AS_OF)


@pytest.mark.parametrize("headers", [
    "Auto-Submitted: auto-replied\r\n",
    "Auto-Submitted: auto-generated; owner-email=lee@school.example.org\r\n",
    "X-Autoreply: yes\r\n",
    "X-Autorespond: Out of office\r\n",
    "Precedence: auto_reply\r\n",
    "Precedence: bulk\r\n",
    "Precedence: junk\r\n",
])
def test_an_automatic_reply_is_recorded_and_answers_nothing(cli, sam, headers) -> None:
    assert _import(cli, sam, "asked.eml", ASKED).code == 0
    done = _import(cli, sam, "ooo.eml", _eml(headers), "--finding", "implemented")
    assert done.code == 0, done.stderr
    history = json.loads(cli("history", "--format", "json", "--plan", sam).stdout)["entries"]
    reply = history[-1]
    assert reply["kind"] == "email-received" and reply.get("finding") is None
    assert reply.get("reply_to") is None
    assert "[automatic reply (" in reply["note"]
    due = json.loads(cli("due", "--format", "json", "--plan", sam, "--as-of", AS_OF).stdout)
    assert [(u["n"], u["overdue_days"]) for u in due["unanswered"]] == [(1, 3)]
    letter = cli("letter", "escalation", "ms-lee", "--plan", sam, "--as-of", AS_OF)
    assert letter.code == 0, letter.stderr
    assert "12 Nov 2026 (#1)" in letter.stdout and "3 days overdue" in letter.stdout


@pytest.mark.parametrize("subject", ["Automatic reply: Extra time on quizzes",
                                     "Out of Office: Extra time on quizzes",
                                     "Auto: Extra time on quizzes",
                                     "Re: Out of the office until 30 Nov"])
def test_an_out_of_office_subject_is_an_automatic_reply(cli, sam, subject) -> None:
    assert _import(cli, sam, "asked.eml", ASKED).code == 0
    assert _import(cli, sam, "ooo.eml", _eml("", subject=subject)).code == 0
    due = json.loads(cli("due", "--format", "json", "--plan", sam, "--as-of", AS_OF).stdout)
    assert [u["n"] for u in due["unanswered"]] == [1]


def test_a_person_s_reply_still_closes_the_thread(cli, sam) -> None:
    assert _import(cli, sam, "asked.eml", ASKED).code == 0
    human = _eml("Auto-Submitted: no\r\n", body="Yes, he had 50% extra time.")
    assert _import(cli, sam, "reply.eml", human).code == 0
    due = json.loads(cli("due", "--format", "json", "--plan", sam, "--as-of", AS_OF).stdout)
    assert due["unanswered"] == []


@pytest.mark.parametrize(("headers", "subject", "reason"), [
    ({"Auto-Submitted": "auto-replied"}, "Hi", "Auto-Submitted: auto-replied"),
    ({"Auto-Submitted": "no"}, "Hi", None),
    ({"X-Autoreply": "yes"}, "Hi", "X-Autoreply: yes"),
    ({"Precedence": "list"}, "Hi", None),
    ({}, "Out of office until Monday", "its subject is an out-of-office notice"),
    ({}, "About the office visit", None),
])
def test_automatic_reason_names_the_header(headers, subject, reason) -> None:
    message = Message()
    for name, value in headers.items():
        message[name] = value
    assert automatic_reason(message, subject) == reason


def test_a_recorded_weekly_draft_keeps_its_message_id_so_the_reply_threads_to_it(
        cli, sam) -> None:
    import email
    from email import policy

    out = sam.with_name("lee.eml")
    done = cli("draft-email", "ms-lee", "-o", out, "--record", "--plan", sam,
               "--as-of", "2026-11-13")
    assert done.code == 0, done.stderr
    sent_id = email.message_from_bytes(out.read_bytes(), policy=policy.default)["Message-ID"]
    history = json.loads(cli("history", "--format", "json", "--plan", sam).stdout)["entries"]
    assert history[-1]["message_id"] == sent_id
    reply = (f"From: Ms. Lee <lee@school.example.org>\r\nTo: ana@example.com\r\n"
             f"Subject: Re: check-in\r\nDate: Mon, 16 Nov 2026 08:00:00 -0500\r\n"
             f"Message-ID: <r-1@school.example.org>\r\nIn-Reply-To: {sent_id}\r\n\r\n"
             f"Yes, both.\r\n").encode()
    assert _import(cli, sam, "reply.eml", reply).code == 0
    history = json.loads(cli("history", "--format", "json", "--plan", sam).stdout)["entries"]
    assert history[-1]["reply_to"] == history[-2]["n"]
