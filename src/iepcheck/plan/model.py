"""The plan: the student, the plan's dates, the staff, every service and accommodation.

Models only, with the rules of docs/plan-format.md. Reading and appending the TOML file lives in
`store/plan_file.py`; this module never touches the disk. What each field may hold (text without
control characters, dates and numbers within bounds) is in `plan/fields.py`; an item's dated
changes in `plan/changes.py`; the annual goals in `plan/goals.py`. Their public names are
importable from here too.

An item may carry dated **changes**: `item.terms_on(day)` is the item as it stands that day
and `item.segments(first, last)` the runs of days with constant terms, so every rule that
depends on the terms reads the terms in effect on the day it looks at.
"""

import functools
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Annotated, ClassVar, Literal, Self

from pydantic import (
    BeforeValidator,
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    field_validator,
    model_validator,
)

from iepcheck.dates import WEEKDAYS, parse_date_range
from iepcheck.errors import UserError, did_you_mean
from iepcheck.language.messages import _
from iepcheck.plan.changes import (
    AccommodationChange,
    Per,
    ServiceChange,
    check_changes,
    versions_of,
)
from iepcheck.plan.fields import (
    MAX_MINUTES,
    MAX_TIMES,
    MAX_VALUE,
    PLAN_ID,
    SLUG,
    CycleDays,
    Email,
    FreeText,
    GroupSize,
    Interval,
    Minutes,
    Note,
    PlanDate,
    PlanId,
    Positive,
    Slug,
    Table,
    Text,
    Times,
    Value,
    YearMinutes,
    in_bounds,
    unknown_staff,
)
from iepcheck.plan.goals import Goal, GoalPoint, GoalTarget, check_goals

#: Names defined in plan_fields, plan_changes and plan_goals that other modules import from here.
__all__ = [
    "MAX_MINUTES", "MAX_TIMES", "MAX_VALUE", "PLAN_ID", "SLUG", "Accommodation",
    "AccommodationChange", "Calendar", "Email", "FreeText", "Goal", "GoalPoint", "GoalTarget",
    "Interval", "Item", "Minutes", "Note", "Parent", "Plan", "PlanDate", "PlanId", "PlanTerms",
    "Positive", "Service", "ServiceChange", "Slug", "Staff", "Student", "Text", "Times", "Value",
    "check_new_goal", "unknown_staff",
]


class Student(Table):
    name: Text
    school: FreeText | None = None
    grade: FreeText | StrictInt | None = None


class Parent(Table):
    name: FreeText | None = None
    email: Email | None = None


class PlanTerms(Table):
    #: Optional: names this plan for good (calendar event UIDs derive from it, so renaming
    #: the student keeps them); `init` writes one. Without it, UIDs derive from the names.
    id: PlanId | None = None
    kind: Literal["IEP", "504"]
    start: PlanDate
    end: PlanDate
    check_every: Interval = 7
    reply_within: Interval = 3
    progress_reports: tuple[PlanDate, ...] = ()
    #: Calendar days a school has to answer a records request: 45 federally (34 CFR 300.613);
    #: a state's shorter limit may be set here.
    records_days: Annotated[StrictInt, Field(ge=1, le=45)] | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.end < self.start:
            raise ValueError(_("end ({end}) is before start ({start})").format(
                end=self.end, start=self.start))
        return self


def _as_no_school(value: object) -> object:
    if isinstance(value, list):
        return tuple(_no_school_range(v) for v in value)
    return value


def _no_school_range(value: object) -> tuple[date, date]:
    if isinstance(value, datetime):
        raise ValueError(_("expected dates, not dates and times"))
    if isinstance(value, date):
        return (in_bounds(value), in_bounds(value))
    if isinstance(value, str):
        try:
            first, last = parse_date_range(value)
        except ValueError:
            pass
        else:
            return in_bounds(first), in_bounds(last)
    raise ValueError(_("expected a date (2027-01-18) or a quoted range "
                       "(\"2026-12-21..2027-01-01\"), got {value}").format(value=repr(value)))


class Calendar(Table):
    school_days: tuple[Literal[WEEKDAYS], ...] = ("mon", "tue", "wed", "thu", "fri")  # type: ignore[valid-type]
    no_school: Annotated[tuple[tuple[date, date], ...], BeforeValidator(_as_no_school)] = ()
    #: The first day of a new school year within the plan (docs/school-years.md); without it,
    #: the first school day after a break of SUMMER_BREAK_DAYS or more.
    year_start: PlanDate | None = None

    @field_validator("school_days")
    @classmethod
    def _some_days(cls, days: tuple[str, ...]) -> tuple[str, ...]:
        if not days or len(set(days)) != len(days):
            raise ValueError(_("list each school day once, e.g. [\"mon\", \"tue\", \"wed\"]"))
        return days

    @property
    def weekdays(self) -> frozenset[int]:
        """School days as `date.weekday()` numbers (Monday = 0)."""
        return frozenset(WEEKDAYS.index(d) for d in self.school_days)

    def is_no_school(self, day: date) -> bool:
        return any(first <= day <= last for first, last in self.no_school)


class Staff(Table):
    id: Slug
    name: Text
    role: FreeText | None = None
    email: Email | None = None
    case_manager: StrictBool = False
    #: Whom to write to when the case manager does not answer (docs/letters.md); without it,
    #: a 504 coordinator, then the principal.
    escalate_to: StrictBool = False


class _Item(Table):
    kind: ClassVar[str] = "item"
    id: Slug
    name: Text
    staff: tuple[Slug, ...] = ()
    start: PlanDate | None = None
    end: PlanDate | None = None
    check_every: Interval | None = None
    notes: Note | None = None
    #: The evening question `ask` puts to the child about this item, in place of its kind's.
    ask: FreeText | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.start and self.end and self.end < self.start:
            raise ValueError(_("end ({end}) is before start ({start})").format(
                end=self.end, start=self.start))
        return self

    def versions(self) -> tuple[tuple[date, Self], ...]:
        """(from, terms) for the item as written and after each change, in date order.

        The first `from` is `date.min`: the terms as written hold until the first change.
        Each version has no changes of its own. Built once per item (cached).
        """
        return versions_of(self)  # type: ignore[return-value]

    def terms_on(self, day: date) -> Self:
        """The item as it stands on `day`: every change whose `from` ≤ day applied."""
        versions = self.versions()
        if len(versions) == 1:
            return versions[0][1]
        index = bisect_right([since for since, _ in versions], day) - 1
        return versions[index][1]

    def segments(self, first: date, last: date) -> Iterator[tuple[date, date, Self]]:
        """first..last cut into runs of days with the same terms: (first, last, terms)."""
        versions = self.versions()
        starts = [since for since, _ in versions]
        index = bisect_right(starts, first) - 1
        while first <= last:
            following = starts[index + 1] if index + 1 < len(starts) else None
            run_last = last if following is None else min(last, following - timedelta(days=1))
            yield first, run_last, versions[index][1]
            if following is None or run_last == last:
                return
            first, index = following, index + 1


class Service(_Item):
    kind: ClassVar[str] = "service"
    # `per` is declared before `minutes` so that the minutes' bound can depend on it: only a
    # yearly amount may exceed a day's minutes ("1800 minutes yearly").
    per: Per | None = None
    minutes: YearMinutes | None = None
    times: Times = 1
    #: The school days of one cycle, for `per = "cycle"` ("1 x 30 / 6-day cycle").
    cycle_days: CycleDays | None = None
    #: How many children share a session (1: individual); it never changes what is owed.
    group: GroupSize | None = None
    #: "consult": the provider works with the staff, not the child; its minutes are a total of
    #: their own, never added to the direct minutes (docs/minutes.md).
    delivery: Literal["direct", "consult"] = "direct"
    #: Extended school year: owed on the calendar's school weekdays between the item's own
    #: `start` and `end`, whatever break holds them (docs/minutes.md).
    esy: StrictBool = False
    location: FreeText | None = None
    provider: FreeText | None = None
    changes: tuple[ServiceChange, ...] = ()

    @field_validator("minutes")
    @classmethod
    def _minutes_in_a_day(cls, minutes: int | None, info: ValidationInfo) -> int | None:
        if minutes is not None and minutes > MAX_MINUTES and info.data.get("per") != "year":
            raise ValueError(f"Input should be less than or equal to {MAX_MINUTES} (only "
                             "per = \"year\" may hold more minutes than a day)")
        return minutes

    @model_validator(mode="after")
    def _minutes_need_per(self) -> Self:
        if self.minutes is not None and self.per is None:
            raise ValueError(_("a service with minutes needs per = \"day\", \"week\" or "
                               "\"month\""))
        if (self.per == "cycle") != (self.cycle_days is not None):
            raise ValueError(_("per = \"cycle\" and cycle_days go together: write both "
                               "(per = \"cycle\", cycle_days = 6) or neither"))
        if self.esy and (self.start is None or self.end is None):
            raise ValueError(_("an extended-school-year service (esy = true) needs its own "
                               "start and end dates"))
        return self

    @property
    def period_name(self) -> str:
        """The period in the plan's words, for 'per …': 'week', 'plan year', '6-school-day
        cycle'."""
        if self.per == "cycle":
            return _("{days}-school-day cycle").format(days=self.cycle_days)
        words = {"day": _("day"), "week": _("week"), "month": _("month"), "year": _("plan year")}
        return words.get(str(self.per), str(self.per))

    @property
    def is_timed(self) -> bool:
        """Has minutes on some day: as written or after a change."""
        return any(terms.minutes is not None for _, terms in self.versions())


class Accommodation(_Item):
    kind: ClassVar[str] = "accommodation"
    applies_to: tuple[FreeText, ...] = ()
    changes: tuple[AccommodationChange, ...] = ()


Item = Service | Accommodation


class Plan(Table):
    student: Student
    parent: Parent | None = None
    plan: PlanTerms
    calendar: Calendar = Calendar()
    staff: tuple[Staff, ...] = ()
    services: tuple[Service, ...] = ()
    accommodations: tuple[Accommodation, ...] = ()
    goals: tuple[Goal, ...] = ()

    @property
    def items(self) -> tuple[Item, ...]:
        """Services then accommodations, in the order the plan lists them."""
        return self.services + self.accommodations

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def goal(self, goal_id: str) -> Goal | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def target_date(self, goal: Goal) -> date:
        """The day a goal's target is due: its own, else the plan's end (the annual review)."""
        return goal.target.date or self.plan.end

    def require_named(self, ids: Sequence[str]) -> None:
        """Refuse ids that name neither an item nor a goal, suggesting the closest, and
        repeats (an observation may be about items and measure goals at once)."""
        known = [i.id for i in self.items] + [g.id for g in self.goals]
        for name in ids:
            if name not in known:
                goals = ", ".join(g.id for g in self.goals) or _("none")
                raise UserError(_("unknown item '{name}'{did_you_mean}; the plan's items are "
                                  "{items} and its goals {goals} (see 'iepcheck items')").format(
                                      name=name, did_you_mean=did_you_mean(name, known),
                                      items=", ".join(i.id for i in self.items) or _("none yet"),
                                      goals=goals))
        if len(set(ids)) != len(ids):
            raise UserError(_("an item or goal is named twice; name each once"))

    def staff_member(self, staff_id: str) -> Staff | None:
        """The staff member with this exact id (ids are what the plan's tables refer by)."""
        return next((s for s in self.staff if s.id == staff_id), None)

    def staff_named(self, who: str | None) -> Staff | None:
        """The staff member a `who` means: their id, email or name, in any case.

        The one lookup of people: the log's `who`, an email's address and the timeline all
        go through it. Where two people share a spelling, the first in the plan wins.
        """
        return self._staff_by_key.get((who or "").strip().casefold())

    def resolve_who(self, who: str, option: str = "--who") -> str:
        """What a typed `who` records: the staff id of whoever it names (id, email or name,
        any case); else, for someone outside the plan, the name as written. A lone id-like
        word that names nobody is a typo, refused with the closest ids, so a misspelt
        teacher never becomes a stranger the reminders cannot match."""
        text = " ".join(who.split())
        member = self.staff_named(text)
        if member is not None:
            return member.id
        if SLUG.fullmatch(text):
            ids = [s.id for s in self.staff]
            raise UserError(_("{option}: '{text}' is not a staff id in the plan{did_you_mean}; "
                              "for someone outside the plan write their name with a space, in "
                              "quotes (\"Dr. Smith, principal\")").format(
                                  option=option, text=text, did_you_mean=did_you_mean(text, ids)))
        if not text:
            raise UserError(_("{option}: say who, by staff id or name").format(option=option))
        return text

    def person_key(self, who: str | None) -> str:
        """Who an entry is about, as one key: the staff id for staff, else the text."""
        member = self.staff_named(who)
        return member.id if member else (who or "").strip().casefold()

    @functools.cached_property
    def _staff_by_key(self) -> dict[str, Staff]:
        directory: dict[str, Staff] = {}
        for member in reversed(self.staff):  # the first staff member wins
            for key in (member.email, member.name, member.id):
                if key:
                    directory[key.strip().casefold()] = member
        return directory

    def window(self, item: Item, since: date, until: date) -> tuple[date, date] | None:
        """The days of since..until on which `item` is in effect (within both the plan's dates
        and its own: amendments add or end items mid-plan), or None when it never is."""
        first = max(since, self.plan.start, item.start or self.plan.start)
        last = min(until, self.plan.end, item.end or self.plan.end)
        return (first, last) if first <= last else None

    def in_effect(self, item: Item, day: date) -> bool:
        return self.window(item, day, day) is not None

    def require_items(self, item_ids: Sequence[str]) -> None:
        """Refuse ids that name no item of the plan, suggesting the closest, and repeats."""
        known = [i.id for i in self.items]
        for item_id in item_ids:
            if item_id not in known:
                raise UserError(_("unknown item '{name}'{did_you_mean}; the plan's items are "
                                  "{items} (see 'iepcheck items')").format(
                                      name=item_id, did_you_mean=did_you_mean(item_id, known),
                                      items=", ".join(known) or _("none yet")))
        if len(set(item_ids)) != len(item_ids):
            raise UserError(_("an item is named twice; name each item once"))

    def check_every(self, item: Item, day: date | None = None) -> int:
        """Calendar days between checks of `item`, with its terms on `day` (as written when
        None): its own `check_every`; else the plan's, but for a service never shorter than
        its own period (`per = "month"`: 31 days), since a monthly service cannot be late
        before its month is out (docs/school-days.md)."""
        if item.check_every is not None:
            return item.check_every
        if isinstance(item, Service):
            terms = item.terms_on(day) if day is not None else item
            return default_check_every(terms, self.plan.check_every)
        return self.plan.check_every

    @model_validator(mode="after")
    def _references(self) -> Self:
        _check_unique_ids(self)
        staff_ids = {s.id for s in self.staff}
        for table, items in (("services", self.services), ("accommodations", self.accommodations)):
            for index, item in enumerate(items, start=1):
                unknown = [s for s in item.staff if s not in staff_ids]
                if unknown:
                    raise ValueError(unknown_staff(f"{table}[{index}].staff", unknown[0], staff_ids))
                in_effect = (max(self.plan.start, item.start or self.plan.start),
                             min(self.plan.end, item.end or self.plan.end))
                check_changes(f"{table}[{index}]", item, in_effect, staff_ids)
        _check_goals(self)
        if sum(s.case_manager for s in self.staff) > 1:
            raise ValueError(_("only one staff member may have case_manager = true"))
        return self


def check_new_goal(plan: Plan, goal: Goal) -> None:
    """The plan's rules for one more goal (ids unique, services exist, target dates), before
    it is written; raises ValueError with the rule broken."""
    extended = plan.model_copy(update={"goals": (*plan.goals, goal)})
    _check_unique_ids(extended)
    _check_goals(extended)


def _check_goals(plan: Plan) -> None:
    check_goals(plan.goals, {s.id for s in plan.services}, (plan.plan.start, plan.plan.end),
                plan.target_date)


#: The shortest time in which a service's own period comes round (a month: its longest).
#: A yearly amount is spread evenly over the school days, so it is checked like a weekly one.
PERIOD_DAYS = {"day": 1, "week": 7, "month": 31, "year": 7}


def default_check_every(service: Service, plan_interval: int = 7) -> int:
    """The days between checks for a service without its own `check_every`.

    Never shorter than the service's own period: a monthly service cannot be late before its
    month is out, so it is checked every 31 days at least; a weekly one every 7; an N-day
    cycle every N school days as calendar days on a five-day week (a 6-day cycle: 9 days).
    """
    if service.per == "cycle" and service.cycle_days:
        return max(plan_interval, -(-service.cycle_days * 7 // 5))
    return max(plan_interval, PERIOD_DAYS.get(service.per or "day", 1))


def _check_unique_ids(plan: Plan) -> None:
    seen: dict[str, str] = {}
    tables: tuple[tuple[str, Sequence[Staff | Service | Accommodation | Goal]], ...] = (
        ("staff", plan.staff), ("services", plan.services),
        ("accommodations", plan.accommodations), ("goals", plan.goals))
    for table, rows in tables:
        for index, row in enumerate(rows, start=1):
            where = f"{table}[{index}].id"
            if row.id in seen:
                raise ValueError(_("{where}: id '{id}' is already used by {other}; ids must be "
                                   "unique across the plan").format(where=where, id=row.id,
                                                                    other=seen[row.id]))
            seen[row.id] = where
