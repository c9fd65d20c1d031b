"""Service minutes week by week: the report's figures as they built up over the period.

Pure: the plan, the log's entries and a period in; one series per service with minutes out.
The report says how many minutes were owed, delivered and missed over the whole period; a
chart of the running totals shows *when* the gap opened. Every point is computed by the
report's own rules, so the last point of a series is the report's figure exactly:

- the weeks run Monday to Sunday (the weeks `evidence/minutes.py` shares a weekly amount over), the
  first and last cut at the period's ends;
- **required** is the running sum of each week's exact required minutes
  (`schedule.required_exact`, with the child's absences over the whole period), rounded half
  up once per point, as the report rounds once for the period;
- **delivered** and **missed** are the running sums of each week's tally
  (`evidence.tally_entries` over that week's entries: the same rules for retractions, the
  item's window and which findings count), an entry counting in the week of its date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING

from iepcheck.evidence.minutes import required_exact, round_half_up
from iepcheck.evidence.tally import Period, Tally, tally_entries
from iepcheck.record.entries import live_entries

if TYPE_CHECKING:
    from iepcheck.plan.model import Plan, Service
    from iepcheck.record.entries import Observation



@dataclass(frozen=True, slots=True)
class WeekPoint:
    """Running totals at the end of one week of the period (`until`: its Sunday, or the
    period's last day)."""

    first: date
    until: date
    required: int
    delivered: int
    missed: int


@dataclass(frozen=True, slots=True)
class ServiceSeries:
    """One service's running totals, week by week over the period."""

    item_id: str
    name: str
    since: date
    points: tuple[WeekPoint, ...]

    @property
    def last(self) -> WeekPoint:
        return self.points[-1]


def weeks_of(period: Period) -> list[tuple[date, date]]:
    """The period cut into Monday-to-Sunday weeks, the first and last cut at its ends."""
    weeks = []
    first = period.since
    while first <= period.until:
        sunday = first + timedelta(days=6 - first.weekday())
        weeks.append((first, min(sunday, period.until)))
        first = sunday + timedelta(days=1)
    return weeks


def weekly_minutes(plan: Plan, entries: list[Observation],
                   period: Period) -> tuple[ServiceSeries, ...]:
    """Running required, delivered and missed minutes per week for each service with minutes
    that is in effect on some day of the period, in plan order."""
    services = [s for s in plan.services
                if s.is_timed and plan.window(s, period.since, period.until) is not None]
    if not services:
        return ()
    whole = tally_entries(plan, entries, period)
    weeks = weeks_of(period)
    tallies = [tally_entries(plan, bucket, Period(first, last))
               for (first, last), bucket in zip(weeks, _by_week(entries, period, weeks))]
    return tuple(_series(service, plan, whole, weeks, tallies, period) for service in services)


def _by_week(entries: list[Observation], period: Period,
             weeks: list[tuple[date, date]]) -> list[list[Observation]]:
    """The entries that still stand, dated in the period, each in the bucket of its week.

    Retractions are applied here, over the whole log, because a retraction may be recorded
    in a later week than the entry it withdraws."""
    monday = weeks[0][0] - timedelta(days=weeks[0][0].weekday())
    buckets: list[list[Observation]] = [[] for _ in weeks]
    for entry in live_entries(entries):
        if period.since <= entry.date <= period.until:
            buckets[(entry.date - monday).days // 7].append(entry)
    return buckets


def _series(service: Service, plan: Plan, whole: Tally, weeks: list[tuple[date, date]],
            tallies: list[Tally], period: Period) -> ServiceSeries:
    absent = whole.absent_all | whole.items[service.id].absent
    required = Fraction(0)
    delivered = missed = 0
    points = []
    for (first, last), tally in zip(weeks, tallies):
        required += required_exact(service, plan, first, last, absent)
        counts = tally.items[service.id]
        delivered += counts.delivered
        missed += counts.missed
        points.append(WeekPoint(first, last, round_half_up(required), delivered, missed))
    return ServiceSeries(service.id, service.name, period.since, tuple(points))


def bar(delivered: int, required: int, width: int = 12, *, full: str = "█",
        empty: str = "░") -> str:
    """Delivered as a share of required in `width` cells, rounded down (a bar is never fuller
    than the record): 450 of 756 in 12 cells is 7 full cells. More than required fills it."""
    if required <= 0:
        filled = width if delivered > 0 else 0
    else:
        filled = min(width, delivered * width // required)
    return full * filled + empty * (width - filled)
