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

    from iepcheck.email_import import Email, Planned
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
        typer.Option("--finding", "-f", help="[default: none; an email's content decides]"),
    ] = None,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
) -> None:
    """Record saved emails, each with the original message attached, and print their numbers.

    Prints one line per entry on stdout; on stderr each skipped or refused message with why,
    then "imported N, skipped M as already imported, refused K". Exit 1 when a mailbox had
    refused messages (the rest are recorded); a single message that is refused exits 2.
    """
    import tempfile

    from iepcheck.cli.log_cmds import _finding, check_items, describe, record
    from iepcheck.dates import parse_past_date
    from iepcheck.email_import import Email, plan_import, read_mailbox

    files, today, current = Files.at(plan, log, as_of)
    items = list(items or [])
    check_items(current, items)
    if kind is not None and finding is not None:
        _finding(kind, finding)  # --kind email-sent --finding: wrong for every message
    given = parse_past_date(date_text, today=today) if date_text else None
    raw = _read_file(file)
    messages = read_mailbox(raw, str(file))
    planned = plan_import(
        messages, current, files.entries(), kind=kind.value if kind else None,
        date_override=given, finding=finding.value if finding else None, today=today,
        items=items,
    )
    count = len(messages)

    def label(position: int) -> str:
        message = messages[position - 1]
        return _label(file, position, count, message if isinstance(message, Email) else None)

    if count == 1 and planned.refused:
        raise UserError(f"{label(1)}: {planned.refused[1]}; nothing was recorded")
    single = count == 1 and isinstance(messages[0], Email) and messages[0].raw == raw
    skipped = dict(planned.duplicates)
    imported = 0
    with tempfile.TemporaryDirectory(prefix="iepcheck-") as scratch:
        for one in planned.to_record:
            request = _request(one, items, file if single else _saved(one.email, file,
                                                                      one.position, Path(scratch)))
            try:
                typer.echo(describe(record(files, request)))
                imported += 1
            except AlreadyImported as earlier:
                skipped[one.position] = (earlier.number, earlier.why)
    for position, (number, why) in sorted(skipped.items()):
        where = f"as #{number} ({why})" if number is not None else f"({why})"
        print(f"skipped {label(position)}: already imported {where}", file=sys.stderr)
    for position, why in sorted(planned.refused.items()):
        print(f"refused {label(position)}: {why}", file=sys.stderr)
    print(f"imported {imported}, skipped {len(skipped)} as already imported, "
          f"refused {len(planned.refused)}", file=sys.stderr)
    if planned.refused:
        raise typer.Exit(1 if imported else 2)


def _read_file(file: Path) -> bytes:
    """The file's bytes; a pipe, a device or an oversized file is refused before reading."""
    from iepcheck.email_import import MAX_FILE_BYTES, check_mail_file

    try:
        found = file.stat()
        check_mail_file(found.st_mode, found.st_size, str(file))
        with file.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise UserError(f"no file at {file}; save the email as .eml or .mbox first") from None
    except OSError as error:
        raise UserError(f"cannot read {file}: {error.strerror}") from None
    check_mail_file(found.st_mode, len(raw), str(file))  # grew while being read
    return raw


def _request(one: Planned, items: list[str], attach: Path) -> EmailRequest:
    return EmailRequest(
        kind=one.kind,
        items=items,
        day=one.day,
        finding=one.finding,
        minutes=None,
        reason=None,
        who=one.who,
        note=one.note,
        attach=[attach],
        reply_to=None,
        email=one.email,
    )


def _label(file: Path, position: int, count: int, message: Email | None) -> str:
    subject = f' "{message.subject[:60]}"' if message and message.subject else ""
    return f"{file.name}{subject}" if count == 1 else f"{file.name} message {position}{subject}"


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
