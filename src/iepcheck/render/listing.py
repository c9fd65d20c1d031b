"""Tables and JSON for `items` and `history`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from iepcheck.language.messages import N_, _
from iepcheck.record.authors import OWNER, label
from iepcheck.render.console import plain
from iepcheck.render.escape import json_text
from iepcheck.vocabulary import finding_word, kind_word

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import date

    from rich.table import Table
    from rich.text import Text

    from iepcheck.plan.model import Item, Plan
    from iepcheck.record.entries import EntryKey, Observation


def schedule_words(item: Item, on: date | None = None) -> str:
    """'30 min × 2 per week' for a service with minutes; '' otherwise. With `on`, the terms
    in effect that day (after the item's changes up to it)."""
    from iepcheck.plan.model import Service

    if on is not None:
        item = item.terms_on(on)
    if not isinstance(item, Service) or item.minutes is None:
        return ""
    if item.times != 1:
        words = _("{minutes} min × {times} per {per}").format(
            minutes=item.minutes, times=item.times, per=item.period_name)
    else:
        words = _("{minutes} min per {per}").format(minutes=item.minutes, per=item.period_name)
    if item.delivery == "consult":
        words = _("{terms}, consult").format(terms=words)
    if item.group:
        words = _("{terms}, group of {size}").format(terms=words, size=item.group)
    return _("{terms}, ESY").format(terms=words) if item.esy else words


def change_words(terms: dict[str, Any]) -> str:
    """'times 3, staff ms-lee and mr-ortiz': what a change sets, in words."""
    def value(term: Any) -> str:
        if isinstance(term, (list, tuple)):
            return ", ".join(map(str, term)) or _("none")
        return str(term)

    return ", ".join(f"{key.replace('_', ' ')} {value(term)}" for key, term in terms.items())


def changes_json(item: Item) -> list[dict[str, Any]]:
    """The item's changes in date order: `{"from": "2027-01-10", "times": 3}`."""
    return [{"from": change.from_.isoformat(),
             **{key: list(term) if isinstance(term, tuple) else term
                for key, term in change.terms.items()}}
            for change in sorted(item.changes, key=lambda c: c.from_)]


def changes_lines(item: Item) -> str:
    """One line per change, in date order: 'from 2027-01-10: times 3'."""
    return "\n".join(_("from {day}: {terms}").format(day=change.from_.isoformat(),
                                                     terms=change_words(change.terms))
                     for change in sorted(item.changes, key=lambda c: c.from_))


def item_json(plan: Plan, item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "name": item.name,
        "minutes": getattr(item, "minutes", None),
        "times": getattr(item, "times", None) if getattr(item, "minutes", None) else None,
        "per": getattr(item, "per", None),
        # The newer terms appear only where the plan sets them (docs/json.md).
        **{key: getattr(item, key) for key in ("cycle_days", "group")
           if getattr(item, key, None) is not None},
        **({"delivery": "consult"} if getattr(item, "delivery", "") == "consult" else {}),
        **({"esy": True} if getattr(item, "esy", False) else {}),
        "location": getattr(item, "location", None),
        "provider": getattr(item, "provider", None),
        "staff": list(item.staff),
        "applies_to": list(getattr(item, "applies_to", ())),
        "start": item.start.isoformat() if item.start else None,
        "end": item.end.isoformat() if item.end else None,
        "check_every_days": plan.check_every(item),
        "changes": changes_json(item),
    }


def items_json(plan: Plan) -> str:
    from iepcheck.render.formats import json_header

    document = {
        **json_header("items"),
        "items": [item_json(plan, item) for item in plan.items],
        "staff": [s.model_dump(mode="json") for s in plan.staff],
        "goals": [{**g.model_dump(mode="json"), "target": {
            "value": g.target.value, "date": plan.target_date(g).isoformat()}}
                  for g in plan.goals],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False))


def items_tables(plan: Plan, today: date | None = None) -> list[Table]:
    """The items (with `today`, their schedule and who as they stand that day, and a column
    of their dated changes when any has one) and the staff."""
    from rich.table import Table

    from iepcheck.letters.compose import kind_name
    from iepcheck.render.words import item_kind_label

    items = Table(title=plain(_("{student}: {kind} items").format(
        student=plan.student.name, kind=kind_name(plan.plan.kind))), title_justify="left")
    with_changes = any(item.changes for item in plan.items)
    for column in (_("id"), _("kind"), _("name"), _("schedule"), _("who"), _("dates"),
                   *((_("changes"),) if with_changes else ())):
        items.add_column(column)
    for item in plan.items:
        now = item.terms_on(today) if today is not None else item
        who = ", ".join(dict.fromkeys(filter(None, [getattr(now, "provider", None), *now.staff])))
        dates = _item_dates(item)
        cells: list[str | Text] = [item.id, item_kind_label(item.kind), plain(item.name),
                                   schedule_words(now),
                                   plain(who), dates]
        items.add_row(*cells, *((plain(changes_lines(item)),) if with_changes else ()))
    staff = Table(title=_("Staff"), title_justify="left")
    for column in (_("id"), _("name"), _("role"), _("email")):
        staff.add_column(column)
    for member in plan.staff:
        role = member.role or ""
        if member.case_manager:
            role = _("{role} (case manager)").format(role=role).strip()
        staff.add_row(member.id, plain(member.name), plain(role), plain(member.email or ""))
    return [items, staff, *goals_table(plan)]


def _item_dates(item: Item) -> str:
    """'2027-01-10 to 2027-06-01', one of them, or '' for an item of the whole plan."""
    if item.start and item.end:
        return _("{since} to {until}").format(since=item.start.isoformat(),
                                              until=item.end.isoformat())
    day = item.start or item.end
    return day.isoformat() if day else ""


def goals_table(plan: Plan) -> list[Table]:
    """The annual goals (none: no table): where each starts and aims (docs/goals.md)."""
    from rich.table import Table

    from iepcheck.record.drafts import number_text

    if not plan.goals:
        return []
    table = Table(title=_("Annual goals"), title_justify="left")
    for column in (_("id"), _("area"), _("statement"), _("measure"), _("baseline"), _("target"),
                   _("services")):
        table.add_column(column)
    for goal in plan.goals:
        measure = (goal.measure if goal.direction == "up"
                   else _("{measure} (lower is better)").format(measure=goal.measure))
        table.add_row(goal.id, plain(goal.area), plain(goal.statement), plain(measure),
                      _("{value} on {day}").format(value=number_text(goal.baseline.value),
                                                   day=goal.baseline.date),
                      _("{value} by {day}").format(value=number_text(goal.target.value),
                                                   day=plan.target_date(goal)),
                      ", ".join(goal.services))
    return [table]


def history_json(entries: list[Observation], retracted: frozenset[EntryKey]) -> str:
    """The whole `{"entries": [...]}` document as one string, ending with a line break (see
    `history_json_chunks`)."""
    return "".join(history_json_chunks(entries, retracted))


def history_json_chunks(entries: Iterable[Observation],
                        retracted: frozenset[EntryKey]) -> Iterator[str]:
    """`{"entries": [...]}` and a line break, each entry with `retracted`, one entry at a time;
    an entry of another author's log with `author` (docs/authors.md).

    The text is exactly what `json.dumps(document, indent=2)` would give: each entry is
    dumped alone and indented to its place (a JSON string never holds a raw line break).
    """
    from iepcheck.record.entries import entry_json
    from iepcheck.render.formats import JSON_VERSION

    encoder = json.JSONEncoder(indent=2, ensure_ascii=False)
    yield f'{{\n  "format": "iepcheck-history",\n  "version": {JSON_VERSION},\n  "entries": ['
    separator = "\n    "
    for e in entries:
        row = encoder.encode({**entry_json(e), **({"author": e.author} if e.author != OWNER
                                                   else {}), "retracted": e.key in retracted})
        yield separator + json_text(row).replace("\n", "\n    ")
        separator = ",\n    "
    yield "\n  ]\n}\n" if separator.startswith(",") else "]\n}\n"


HISTORY_COLUMNS = ("#", N_("date"), N_("kind"), N_("items"), N_("finding"), N_("min"), N_("who"),
                   N_("note"))
#: Columns aligned on the right (numbers).
_RIGHT = frozenset({0, 5})
#: A column grows to its widest value up to this many cells; a longer value is printed whole
#: and pushes only its own row out of line (nothing the record says is ever cut).
WIDEST_COLUMN = 40
_GAP = "  "


def cell_width(text: str) -> int:
    """Terminal cells `text` takes: 2 for a wide (East Asian) character, 0 for a combining
    mark or a zero-width character, 1 for the rest."""
    if text.isascii():
        return len(text)
    import unicodedata

    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def finding_words(entry: Observation) -> str:
    """The finding, or one per item when the entry gives them item by item:
    'seating: implemented; breaks: not-implemented'."""
    if not entry.findings:
        return finding_word(entry.finding) if entry.finding else ""
    return "; ".join(f"{item}: {finding_word(entry.finding_for(item) or '')}" for item in entry.items
                     if entry.finding_for(item))


def day_words(entry: Observation) -> str:
    """The day observed, or the days a service log covers: '2026-09-01..2026-09-30'."""
    if entry.covers_from is not None and entry.covers_from != entry.date:
        return f"{entry.covers_from.isoformat()}..{entry.date.isoformat()}"
    return entry.date.isoformat()


def history_cells(entry: Observation, retracted: frozenset[EntryKey],
                  me: str = OWNER) -> tuple[str, ...]:
    """The one-line columns of a row (every column but the note), control characters shown;
    `me` reads it: another author's entry is numbered `dad#12`."""
    from iepcheck.render.escape import terminal_line

    finding = finding_words(entry)
    if entry.key in retracted:
        finding = _("{finding} (retracted)").format(finding=finding).strip()
    number = str(entry.n) if entry.author == me else label(entry.author, entry.n, me)
    return (number, day_words(entry), kind_word(entry.kind), terminal_line(", ".join(entry.items)),
            terminal_line(finding), "" if entry.minutes is None else str(entry.minutes),
            terminal_line(entry.who or ""))


def history_note(entry: Observation, me: str = OWNER) -> list[str]:
    """The note's lines, with what withdraws or is attached to the entry; controls shown."""
    from iepcheck.render.escape import terminal

    note = entry.note or ""
    if entry.retracts is not None:
        note = _("retracts {entry}: {note}").format(entry=label(entry.author, entry.retracts, me),
                                                   note=note)
    if entry.attachments:
        note += " " + _("[{count} attached]").format(count=len(entry.attachments))
    return terminal(note).split("\n")


def history_text(entries: list[Observation], retracted: frozenset[EntryKey],
                 me: str = OWNER) -> tuple[int, Iterator[str]]:
    """(number of lines, the lines): the history as plain aligned columns, oldest first.

    Two linear passes: the first measures the columns, the second yields each line as it is
    made, so output starts at once and no table of the whole log is held in memory. A note
    runs on under its own column, line by line.
    """
    widths = [cell_width(_(name)) for name in HISTORY_COLUMNS[:-1]]
    count = 1
    for entry in entries:
        for column, cell in enumerate(history_cells(entry, retracted, me)):
            widths[column] = max(widths[column], min(cell_width(cell), WIDEST_COLUMN))
        count += 1 + (_line_breaks(entry.note) if entry.note else 0)
    return count, _history_lines(entries, retracted, widths, me)


def _history_lines(entries: list[Observation], retracted: frozenset[EntryKey],
                   widths: list[int], me: str) -> Iterator[str]:
    indent = " " * (sum(widths) + len(_GAP) * len(widths))
    names = [_(name) for name in HISTORY_COLUMNS]
    yield _row(names[:-1], widths) + _GAP + names[-1]
    for entry in entries:
        first, *more = history_note(entry, me)
        yield (_row(history_cells(entry, retracted, me), widths) + _GAP + first).rstrip()
        for line in more:
            yield (indent + line).rstrip()


def _line_breaks(text: str) -> int:
    """Line breaks as the terminal escaper counts them: LF, CRLF and a lone CR."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _row(cells: Iterable[str], widths: list[int]) -> str:
    parts = []
    for column, cell in enumerate(cells):
        pad = " " * max(0, widths[column] - cell_width(cell))
        parts.append(pad + cell if column in _RIGHT else cell + pad)
    return _GAP.join(parts)
