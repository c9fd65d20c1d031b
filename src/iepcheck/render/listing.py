"""Tables and JSON for `items` and `history`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from iepcheck.render.console import plain
from iepcheck.render.escape import json_text

if TYPE_CHECKING:
    from rich.table import Table

    from iepcheck.observations import Observation
    from iepcheck.plan import Item, Plan


def schedule_words(item: Item) -> str:
    """'30 min × 2 per week' for a service with minutes; '' otherwise."""
    from iepcheck.plan import Service

    if not isinstance(item, Service) or item.minutes is None:
        return ""
    times = f" × {item.times}" if item.times != 1 else ""
    return f"{item.minutes} min{times} per {item.per}"


def item_json(plan: Plan, item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "name": item.name,
        "minutes": getattr(item, "minutes", None),
        "times": getattr(item, "times", None) if getattr(item, "minutes", None) else None,
        "per": getattr(item, "per", None),
        "location": getattr(item, "location", None),
        "provider": getattr(item, "provider", None),
        "staff": list(item.staff),
        "applies_to": list(getattr(item, "applies_to", ())),
        "start": item.start.isoformat() if item.start else None,
        "end": item.end.isoformat() if item.end else None,
        "check_every_days": plan.check_every(item),
    }


def items_json(plan: Plan) -> str:
    document = {
        "items": [item_json(plan, item) for item in plan.items],
        "staff": [s.model_dump(mode="json") for s in plan.staff],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False))


def items_tables(plan: Plan) -> list[Table]:
    from rich.table import Table

    items = Table(title=plain(f"{plan.student.name}: {plan.plan.kind} items"),
                  title_justify="left")
    for column in ("id", "kind", "name", "schedule", "who", "dates"):
        items.add_column(column)
    for item in plan.items:
        who = ", ".join(dict.fromkeys(filter(None, [getattr(item, "provider", None), *item.staff])))
        dates = " to ".join(d.isoformat() for d in (item.start, item.end) if d) if (
            item.start or item.end) else ""
        items.add_row(item.id, item.kind, plain(item.name), schedule_words(item), plain(who), dates)
    staff = Table(title="Staff", title_justify="left")
    for column in ("id", "name", "role", "email"):
        staff.add_column(column)
    for member in plan.staff:
        role = (member.role or "") + (" (case manager)" if member.case_manager else "")
        staff.add_row(member.id, plain(member.name), plain(role), plain(member.email or ""))
    return [items, staff]


def history_json(entries: list[Observation], retracted: frozenset[int]) -> str:
    from iepcheck.observations import entry_json

    rows = [{**entry_json(e), "retracted": e.n in retracted} for e in entries]
    return json_text(json.dumps({"entries": rows}, indent=2, ensure_ascii=False))


def history_table(entries: list[Observation], retracted: frozenset[int]) -> Table:
    from rich.table import Table

    table = Table(title_justify="left")
    for column in ("#", "date", "kind", "items", "finding", "min", "who", "note"):
        table.add_column(column, overflow="fold")
    for e in entries:
        note = e.note or ""
        if e.retracts is not None:
            note = f"retracts #{e.retracts}: {note}"
        if e.attachments:
            note += f" [{len(e.attachments)} attached]"
        style = "strike dim" if e.n in retracted else ""
        finding = e.finding or ""
        if e.n in retracted:
            finding = f"{finding} (retracted)".strip()
        cells = [str(e.n), e.date.isoformat(), e.kind, ", ".join(e.items), finding,
                 "" if e.minutes is None else str(e.minutes), e.who or "", note]
        table.add_row(*(plain(c, style=style) for c in cells))
    return table
