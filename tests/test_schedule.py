"""Required minutes, worked by hand over November 2026 (docs/minutes.md).

The calendar used below (Mon–Fri school days):

    November 2026            December 2026
    Mo Tu We Th Fr           Mo Tu We Th Fr
           4  5  6  <- period starts Wed 4 Nov (a partial week: 3 days)
     9 10 11 12 13  <- Wed 11 Nov is a single holiday (Veterans Day)
    16 17 18 19 20  <- the child is absent Tue 17 Nov
    23 24 25 26 27  <- Thanksgiving week: no school at all
    30               1  <- period ends Tue 1 Dec (a partial week: 2 days)

Counted days: 3 + 4 + 4 + 0 + 2 = 13 (12 in November, 1 in December).
November 2026 has 21 Mon–Fri weekdays; December 2026 has 23.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iepcheck.plan import Plan
from iepcheck.schedule import (
    counted_days,
    month_school_weekdays,
    required_exact,
    required_minutes,
    round_half_up,
)

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
    # 30 min × 2 a week = 60 a week, spread over 5 school days = 12 a day.
    # 13 counted days × 12 = 156.
    plan = make_plan({"minutes": 30, "times": 2, "per": "week"}, calendar=november)
    assert required_minutes(plan.services[0], plan, SINCE, UNTIL, ABSENT) == 156
    # Without the absence, Tue 17 Nov owes its 12 too: 168.
    assert required_minutes(plan.services[0], plan, SINCE, UNTIL) == 168


def test_daily_minutes_by_hand(november) -> None:
    # 45 min × 1 a day, owed on each of the 13 counted days: 13 × 45 = 585.
    plan = make_plan({"minutes": 45, "per": "day"}, calendar=november)
    assert required_minutes(plan.services[0], plan, SINCE, UNTIL, ABSENT) == 585


def test_monthly_minutes_by_hand(november) -> None:
    # 30 min × 2 a month = 60 a month.
    # November: 60 ÷ 21 weekdays a day × 12 counted days = 720/21
    # December: 60 ÷ 23 weekdays a day × 1 counted day  =  60/23
    # total = (720·23 + 60·21) / (21·23) = 17820/483 = 36.89… -> 37
    plan = make_plan({"minutes": 30, "times": 2, "per": "month"}, calendar=november)
    exact = required_exact(plan.services[0], plan, SINCE, UNTIL, ABSENT)
    assert exact == Fraction(720, 21) + Fraction(60, 23) == Fraction(17820, 483)
    assert required_minutes(plan.services[0], plan, SINCE, UNTIL, ABSENT) == 37


def test_a_month_counts_holidays_among_its_weekdays() -> None:
    assert month_school_weekdays(2026, 11, frozenset(range(5))) == 21
    assert month_school_weekdays(2026, 12, frozenset(range(5))) == 23
    assert month_school_weekdays(2027, 2, frozenset({0, 2})) == 8  # Mondays and Wednesdays


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
    # The plan itself ends Tue 10 Nov: 4, 5, 6, 9, 10 = 5 days × 12 = 60.
    plan = make_plan({"minutes": 30, "times": 2, "per": "week"}, calendar=november,
                     end="2026-11-10")
    assert required_minutes(plan.services[0], plan, SINCE, UNTIL, ABSENT) == 60


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


# Properties, over any period, schedule and calendar.

DAYS = st.dates(min_value=date(2026, 8, 24), max_value=date(2027, 6, 18))
WEEKDAY_SETS = st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
                        min_size=1, max_size=7, unique=True)
SERVICES = st.fixed_dictionaries({"minutes": st.integers(1, 300), "times": st.integers(1, 10),
                                  "per": st.sampled_from(["day", "week", "month"])})
HOLIDAYS = st.lists(DAYS, max_size=6).map(lambda ds: [d.isoformat() for d in ds])


@settings(max_examples=60, deadline=None)
@given(SERVICES, WEEKDAY_SETS, HOLIDAYS, DAYS, DAYS, DAYS)
def test_required_is_never_negative_and_grows_with_the_period(
        service, school_days, holidays, a, b, c) -> None:
    plan = make_plan(service, calendar={"school_days": school_days, "no_school": holidays})
    since, mid, until = sorted((a, b, c))
    item = plan.services[0]
    shorter = required_exact(item, plan, since, mid)
    longer = required_exact(item, plan, since, until)
    assert 0 <= shorter <= longer
    assert 0 <= required_minutes(item, plan, since, mid) <= required_minutes(item, plan, since, until)
    # and it adds up across a split, exactly:
    assert shorter + required_exact(item, plan, mid + timedelta(days=1), until) == longer


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 300), st.integers(1, 10), WEEKDAY_SETS, DAYS)
def test_a_full_school_week_owes_minutes_times_times(minutes, times, school_days, day) -> None:
    plan = make_plan({"minutes": minutes, "times": times, "per": "week"},
                     calendar={"school_days": school_days})
    monday = day - timedelta(days=day.weekday())
    if monday < plan.plan.start or monday + timedelta(days=6) > plan.plan.end:
        return
    assert required_exact(plan.services[0], plan, monday, monday + timedelta(days=6)) == (
        minutes * times)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 300), st.integers(1, 10), WEEKDAY_SETS,
       st.sampled_from([(2026, m) for m in (9, 10, 11, 12)] + [(2027, m) for m in range(1, 6)]))
def test_a_full_month_without_holidays_owes_minutes_times_times(
        minutes, times, school_days, month) -> None:
    plan = make_plan({"minutes": minutes, "times": times, "per": "month"},
                     calendar={"school_days": school_days})
    year, number = month
    first = date(year, number, 1)
    last = date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1)
    assert required_exact(plan.services[0], plan, first, last) == minutes * times
