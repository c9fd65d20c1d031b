"""Which clock an email runs on, and whom `due` and the escalation letter name
(docs/letters.md), through the installed entry point. The letters' plan of
tests/test_letters.py: Mrs. Patel the case manager, Mr. Baker the principal, reply within 3
school days, Veterans Day (11 Nov) off.

A records request sent Friday 20 Nov 2026 is due 45 days later, Monday 4 Jan 2027: on
Friday 27 Nov (3 school days would have run out on Wednesday 25 Nov) it is not overdue.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import log_through_cli, write_plan
from tests.test_letters import LETTER_PLAN

AS_OF = "2026-11-20"


@pytest.fixture
def sam(tmp_path: Path) -> Path:
    return write_plan(tmp_path, "sam", LETTER_PLAN)


def _due(cli, sam: Path, as_of: str) -> dict:
    done = cli("due", "--format", "json", "--plan", sam, "--as-of", as_of)
    assert done.code == 0, done.stderr
    return json.loads(done.stdout)


def test_a_records_request_runs_on_its_own_date_not_the_reply_clock(cli, sam) -> None:
    done = cli("letter", "records-request", "-o", sam.with_name("r.eml"), "--record",
               "--plan", sam, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    later = _due(cli, sam, "2026-12-04")
    assert later["unanswered"] == []
    assert later["records_overdue"] == []
    assert {"date": "2027-01-04", "event": "records answer due from Mrs. Patel (request #1)"} in (
        _due(cli, sam, "2026-12-21")["upcoming"])


def test_a_silent_case_manager_is_escalated_to_the_principal(cli, sam) -> None:
    add = log_through_cli(cli, sam, AS_OF)
    add("-k", "email-sent", "--who", "mrs-patel", "-d", "2026-11-12", "--note", "IEP meeting?")
    [waiting] = _due(cli, sam, AS_OF)["unanswered"]
    assert (waiting["who"], waiting["escalate_to"]) == ("mrs-patel", "mr-baker")
    table = cli("due", "--plan", sam, "--as-of", AS_OF).stdout
    assert "Mr. Baker" in table


def test_escalate_to_in_the_plan_names_whom_to_write_to(cli, tmp_path) -> None:
    marked = LETTER_PLAN.replace('name = "Dr. Nomail"\n', 'name = "Dr. Nomail"\nescalate_to = true\n')
    sam = write_plan(tmp_path, "sam", marked)
    add = log_through_cli(cli, sam, AS_OF)
    add("-k", "email-sent", "--who", "mrs-patel", "-d", "2026-11-12", "--note", "IEP meeting?")
    [waiting] = _due(cli, sam, AS_OF)["unanswered"]
    assert waiting["escalate_to"] == "dr-nomail"


def test_an_escalation_with_no_staff_named_covers_everyone_overdue(cli, sam) -> None:
    add = log_through_cli(cli, sam, AS_OF)
    add("-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-12", "--note", "Extra time?")
    add("-k", "email-sent", "--who", "mr-ortiz", "-d", "2026-11-13", "--note", "Speech log?")
    add("-k", "email-sent", "--who", "dr-nomail", "-d", "2026-11-13", "--note", "Testing?")
    add("-k", "email-received", "--who", "dr-nomail", "-d", "2026-11-16", "--reply-to", "3")
    done = cli("letter", "escalation", "--plan", sam, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    text = done.stdout
    assert text.startswith("Date: 20 Nov 2026\nTo: Mrs. Patel <patel@school.example.org>, Mr. Baker "
                           "<baker@school.example.org>\nCc: Ms. Lee <lee@school.example.org>, "
                           "Mr. Ortiz <ortiz@school.example.org>\n")
    assert "I have written to Ms. Lee and Mr. Ortiz about Sam's IEP" in text
    assert "12 Nov 2026 (#1) to Ms. Lee: “Extra time?”. No reply is recorded; 3 days" in text
    assert "13 Nov 2026 (#2) to Mr. Ortiz: “Speech log?”. No reply is recorded; 2 days" in text
    assert "Testing?" not in text


def test_an_escalation_with_no_staff_and_nothing_overdue_says_so_in_one_line(cli, sam) -> None:
    done = cli("letter", "escalation", "--plan", sam, "--as-of", AS_OF)
    assert done.code == 2 and done.stderr.count("\n") == 1
    assert "no email to anyone on the staff is past the plan's reply_within" in done.stderr


def test_a_provider_is_resolved_against_the_staff_and_listed_until_contacted(cli, sam) -> None:
    import tomllib

    done = cli("add-item", "service", "Occupational therapy", "--minutes", "30", "--per",
               "week", "--provider", "Mr. Ortiz", "--plan", sam)
    assert done.code == 0, done.stderr
    [ot] = [s for s in tomllib.loads(sam.read_text())["services"] if s["id"] != "speech"]
    assert ot["provider"] == "mr-ortiz"
    never = _due(cli, sam, AS_OF)["never_contacted"]
    assert any(n["id"] == "mr-ortiz" for n in never)
    typo = cli("add-item", "service", "Counseling", "--minutes", "30", "--per", "week",
               "--provider", "mr-ortz", "--plan", sam)
    assert typo.code == 2 and "--provider: 'mr-ortz' is not a staff id" in typo.stderr
    outside = cli("add-item", "service", "Vision", "--minutes", "30", "--per", "week",
                  "--provider", "County Vision Services", "--plan", sam)
    assert outside.code == 0, outside.stderr
    assert "County Vision Services" in sam.read_text()
