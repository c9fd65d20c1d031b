"""What changed between last year's plan and this year's, item by item (docs/plan-check.md).

Items are matched by id, else by name (ids typed a year apart may differ). A service's amount
is shown before and after in minutes a week where the plan's own period allows it (`day`:
times the school days a week; `week`); a monthly amount stays per month, since turning it
into weeks would state a number neither plan writes. Each plan is read as written: dated
changes inside a plan are its own history (`items`), not a difference between plans.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.language.messages import _

if TYPE_CHECKING:
    from iepcheck.plan.model import Item, Plan, Service

_SERVICE_FIELDS = ("minutes", "times", "per", "cycle_days", "group", "delivery", "esy",
                   "location", "provider", "staff", "start", "end")
_ACCOMMODATION_FIELDS = ("applies_to", "staff", "start", "end")


def compare_plans(old: Plan, new: Plan) -> tuple[str, ...]:
    """One line per difference: the plan's dates, then items changed, removed and added."""
    lines = [_("plan: {key} {was} → {now}").format(key=key, was=getattr(old.plan, key),
                                                  now=getattr(new.plan, key))
             for key in ("kind", "start", "end") if getattr(old.plan, key) != getattr(new.plan, key)]
    matched: set[str] = set()
    for item in old.items:
        counterpart = _match(item, new)
        if counterpart is None:
            lines.append(_("removed: {item}").format(item=_label(item) + _amount_suffix(old, item)))
            continue
        matched.add(counterpart.id)
        lines.extend(_changed(old, item, new, counterpart))
    for item in new.items:
        if item.id not in matched:
            lines.append(_("added: {item}").format(item=_label(item) + _amount_suffix(new, item)))
    old_goals, new_goals = {g.id for g in old.goals}, {g.id for g in new.goals}
    lines.extend(_("goal removed: {goal} ({id})").format(goal=g.statement, id=g.id)
                 for g in old.goals if g.id not in new_goals)
    lines.extend(_("goal added: {goal} ({id})").format(goal=g.statement, id=g.id)
                 for g in new.goals if g.id not in old_goals)
    return tuple(lines)


def _match(item: Item, plan: Plan) -> Item | None:
    same_kind = [i for i in plan.items if i.kind == item.kind]
    by_id = next((i for i in same_kind if i.id == item.id), None)
    if by_id is not None:
        return by_id
    name = item.name.casefold()
    return next((i for i in same_kind if i.name.casefold() == name), None)


def _changed(old: Plan, before: Item, new: Plan, after: Item) -> list[str]:
    fields = _SERVICE_FIELDS if before.kind == "service" else _ACCOMMODATION_FIELDS
    changes = [f"{key} {_value(getattr(before, key))} → {_value(getattr(after, key))}"
               for key in ("name", *fields) if getattr(before, key) != getattr(after, key)]
    if not changes:
        return []
    amounts = ""
    if before.kind == "service":
        was, now = _amount(old, before), _amount(new, after)  # type: ignore[arg-type]
        if was != now:
            amounts = f"; {was} → {now}"
    return [_("changed: {item}: {changes}").format(item=_label(after),
                                                   changes="; ".join(changes) + amounts)]


def _label(item: Item) -> str:
    from iepcheck.plan.changes import kind_word

    return f"{kind_word(item.kind)} {item.name} ({item.id})"


def _value(value: object) -> str:
    if value is None or value == ():
        return _("(none)")
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return str(value)


def _amount_suffix(plan: Plan, item: Item) -> str:
    return f": {_amount(plan, item)}" if item.kind == "service" else ""  # type: ignore[arg-type]


def _amount(plan: Plan, service: Service) -> str:
    """The service's minutes as a week's (or, monthly, a month's) total, as written."""
    if service.minutes is None or service.per is None:
        return _("no minutes written")
    per_period = service.minutes * service.times
    if service.per == "week":
        return _("{minutes} min a week").format(minutes=per_period)
    if service.per == "day":
        days = len(plan.calendar.school_days)
        return _("{week} min a week ({minutes} a school day, {days} days a week)").format(
            week=per_period * days, minutes=per_period, days=days)
    return _("{minutes} min a {period}").format(minutes=per_period, period=service.period_name)
