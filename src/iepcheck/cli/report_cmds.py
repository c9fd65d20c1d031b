"""`report`: the evidence report; and the short status bare `iepcheck` prints beside a plan.

Reads the plan and the log, never writes either. The rules live in `evidence/tally.py`,
`evidence/minutes.py` and `evidence/report.py`; this module only resolves dates, picks a renderer and decides
the exit status.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

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
    check_output,
    period_from,
    write_output,
)
from iepcheck.cli.pager import PagerOpt
from iepcheck.language.messages import _


class ReportFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    html = "html"


def report(
    since: SinceOpt = None,
    until: UntilOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[ReportFormat | None, typer.Option(
        "--format", help=_("table for the screen; markdown or html to print or send; csv, json "
                           "(default: from the -o file's extension, else table)."),
        show_default=False,
    )] = None,
    output: OutputOpt = None,
    fail_on_gaps: Annotated[bool, typer.Option(
        "--fail-on-gaps", help=_("Exit 1 when any item in effect is not ok (for scripts)."),
    )] = False,
    pager: PagerOpt = True,
    plan: PlanOpt = None,
    log: LogOpt = None,
    author: AuthorOpt = None,
) -> None:
    """The evidence report: each item's status, last evidence and service minutes owed.

    The period runs from --since (default: the plan's start) to --until (default: --as-of,
    itself today by default).
    """
    from iepcheck.cli.output_format import pick_format
    from iepcheck.evidence.report import build_report, with_series
    from iepcheck.evidence.voices import with_voices

    files, today, current = Files.at(plan, log, as_of, author)
    if output is not None and str(output) != "-":
        check_output(output, files)  # the record first: that refusal says the most
    format, output = pick_format(format, output, ReportFormat, ReportFormat.table)
    period = period_from(current, since, until, today)
    entries = files.entries()
    result = with_voices(build_report(current, entries, period), entries)
    if format is ReportFormat.html:
        result = with_series(result, entries)  # the charts; no other format pays for them
    files.warn_conflict_copies()
    if format is ReportFormat.table and output is None:
        import sys

        from iepcheck.cli.pager import show_renderables
        from iepcheck.render.report_table import PLAIN_BAR, TERMINAL_BAR, report_renderables

        cells = TERMINAL_BAR if sys.stdout.isatty() else PLAIN_BAR
        show_renderables(report_renderables(result, cells), page=pager)
    else:
        from iepcheck.render.formats import render

        write_output(render("report", format.value, result), output, files)
    if format is ReportFormat.csv and result.warnings:
        for warning in result.warnings:
            typer.echo(_("iepcheck: warning: {warning}").format(warning=warning), err=True)
    if fail_on_gaps and result.gaps:
        raise typer.Exit(1)
