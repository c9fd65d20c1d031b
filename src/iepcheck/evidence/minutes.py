"""Required service minutes over a period (docs/minutes.md).

Pure: the plan, the service, the period and the child's absence days in; minutes out. No clock,
no files. Arithmetic is exact (`Fraction`) and rounded half-up once, at the end, so a long
period never drifts by a minute from rounding each day.

The rule: every week (`per = "week"`, Monday to Sunday) or month (`per = "month"`, a calendar
month) with at least one school day owes the service's full amount, `minutes × times` (never
more sessions than it has school days: `capped_amount`), shared evenly by *its own* school days (weekdays in `school_days`, not `no_school`). So a Labor Day
week owes its 60 minutes over four days, and a month with a week-long break owes its full
amount; a week or month with no school owes nothing. `per = "day"` owes `minutes × times` on
every school day.

A day owes its share only if it is a **counted day**: a school day, not a day the child was
absent (the school owes no service to an absent child: OSEP guidance), and inside the plan's
and the service's own dates. An uncounted school day removes its own share and nothing else:
it still divides its week or month. A provider's absence or a cancelled session is *not*
excused: those days still count. Every rule reads the service's terms in effect on the day
(`Service.terms_on`: dated `changes` in the plan). See docs/minutes.md.

`day_share` and `counted_days` state the rule one day at a time. `required_exact` computes the
same sum without visiting each day: all the counted days of one week (or month) share one
value, so it counts them (school days by arithmetic, less absences) and multiplies, adding
one fraction per distinct divisor at the end.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterator
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

from iepcheck.plan.school_days import (
    SchoolCalendar,
    esy_calendar,
    month_of,
    plan_year_of,
    school_calendar,
    week_of,
)

if TYPE_CHECKING:
    from iepcheck.plan.model import Calendar, Plan, Service

NO_ABSENCES: frozenset[date] = frozenset()


def round_half_up(amount: Fraction) -> int:
    """0.5 rounds up (Python's `round` would round it to even: 2.5 -> 2)."""
    return math.floor(amount + Fraction(1, 2))


def capped_amount(minutes: int, times: int, school_days: int) -> int:
    """A week's (or month's) amount: `minutes × times`, but never more sessions than it has
    school days (docs/minutes.md). 5 × 30 a week in a 4-day week owes 4 × 30 = 120: one
    session a day is all a school can run, and a letter asking for the fifth would be
    rebutted whole."""
    return minutes * min(times, school_days)


def sessions_owed(times: int, school_days: int) -> int:
    """Sessions a week or month with `school_days` school days owes (`capped_amount`)."""
    return min(times, school_days)


def service_school(service: Service, calendar: Calendar) -> SchoolCalendar:
    """The school days a service is owed on: the plan's, or for an extended-school-year
    service (`esy = true`) the school weekdays of its own dates (`esy_calendar`)."""
    if service.esy and service.start is not None and service.end is not None:
        return esy_calendar(calendar, service.start, service.end)
    return school_calendar(calendar)


#: The periods whose amount is shared by the school days of a whole span.
SHARED = ("week", "month", "year", "cycle")


def whole_span(per: str | None, day: date, plan_start: date) -> tuple[date, date]:
    """The week, month or plan year holding `day` (a day for the rest)."""
    if per == "week":
        return week_of(day)
    if per == "month":
        return month_of(day)
    if per == "year":
        return plan_year_of(plan_start, day)
    return day, day


def span_amount(terms: Service, divisor: int) -> int:
    """What one whole span owes: `minutes × times` a day; a week, month, plan year or cycle
    owes `capped_amount` over its `divisor` school days."""
    assert terms.minutes is not None
    if terms.per not in SHARED:
        return terms.minutes * terms.times
    return capped_amount(terms.minutes, terms.times, divisor)


def day_share(service: Service, calendar: Calendar,
              plan_start: date | None = None) -> Callable[[date], Fraction]:
    """What one counted day owes: its part of its own week's, month's, plan year's (from
    `plan_start`) or cycle's amount.

    The terms are those in effect that day (`service.terms_on`): across a change in the middle
    of a week, each day owes its own terms' share of its week, so the days before the change
    owe the old amount's fifth and the days after the new amount's fifth (on Mon–Fri). Every
    cycle has exactly `cycle_days` school days, so each of them owes the cycle's amount
    divided by `cycle_days`.
    """
    school = service_school(service, calendar)
    divisors: dict[tuple[str | None, date], int] = {}

    def share(day: date) -> Fraction:
        terms = service.terms_on(day)
        if terms.minutes is None:
            return Fraction(0)
        if terms.per == "cycle" and terms.cycle_days:
            return Fraction(span_amount(terms, terms.cycle_days), terms.cycle_days)
        if terms.per not in SHARED:
            return Fraction(span_amount(terms, 1))
        first, last = whole_span(terms.per, day, plan_start or day)
        key = (terms.per, first)
        if key not in divisors:
            divisors[key] = school.count(first, last)
        divisor = divisors[key]
        return Fraction(span_amount(terms, divisor), divisor) if divisor else Fraction(0)

    return share


def counted_days(service: Service, plan: Plan, since: date, until: date,
                 absent: Collection[date] = NO_ABSENCES) -> Iterator[date]:
    """The days in since..until on which the service is owed at all."""
    window = plan.window(service, since, until)
    if window is None:
        return
    for day in service_school(service, plan.calendar).open_days(*window):
        if day not in absent:
            yield day


def shared_spans(terms: Service, first: date, last: date, school: SchoolCalendar,
                 plan_start: date) -> Iterator[tuple[date, date, int, int]]:
    """first..last cut at week, month or plan-year boundaries: (first, last, school days,
    divisor).

    The divisor is the school days of the *whole* span, not of the part in range. A daily
    amount is not shared: one span, divisor 1; nor is a cycle's, which every cycle shares by
    the same `cycle_days`: one span, divisor `cycle_days`.
    """
    per = terms.per
    if per not in SHARED or per == "cycle":
        yield first, last, school.count(first, last), terms.cycle_days or 1
        return
    while first <= last:
        whole_first, whole_last = whole_span(per, first, plan_start)
        divisor = school.span_count(whole_first, whole_last)
        part_last = min(last, whole_last)
        whole = first == whole_first and part_last == whole_last
        yield first, part_last, divisor if whole else school.count(first, part_last), divisor
        if part_last == last:
            return
        first = date.fromordinal(part_last.toordinal() + 1)


def _missing(absent: Collection[date], first: date, last: date,
             school: SchoolCalendar) -> list[date]:
    """The absences that fall on school days in first..last, sorted for counting."""
    return sorted(d for d in absent if first <= d <= last and school.is_open(d))


def _between(sorted_days: list[date], first: date, last: date) -> int:
    return bisect_right(sorted_days, last) - bisect_left(sorted_days, first)


def required_exact(service: Service, plan: Plan, since: date, until: date,
                   absent: Collection[date] = NO_ABSENCES) -> Fraction:
    """Minutes owed over since..until, unrounded; 0 for a service without minutes.

    Equal to the sum of `day_share` over `counted_days`, computed per run of constant terms
    (`service.segments`) and, within it, per week, month or plan year: each span's counted
    days are its school days less the absences in it.
    """
    window = plan.window(service, since, until)
    if window is None:
        return Fraction(0)
    school = service_school(service, plan.calendar)
    missing = _missing(absent, *window, school)
    owed: dict[int, int] = {}  # divisor -> amount × counted days
    for run_first, run_last, terms in service.segments(*window):
        if terms.minutes is None:
            continue
        for first, last, open_days, divisor in shared_spans(terms, run_first, run_last,
                                                            school, plan.plan.start):
            counted = open_days - _between(missing, first, last) if missing else open_days
            if counted:
                owed[divisor] = owed.get(divisor, 0) + span_amount(terms, divisor) * counted
    return sum((Fraction(total, divisor) for divisor, total in owed.items()), Fraction(0))


def required_minutes(service: Service, plan: Plan, since: date, until: date,
                     absent: Collection[date] = NO_ABSENCES) -> int:
    """Minutes owed over since..until, rounded half-up to whole minutes once."""
    return round_half_up(required_exact(service, plan, since, until, absent))


def spread_share(service: Service, plan: Plan, first: date, last: date, minutes: int,
                 since: date, until: date, absent: Collection[date] = NO_ABSENCES) -> Fraction:
    """The part of `minutes` logged for first..last that falls in since..until, exactly.

    A service log may cover a range ("240 minutes, 1–30 Sep"). Its minutes are spread over
    the range the way the minutes were owed: each counted day weighs its share of the
    required minutes (`day_share`; absences and days outside the plan's or the service's
    dates weigh nothing), so a week of four school days carries as much as a week of five,
    and days after a change to 3 × 30 a week carry more than days under 2 × 30. When no day
    of the range owes anything (the child absent throughout, a range outside the service's
    dates), every school day of the range weighs the same; with no school day either, every
    calendar day. The parts of a range split into periods add up to `minutes` exactly.
    """
    if last < first:
        return Fraction(0)
    part_first, part_last = max(first, since), min(last, until)
    if part_last < part_first:
        return Fraction(0)
    whole = required_exact(service, plan, first, last, absent)
    if whole:
        return minutes * required_exact(service, plan, part_first, part_last, absent) / whole
    school = service_school(service, plan.calendar)
    days_open = school.count(first, last)
    if days_open:
        return Fraction(minutes * school.count(part_first, part_last), days_open)
    return Fraction(minutes * ((part_last - part_first).days + 1), (last - first).days + 1)
