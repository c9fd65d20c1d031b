"""The plan: the student, the plan's dates, the staff, every service and accommodation.

Models only, with the rules of DESIGN 1.1. Reading and appending the TOML file lives in
`planfile.py`; this module never touches the disk.

An item may carry dated **changes** (an amendment that keeps the item but changes its terms):
`changes = [{from = 2027-01-10, times = 3}]`. Each change sets some of the item's terms from its
`from` day on (a service: minutes, times, per, location, provider, staff; an accommodation:
applies_to, staff); later changes build on earlier ones. `item.terms_on(day)` is the item as it
stands that day and `item.segments(first, last)` the runs of days with constant terms, so every
rule that depends on the terms reads the terms in effect on the day it looks at.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
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

from iepcheck.dates import WEEKDAYS, parse_date_range, parse_interval
from iepcheck.errors import UserError

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _as_date(value: object) -> object:
    """TOML dates arrive as `date`; a quoted ISO string is accepted; a date-time is not."""
    if isinstance(value, datetime):
        raise ValueError("expected a date such as 2026-08-24, not a date and time")
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a date such as 2026-08-24, got '{value}'") from None
    if not isinstance(value, date):
        raise ValueError(f"expected a date such as 2026-08-24, got {value!r}")
    return value


def _as_interval(value: object) -> object:
    if isinstance(value, str):
        try:
            return parse_interval(value)
        except UserError:
            raise ValueError(f"expected an interval such as 7d or 2w, got '{value}'") from None
    raise ValueError("expected an interval such as \"7d\" or \"2w\" (in quotes)")


def _as_slug(value: object) -> object:
    if isinstance(value, str) and not SLUG.match(value):
        raise ValueError(
            f"'{value}' is not a valid id: use lowercase letters, digits and hyphens, "
            "starting with a letter or digit (e.g. speech-therapy)"
        )
    return value


PlanDate = Annotated[date, BeforeValidator(_as_date)]
Interval = Annotated[int, BeforeValidator(_as_interval)]
Slug = Annotated[StrictStr, BeforeValidator(_as_slug)]
Text = Annotated[StrictStr, Field(min_length=1)]
Positive = Annotated[StrictInt, Field(gt=0)]


class _Table(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Student(_Table):
    name: Text
    school: StrictStr | None = None
    grade: StrictStr | StrictInt | None = None


class Parent(_Table):
    name: StrictStr | None = None
    email: StrictStr | None = None


class PlanTerms(_Table):
    kind: Literal["IEP", "504"]
    start: PlanDate
    end: PlanDate
    check_every: Interval = 7
    reply_within: Interval = 3
    progress_reports: tuple[PlanDate, ...] = ()

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
        return (value, value)
    if isinstance(value, str):
        try:
            return parse_date_range(value)
        except ValueError:
            pass
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
    role: StrictStr | None = None
    email: StrictStr | None = None
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
    minutes: Positive | None = None
    times: Positive | None = None
    per: Literal["day", "week", "month"] | None = None
    location: StrictStr | None = None
    provider: StrictStr | None = None


class AccommodationChange(_Change):
    KEYS: ClassVar[tuple[str, ...]] = ("applies_to", "staff")
    KIND: ClassVar[str] = "an accommodation"
    applies_to: tuple[StrictStr, ...] | None = None


class _Item(_Table):
    kind: ClassVar[str] = "item"
    id: Slug
    name: Text
    staff: tuple[Slug, ...] = ()
    start: PlanDate | None = None
    end: PlanDate | None = None
    check_every: Interval | None = None
    notes: StrictStr | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self

    def is_active_on(self, day: date, plan: PlanTerms) -> bool:
        """Within both the plan's dates and the item's own (amendments add or end items)."""
        first = max(plan.start, self.start or plan.start)
        last = min(plan.end, self.end or plan.end)
        return first <= day <= last

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
    minutes: Positive | None = None
    times: Positive = 1
    per: Literal["day", "week", "month"] | None = None
    location: StrictStr | None = None
    provider: StrictStr | None = None
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
    applies_to: tuple[StrictStr, ...] = ()
    changes: tuple[AccommodationChange, ...] = ()


Item = Service | Accommodation


class Plan(_Table):
    student: Student
    parent: Parent | None = None
    plan: PlanTerms
    calendar: Calendar = Calendar()
    staff: tuple[Staff, ...] = ()
    services: tuple[Service, ...] = ()
    accommodations: tuple[Accommodation, ...] = ()

    @property
    def items(self) -> tuple[Item, ...]:
        """Services then accommodations, in the order the plan lists them."""
        return self.services + self.accommodations

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def staff_member(self, staff_id: str) -> Staff | None:
        return next((s for s in self.staff if s.id == staff_id), None)

    def check_every(self, item: Item) -> int:
        return item.check_every or self.plan.check_every

    @model_validator(mode="after")
    def _references(self) -> Plan:
        _check_unique_ids(self)
        staff_ids = {s.id for s in self.staff}
        for table, items in (("services", self.services), ("accommodations", self.accommodations)):
            for index, item in enumerate(items, start=1):
                unknown = [s for s in item.staff if s not in staff_ids]
                if unknown:
                    raise UnknownStaff(f"{table}[{index}].staff", unknown[0], staff_ids)
                _check_changes(f"{table}[{index}]", item, self.plan, staff_ids)
        if sum(s.case_manager for s in self.staff) > 1:
            raise ValueError("only one staff member may have case_manager = true")
        return self


class UnknownStaff(ValueError):
    def __init__(self, where: str, staff_id: str, known: set[str]) -> None:
        choices = ", ".join(sorted(known)) or "none yet: add a [[staff]] table"
        super().__init__(f"{where}: '{staff_id}' is not a staff id in the plan (staff: {choices})")


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
            raise UnknownStaff(f"{at}.staff", unknown[0], staff_ids)
    for since, version in item.versions()[1:]:
        if isinstance(version, Service) and version.minutes is not None and version.per is None:
            number = seen[since]
            raise ValueError(f"{where}.changes[{number}]: from {since} the service has minutes "
                             "but no per; add per = \"day\", \"week\" or \"month\" to the change")


def _check_unique_ids(plan: Plan) -> None:
    seen: dict[str, str] = {}
    tables = (("staff", plan.staff), ("services", plan.services),
              ("accommodations", plan.accommodations))
    for table, rows in tables:
        for index, row in enumerate(rows, start=1):
            where = f"{table}[{index}].id"
            if row.id in seen:
                raise ValueError(f"{where}: id '{row.id}' is already used by {seen[row.id]}; "
                                 "ids must be unique across the plan")
            seen[row.id] = where
