"""A week never owes more sessions than it has school days (docs/minutes.md), through the
installed entry point: the report, the make-up request and the weekly draft agree.

Worked by hand. Speech 30 min × 5 a week; Labor Day, Monday 7 Sep 2026, no school. The week
7–13 Sep has 4 school days (8, 9, 10, 11 Sep), so it owes 4 sessions: 4 × 30 = 120
minutes, 30 a day (not 5 × 30 = 150, which no school could have delivered). One session
logged, Tuesday 8 Sep (30 min): owed 120 − 30 = 90.

A month: OT 10 min × 25 a month; February 2027 has 20 weekdays, Presidents' break 15–19 Feb
off, so 15 school days: 15 × 10 = 150 minutes (not 250).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import write_plan

PLAN = """\
[student]
name = "Sam Rivera"

[parent]
name = "Ana Rivera"

[plan]
kind = "IEP"
start = 2026-08-24
end = 2027-06-18

[calendar]
no_school = [2026-09-07, "2027-02-15..2027-02-19"]

[[staff]]
id = "mr-ortiz"
name = "Mr. Ortiz"
role = "Speech-language pathologist"
email = "ortiz@school.example.org"
case_manager = true

[[services]]
id = "speech"
name = "Speech therapy"
minutes = 30
times = 5
per = "week"
provider = "mr-ortiz"

[[services]]
id = "ot"
name = "Occupational therapy"
minutes = 10
times = 25
per = "month"
provider = "mr-ortiz"
"""


@pytest.fixture
def sam(tmp_path: Path) -> Path:
    return write_plan(tmp_path, "sam", PLAN)


def _minutes(cli, sam: Path, since: str, until: str) -> dict[str, dict[str, int]]:
    done = cli("report", "--format", "json", "--since", since, "--until", until,
               "--plan", sam, "--as-of", "2027-03-01")
    assert done.code == 0, done.stderr
    return {i["id"]: i["minutes"] for i in json.loads(done.stdout)["items"] if i.get("minutes")}


def test_a_four_day_week_owes_four_sessions(cli, sam) -> None:
    assert _minutes(cli, sam, "2026-09-07", "2026-09-13")["speech"]["required"] == 120
    assert _minutes(cli, sam, "2026-09-14", "2026-09-20")["speech"]["required"] == 150
    assert _minutes(cli, sam, "2026-09-08", "2026-09-08")["speech"]["required"] == 30


def test_a_month_owes_no_more_sessions_than_its_school_days(cli, sam) -> None:
    assert _minutes(cli, sam, "2027-02-01", "2027-02-28")["ot"]["required"] == 150


def test_the_make_up_request_asks_only_for_what_could_have_been_delivered(cli, sam) -> None:
    done = cli("log", "speech", "-k", "service-log", "-d", "2026-09-08", "--minutes", "30",
               "--plan", sam, "--as-of", "2026-09-13")
    assert done.code == 0, done.stderr
    letter = cli("letter", "make-up-request", "--item", "speech", "--since", "2026-09-07",
                 "--until", "2026-09-13", "--plan", sam, "--as-of", "2026-09-13")
    assert letter.code == 0, letter.stderr
    assert "- Required from 7 Sep 2026 to 13 Sep 2026: 120 minutes.\n" in letter.stdout
    assert "- Owed (required − delivered): 90 minutes.\n" in letter.stdout


def _draft(cli, sam: Path, as_of: str) -> str:
    done = cli("draft-email", "mr-ortiz", "--plan", sam, "--as-of", as_of)
    assert done.code == 0, done.stderr
    return done.stdout


def test_the_weekly_draft_asks_for_the_sessions_the_week_can_hold(cli, sam) -> None:
    assert "get all 4 30-minute sessions of speech therapy this week" in _draft(
        cli, sam, "2026-09-11")
    assert "get all 5 30-minute sessions of speech therapy this week" in _draft(
        cli, sam, "2026-09-18")


def test_the_weekly_draft_asks_about_the_terms_in_effect_that_week(cli, sam) -> None:
    done = cli("amend", "speech", "--from", "2026-11-02", "--times", "3", "--plan", sam,
               "--as-of", "2026-11-02")
    assert done.code == 0, done.stderr
    assert "get all 5 30-minute sessions" in _draft(cli, sam, "2026-10-30")
    assert "get all 3 30-minute sessions of speech therapy this week" in _draft(
        cli, sam, "2026-11-06")
