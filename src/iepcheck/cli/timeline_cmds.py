"""`timeline`: every observation in a period, oldest first, for a hearing or a complaint."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from iepcheck.cli.options import (
    AsOfOpt,
    AuthorOpt,
    Files,
    LogOpt,
    OutputOpt,
    PlanOpt,
    SinceOpt,
    UntilOpt,
    complete_item,
    period_from,
    write_output,
)
from iepcheck.cli.pager import PagerOpt
from iepcheck.language.messages import _

if TYPE_CHECKING:
    from datetime import date

    from iepcheck.plan.model import Plan
    from iepcheck.record.entries import Observation


class TimelineFormat(str, Enum):
    markdown = "markdown"
    html = "html"
    csv = "csv"
    json = "json"


def timeline(
    since: SinceOpt = None,
    until: UntilOpt = None,
    as_of: AsOfOpt = None,
    item: Annotated[
        list[str] | None,
        typer.Option(help=_("Only entries about this item or goal (repeat)."),
                     autocompletion=complete_item),
    ] = None,
    format: Annotated[TimelineFormat | None, typer.Option(
        "--format", help=_("markdown, html, csv or json (default: from the -o file's "
                           "extension, else markdown)."), show_default=False)] = None,
    output: OutputOpt = None,
    pager: PagerOpt = True,
    plan: PlanOpt = None,
    log: LogOpt = None,
    author: AuthorOpt = None,
) -> None:
    """A dated chronology of every observation, marked with the complaint windows it is in."""
    from iepcheck.cli.output_format import pick_format
    from iepcheck.evidence.timeline import build_timeline

    files, today, current = Files.at(plan, log, as_of, author)
    if output is not None and str(output) != "-":
        from iepcheck.cli.options import check_output

        check_output(output, files)  # the record first: that refusal says the most
    format, output = pick_format(format, output, TimelineFormat, TimelineFormat.markdown)
    period = period_from(current, since, until, today)
    first, last = period.since, period.until
    items = list(item or [])
    current.require_named(items)  # an item, or a goal: its measurements
    entries = files.entries()
    built = build_timeline(
        current,
        entries,
        since=first,
        until=last,
        as_of=today,
        items=tuple(items),
        summary=_summary(current, entries, first, last),
        me=files.author,
    )
    from iepcheck.cli.pager import paging, show_text
    from iepcheck.render.formats import render_stream

    if output is None and paging(pager):
        show_text(render_stream("timeline", format.value, built))
        return
    write_output(render_stream("timeline", format.value, built), output, files)
    if output is not None:
        print(_("wrote {output}").format(output=output), file=sys.stderr)


def _summary(plan: Plan, entries: list[Observation], since: date, until: date) -> dict[str, int]:
    """The report's status counts for the same period, for the chronology's header."""
    from iepcheck.evidence.report import build_report
    from iepcheck.evidence.tally import Period

    return dict(build_report(plan, entries, Period(since=since, until=until)).summary)
