"""School years within a plan: when a new one starts (docs/school-years.md).

A plan runs a year from its meeting, so it often spans two school years: staff change over the
summer, and what the last teacher was told does not reach the new one. A new school year
starts on `[calendar] year_start` when the plan gives it; otherwise on the first school day
after a break of `SUMMER_BREAK_DAYS` or more in `no_school` (a summer, never a winter break).
The plan's own start is the start of its first school year.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iepcheck.plan.model import Plan

#: A break this long (calendar days) is a summer: the school year after it is a new one.
SUMMER_BREAK_DAYS = 35


def year_starts(plan: Plan) -> tuple[date, ...]:
    """The plan's start, then each new school year's first day within the plan, in order."""
    terms, calendar = plan.plan, plan.calendar
    if calendar.year_start is not None:
        later = [calendar.year_start] if terms.start < calendar.year_start <= terms.end else []
    else:
        later = [_first_school_day(plan, last + timedelta(days=1))
                 for first, last in calendar.no_school
                 if (last - first).days + 1 >= SUMMER_BREAK_DAYS]
    return (terms.start, *sorted(d for d in set(later) if terms.start < d <= terms.end))


def year_start_on(plan: Plan, day: date) -> date:
    """The first day of the school year that holds `day` (the plan's start before any)."""
    return max((d for d in year_starts(plan) if d <= day), default=plan.plan.start)


def _first_school_day(plan: Plan, day: date) -> date:
    from iepcheck.plan.school_days import is_school_day

    for _ in range(366):
        if is_school_day(plan.calendar, day):
            return day
        day += timedelta(days=1)
    return day
