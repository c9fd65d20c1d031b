"""`import-log`, `reconcile`: the school's own service log beside the family's evidence."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
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
    complete_item,
    period_from,
    say,
    write_output,
)
from iepcheck.language.messages import _

ServiceOpt = Annotated[str | None, typer.Option(
    "--service", help=_("The plan service every row is about (a file about one service)."),
    autocompletion=complete_item)]


def import_log(
    file: Annotated[Path, typer.Argument(
        help=_("The school's service-log export (.csv or .xlsx)."), dir_okay=False,
        show_default=False)],
    service: ServiceOpt = None,
    columns: Annotated[str | None, typer.Option(
        "--columns", help=_("Which header holds what, for a file iepcheck does not recognise: "
                            "date=HEADER,minutes=HEADER,service=HEADER,start=…,end=…,"
                            "provider=…,setting=…,code=…,makes_up=…"))] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help=_("Print what would be recorded; record nothing."))] = False,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
    author: AuthorOpt = None,
) -> None:
    """Record each row of the school's service log as the school's own entry, the file kept.

    Prints one line per entry recorded; on stderr each row skipped or refused, with its row
    number and why, then "imported N, skipped M as already imported, refused K". Exit 1 when
    rows were refused (the rest are recorded)."""
    import hashlib
    import tempfile

    from iepcheck.evidence.school_rows import (
        Source,
        dry_run_line,
        layout_of,
        parse_columns,
        plan_rows,
    )
    from iepcheck.record.drafts import describe
    from iepcheck.store.school_log import read_school_log

    files, today, current = Files.at(plan, log, as_of, author)
    if service is not None:
        current.require_items([service])
    raw, (header, rows) = read_school_log(file)
    layout = layout_of(header, parse_columns(columns))
    source = Source(file.name, hashlib.sha256(raw).hexdigest())  # the bytes read are the bytes kept
    planned = plan_rows(rows, layout, source, current, files.entries(), today=today,
                        service=service)
    say(_("{name}: {layout}, {count} rows").format(
        name=file.name, layout=planned.preset or _("columns as given"), count=len(rows)),
        err=True)
    imported = 0
    if dry_run:
        for number, draft in planned.to_record:
            say(_("would record {dry_run_line}").format(dry_run_line=dry_run_line(number, draft)))
    elif planned.to_record:
        from dataclasses import replace

        with tempfile.TemporaryDirectory(prefix="iepcheck-") as scratch:
            kept = Path(scratch) / file.name
            kept.write_bytes(raw)  # the bytes read and hashed are the bytes kept
            drafts = [replace(d, attach=(kept,)) for _row, d in planned.to_record]
            for outcome in files.record_all(drafts):
                if outcome.entry is not None:
                    say(describe(outcome.entry))
                    imported += 1
    for number, held in planned.skipped:
        say(_("skipped {name} row {number}: already imported as {held}").format(
            name=file.name, number=number, held=held), err=True)
    for number, why in planned.refused:
        say(_("refused {name} row {number}: {why}").format(
            name=file.name, number=number, why=why), err=True)
    print((_("would import {count}, skipped {skipped} as already imported, refused {refused}")
           if dry_run else
           _("imported {count}, skipped {skipped} as already imported, refused {refused}"))
          .format(count=len(planned.to_record) if dry_run else imported,
                  skipped=len(planned.skipped), refused=len(planned.refused)),
          file=sys.stderr)
    if planned.refused:
        raise typer.Exit(1)


class ReconcileFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    csv = "csv"
    html = "html"
    json = "json"


def reconcile(
    since: SinceOpt = None,
    until: UntilOpt = None,
    service: ServiceOpt = None,
    format: Annotated[ReconcileFormat, typer.Option("--format", help=_("Output format."))] = (
        ReconcileFormat.text),
    as_of: AsOfOpt = None,
    output: OutputOpt = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
    author: AuthorOpt = None,
) -> None:
    """Per service and week: minutes the plan owes, the school's log claims, the family's
    evidence shows; then every conflict between them, both sides cited, nothing decided."""
    from iepcheck.evidence.reconcile import reconcile as build
    from iepcheck.record.entries import record_as_of
    from iepcheck.render.reconcile_report import RENDERERS

    files, today, current = Files.at(plan, log, as_of, author)
    if service is not None:
        current.require_items([service])
    period = period_from(current, since, until, today)
    entries = record_as_of(files.entries(), today)
    built = build(current, entries, period.since, period.until, service)
    write_output(RENDERERS[format.value](built), output, files)
    if output is not None:
        print(_("wrote {output}").format(output=output), file=sys.stderr)
