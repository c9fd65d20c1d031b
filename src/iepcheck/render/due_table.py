"""`iepcheck due` as tables for a person (its JSON shape is `Due.as_json`, docs/json.md).

rich is imported inside `due_tables`, so `due --format json` in a shell profile never loads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.dates import long, short, weekday_short
from iepcheck.language.messages import _, n_
from iepcheck.record.authors import OWNER, label
from iepcheck.render.console import plain
from iepcheck.render.words import no_date, status_label

if TYPE_CHECKING:
    from rich.table import Table

    from iepcheck.due.reminders import Due


def nothing_due(due: Due) -> str:
    """The one line when nothing is listed; never 'nothing due' for a plan with no items."""
    if due.warnings:
        return _("As of {day}, {warnings}").format(day=long(due.as_of),
                                                  warnings=_sentences(due.warnings))
    return n_("Nothing due as of {day}: no item needs checking, no email is overdue, and no plan "
              "date falls in the next {count} day.",
              "Nothing due as of {day}: no item needs checking, no email is overdue, and no plan "
              "date falls in the next {count} days.", due.within_days).format(
        day=long(due.as_of), count=due.within_days)


def _sentences(warnings: tuple[str, ...]) -> str:
    return " ".join(f"{w}." for w in warnings)


def due_tables(due: Due, names: dict[str, str], me: str = OWNER) -> list[Table | str]:
    """One short table per kind of reminder that has something in it; `names` maps staff ids;
    entries are numbered as `me` sees them (`#12` mine, `dad#12` dad's)."""
    from rich.table import Table

    parts: list[Table | str] = [_("Due as of {day}").format(day=long(due.as_of))]
    parts += [_("Note: {warning}.").format(warning=w) for w in due.warnings]
    if due.items:
        table = _table(Table, _("Check these items"), _("item"), _("status"), _("last evidence"),
                       _("next step"))
        for i in due.items:
            table.add_row(i.id, status_label(i.status),
                          short(i.last_evidence) if i.last_evidence else no_date(),
                          plain(i.next_step))
        parts.append(table)
    if due.unanswered:
        table = _table(Table, _("Unanswered emails"), "#", _("to"), _("sent"), _("overdue"),
                       _("escalate to"))
        for u in due.unanswered:
            escalate = names.get(u.escalate_to, u.escalate_to) if u.escalate_to else "—"
            table.add_row(label(u.author, u.n, me), plain(u.name), short(u.date),
                          _days(u.overdue_days), plain(escalate))
        parts.append(table)
    for what, title in (("records", _("Records requests overdue")),
                        ("visit", _("Visit requests overdue"))):
        overdue = [r for r in due.records_overdue if r.what == what]
        if not overdue:
            continue
        table = _table(Table, title, "#", _("to"), _("sent"), _("due"), _("overdue"))
        for r in overdue:
            table.add_row(f"#{r.n}", plain(r.name), short(r.sent), short(r.due),
                          _days(r.overdue_days))
        parts.append(table)
    if due.never_contacted:
        table = _table(Table, _("Not yet contacted"), _("staff"), _("items"))
        for s in due.never_contacted:
            table.add_row(plain(s.name), ", ".join(s.items))
        parts.append(table)
    if due.meeting_requests:
        table = _table(Table, _("Goals behind at two progress reports: request a meeting"),
                       _("goal"), _("next step"))
        for m in due.meeting_requests:
            table.add_row(m.goal, plain(m.next_step))
        parts.append(table)
    if due.progress_reports:
        table = _table(Table, _("Progress reports to ask for"), _("report of"),
                       _("goals not measured"), _("next step"))
        for report in due.progress_reports:
            table.add_row(short(report.date), ", ".join(report.goals), plain(report.next_step))
        parts.append(table)
    if due.pages_to_send:
        parts.append(pages_table(due))
    if due.upcoming:
        table = _table(Table, n_("Coming up in the next {count} day",
                                 "Coming up in the next {count} days", due.within_days).format(
                                     count=due.within_days), _("date"), _("event"))
        for d in due.upcoming:
            table.add_row(weekday_short(d.date), plain(d.event))
        parts.append(table)
    return parts


def pages_table(due: Due) -> Table:
    """Whom to send the plan at a glance, and why now (docs/at-a-glance.md)."""
    from rich.table import Table

    table = _table(Table, _("Send the plan at a glance"), _("staff"), _("why"), _("next step"))
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
    return n_("{count} day", "{count} days", count).format(count=count)
