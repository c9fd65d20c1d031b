"""School days and the clocks that run on them, worked by hand on autumn 2026.

    September 2026             November 2026
    Mo Tu We Th Fr             Mo Tu We Th Fr
        1  2  3  4                                 (Sun 1 Nov)
     7  8  9 10 11  <- Mon 7 Sep Labor Day     2  3  4  5  6
    14 15 16 17 18                             9 10 11 12 13  <- Wed 11 Nov Veterans Day
    21 22 23 24 25                            16 17 18 19 20
    28 29 30                                  23 24 25 26 27  <- Thanksgiving week: closed
                                              30
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from iepcheck.plan.model import Calendar, Service, default_check_every
from iepcheck.plan.school_days import (
    allowed_school_days,
    count_school_days,
    is_school_day,
    last_school_day_of_week,
    month_of,
    reply_deadline,
    school_calendar,
    school_days_after,
    school_days_in,
    week_of,
    weekday_count,
)

AUTUMN = Calendar.model_validate({"no_school": ["2026-09-07", "2026-11-11",
                                                "2026-11-23..2026-11-27"]})
MON_FRI = Calendar()


def service(**fields: Any) -> Service:
    return Service.model_validate({"id": "s", "name": "S", **fields})


def test_september_with_labor_day_has_21_school_days() -> None:
    assert count_school_days(AUTUMN, date(2026, 9, 1), date(2026, 9, 30)) == 21
    assert count_school_days(MON_FRI, date(2026, 9, 1), date(2026, 9, 30)) == 22
    assert count_school_days(AUTUMN, date(2026, 9, 1), date(2026, 9, 15)) == 10
    assert count_school_days(AUTUMN, date(2026, 9, 30), date(2026, 9, 1)) == 0


def test_school_days_in_steps_over_weekends_and_breaks() -> None:
    assert school_days_in(AUTUMN, date(2026, 11, 19), date(2026, 12, 1)) == (
        date(2026, 11, 19), date(2026, 11, 20), date(2026, 11, 30), date(2026, 12, 1))
    assert school_days_in(AUTUMN, date(2026, 11, 23), date(2026, 11, 29)) == ()
    assert not is_school_day(AUTUMN, date(2026, 9, 7))
    assert is_school_day(AUTUMN, date(2026, 9, 8))
    assert not is_school_day(AUTUMN, date(2026, 9, 12))  # a Saturday


def test_overlapping_and_touching_no_school_ranges_count_once() -> None:
    calendar = Calendar.model_validate({"no_school": [
        "2026-12-21..2026-12-24", "2026-12-23..2027-01-01", "2027-01-02..2027-01-04"]})
    assert school_calendar(calendar).closed == ((date(2026, 12, 21), date(2027, 1, 4)),)
    assert count_school_days(calendar, date(2026, 12, 14), date(2027, 1, 8)) == 5 + 4


def test_allowed_school_days_is_the_interval_scaled_to_the_school_week() -> None:
    assert [allowed_school_days(d, MON_FRI) for d in (1, 2, 3, 7, 14)] == [1, 2, 3, 5, 10]
    tue_thu = Calendar(school_days=("tue", "thu"))
    assert [allowed_school_days(d, tue_thu) for d in (1, 3, 7, 14)] == [1, 1, 2, 4]


def test_school_days_after_counts_strictly_after_the_first_day() -> None:
    friday = date(2026, 9, 4)
    assert school_days_after(AUTUMN, friday, friday) == 0
    assert school_days_after(AUTUMN, friday, date(2026, 9, 6)) == 0   # the weekend
    assert school_days_after(AUTUMN, friday, date(2026, 9, 7)) == 0   # Labor Day
    assert school_days_after(AUTUMN, friday, date(2026, 9, 8)) == 1
    assert school_days_after(AUTUMN, friday, date(2026, 9, 11)) == 4
    assert school_days_after(AUTUMN, date(2026, 9, 11), friday) == 0


def test_reply_deadline_is_the_nth_school_day_after_the_email() -> None:
    # 3d -> 3 school days. Sent Fri 4 Sep: Tue 8, Wed 9, Thu 10 Sep (Labor Day skipped).
    assert reply_deadline(AUTUMN, date(2026, 9, 4), 3) == date(2026, 9, 10)
    # 7d -> 5 school days. Sent Wed 18 Nov: 19, 20, 30 Nov, 1, 2 Dec (Thanksgiving skipped).
    assert reply_deadline(AUTUMN, date(2026, 11, 18), 7) == date(2026, 12, 2)
    # Sent on a Sunday: the clock starts at once, Monday is the first school day.
    assert reply_deadline(MON_FRI, date(2026, 9, 13), 1) == date(2026, 9, 14)


def test_the_last_school_day_of_a_week() -> None:
    assert last_school_day_of_week(AUTUMN, date(2026, 9, 9)) == date(2026, 9, 11)
    assert last_school_day_of_week(AUTUMN, date(2026, 11, 29)) is None  # Thanksgiving
    friday_off = Calendar.model_validate({"no_school": ["2026-10-16"]})
    assert last_school_day_of_week(friday_off, date(2026, 10, 12)) == date(2026, 10, 15)
    weekend = Calendar(school_days=("sat",))
    assert last_school_day_of_week(weekend, date(2026, 10, 12)) == date(2026, 10, 17)


def test_default_check_every_is_never_shorter_than_the_services_period() -> None:
    assert default_check_every(service(minutes=30, per="month")) == 31
    assert default_check_every(service(minutes=30, per="week")) == 7
    assert default_check_every(service(minutes=30, per="day")) == 7
    assert default_check_every(service()) == 7
    assert default_check_every(service(minutes=30, per="week"), plan_interval=14) == 14
    assert default_check_every(service(minutes=30, per="month"), plan_interval=3) == 31


def test_weeks_and_months() -> None:
    assert week_of(date(2026, 9, 9)) == (date(2026, 9, 7), date(2026, 9, 13))
    assert week_of(date(2026, 9, 7)) == (date(2026, 9, 7), date(2026, 9, 13))
    assert week_of(date(2026, 9, 13)) == (date(2026, 9, 7), date(2026, 9, 13))
    assert month_of(date(2027, 2, 14)) == (date(2027, 2, 1), date(2027, 2, 28))
    assert month_of(date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))


# Properties: the arithmetic count is the count of a walk over the days.

DAYS = st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31))
WEEKDAY_SETS = st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
                        min_size=1, max_size=7, unique=True)
RANGES = st.lists(st.tuples(DAYS, st.integers(0, 20)), max_size=6).map(
    lambda rs: [f"{d}..{d + timedelta(days=n)}" for d, n in rs])


def walk(calendar: Calendar, first: date, last: date) -> list[date]:
    found, day = [], first
    while day <= last:
        if day.weekday() in calendar.weekdays and not calendar.is_no_school(day):
            found.append(day)
        day += timedelta(days=1)
    return found


@settings(max_examples=150, deadline=None)
@given(WEEKDAY_SETS, RANGES, DAYS, st.integers(-3, 120))
def test_counting_agrees_with_a_walk_over_the_days(school_days, ranges, first, length) -> None:
    calendar = Calendar.model_validate({"school_days": school_days, "no_school": ranges})
    last = first + timedelta(days=length)
    walked = walk(calendar, first, last)
    assert count_school_days(calendar, first, last) == len(walked)
    assert list(school_days_in(calendar, first, last)) == walked
    assert all(is_school_day(calendar, d) == (d in walked) for d in
               (first + timedelta(days=k) for k in range(length + 1)))
    assert weekday_count(first, last, calendar.weekdays) == len(
        [d for d in (first + timedelta(days=k) for k in range(max(0, length + 1)))
         if d.weekday() in calendar.weekdays])


@settings(max_examples=100, deadline=None)
@given(WEEKDAY_SETS, RANGES, DAYS, st.integers(1, 30))
def test_the_deadline_is_exactly_that_many_school_days_after(
        school_days, ranges, sent, interval) -> None:
    calendar = Calendar.model_validate({"school_days": school_days, "no_school": ranges})
    deadline = reply_deadline(calendar, sent, interval)
    allowed = allowed_school_days(interval, calendar)
    assert is_school_day(calendar, deadline)
    assert school_days_after(calendar, sent, deadline) == allowed
    assert school_days_after(calendar, sent, deadline - timedelta(days=1)) == allowed - 1
