"""School years within a plan: `[calendar] year_start`, else the first school day after a
summer-long break; staff are "not yet contacted" afresh each year."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from iepcheck.plan.school_years import SUMMER_BREAK_DAYS, year_start_on, year_starts
from tests.conftest import MINIMAL_PLAN


def _plan(extra: str = ""):
    import tomllib

    from iepcheck.plan.model import Plan

    text = MINIMAL_PLAN.replace("end = 2027-06-18", "end = 2027-09-30").replace(
        "[[staff]]", f"[calendar]\n{extra}\n[[staff]]", 1)
    return Plan.model_validate(tomllib.loads(text))


def test_the_plans_start_is_the_first_year() -> None:
    assert year_starts(_plan()) == (date(2026, 8, 24),)


def test_year_start_given() -> None:
    plan = _plan("year_start = 2027-08-23")
    assert year_starts(plan) == (date(2026, 8, 24), date(2027, 8, 23))
    assert year_start_on(plan, date(2027, 8, 22)) == date(2026, 8, 24)
    assert year_start_on(plan, date(2027, 8, 23)) == date(2027, 8, 23)


def test_first_school_day_after_a_summer_break() -> None:
    # Summer ends Fri 20 Aug 2027: the new year starts on Monday 23 Aug.
    plan = _plan('no_school = ["2027-06-19..2027-08-20", "2026-12-21..2027-01-01"]')
    assert year_starts(plan) == (date(2026, 8, 24), date(2027, 8, 23))


@given(st.integers(min_value=1, max_value=60))
def test_only_a_summer_long_break_starts_a_year(length: int) -> None:
    first = date(2027, 6, 1)
    last = first + timedelta(days=length - 1)
    plan = _plan(f'no_school = ["{first}..{last}"]')
    assert (len(year_starts(plan)) == 2) == (length >= SUMMER_BREAK_DAYS)


def test_staff_told_last_year_are_not_yet_contacted_this_year(cli, tmp_path: Path) -> None:
    plan = tmp_path / "sam.toml"
    plan.write_text(MINIMAL_PLAN.replace("end = 2027-06-18", "end = 2027-09-30").replace(
        "[[staff]]", "[calendar]\nyear_start = 2027-08-23\n\n[[staff]]", 1))
    done = cli("log", "speech", "-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-19",
               "--plan", plan, "--as-of", "2026-11-20")
    assert done.code == 0, done.stderr

    def never(as_of: str) -> list[str]:
        out = cli("due", "--format", "json", "--plan", plan, "--as-of", as_of)
        assert out.code == 0, out.stderr
        return [s["id"] for s in json.loads(out.stdout)["never_contacted"]]

    assert never("2027-06-01") == []
    assert never("2027-08-24") == ["ms-lee"]
    history = cli("history", "--plan", plan)
    assert "2026-11-19" in history.stdout  # the old year's record is kept


def test_last_years_evidence_is_stale_in_the_new_year(cli, tmp_path: Path) -> None:
    """Over the summer no school day passes, so without the new year's rule June's evidence
    would still look recent to the new teacher in August."""
    plan = tmp_path / "sam.toml"
    plan.write_text(MINIMAL_PLAN.replace("end = 2027-06-18", "end = 2027-09-30").replace(
        "[[staff]]", '[calendar]\nno_school = ["2027-06-19..2027-08-22"]\n\n[[staff]]', 1))
    done = cli("log", "extended-time", "-k", "visit", "-d", "2027-06-18", "--plan", plan,
               "--as-of", "2027-06-18")
    assert done.code == 0, done.stderr

    def status(as_of: str) -> str:
        out = cli("report", "--format", "json", "--plan", plan, "--as-of", as_of)
        assert out.code == 0, out.stderr
        [item] = [i for i in json.loads(out.stdout)["items"] if i["id"] == "extended-time"]
        return item["status"]

    assert status("2027-06-18") == "ok"
    assert status("2027-08-23") == "stale"


def test_the_reply_clock_starts_afresh_in_a_new_year(cli, tmp_path: Path) -> None:
    """A June email never answered is overdue in June; from the new year's first day it is
    not listed (this year's staff have not been asked), and the record still holds it."""
    plan = tmp_path / "sam.toml"
    plan.write_text(MINIMAL_PLAN.replace("end = 2027-06-18", "end = 2027-09-30").replace(
        "[[staff]]", "[calendar]\nyear_start = 2027-08-23\n\n[[staff]]", 1))
    done = cli("log", "speech", "-k", "email-sent", "--who", "ms-lee", "-d", "2027-06-01",
               "--plan", plan, "--as-of", "2027-06-01")
    assert done.code == 0, done.stderr

    def unanswered(as_of: str) -> list[int]:
        out = cli("due", "--format", "json", "--plan", plan, "--as-of", as_of)
        assert out.code in (0, 1), out.stderr
        return [u["n"] for u in json.loads(out.stdout)["unanswered"]]

    assert unanswered("2027-06-15") == [1]
    assert unanswered("2027-08-24") == []
    assert "2027-06-01" in cli("history", "--plan", plan).stdout
