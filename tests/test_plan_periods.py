"""The periods and terms real IEP grids use (docs/minutes.md): `per = "year"`, `per = "cycle"`
with `cycle_days`, `group`, `delivery = "consult"` and an extended-school-year service.

The calendar of the worked examples (Mon–Fri school days), a plan from Tuesday 8 September
2026 to Tuesday 7 September 2027, one plan year:

    off: Veterans Day 11 Nov, Thanksgiving week 23–27 Nov, winter break 21 Dec – 1 Jan,
         Martin Luther King Jr. Day 18 Jan, spring break 5–9 Apr, Memorial Day 31 May,
         summer 18 Jun – 7 Sep 2027 (with 5 July and 16 July listed on their own)

    school days in the plan year: 180; October 2026: 22; 8 September – 2 October: 19
"""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iepcheck.evidence.minutes import counted_days, day_share, required_exact
from iepcheck.plan.school_days import count_school_days, plan_year_of
from tests.test_schedule import DAYS, HOLIDAYS, WEEKDAY_SETS, make_plan

CALENDAR: dict[str, Any] = {"no_school": [
    "2026-11-11", "2026-11-23..2026-11-27", "2026-12-21..2027-01-01", "2027-01-18",
    "2027-04-05..2027-04-09", "2027-05-31", "2027-06-18..2027-09-07", "2027-07-05",
    "2027-07-16"]}
START, END = date(2026, 9, 8), date(2027, 9, 7)
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
FIRST_WEEKS = (START, date(2026, 10, 2))


def plan_of(*services: dict[str, Any]):
    return make_plan(*services, calendar=CALENDAR, start=START.isoformat(), end=END.isoformat())


def test_the_calendar_of_the_worked_examples() -> None:
    plan = plan_of()
    assert count_school_days(plan.calendar, START, END) == 180
    assert count_school_days(plan.calendar, *OCTOBER) == 22
    assert count_school_days(plan.calendar, *FIRST_WEEKS) == 19


# per = "year": the yearly amount spread evenly over the plan year's school days.

def test_a_yearly_amount_is_shared_by_the_plan_years_school_days() -> None:
    plan = plan_of({"minutes": 1800, "per": "year"},
                   {"minutes": 30, "times": 45, "per": "year"})
    yearly, sessions = plan.services
    # 1800 ÷ 180 = 10 a school day; October's 22 school days owe 220.
    assert required_exact(yearly, plan, *OCTOBER) == 220
    assert required_exact(yearly, plan, START, END) == 1800
    # 45 × 30 = 1350 ÷ 180 = 7.5 a school day: October 165, 8 Sep – 2 Oct 142.5.
    assert required_exact(sessions, plan, *OCTOBER) == 165
    assert required_exact(sessions, plan, *FIRST_WEEKS) == Fraction(285, 2)
    assert required_exact(sessions, plan, START, END) == 1350


def test_the_plan_year_runs_from_the_plans_start_to_the_day_before_its_anniversary() -> None:
    assert plan_year_of(START, date(2027, 3, 1)) == (START, date(2027, 9, 7))
    assert plan_year_of(START, date(2027, 9, 8)) == (date(2027, 9, 8), date(2028, 9, 7))
    assert plan_year_of(date(2028, 2, 29), date(2029, 3, 1)) == (date(2029, 2, 28),
                                                                  date(2030, 2, 27))


def test_a_plan_shorter_than_a_year_owes_only_its_part_of_the_yearly_amount() -> None:
    # Ending on 18 December 2026, the plan year is still 8 Sep 2026 – 7 Sep 2027 (180 school
    # days); the 68 school days in effect owe 68 × 10 = 680 of 1800.
    plan = make_plan({"minutes": 1800, "per": "year"}, calendar=CALENDAR,
                     start=START.isoformat(), end="2026-12-18")
    assert count_school_days(plan.calendar, START, date(2026, 12, 18)) == 68
    assert required_exact(plan.services[0], plan, START, date(2026, 12, 18)) == 680


def test_only_a_yearly_amount_may_exceed_a_days_minutes() -> None:
    with pytest.raises(ValueError, match=r"minutes\n.*less than or equal to 1440"):
        make_plan({"minutes": 1800, "per": "week"})
    assert make_plan({"minutes": 1800, "per": "year"}).services[0].minutes == 1800


# per = "cycle": sessions per N-school-day cycle, counted from the plan's start.

def test_a_cycle_amount_is_shared_by_the_cycles_school_days() -> None:
    plan = plan_of({"minutes": 30, "per": "cycle", "cycle_days": 6})
    cycle = plan.services[0]
    # Cycles from Tue 8 Sep: 8–15 Sep, 16–23 Sep, 24 Sep – 1 Oct (6 school days each) owe
    # 30 each; 2 Oct opens the fourth and owes 30 ÷ 6 = 5. Total 95.
    assert required_exact(cycle, plan, START, date(2026, 9, 15)) == 30
    assert required_exact(cycle, plan, date(2026, 9, 16), date(2026, 9, 23)) == 30
    assert required_exact(cycle, plan, date(2026, 9, 24), date(2026, 10, 1)) == 30
    assert required_exact(cycle, plan, *FIRST_WEEKS) == 95
    assert required_exact(cycle, plan, *OCTOBER) == 110  # 22 × 5
    assert required_exact(cycle, plan, START, END) == 900  # 30 cycles of 6 days


def test_a_cycle_owes_no_more_sessions_than_it_has_school_days() -> None:
    plan = plan_of({"minutes": 30, "times": 8, "per": "cycle", "cycle_days": 6})
    # 8 sessions in a 6-day cycle: 6 at most, 180 a cycle, 30 a school day.
    assert required_exact(plan.services[0], plan, *FIRST_WEEKS) == 570


@pytest.mark.parametrize(("service", "message"), [
    ({"minutes": 30, "per": "cycle"}, "cycle_days go together"),
    ({"minutes": 30, "per": "week", "cycle_days": 6}, "cycle_days go together"),
    ({"minutes": 30, "per": "cycle", "cycle_days": 1}, "greater than or equal to 2"),
    ({"minutes": 30, "per": "week", "group": 0}, "greater than or equal to 1"),
    ({"minutes": 30, "per": "week", "delivery": "indirect"}, "'direct' or 'consult'"),
    ({"minutes": 30, "per": "week", "esy": True}, "needs its own start and end"),
])
def test_the_new_terms_are_checked(service: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_plan(service)


def test_a_change_to_a_cycle_says_its_cycle_days() -> None:
    with pytest.raises(ValueError, match=r"changes\[1\]: from 2027-01-11 .* add cycle_days"):
        make_plan({"minutes": 30, "per": "week",
                   "changes": [{"from": "2027-01-11", "per": "cycle"}]})
    plan = plan_of({"minutes": 30, "times": 2, "per": "week",
                    "changes": [{"from": "2026-10-01", "per": "cycle", "cycle_days": 6}]})
    assert required_exact(plan.services[0], plan, *OCTOBER) == 220  # 2 × 30 ÷ 6 × 22


# group: a session in a group owes the child the whole session.

def test_a_group_session_owes_what_an_individual_one_does() -> None:
    plan = plan_of({"minutes": 30, "times": 2, "per": "week", "group": 4},
                   {"minutes": 30, "times": 2, "per": "week"})
    group, alone = plan.services
    assert required_exact(group, plan, *OCTOBER) == required_exact(alone, plan, *OCTOBER) == 264


# ESY: owed on school weekdays between its own dates, whatever the summer break says.

def test_an_esy_service_is_owed_between_its_own_dates_over_the_summer_break() -> None:
    plan = plan_of({"minutes": 30, "times": 2, "per": "week", "esy": True,
                    "start": "2027-07-06", "end": "2027-07-30"},
                   {"minutes": 30, "times": 2, "per": "week", "start": "2027-07-06",
                    "end": "2027-07-30"})
    esy, summer = plan.services
    july = (date(2027, 7, 1), date(2027, 7, 31))
    # 6–9 Jul (5 Jul off: 4 days), 12–15 Jul (16 Jul off), 19–23 and 26–30 Jul: 4 × 60.
    assert required_exact(esy, plan, *july) == 240
    assert required_exact(esy, plan, date(2027, 7, 6), date(2027, 7, 9)) == 60
    assert required_exact(esy, plan, *OCTOBER) == 0  # only between its own dates
    assert required_exact(summer, plan, *july) == 0  # without esy, the summer break holds


# The rule by span equals the rule one day at a time, for the new periods too.

NEW_SERVICES = st.one_of(
    st.fixed_dictionaries({"minutes": st.integers(1, 3000), "times": st.integers(1, 60),
                           "per": st.just("year")}),
    st.fixed_dictionaries({"minutes": st.integers(1, 300), "times": st.integers(1, 10),
                           "per": st.just("cycle"), "cycle_days": st.integers(2, 12)}),
)


@settings(max_examples=80, deadline=None)
@given(NEW_SERVICES, st.booleans(), WEEKDAY_SETS, HOLIDAYS, DAYS, DAYS)
def test_counting_by_span_equals_the_day_by_day_rule(
        service, esy, school_days, holidays, a, b) -> None:
    extra = {"esy": True, "start": "2026-10-05", "end": "2027-02-26"} if esy else {}
    plan = make_plan({**service, **extra},
                     calendar={"school_days": school_days, "no_school": holidays})
    item, (since, until) = plan.services[0], sorted((a, b))
    share = day_share(item, plan.calendar, plan.plan.start)
    by_day = sum((share(d) for d in counted_days(item, plan, since, until)), Fraction(0))
    assert required_exact(item, plan, since, until) == by_day


# Consult minutes: a total of their own in every format, never added to the direct minutes.

CONSULT_PLAN = """\
[student]
name = "Sam Test"

[plan]
kind = "IEP"
start = 2026-09-08
end = 2027-09-07

[calendar]
no_school = ["2026-11-11", "2026-11-23..2026-11-27"]

[[staff]]
id = "ms-lee"
name = "Ms. Lee"
email = "lee@school.example.org"
case_manager = true

[[services]]
id = "speech"
name = "Speech therapy"
minutes = 30
times = 2
per = "week"
group = 3

[[services]]
id = "speech-consult"
name = "Speech consultation with the teacher"
minutes = 30
per = "month"
delivery = "consult"
"""


@pytest.fixture
def consult_plan(tmp_path: Path) -> Path:
    path = tmp_path / "sam.toml"
    path.write_text(CONSULT_PLAN)
    return path


def report(cli, plan: Path, form: str) -> str:
    done = cli("report", "--plan", plan, "--since", "2026-10-01", "--until", "2026-10-31",
               "--as-of", "2026-10-31", "--format", form)
    assert done.code == 0, done.stderr
    return done.stdout


def test_consult_minutes_are_their_own_total_in_the_json(cli, consult_plan: Path) -> None:
    document = json.loads(report(cli, consult_plan, "json"))
    # October 2026: 2 × 30 a week over 22 school days (4 whole weeks and 1–2 Oct of a week
    # of 5) owes 4 × 60 + 2 × 12 = 264; the monthly consult owes 30 on its own.
    assert document["totals"]["required"] == 264
    assert document["consult_totals"] == {"required": 30, "delivered": 0, "missed": 0,
                                          "unaccounted": 30, "owed": 30}
    delivery = {i["id"]: i.get("delivery") for i in document["items"]}
    assert delivery == {"speech": None, "speech-consult": "consult"}


def test_consult_minutes_are_their_own_total_in_every_format(cli, consult_plan: Path) -> None:
    rows = report(cli, consult_plan, "csv").splitlines()
    assert [r.split(",")[3] for r in rows if ",total," in r or ",consult-total," in r] == [
        "total", "consult-total"]
    assert next(r for r in rows if ",total," in r).split(",")[9] == "264"
    assert next(r for r in rows if ",consult-total," in r).split(",")[9] == "30"
    markdown = report(cli, consult_plan, "markdown")
    assert "| **Total** | services with minutes |" in markdown and "**264**" in markdown
    assert "**Consult total**" in markdown and "264 service minutes owed" in markdown
    assert "30 consult minutes owed" in markdown
    html = report(cli, consult_plan, "html")
    assert "Total, 1 service with minutes" in html and "Consult minutes, a total of their own" in html
    table = report(cli, consult_plan, "table")
    assert "Consult minutes (not added to the service minutes)" in table
    assert "294" not in table + markdown  # never 264 + 30


def test_the_make_up_letter_names_consult_minutes_apart(cli, consult_plan: Path) -> None:
    done = cli("letter", "make-up-request", "--plan", consult_plan, "--since", "2026-10-01",
               "--until", "2026-10-31", "--as-of", "2026-10-31")
    assert done.code == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "the 264 minutes of services owed, and apart from them the 30 consult minutes" in text


def test_a_plan_without_the_new_terms_reports_as_before(cli, plan_path: Path) -> None:
    document = json.loads(cli("report", "--plan", plan_path, "--as-of", "2026-11-20",
                              "--format", "json").stdout)
    assert "consult_totals" not in document
    assert all("delivery" not in item for item in document["items"])


def test_add_item_writes_the_new_terms(cli, plan_path: Path) -> None:
    for args in (["APE", "--minutes", "30", "--per", "cycle", "--cycle-days", "6"],
                 ["Reading", "--minutes", "1800", "--per", "year", "--group", "3"],
                 ["OT consult", "--minutes", "30", "--per", "month", "--consult"],
                 ["ESY speech", "--minutes", "30", "--times", "2", "--per", "week", "--esy",
                  "--start", "2027-06-01", "--end", "2027-06-18"]):
        done = cli("add-item", "service", *args, "--plan", plan_path)
        assert done.code == 0, done.stderr
    from iepcheck.store.plan_file import load_plan

    plan = load_plan(plan_path)
    assert plan.item("ape").cycle_days == 6 and plan.item("reading").group == 3  # type: ignore[union-attr]
    assert plan.item("ot-consult").delivery == "consult" and plan.item("esy-speech").esy  # type: ignore[union-attr]
    listed = cli("items", "--plan", plan_path).stdout
    assert "30 min per 6-school-day cycle" in listed and "1800 min per plan year, group of 3" in listed
    assert "30 min per month, consult" in listed and "30 min × 2 per week, ESY" in listed


@pytest.mark.parametrize(("args", "message"), [
    (["--minutes", "30", "--per", "cycle"], "--per/--cycle-days: per = \"cycle\" and cycle_days"),
    (["--minutes", "30", "--per", "week", "--esy"], "--esy/--start/--end: an extended-school"),
    (["--minutes", "1800", "--per", "week"], "--minutes: Input should be less than or equal to 1440"),
])
def test_add_item_refuses_terms_the_plan_cannot_hold(cli, plan_path: Path, args: list[str],
                                                     message: str) -> None:
    before = plan_path.read_bytes()
    done = cli("add-item", "service", "Bad", *args, "--plan", plan_path)
    assert done.code == 2 and message in done.stderr
    assert plan_path.read_bytes() == before


def test_plan_diff_names_the_new_terms(cli, tmp_path: Path) -> None:
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_text(CONSULT_PLAN)
    new.write_text(CONSULT_PLAN.replace("group = 3", "group = 5").replace(
        'per = "month"\ndelivery = "consult"', 'per = "cycle"\ncycle_days = 6'))
    done = cli("plan", "diff", old, new)
    assert done.code == 0, done.stderr
    assert done.stdout.splitlines() == [
        "changed: service Speech therapy (speech): group 3 → 5",
        ("changed: service Speech consultation with the teacher (speech-consult): per month → "
         "cycle; cycle_days (none) → 6; delivery consult → direct; 30 min a month → 30 min a "
         "6-school-day cycle"),
    ]


def test_plan_check_asks_the_pace_of_a_yearly_amount_and_about_consult(cli, tmp_path: Path) -> None:
    path = tmp_path / "sam.toml"
    path.write_text(CONSULT_PLAN.replace('per = "week"\ngroup = 3',
                                         'per = "week"\ngroup = 3\nlocation = "Room 4"\n'
                                         'provider = "ms-lee"')
                    + '\n[[services]]\nid = "reading"\nname = "Reading"\nminutes = 1800\n'
                      'per = "year"\nlocation = "Room 4"\nprovider = "ms-lee"\n')
    done = cli("plan", "check", "--plan", path)
    assert done.code == 1
    assert ("reading: Reading (reading) is owed as 1,800 minutes a year: how many sessions a "
            "week or a month will that be, so it can be checked as the year goes?") in done.stdout
    assert ("speech-consult: Speech consultation with the teacher (speech-consult) is "
            "consultation with staff: with whom, how often") in done.stdout
    assert "speech:" not in done.stdout
