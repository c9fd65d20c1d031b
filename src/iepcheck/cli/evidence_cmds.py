"""`import-email`, `timeline`, `verify`: the log as a binder of original, dated evidence."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from iepcheck.cli.options import (
    AsOfOpt,
    Files,
    ItemsArg,
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
from iepcheck.errors import UserError
from iepcheck.vocabulary import Finding, Kind

if TYPE_CHECKING:
    from datetime import date

    from iepcheck.email_import import Email
    from iepcheck.observations import Observation
    from iepcheck.plan import Plan
    from iepcheck.recording import EntryDraft


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

    from iepcheck.email_import import read_messages
    from iepcheck.recording import describe

    files, today, current = Files.at(plan, log, as_of)
    items = list(items or [])
    current.require_items(items)
    raw = _read_file(file)
    emails = read_messages(raw, str(file))
    single = len(emails) == 1 and emails[0].raw == raw
    labels = [_label(file, i, len(emails), e) for i, e in enumerate(emails, start=1)]
    with tempfile.TemporaryDirectory(prefix="iepcheck-") as scratch:
        drafts = [  # every message checked before any write
            _draft(e, label, current, items, kind, date_text, finding, today,
                   file if single else _saved(e, file, position, Path(scratch)))
            for position, (e, label) in enumerate(zip(emails, labels), start=1)
        ]
        outcomes = files.record_all(drafts)
    for label, outcome in zip(labels, outcomes):
        if outcome.entry is not None:
            say(describe(outcome.entry))
        elif outcome.duplicate is not None:
            print(f"skipped {label}: already imported as #{outcome.duplicate.n} "
                  f"({outcome.duplicate.why})", file=sys.stderr)


#: A saved email or mailbox larger than this is not what the user meant to import.
MAILBOX_LIMIT = 1 << 30


def _read_file(file: Path) -> bytes:
    from iepcheck.storage import read_file

    return read_file(file, "email", option="FILE", limit=MAILBOX_LIMIT,
                     missing="save the email as .eml or .mbox first")


def _draft(
    message: Email,
    label: str,
    plan: Plan,
    items: list[str],
    kind: Kind | None,
    date_text: str | None,
    finding: Finding | None,
    today: date,
    original: Path,
) -> EntryDraft:
    from iepcheck.dates import parse_past_date
    from iepcheck.email_import import counterpart, note_for, staff_match
    from iepcheck.recording import EntryDraft, finding_for

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
    return EntryDraft(
        kind=chosen.value,
        items=tuple(items),
        date=day,
        finding=finding_for(chosen.value, finding.value if finding else None),
        who=who,
        note=note_for(message),
        attach=(original,),
        message_id=message.message_id,
        source_sha256=message.sha256,
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


def verify(
    receipt: Annotated[list[str] | None, typer.Option(
        "--receipt", help="A seal receipt from an email, 'N:HEX' (repeat).")] = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
) -> None:
    """Check that no entry or attachment was altered, reordered or removed; exit 1 if one was."""
    from iepcheck.seal import parse_receipt
    from iepcheck.verify import summary, verify_log

    given = []
    for text in receipt or []:
        parsed = parse_receipt(text)
        if parsed is None:
            raise UserError(f"--receipt: '{text}' is not a receipt; give the entry number and "
                            "the seal's first digits as in the email, e.g. 54:3f9a1c2d4e5f6a7b")
        given.append(parsed)
    files = Files(plan, log)
    result = verify_log(files.log_path, given)
    for number, what in result.problems:
        say(f"#{number}: {what}")
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    typer.echo(summary(result))
    if result.failed:
        raise typer.Exit(1)


class TimelineFormat(str, Enum):
    markdown = "markdown"
    html = "html"
    csv = "csv"


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
    from iepcheck.timeline import build_timeline

    files, today, current = Files.at(plan, log, as_of)
    period = period_from(current, since, until, today)
    first, last = period.since, period.until
    items = list(item or [])
    current.require_items(items)
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
    from iepcheck.render import render

    write_output(render("timeline", format.value, built), output, files)
    if output is not None:
        print(f"wrote {output}", file=sys.stderr)


def _summary(plan: Plan, entries: list[Observation], since: date, until: date) -> dict[str, int]:
    """The report's status counts for the same period, for the chronology's header."""
    from iepcheck.evidence import Period
    from iepcheck.report import build_report

    return dict(build_report(plan, entries, Period(since=since, until=until)).summary)
