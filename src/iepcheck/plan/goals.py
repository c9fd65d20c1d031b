"""The plan's annual goals (`[[goals]]`, docs/goals.md): a measure, a baseline and a target,
each a finite number on a date.

Pure. Goals are not items: no finding, no minutes; the log measures them (`values`) and
`evidence/goals.py` says whether the child is getting closer. `check_goals` holds the rules that need
the whole plan (services named, target dates).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import model_validator

from iepcheck.plan.fields import Note, PlanDate, Slug, Table, Text, Value

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import date


class GoalPoint(Table):
    """A value on a day: the goal's baseline."""

    value: Value
    date: PlanDate


class GoalTarget(Table):
    """The value the goal aims at, and by when (the plan's end when not given)."""

    value: Value
    date: PlanDate | None = None


class Goal(Table):
    """An annual goal: a measure, where the child started and where the plan aims.

    `direction` says which way is better: "up" (words correct per minute) or "down"
    (incidents per week). The target lies that way from the baseline, never equal to it:
    otherwise no line runs from one to the other.
    """

    kind: ClassVar[str] = "goal"
    id: Slug
    area: Text
    statement: Text
    measure: Text
    baseline: GoalPoint
    target: GoalTarget
    services: tuple[Slug, ...] = ()
    direction: Literal["up", "down"] = "up"
    notes: Note | None = None

    @property
    def name(self) -> str:
        """What people read for the goal: its statement."""
        return self.statement

    @model_validator(mode="after")
    def _target_lies_ahead(self) -> Goal:
        start, aim = self.baseline.value, self.target.value
        if aim == start:
            raise ValueError(f"target.value equals baseline.value ({start:g}); a goal moves "
                             "from its baseline towards a different target")
        if (aim > start) != (self.direction == "up"):
            way = "above" if aim > start else "below"
            hint = "up" if aim > start else "down"
            raise ValueError(f"target.value ({aim:g}) is {way} baseline.value ({start:g}) but "
                             f"direction is \"{self.direction}\"; set direction = \"{hint}\" "
                             "or check the values")
        return self


def check_goals(goals: Sequence[Goal], service_ids: set[str], terms: tuple[date, date],
                target_date: Callable[[Goal], date]) -> None:
    """Each goal's services exist, its target falls within the plan's dates (`terms`: first
    and last day) and after its baseline (which may predate the plan: present levels are
    measured before it is written). Given plain values, not the plan, which builds on this."""
    start, end = terms
    for index, goal in enumerate(goals, start=1):
        where = f"goals[{index}]"
        for service_id in goal.services:
            if service_id not in service_ids:
                choices = ", ".join(sorted(service_ids)) or "none yet"
                raise ValueError(f"{where}.services: '{service_id}' is not a service id in the "
                                 f"plan (services: {choices})")
        due = target_date(goal)
        said = "target.date" if goal.target.date else "target.date (the plan's end)"
        if not start <= due <= end:
            raise ValueError(f"{where}.{said}: {due} is outside the plan's dates ({start} "
                             f"to {end}); a goal's target falls within them")
        if due <= goal.baseline.date:
            raise ValueError(f"{where}.{said}: {due} is not after baseline.date "
                             f"({goal.baseline.date}); the target comes after the baseline")
