"""Required service minutes over a period (docs/minutes.md).

Pure: the plan, the service, the period and the child's absence days in; minutes out. No clock,
no files. Arithmetic is exact (`Fraction`) and rounded half-up once, at the end, so a long
period never drifts by a minute from rounding each day.

The rule, per counted day:
- `per = "day"`: `minutes × times`;
- `per = "week"`: `minutes × times ÷ len(school_days)` (a Mon–Fri week owes a fifth each day, so
  a full school week sums to exactly `minutes × times` and a short week to its share);
- `per = "month"`: `minutes × times ÷ (that month's count of school_days weekdays)`, holidays
  included in the count, so a month with a holiday owes less, like a week with one.

A counted day is a `school_days` weekday, not a `no_school` date, not a day the child was absent
(the school owes no service to an absent child: OSEP guidance), and inside the plan's and the
service's own dates. A provider's absence or a cancelled session is *not* excused: those days
still count.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Container, Iterator
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

from iepcheck.dates import days

if TYPE_CHECKING:
    from iepcheck.plan import Calendar, Plan, Service

NO_ABSENCES: frozenset[date] = frozenset()


def round_half_up(amount: Fraction) -> int:
    """0.5 rounds up (Python's `round` would round it to even: 2.5 -> 2)."""
    return math.floor(amount + Fraction(1, 2))


def month_school_weekdays(year: int, month: int, weekdays: Container[int]) -> int:
    """How many days of the month fall on a school weekday (holidays not removed)."""
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return sum(1 for day in days(first, date.fromordinal(following.toordinal() - 1))
               if day.weekday() in weekdays)


def day_share(service: Service, calendar: Calendar) -> Callable[[date], Fraction]:
    """What one counted day owes, as a function of the day (only `month` depends on it)."""
    amount = Fraction((service.minutes or 0) * service.times)
    if service.per == "day":
        return lambda day: amount
    if service.per == "week":
        per_day = amount / len(calendar.school_days)
        return lambda day: per_day
    weekdays = calendar.weekdays
    counts: dict[tuple[int, int], int] = {}

    def monthly(day: date) -> Fraction:
        key = (day.year, day.month)
        if key not in counts:
            counts[key] = month_school_weekdays(day.year, day.month, weekdays)
        return amount / counts[key]

    return monthly


def counted_days(service: Service, plan: Plan, since: date, until: date,
                 absent: Container[date] = NO_ABSENCES) -> Iterator[date]:
    """The days in since..until on which the service is owed at all."""
    window = plan.window(service, since, until)
    if window is None:
        return
    first, last = window
    calendar = plan.calendar
    weekdays = calendar.weekdays
    for day in days(first, last):
        if day.weekday() in weekdays and not calendar.is_no_school(day) and day not in absent:
            yield day


def required_exact(service: Service, plan: Plan, since: date, until: date,
                   absent: Container[date] = NO_ABSENCES) -> Fraction:
    """Minutes owed over since..until, unrounded; 0 for a service without minutes."""
    if service.minutes is None:
        return Fraction(0)
    share = day_share(service, plan.calendar)
    return sum((share(day) for day in counted_days(service, plan, since, until, absent)),
               Fraction(0))


def required_minutes(service: Service, plan: Plan, since: date, until: date,
                     absent: Container[date] = NO_ABSENCES) -> int:
    """Minutes owed over since..until, rounded half-up to whole minutes once."""
    return round_half_up(required_exact(service, plan, since, until, absent))
