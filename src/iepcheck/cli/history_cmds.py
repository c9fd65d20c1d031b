"""`history`: the observations as recorded, oldest first."""

from __future__ import annotations

from typing import Annotated

import typer

from iepcheck.cli.options import (
    AuthorOpt,
    Files,
    FormatOpt,
    ListFormat,
    LogOpt,
    PlanOpt,
    SinceOpt,
    UntilOpt,
    complete_item,
    optional_date,
    today_from,
)
from iepcheck.dates import DATE_HELP
from iepcheck.errors import UserError
from iepcheck.language.messages import _
from iepcheck.vocabulary import Kind


def history(
    item: Annotated[list[str] | None, typer.Option(help=_("Only entries about this item (repeat)."),
                                                     autocompletion=complete_item)] = None,
    kind: Annotated[list[Kind] | None, typer.Option(help=_("Only this kind (repeat)."))] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    last: Annotated[int | None, typer.Option("--last", "-n", metavar="N",
                                             help=_("Only the last N entries shown."))] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help=_("Act as if today were this day: entries about later days are not "
                          "shown; retractions count whenever recorded ({date_help}).").format(
                              date_help=_(DATE_HELP)))] = None,
    recorded_by: Annotated[str | None, typer.Option(
        "--recorded-by",
        help=_("The audit view: the log as it was written by the end of this day, retractions "
               "written later not yet in it ({date_help}).").format(
                   date_help=_(DATE_HELP)))] = None,
    format: FormatOpt = ListFormat.table,
    pager: Annotated[bool, typer.Option("--pager/--no-pager",
                                        help=_("Page long output on a terminal ($PAGER)."))] = True,
    plan: PlanOpt = None,
    log: LogOpt = None,
    author: AuthorOpt = None,
) -> None:
    """Show the observations, oldest first; retracted ones are marked. Everyone's entries
    when several people keep the record: yours as 12, another author's as dad#12."""
    from iepcheck.cli.pager import show_lines, write_text
    from iepcheck.record.history import HistoryQuery, select
    from iepcheck.render import listing

    files = Files(plan, log, author)
    today = today_from(as_of)
    if last is not None and last < 1:
        raise UserError(_("--last: {last} entries? give how many to show, 1 or more").format(
            last=last))
    query = HistoryQuery(
        items=frozenset(item or ()), kinds=frozenset(k.value for k in kind or ()),
        since=optional_date(since, today=today, option="--since"),
        until=optional_date(until, today=today, option="--until"),
        as_of=today if as_of is not None else None,
        recorded_by=optional_date(recorded_by, today=today, option="--recorded-by"),
        last=last)
    entries = files.entries()
    if item:
        files.plan().require_named(item)
    shown, gone = select(entries, query)
    if format is ListFormat.json:
        write_text(listing.history_json_chunks(shown, gone))
    elif not shown:
        typer.echo(_("No observations match.") if entries else
                   _("No observations yet: record one with 'iepcheck log ITEM --kind KIND'."))
    else:
        count, lines = listing.history_text(shown, gone, files.author)
        show_lines(lines, count=count, page=pager)
