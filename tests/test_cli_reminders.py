"""`due` and `draft-email` through the real entry point, with fixed dates."""

from __future__ import annotations

import email
import json
import subprocess
import sys
from email import policy
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from iepcheck.store.logbook import read_log
from tests.conftest import log_through_cli, snapshot, write_plan
from tests.test_reminders import REMINDER_PLAN

AS_OF = "2026-11-20"  # a Friday


@pytest.fixture
def maya(tmp_path: Path) -> Path:
    return write_plan(tmp_path, "maya", REMINDER_PLAN)


@pytest.fixture
def log_file(maya: Path) -> Path:
    return maya.with_name("maya.log.json")


@pytest.fixture
def logged(cli, maya):
    return log_through_cli(cli, maya, "2026-12-31")


@pytest.fixture
def a_term(logged) -> None:
    """Speech delivered; extended time refused once; seating never checked; Ms. Lee silent."""
    logged("speech", "-k", "service-log", "--who", "mr-ortiz", "--minutes", "60", "-d", "2026-11-18")
    logged("extended-time", "-k", "interview", "-f", "not-implemented", "-d", "2026-11-10",
           "--note", "No extra time on the math quiz")
    logged("extended-time", "seating", "-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-12")


def _due(cli, maya: Path, *args: str) -> dict:
    done = cli("due", "--format", "json", "--plan", maya, *args)
    assert done.code == 0, done.stderr
    return json.loads(done.stdout)


def test_due_json_has_designs_shape(cli, maya, a_term) -> None:
    document = _due(cli, maya, "--as-of", AS_OF, "--within", "60d")
    assert list(document)[:6] == ["format", "version", "as_of", "items", "unanswered",
                                  "upcoming"]
    assert document["as_of"] == AS_OF
    assert [{k: i[k] for k in ("id", "name", "status", "last_evidence")}
            for i in document["items"]] == [
        {"id": "extended-time", "name": "Extended time on tests", "status": "not-implemented",
         "last_evidence": None},
        {"id": "seating", "name": "Preferential seating", "status": "no-evidence",
         "last_evidence": None},
        {"id": "speech", "name": "Speech and language therapy", "status": "minutes-short",
         "last_evidence": "2026-11-18"},
    ]
    assert document["items"][1]["next_step"] == (
        "Visit or email Ms. Lee about preferential seating, and ask Maya")
    # 13 weeks of 2 × 30 since 24 Aug = 780 owed; one log of 60.
    assert document["items"][2]["next_step"] == (
        "Ask Mr. Ortiz for the service log of speech and language therapy "
        "(720 of 780 minutes undocumented)")
    # Thu 12 Nov + 3 school days = Tue 17 Nov; 20 Nov is 3 days after it.
    assert document["unanswered"] == [
        {"n": 3, "who": "ms-lee", "date": "2026-11-12", "overdue_days": 3,
         "escalate_to": "mrs-patel", "thread": [3]}]
    assert document["warnings"] == []
    assert document["upcoming"] == [{"date": "2027-01-04", "event": "Social skills group starts"}]
    assert document["never_contacted"] == [{"id": "mr-ortiz", "name": "Mr. Ortiz",
                                            "items": ["speech"]}]


def test_items_leave_due_when_evidence_arrives_and_come_back_when_it_goes_stale(
        cli, maya, logged) -> None:
    # The term's log: 750 of the 780 minutes owed by 20 Nov (one session short at most).
    logged("speech", "-k", "service-log", "--minutes", "750", "-d", "2026-11-16")
    logged("extended-time", "seating", "-k", "visit", "--who", "ms-lee", "-d", "2026-11-16")

    def statuses(as_of: str) -> dict[str, str]:
        return {i["id"]: i["status"] for i in _due(cli, maya, "--as-of", as_of)["items"]}

    assert statuses("2026-11-13") == {"speech": "no-evidence", "extended-time": "no-evidence",
                                      "seating": "no-evidence"}
    assert statuses("2026-11-20") == {}
    assert statuses("2026-12-10") == {"speech": "stale", "extended-time": "stale",
                                      "seating": "stale"}
    assert "social-skills" not in statuses("2026-12-31")  # not in effect until January
    assert "social-skills" in statuses("2027-01-04")


def test_an_unanswered_email_appears_after_reply_within_and_leaves_with_the_reply(
        cli, maya, logged) -> None:
    logged("-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-12")
    # Thu 12 Nov + 3 school days: the deadline is Tue 17 Nov.
    assert _due(cli, maya, "--as-of", "2026-11-17")["unanswered"] == []
    assert [u["overdue_days"] for u in _due(cli, maya, "--as-of", "2026-11-18")["unanswered"]] == [1]
    logged("-k", "email-received", "--who", "ms-lee", "-d", "2026-11-19")
    assert _due(cli, maya, "--as-of", "2026-11-18")["unanswered"] != []  # not yet replied then
    assert _due(cli, maya, "--as-of", "2026-11-19")["unanswered"] == []


def test_the_table_says_what_to_do(cli, maya, a_term) -> None:
    done = cli("due", "--plan", maya, "--as-of", AS_OF, "--within", "60d")
    assert done.code == 0, done.stderr
    out = done.stdout
    for words in ("Due as of 20 Nov 2026", "Check these items", "not-implemented",
                  "Visit or email Ms. Lee about preferential seating", "Unanswered emails",
                  "#3", "3 days", "Mrs. Patel", "Not yet contacted", "Mr. Ortiz",
                  "Coming up in the next 60 days", "Mon 4 Jan", "Social skills group starts"):
        assert words in out, words
    assert "\x1b[" not in out


@pytest.fixture
def all_in_order(logged) -> None:
    """As of Wed 2 Dec 2026 every item has fresh evidence and everyone has answered."""
    # the term's log: 870 of the 876 minutes owed by 2 Dec
    logged("speech", "-k", "service-log", "--minutes", "870", "-d", "2026-12-01")
    logged("extended-time", "seating", "-k", "visit", "-d", "2026-12-01")
    logged("-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-30")
    logged("-k", "email-received", "--who", "ms-lee", "-d", "2026-12-01")
    logged("-k", "call", "--who", "mr-ortiz", "-d", "2026-11-30")


def test_fail_if_due_exits_1_only_when_something_is_listed(cli, maya, a_term) -> None:
    assert cli("due", "--fail-if-due", "--plan", maya, "--as-of", AS_OF).code == 1
    listed = cli("due", "--fail-if-due", "--format", "json", "--plan", maya, "--as-of", AS_OF)
    assert listed.code == 1 and json.loads(listed.stdout)["items"]
    assert cli("due", "--plan", maya, "--as-of", AS_OF).code == 0


def test_nothing_due_exits_0_even_with_fail_if_due(cli, maya, all_in_order) -> None:
    done = cli("due", "--fail-if-due", "--within", "7d", "--plan", maya, "--as-of", "2026-12-02")
    assert done.code == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Nothing due as of 2 Dec 2026")
    document = _due(cli, maya, "--within", "7d", "--as-of", "2026-12-02")
    assert [document[k] for k in ("items", "unanswered", "upcoming", "never_contacted")] == [
        [], [], [], []]
    # one day more of look-ahead is enough to see the social skills group starting
    assert cli("due", "--fail-if-due", "--within", "33d", "--plan", maya,
               "--as-of", "2026-12-02").code == 1


@pytest.mark.parametrize(("args", "words"), [
    (["--within", "2x"], "--within"),
    (["--as-of", "someday"], "--as-of"),
    (["--format", "xml"], "--format"),
])
def test_bad_due_options_exit_2_with_one_line(cli, maya, args, words) -> None:
    done = cli("due", "--plan", maya, *args)
    assert done.code == 2 and words in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and done.stdout == ""


def test_due_without_a_plan_exits_2(cli, tmp_path) -> None:
    done = cli("due", "--plan", tmp_path / "missing.toml", "--as-of", AS_OF)
    assert done.code == 2 and "iepcheck init" in done.stderr


def test_due_with_a_damaged_log_exits_2_and_leaves_it_alone(cli, maya, log_file) -> None:
    log_file.write_text("")
    done = cli("due", "--plan", maya, "--as-of", AS_OF)
    assert done.code == 2 and str(log_file.name) in done.stderr
    assert log_file.read_text() == ""


# --- draft-email ----------------------------------------------------------------------------

def test_the_draft_asks_about_only_that_persons_items_weakest_first(cli, maya, a_term,
                                                                   log_file) -> None:
    before = snapshot(log_file)
    done = cli("draft-email", "ms-lee", "--plan", maya, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    body = done.stdout
    assert body.startswith("Dear Ms. Lee,\n")
    extended = body.index("“Extended time on tests” provided in math and science this week "
                          "(Mon 16–Fri 20 Nov)")
    assert extended < body.index("“Preferential seating”")
    assert "(My notes say it did not happen on 10 Nov.)" in body
    assert "speech" not in body.lower()
    signed, _, receipt = body.rstrip().partition("\n--\n")
    assert signed.rstrip().endswith("Ana Rivera")  # then the seal receipt, when the log has entries
    assert not receipt or (receipt.startswith("Log seal #") and "not changed" in receipt)
    assert snapshot(log_file) == before  # drafting records nothing


def test_the_draft_for_the_provider_names_the_service(cli, maya, a_term) -> None:
    body = cli("draft-email", "mr-ortiz", "--plan", maya, "--as-of", AS_OF).stdout
    assert "Dear Mr. Ortiz," in body
    assert ("Did Maya get both 30-minute sessions of speech and language therapy this week "
            "(Mon 16–Fri 20 Nov)?") in body
    # minutes-short: fresh evidence (18 Nov), but 720 of the term's 780 minutes undocumented
    assert ("(My records since 24 Aug 2026 leave 720 of 780 minutes undocumented; could you "
            "send me the service log?)") in body
    assert "seating" not in body


def test_the_eml_parses_as_an_unsent_draft(cli, maya, a_term, log_file) -> None:
    out = maya.with_name("lee.eml")
    before = snapshot(log_file)
    done = cli("draft-email", "ms-lee", "--output", out, "--plan", maya, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    assert done.stdout == "" and "lee.eml" in done.stderr
    message = email.message_from_bytes(out.read_bytes(), policy=policy.default)
    [to] = message["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Ms. Lee", "lee@school.example.org")
    assert message["To"] == '"Ms. Lee" <lee@school.example.org>'  # quoted: RFC 5322 specials
    assert message["From"] == "Ana Rivera <ana@example.com>"
    assert message["Subject"] == "Maya's IEP: weekly check-in, week of 16 Nov"
    assert parsedate_to_datetime(message["Date"]).tzinfo is not None
    assert message["X-Unsent"] == "1" and message["Message-ID"]
    assert message.get_content().startswith("Dear Ms. Lee,")
    assert not message.defects
    assert snapshot(log_file) == before


def test_record_logs_an_email_sent_with_the_draft_attached(cli, maya, a_term, log_file) -> None:
    out = maya.with_name("ortiz.eml")
    done = cli("draft-email", "mr-ortiz", "--output", out, "--record", "--plan", maya,
               "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    assert done.stdout.startswith("#4 2026-11-20 email-sent speech")
    entry = read_log(log_file)[-1]
    assert (entry.kind, entry.who, entry.items, entry.finding) == (
        "email-sent", "mr-ortiz", ("speech",), None)
    assert len(entry.attachments) == 1
    assert _due(cli, maya, "--as-of", AS_OF)["never_contacted"] == []
    # Fri 20 Nov + 3 school days = Wed 25 Nov: overdue from Thu 26 Nov.
    assert [u["n"] for u in _due(cli, maya, "--as-of", "2026-11-25")["unanswered"]] == [3]
    overdue = _due(cli, maya, "--as-of", "2026-11-26")["unanswered"]
    assert [(u["n"], u["who"]) for u in overdue] == [(3, "ms-lee"), (4, "mr-ortiz")]


def test_an_unknown_staff_id_exits_2_listing_the_ids_and_writes_nothing(cli, maya, a_term,
                                                                       log_file) -> None:
    out = maya.with_name("x.eml")
    before = snapshot(log_file, out)
    done = cli("draft-email", "ms-smith", "--output", out, "--record", "--plan", maya,
               "--as-of", AS_OF)
    assert done.code == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "ms-smith" in done.stderr and "ms-lee, mr-ortiz, mrs-patel" in done.stderr
    assert snapshot(log_file, out) == before


def test_staff_without_items_and_future_records_are_refused(cli, maya, a_term, log_file) -> None:
    before = snapshot(log_file)
    none = cli("draft-email", "mrs-patel", "--plan", maya, "--as-of", AS_OF)
    assert none.code == 2 and "no item" in none.stderr and none.stdout == ""
    future = cli("draft-email", "ms-lee", "--record", "--plan", maya, "--as-of", "2099-01-02")
    assert future.code == 2 and "future" in future.stderr and future.stdout == ""
    assert snapshot(log_file) == before


def test_due_as_json_loads_neither_rich_tables_nor_icalendar(maya, a_term) -> None:
    script = (
        "import sys\n"
        "from iepcheck.cli import main\n"
        "try:\n"
        f"    main(['due', '--format', 'json', '--plan', {str(maya)!r}, '--as-of', '{AS_OF}'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('icalendar', 'rich.table', 'rich.console') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True,
                          text=True, timeout=60)
    assert "HEAVY []" in done.stderr, done.stderr
    assert json.loads(done.stdout)["as_of"] == AS_OF


def test_a_draft_copies_the_case_manager_when_an_accommodation_was_not_provided(
        cli, maya, tmp_path) -> None:
    """`due` advises copying the case manager then; the draft does it (Cc), and its receipt
    names the log's head, which `verify --receipt` checks."""
    import email
    from email import policy

    logged = log_through_cli(cli, maya, "2026-11-20")
    logged("extended-time", "-k", "work-sample", "-f", "not-implemented", "-d", "2026-11-18")
    out = tmp_path / "lee.eml"
    done = cli("draft-email", "ms-lee", "-o", out, "--plan", maya, "--as-of", "2026-11-20")
    assert done.code == 0, done.stderr
    message = email.message_from_bytes(out.read_bytes(), policy=policy.default)
    assert "lee@" in message["To"] and message["Cc"] and "@" in message["Cc"]
    body = message.get_body().get_content()
    [receipt] = [line for line in body.splitlines() if line.startswith("Log seal #")]
    number, prefix = receipt.split()[2].lstrip("#"), receipt.split()[3]
    assert cli("verify", "--receipt", f"{number}:{prefix}", "--plan", maya).code == 0
    assert cli("verify", "--receipt", f"{number}:{'0' * 16}", "--plan", maya).code == 1


def test_no_eml_draft_to_someone_with_no_email(cli, maya, tmp_path) -> None:
    nobody = write_plan(tmp_path, "nomail", maya.read_text().replace(
        'email = "lee@school.example.org"\n', ""))
    out = tmp_path / "lee.eml"
    done = cli("draft-email", "ms-lee", "-o", out, "--plan", nobody, "--as-of", AS_OF)
    assert done.code == 2 and "has no email" in done.stderr and "lee.txt" in done.stderr
    assert not out.exists()
    text = tmp_path / "lee.txt"
    assert cli("draft-email", "ms-lee", "-o", text, "--plan", nobody, "--as-of", AS_OF).code == 0
    assert text.read_text().startswith("Dear Ms. Lee,")


# --- the school calendar: no false reminders in a break ----------------------------------------

BREAKS = ('[calendar]\nno_school = ["2026-11-23..2026-11-27", "2026-12-21..2027-01-01"]\n\n'
          "[[staff]]")


@pytest.fixture
def breaks(maya: Path) -> Path:
    """Maya's plan with Thanksgiving week (23–27 Nov) and winter break (21 Dec–1 Jan) off."""
    maya.write_text(maya.read_text().replace("[[staff]]", BREAKS, 1))
    return maya


def test_an_email_sent_the_friday_before_thanksgiving_is_not_overdue_that_week(
        cli, breaks, logged) -> None:
    logged("-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-20")
    for day in ("2026-11-27", "2026-11-28", "2026-12-02"):  # deadline Wed 2 Dec
        assert _due(cli, breaks, "--as-of", day)["unanswered"] == [], day
    [late] = _due(cli, breaks, "--as-of", "2026-12-03")["unanswered"]
    assert late["overdue_days"] == 1


def test_due_in_thanksgiving_week_asks_about_the_last_week_with_school(cli, breaks,
                                                                       logged) -> None:
    logged("speech", "-k", "interview", "-d", "2026-11-02")  # stale by 27 Nov
    done = cli("due", "--plan", breaks, "--as-of", "2026-11-27")
    assert done.code == 0, done.stderr
    text = " ".join(done.stdout.replace("│", " ").split())
    assert "this week" not in text
    assert ("Ask Maya whether speech and language therapy happened in the week of 16–20 Nov"
            in text)
    steps = [i["next_step"] for i in _due(cli, breaks, "--as-of", "2026-11-27")["items"]]
    assert not any("this week" in step for step in steps)
    # Back at school on Monday 30 Nov: this week again.
    steps = [i["next_step"] for i in _due(cli, breaks, "--as-of", "2026-11-30")["items"]]
    assert any("happened this week" in step for step in steps)


def test_a_monthly_service_is_not_stale_a_week_after_its_session(cli, breaks, logged) -> None:
    breaks.write_text(breaks.read_text().replace('times = 2\nper = "week"',
                                                 'times = 1\nper = "month"'))
    logged("speech", "-k", "service-log", "--minutes", "30", "-d", "2026-11-02")
    for as_of in ("2026-11-09", "2026-11-30"):
        done = cli("report", "--format", "json", "--since", "2026-11-02", "--plan", breaks,
                   "--as-of", as_of)
        [speech] = [i for i in json.loads(done.stdout)["items"] if i["id"] == "speech"]
        assert speech["status"] == "ok", as_of
    # Over the whole plan so far the minutes since August are short, but it is not stale.
    items = {i["id"]: i["status"] for i in _due(cli, breaks, "--as-of", "2026-11-09")["items"]}
    assert items["speech"] == "minutes-short"


def test_the_draft_names_the_school_days_it_asks_about(cli, breaks, a_term) -> None:
    body = cli("draft-email", "ms-lee", "--plan", breaks, "--as-of", "2026-11-20").stdout
    assert "this week (Mon 16–Fri 20 Nov)" in body
    # Veterans Day is no holiday in this plan; with Wed 11 Nov off the days are listed.
    breaks.write_text(breaks.read_text().replace('no_school = [', 'no_school = ["2026-11-11", '))
    body = cli("draft-email", "ms-lee", "--plan", breaks, "--as-of", "2026-11-13").stdout
    assert "this week (Mon 9, Tue 10, Thu 12 and Fri 13 Nov)" in body


@pytest.mark.parametrize("as_of", ["2027-01-01", "2026-11-27", "2026-11-29"])
def test_no_draft_in_a_week_without_school(cli, breaks, a_term, log_file, as_of) -> None:
    out = breaks.with_name("lee.eml")
    before = snapshot(log_file, out)
    args = ["--record"] if as_of < "2026-11-28" else []  # --record only for a day now past
    done = cli("draft-email", "ms-lee", "-o", out, *args, "--plan", breaks, "--as-of", as_of)
    assert done.code == 0, done.stderr
    assert len(done.stdout.strip().splitlines()) == 1
    assert done.stdout.startswith("No school this week so far (the week of Mon ")
    assert "so there is nothing to ask; no draft written" in done.stdout
    assert snapshot(log_file, out) == before  # nothing written, nothing recorded
    printed = cli("draft-email", "ms-lee", "--plan", breaks, "--as-of", as_of).stdout
    assert "Dear" not in printed


def test_due_and_draft_on_a_plan_with_no_items_say_how_to_add_them(cli, tmp_path) -> None:
    empty = write_plan(tmp_path, "leo", '[student]\nname = "Leo"\n\n[plan]\nkind = "504"\n'
                       "start = 2026-08-24\nend = 2027-06-18\n")
    done = cli("due", "--plan", empty, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    assert "no services or accommodations yet" in done.stdout
    assert "iepcheck add-item" in done.stdout and "Nothing due" not in done.stdout
    document = _due(cli, empty, "--as-of", AS_OF)
    assert "iepcheck add-item" in document["warnings"][0]


def test_an_escalation_joins_the_thread_and_her_answer_closes_it(cli, maya, logged) -> None:
    """#1 to Ms. Lee goes unanswered; #2 escalates it to the case manager (a reply to #1);
    one row for the thread, from its first day, naming who was asked last; the case manager's
    answer to #2 closes the whole thread."""
    logged("-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-02")
    logged("-k", "email-sent", "--who", "mrs-patel", "--reply-to", "1", "-d", "2026-11-09")
    [row] = _due(cli, maya, "--as-of", "2026-11-20")["unanswered"]
    assert (row["n"], row["date"], row["who"], row["thread"]) == (1, "2026-11-02", "mrs-patel",
                                                                  [1, 2])
    logged("-k", "email-received", "--who", "Mrs. Patel", "--reply-to", "2", "-d", "2026-11-19")
    assert _due(cli, maya, "--as-of", "2026-11-20")["unanswered"] == []


def test_anyone_on_the_staff_answering_closes_the_thread(cli, maya, logged) -> None:
    logged("-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-02")
    assert len(_due(cli, maya, "--as-of", "2026-11-20")["unanswered"]) == 1
    logged("-k", "email-received", "--who", "mr-ortiz", "--reply-to", "1", "-d", "2026-11-05")
    assert _due(cli, maya, "--as-of", "2026-11-20")["unanswered"] == []
