"""`iepcheck due` as tables for a person (its JSON shape is `Due.as_json`, docs/json.md).

rich is imported inside `due_tables`, so `due --format json` in a shell profile never loads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.dates import long, short, weekday_short
from iepcheck.record.authors import OWNER, label
from iepcheck.render.console import plain

if TYPE_CHECKING:
    from rich.table import Table

    from iepcheck.due.reminders import Due


def nothing_due(due: Due) -> str:
    """The one line when nothing is listed; never 'nothing due' for a plan with no items."""
    if due.warnings:
        return f"As of {long(due.as_of)}, {_sentences(due.warnings)}"
    return (f"Nothing due as of {long(due.as_of)}: no item needs checking, no email is overdue, "
            f"and no plan date falls in the next {due.within_days} days.")


def _sentences(warnings: tuple[str, ...]) -> str:
    return " ".join(f"{w}." for w in warnings)


def due_tables(due: Due, names: dict[str, str], me: str = OWNER) -> list[Table | str]:
    """One short table per kind of reminder that has something in it; `names` maps staff ids;
    entries are numbered as `me` sees them (`#12` mine, `dad#12` dad's)."""
    from rich.table import Table

    parts: list[Table | str] = [f"Due as of {long(due.as_of)}"]
    parts += [f"Note: {w}." for w in due.warnings]
    if due.items:
        table = _table(Table, "Check these items", "item", "status", "last evidence", "next step")
        for i in due.items:
            table.add_row(i.id, i.status, short(i.last_evidence) if i.last_evidence else "none",
                          plain(i.next_step))
        parts.append(table)
    if due.unanswered:
        table = _table(Table, "Unanswered emails", "#", "to", "sent", "overdue", "escalate to")
        for u in due.unanswered:
            escalate = names.get(u.escalate_to, u.escalate_to) if u.escalate_to else "—"
            table.add_row(label(u.author, u.n, me), plain(u.name), short(u.date),
                          _days(u.overdue_days), plain(escalate))
        parts.append(table)
    for what, title in (("records", "Records requests overdue"),
                        ("visit", "Visit requests overdue")):
        overdue = [r for r in due.records_overdue if r.what == what]
        if not overdue:
            continue
        table = _table(Table, title, "#", "to", "sent", "due", "overdue")
        for r in overdue:
            table.add_row(f"#{r.n}", plain(r.name), short(r.sent), short(r.due),
                          _days(r.overdue_days))
        parts.append(table)
    if due.never_contacted:
        table = _table(Table, "Not yet contacted", "staff", "items")
        for s in due.never_contacted:
            table.add_row(plain(s.name), ", ".join(s.items))
        parts.append(table)
    if due.meeting_requests:
        table = _table(Table, "Goals behind at two progress reports: request a meeting", "goal",
                       "next step")
        for m in due.meeting_requests:
            table.add_row(m.goal, plain(m.next_step))
        parts.append(table)
    if due.progress_reports:
        table = _table(Table, "Progress reports to ask for", "report of", "goals not measured",
                       "next step")
        for report in due.progress_reports:
            table.add_row(short(report.date), ", ".join(report.goals), plain(report.next_step))
        parts.append(table)
    if due.pages_to_send:
        parts.append(pages_table(due))
    if due.upcoming:
        table = _table(Table, f"Coming up in the next {due.within_days} days", "date", "event")
        for d in due.upcoming:
            table.add_row(weekday_short(d.date), plain(d.event))
        parts.append(table)
    return parts


def pages_table(due: Due) -> Table:
    """Whom to send the plan at a glance, and why now (docs/at-a-glance.md)."""
    from rich.table import Table

    table = _table(Table, "Send the plan at a glance", "staff", "why", "next step")
    for page in due.pages_to_send:
        table.add_row(plain(page.name), f"{plain(page.why)} ({short(page.since)})",
                      plain(page.next_step))
    return table


def _table(table_class: type[Table], title: str, *columns: str) -> Table:
    table = table_class(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"
