"""The plan's annual goals (`[[goals]]`, docs/goals.md): a measure, a baseline and a target,
each a finite number on a date.

Pure. Goals are not items: no finding, no minutes; the log measures them (`values`) and
`evidence/goals.py` says whether the child is getting closer. `check_goals` holds the rules that need
the whole plan (services named, target dates).
"""

from collections.abc import Callable, Sequence
from datetime import date
from typing import ClassVar, Literal, Self

from pydantic import model_validator

from iepcheck.language.messages import _
from iepcheck.plan.fields import Note, PlanDate, Slug, Table, Text, Value


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
    def _target_lies_ahead(self) -> Self:
        start, aim = self.baseline.value, self.target.value
        if aim == start:
            raise ValueError(_("target.value equals baseline.value ({value}); a goal moves "
                               "from its baseline towards a different target").format(
                                   value=f"{start:g}"))
        if (aim > start) != (self.direction == "up"):
            message = (_("target.value ({aim}) is above baseline.value ({start}) but direction "
                         "is \"{direction}\"; set direction = \"up\" or check the values")
                       if aim > start else
                       _("target.value ({aim}) is below baseline.value ({start}) but direction "
                         "is \"{direction}\"; set direction = \"down\" or check the values"))
            raise ValueError(message.format(aim=f"{aim:g}", start=f"{start:g}",
                                            direction=self.direction))
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
                choices = ", ".join(sorted(service_ids)) or _("none yet")
                raise ValueError(_("{where}.services: '{service_id}' is not a service id in the "
                                   "plan (services: {choices})").format(
                                       where=where, service_id=service_id, choices=choices))
        due = target_date(goal)
        said = "target.date" if goal.target.date else _("target.date (the plan's end)")
        if not start <= due <= end:
            raise ValueError(_("{where}.{said}: {due} is outside the plan's dates ({start} to "
                               "{end}); a goal's target falls within them").format(
                                   where=where, said=said, due=due, start=start, end=end))
        if due <= goal.baseline.date:
            raise ValueError(_("{where}.{said}: {due} is not after baseline.date ({baseline}); "
                               "the target comes after the baseline").format(
                                   where=where, said=said, due=due,
                                   baseline=goal.baseline.date))
