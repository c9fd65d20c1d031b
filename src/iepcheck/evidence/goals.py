"""Annual goals: is the child getting closer to the plan's targets? (docs/goals.md)

Pure: the plan, the log's entries and a day in; each goal's progress out. No clock, no files.

The rules, tested at their boundaries in `tests/test_goals.py`:
- A **measurement** is a value an entry gives a goal (`values`), from an entry that stands
  (not retracted, not itself a retraction), dated on or after the goal's baseline date and on
  or before the day asked about. The **latest** is the one with the latest date; on the same
  date, the later entry (the log keeps the order things were written down).
- The **expected** value on a day lies on the straight line from the baseline (value, date)
  to the target (value, date): `baseline + (target − baseline) × days since baseline ÷ days
  from baseline to target`, and the target itself from the target date on.
- The measurement **of record** is the latest from a `progress-report` entry when the goal has
  one (the school's own report), else the latest of any kind; a newer measurement from
  another source (a parent's probe) is shown beside it as `newer`, never the verdict.
- The **verdict** (of the measurement of record), first that applies: `no-data` (no measurement since the baseline),
  `met` (the latest value has reached the target: at or above it for a goal whose direction is
  up, at or below it for down), `behind` (the latest value is below the expected value on its
  date by more than a tenth of the distance from baseline to target; above it, for down),
  `on-track`. The arithmetic is exact (values are read as the decimals they were written as),
  so a value exactly a tenth below the line is on-track; figures shown are rounded to 2 decimals.
- At **progress reports**: a goal's report at a plan date is the latest measurement from a
  `progress-report` entry dated on or after that date and before the next one. A report is
  outstanding until every goal (baseline on or before the date, target on or after it) has a
  progress-report measurement dated on or after it. A goal whose two latest reports in a row
  are both `behind` is flagged for a meeting request; a newer report that is not behind clears
  the flag, an unreported one does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from iepcheck.language.messages import N_, _

if TYPE_CHECKING:
    from collections.abc import Sequence

    from iepcheck.plan.model import Goal, Plan
    from iepcheck.record.entries import Observation

#: How far below the line (as a share of the distance from baseline to target) is `behind`.
BEHIND_SHARE = Fraction(1, 10)
#: The kind of entry that is a school's progress report.
PROGRESS_REPORT = "progress-report"


class Verdict(StrEnum):
    """Where a goal stands; members in the order a report lists them (most urgent first)."""

    behind = "behind"
    no_data = "no-data"
    on_track = "on-track"
    met = "met"

    @property
    def meaning(self) -> str:
        return _(_MEANINGS[self])


_MEANINGS = {
    Verdict.behind: N_("the latest value is further from the target than the straight line "
                       "from baseline to target expects by its date, by more than a tenth of "
                       "the way"),
    Verdict.no_data: N_("no measurement logged since the baseline"),
    Verdict.on_track: N_("the latest value is on, above or within a tenth of the way of the "
                         "straight line from baseline to target"),
    Verdict.met: N_("the latest value has reached the target"),
}


@dataclass(frozen=True, slots=True)
class Measurement:
    """One value an entry gives a goal, and where it came from."""

    value: int | float
    date: date
    entry: int
    kind: str
    who: str | None
    author: str = "owner"  # whose log the entry is in: its reference is `dad#3` (authors.md)


@dataclass(frozen=True, slots=True)
class GoalProgress:
    """A goal as the log shows it on a day."""

    goal: Goal
    target_date: date
    measurements: tuple[Measurement, ...]  # since the baseline, oldest first
    latest: Measurement | None  # of record: the latest progress report, else the latest of any
    expected: float | None  # on the latest measurement's date, rounded to 2 decimals
    verdict: Verdict
    #: A measurement newer than the one of record from another source (a parent's probe
    #: after the school's latest progress report): shown beside it, never the verdict.
    newer: Measurement | None = None

    def as_json(self) -> dict[str, Any]:
        """The `goals` entry of `report --format json` (docs/json.md)."""
        goal, latest = self.goal, self.latest
        return {
            "id": goal.id, "area": goal.area, "statement": goal.statement,
            "measure": goal.measure, "direction": goal.direction,
            "baseline": {"value": goal.baseline.value, "date": goal.baseline.date.isoformat()},
            "target": {"value": goal.target.value, "date": self.target_date.isoformat()},
            "latest": None if latest is None else {
                "value": latest.value, "date": latest.date.isoformat(), "entry": latest.entry,
                "kind": latest.kind, "who": latest.who},
            "expected": self.expected,
            "verdict": self.verdict.value,
            "newer": None if self.newer is None else {
                "value": self.newer.value, "date": self.newer.date.isoformat(),
                "entry": self.newer.entry, "kind": self.newer.kind, "who": self.newer.who},
        }


def exact(value: float) -> Fraction:
    """A value as the decimal it was written as (62.1 is 621/10, not the nearest binary)."""
    return Fraction(value) if isinstance(value, int) else Fraction(repr(value))


def expected_on(goal: Goal, target_date: date, day: date) -> Fraction:
    """The value on the straight line from baseline to target on `day` (the target after its
    date, the baseline before its own)."""
    start, aim = exact(goal.baseline.value), exact(goal.target.value)
    if day >= target_date:
        return aim
    if day <= goal.baseline.date:
        return start
    share = Fraction((day - goal.baseline.date).days, (target_date - goal.baseline.date).days)
    return start + (aim - start) * share


def verdict_of(goal: Goal, target_date: date, measurement: Measurement | None) -> Verdict:
    """The first verdict that applies (module docstring)."""
    if measurement is None:
        return Verdict.no_data
    value, aim = exact(measurement.value), exact(goal.target.value)
    sign = 1 if goal.direction == "up" else -1  # "down" is "up" mirrored
    if sign * value >= sign * aim:
        return Verdict.met
    slack = BEHIND_SHARE * abs(aim - exact(goal.baseline.value))
    if sign * (expected_on(goal, target_date, measurement.date) - value) > slack:
        return Verdict.behind
    return Verdict.on_track


def measurements(plan: Plan, entries: Sequence[Observation], until: date,
                 kind: str | None = None) -> dict[str, list[Measurement]]:
    """Every goal's measurements since its baseline up to `until`, oldest first (one pass);
    only from entries of `kind` when given."""
    from iepcheck.record.entries import live_entries

    found: dict[str, list[Measurement]] = {g.id: [] for g in plan.goals}
    since = {g.id: g.baseline.date for g in plan.goals}
    for entry in live_entries(entries):
        if not entry.values:
            continue
        if entry.date > until or (kind is not None and entry.kind != kind):
            continue
        for goal_id, value in entry.values.items():
            if goal_id in found and entry.date >= since[goal_id]:
                found[goal_id].append(Measurement(value, entry.date, entry.n, entry.kind,
                                                  entry.who, entry.author))
    for listed in found.values():
        listed.sort(key=lambda m: (m.date, m.entry))
    return found


def assess_goals(plan: Plan, entries: Sequence[Observation], until: date) -> tuple[GoalProgress, ...]:
    """Every goal's progress as the log stands on `until`, in plan order."""
    measured = measurements(plan, entries, until)
    return tuple(progress(plan, goal, measured[goal.id]) for goal in plan.goals)


def progress(plan: Plan, goal: Goal, measured: Sequence[Measurement]) -> GoalProgress:
    """The verdict of record is the school's latest progress report when there is one: a
    parent's one-minute probe after it is shown beside it, but does not turn "behind" into
    "on-track" (or back). Without a progress report, the latest measurement of any kind."""
    target_date = plan.target_date(goal)
    reports = [m for m in measured if m.kind == PROGRESS_REPORT]
    newest = measured[-1] if measured else None
    latest = reports[-1] if reports else newest
    expected = (None if latest is None
                else round(float(expected_on(goal, target_date, latest.date)), 2))
    return GoalProgress(goal, target_date, tuple(measured), latest, expected,
                        verdict_of(goal, target_date, latest),
                        newer=newest if newest is not latest else None)


@dataclass(frozen=True, slots=True)
class ReportDue:
    """A progress report whose date has passed with goals it has not measured yet."""

    date: date
    goals: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Reported:
    """A goal at one progress report: what the report measured and its verdict then."""

    date: date  # the plan's progress report date
    measurement: Measurement
    expected: float
    verdict: Verdict


@dataclass(frozen=True, slots=True)
class MeetingRequest:
    """A goal behind at two progress reports in a row."""

    goal: str
    reports: tuple[Reported, Reported]


def reports_due(plan: Plan, entries: Sequence[Observation], as_of: date) -> list[ReportDue]:
    """Progress report dates up to `as_of` with a goal not measured by a progress report
    dated on or after them (up to `as_of`)."""
    reported = measurements(plan, entries, as_of, kind=PROGRESS_REPORT)
    due = []
    for day in plan.plan.progress_reports:
        if day > as_of:
            continue
        missing = tuple(g.id for g in plan.goals if _owed(plan, g, day)
                        and not any(m.date >= day for m in reported[g.id]))
        if missing:
            due.append(ReportDue(day, missing))
    return due


def _owed(plan: Plan, goal: Goal, day: date) -> bool:
    """A progress report on `day` measures the goal: it has started and its target is not past."""
    return goal.baseline.date <= day <= plan.target_date(goal)


def at_reports(plan: Plan, goal: Goal, reported: Sequence[Measurement],
               as_of: date) -> list[Reported | None]:
    """The goal at each progress report date up to `as_of` that measures it, in date order:
    the latest progress-report measurement from that date until the next, or None."""
    days = sorted(d for d in plan.plan.progress_reports if d <= as_of and _owed(plan, goal, d))
    target_date = plan.target_date(goal)
    found: list[Reported | None] = []
    for index, day in enumerate(days):
        following = days[index + 1] if index + 1 < len(days) else date.max
        inside = [m for m in reported if day <= m.date < following]
        if not inside:
            found.append(None)
            continue
        last = inside[-1]
        expected = round(float(expected_on(goal, target_date, last.date)), 2)
        found.append(Reported(day, last, expected, verdict_of(goal, target_date, last)))
    return found


def meeting_requests(plan: Plan, entries: Sequence[Observation],
                     as_of: date) -> list[MeetingRequest]:
    """Goals whose two latest progress reports in a row were both `behind`."""
    reported = measurements(plan, entries, as_of, kind=PROGRESS_REPORT)
    flagged = []
    for goal in plan.goals:
        reports = at_reports(plan, goal, reported[goal.id], as_of)
        measured = [i for i, r in enumerate(reports) if r is not None]
        if not measured or measured[-1] == 0:
            continue
        latest, before = reports[measured[-1]], reports[measured[-1] - 1]
        if (latest is not None and before is not None
                and latest.verdict is Verdict.behind and before.verdict is Verdict.behind):
            flagged.append(MeetingRequest(goal.id, (before, latest)))
    return flagged
