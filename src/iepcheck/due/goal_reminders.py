"""Reminders about the annual goals (docs/goals.md, rules in `evidence/goals.py`): a progress report
date that has passed is listed until every goal has a measurement from a `progress-report`
dated on or after it; a goal behind at its two latest progress reports in a row is listed for
a meeting request.

Pure: the plan, the log's entries and the day in; the things to ask for out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from iepcheck.due.contacts import case_manager
from iepcheck.language.messages import _

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from iepcheck.plan.model import Plan
    from iepcheck.record.entries import Observation


@dataclass(frozen=True)
class ProgressReportDue:
    """A progress report date that has passed without a measurement of these goals."""

    date: date
    goals: tuple[str, ...]
    ask: str | None  # staff id of the case manager
    next_step: str


@dataclass(frozen=True)
class GoalMeeting:
    """A goal behind at two progress reports in a row: ask for a meeting."""

    goal: str
    reports: tuple[Any, ...]  # goals.Reported, oldest first
    next_step: str


def reported_json(reported: Any) -> dict[str, Any]:
    """A goal at one progress report, for `due --format json`."""
    measured = reported.measurement
    return {"date": reported.date.isoformat(), "value": measured.value,
            "measured_on": measured.date.isoformat(), "entry": measured.entry,
            "expected": reported.expected, "verdict": reported.verdict.value}


def progress_reports_due(plan: Plan, entries: Sequence[Observation],
                         as_of: date) -> list[ProgressReportDue]:
    """Progress reports whose date has passed with goals they have not yet measured."""
    from iepcheck.dates import long
    from iepcheck.evidence.goals import reports_due

    manager = case_manager(plan)
    person = manager.name if manager else _("the school")
    return [ProgressReportDue(r.date, r.goals, manager.id if manager else None,
                              _("Ask {person} for the progress report of {day}: no measurement "
                                "of {goals} logged from it yet").format(
                                  person=person, day=long(r.date), goals=", ".join(r.goals)))
            for r in reports_due(plan, entries, as_of)]


def goal_meetings(plan: Plan, entries: Sequence[Observation], as_of: date) -> list[GoalMeeting]:
    """Goals behind at two progress reports in a row, with the request to make."""
    from iepcheck.dates import long
    from iepcheck.evidence.goals import meeting_requests

    requests = meeting_requests(plan, entries, as_of)
    if not requests:
        return []  # the usual case: the recording factory is not loaded for nothing
    from iepcheck.record.drafts import number_text

    manager = case_manager(plan)
    person = manager.name if manager else _("the school")
    found = []
    for request in requests:
        goal = plan.goal(request.goal)
        measure = goal.measure if goal else ""
        at = _and([_("{day} ({value} {measure}, expected {expected})").format(
            day=long(r.date), value=number_text(r.measurement.value), measure=measure,
            expected=number_text(r.expected)) for r in request.reports])
        found.append(GoalMeeting(request.goal, request.reports,
                                 _("Write to {person} requesting an IEP meeting: {goal} was "
                                   "behind at the progress reports of {reports}").format(
                                     person=person, goal=request.goal, reports=at)))
    return found


def _and(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c', in the reader's language."""
    if len(parts) < 2:
        return "".join(parts)
    return _("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])
