"""Required minutes, worked by hand over November 2026 and September 2026 (docs/minutes.md).

The calendar used below (Mon–Fri school days):

    November 2026            December 2026
    Mo Tu We Th Fr           Mo Tu We Th Fr
           4  5  6  <- period starts Wed 4 Nov (a partial week: 3 days)
     9 10 11 12 13  <- Wed 11 Nov is a single holiday (Veterans Day): a 4-day school week
    16 17 18 19 20  <- the child is absent Tue 17 Nov
    23 24 25 26 27  <- Thanksgiving week: no school at all
    30               1  <- period ends Tue 1 Dec (a partial week: 2 days)

Counted days: 3 + 4 + 4 + 0 + 2 = 13 (12 in November, 1 in December).
November 2026 has 21 Mon–Fri weekdays, 15 of them school days (6 holidays);
December 2026 has 23, all school days in this calendar.

A weekly amount is shared by the school days of its own week, a monthly amount by the school
days of its own month: a week or month with any school day owes its whole amount.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iepcheck.evidence.minutes import (
    counted_days,
    day_share,
    required_exact,
    required_minutes,
    round_half_up,
    spread_share,
)
from iepcheck.plan.model import Plan

SINCE, UNTIL = date(2026, 11, 4), date(2026, 12, 1)
ABSENT = frozenset({date(2026, 11, 17)})
NO_SCHOOL = ["2026-11-23..2026-11-27", "2026-11-11"]


def make_plan(*services: dict[str, Any], calendar: dict[str, Any] | None = None,
              start: str = "2026-08-24", end: str = "2027-06-18") -> Plan:
    document: dict[str, Any] = {
        "student": {"name": "Sam Test"},
        "plan": {"kind": "IEP", "start": start, "end": end},
        "services": [{"id": f"s{i}", "name": f"Service {i}", **s} for i, s in enumerate(services)],
    }
    if calendar is not None:
        document["calendar"] = calendar
    return Plan.model_validate(document)


@pytest.fixture
def november() -> dict[str, Any]:
    return {"school_days": ["mon", "tue", "wed", "thu", "fri"], "no_school": NO_SCHOOL}


def test_the_counted_days_are_the_thirteen_worked_out_above(november) -> None:
    plan = make_plan({"minutes": 30, "per": "week"}, calendar=november)
    counted = list(counted_days(plan.services[0], plan, SINCE, UNTIL, ABSENT))
    assert len(counted) == 13
    assert date(2026, 11, 11) not in counted and date(2026, 11, 17) not in counted
    assert [d for d in counted if d.month == 12] == [date(2026, 12, 1)]


def test_weekly_minutes_by_hand(november) -> None:
    # 30 min × 2 a week = 60 a week, shared by the school days of each week:
    #   2–6 Nov:   5 school days, 12 a day;  4, 5, 6 counted            = 36
    #   9–13 Nov:  4 school days, 15 a day;  9, 10, 12, 13 counted      = 60 (the whole week)
    #   16–20 Nov: 5 school days, 12 a day;  17 absent, 4 counted       = 48
    #   23–27 Nov: no school                                            =  0
    #   30 Nov–4 Dec: 5 school days, 12 a day; 30 Nov, 1 Dec counted    = 24
    # total 168. (The old rule, 12 a day whatever the week, gave 156.)
    plan = make_plan({"minutes": 30, "times": 2, "per": "week"}, calendar=november)
    assert required_minutes(plan.services[0], plan, SINCE, UNTIL, ABSENT) == 168
    # Without the absence, Tue 17 Nov owes its 12 too: 180.
    assert required_minutes(plan.services[0], plan, SINCE, UNTIL) == 180


def test_daily_minutes_by_hand(november) -> None:
    # 45 min × 1 a day, owed on each of the 13 counted days: 13 × 45 = 585.
    plan = make_plan({"minutes": 45, "per": "day"}, calendar=november)
    assert required_minutes(plan.services[0], plan, SINCE, UNTIL, ABSENT) == 585


def test_monthly_minutes_by_hand(november) -> None:
    # 30 min × 2 a month = 60 a month, shared by the month's school days.
    # November: 60 ÷ 15 school days = 4 a day × 12 counted days = 48
    # December: 60 ÷ 23 school days a day × 1 counted day      = 60/23
    # total = 48 + 60/23 = 1164/23 = 50.6… -> 51 (the old rule divided November by its 21
    # weekdays, holidays included, and gave 37)
    plan = make_plan({"minutes": 30, "times": 2, "per": "month"}, calendar=november)
    exact = required_exact(plan.services[0], plan, SINCE, UNTIL, ABSENT)
    assert exact == 48 + Fraction(60, 23) == Fraction(1164, 23)
    assert required_minutes(plan.services[0], plan, SINCE, UNTIL, ABSENT) == 51


LABOR_DAY = {"no_school": ["2026-09-07"]}


def test_the_labor_day_week_owes_its_whole_amount() -> None:
    # 30 min × 2 a week; Mon 7 Sep 2026 is no school: 4 school days share 60, 15 each.
    plan = make_plan({"minutes": 30, "times": 2, "per": "week"}, calendar=LABOR_DAY)
    service = plan.services[0]
    assert required_exact(service, plan, date(2026, 9, 7), date(2026, 9, 13)) == 60
    assert required_exact(service, plan, date(2026, 9, 8), date(2026, 9, 8)) == 15


def test_september_with_labor_day_off_half_a_month() -> None:
    # 60 a month; September 2026 has 22 weekdays, 21 school days without Labor Day.
    # 1–15 Sep holds 10 of them (1–4, 8–11, 14, 15): 10 × 60 ÷ 21 = 28.57… -> 29.
    plan = make_plan({"minutes": 60, "per": "month"}, calendar=LABOR_DAY)
    service = plan.services[0]
    assert required_exact(service, plan, date(2026, 9, 1), date(2026, 9, 15)) == Fraction(600, 21)
    assert required_minutes(service, plan, date(2026, 9, 1), date(2026, 9, 15)) == 29
    assert required_exact(service, plan, date(2026, 9, 1), date(2026, 9, 30)) == 60


def test_a_month_with_a_week_long_break_owes_its_whole_amount() -> None:
    # April 2027: 22 weekdays, spring break 5–9 Apr leaves 17 school days sharing 30.
    plan = make_plan({"minutes": 30, "per": "month"},
                     calendar={"no_school": ["2027-04-05..2027-04-09"]})
    service = plan.services[0]
    assert required_exact(service, plan, date(2027, 4, 1), date(2027, 4, 30)) == 30
    assert required_exact(service, plan, date(2027, 4, 1), date(2027, 4, 2)) == Fraction(60, 17)


def test_a_closed_week_owes_nothing(november) -> None:
    plan = make_plan({"minutes": 30, "times": 2, "per": "week"}, calendar=november)
    assert required_exact(plan.services[0], plan, date(2026, 11, 23), date(2026, 11, 29)) == 0
    month = make_plan({"minutes": 30, "per": "month"},
                      calendar={"no_school": ["2026-12-01..2026-12-31"]})
    assert required_exact(month.services[0], month, date(2026, 12, 1), date(2026, 12, 31)) == 0


def test_a_service_that_starts_mid_period_owes_from_its_first_day(november) -> None:
    # Starts Mon 16 Nov: counted days 16, 18, 19, 20 (17 absent), 30 Nov, 1 Dec = 6 days.
    # 60 a week ÷ 5 = 12 a day × 6 = 72.
    plan = make_plan({"minutes": 30, "times": 2, "per": "week", "start": "2026-11-16"},
                     calendar=november)
    assert required_minutes(plan.services[0], plan, SINCE, UNTIL, ABSENT) == 72


def test_a_service_that_ends_and_a_plan_that_ends_owe_nothing_after(november) -> None:
    # The service ends Fri 6 Nov: 4, 5, 6 Nov = 3 days × 12 = 36.
    plan = make_plan({"minutes": 30, "times": 2, "per": "week", "end": "2026-11-06"},
                     calendar=november)
    assert required_minutes(plan.services[0], plan, SINCE, UNTIL, ABSENT) == 36
    # The plan itself ends Tue 10 Nov: 4, 5, 6 Nov at 12 + 9, 10 Nov at 15 (a 4-day week;
    # days after the plan's end remove their share but still divide the week) = 66.
    plan = make_plan({"minutes": 30, "times": 2, "per": "week"}, calendar=november,
                     end="2026-11-10")
    assert required_minutes(plan.services[0], plan, SINCE, UNTIL, ABSENT) == 66


def test_without_a_calendar_every_weekday_is_a_school_day() -> None:
    # Wed 4 Nov .. Tue 1 Dec, Mon–Fri, no holidays: 20 weekdays × 12 = 240.
    plan = make_plan({"minutes": 30, "times": 2, "per": "week"})
    assert required_minutes(plan.services[0], plan, SINCE, UNTIL) == 240


def test_other_school_days_spread_the_week_over_their_count() -> None:
    # Tue/Thu only: 5 min a week ÷ 2 days = 2.5 a day. One Tuesday owes 2.5 -> 3 (half-up,
    # where Python's round() would give 2); a Tuesday and a Thursday owe exactly 5, not 3 + 3:
    # the total is rounded once, at the end.
    plan = make_plan({"minutes": 5, "per": "week"}, calendar={"school_days": ["tue", "thu"]})
    service = plan.services[0]
    assert required_minutes(service, plan, date(2026, 11, 3), date(2026, 11, 3)) == 3
    assert required_minutes(service, plan, date(2026, 11, 3), date(2026, 11, 5)) == 5
    assert required_minutes(service, plan, date(2026, 11, 6), date(2026, 11, 9)) == 0


def test_round_half_up() -> None:
    assert [round_half_up(Fraction(n, 2)) for n in range(6)] == [0, 1, 1, 2, 2, 3]


def test_a_service_without_minutes_requires_none() -> None:
    plan = make_plan({})
    assert required_minutes(plan.services[0], plan, SINCE, UNTIL) == 0


# Dated changes: speech 2 × 30 a week until Sat 9 Jan 2027, 3 × 30 from Sun 10 Jan.
#
#     January 2027
#     Mo Tu We Th Fr Sa Su
#                  1  2  3   <- winter break to Fri 1 Jan
#      4  5  6  7  8  9 10   <- 2 × 30: 60 (Sun 10 Jan, the change's day, is no school day)
#     11 12 13 14 15 16 17   <- 3 × 30: 90
#     18 19 20 21 22         <- Mon 18 Jan no school (MLK Day): 3 × 30 over 4 days, 90

JANUARY = {"no_school": ["2026-12-21..2027-01-01", "2027-01-18"]}


def test_a_change_applies_from_its_day_on() -> None:
    plan = make_plan({"minutes": 30, "times": 2, "per": "week",
                      "changes": [{"from": "2027-01-10", "times": 3}]}, calendar=JANUARY)
    speech = plan.services[0]
    assert required_exact(speech, plan, date(2027, 1, 4), date(2027, 1, 10)) == 60
    assert required_exact(speech, plan, date(2027, 1, 11), date(2027, 1, 17)) == 90
    assert required_exact(speech, plan, date(2027, 1, 18), date(2027, 1, 24)) == 90
    assert required_minutes(speech, plan, date(2027, 1, 4), date(2027, 1, 22)) == 240
    # Before the change the terms as written hold: the break week owes nothing.
    assert required_exact(speech, plan, date(2026, 12, 28), date(2027, 1, 3)) == 0


def test_a_change_in_the_middle_of_a_week_splits_it_day_by_day() -> None:
    # From Wed 13 Jan: Mon 11 and Tue 12 owe 60 ÷ 5 = 12 each (24), Wed–Fri owe 90 ÷ 5 = 18
    # each (54): that week owes 78, between the old 60 and the new 90.
    plan = make_plan({"minutes": 30, "times": 2, "per": "week",
                      "changes": [{"from": "2027-01-13", "times": 3}]}, calendar=JANUARY)
    speech = plan.services[0]
    assert required_exact(speech, plan, date(2027, 1, 11), date(2027, 1, 17)) == 78
    assert required_exact(speech, plan, date(2027, 1, 11), date(2027, 1, 12)) == 24
    assert required_minutes(speech, plan, date(2027, 1, 4), date(2027, 1, 22)) == 60 + 78 + 90
    share = day_share(speech, plan.calendar)
    assert [share(date(2027, 1, d)) for d in (12, 13)] == [12, 18]


def test_a_change_of_period_and_minutes() -> None:
    # 60 a month until 31 Jan, then 20 min × 1 a week from Mon 1 Feb 2027:
    # January's 19 school days (no 1 Jan, no 18 Jan) owe 60; February's four weeks owe 80.
    plan = make_plan({"minutes": 60, "per": "month",
                      "changes": [{"from": "2027-02-01", "minutes": 20, "per": "week"}]},
                     calendar=JANUARY)
    service = plan.services[0]
    assert required_exact(service, plan, date(2027, 1, 1), date(2027, 2, 28)) == 60 + 80


def test_a_change_can_give_minutes_to_a_service_that_had_none() -> None:
    plan = make_plan({"changes": [{"from": "2027-01-11", "minutes": 30, "per": "week"}]},
                     calendar=JANUARY)
    service = plan.services[0]
    assert service.minutes is None and service.is_timed
    assert required_exact(service, plan, date(2027, 1, 4), date(2027, 1, 17)) == 30


# Properties, over any period, schedule and calendar.

DAYS = st.dates(min_value=date(2026, 8, 24), max_value=date(2027, 6, 18))
WEEKDAY_SETS = st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
                        min_size=1, max_size=7, unique=True)
SERVICES = st.fixed_dictionaries({"minutes": st.integers(1, 300), "times": st.integers(1, 10),
                                  "per": st.sampled_from(["day", "week", "month"])})
HOLIDAYS = st.lists(DAYS, max_size=6).map(lambda ds: [d.isoformat() for d in ds])
CHANGES = st.lists(
    st.tuples(DAYS, st.fixed_dictionaries({}, optional={
        "minutes": st.integers(1, 300), "times": st.integers(1, 10),
        "per": st.sampled_from(["day", "week", "month"])}).filter(bool)),
    max_size=3, unique_by=lambda c: c[0],
).map(lambda cs: [{"from": d.isoformat(), **terms} for d, terms in cs])


@settings(max_examples=60, deadline=None)
@given(SERVICES, CHANGES, WEEKDAY_SETS, HOLIDAYS, DAYS, DAYS, DAYS)
def test_required_is_never_negative_and_grows_with_the_period(
        service, changes, school_days, holidays, a, b, c) -> None:
    plan = make_plan({**service, "changes": changes},
                     calendar={"school_days": school_days, "no_school": holidays})
    since, mid, until = sorted((a, b, c))
    item = plan.services[0]
    shorter = required_exact(item, plan, since, mid)
    longer = required_exact(item, plan, since, until)
    assert 0 <= shorter <= longer
    assert 0 <= required_minutes(item, plan, since, mid) <= required_minutes(item, plan, since, until)
    # and it adds up across a split, exactly:
    assert shorter + required_exact(item, plan, mid + timedelta(days=1), until) == longer


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 300), st.integers(1, 10), WEEKDAY_SETS, HOLIDAYS, DAYS)
def test_a_whole_open_week_owes_minutes_times_times(
        minutes, times, school_days, holidays, day) -> None:
    """...never more sessions than the week has school days (docs/minutes.md)."""
    plan = make_plan({"minutes": minutes, "times": times, "per": "week"},
                     calendar={"school_days": school_days, "no_school": holidays})
    monday = day - timedelta(days=day.weekday())
    sunday = monday + timedelta(days=6)
    if monday < plan.plan.start or sunday > plan.plan.end:
        return
    open_days = sum(d.weekday() in plan.calendar.weekdays and not plan.calendar.is_no_school(d)
                    for d in (monday + timedelta(days=k) for k in range(7)))
    assert required_exact(plan.services[0], plan, monday, sunday) == (
        minutes * min(times, open_days))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 300), st.integers(1, 10), WEEKDAY_SETS,
       st.sampled_from([(2026, m) for m in (9, 10, 11, 12)] + [(2027, m) for m in range(1, 6)]),
       st.integers(0, 9), st.integers(1, 9))
def test_a_whole_month_with_a_break_owes_minutes_times_times(
        minutes, times, school_days, month, break_start, break_days) -> None:
    # A break of up to 10 days never closes a whole month, whatever the school days.
    year, number = month
    first_off = date(year, number, 1 + break_start)
    closed = f"{first_off}..{first_off + timedelta(days=break_days)}"
    plan = make_plan({"minutes": minutes, "times": times, "per": "month"},
                     calendar={"school_days": school_days, "no_school": [closed]})
    first = date(year, number, 1)
    last = date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1)
    open_days = sum(d.weekday() in plan.calendar.weekdays and not plan.calendar.is_no_school(d)
                    for d in (first + timedelta(days=k) for k in range((last - first).days + 1)))
    assert required_exact(plan.services[0], plan, first, last) == minutes * min(times, open_days)


ABSENCES = st.lists(DAYS, max_size=12).map(frozenset)
@settings(max_examples=150, deadline=None)
@given(SERVICES, CHANGES, WEEKDAY_SETS, HOLIDAYS, ABSENCES, DAYS, DAYS)
def test_counting_by_span_equals_the_day_by_day_rule(
        service, changes, school_days, holidays, absent, a, b) -> None:
    """required_exact counts days per week or month; the rule is stated one day at a time."""
    plan = make_plan({**service, "changes": changes},
                     calendar={"school_days": school_days, "no_school": holidays})
    item, (since, until) = plan.services[0], sorted((a, b))
    share = day_share(item, plan.calendar)
    by_day = sum((share(d) for d in counted_days(item, plan, since, until, absent)), Fraction(0))
    assert required_exact(item, plan, since, until, absent) == by_day


# A service log that covers a range: 240 minutes logged for 1–30 Sep 2026 (Labor Day off).

SEPTEMBER = (date(2026, 9, 1), date(2026, 9, 30))


def test_a_range_log_is_spread_like_the_minutes_owed() -> None:
    # 2 × 30 a week. Weights (each day's share of its week): 1–4 Sep 4 × 12 = 48; the Labor
    # Day week 4 × 15 = 60; 14–18 and 21–25 Sep 60 each; 28–30 Sep 3 × 12 = 36. Total 264.
    # 1–15 Sep weighs 48 + 60 + 2 × 12 = 132: half, so the report for 1–15 Sep gets 120.
    plan = make_plan({"minutes": 30, "times": 2, "per": "week"}, calendar=LABOR_DAY)
    speech = plan.services[0]
    assert spread_share(speech, plan, *SEPTEMBER, 240, date(2026, 9, 1), date(2026, 9, 15)) == 120
    assert spread_share(speech, plan, *SEPTEMBER, 240, date(2026, 9, 16), date(2026, 10, 31)) == 120
    assert spread_share(speech, plan, *SEPTEMBER, 240, date(2026, 8, 1), date(2026, 12, 31)) == 240
    assert spread_share(speech, plan, *SEPTEMBER, 240, date(2026, 10, 1), date(2026, 10, 31)) == 0


def test_a_monthly_range_log_gets_its_proportion_of_school_days() -> None:
    # 60 a month: every school day of September weighs 60 ÷ 21; 1–15 Sep holds 10 of the 21.
    plan = make_plan({"minutes": 60, "per": "month"}, calendar=LABOR_DAY)
    service = plan.services[0]
    share = spread_share(service, plan, *SEPTEMBER, 240, date(2026, 9, 1), date(2026, 9, 15))
    assert share == Fraction(240 * 10, 21)
    # An absence weighs nothing: absent 14 and 15 Sep, 1–15 Sep holds 8 of 19 counted days.
    absent = {date(2026, 9, 14), date(2026, 9, 15)}
    assert spread_share(service, plan, *SEPTEMBER, 240, date(2026, 9, 1), date(2026, 9, 15),
                        absent) == Fraction(240 * 8, 19)


def test_a_range_owing_nothing_is_spread_over_its_school_days_then_its_days() -> None:
    # A service that starts on 1 Oct: nothing in September is owed, so each of September's
    # 21 school days weighs the same; a week of break has no school day at all.
    plan = make_plan({"minutes": 30, "per": "week", "start": "2026-10-01"},
                     calendar={"no_school": ["2026-09-07", "2026-11-23..2026-11-29"]})
    service = plan.services[0]
    assert spread_share(service, plan, *SEPTEMBER, 210, date(2026, 9, 1), date(2026, 9, 15)) == 100
    thanksgiving = (date(2026, 11, 23), date(2026, 11, 29))
    assert spread_share(service, plan, *thanksgiving, 70, date(2026, 11, 23),
                        date(2026, 11, 24)) == 20


@settings(max_examples=100, deadline=None)
@given(SERVICES, CHANGES, WEEKDAY_SETS, HOLIDAYS, ABSENCES, DAYS, DAYS, DAYS,
       st.integers(0, 5000))
def test_the_parts_of_a_range_log_add_up_to_its_minutes(
        service, changes, school_days, holidays, absent, a, b, c, minutes) -> None:
    plan = make_plan({**service, "changes": changes},
                     calendar={"school_days": school_days, "no_school": holidays})
    item = plan.services[0]
    first, mid, last = sorted((a, b, c))
    before = spread_share(item, plan, first, last, minutes, date.min, mid, absent)
    after = spread_share(item, plan, first, last, minutes, mid + timedelta(days=1), date.max,
                         absent)
    assert 0 <= before <= minutes and 0 <= after <= minutes
    assert before + after == minutes
