"""The plan: the student, the plan's dates, the staff, every service and accommodation.

Models only, with the rules of docs/plan-format.md. Reading and appending the TOML file lives in
`planfile.py`; this module never touches the disk.

The plan's text reaches every output (terminal, Markdown, CSV, HTML, iCalendar, email
headers), so it is refused here when it could break one: no control characters in any text
(a note may hold line breaks and tabs), no name that is only spaces, an email field holds
exactly one address, numbers and dates stay within the bounds below (docs/output-safety.md).

An item may carry dated **changes** (an amendment that keeps the item but changes its terms):
`changes = [{from = 2027-01-10, times = 3}]`. Each change sets some of the item's terms from its
`from` day on (a service: minutes, times, per, location, provider, staff; an accommodation:
applies_to, staff); later changes build on earlier ones. `item.terms_on(day)` is the item as it
stands that day and `item.segments(first, last)` the runs of days with constant terms, so every
rule that depends on the terms reads the terms in effect on the day it looks at.

**Goals** (`[[goals]]`, docs/goals.md) are the plan's annual goals: a measure, a baseline and a
target, each a finite number on a date. They are not items: no finding, no minutes; the log
measures them (`values`) and `goals.py` says whether the child is getting closer.
"""

from __future__ import annotations

import functools
import math
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

from iepcheck.dates import FIRST_YEAR, LAST_YEAR, WEEKDAYS, parse_date_range, parse_interval
from iepcheck.errors import UserError, did_you_mean

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
#: A service's minutes per session: at least one, at most a whole day.
MAX_MINUTES = 24 * 60
#: Sessions per day, week or month: 100 is far beyond any plan and keeps every total small.
MAX_TIMES = 100
#: A goal's values (baseline, target, measurements): finite numbers of a sane size, so the
#: straight line between them never overflows.
MAX_VALUE = 1e9
#: C0 controls, DEL, C1 controls and the bidirectional overrides that reorder what is shown.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: One bare address: local@domain.tld, any script (IDN), no spaces, commas, brackets or quotes.
_ADDRESS = re.compile(r"[^\s@<>(),;:\"\[\]\\]+@[^\s@<>(),;:\"\[\]\\.]+(\.[^\s@<>(),;:\"\[\]\\.]+)+")


def _refuse_controls(value: str, allowed: str = "") -> str:
    """A control character in plan text could rewrite a terminal, split an iCalendar line or
    an email header; refuse it, naming the character (never echoing it)."""
    for match in _CONTROL.finditer(value):
        if match.group() not in allowed:
            raise ValueError(f"contains a control character (U+{ord(match.group()):04X}) at "
                             f"position {match.start() + 1}; retype the text without it")
    return value


def _as_text(value: object) -> object:
    """Free text on one line: no control characters."""
    return _refuse_controls(value) if isinstance(value, str) else value


def _as_name(value: object) -> object:
    """A name people read: one line, not empty and not only spaces."""
    if isinstance(value, str):
        _refuse_controls(value)
        if not value.strip():
            raise ValueError("is empty or only spaces; write the name")
    return value


def _as_note(value: object) -> object:
    """A note may run over several lines (a TOML multi-line string); nothing else is allowed."""
    return _refuse_controls(value, allowed="\n\t") if isinstance(value, str) else value


def _as_email(value: object) -> object:
    """Exactly one bare address, or "" for none: the field becomes a To or From header, so
    'a@x, b@y' (two recipients) or 'Name <a@x>' must not get through."""
    from email.utils import getaddresses

    if not isinstance(value, str) or value == "":
        return value
    _refuse_controls(value)
    parsed = getaddresses([value])
    if len(parsed) != 1 or parsed[0] != ("", value) or not _ADDRESS.fullmatch(value):
        raise ValueError(f"'{value}' is not one email address; write a single address such "
                         "as lee@school.example.org (no name, comma or second address)")
    return value


def _as_date(value: object) -> object:
    """TOML dates arrive as `date`; a quoted ISO string is accepted; a date-time is not."""
    if isinstance(value, datetime):
        raise ValueError("expected a date such as 2026-08-24, not a date and time")
    if isinstance(value, str):
        _refuse_controls(value)
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a date such as 2026-08-24, got '{value}'") from None
    if not isinstance(value, date):
        raise ValueError(f"expected a date such as 2026-08-24, got {value!r}")
    return _in_bounds(value)


def _in_bounds(day: date) -> date:
    """Plan dates stay within FIRST_YEAR..LAST_YEAR, so date arithmetic never overflows."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"{day.isoformat()} is outside the years {FIRST_YEAR}-{LAST_YEAR}; "
                         "check the year")
    return day


def _as_interval(value: object) -> object:
    if isinstance(value, str):
        try:
            return parse_interval(value)
        except UserError:
            raise ValueError(f"expected an interval such as 7d or 2w, got '{value}'") from None
    raise ValueError("expected an interval such as \"7d\" or \"2w\" (in quotes)")


def _as_slug(value: object) -> object:
    if isinstance(value, str):
        _refuse_controls(value)
    if isinstance(value, str) and not SLUG.fullmatch(value):
        raise ValueError(
            f"'{value}' is not a valid id: use lowercase letters, digits and hyphens, "
            "starting with a letter or digit (e.g. speech-therapy)"
        )
    return value


def _as_plan_id(value: object) -> object:
    """A UUID in its usual written form, as `iepcheck init` writes it: calendar event UIDs
    derive from it, so it must never be mistyped into something else silently."""
    if isinstance(value, str):
        _refuse_controls(value)
        if not PLAN_ID.fullmatch(value):
            raise ValueError(f"'{value[:40]}' is not a plan id: use a UUID such as "
                             "'3f2b8c1e-6d4a-4f0e-9b7c-2a1d5e8f9c03' (as 'iepcheck init' "
                             "writes it), or remove the line")
    return value


#: A UUID written as 8-4-4-4-12 hexadecimal digits.
PLAN_ID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


def _as_value(value: object) -> object:
    """A measured value: a number (not a quoted one, not true/false), finite, of a sane size."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("expected a number such as 62 or 0.5 (no quotes)")
    if not math.isfinite(value):
        raise ValueError("expected a finite number, not inf or nan")
    if abs(value) > MAX_VALUE:
        raise ValueError(f"{value:g} is too large; a measured value is at most {MAX_VALUE:g}")
    return value


PlanDate = Annotated[date, BeforeValidator(_as_date)]
Interval = Annotated[int, BeforeValidator(_as_interval)]
Slug = Annotated[StrictStr, BeforeValidator(_as_slug)]
PlanId = Annotated[StrictStr, BeforeValidator(_as_plan_id)]
Text = Annotated[StrictStr, Field(min_length=1), BeforeValidator(_as_name)]
FreeText = Annotated[StrictStr, BeforeValidator(_as_text)]
Note = Annotated[StrictStr, BeforeValidator(_as_note)]
Email = Annotated[StrictStr, BeforeValidator(_as_email)]
Positive = Annotated[StrictInt, Field(gt=0)]
Minutes = Annotated[StrictInt, Field(gt=0, le=MAX_MINUTES)]
Times = Annotated[StrictInt, Field(gt=0, le=MAX_TIMES)]
Value = Annotated[int | float, BeforeValidator(_as_value)]


class _Table(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Student(_Table):
    name: Text
    school: FreeText | None = None
    grade: FreeText | StrictInt | None = None


class Parent(_Table):
    name: FreeText | None = None
    email: Email | None = None


class PlanTerms(_Table):
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
    def _end_after_start(self) -> PlanTerms:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


def _as_no_school(value: object) -> object:
    if isinstance(value, list):
        return tuple(_no_school_range(v) for v in value)
    return value


def _no_school_range(value: object) -> tuple[date, date]:
    if isinstance(value, datetime):
        raise ValueError("expected dates, not dates and times")
    if isinstance(value, date):
        return (_in_bounds(value), _in_bounds(value))
    if isinstance(value, str):
        try:
            first, last = parse_date_range(value)
        except ValueError:
            pass
        else:
            return _in_bounds(first), _in_bounds(last)
    raise ValueError(
        f"expected a date (2027-01-18) or a quoted range (\"2026-12-21..2027-01-01\"), got {value!r}"
    )


class Calendar(_Table):
    school_days: tuple[Literal[WEEKDAYS], ...] = ("mon", "tue", "wed", "thu", "fri")  # type: ignore[valid-type]
    no_school: Annotated[tuple[tuple[date, date], ...], BeforeValidator(_as_no_school)] = ()

    @field_validator("school_days")
    @classmethod
    def _some_days(cls, days: tuple[str, ...]) -> tuple[str, ...]:
        if not days or len(set(days)) != len(days):
            raise ValueError("list each school day once, e.g. [\"mon\", \"tue\", \"wed\"]")
        return days

    @property
    def weekdays(self) -> frozenset[int]:
        """School days as `date.weekday()` numbers (Monday = 0)."""
        return frozenset(WEEKDAYS.index(d) for d in self.school_days)

    def is_no_school(self, day: date) -> bool:
        return any(first <= day <= last for first, last in self.no_school)


class Staff(_Table):
    id: Slug
    name: Text
    role: FreeText | None = None
    email: Email | None = None
    case_manager: StrictBool = False


class _Change(_Table):
    """One dated change to an item's terms: the keys it names apply from `from` on."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
    KEYS: ClassVar[tuple[str, ...]] = ()
    KIND: ClassVar[str] = ""
    from_: PlanDate = Field(alias="from")
    staff: tuple[Slug, ...] | None = None

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        """A key of the other kind of item gets its own message, not 'unknown key'."""
        if isinstance(data, dict):
            if "from" not in data and "from_" not in data:
                raise ValueError("a change needs from = YYYY-MM-DD, the day it takes effect")
            for key in data:
                if key not in ("from", "from_", *cls.KEYS):
                    choices = ", ".join(cls.KEYS)
                    raise ValueError(f"'{key}' cannot change in {cls.KIND}; a change may set "
                                     f"{choices} (and needs from)")
            if not any(key in data for key in cls.KEYS):
                raise ValueError(f"the change from {data.get('from', data.get('from_'))} changes "
                                 f"nothing; add one of {', '.join(cls.KEYS)}")
        return data

    @property
    def terms(self) -> dict[str, Any]:
        """The terms this change sets, by name."""
        return {key: getattr(self, key) for key in self.KEYS if key in self.model_fields_set}


class ServiceChange(_Change):
    KEYS: ClassVar[tuple[str, ...]] = ("minutes", "times", "per", "location", "provider",
                                       "staff")
    KIND: ClassVar[str] = "a service"
    # The same bounds and text rules as the item's own terms: a change is copied onto the
    # item without validating it again.
    minutes: Minutes | None = None
    times: Times | None = None
    per: Literal["day", "week", "month"] | None = None
    location: FreeText | None = None
    provider: FreeText | None = None


class AccommodationChange(_Change):
    KEYS: ClassVar[tuple[str, ...]] = ("applies_to", "staff")
    KIND: ClassVar[str] = "an accommodation"
    applies_to: tuple[FreeText, ...] | None = None


class _Item(_Table):
    kind: ClassVar[str] = "item"
    id: Slug
    name: Text
    staff: tuple[Slug, ...] = ()
    start: PlanDate | None = None
    end: PlanDate | None = None
    check_every: Interval | None = None
    notes: Note | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self

    def versions(self) -> tuple[tuple[date, Self], ...]:
        """(from, terms) for the item as written and after each change, in date order.

        The first `from` is `date.min`: the terms as written hold until the first change.
        Each version has no changes of its own. Built once per item (cached).
        """
        return _versions(self)  # type: ignore[return-value]

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


@lru_cache(maxsize=1024)
def _versions(item: _Item) -> tuple[tuple[date, _Item], ...]:
    changes: tuple[_Change, ...] = getattr(item, "changes", ())
    current = item.model_copy(update={"changes": ()}) if changes else item
    versions = [(date.min, current)]
    for change in sorted(changes, key=lambda c: c.from_):
        current = current.model_copy(update=change.terms)
        versions.append((change.from_, current))
    return tuple(versions)


class Service(_Item):
    kind: ClassVar[str] = "service"
    minutes: Minutes | None = None
    times: Times = 1
    per: Literal["day", "week", "month"] | None = None
    location: FreeText | None = None
    provider: FreeText | None = None
    changes: tuple[ServiceChange, ...] = ()

    @model_validator(mode="after")
    def _minutes_need_per(self) -> Service:
        if self.minutes is not None and self.per is None:
            raise ValueError("a service with minutes needs per = \"day\", \"week\" or \"month\"")
        return self

    @property
    def is_timed(self) -> bool:
        """Has minutes on some day: as written or after a change."""
        return any(terms.minutes is not None for _, terms in self.versions())


class Accommodation(_Item):
    kind: ClassVar[str] = "accommodation"
    applies_to: tuple[FreeText, ...] = ()
    changes: tuple[AccommodationChange, ...] = ()


Item = Service | Accommodation


class GoalPoint(_Table):
    """A value on a day: the goal's baseline."""

    value: Value
    date: PlanDate


class GoalTarget(_Table):
    """The value the goal aims at, and by when (the plan's end when not given)."""

    value: Value
    date: PlanDate | None = None


class Goal(_Table):
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


class Plan(_Table):
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
                goals = ", ".join(g.id for g in self.goals) or "none"
                raise UserError(f"unknown item '{name}'{did_you_mean(name, known)}; the plan's "
                                f"items are {', '.join(i.id for i in self.items) or 'none yet'} "
                                f"and its goals {goals} (see 'iepcheck items')")
        if len(set(ids)) != len(ids):
            raise UserError("an item or goal is named twice; name each once")

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
            raise UserError(f"{option}: '{text}' is not a staff id in the plan"
                            f"{did_you_mean(text, ids)}; for someone outside the plan write "
                            "their name with a space, in quotes (\"Dr. Smith, principal\")")
        if not text:
            raise UserError(f"{option}: say who, by staff id or name")
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
                raise UserError(f"unknown item '{item_id}'{did_you_mean(item_id, known)}; the "
                                f"plan's items are {', '.join(known) or 'none yet'} "
                                "(see 'iepcheck items')")
        if len(set(item_ids)) != len(item_ids):
            raise UserError("an item is named twice; name each item once")

    def check_every(self, item: Item, day: date | None = None) -> int:
        """Calendar days between checks of `item`, with its terms on `day` (as written when
        None): its own `check_every`; else the plan's, but for a service never shorter than
        its own period (`per = "month"`: 31 days), since a monthly service cannot be late
        before its month is out (docs/school-days.md)."""
        if item.check_every is not None:
            return item.check_every
        if isinstance(item, Service):
            from iepcheck.school_days import default_check_every

            terms = item.terms_on(day) if day is not None else item
            return default_check_every(terms, self.plan.check_every)
        return self.plan.check_every

    @model_validator(mode="after")
    def _references(self) -> Plan:
        _check_unique_ids(self)
        staff_ids = {s.id for s in self.staff}
        for table, items in (("services", self.services), ("accommodations", self.accommodations)):
            for index, item in enumerate(items, start=1):
                unknown = [s for s in item.staff if s not in staff_ids]
                if unknown:
                    raise ValueError(unknown_staff(f"{table}[{index}].staff", unknown[0], staff_ids))
                _check_changes(f"{table}[{index}]", item, self.plan, staff_ids)
        _check_goals(self)
        if sum(s.case_manager for s in self.staff) > 1:
            raise ValueError("only one staff member may have case_manager = true")
        return self


def unknown_staff(where: str, staff_id: str, known: set[str]) -> str:
    """The sentence for a staff id that names nobody in the plan, with the ids that do."""
    choices = ", ".join(sorted(known)) or "none yet: add a [[staff]] table"
    return f"{where}: '{staff_id}' is not a staff id in the plan (staff: {choices})"


def _check_changes(where: str, item: _Item, terms: PlanTerms, staff_ids: set[str]) -> None:
    """Each change starts while the item is in effect, on its own day, and leaves valid terms."""
    first = max(terms.start, item.start or terms.start)
    last = min(terms.end, item.end or terms.end)
    seen: dict[date, int] = {}
    changes: tuple[_Change, ...] = getattr(item, "changes", ())
    for number, change in enumerate(changes, start=1):
        at = f"{where}.changes[{number}]"
        if not first <= change.from_ <= last:
            raise ValueError(f"{at}.from: {change.from_} is outside the dates the {item.kind} is "
                             f"in effect ({first} to {last}); a change takes effect within them")
        if change.from_ in seen:
            raise ValueError(f"{at}.from: changes[{seen[change.from_]}] is also from "
                             f"{change.from_}; put both in one change")
        seen[change.from_] = number
        unknown = [s for s in change.staff or () if s not in staff_ids]
        if unknown:
            raise ValueError(unknown_staff(f"{at}.staff", unknown[0], staff_ids))
    for since, version in item.versions()[1:]:
        if isinstance(version, Service) and version.minutes is not None and version.per is None:
            number = seen[since]
            raise ValueError(f"{where}.changes[{number}]: from {since} the service has minutes "
                             "but no per; add per = \"day\", \"week\" or \"month\" to the change")


def check_new_goal(plan: Plan, goal: Goal) -> None:
    """The plan's rules for one more goal (ids unique, services exist, target dates), before
    it is written; raises ValueError with the rule broken."""
    extended = plan.model_copy(update={"goals": (*plan.goals, goal)})
    _check_unique_ids(extended)
    _check_goals(extended)


def _check_goals(plan: Plan) -> None:
    """Each goal's services exist, its target falls within the plan's dates and after its
    baseline (which may predate the plan: present levels are measured before it is written)."""
    service_ids = {s.id for s in plan.services}
    terms = plan.plan
    for index, goal in enumerate(plan.goals, start=1):
        where = f"goals[{index}]"
        for service_id in goal.services:
            if service_id not in service_ids:
                choices = ", ".join(sorted(service_ids)) or "none yet"
                raise ValueError(f"{where}.services: '{service_id}' is not a service id in the "
                                 f"plan (services: {choices})")
        due = plan.target_date(goal)
        said = "target.date" if goal.target.date else "target.date (the plan's end)"
        if not terms.start <= due <= terms.end:
            raise ValueError(f"{where}.{said}: {due} is outside the plan's dates ({terms.start} "
                             f"to {terms.end}); a goal's target falls within them")
        if due <= goal.baseline.date:
            raise ValueError(f"{where}.{said}: {due} is not after baseline.date "
                             f"({goal.baseline.date}); the target comes after the baseline")


def _check_unique_ids(plan: Plan) -> None:
    seen: dict[str, str] = {}
    tables: tuple[tuple[str, Sequence[Staff | Service | Accommodation | Goal]], ...] = (
        ("staff", plan.staff), ("services", plan.services),
        ("accommodations", plan.accommodations), ("goals", plan.goals))
    for table, rows in tables:
        for index, row in enumerate(rows, start=1):
            where = f"{table}[{index}].id"
            if row.id in seen:
                raise ValueError(f"{where}: id '{row.id}' is already used by {seen[row.id]}; "
                                 "ids must be unique across the plan")
            seen[row.id] = where
