"""School days: which dates the school is open, counted fast, and the clocks that run on them.

Pure: a plan's `Calendar` and dates in, dates and counts out. Nothing here reads the clock.

A **school day** is a date whose weekday is one of the calendar's `school_days` and which is in
no `no_school` date or range. A **week** runs Monday to Sunday; a **month** is a calendar month.

Counting is arithmetic, not a walk over the days: the weekdays of a range are whole weeks times
the school days per week plus the few days left over, less the school weekdays of each
no-school range that overlaps it. So a school year is counted in microseconds, and a service
with minutes can ask "how many school days does this week have?" once per week, not per day.

The clocks (`allowed_school_days`, `reply_deadline`, `school_days_after`) turn an interval the
plan states in calendar days (`reply_within = "3d"`) into school days, so a break does not
make every email overdue and a Friday email is not late on Monday. See docs/school-days.md.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from iepcheck.dates import WEEKDAYS

if TYPE_CHECKING:
    from iepcheck.plan.model import Calendar

ONE_DAY = timedelta(days=1)


def weekday_count(first: date, last: date, weekdays: frozenset[int]) -> int:
    """Days in first..last (inclusive) whose `weekday()` is in `weekdays`; 0 if last < first."""
    length = (last - first).days + 1
    if length <= 0:
        return 0
    weeks, rest = divmod(length, 7)
    start = first.weekday()
    return weeks * len(weekdays) + sum(1 for k in range(rest) if (start + k) % 7 in weekdays)


def _merged(ranges: tuple[tuple[date, date], ...]) -> tuple[tuple[date, date], ...]:
    """No-school ranges sorted, with overlapping and touching ranges joined into one."""
    merged: list[tuple[date, date]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return tuple(merged)


class SchoolCalendar:
    """A plan's calendar made ready for counting (built once per calendar, then cached)."""

    __slots__ = ("_ends", "_spans", "_starts", "closed", "weekdays")

    def __init__(self, school_days: tuple[str, ...],
                 no_school: tuple[tuple[date, date], ...]) -> None:
        self.weekdays = frozenset(WEEKDAYS.index(d) for d in school_days)
        self.closed = _merged(no_school)
        self._starts = [first for first, _ in self.closed]
        self._ends = [last for _, last in self.closed]
        self._spans: dict[tuple[date, date], int] = {}

    def closed_range(self, day: date) -> tuple[date, date] | None:
        """The merged no-school range holding `day`, if any."""
        index = bisect_right(self._starts, day) - 1
        if index >= 0 and day <= self._ends[index]:
            return self.closed[index]
        return None

    def is_open(self, day: date) -> bool:
        return day.weekday() in self.weekdays and self.closed_range(day) is None

    def count(self, first: date, last: date) -> int:
        """School days in first..last, both included; 0 for an empty range."""
        total = weekday_count(first, last, self.weekdays)
        if total == 0:
            return 0
        index = bisect_left(self._ends, first)  # the first range ending on or after `first`
        while index < len(self.closed) and self._starts[index] <= last:
            closed_first, closed_last = self.closed[index]
            total -= weekday_count(max(first, closed_first), min(last, closed_last),
                                   self.weekdays)
            index += 1
        return total

    def span_count(self, first: date, last: date) -> int:
        """`count` for a whole week or month, remembered: every report asks for the same ones."""
        key = (first, last)
        found = self._spans.get(key)
        if found is None:
            found = self._spans[key] = self.count(first, last)
        return found

    def open_days(self, first: date, last: date) -> Iterator[date]:
        """The school days in first..last, in order; a no-school range is stepped over whole."""
        day = first
        while day <= last:
            closed = self.closed_range(day)
            if closed is not None:
                if closed[1] >= last:
                    return
                day = closed[1] + ONE_DAY
                continue
            if day.weekday() in self.weekdays:
                yield day
            if day == date.max:
                return
            day += ONE_DAY

    def nth_after(self, day: date, n: int) -> date:
        """The date of the nth school day strictly after `day` (n ≥ 1)."""
        for found, school_day in enumerate(self.open_days(day + ONE_DAY, date.max), start=1):
            if found == n:
                return school_day
        return date.max  # a calendar closed for ever: no deadline ever passes


@lru_cache(maxsize=64)
def _school_calendar(school_days: tuple[str, ...],
                     no_school: tuple[tuple[date, date], ...]) -> SchoolCalendar:
    return SchoolCalendar(school_days, no_school)


def school_calendar(calendar: Calendar) -> SchoolCalendar:
    """The counting form of a plan's calendar, built once per distinct calendar."""
    return _school_calendar(tuple(calendar.school_days), tuple(calendar.no_school))


def week_of(day: date) -> tuple[date, date]:
    """The Monday and Sunday of the week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def month_of(day: date) -> tuple[date, date]:
    """The first and last day of the month holding `day`."""
    if day.month == 12:
        return day.replace(day=1), day.replace(day=31)
    return day.replace(day=1), day.replace(month=day.month + 1, day=1) - ONE_DAY


def plan_year_of(plan_start: date, day: date) -> tuple[date, date]:
    """The plan year holding `day`: from the anniversary of the plan's start on or before it
    to the day before the next one (a `per = "year"` amount is shared by its school days)."""
    years = day.year - plan_start.year
    if _anniversary(plan_start, years) > day:
        years -= 1
    return _anniversary(plan_start, years), _anniversary(plan_start, years + 1) - ONE_DAY


def _anniversary(start: date, years: int) -> date:
    """`start` moved by whole years; 29 February becomes 28 February in other years."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def esy_calendar(calendar: Calendar, first: date, last: date) -> SchoolCalendar:
    """The days an extended-school-year service runs on: the calendar's school weekdays. A
    day off that lies wholly within first..last (16 July) or wholly outside it (5 July, before
    the first ESY day) is still a day off; a break that holds ESY days and reaches outside
    them (the summer break) is not (docs/minutes.md)."""
    kept = tuple((a, b) for a, b in calendar.no_school
                 if (first <= a and b <= last) or b < first or a > last)
    return _school_calendar(tuple(calendar.school_days), kept)


def is_school_day(calendar: Calendar, day: date) -> bool:
    return school_calendar(calendar).is_open(day)


def count_school_days(calendar: Calendar, first: date, last: date) -> int:
    """How many school days first..last holds, both ends included."""
    return school_calendar(calendar).count(first, last)


def school_days_in(calendar: Calendar, first: date, last: date) -> tuple[date, ...]:
    """The school days of first..last, both ends included, in order."""
    return tuple(school_calendar(calendar).open_days(first, last))


def school_days_after(calendar: Calendar, first: date, last: date) -> int:
    """School days strictly after `first`, up to and including `last` (0 if none).

    The age of something in school days: an email sent on Friday is 0 school days old on the
    weekend and 1 on Monday evening.
    """
    if last <= first:
        return 0
    return school_calendar(calendar).count(first + ONE_DAY, last)


def allowed_school_days(interval_days: int, calendar: Calendar) -> int:
    """A plan's interval in calendar days as school days: ceil(L × school days a week ÷ 7).

    On a Mon–Fri calendar 7d is 5 school days, 14d is 10 and 3d is 3 (never rounded down to
    fewer than the days the parent allowed would hold on average).
    """
    return math.ceil(interval_days * len(calendar.school_days) / 7)


def reply_deadline(calendar: Calendar, sent_day: date, interval_days: int) -> date:
    """The last day on which a reply is still in time: the Nth school day after `sent_day`.

    N is `allowed_school_days(interval_days)`: the day the email was sent does not count, its
    end starts the clock, and a reply dated on or before the returned date is in time.
    """
    allowed = allowed_school_days(interval_days, calendar)
    return school_calendar(calendar).nth_after(sent_day, allowed)


def last_school_day_of_week(calendar: Calendar, day: date) -> date | None:
    """The last school day of the Mon–Sun week holding `day`; None for a week with none.

    Where a weekly check-in falls: a Friday holiday moves it to Thursday, and a week-long
    break has none.
    """
    monday, _ = week_of(day)
    school = school_calendar(calendar)
    for offset in range(6, -1, -1):
        candidate = monday + timedelta(days=offset)
        if school.is_open(candidate):
            return candidate
    return None
