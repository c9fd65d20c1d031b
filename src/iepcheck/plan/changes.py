"""Dated changes to an item (docs/plan-format.md): an amendment that keeps the item but
changes its terms from a day on, `changes = [{from = 2027-01-10, times = 3}]`.

Pure. Each change sets some of the item's terms from its `from` day on (a service: minutes,
times, per, location, provider, staff; an accommodation: applies_to, staff); later changes
build on earlier ones. `versions_of` is the item as written and after each change, from which
`terms_on(day)` and `segments(first, last)` in `plan/model.py` read the terms of a day.
"""

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any, ClassVar, Literal

from pydantic import ConfigDict, Field, model_validator

from iepcheck.language.messages import N_, _
from iepcheck.plan.fields import (
    CycleDays,
    FreeText,
    Minutes,
    PlanDate,
    Slug,
    Table,
    Times,
    unknown_staff,
)

#: The periods a service's amount is owed per (docs/minutes.md).
Per = Literal["day", "week", "month", "year", "cycle"]


class Change(Table):
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
                raise ValueError(_("a change needs from = YYYY-MM-DD, the day it takes effect"))
            for key in data:
                if key not in ("from", "from_", *cls.KEYS):
                    choices = ", ".join(cls.KEYS)
                    raise ValueError(_("'{key}' cannot change in {kind}; a change may set "
                                       "{choices} (and needs from)").format(
                                           key=key, kind=_(cls.KIND), choices=choices))
            if not any(key in data for key in cls.KEYS):
                raise ValueError(_("the change from {day} changes nothing; add one of "
                                   "{keys}").format(day=data.get("from", data.get("from_")),
                                                    keys=", ".join(cls.KEYS)))
        return data

    @property
    def terms(self) -> dict[str, Any]:
        """The terms this change sets, by name."""
        return {key: getattr(self, key) for key in self.KEYS if key in self.model_fields_set}


class ServiceChange(Change):
    KEYS: ClassVar[tuple[str, ...]] = ("minutes", "times", "per", "cycle_days", "location",
                                       "provider", "staff")
    KIND: ClassVar[str] = N_("a service")
    # The same bounds and text rules as the item's own terms: a change is copied onto the
    # item without validating it again.
    minutes: Minutes | None = None
    times: Times | None = None
    per: Per | None = None
    cycle_days: CycleDays | None = None
    location: FreeText | None = None
    provider: FreeText | None = None


class AccommodationChange(Change):
    KEYS: ClassVar[tuple[str, ...]] = ("applies_to", "staff")
    KIND: ClassVar[str] = N_("an accommodation")
    applies_to: tuple[FreeText, ...] | None = None


@lru_cache(maxsize=1024)
def versions_of(item: Table) -> tuple[tuple[date, Table], ...]:
    """The item as written (from `date.min`), then after each of its changes in date order.
    Typed on `Table`: the plan's item classes build on this module, not it on them."""
    changes: tuple[Change, ...] = getattr(item, "changes", ())
    current = item.model_copy(update={"changes": ()}) if changes else item
    versions = [(date.min, current)]
    for change in sorted(changes, key=lambda c: c.from_):
        current = current.model_copy(update=change.terms)
        versions.append((change.from_, current))
    return tuple(versions)


def check_changes(where: str, item: Table, in_effect: tuple[date, date],
                  staff_ids: set[str]) -> None:
    """Each change starts while the item is in effect (`in_effect`, first and last day), on
    its own day, and leaves valid terms: a service with minutes always says per what."""
    first, last = in_effect
    kind: str = getattr(item, "kind", "item")
    seen: dict[date, int] = {}
    changes: Sequence[Change] = getattr(item, "changes", ())
    for number, change in enumerate(changes, start=1):
        at = f"{where}.changes[{number}]"
        if not first <= change.from_ <= last:
            raise ValueError(_("{at}.from: {day} is outside the dates the {kind} is in effect "
                               "({first} to {last}); a change takes effect within them").format(
                                   at=at, day=change.from_, kind=kind_word(kind), first=first,
                                   last=last))
        if change.from_ in seen:
            raise ValueError(_("{at}.from: changes[{other}] is also from {day}; put both in one "
                               "change").format(at=at, other=seen[change.from_],
                                                day=change.from_))
        seen[change.from_] = number
        unknown = [s for s in change.staff or () if s not in staff_ids]
        if unknown:
            raise ValueError(unknown_staff(f"{at}.staff", unknown[0], staff_ids))
    for since, version in versions_of(item)[1:]:
        if getattr(version, "minutes", None) is not None and getattr(version, "per", 0) is None:
            number = seen[since]
            raise ValueError(_("{where}.changes[{number}]: from {day} the service has minutes "
                               "but no per; add per = \"day\", \"week\" or \"month\" to the "
                               "change").format(where=where, number=number, day=since))
        if getattr(version, "per", None) == "cycle" and getattr(version, "cycle_days", 0) is None:
            raise ValueError(_("{where}.changes[{number}]: from {day} the service is owed per "
                               "cycle but says no cycle_days; add cycle_days to the change")
                             .format(where=where, number=seen[since], day=since))


def kind_word(kind: str) -> str:
    """An item's kind as the reader says it."""
    return {"service": _("service"), "accommodation": _("accommodation")}.get(kind, _("item"))
