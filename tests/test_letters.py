"""`iepcheck letter`: each letter's facts against a hand-worked log, built through `iepcheck log`.

The log (plan from Monday 2 Nov 2026, Veterans Day 11 Nov off, speech 30 min × 2 a week):

| # | date | entry |
|---|---|---|
| 1 | Wed 4 Nov | speech service-log, 30 min, Mr. Ortiz |
| 2 | Tue 10 Nov | speech not-implemented, 30 min, provider-absent, "Mr. Ortiz out sick" |
| 3 | Tue 17 Nov | speech service-log, 30 min |
| 4 | Fri 13 Nov | extended-time interview, not-implemented, "No extra time on the math quiz" |
| 5 | Thu 12 Nov | email-sent to Ms. Lee about extended-time, "Asked about extra time on quizzes" |
| 6 | Thu 19 Nov | absence (the whole day) |

Speech, 2 to 20 Nov: three weeks with school days owe 60 each = 180, less Thursday 19 Nov's
share (12 of a five-day week) = 168 required; delivered 60 (#1, #3); missed 30 (#2);
unaccounted 168 − 60 − 30 = 78; owed 168 − 60 = 108. The email of Thursday 12 Nov with
reply_within 3d (3 school days: 13, 16, 17 Nov) is due by Tuesday 17 Nov, so 3 days overdue on
20 Nov.
"""

from __future__ import annotations

import email
import json
from email import policy
from pathlib import Path

import pytest

from iepcheck.store.logbook import read_log
from tests.conftest import EXAMPLE_PLAN, log_through_cli, snapshot, write_plan

AS_OF = "2026-11-20"

LETTER_PLAN = """\
[student]
name = "Sam Rivera"
school = "Lincoln Elementary"

[parent]
name = "Ana Rivera"
email = "ana@example.com"

[plan]
kind = "IEP"
start = 2026-11-02
end = 2027-06-18
reply_within = "3d"

[calendar]
no_school = [2026-11-11]

[[staff]]
id = "ms-lee"
name = "Ms. Lee"
role = "4th grade teacher"
email = "lee@school.example.org"

[[staff]]
id = "mrs-patel"
name = "Mrs. Patel"
role = "Special education teacher"
email = "patel@school.example.org"
case_manager = true

[[staff]]
id = "mr-ortiz"
name = "Mr. Ortiz"
role = "Speech-language pathologist"
email = "ortiz@school.example.org"

[[staff]]
id = "mr-baker"
name = "Mr. Baker"
role = "Principal"
email = "baker@school.example.org"

[[staff]]
id = "dr-nomail"
name = "Dr. Nomail"
role = "School psychologist"

[[services]]
id = "speech"
name = "Speech therapy"
minutes = 30
times = 2
per = "week"
provider = "mr-ortiz"
staff = ["mr-ortiz"]

[[accommodations]]
id = "extended-time"
name = "Extended time on tests"
applies_to = ["math"]
staff = ["ms-lee"]

[[accommodations]]
id = "seating"
name = "Preferential seating"
staff = ["ms-lee"]
"""


@pytest.fixture
def sam(tmp_path: Path) -> Path:
    return write_plan(tmp_path, "sam", LETTER_PLAN)


@pytest.fixture
def log_file(sam: Path) -> Path:
    return sam.with_name("sam.log.json")


@pytest.fixture
def term(cli, sam: Path) -> None:
    add = log_through_cli(cli, sam, AS_OF)
    add("speech", "-k", "service-log", "-d", "2026-11-04", "--minutes", "30", "--who", "mr-ortiz")
    add("speech", "-k", "service-log", "-d", "2026-11-10", "-f", "not-implemented", "--reason",
        "provider-absent", "--minutes", "30", "--who", "mr-ortiz", "--note", "Mr. Ortiz out sick")
    add("speech", "-k", "service-log", "-d", "2026-11-17", "--minutes", "30", "--who", "mr-ortiz")
    add("extended-time", "-k", "interview", "-f", "not-implemented", "-d", "2026-11-13",
        "--note", "No extra time on the math quiz")
    add("extended-time", "-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-12",
        "--note", "Asked about extra time on quizzes")
    add("-k", "absence", "-d", "2026-11-19", "--note", "Sick")


def letter(cli, sam: Path, *args: str, as_of: str = AS_OF):
    return cli("letter", *args, "--plan", sam, "--as-of", as_of)


def _ok(done) -> str:
    assert done.code == 0, done.stderr
    return done.stdout


def _receipt(log_file: Path) -> str:
    last = read_log(log_file)[-1]
    return f"Log seal #{last.n} {last.hash[:16]}"


def test_meeting_request_lists_each_concern_with_dates_entries_and_minutes(
        cli, sam, term, log_file) -> None:
    text = _ok(letter(cli, sam, "meeting-request"))
    assert text.startswith("Date: 20 Nov 2026\n"
                           "To: Mrs. Patel <patel@school.example.org>\n"
                           "Subject: Request for an IEP meeting: Sam Rivera\n\nDear Mrs. Patel,\n")
    assert ("1. Extended time on tests: not provided on 13 Nov 2026 (#4, interview: "
            "“No extra time on the math quiz”).") in text
    assert ("2. Preferential seating: I have no record that it was provided from 2 Nov 2026 to "
            "20 Nov 2026.") in text
    assert ("3. Speech therapy: not provided on 10 Nov 2026 (#2, service-log: 30 min, provider "
            "absent, “Mr. Ortiz out sick”); from 2 Nov 2026 to 20 Nov 2026, 168 minutes were "
            "required, 60 are recorded as delivered and 30 as missed, so 108 are not shown as "
            "delivered.") in text
    assert "This is not legal advice." in text
    assert text.rstrip().splitlines()[-1].startswith(_receipt(log_file))
    assert text.rstrip().endswith("Kind regards,\nAna Rivera\n\n" + text.rstrip().split(
        "Ana Rivera\n\n", 1)[1])


def test_meeting_request_to_a_named_staff_member_copies_the_case_manager(cli, sam, term) -> None:
    text = _ok(letter(cli, sam, "meeting-request", "ms-lee", "--item", "extended-time"))
    assert text.startswith("Date: 20 Nov 2026\n"
                           "To: Ms. Lee <lee@school.example.org>\n"
                           "Cc: Mrs. Patel <patel@school.example.org>\n")
    assert "Extended time on tests" in text and "Speech therapy" not in text


def test_a_stale_item_cites_its_last_evidence(cli, sam, term) -> None:
    text = _ok(letter(cli, sam, "meeting-request", "--item", "speech", as_of="2026-12-18"))
    assert "3 Dec" not in text
    # 17 Nov (#3) is the last support; later entries: none. The latest finding is #3's.
    assert "Speech therapy: last recorded as provided on 17 Nov 2026 (#3); nothing recorded" in text


def test_records_request_cites_the_right_and_the_due_date(cli, sam, term) -> None:
    text = _ok(letter(cli, sam, "records-request"))
    assert "(34 CFR 300.613)" in text
    assert ("- Speech therapy (30 min × 2 per week): the service logs or session notes showing "
            "each date") in text
    assert "- Sam's attendance record for the same period." in text
    assert "in no case more than 45 days after the request" in text
    assert "I would be grateful to receive them by 4 Jan 2027 (45 calendar days from 20 Nov 2026)" in text


def test_a_state_limit_in_the_plan_shortens_the_due_date(cli, tmp_path) -> None:
    sam = write_plan(tmp_path, "sam", LETTER_PLAN.replace(
        'reply_within = "3d"', 'reply_within = "3d"\nrecords_days = 5'))
    text = _ok(letter(cli, sam, "records-request", "--item", "extended-time"))
    assert "the limit that applies here is 5 calendar days" in text
    assert "by 25 Nov 2026 (5 calendar days from 20 Nov 2026)" in text
    assert "Extended time on tests: the service logs" in text and "Speech" not in text


@pytest.mark.parametrize("value", ["0", "46", '"5"'])
def test_records_days_outside_1_to_45_is_refused(cli, tmp_path, value) -> None:
    sam = write_plan(tmp_path, "sam", LETTER_PLAN.replace(
        'reply_within = "3d"', f'reply_within = "3d"\nrecords_days = {value}'))
    done = letter(cli, sam, "records-request")
    assert done.code == 2 and "plan.records_days" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_504_records_request_cites_ferpa(cli, tmp_path) -> None:
    sam = write_plan(tmp_path, "sam", LETTER_PLAN.replace('kind = "IEP"', 'kind = "504"'))
    text = _ok(letter(cli, sam, "records-request"))
    assert "34 CFR 99.10" in text and "300.613" not in text


def test_a_recorded_records_request_is_tracked_by_due(cli, sam, term, log_file, tmp_path) -> None:
    draft = tmp_path / "records.eml"
    done = letter(cli, sam, "records-request", "-o", draft, "--record")
    assert done.code == 0, done.stderr
    entry = read_log(log_file)[-1]
    assert (entry.n, entry.kind, entry.who, entry.items) == (7, "email-sent", "mrs-patel",
                                                            ("speech",))
    assert entry.note.startswith("Records request: answer due 2027-01-04\n")
    message = email.message_from_bytes(draft.read_bytes(), policy=policy.default)
    assert entry.message_id == message["Message-ID"]
    assert len(entry.attachments) == 1

    def due(as_of: str, within: str = "14d") -> dict:
        shown = cli("due", "--format", "json", "--plan", sam, "--as-of", as_of, "--within", within)
        assert shown.code == 0, shown.stderr
        return json.loads(shown.stdout)

    assert {"date": "2027-01-04", "event": "records answer due from Mrs. Patel (request #7)"} in (
        due("2026-12-21")["upcoming"])
    assert not any("records" in d["event"] for d in due("2026-12-20")["upcoming"])
    assert due("2027-01-04")["records_overdue"] == []
    assert due("2027-01-05")["records_overdue"] == [
        {"n": 7, "who": "mrs-patel", "sent": "2026-11-20", "due": "2027-01-04",
         "overdue_days": 1}]
    table = cli("due", "--plan", sam, "--as-of", "2027-01-05")
    assert "Records requests overdue" in table.stdout and "1 day" in table.stdout
    # An email from her about something else does not answer it; a reply naming it does.
    add = log_through_cli(cli, sam, "2027-01-06")
    add("-k", "email-received", "--who", "mrs-patel", "-d", "2027-01-05")
    assert due("2027-01-06")["records_overdue"][0]["overdue_days"] == 2
    add("-k", "email-received", "--who", "mrs-patel", "-d", "2027-01-06", "--reply-to", "7")
    assert due("2027-01-06")["records_overdue"] == []


def test_make_up_request_gives_minutes_per_service_with_dates(cli, sam, term) -> None:
    text = _ok(letter(cli, sam, "make-up-request"))
    assert "Speech therapy (30 min × 2 per week)\n" in text
    assert "- Required from 2 Nov 2026 to 20 Nov 2026: 168 minutes.\n" in text
    assert ("- Recorded as delivered: 60 minutes (4 Nov 2026 (#1): 30 min; 17 Nov 2026 (#3): "
            "30 min).\n") in text
    assert ("- Recorded as missed: 30 minutes (10 Nov 2026 (#2, service-log: 30 min, provider "
            "absent, “Mr. Ortiz out sick”)).\n") in text
    assert "- Not accounted for either way: 78 minutes.\n" in text
    assert "- Owed (required − delivered): 108 minutes.\n" in text
    assert "Days Sam was absent are not counted as owed: 19 Nov 2026 (#6)." in text
    assert "a written plan, within two weeks, saying when and by whom the 108 minutes" in text
    assert ("Owed minutes are a minute-for-minute starting figure, not the measure a hearing "
            "officer must use.") in text


def test_make_up_request_with_nothing_owed_says_so(cli, sam) -> None:
    add = log_through_cli(cli, sam, "2026-11-06")
    add("speech", "-k", "service-log", "-d", "2026-11-06", "--minutes", "60")
    done = letter(cli, sam, "make-up-request", as_of="2026-11-06")  # the week's 60 delivered
    assert done.code == 2 and "no service minutes are owed" in done.stderr
    text = _ok(letter(cli, sam, "make-up-request", "--item", "speech", as_of="2026-11-06"))
    assert "- Owed (required − delivered): 0 minutes." in text


def test_escalation_goes_to_the_case_manager_and_principal_copying_the_person(
        cli, sam, term, log_file) -> None:
    text = _ok(letter(cli, sam, "escalation", "ms-lee"))
    assert text.startswith("Date: 20 Nov 2026\n"
                           "To: Mrs. Patel <patel@school.example.org>, "
                           "Mr. Baker <baker@school.example.org>\n"
                           "Cc: Ms. Lee <lee@school.example.org>\n")
    assert "Dear Mrs. Patel and Mr. Baker," in text
    assert ("- 12 Nov 2026 (#5), about extended time on tests: “Asked about extra time on "
            "quizzes”. No reply is recorded; 3 days overdue as of 20 Nov 2026.") in text
    assert _receipt(log_file) in text


def test_a_recorded_escalation_joins_the_thread_it_follows_up(cli, sam, term, log_file) -> None:
    """Logged as a reply to the unanswered email, the escalation joins its thread: the thread
    is then waiting on the case manager, from the escalation's day."""
    done = letter(cli, sam, "escalation", "ms-lee", "--record")
    assert done.code == 0, done.stderr
    entry = read_log(log_file)[-1]
    assert (entry.n, entry.who, entry.reply_to) == (7, "mrs-patel", 5)
    shown = json.loads(cli("due", "--format", "json", "--plan", sam, "--as-of", "2026-11-30",
                           ).stdout)["unanswered"]
    assert [(u["n"], u["who"], u["thread"]) for u in shown] == [(5, "mrs-patel", [5, 7])]
    text = _ok(letter(cli, sam, "escalation", "mrs-patel", as_of="2026-11-30"))
    assert "12 Nov 2026 (#5), about extended time on tests: “Asked about extra time on " in text
    # 3 school days after Fri 20 Nov: Wed 25 Nov, so 5 days overdue on Mon 30 Nov.
    assert "; followed up on 20 Nov 2026 (#7). No reply is recorded; 5 days overdue" in text


def test_escalation_needs_an_overdue_email_and_someone_to_write_to(cli, sam, term) -> None:
    done = letter(cli, sam, "escalation", "mr-ortiz")
    assert done.code == 2 and "nothing to escalate" in done.stderr
    done = letter(cli, sam, "escalation", as_of="2026-11-13")  # nothing overdue yet
    assert done.code == 2 and "no email to anyone on the staff" in done.stderr
    done = letter(cli, sam, "escalation", "ms-lee", "--item", "speech")
    assert done.code == 2


def test_escalation_about_the_case_manager_goes_to_the_principal(cli, sam, term) -> None:
    add = log_through_cli(cli, sam, AS_OF)
    add("-k", "email-sent", "--who", "mrs-patel", "-d", "2026-11-13", "--note", "Unit tests?")
    text = _ok(letter(cli, sam, "escalation", "Mrs. Patel"))
    assert text.startswith("Date: 20 Nov 2026\n"
                           "To: Mr. Baker <baker@school.example.org>\n"
                           "Cc: Mrs. Patel <patel@school.example.org>\n")
    assert "13 Nov 2026 (#7): “Unit tests?”. No reply is recorded; 2 days overdue" in text


def test_complaint_facts_state_terms_failures_and_correspondence(cli, sam, term) -> None:
    text = _ok(letter(cli, sam, "complaint-facts"))
    assert text.startswith("Date: 20 Nov 2026\n"
                           "Subject: State complaint, statement of facts (draft): Sam Rivera\n")
    assert "- Speech therapy (service): 30 min × 2 per week.\n" in text
    assert "- Extended time on tests (accommodation), in math.\n" in text
    assert ("- Extended time on tests: not provided on 13 Nov 2026 (#4, interview: “No extra "
            "time on the math quiz”).") in text
    assert "168 minutes were required, 60 are recorded as delivered" in text
    assert ("- 12 Nov 2026 (#5): I emailed Ms. Lee, 4th grade teacher: “Asked about extra time "
            "on quizzes”. No reply is recorded; 3 days overdue as of 20 Nov 2026.") in text
    assert "iepcheck files nothing" in text and "not legal advice" in text


def test_complaint_facts_keep_to_the_one_year_window(cli, sam, term) -> None:
    text = _ok(letter(cli, sam, "complaint-facts", "--until", "2026-11-20", as_of="2027-11-15"))
    assert "These facts cover 15 Nov 2026 to 20 Nov 2026" in text
    assert "(#2" not in text and "(#4" not in text and "(#5)" not in text
    done = letter(cli, sam, "complaint-facts", "--until", "2026-11-10", as_of="2027-11-15")
    assert done.code == 2 and "state complaint window" in done.stderr


# --- files: .eml, .md, .html; --record ------------------------------------------------------


def test_the_eml_is_an_unsent_draft_with_to_cc_and_the_receipt(cli, sam, term, log_file,
                                                               tmp_path) -> None:
    draft = tmp_path / "escalation.eml"
    done = letter(cli, sam, "escalation", "ms-lee", "-o", draft)
    assert done.code == 0, done.stderr
    message = email.message_from_bytes(draft.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert [a.addr_spec for a in message["To"].addresses] == ["patel@school.example.org",
                                                              "baker@school.example.org"]
    assert [a.addr_spec for a in message["Cc"].addresses] == ["lee@school.example.org"]
    assert message["From"].addresses[0].addr_spec == "ana@example.com"
    body = message.get_content()
    assert _receipt(log_file) in body and "(#5)" in body
    assert len(read_log(log_file)) == 6  # not recorded without --record


def test_record_logs_the_letter_as_sent_to_the_first_recipient(cli, sam, term, log_file,
                                                               tmp_path) -> None:
    draft = tmp_path / "meeting.eml"
    done = letter(cli, sam, "meeting-request", "ms-lee", "-o", draft, "--record")
    assert done.code == 0, done.stderr
    assert done.stdout.startswith("#7 2026-11-20 email-sent")
    entry = read_log(log_file)[-1]
    assert (entry.kind, entry.who, entry.date.isoformat()) == ("email-sent", "ms-lee", AS_OF)
    assert entry.message_id == email.message_from_bytes(
        draft.read_bytes(), policy=policy.default)["Message-ID"]
    assert entry.attachments[0].name == "meeting.eml"


def test_a_recipient_without_email_refuses_eml_but_not_text(cli, sam, term, log_file,
                                                            tmp_path) -> None:
    draft = tmp_path / "x.eml"
    before = snapshot(log_file, draft)
    done = letter(cli, sam, "meeting-request", "dr-nomail", "-o", draft, "--record")
    assert done.code == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        ("iepcheck: error: dr-nomail has no email in the plan; add email = \"…\" to their "
        "[[staff]] table, or write the letter as text, .md or .html")]
    assert snapshot(log_file, draft) == before
    assert _ok(letter(cli, sam, "meeting-request", "dr-nomail")).startswith(
        "Date: 20 Nov 2026\nTo: Dr. Nomail\n")
    assert letter(cli, sam, "meeting-request", "dr-nomail", "-o", tmp_path / "x.md").code == 0


def test_complaint_facts_are_never_an_email_or_logged(cli, sam, term, log_file, tmp_path) -> None:
    before = snapshot(log_file, tmp_path / "c.eml")
    for args in (["-o", tmp_path / "c.eml"], ["--record"]):
        done = letter(cli, sam, "complaint-facts", *args)
        assert done.code == 2 and "file yourself" in done.stderr
    assert snapshot(log_file, tmp_path / "c.eml") == before


@pytest.mark.parametrize(("args", "words"), [
    (["meting-request"], "(did you mean meeting-request?)"),
    (["escalation", "ms-le"], "(did you mean ms-lee?)"),
    (["make-up-request", "--item", "speach"], "(did you mean speech?)"),
])
def test_unknown_kind_staff_or_item_is_one_line_and_writes_nothing(cli, sam, term, log_file,
                                                                   tmp_path, args,
                                                                   words) -> None:
    out = tmp_path / "letter.eml"
    before = snapshot(log_file, out)
    done = letter(cli, sam, *args, "-o", out, "--record")
    assert done.code == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and words in done.stderr
    assert snapshot(log_file, out) == before


def test_record_in_the_future_is_refused(cli, sam, term, log_file) -> None:
    before = snapshot(log_file)
    done = letter(cli, sam, "meeting-request", "--record", as_of="2028-01-05")
    assert done.code == 2 and "in the future" in done.stderr
    assert snapshot(log_file) == before


def test_output_onto_the_log_is_refused(cli, sam, term, log_file) -> None:
    before = snapshot(log_file)
    assert letter(cli, sam, "meeting-request", "-o", log_file).code == 2
    assert snapshot(log_file) == before


def test_markdown_and_html_escape_what_the_log_says(cli, sam, tmp_path) -> None:
    import html

    add = log_through_cli(cli, sam, AS_OF)
    add("seating", "-k", "visit", "-f", "not-implemented", "-d", "2026-11-16", "--note",
        "<script>alert(1)</script> [x](javascript:alert(1)) \x1b]0;title\x07")
    md_file, html_file = tmp_path / "m.md", tmp_path / "m.html"
    assert letter(cli, sam, "meeting-request", "-o", md_file).code == 0
    assert letter(cli, sam, "meeting-request", "-o", html_file).code == 0
    md, page = md_file.read_text(), html_file.read_text()
    assert "\\<script>" in md and "[x\\](javascript" in md and "\x1b" not in md
    assert "<script>" not in page and html.escape("<script>alert(1)</script>") in page
    assert "\x1b" not in page and "\x07" not in page
    assert "<ol>" in page and "Log seal #1 " in page
    text = _ok(letter(cli, sam, "meeting-request"))
    assert "\x1b" not in text and "\x07" not in text


def test_every_letter_runs_on_the_example_plan(cli) -> None:
    for args in (["meeting-request"], ["records-request"], ["make-up-request"],
                 ["escalation", "mrs-patel"], ["complaint-facts"]):
        done = cli("letter", *args, "--plan", EXAMPLE_PLAN, "--as-of", AS_OF)
        assert done.code == 0, (args, done.stderr)
        assert "Log seal #27 " in done.stdout


def test_mutt_reads_the_letters_recipients(cli, sam, term, tmp_path) -> None:
    """mutt in batch mode sends the draft to a script that saves what it would deliver."""
    import shutil
    import subprocess

    if shutil.which("mutt") is None:
        pytest.skip("mutt is not installed")
    draft = tmp_path / "escalation.eml"
    assert letter(cli, sam, "escalation", "ms-lee", "-o", draft).code == 0
    capture = tmp_path / "capture.sh"
    capture.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/rcpt\ncat > {tmp_path}/sent\n')
    capture.chmod(0o755)
    done = subprocess.run(
        ["mutt", "-n", "-F", "/dev/null", "-e", f'set sendmail="{capture}"', "-e",
         "set copy=no", "-e", "set charset=utf-8", "-H", str(draft)],
        stdin=subprocess.DEVNULL, capture_output=True, timeout=30, check=False,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "rcpt").read_text().split() == [
        "--", "patel@school.example.org", "baker@school.example.org", "lee@school.example.org"]
    sent = (tmp_path / "sent").read_text()
    assert "Log seal #6 " in sent


# --- the pure parts -------------------------------------------------------------------------


def test_a_quoted_note_is_its_first_line_on_one_line_and_cut_at_a_word() -> None:
    from iepcheck.letters.facts import QUOTE_LIMIT, quoted

    assert quoted("\n  first\u202e line\x1b[2J \nsecond") == "“first line [2J”"
    assert quoted(None) is None and quoted(" \n ") is None
    long_note = "word " * 100
    cut = quoted(long_note)
    assert cut is not None and cut.endswith("word…”") and len(cut) <= QUOTE_LIMIT + 3


def test_service_terms_name_every_dated_change(tmp_path) -> None:
    from iepcheck.letters.facts import service_terms
    from iepcheck.store.plan_file import load_plan

    plan = load_plan(write_plan(tmp_path, "sam", LETTER_PLAN.replace(
        'provider = "mr-ortiz"', 'provider = "mr-ortiz"\nchanges = [{from = 2027-01-11, times = 3}]')))
    assert service_terms(plan.services[0]) == (
        "30 min × 2 per week; from 11 Jan 2027: 30 min × 3 per week")


def test_only_a_logged_records_request_has_an_answer_due_date() -> None:
    from types import SimpleNamespace

    from iepcheck.due.replies import records_due_date

    def sent(note: str | None, kind: str = "email-sent"):
        return SimpleNamespace(kind=kind, note=note)

    assert records_due_date(sent("Records request: answer due 2027-01-04\nRecords request: x")) \
        == __import__("datetime").date(2027, 1, 4)
    assert records_due_date(sent("Records request: answer due soon")) is None
    assert records_due_date(sent("Asked for records")) is None
    assert records_due_date(sent(None)) is None
    assert records_due_date(sent("Records request: answer due 2027-01-04", "note")) is None


@pytest.mark.parametrize("kind", ["meeting-request", "complaint-facts", "make-up-request"])
def test_no_letter_cites_an_entry_retracted_after_its_day(cli, sam, term, kind) -> None:
    """#4 (13 Nov) is withdrawn on 25 Nov: a letter as of 20 Nov acts as if today were 20 Nov
    with the record as it stands now, so it cites #4 nowhere, as report and due do not."""
    assert "#4" in _ok(letter(cli, sam, "meeting-request"))
    done = cli("retract", "4", "--reason", "It was the science quiz", "--plan", sam,
               "--as-of", "2026-11-25")
    assert done.code == 0, done.stderr
    text = _ok(letter(cli, sam, kind))
    assert "#4" not in text and "No extra time on the math quiz" not in text
    report = cli("report", "--plan", sam, "--as-of", AS_OF, "--format", "json")
    items = {i["id"]: i for i in json.loads(report.stdout)["items"]}
    assert items["extended-time"]["status"] != "not-implemented"
