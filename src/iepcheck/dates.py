"""Dates as people type them, and the plan's intervals.

Pure: the caller passes `today`; nothing here reads the clock.

Every date iepcheck accepts, typed or in the plan, has a year from FIRST_YEAR to LAST_YEAR:
far wider than any plan, and far enough from Python's year 1 and 9999 that no sum of a date
and an interval (a plan's span, a week, '99999d ago') can overflow.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from iepcheck.errors import UserError
from iepcheck.language.messages import N_, _, p_

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_NAMES = {
    name: i
    for i, full in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
    for name in (full, full[:3])
}
_AGO = re.compile(r"^(\d{1,5})\s*d(?:ays?)?\s+ago$")
_INTERVAL = re.compile(r"^([1-9]\d{0,4})([dw])$")
DATE_HELP = N_("YYYY-MM-DD, today, yesterday, a weekday name or 'Nd ago'")
#: The minutes in one day: no session, and no day of sessions, is longer (the one bound the
#: plan's minutes and the log's minutes share).
MINUTES_PER_DAY = 24 * 60
FIRST_YEAR = 1900
LAST_YEAR = 2200


def parse_date(text: str, *, today: date, option: str = "date") -> date:
    """Read a date the way a parent types it.

    A weekday name means the latest such day, today included ("monday" on a Monday is today),
    because observations are recorded after the fact. The year must be FIRST_YEAR..LAST_YEAR.
    """
    try:
        day = _read_date(text, today=today, option=option)
    except OverflowError:
        day = None
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        shown = day.isoformat() if day else f"'{text}'"
        raise UserError(_("{option}: {shown} is outside the years {first}-{last}; check the "
                          "year").format(option=option, shown=shown, first=FIRST_YEAR,
                                         last=LAST_YEAR))
    return day


def _read_date(text: str, *, today: date, option: str) -> date:
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if word in _WEEKDAY_NAMES:
        return today - timedelta(days=(today.weekday() - _WEEKDAY_NAMES[word]) % 7)
    if match := _AGO.match(word):
        return today - timedelta(days=int(match.group(1)))
    try:
        return date.fromisoformat(word) if len(word) == 10 else _bad_date(text, option)
    except ValueError:
        return _bad_date(text, option)


def _bad_date(text: str, option: str) -> date:
    raise UserError(_("{option}: '{text}' is not a date; use {forms}").format(
        option=option, text=text, forms=_(DATE_HELP)))


def parse_past_date(text: str, *, today: date, option: str = "--date") -> date:
    """An observation's date: never after today, since nothing can be observed in advance."""
    day = parse_date(text, today=today, option=option)
    if day > today:
        raise UserError(f"{option}: {day.isoformat()} is in the future (today is {today}); "
                        "record what happened on or before today")
    return day


def parse_interval(text: str, *, where: str = "interval") -> int:
    """`7d` or `2w` as a number of days."""
    match = _INTERVAL.match(text.strip().lower())
    if not match:
        raise UserError(f"{where}: '{text}' is not an interval; use a number of days or weeks "
                        "such as 7d or 2w")
    count = int(match.group(1))
    return count * 7 if match.group(2) == "w" else count


def parse_date_range(text: str) -> tuple[date, date]:
    """`2026-11-23..2026-11-27` (inclusive) or a single ISO date, as a (first, last) pair."""
    first, sep, last = text.partition("..")
    start = date.fromisoformat(first.strip())
    end = date.fromisoformat(last.strip()) if sep else start
    if end < start:
        raise ValueError(f"the range {text} ends before it starts")
    return start, end


def days(first: date, last: date) -> Iterator[date]:
    """Every day from first to last inclusive."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


#: Month and weekday names, in full ("November") and as a short date writes them ("Nov"),
#: each a message translated where it is shown; a date's shape is a message too, so each
#: language writes dates its own way, never through `strftime` and the process's locale
#: (docs/languages.md). A long date's month is its own message: English keeps "Nov",
#: Spanish writes "noviembre".
MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
          N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
          N_("December"))
WEEKDAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
                 N_("Saturday"), N_("Sunday"))


def _short_month(day: date) -> str:
    return (
        p_("month in a short date", "Jan"),
        p_("month in a short date", "Feb"),
        p_("month in a short date", "Mar"),
        p_("month in a short date", "Apr"),
        p_("month in a short date", "May"),
        p_("month in a short date", "Jun"),
        p_("month in a short date", "Jul"),
        p_("month in a short date", "Aug"),
        p_("month in a short date", "Sep"),
        p_("month in a short date", "Oct"),
        p_("month in a short date", "Nov"),
        p_("month in a short date", "Dec"))[day.month - 1]


def _long_month(day: date) -> str:
    return (
        p_("month in a long date", "Jan"),
        p_("month in a long date", "Feb"),
        p_("month in a long date", "Mar"),
        p_("month in a long date", "Apr"),
        p_("month in a long date", "May"),
        p_("month in a long date", "Jun"),
        p_("month in a long date", "Jul"),
        p_("month in a long date", "Aug"),
        p_("month in a long date", "Sep"),
        p_("month in a long date", "Oct"),
        p_("month in a long date", "Nov"),
        p_("month in a long date", "Dec"))[day.month - 1]


def _short_weekday(day: date) -> str:
    return (
        p_("weekday in a short date", "Mon"),
        p_("weekday in a short date", "Tue"),
        p_("weekday in a short date", "Wed"),
        p_("weekday in a short date", "Thu"),
        p_("weekday in a short date", "Fri"),
        p_("weekday in a short date", "Sat"),
        p_("weekday in a short date", "Sun"))[day.weekday()]


def month_name(day: date) -> str:
    """'November', 'noviembre'."""
    return _(MONTHS[day.month - 1])


def weekday_name(day: date) -> str:
    """'Friday', 'viernes'."""
    return _(WEEKDAY_NAMES[day.weekday()])


def month_short(day: date) -> str:
    """'Nov', 'nov'."""
    return _short_month(day)


def short(day: date) -> str:
    """'18 Nov' — how a date reads in a sentence to school staff."""
    return p_("date: day and month", "{day} {month}").format(day=day.day,
                                                             month=_short_month(day))


def long(day: date) -> str:
    """'18 Nov 2026'; '18 de noviembre de 2026'."""
    return p_("date: day, month and year", "{day} {month} {year}").format(
        day=day.day, month=_long_month(day), year=day.year)


def compact(day: date) -> str:
    """'18 Nov 2026', '18 nov 2026': a short date with its year, for a chart's tick or a
    narrow column, where a long date in words would not fit."""
    return p_("date: day, short month and year", "{day} {month} {year}").format(
        day=day.day, month=_short_month(day), year=day.year)


def weekday_and_day(day: date) -> str:
    """'Fri 20', 'vie 20': a day of a week already named."""
    return p_("date: weekday and day", "{weekday} {day}").format(
        weekday=_short_weekday(day), day=day.day)


def weekday_short(day: date) -> str:
    """'Fri 20 Nov', 'vie 20 nov'."""
    return p_("date: weekday, day and month", "{weekday} {day} {month}").format(
        weekday=_short_weekday(day), day=day.day, month=_short_month(day))


def with_weekday(day: date) -> str:
    """'Fri 20 Nov 2026', 'vie 20 nov 2026'."""
    return p_("date: weekday, day, month and year", "{weekday} {day} {month} {year}").format(
        weekday=_short_weekday(day), day=day.day, month=_short_month(day), year=day.year)


def full_weekday(day: date) -> str:
    """'Friday 20 Nov 2026', 'viernes 20 de noviembre de 2026'."""
    return p_("date: full weekday, day, month and year", "{weekday} {day} {month} {year}"
              ).format(weekday=weekday_name(day), day=day.day, month=_long_month(day),
                       year=day.year)
