"""import-email, timeline and verify through the real entry point."""

from __future__ import annotations

import json
from email.message import EmailMessage
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from iepcheck.store.attachments import file_sha256
from iepcheck.store.logbook import evidence_dir, read_log
from tests.conftest import AS_OF, snapshot

LEE = "Ms. Lee <lee@school.example.org>"
ANA = "Ana Rivera <ana@example.com>"


def _email(
    tmp_path: Path,
    name: str = "reply.eml",
    *,
    sender: str = LEE,
    to: str = ANA,
    subject: str = "Extended time",
    body: str = "Yes, Sam gets extra time.\n",
    date: str = "Tue, 10 Nov 2026 16:05:00 -0500",
    message_id: str | None = "<r1@s.org>",
    cc: str | None = None,
) -> Path:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"], message["Date"] = sender, to, subject, date
    if cc:
        message["Cc"] = cc
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(body)
    path = tmp_path / name
    path.write_bytes(message.as_bytes())
    return path


def _import(cli, plan_path, *args):
    return cli("import-email", *args, "--plan", plan_path, "--as-of", AS_OF)


@pytest.fixture
def log(plan_path) -> Path:
    return plan_path.with_name("sam.log.json")


def test_an_email_from_staff_is_received_with_the_original_attached(cli, plan_path, log, tmp_path):
    eml = _email(tmp_path)
    done = _import(cli, plan_path, eml, "extended-time")
    assert done.code == 0, done.stderr
    assert done.stdout == "#1 2026-11-10 email-received extended-time\n"  # no finding: its
    # content decides, and --finding says so
    assert done.stderr == "imported 1, skipped 0 as already imported, refused 0\n"
    entry = read_log(log)[0]
    assert (entry.kind, entry.who, entry.items, entry.finding) == (
        "email-received", "ms-lee", ("extended-time",), None)
    assert entry.note == ("Extended time\n\nYes, Sam gets extra time.\n\nMessage-ID: <r1@s.org>")
    attachment = entry.attachments[0]
    assert attachment.name == "reply.eml" and attachment.sha256 == file_sha256(eml)
    assert (plan_path.parent / attachment.path).read_bytes() == eml.read_bytes()
    eml.unlink()
    assert cli("verify", "--plan", plan_path).code == 0


def test_an_email_to_or_copied_to_staff_is_sent_with_no_finding(cli, plan_path, log, tmp_path):
    eml = _email(tmp_path, sender=ANA, to="office@school.example.org", cc="LEE@SCHOOL.EXAMPLE.ORG")
    done = _import(cli, plan_path, eml)
    assert done.stdout == "#1 2026-11-10 email-sent (general)\n"
    entry = read_log(log)[0]
    assert (entry.kind, entry.who, entry.finding) == ("email-sent", "ms-lee", None)


def test_no_staff_address_needs_kind(cli, plan_path, log, tmp_path):
    eml = _email(tmp_path, sender="Principal <p@school.example.org>")
    before = snapshot(log, evidence_dir(log))
    done = _import(cli, plan_path, eml)
    assert done.code == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "--kind" in done.stderr and "reply.eml" in done.stderr
    assert snapshot(log, evidence_dir(log)) == before
    done = _import(cli, plan_path, eml, "--kind", "email-received", "--finding", "partial")
    assert done.code == 0, done.stderr
    entry = read_log(log)[0]
    assert (entry.who, entry.finding) == ("Principal <p@school.example.org>", "partial")


def test_date_override_and_future_dates(cli, plan_path, log, tmp_path):
    future = _email(tmp_path, date="Mon, 30 Nov 2026 09:00:00 +0000")
    done = _import(cli, plan_path, future)
    assert done.code == 2 and "dated in the future" in done.stderr and not log.exists()
    assert _import(cli, plan_path, future, "--date", "2026-11-19").code == 0
    assert read_log(log)[0].date.isoformat() == "2026-11-19"
    undated = _email(tmp_path, "undated.eml", date="not a date", message_id="<u@s.org>")
    done = _import(cli, plan_path, undated)
    assert done.code == 2 and "pass --date" in done.stderr


def test_the_same_email_twice_is_skipped(cli, plan_path, log, tmp_path):
    eml = _email(tmp_path)
    assert _import(cli, plan_path, eml).code == 0
    again = _import(cli, plan_path, eml)
    assert again.code == 0 and again.stdout == ""
    assert "skipped reply.eml" in again.stderr and "already imported as #1" in again.stderr
    resaved = _email(tmp_path, "resaved.eml", body="Yes, Sam gets extra time.\n\n-- \nsent from\n")
    assert "same Message-ID" in _import(cli, plan_path, resaved).stderr
    no_id = _email(tmp_path, "no-id.eml", message_id=None)
    assert _import(cli, plan_path, no_id).code == 0
    assert "same file" in _import(cli, plan_path, no_id).stderr
    assert len(read_log(log)) == 2


def _mbox(*paths: Path) -> bytes:
    return b"".join(b"From - Tue Nov 10 16:05:00 2026\n" + p.read_bytes() + b"\n" for p in paths)


def test_an_mbox_imports_every_message_and_skips_what_is_there(cli, plan_path, log, tmp_path):
    first = _email(tmp_path, "a.eml", message_id="<a@s.org>", subject="One")
    second = _email(
        tmp_path,
        "b.eml",
        message_id="<b@s.org>",
        subject="Two",
        sender=ANA,
        to=LEE,
        date="Wed, 11 Nov 2026 08:00:00 +0000",
    )
    latin = MIMEText("Séance annulée.", "plain", "iso-8859-1")
    latin["From"], latin["Subject"] = LEE, "=?iso-8859-1?q?Orthophonie_annul=E9e?="
    latin["Date"], latin["Message-ID"] = "Thu, 12 Nov 2026 08:00:00 +0100", "<c@s.org>"
    third = tmp_path / "c.eml"
    third.write_bytes(latin.as_bytes())
    assert _import(cli, plan_path, first).code == 0
    mbox = tmp_path / "term.mbox"
    mbox.write_bytes(_mbox(first, second, third))
    done = _import(cli, plan_path, mbox, "speech")
    assert done.code == 0, done.stderr
    assert done.stdout.splitlines() == [
        "#2 2026-11-11 email-sent speech",
        "#3 2026-11-12 email-received speech",
    ]
    assert done.stderr.splitlines()[-1] == "imported 2, skipped 1 as already imported, refused 0"
    assert "skipped 1 message already imported\n" in done.stderr  # one line for a mailbox
    entries = read_log(log)
    assert entries[2].note.startswith("Orthophonie annulée\n\nSéance annulée.")
    assert [a.name for a in entries[1].attachments] == ["term-002.eml"]
    assert len(list(evidence_dir(log).iterdir())) == 3
    assert cli("verify", "--plan", plan_path).code == 0


@pytest.mark.parametrize("content", [b"", b"hello\n", b"%PDF-1.4\x00", b"\xff\xfe\x00"])
def test_a_file_that_is_not_an_email_exits_2_and_writes_nothing(
    cli, plan_path, log, tmp_path, content
):
    bad = tmp_path / "thing.eml"
    bad.write_bytes(content)
    done = _import(cli, plan_path, bad)
    assert done.code == 2 and done.stderr.count("\n") == 1 and "not an email" in done.stderr
    assert not log.exists() and not evidence_dir(log).exists()


def test_a_bad_message_in_an_mbox_is_refused_alone(cli, plan_path, log, tmp_path):
    good = _email(tmp_path)
    mbox = tmp_path / "term.mbox"
    mbox.write_bytes(_mbox(good) + b"From - x\nnot a message\n")
    done = _import(cli, plan_path, mbox)
    assert done.code == 1 and done.stdout == "#1 2026-11-10 email-received (general)\n"
    assert done.stderr.splitlines() == [
        ("refused term.mbox message 2: not an email (no From, To, Date or Message-ID header); "
        "save the message as .eml or .mbox"),
        "imported 1, skipped 0 as already imported, refused 1",
    ]
    assert len(read_log(log)) == 1


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["nope.eml"], "no email at"),
        (["reply.eml", "reading"], "unknown item 'reading'"),
        (["reply.eml", "--kind", "email-sent", "--finding", "partial"], "carries no finding"),
        (["reply.eml", "--date", "someday"], "--date: 'someday' is not a date"),
    ],
)
def test_bad_import_input_exits_2_with_one_line(cli, plan_path, log, tmp_path, args, says):
    _email(tmp_path)
    args = [tmp_path / a if a.endswith(".eml") else a for a in args]
    done = _import(cli, plan_path, *args)
    assert done.code == 2 and says in done.stderr and done.stderr.count("\n") == 1
    assert not log.exists()


def _term(cli, plan_path, tmp_path) -> None:
    for args in (
        [
            "speech",
            "-k",
            "visit",
            "--date",
            "2026-11-02",
            "--note",
            "<script>alert(1)</script> saw session",
        ],
        ["speech", "-k", "service-log", "--date", "2026-09-01", "--minutes", "30"],
        ["extended-time", "-k", "interview", "--date", "2026-11-05", "--who", "ms-lee"],
    ):
        assert cli("log", *args, "--plan", plan_path, "--as-of", AS_OF).code == 0
    assert (
        cli("retract", "1", "--reason", "wrong week", "--plan", plan_path, "--as-of", AS_OF).code
        == 0
    )


def test_timeline_markdown_is_oldest_first_with_retractions(cli, plan_path, tmp_path):
    _term(cli, plan_path, tmp_path)
    done = cli("timeline", "--plan", plan_path, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    rows = [
        line for line in done.stdout.splitlines() if line.startswith("| ") and line[2].isdigit()
    ]
    assert [r.split("|")[1].strip() for r in rows] == ["2", "1", "3", "4"]
    assert "**RETRACTED by #4**" in rows[1] and "\\<script\\>" in rows[1]
    assert "<script>" not in done.stdout and "<br>" not in done.stdout
    assert "**retracts #1** / Reason: wrong week" in rows[3]
    assert "- **Report summary:** 2 items:" in done.stdout
    assert "on or after 2025-11-20" in done.stdout


def test_timeline_html_to_a_file_is_escaped(cli, plan_path, tmp_path):
    _term(cli, plan_path, tmp_path)
    out = tmp_path / "chronology.html"
    done = cli(
        "timeline", "--format", "html", "--output", out, "--plan", plan_path, "--as-of", AS_OF
    )
    assert done.code == 0 and done.stdout == ""
    page = out.read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_timeline_csv_filtered_by_item_and_period(cli, plan_path, tmp_path):
    _term(cli, plan_path, tmp_path)
    done = cli(
        "timeline",
        "--format",
        "csv",
        "--item",
        "speech",
        "--since",
        "2026-10-01",
        "--plan",
        plan_path,
        "--as-of",
        AS_OF,
    )
    lines = done.stdout.splitlines()
    assert lines[0].startswith("n,date,kind,items,who,finding,minutes")
    assert [line.split(",")[0] for line in lines[1:]] == ["1", "4"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--item", "reading"], "unknown item 'reading'"),
        (["--since", "2026-11-10", "--until", "2026-11-01"], "--until"),
        (["--format", "pdf"], "--format"),
        (["--since", "soon"], "--since"),
    ],
)
def test_bad_timeline_input_exits_2_with_one_line(cli, plan_path, tmp_path, args, says):
    out = tmp_path / "t.md"
    done = cli("timeline", *args, "--output", out, "--plan", plan_path, "--as-of", AS_OF)
    assert done.code == 2 and says in done.stderr and done.stderr.count("\n") == 1
    assert not out.exists()


def test_verify_output_after_an_import_is_one_line(cli, plan_path, log, tmp_path):
    _import(cli, plan_path, _email(tmp_path))
    done = cli("verify", "--plan", plan_path)
    assert done.code == 0 and done.stdout.count("\n") == 1
    raw = json.loads(log.read_bytes())
    raw["entries"][0]["who"] = "someone else"
    log.write_text(json.dumps(raw))
    done = cli("verify", "--plan", plan_path)
    assert done.code == 1 and done.stdout.splitlines()[-1] == (
        "verify FAILED: 1 of 1 entry fails (#1)"
    )


def test_the_evidence_commands_load_nothing_heavy_at_start_up():
    import subprocess
    import sys

    probe = (
        "import sys, iepcheck.cli; heavy = ('pydantic', 'rich', 'email.message', "
        "'html.parser', 'csv', 'iepcheck.evidence.timeline', 'iepcheck.store.verify'); "
        "print([m for m in heavy if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_pipe_a_device_or_an_oversized_file_is_refused_before_reading(
    cli, plan_path, log, tmp_path, monkeypatch
):
    import os

    pipe = tmp_path / "pipe.eml"
    os.mkfifo(pipe)  # reading it would block forever
    for path in (pipe, Path("/dev/zero")):
        done = _import(cli, plan_path, path)
        assert done.code == 2 and done.stderr.count("\n") == 1, done.stderr
        assert "not a regular file" in done.stderr
    monkeypatch.setattr("iepcheck.mail.importing.MAX_FILE_BYTES", 1024 * 1024)
    big = tmp_path / "big.eml"
    big.write_bytes(b"x" * (2 * 1024 * 1024))
    done = _import(cli, plan_path, big)
    assert done.code == 2 and "larger than 1 MiB" in done.stderr
    # A mailbox of any size is read a message at a time; one message that large is refused.
    big = tmp_path / "big.mbox"
    big.write_bytes(b"From x\n" + b"x" * (2 * 1024 * 1024))
    done = _import(cli, plan_path, big)
    assert done.code == 2 and "larger than 1 MiB" in done.stderr, done.stderr
    assert not log.exists()


def test_a_mailbox_reports_each_refusal_and_a_summary(cli, plan_path, log, tmp_path):
    dated = _email(tmp_path, "a.eml", message_id="<a@s.org>")
    undated = _email(tmp_path, "b.eml", message_id="<b@s.org>", date="")
    ancient = _email(tmp_path, "c.eml", message_id="<c@s.org>")
    ancient.write_bytes(ancient.read_bytes().replace(b"10 Nov 2026", b"10 Nov 0001"))
    mbox = tmp_path / "term.mbox"
    mbox.write_bytes(_mbox(dated, undated, ancient, dated))
    done = _import(cli, plan_path, mbox)
    assert done.code == 1 and done.stdout == "#1 2026-11-10 email-received (general)\n"
    assert done.stderr.splitlines() == [
        "skipped 1 message already imported",
        ('refused term.mbox message 2 "Extended time": no Date header; pass --date with the day '
        "it was sent"),
        ('refused term.mbox message 3 "Extended time": the Date header\'s year 0001 is outside '
        "1900–2200; pass --date with the day it was sent"),
        "imported 1, skipped 1 as already imported, refused 2",
    ]
    done = _import(cli, plan_path, mbox, "--date", "2026-11-12")
    assert done.code == 0 and done.stdout.splitlines() == [
        "#2 2026-11-12 email-received (general)", "#3 2026-11-12 email-received (general)"]
    assert done.stderr.splitlines()[-1] == "imported 2, skipped 2 as already imported, refused 0"
    assert [e.date.isoformat() for e in read_log(log)] == ["2026-11-10", "2026-11-12",
                                                           "2026-11-12"]


def test_every_message_refused_exits_2_and_writes_nothing(cli, plan_path, log, tmp_path):
    one = _email(tmp_path, "a.eml", sender="p@school.example.org", message_id="<a@s.org>")
    two = _email(tmp_path, "b.eml", sender="q@school.example.org", message_id="<b@s.org>")
    mbox = tmp_path / "term.mbox"
    mbox.write_bytes(_mbox(one, two))
    done = _import(cli, plan_path, mbox)
    assert done.code == 2 and done.stdout == "" and "pass --kind" in done.stderr
    assert done.stderr.splitlines() == [  # bad input: one line, whatever the mailbox's size
        ("iepcheck: error: term.mbox: none of its 2 messages is to or from the plan's staff; to "
         "record mail that names no staff address, pass --kind (e.g. --kind email-received) or "
         "add the address to [[staff]]; nothing was recorded")]
    assert not log.exists()


def test_an_imported_reply_joins_its_thread_through_in_reply_to(cli, plan_path, log, tmp_path):
    """The parent's question (sent, imported) and the teacher's answer naming it in
    In-Reply-To: the answer is recorded as a reply, and nothing is left unanswered."""
    asked = _email(tmp_path, "asked.eml", sender=ANA, to=LEE, subject="Extended time?",
                   date="Mon, 02 Nov 2026 09:00:00 -0500", message_id="<q1@home.example>")
    answer = _email(tmp_path, "answer.eml", subject="Re: Extended time?",
                    date="Thu, 05 Nov 2026 16:05:00 -0500", message_id="<a1@s.org>")
    raw = answer.read_bytes().replace(b"Subject:", b"In-Reply-To: <q1@home.example>\nSubject:", 1)
    answer.write_bytes(raw)
    assert _import(cli, plan_path, asked).code == 0
    assert _import(cli, plan_path, answer).code == 0
    first, reply = read_log(log)
    assert (first.kind, reply.kind, reply.reply_to) == ("email-sent", "email-received", first.n)
    assert first.message_id == "<q1@home.example>"
    done = cli("due", "--format", "json", "--plan", plan_path, "--as-of", "2026-11-30")
    assert json.loads(done.stdout)["unanswered"] == []
