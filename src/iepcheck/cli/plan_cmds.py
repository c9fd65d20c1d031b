"""`init`, `add-item`, `items`: the plan file."""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from iepcheck.cli.options import (
    AsOfOpt,
    Files,
    FormatOpt,
    ListFormat,
    LogOpt,
    PlanOpt,
    clock,
    complete_item,
    complete_staff,
    say,
    today_from,
)
from iepcheck.cli.pager import PagerOpt
from iepcheck.errors import UserError
from iepcheck.language.messages import _

if TYPE_CHECKING:
    from datetime import date

    from iepcheck.plan.model import Item, Plan


class ItemKind(str, Enum):
    service = "service"
    accommodation = "accommodation"
    goal = "goal"
    staff = "staff"
    break_ = "break"


class DirectionChoice(str, Enum):
    up = "up"
    down = "down"


class PerChoice(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"
    cycle = "cycle"


def _per(per: str | None) -> str | None:
    """`--per`, with `weekly`, `monthly` and `daily` understood and a typo's closest choice."""
    from iepcheck.vocabulary import PER_ALIASES, choose

    return choose(per, PerChoice, "--per", PER_ALIASES) if per is not None else None


def init(plan: PlanOpt = None) -> None:
    """Write a commented starter plan to fill in from the IEP or 504 document."""
    from iepcheck.store.plan_file import write_starter_plan

    files = Files(plan, None)
    write_starter_plan(files.plan_path)
    typer.echo(_("Wrote {plan_path}. Fill it in from the plan document, then add items with "
                 "'iepcheck add-item'.").format(plan_path=files.plan_path))


def slug_from(name: str) -> str:
    """'Speech & Language Therapy' -> 'speech-language-therapy'."""
    import re
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48].strip("-")


def add_item(
    kind: Annotated[ItemKind, typer.Argument(
        help=_("service, accommodation, goal, staff or break (days without school)."))],
    name: Annotated[str, typer.Argument(
        help=_("What the plan calls it, in quotes (a goal: its statement)."))],
    item_id: Annotated[str | None, typer.Option(
        "--id", help=_("Short id [default: from NAME]."))] = None,
    minutes: Annotated[int | None, typer.Option(help=_("Minutes per session (services)."))] = None,
    times: Annotated[int | None, typer.Option(help=_("Sessions per --per (services)."))] = None,
    per: Annotated[str | None, typer.Option(
        help=_("day, week, month, year (the plan year) or cycle (with --cycle-days)."))] = None,
    cycle_days: Annotated[int | None, typer.Option(
        help=_("School days in one cycle, with --per cycle (services)."))] = None,
    group: Annotated[int | None, typer.Option(
        help=_("How many children share a session (services)."))] = None,
    consult: Annotated[bool, typer.Option(
        "--consult", help=_("Consult minutes, with the staff: totalled apart (services)."))
    ] = False,
    esy: Annotated[bool, typer.Option(
        "--esy", help=_("Extended school year, owed between --start and --end (services)."))
    ] = False,
    location: Annotated[str | None, typer.Option(help=_("Where (services)."))] = None,
    provider: Annotated[str | None, typer.Option(help=_("Staff id or name (services)."))] = None,
    staff: Annotated[list[str] | None, typer.Option(
        help=_("Staff id responsible (repeat for several)."),
        autocompletion=complete_staff)] = None,
    applies_to: Annotated[list[str] | None, typer.Option(
        help=_("Subject or setting (accommodations; repeat)."))] = None,
    check_every: Annotated[str | None, typer.Option(help=_("Evidence interval, e.g. 14d."))] = None,
    start: Annotated[str | None, typer.Option(
        help=_("First day, if not the plan's start."))] = None,
    end: Annotated[str | None, typer.Option(help=_("Last day, if not the plan's end."))] = None,
    area: Annotated[str | None, typer.Option(help=_("Goals: the area (reading, math…)."))] = None,
    measure: Annotated[str | None, typer.Option(
        help=_("Goals: the unit measured (wcpm, % accuracy, of 10 trials)."))] = None,
    baseline: Annotated[str | None, typer.Option(
        help=_("Goals: VALUE@DATE where the child started (62@2026-08-24)."))] = None,
    target: Annotated[str | None, typer.Option(
        help=_("Goals: VALUE[@DATE] the plan aims at [date default: the plan's end]."))] = None,
    services: Annotated[list[str] | None, typer.Option(
        help=_("Goals: a service id that serves it (repeat)."))] = None,
    direction: Annotated[DirectionChoice | None, typer.Option(
        help=_("Goals: up (more is better, the default) or down (fewer incidents)."))] = None,
    email: Annotated[str | None, typer.Option(help=_("Staff: their email address."))] = None,
    role: Annotated[str | None, typer.Option(help=_("Staff: teacher, SLP, principal…"))] = None,
    case_manager: Annotated[bool, typer.Option(
        "--case-manager", help=_("Staff: this person is the case manager."))] = False,
    from_: Annotated[str | None, typer.Option(
        "--from", help=_("Break: the first day off (alone: one day off)."))] = None,
    to: Annotated[str | None, typer.Option(help=_("Break: the last day off."))] = None,
    plan: PlanOpt = None,
) -> None:
    """Add a service, accommodation, annual goal, staff member or days without school to the
    plan, keeping the rest of the file."""
    per = _per(per)
    from iepcheck.cli.plan_people import add_break, add_staff, refuse_people_options
    from iepcheck.store.plan_file import append_item, load_plan

    files = Files(plan, None)
    refuse_people_options(locals(), kind.value)
    if kind in (ItemKind.staff, ItemKind.break_):
        _refuse_options(GOAL_OPTIONS + ITEM_OPTIONS, locals(),
                        _("a service, accommodation or goal"))
        if kind is ItemKind.staff:
            add_staff(files.plan_path, name, item_id or slug_from(name), locals())
        else:
            if item_id is not None:
                raise UserError(_("--id: a break has no id; name it with NAME"))
            add_break(files.plan_path, name, locals())
        return
    current = load_plan(files.plan_path)
    if kind is ItemKind.goal:
        fields = _goal_fields(name, item_id, locals())
        _check_goal(current, fields)
        append_item(files.plan_path, kind.value, fields)
        typer.echo(fields["id"])
        return
    _refuse_options(GOAL_OPTIONS, locals(), "a goal")
    fields = _item_fields(kind.value, name, item_id or slug_from(name), locals())
    _check_fields(current, kind.value, fields)
    append_item(files.plan_path, kind.value, fields)
    typer.echo(fields["id"])


GOAL_OPTIONS = ("area", "measure", "baseline", "target", "services", "direction")
ITEM_OPTIONS = ("minutes", "times", "per", "location", "provider", "staff", "applies_to",
                "check_every", "start", "end", "cycle_days", "group", "consult", "esy")


def _refuse_options(options: tuple[str, ...], given: dict[str, Any], only_for: str) -> None:
    for option in options:
        if given[option] not in (None, False):
            raise UserError(_("--{replace}: only for {only_for}").format(
                replace=option.replace('_', '-'), only_for=only_for))


def _goal_fields(statement: str, goal_id: str | None, given: dict[str, Any]) -> dict[str, Any]:
    """The `[[goals]]` table the options describe (docs/goals.md), keys in the plan's order."""
    from iepcheck.evidence.goal_words import parse_point

    _refuse_options(ITEM_OPTIONS, given, _("a service or accommodation"))
    if not goal_id:
        raise UserError(_("--id: a goal needs a short id, typed when logging its measurements "
                          "(--id reading-fluency)"))
    for option in ("area", "measure", "baseline", "target"):
        if given[option] is None:
            raise UserError(_("--{option}: a goal needs --area, --measure, --baseline VALUE@DATE "
                              "and --target VALUE[@DATE]").format(option=option))
    today = clock().date()
    start, started = parse_point(given["baseline"], "--baseline", today=today, need_date=True)
    aim, by = parse_point(given["target"], "--target", today=today, need_date=False)
    fields: dict[str, Any] = {
        "id": goal_id, "area": given["area"], "statement": statement,
        "measure": given["measure"], "baseline": {"value": start, "date": started},
        "target": {"value": aim, **({"date": by} if by else {})}}
    if given["services"]:
        fields["services"] = given["services"]
    if given["direction"] is not None:
        fields["direction"] = given["direction"].value
    return fields


#: Which option a goal's key comes from, for messages.
GOAL_KEY_OPTIONS = {"id": "--id", "area": "--area", "statement": "NAME", "measure": "--measure",
                    "baseline": "--baseline", "target": "--target", "services": "--services",
                    "direction": "--direction"}


def _check_goal(plan: Plan, fields: dict[str, Any]) -> None:
    """Refuse with the option's name before the plan is touched."""
    import re

    from pydantic import ValidationError

    from iepcheck.plan.model import Goal, check_new_goal

    try:
        goal = Goal.model_validate(fields)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        option = GOAL_KEY_OPTIONS.get(str(first["loc"][0]), "--target") if first["loc"] else (
            "--direction")
        message = first["msg"].removeprefix("Value error, ")
        message = re.sub(r'set direction = "(\w+)"', r"give --direction \1", message)
        raise UserError(f"{option}: {message}") from None
    try:
        check_new_goal(plan, goal)
    except ValueError as error:
        where, _colon, what = str(error).partition(": ")
        key = where.rpartition("].")[2].partition(".")[0]
        raise UserError(f"{GOAL_KEY_OPTIONS.get(key, '--target')}: {what}") from None


def _item_fields(kind: str, name: str, item_id: str, given: dict[str, Any]) -> dict[str, Any]:

    from iepcheck.dates import parse_date

    if not item_id:
        raise UserError(_("--id: cannot make an id from this name; give one, e.g. --id speech"))
    service_only = ("minutes", "times", "per", "cycle_days", "group", "location", "provider")
    accommodation_only = ("applies_to",)
    wrong = service_only if kind == "accommodation" else accommodation_only
    for option in (*wrong, *(("consult", "esy") if kind == "accommodation" else ())):
        if given[option] not in (None, False):
            raise UserError((_("--{option}: only for a service") if kind == "accommodation" else
                             _("--{option}: only for an accommodation")).format(
                option=option.replace("_", "-")))
    fields: dict[str, Any] = {"id": item_id, "name": name}
    for key in (*service_only, "staff", "applies_to", "check_every"):
        value = given[key]
        if value is not None and value != []:
            fields[key] = value.value if isinstance(value, Enum) else value
    if given["consult"]:
        fields["delivery"] = "consult"
    if given["esy"]:
        fields["esy"] = True
    for key in ("start", "end"):
        if given[key] is not None:
            fields[key] = parse_date(given[key], today=clock().date(), option=f"--{key}")
    return fields


def _check_fields(plan: Plan, kind: str, fields: dict[str, Any]) -> None:
    """Refuse with the option's name before the plan is touched."""
    from pydantic import ValidationError

    from iepcheck.errors import key_path
    from iepcheck.plan.model import Accommodation, Service

    if plan.item(fields["id"]) or plan.staff_member(fields["id"]):
        raise UserError(_("--id: '{id}' is already used in the plan; choose another with "
                          "--id").format(id=fields["id"]))
    _require_staff(plan, fields.get("staff", []))
    if fields.get("provider"):  # a staff member by id, email or name; a stranger as written
        fields["provider"] = plan.resolve_who(fields["provider"], "--provider")
    model = Service if kind == "service" else Accommodation
    try:
        model.model_validate(fields)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        option = key_path(first["loc"]).replace("_", "-")
        where = f"--{option}" if option else "item"
        if option == "":  # a rule across options: minutes without per, end before start
            where = ("--per/--cycle-days" if "cycle_days" in first["msg"] else
                     "--esy/--start/--end" if "esy" in first["msg"] else
                     "--minutes/--per" if "per" in first["msg"] else "--start/--end")
        raise UserError(f"{where}: {first['msg'].removeprefix('Value error, ')}") from None


def _require_staff(plan: Plan, staff_ids: list[str]) -> None:
    """`--staff` names staff ids of the plan: a typo is refused with the closest one."""
    from iepcheck.errors import did_you_mean

    known = sorted(s.id for s in plan.staff)
    for staff_id in staff_ids:
        if staff_id not in known:
            listed = ", ".join(known) or _("none: add a [[staff]] table to the plan first")
            raise UserError(_("--staff: '{staff_id}' is not a staff id in the plan{did_you_mean} "
                              "({listed})").format(
                                  staff_id=staff_id, did_you_mean=did_you_mean(staff_id, known),
                                  listed=listed))


SERVICE_TERMS = ("minutes", "times", "per", "location", "provider")


def amend(
    item: Annotated[str, typer.Argument(help=_("The item's id (see 'iepcheck items')."),
                                        autocompletion=complete_item, show_default=False)],
    from_: Annotated[str, typer.Option("--from", help=_("The day the change takes effect."),
                                       show_default=False)],
    minutes: Annotated[int | None, typer.Option(
        help=_("New minutes per session (services)."))] = None,
    times: Annotated[int | None, typer.Option(help=_("New sessions per --per (services)."))] = None,
    per: Annotated[str | None, typer.Option(help=_("day, week or month (services)."))] = None,
    location: Annotated[str | None, typer.Option(help=_("New place (services)."))] = None,
    provider: Annotated[str | None, typer.Option(help=_("New provider (services)."))] = None,
    staff: Annotated[list[str] | None, typer.Option(
        help=_("Staff id responsible from then on (repeat; replaces the list)."),
        autocompletion=complete_staff)] = None,
    applies_to: Annotated[list[str] | None, typer.Option(
        help=_("Subject or setting from then on (accommodations; repeat; replaces the list)."))
    ] = None,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
) -> None:
    """Change an item's terms from a date (an amendment), keeping the rest of the plan file."""
    per = _per(per)
    from iepcheck.dates import parse_date
    from iepcheck.render.listing import change_words
    from iepcheck.store.plan_file import amend_item, load_plan

    files = Files(plan, None)
    today = today_from(as_of)
    day = parse_date(from_, today=today, option="--from")
    current = load_plan(files.plan_path)
    if current.goal(item) is not None:
        raise UserError(_("'{item}' is a goal; amend changes a service's or accommodation's "
                          "terms from a date. A goal the team rewrites is a new goal: add it "
                          "with 'iepcheck add-item goal' (its baseline the day it starts), so "
                          "the old goal's measurements keep their meaning").format(item=item))
    current.require_items([item])
    target = current.item(item)
    assert target is not None  # require_items refused every other id
    terms = _change_terms(target.kind, locals())
    if terms.get("provider"):
        terms["provider"] = current.resolve_who(terms["provider"], "--provider")
    _check_change(current, target, day, terms)
    amended = amend_item(files.plan_path, item, {"from": day, **terms})
    say(_("{item} from {day}: {change}").format(item=item, day=day.isoformat(),
                                               change=change_words(terms))
        + _schedule_then(amended.item(item), day))


def _change_terms(kind: str, given: dict[str, Any]) -> dict[str, Any]:
    """The terms the options set, in the plan's order; refuse an option of the other kind."""
    other, wrong = ((_("a service"), ("applies_to",)) if kind == "service"
                    else (_("an accommodation"), SERVICE_TERMS))
    for option in wrong:
        if given[option] is not None:
            raise UserError(_("--{replace}: '{item}' is {other}, which cannot change "
                              "{replace2}").format(
                replace=option.replace("_", "-"), item=given["item"], other=other,
                replace2=option.replace("_", " ")))
    keys = (*SERVICE_TERMS, "staff") if kind == "service" else ("applies_to", "staff")
    terms = {key: given[key].value if isinstance(given[key], Enum) else given[key]
             for key in keys if given[key] is not None}
    if not terms:
        options = ", ".join(f"--{key.replace('_', '-')}" for key in keys)
        raise UserError(_("nothing to change: give at least one of {options}").format(
            options=options))
    return terms


def _check_change(plan: Plan, item: Item, day: date, terms: dict[str, Any]) -> None:
    """Refuse with the option's name before the plan is touched: the day is within the
    item's dates and has no change yet, staff ids exist, the terms are valid and leave a
    service with minutes a `per`."""
    from datetime import date

    from pydantic import ValidationError

    from iepcheck.errors import key_path
    from iepcheck.plan.model import AccommodationChange, ServiceChange

    window = plan.window(item, day, day)
    if window is None:
        first, last = plan.window(item, date.min, date.max) or (plan.plan.start, plan.plan.end)
        raise UserError(_("--from: {day} is outside the dates '{id}' is in effect ({first} to "
                          "{last}); a change takes effect within them").format(
                              day=day, id=item.id, first=first, last=last))
    if any(change.from_ == day for change in item.changes):
        raise UserError(_("--from: '{id}' already has a change from {day}; add these terms to "
                          "that change in the plan by hand").format(id=item.id, day=day))
    _require_staff(plan, terms.get("staff", []))
    model = ServiceChange if item.kind == "service" else AccommodationChange
    try:
        model.model_validate({"from": day, **terms})
    except ValidationError as error:
        first_error = error.errors(include_url=False)[0]
        option = key_path(first_error["loc"][:1]).replace("_", "-")
        raise UserError(f"--{option or 'from'}: "
                        f"{first_error['msg'].removeprefix('Value error, ')}") from None
    after = item.terms_on(day).model_copy(update=terms)
    if getattr(after, "minutes", None) is not None and getattr(after, "per", None) is None:
        raise UserError(_("--per: from {day} '{id}' would have minutes but no per; add --per "
                          "day, week or month").format(day=day, id=item.id))


def _schedule_then(item: Item | None, day: date) -> str:
    """' (30 min × 3 per week)': a service's schedule from the change on."""
    from iepcheck.render.listing import schedule_words

    words = schedule_words(item, on=day) if item is not None else ""
    return f" ({words})" if words else ""


def items(plan: PlanOpt = None, log: LogOpt = None, format: FormatOpt = ListFormat.table,
          as_of: AsOfOpt = None, pager: PagerOpt = True) -> None:
    """List the plan's services, accommodations and staff, with the terms in effect today."""
    from iepcheck.render import listing

    _files, today, current = Files.at(plan, log, as_of)
    if format is ListFormat.json:
        typer.echo(listing.items_json(current))
        return
    from iepcheck.cli.pager import show_renderables

    show_renderables(listing.items_tables(current, today), page=pager)
