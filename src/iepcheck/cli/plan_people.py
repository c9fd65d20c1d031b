"""`add-item staff` and `add-item break`: the plan's people and days off without editing TOML.

The parent's first steps after `init` are the staff and the school calendar; these two kinds
of `add-item` add them through the same path as every other item (the plan checked, then
appended to, every byte kept). No rules here: the plan's models hold them.
"""

from __future__ import annotations

from typing import Any

import typer

from iepcheck.cli.options import clock
from iepcheck.errors import UserError
from iepcheck.language.messages import _

STAFF_OPTIONS = ("email", "role", "case_manager")
BREAK_OPTIONS = ("from_", "to")


def refuse_people_options(given: dict[str, Any], kind: str) -> None:
    """`--email` and the like belong to staff, `--from`/`--to` to a break."""
    for option in STAFF_OPTIONS if kind != "staff" else ():
        if given[option] not in (None, False):
            raise UserError(_("--{replace}: only for 'add-item staff'").format(
                replace=option.replace('_', '-')))
    for option in BREAK_OPTIONS if kind != "break" else ():
        if given[option] is not None:
            raise UserError(_("--{rstrip}: only for 'add-item break' (for an item's own dates "
                              "use --start and --end)").format(rstrip=option.rstrip('_')))


def add_staff(path: Any, name: str, staff_id: str, given: dict[str, Any]) -> None:
    """Append a `[[staff]]` table (`staff_id`: `--id`, else made from the name); one case
    manager at most."""
    from pydantic import ValidationError

    from iepcheck.errors import key_path
    from iepcheck.plan.model import Staff
    from iepcheck.store.plan_file import append_item, load_plan

    plan = load_plan(path)
    fields: dict[str, Any] = {"id": staff_id, "name": name}
    for key in ("role", "email"):
        if given[key] is not None:
            fields[key] = given[key]
    if given["case_manager"]:
        fields["case_manager"] = True
        manager = next((s for s in plan.staff if s.case_manager), None)
        if manager is not None:
            raise UserError(_("--case-manager: {name} ({id}) is already the case manager; the "
                              "plan has one").format(name=manager.name, id=manager.id))
    if not fields["id"]:
        raise UserError(_("--id: cannot make an id from this name; give one, e.g. --id ms-lee"))
    if plan.staff_member(fields["id"]) or plan.item(fields["id"]) or plan.goal(fields["id"]):
        raise UserError(_("--id: '{id}' is already used in the plan; choose another with "
                          "--id").format(id=fields["id"]))
    try:
        Staff.model_validate(fields)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        option = key_path(first["loc"]).replace("_", "-") or "id"
        where = "NAME" if option == "name" else f"--{option}"
        raise UserError(f"{where}: {first['msg'].removeprefix('Value error, ')}") from None
    append_item(path, "staff", fields)
    typer.echo(fields["id"])


def add_break(path: Any, name: str, given: dict[str, Any]) -> None:
    """Add days without school: `--from` alone is one day, `--from … --to …` a range."""
    from iepcheck.dates import parse_date
    from iepcheck.plan.fields import in_bounds
    from iepcheck.store.plan_calendar import add_days_off

    if given["from_"] is None:
        raise UserError(_("--from: say the first day off, e.g. --from 2026-12-21 (add --to for "
                          "the last day of a break)"))
    today = clock().date()
    first = parse_date(given["from_"], today=today, option="--from")
    last = parse_date(given["to"], today=today, option="--to") if given["to"] else first
    if last < first:
        raise UserError(_("--to: {last} is before --from {first}; give the last day off").format(
            last=last, first=first))
    for option, day in (("--from", first), ("--to", last)):
        try:
            in_bounds(day)
        except ValueError as error:
            raise UserError(f"{option}: {error}") from None
    text = " ".join(name.split())
    if not text or any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise UserError(_('NAME: name the break in words, e.g. "Winter break"'))
    add_days_off(path, first, last, text)
    typer.echo(f"{first}..{last}" if last != first else first.isoformat())
