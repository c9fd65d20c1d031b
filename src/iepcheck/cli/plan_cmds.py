"""`init`, `add-item`, `items`: the plan file."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from iepcheck.cli.options import (
    Files,
    FormatOpt,
    ListFormat,
    LogOpt,
    PlanOpt,
    clock,
    complete_staff,
)
from iepcheck.errors import UserError

if TYPE_CHECKING:
    from iepcheck.plan import Plan


class ItemKind(str, Enum):
    service = "service"
    accommodation = "accommodation"


class PerChoice(str, Enum):
    day = "day"
    week = "week"
    month = "month"


def init(plan: PlanOpt = None) -> None:
    """Write a commented starter plan to fill in from the IEP or 504 document."""
    from iepcheck.planfile import write_starter_plan

    files = Files(plan, None)
    write_starter_plan(files.plan_path)
    typer.echo(f"Wrote {files.plan_path}. Fill it in from the plan document, then add items "
               "with 'iepcheck add-item'.")


def slug_from(name: str) -> str:
    """'Speech & Language Therapy' -> 'speech-language-therapy'."""
    import re
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48].strip("-")


def add_item(
    kind: Annotated[ItemKind, typer.Argument(help="service or accommodation.")],
    name: Annotated[str, typer.Argument(help="What the plan calls it, in quotes.")],
    item_id: Annotated[str | None, typer.Option("--id", help="Short id [default: from NAME].")] = None,
    minutes: Annotated[int | None, typer.Option(help="Minutes per session (services).")] = None,
    times: Annotated[int | None, typer.Option(help="Sessions per --per (services).")] = None,
    per: Annotated[PerChoice | None, typer.Option(help="day, week or month.")] = None,
    location: Annotated[str | None, typer.Option(help="Where (services).")] = None,
    provider: Annotated[str | None, typer.Option(help="Staff id or name (services).")] = None,
    staff: Annotated[list[str] | None, typer.Option(
        help="Staff id responsible (repeat for several).", autocompletion=complete_staff)] = None,
    applies_to: Annotated[list[str] | None, typer.Option(
        help="Subject or setting (accommodations; repeat).")] = None,
    check_every: Annotated[str | None, typer.Option(help="Evidence interval, e.g. 14d.")] = None,
    start: Annotated[str | None, typer.Option(help="First day, if not the plan's start.")] = None,
    end: Annotated[str | None, typer.Option(help="Last day, if not the plan's end.")] = None,
    plan: PlanOpt = None,
) -> None:
    """Add a service or accommodation to the plan, keeping the rest of the file as it is."""
    from iepcheck.planfile import append_item, load_plan

    files = Files(plan, None)
    current = load_plan(files.plan_path)
    fields = _item_fields(kind.value, name, item_id or slug_from(name), locals())
    _check_fields(current, kind.value, fields)
    append_item(files.plan_path, kind.value, fields)
    typer.echo(fields["id"])


def _item_fields(kind: str, name: str, item_id: str, given: dict[str, Any]) -> dict[str, Any]:

    from iepcheck.dates import parse_date

    if not item_id:
        raise UserError("--id: cannot make an id from this name; give one, e.g. --id speech")
    service_only = ("minutes", "times", "per", "location", "provider")
    accommodation_only = ("applies_to",)
    wrong = service_only if kind == "accommodation" else accommodation_only
    for option in wrong:
        if given[option] is not None:
            raise UserError(f"--{option.replace('_', '-')}: only for a "
                            f"{'service' if kind == 'accommodation' else 'accommodation'}")
    fields: dict[str, Any] = {"id": item_id, "name": name}
    for key in (*service_only, "staff", "applies_to", "check_every"):
        value = given[key]
        if value is not None and value != []:
            fields[key] = value.value if isinstance(value, Enum) else value
    for key in ("start", "end"):
        if given[key] is not None:
            fields[key] = parse_date(given[key], today=clock().date(), option=f"--{key}")
    return fields


def _check_fields(plan: Plan, kind: str, fields: dict[str, Any]) -> None:
    """Refuse with the option's name before the plan is touched."""
    from pydantic import ValidationError

    from iepcheck.errors import key_path
    from iepcheck.plan import Accommodation, Service

    if plan.item(fields["id"]) or plan.staff_member(fields["id"]):
        raise UserError(f"--id: '{fields['id']}' is already used in the plan; choose another "
                        "with --id")
    known = {s.id for s in plan.staff}
    for staff_id in fields.get("staff", []):
        if staff_id not in known:
            listed = ", ".join(sorted(known)) or "none: add a [[staff]] table to the plan first"
            raise UserError(f"--staff: '{staff_id}' is not a staff id in the plan ({listed})")
    model = Service if kind == "service" else Accommodation
    try:
        model.model_validate(fields)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        option = key_path(first["loc"]).replace("_", "-")
        where = f"--{option}" if option else "item"
        if option == "":  # a rule across options: minutes without per, end before start
            where = "--minutes/--per" if "per" in first["msg"] else "--start/--end"
        raise UserError(f"{where}: {first['msg'].removeprefix('Value error, ')}") from None


def items(plan: PlanOpt = None, log: LogOpt = None, format: FormatOpt = ListFormat.table) -> None:
    """List the plan's services, accommodations and staff."""
    from iepcheck.render import listing

    current = Files(plan, log).plan()
    if format is ListFormat.json:
        typer.echo(listing.items_json(current))
        return
    from iepcheck.render.console import print_renderables

    print_renderables(*listing.items_tables(current))
