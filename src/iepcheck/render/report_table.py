"""The report as a terminal table (rich, imported here only when a table is asked for).

Status is always a word; colour only repeats it, so the table reads the same in black and white,
through a pipe, or with NO_COLOR.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.dates import long, short
from iepcheck.evidence.report import age_days, heading, is_consult, summary_line
from iepcheck.language.messages import _
from iepcheck.render.console import as_plain_text, plain
from iepcheck.render.words import no_date, status_label, verdict_label
from iepcheck.vocabulary import Status, finding_word

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

    from iepcheck.evidence.report import Report, ReportItem

STATUS_STYLES = {
    Status.not_implemented: "bold red",
    Status.no_evidence: "red",
    Status.stale: "yellow",
    Status.partial: "magenta",
    Status.minutes_short: "cyan",
    Status.ok: "green",
    Status.inactive: "dim",
}
MINUTE_COLUMNS = ("required", "delivered", "missed", "unaccounted", "owed")
#: Bar cells: block characters on a terminal, plain ASCII in a pipe or a file.
TERMINAL_BAR = ("█", "░")
PLAIN_BAR = ("#", ".")


def minute_titles() -> tuple[str, ...]:
    """The minute columns' headings in the reader's language, in MINUTE_COLUMNS' order."""
    return (_("required"), _("delivered"), _("missed"), _("unaccounted"), _("owed"))


def report_renderables(report: Report,
                       bar_cells: tuple[str, str] = PLAIN_BAR) -> list[RenderableType]:
    """Heading, the items, the service minutes and a bar of each service's delivered share,
    the summary, warnings and the method."""

    from iepcheck.render import narrow_report as narrow

    parts: list[RenderableType] = [narrow.Fitted(_items_table(report), lambda: narrow.narrow_items(
        report, _item_cell, _last_evidence, STATUS_STYLES)) if report.items
        else plain(heading(report))]
    if any(item.minutes for item in report.items):
        if any(item.minutes and not is_consult(item) for item in report.items):
            parts.append(narrow.Fitted(_minutes_table(report),
                                       lambda: narrow.narrow_minutes(report, MINUTE_COLUMNS)))
        consult = [item for item in report.items if item.minutes and is_consult(item)]
        parts += [_consult_table(consult)] if consult else []
        from iepcheck.render.report_voices import voices_table

        voices = voices_table(report)
        parts += [voices] if voices is not None else []
        parts += [_minute_bars(report, bar_cells), plain("")]
    if report.goals:
        parts.append(narrow.Fitted(_goals_table(report),
                                   lambda: narrow.narrow_goals(report, GOAL_STYLES)))
    parts.append(plain(summary_line(report) + ".", style="bold"))
    parts += [plain(_("Warning: {warning}").format(warning=w), style="yellow")
              for w in report.warnings]
    parts.append(plain(_("(Nd) is the age of the last evidence in days at {day}, the end of the "
                         "period. How minutes are counted: {method}").format(
                             day=long(report.period.until), method=report.method), style="dim"))
    return parts


def _items_table(report: Report) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=plain(heading(report)), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(_("status"), no_wrap=True)
    table.add_column(_("item"), ratio=1, min_width=16, overflow="fold")
    table.add_column(_("evidence"), justify="right", no_wrap=True)
    table.add_column(_("last evidence"), no_wrap=True)
    table.add_column(_("last finding"), no_wrap=True)
    for item in report.items:
        table.add_row(Text(status_label(item.status), style=STATUS_STYLES[item.status]), _item_cell(item),
                      str(item.evidence_count), _last_evidence(report, item),
                      plain(finding_word(item.last_finding) if item.last_finding else "—"))
    return table


def _item_cell(item: ReportItem) -> Text:
    """The item's name and id, and below it why its status is what it is, when it says."""
    cell = plain(f"{item.item.name} ({item.item.id})")
    if item.reason:
        cell.append("\n")
        cell.append_text(plain(item.reason, style="italic"))
    return cell


def _minutes_table(report: Report) -> Table:
    """Services with direct minutes, in the items' order, with a total row (consult minutes
    have a table of their own)."""
    from rich import box
    from rich.table import Table

    table = Table(title=_("Service minutes"), title_justify="left", box=box.SIMPLE_HEAD,
                  pad_edge=False, show_footer=True)
    timed = [item for item in report.items if item.minutes and not is_consult(item)]
    table.add_column(_("service"), _("total"), ratio=1, min_width=16, overflow="fold")
    for column, title in zip(MINUTE_COLUMNS, minute_titles(), strict=True):
        total = sum(getattr(item.minutes, column) for item in timed)
        table.add_column(title, str(total), justify="right", no_wrap=True)
    for item in timed:
        table.add_row(plain(f"{item.item.name} ({item.item.id})"),
                      *(str(getattr(item.minutes, column)) for column in MINUTE_COLUMNS))
    return table


def _consult_table(consult: list[ReportItem]) -> RenderableType:
    """Consult minutes in a table of their own with their own total: time with the staff,
    never added to the child's direct minutes (docs/minutes.md)."""
    from rich import box
    from rich.table import Table

    table = Table(title=_("Consult minutes (not added to the service minutes)"),
                  title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_footer=True)
    table.add_column(_("service"), _("total"), ratio=1, min_width=16, overflow="fold")
    for column, title in zip(MINUTE_COLUMNS, minute_titles(), strict=True):
        total = sum(getattr(item.minutes, column) for item in consult)
        table.add_column(title, str(total), justify="right", no_wrap=True)
    for item in consult:
        table.add_row(plain(f"{item.item.name} ({item.item.id})"),
                      *(str(getattr(item.minutes, column)) for column in MINUTE_COLUMNS))
    return table


def _minute_bars(report: Report, bar_cells: tuple[str, str]) -> RenderableType:
    """'speech  ███████░░░░░ 450/756': delivered of required, one line per service with
    minutes required (a bar of nothing owed says nothing)."""
    from rich.table import Table

    from iepcheck.evidence.minutes_series import bar

    full, empty = bar_cells
    table = Table(title=_("Delivered of required minutes"), title_justify="left", box=None,
                  show_header=False, pad_edge=True)
    table.add_column("service", overflow="fold")
    table.add_column("bar", no_wrap=True)
    table.add_column("minutes", justify="right", no_wrap=True)
    for item in report.items:
        minutes = item.minutes
        if minutes and minutes.required:
            table.add_row(plain(item.item.id), bar(minutes.delivered, minutes.required,
                                                   full=full, empty=empty),
                          f"{minutes.delivered}/{minutes.required}")
    return table


GOAL_STYLES = {"behind": "bold red", "no-data": "red", "on-track": "green", "met": "green"}


def _goals_table(report: Report) -> Table:
    """The annual goals: verdict, goal and measure, baseline, latest, expected then, target."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from iepcheck.render.report_goals import RULE, goal_cells, goal_summary

    table = Table(title=plain(_("Annual goals ({summary})").format(summary=goal_summary(report))),
                  title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False, caption=plain(_(RULE)),
                  caption_justify="left")
    table.add_column(_("verdict"), no_wrap=True)
    table.add_column(_("goal"), ratio=1, min_width=16, overflow="fold")
    table.add_column(_("baseline"), no_wrap=True)
    table.add_column(_("latest"), overflow="fold")
    table.add_column(_("expected"), justify="right", no_wrap=True)
    table.add_column(_("target"), no_wrap=True)
    for progress in report.goals:
        verdict, goal, measure, *cells = goal_cells(progress, report,
                                                    year=report.period.until.year)
        table.add_row(Text(verdict_label(verdict), style=GOAL_STYLES[verdict]), plain(_("{goal}\nin {measure}").format(
                          goal=goal, measure=measure)),
                      *(plain(c) for c in cells))
    return table


def _last_evidence(report: Report, item: ReportItem) -> str:
    """'28 Oct (23d)': the date and its age at the end of the period."""
    day = item.last_evidence
    if day is None:
        return no_date()
    shown = short(day) if day.year == report.period.until.year else long(day)
    return _("{day} ({age}d)").format(day=shown, age=age_days(item, report.period))


def report_text(report: Report, width: int = 160) -> str:
    """The table as plain text, for --output: no colour codes in a file."""
    return as_plain_text(report_renderables(report), width)
