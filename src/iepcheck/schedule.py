"""Required service minutes over a period (DESIGN 2, 'Prorating, exactly').

Pure: the plan, the service, the period and the child's absence days in; minutes out. No clock,
no files. Arithmetic is exact (`Fraction`) and rounded half-up once, at the end, so a long
period never drifts by a minute from rounding each day.

The rule: every week (`per = "week"`, Monday to Sunday) or month (`per = "month"`, a calendar
month) with at least one school day owes the service's full amount, `minutes × times`, shared
evenly by *its own* school days (weekdays in `school_days`, not `no_school`). So a Labor Day
week owes its 60 minutes over four days, and a month with a week-long break owes its full
amount; a week or month with no school owes nothing. `per = "day"` owes `minutes × times` on
every school day.

A day owes its share only if it is a **counted day**: a school day, not a day the child was
absent (the school owes no service to an absent child: OSEP guidance), and inside the plan's
and the service's own dates. An uncounted school day removes its own share and nothing else:
it still divides its week or month. A provider's absence or a cancelled session is *not*
excused: those days still count. See docs/minutes.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Container, Iterator
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

from iepcheck.dates import days
from iepcheck.school_days import month_of, school_calendar, week_of

if TYPE_CHECKING:
    from iepcheck.plan import Calendar, Plan, Service

NO_ABSENCES: frozenset[date] = frozenset()


def round_half_up(amount: Fraction) -> int:
    """0.5 rounds up (Python's `round` would round it to even: 2.5 -> 2)."""
    return math.floor(amount + Fraction(1, 2))


def day_share(service: Service, calendar: Calendar) -> Callable[[date], Fraction]:
    """What one counted day owes: its part of its own week's or month's amount."""
    amount = Fraction((service.minutes or 0) * service.times)
    if service.per == "day":
        return lambda day: amount
    school = school_calendar(calendar)
    span = week_of if service.per == "week" else month_of
    divisors: dict[date, int] = {}

    def share(day: date) -> Fraction:
        first, last = span(day)
        if first not in divisors:
            divisors[first] = school.count(first, last)
        return amount / divisors[first] if divisors[first] else Fraction(0)

    return share


def counted_days(service: Service, plan: Plan, since: date, until: date,
                 absent: Container[date] = NO_ABSENCES) -> Iterator[date]:
    """The days in since..until on which the service is owed at all."""
    terms, calendar = plan.plan, plan.calendar
    first = max(since, terms.start, service.start or terms.start)
    last = min(until, terms.end, service.end or terms.end)
    if last < first:
        return
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
