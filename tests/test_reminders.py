"""Reminders appear and disappear on the right days: replies, staff never contacted, plan dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from iepcheck.due.contacts import case_manager, escalation, never_contacted
from iepcheck.due.reminders import SERVICE_LOG_REQUEST_DAYS, next_step, plan_dates, upcoming
from iepcheck.due.replies import unanswered
from iepcheck.store.logbook import read_log
from iepcheck.store.plan_file import load_plan
from tests.conftest import log_through_cli, write_plan

REMINDER_PLAN = """\
[student]
name = "Maya Rivera"

[parent]
name = "Ana Rivera"
email = "ana@example.com"

[plan]
kind = "IEP"
start = 2026-08-24
end = 2027-06-18
reply_within = "3d"
progress_reports = [2026-11-13, 2027-02-12]

[[staff]]
id = "ms-lee"
name = "Ms. Lee"
role = "4th grade teacher"
email = "lee@school.example.org"

[[staff]]
id = "mr-ortiz"
name = "Mr. Ortiz"
role = "Speech-language pathologist"
email = "ortiz@school.example.org"

[[staff]]
id = "mrs-patel"
name = "Mrs. Patel"
role = "Special education teacher (case manager)"
email = "patel@school.example.org"

[[services]]
id = "speech"
name = "Speech and language therapy"
minutes = 30
times = 2
per = "week"
provider = "mr-ortiz"

[[services]]
id = "social-skills"
name = "Social skills group"
provider = "Mr. Diaz, counselor"
start = 2027-01-04

[[accommodations]]
id = "extended-time"
name = "Extended time on tests"
applies_to = ["math", "science"]
staff = ["ms-lee"]
check_every = "14d"

[[accommodations]]
id = "seating"
name = "Preferential seating"
staff = ["ms-lee"]
"""


@pytest.fixture
def maya(tmp_path: Path) -> Path:
    return write_plan(tmp_path, "maya", REMINDER_PLAN)


@pytest.fixture
def logged(cli, maya):
    """Log entries through the real command (`log ... --as-of 2026-12-31`)."""
    return log_through_cli(cli, maya, "2026-12-31")


def _unanswered(maya: Path, as_of: str) -> list[tuple[int, str, int]]:
    plan = load_plan(maya)
    entries = read_log(maya.with_name("maya.log.json")) if maya.with_name(
        "maya.log.json").exists() else []
    from iepcheck.record.entries import live_entries

    known = [e for e in live_entries(entries) if e.date <= date.fromisoformat(as_of)]
    return [(u.n, u.who, u.overdue_days)
            for u in unanswered(plan, known, date.fromisoformat(as_of))]


# --- replies ---------------------------------------------------------------------------------

def test_an_email_is_overdue_the_day_after_its_reply_deadline(maya, logged) -> None:
    # Sent Thu 12 Nov, 3d = 3 school days: Fri 13, Mon 16, Tue 17 Nov is the deadline.
    logged("-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-12")
    assert _unanswered(maya, "2026-11-12") == []
    assert _unanswered(maya, "2026-11-16") == []  # 4 calendar days, but the weekend is no day
    assert _unanswered(maya, "2026-11-17") == []  # the deadline: overdue_days = 0
    assert _unanswered(maya, "2026-11-18") == [(1, "ms-lee", 1)]
    assert _unanswered(maya, "2026-11-20") == [(1, "ms-lee", 3)]  # calendar days after it


def test_a_reply_from_the_same_person_on_or_after_the_email_answers_it(maya, logged) -> None:
    logged("-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-12")
    logged("-k", "email-received", "--who", "Ms. Lee", "-d", "2026-11-12")  # by name, same day
    assert _unanswered(maya, "2026-11-20") == []


def test_a_reply_dated_before_the_email_does_not_count(maya, logged) -> None:
    logged("-k", "email-received", "--who", "ms-lee", "-d", "2026-11-11")
    logged("-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-12")
    assert _unanswered(maya, "2026-11-20") == [(2, "ms-lee", 3)]


def test_a_reply_from_someone_else_does_not_count(maya, logged) -> None:
    logged("-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-12")
    logged("-k", "email-received", "--who", "mr-ortiz", "-d", "2026-11-13")
    assert _unanswered(maya, "2026-11-20") == [(1, "ms-lee", 3)]


def test_a_reply_naming_the_email_with_reply_to_counts_whoever_sent_it(maya, logged) -> None:
    logged("-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-12")
    logged("-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-13")
    logged("-k", "email-received", "--who", "mrs-patel", "--reply-to", "1", "-d", "2026-11-14")
    assert _unanswered(maya, "2026-11-20") == [(2, "ms-lee", 2)]  # Fri 13 -> Wed 18 Nov


def test_a_reply_naming_another_email_answers_only_that_one(maya, logged) -> None:
    logged("-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-12")
    logged("-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-13")
    logged("-k", "email-received", "--who", "ms-lee", "--reply-to", "2", "-d", "2026-11-14")
    assert _unanswered(maya, "2026-11-20") == [(1, "ms-lee", 3)]


def test_a_retracted_reply_no_longer_answers(cli, maya, logged) -> None:
    logged("-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-12")
    logged("-k", "email-received", "--who", "ms-lee", "-d", "2026-11-13")
    assert _unanswered(maya, "2026-11-20") == []
    assert cli("retract", "2", "--reason", "that was about a field trip", "--plan", maya).code == 0
    assert _unanswered(maya, "2026-11-20") == [(1, "ms-lee", 3)]


def test_a_reply_after_as_of_is_not_yet_known(maya, logged) -> None:
    logged("-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-12")
    logged("-k", "email-received", "--who", "ms-lee", "-d", "2026-11-19")
    assert _unanswered(maya, "2026-11-18") == [(1, "ms-lee", 1)]
    assert _unanswered(maya, "2026-11-19") == []


def test_an_email_to_someone_not_on_the_staff_list_is_tracked_by_name(maya, logged) -> None:
    logged("-k", "email-sent", "--who", "District office", "-d", "2026-11-12")
    assert _unanswered(maya, "2026-11-20") == [(1, "District office", 3)]
    logged("-k", "email-received", "--who", "district office", "-d", "2026-11-19")
    assert _unanswered(maya, "2026-11-20") == []


def test_escalation_goes_to_the_case_manager_by_role_or_by_flag(maya) -> None:
    plan = load_plan(maya)
    assert case_manager(plan).id == "mrs-patel"  # role mentions 'case manager'
    assert escalation(plan, "ms-lee") == "mrs-patel"
    assert escalation(plan, "mrs-patel") is None  # no one above her in the plan
    maya.write_text(REMINDER_PLAN.replace('role = "4th grade teacher"',
                                          'role = "504 coordinator"\ncase_manager = true'))
    flagged = load_plan(maya)
    assert case_manager(flagged).id == "ms-lee"
    assert escalation(flagged, "ms-lee") == "mrs-patel"  # the other one, by role
    maya.write_text(REMINDER_PLAN.replace(" (case manager)", ""))
    assert case_manager(load_plan(maya)) is None


# --- staff never contacted ------------------------------------------------------------------

def _never(maya: Path, as_of: str) -> list[tuple[str, tuple[str, ...]]]:
    log = maya.with_name("maya.log.json")
    entries = read_log(log) if log.exists() else []
    day = date.fromisoformat(as_of)
    return [(s.id, s.items) for s in never_contacted(load_plan(maya), [
        e for e in entries if e.date <= day], day)]


def test_staff_named_by_an_item_are_listed_until_contacted(maya, logged) -> None:
    assert _never(maya, "2026-11-20") == [("ms-lee", ("extended-time", "seating")),
                                          ("mr-ortiz", ("speech",))]
    logged("-k", "email-sent", "--who", "lee@school.example.org", "-d", "2026-11-16")
    logged("speech", "-k", "visit", "--who", "mr-ortiz", "-d", "2026-11-16")  # a visit is not contact
    assert _never(maya, "2026-11-15") == [("ms-lee", ("extended-time", "seating")),
                                          ("mr-ortiz", ("speech",))]
    assert _never(maya, "2026-11-16") == [("mr-ortiz", ("speech",))]
    logged("-k", "call", "--who", "mr-ortiz", "-d", "2026-11-17")
    assert _never(maya, "2026-11-17") == []


def test_a_case_manager_without_items_and_free_text_providers_are_not_listed(maya) -> None:
    ids = [member for member, _ in _never(maya, "2027-01-05")]
    assert "mrs-patel" not in ids and "Mr. Diaz, counselor" not in ids


# --- upcoming plan dates --------------------------------------------------------------------

def _upcoming(maya: Path, as_of: str, within: int = 14) -> list[tuple[str, str]]:
    return [(d.date.isoformat(), d.event)
            for d in upcoming(load_plan(maya), date.fromisoformat(as_of), within)]


def test_a_progress_report_is_upcoming_within_the_window_only(maya) -> None:
    assert _upcoming(maya, "2026-10-29") == []
    assert _upcoming(maya, "2026-10-30") == [("2026-11-13", "progress report")]
    assert _upcoming(maya, "2026-11-13") == [("2026-11-13", "progress report")]
    assert _upcoming(maya, "2026-11-14") == []
    assert _upcoming(maya, "2026-10-29", within=15) == [("2026-11-13", "progress report")]


def test_items_starting_and_the_annual_review_with_its_service_log_request(maya) -> None:
    assert _upcoming(maya, "2026-12-21") == [("2027-01-04", "Social skills group starts")]
    request = date(2027, 6, 18).toordinal() - SERVICE_LOG_REQUEST_DAYS
    assert date.fromordinal(request) == date(2027, 4, 19)  # a Monday: stays put
    assert _upcoming(maya, "2027-04-10") == [
        ("2027-04-19", "request the school's service logs in writing before the annual review")]
    assert _upcoming(maya, "2027-06-10") == [("2027-06-18", "annual review")]
    assert _upcoming(maya, "2027-06-19") == []


def test_the_service_log_request_falls_on_a_school_day(maya) -> None:
    maya.write_text(REMINDER_PLAN.replace("end = 2027-06-18", "end = 2027-06-23")
                    + '\n[calendar]\nno_school = ["2027-04-22..2027-04-24"]\n')
    [request] = [d for d in plan_dates(load_plan(maya)) if d.key == "service-log-request"]
    assert request.date == date(2027, 4, 21)  # the 24th is a Saturday, 22–23 no school


def test_an_item_ending_mid_plan_is_listed_but_not_the_plans_own_dates(maya) -> None:
    maya.write_text(REMINDER_PLAN.replace('check_every = "14d"',
                                          'check_every = "14d"\nend = 2026-12-18')
                    .replace('provider = "mr-ortiz"',
                             'provider = "mr-ortiz"\nstart = 2026-08-24\nend = 2027-06-18'))
    keys = [d.key for d in plan_dates(load_plan(maya))]
    assert "item-extended-time-end" in keys
    assert not any(k.startswith("item-speech") for k in keys)


def test_next_steps_say_what_to_do_and_with_whom(maya) -> None:
    plan = load_plan(maya)
    speech, extended = plan.item("speech"), plan.item("extended-time")
    assert next_step(plan, speech, "no-evidence") == (
        "Ask Maya whether speech and language therapy happened this week, "
        "and ask Mr. Ortiz for the log")
    assert next_step(plan, extended, "stale") == (
        "Visit or email Ms. Lee about extended time on tests, and ask Maya")
    assert "Mr. Ortiz" in next_step(plan, speech, "not-implemented")
    assert next_step(plan, extended, "not-implemented") == (
        "Email Ms. Lee, copying the case manager, about extended time on tests: "
        "it was not provided")
    assert next_step(plan, speech, "minutes-short", reason="690 of 780 minutes undocumented") == (
        "Ask Mr. Ortiz for the service log of speech and language therapy "
        "(690 of 780 minutes undocumented)")
    assert next_step(plan, speech, "stale", week="in the week of 16–20 Nov") == (
        "Ask Maya whether speech and language therapy happened in the week of 16–20 Nov, "
        "and ask Mr. Ortiz for the log")


class _CountingLog(list):
    """A log that counts how often it is read from start to end."""

    passes = 0

    def __iter__(self):
        type(self).passes += 1
        return super().__iter__()


def test_reply_matching_reads_the_log_a_fixed_number_of_times(maya) -> None:
    """Linear: the passes over the log do not grow with the number of emails in it."""
    from iepcheck.record.entries import validate_entry

    plan = load_plan(maya)

    def entries(emails: int) -> _CountingLog:
        log = _CountingLog()
        for n in range(1, emails * 2 + 1):
            kind = "email-sent" if n % 2 else "email-received"
            log.append(validate_entry({
                "n": n, "id": f"00000000-0000-4000-8000-{n:012d}", "date": "2026-11-02",
                "recorded_at": "2026-11-02T09:00:00+00:00", "kind": kind,
                "finding": None if kind == "email-sent" else "implemented",
                "who": "ms-lee" if n % 4 in (1, 2) else "Mr. Ortiz"}))
        return log

    counts = []
    for emails in (10, 1000):
        _CountingLog.passes = 0
        assert unanswered(plan, entries(emails), date(2026, 12, 1)) == []
        counts.append(_CountingLog.passes)
    assert counts[0] == counts[1] <= 3


# --- the calendar: replies and weeks run on school days ------------------------------------

THANKSGIVING_PLAN = REMINDER_PLAN.replace(
    "[[staff]]", '[calendar]\nno_school = ["2026-11-23..2026-11-27", '
    '"2026-12-21..2027-01-01"]\n\n[[staff]]', 1)


def test_an_email_sent_before_thanksgiving_week_is_not_overdue_during_it(maya, logged) -> None:
    maya.write_text(THANKSGIVING_PLAN)
    # Fri 20 Nov, 3d: Mon 30 Nov, Tue 1 Dec, Wed 2 Dec (23–27 Nov no school).
    logged("-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-20")
    assert _unanswered(maya, "2026-11-28") == []
    assert _unanswered(maya, "2026-12-02") == []
    assert _unanswered(maya, "2026-12-03") == [(1, "ms-lee", 1)]


def test_the_week_asked_about_is_one_with_school(maya) -> None:
    from iepcheck.due.reminders import day_span, last_school_week, week_asked

    maya.write_text(THANKSGIVING_PLAN)
    plan = load_plan(maya)
    assert week_asked(plan, date(2026, 11, 20)) == "this week"
    assert week_asked(plan, date(2026, 11, 27)) == "in the week of 16–20 Nov"
    assert week_asked(plan, date(2026, 11, 29)) == "in the week of 16–20 Nov"
    assert week_asked(plan, date(2026, 11, 30)) == "this week"  # Monday after the break
    assert week_asked(plan, date(2027, 1, 1)) == "in the week of 14–18 Dec"
    assert last_school_week(plan, date(2027, 1, 1))[-1] == date(2026, 12, 18)
    assert day_span(date(2026, 11, 30), date(2026, 12, 4)) == "Mon 30 Nov–Fri 4 Dec"
    assert day_span(date(2026, 11, 16), date(2026, 11, 16)) == "Mon 16 Nov"


def test_statuses_as_of_a_day_ignore_later_entries_but_not_later_retractions(
        cli, maya, logged) -> None:
    from iepcheck.due.reminders import gaps_first_assessed

    logged("seating", "-k", "visit", "-d", "2026-11-18")
    logged("extended-time", "-k", "visit", "-d", "2026-11-18")
    logged("extended-time", "-k", "visit", "-d", "2026-11-25")
    plan = load_plan(maya)

    def statuses() -> dict[str, str]:
        entries = read_log(maya.with_name("maya.log.json"))
        return {a.item.id: a.status for a in gaps_first_assessed(plan, entries,
                                                                  date(2026, 11, 20))}

    assert statuses()["seating"] == "ok" and statuses()["extended-time"] == "ok"
    assert cli("retract", "2", "--reason", "another child", "--plan", maya,
               "--as-of", "2026-11-26").code == 0
    # The 25 Nov visit is not yet known on 20 Nov; the retraction of 26 Nov applies.
    assert statuses()["extended-time"] == "no-evidence"
    assert statuses()["seating"] == "ok"
