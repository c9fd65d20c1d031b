"""`import-email`, `timeline`, `verify`: the log as a binder of original, dated evidence."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from iepcheck.cli import app
from iepcheck.cli.log_cmds import ItemsArg, ObservationRequest
from iepcheck.cli.options import (
    AsOfOpt,
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
from iepcheck.errors import UserError
from iepcheck.vocabulary import Finding, Kind

if TYPE_CHECKING:
    from datetime import date

    from iepcheck.email_import import Email
    from iepcheck.observations import Observation
    from iepcheck.plan import Plan


class AlreadyImported(Exception):
    """Raised under the log's lock, so the check and the append see the same entries."""

    def __init__(self, number: int, why: str) -> None:
        super().__init__(f"#{number} ({why})")
        self.number, self.why = number, why


class EmailRequest(ObservationRequest):
    """An observation from a saved email; refuses itself if the log already holds the email."""

    def fields(self, entries: list[Observation], files: Files) -> dict[str, Any]:
        from iepcheck.email_import import earlier_import

        earlier = earlier_import(entries, self.email)
        if earlier is not None:
            raise AlreadyImported(*earlier)
        return super().fields(entries, files)


@app.command("import-email")
def import_email(
    file: Annotated[
        Path,
        typer.Argument(
            help="A saved email (.eml) or a mailbox (.mbox).", dir_okay=False, show_default=False
        ),
    ],
    items: ItemsArg = None,
    kind: Annotated[
        Kind | None,
        typer.Option(
            "--kind", "-k", help="Override the kind (needed when no staff address is on it)."
        ),
    ] = None,
    date_text: Annotated[
        str | None,
        typer.Option("--date", "-d", help="Override the day [default: the Date header]."),
    ] = None,
    finding: Annotated[
        Finding | None,
        typer.Option("--finding", "-f", help="[default: implemented, none for email-sent]"),
    ] = None,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
) -> None:
    """Record saved emails, each with the original message attached, and print their numbers."""
    import tempfile

    from iepcheck.cli.log_cmds import check_items, describe, record
    from iepcheck.email_import import read_messages

    files, today, current = Files.at(plan, log, as_of)
    items = list(items or [])
    check_items(current, items)
    raw = _read_file(file)
    emails = read_messages(raw, str(file))
    single = len(emails) == 1 and emails[0].raw == raw
    labels = [_label(file, i, len(emails), e) for i, e in enumerate(emails, start=1)]
    plans = [
        _request(e, label, current, items, kind, date_text, finding, today)
        for e, label in zip(emails, labels)
    ]  # every message checked before any write
    with tempfile.TemporaryDirectory(prefix="iepcheck-") as scratch:
        for position, (message, request) in enumerate(zip(emails, plans), start=1):
            request.attach = [file if single else _saved(message, file, position, Path(scratch))]
            try:
                typer.echo(describe(record(files, request)))
            except AlreadyImported as earlier:
                print(
                    f"skipped {labels[position - 1]}: already "
                    f"imported as #{earlier.number} ({earlier.why})",
                    file=sys.stderr,
                )


def _read_file(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise UserError(f"no file at {file}; save the email as .eml or .mbox first") from None
    except OSError as error:
        raise UserError(f"cannot read {file}: {error.strerror}") from None


def _request(
    message: Email,
    label: str,
    plan: Plan,
    items: list[str],
    kind: Kind | None,
    date_text: str | None,
    finding: Finding | None,
    today: date,
) -> EmailRequest:
    from iepcheck.cli.log_cmds import _finding
    from iepcheck.dates import parse_past_date
    from iepcheck.email_import import counterpart, note_for, staff_match

    matched = staff_match(message, plan)
    if kind is None and matched is None:
        raise UserError(
            f"{label}: no staff address from the plan is in From, To or Cc; pass "
            "--kind (e.g. --kind email-received) or add the address to [[staff]]"
        )
    chosen = kind or Kind(matched[0])
    who = matched[1] if matched else counterpart(message, chosen.value)
    if date_text:
        day = parse_past_date(date_text, today=today)
    elif message.day is None:
        raise UserError(f"{label}: the message has no readable Date header; pass --date")
    else:
        day = parse_past_date(
            message.day.isoformat(), today=today, option=f"{label}: its Date header"
        )
    return EmailRequest(
        kind=chosen.value,
        items=items,
        day=day,
        finding=_finding(chosen, finding),
        minutes=None,
        reason=None,
        who=who,
        note=note_for(message),
        attach=[],
        reply_to=None,
        email=message,
    )


def _label(file: Path, position: int, count: int, message: Email) -> str:
    """How messages print: a subject's escape codes are shown, never sent to the terminal."""
    from iepcheck.render.escape import terminal_line

    subject = f' "{message.subject[:60]}"' if message.subject else ""
    label = f"{file.name}{subject}" if count == 1 else f"{file.name} message {position}{subject}"
    return terminal_line(label)


def _saved(message: Email, file: Path, position: int, scratch: Path) -> Path:
    """One message of a mailbox as its own .eml, so it is stored (and opens) on its own."""
    path = scratch / f"{file.stem}-{position:03d}.eml"
    path.write_bytes(message.raw)
    return path


@app.command()
def verify(plan: PlanOpt = None, log: LogOpt = None) -> None:
    """Check that no entry or attachment was altered, reordered or removed; exit 1 if one was."""
    from iepcheck.verify import summary, verify_log

    files = Files(plan, log)
    result = verify_log(files.log_path)
    for number, what in result.problems:
        typer.echo(f"#{number}: {what}")
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    typer.echo(summary(result))
    if result.failed:
        raise typer.Exit(1)


class TimelineFormat(str, Enum):
    markdown = "markdown"
    html = "html"
    csv = "csv"


@app.command()
def timeline(
    since: SinceOpt = None,
    until: UntilOpt = None,
    as_of: AsOfOpt = None,
    item: Annotated[
        list[str] | None,
        typer.Option(help="Only entries about this item (repeat).", autocompletion=complete_item),
    ] = None,
    format: Annotated[TimelineFormat, typer.Option("--format", help="Output format.")] = (
        TimelineFormat.markdown
    ),
    output: OutputOpt = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
) -> None:
    """A dated chronology of every observation, marked with the complaint windows it is in."""
    from iepcheck.cli.log_cmds import check_items
    from iepcheck.timeline import build_timeline

    files, today, current = Files.at(plan, log, as_of)
    period = period_from(current, since, until, today)
    first, last = period.since, period.until
    items = list(item or [])
    check_items(current, items)
    entries = files.entries()
    built = build_timeline(
        current,
        entries,
        since=first,
        until=last,
        as_of=today,
        items=tuple(items),
        summary=_summary(current, entries, first, last),
    )
    write_output(_render(built, format), output)
    if output is not None:
        print(f"wrote {output}", file=sys.stderr)


def _summary(plan: Plan, entries: list[Observation], since: date, until: date) -> dict[str, int]:
    """The report's status counts for the same period, for the chronology's header."""
    from iepcheck.evidence import Period
    from iepcheck.report import build_report

    return dict(build_report(plan, entries, Period(since=since, until=until)).summary)


def _render(built: object, format: TimelineFormat) -> str:
    if format is TimelineFormat.html:
        from iepcheck.render.timeline_html import render_html

        return render_html(built)
    if format is TimelineFormat.csv:
        from iepcheck.render.timeline_csv import render_csv

        return render_csv(built)
    from iepcheck.render.timeline_markdown import render_markdown

    return render_markdown(built)
