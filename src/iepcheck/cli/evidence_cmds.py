"""`import-email`, `timeline`, `verify`: the log as a binder of original, dated evidence."""

from __future__ import annotations

import contextlib
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from iepcheck.cli.options import (
    AsOfOpt,
    AuthorOpt,
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
from iepcheck.cli.pager import PagerOpt
from iepcheck.errors import UserError
from iepcheck.vocabulary import Finding, Kind, choose

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import date

    from iepcheck.mail.importing import Email, ImportPlan, Planned, Unreadable
    from iepcheck.mail.mailboxes import Unrelated
    from iepcheck.plan.model import Plan
    from iepcheck.record.drafts import EntryDraft
    from iepcheck.record.entries import Observation
    from iepcheck.store.logbook import Recorded


def import_email(
    file: Annotated[
        Path,
        typer.Argument(
            help="A saved email (.eml) or a mailbox (.mbox).", dir_okay=False, show_default=False
        ),
    ],
    items: ItemsArg = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", "-k", help="Override the kind (needed when no staff address is on it)."
        ),
    ] = None,
    date_text: Annotated[
        str | None,
        typer.Option("--date", "-d", help="Override the day [default: the Date header]."),
    ] = None,
    finding: Annotated[
        str | None,
        typer.Option("--finding", "-f", help="[default: none; an email's content decides]"),
    ] = None,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
    author: AuthorOpt = None,
) -> None:
    """Record saved emails, each with the original message attached, and print their numbers.

    Prints one line per entry on stdout; on stderr each skipped or refused message with why,
    then "imported N, skipped M as already imported, refused K". Exit 1 when a mailbox had
    refused messages (the rest are recorded); a single message that is refused exits 2.
    """
    from iepcheck.dates import parse_past_date
    from iepcheck.mail.importing import Email, plan_import
    from iepcheck.mail.mailboxes import Unrelated, staff_addresses
    from iepcheck.record.drafts import describe, finding_for

    files, today, current = Files.at(plan, log, as_of, author)
    items = list(items or [])
    current.require_items(items)
    kind = choose(kind, Kind, "--kind") if kind is not None else None
    finding = choose(finding, Finding, "--finding") if finding is not None else None
    if kind is not None and finding is not None:
        finding_for(kind, finding)  # --kind email-sent --finding: wrong for every message
    given = parse_past_date(date_text, today=today) if date_text else None
    raw, messages = _read_messages(file, None if kind else staff_addresses(current))
    planned = plan_import(
        messages, current, files.entries(), kind=kind, date_override=given, finding=finding,
        today=today,
        items=items,
    )
    count = len(messages)

    def label(position: int) -> str:
        message = messages[position - 1]
        return _label(file, position, count,
                      message if isinstance(message, (Email, Unrelated)) else None)

    if count == 1 and planned.refused:
        raise UserError(f"{label(1)}: {planned.refused[1]}; nothing was recorded")
    single = count == 1 and isinstance(messages[0], Email) and messages[0].raw == raw
    recorded, skipped = record_planned(files, planned, items, file.stem,
                                       original=file if single else None)
    for entry in recorded:
        say(describe(entry))
    imported = len(recorded)
    not_staff = _not_staff(planned, messages) if count > 1 else set()
    if count > 1:  # a mailbox: one line for the many, not one per message
        summary = skipped_line(len(skipped), len(not_staff),
                               how=not recorded and not skipped)  # nothing else to say
        if summary:
            print(summary, file=sys.stderr)
    for position, (number, why) in sorted(skipped.items()) if count == 1 else ():
        where = f"as #{number} ({why})" if number is not None else f"({why})"
        print(f"skipped {label(position)}: already imported {where}", file=sys.stderr)
    warn_collisions(files, planned, recorded, label)
    for position, why in sorted(planned.refused.items()):
        if position not in not_staff:
            say(f"refused {label(position)}: {why}", err=True)
    print(f"imported {imported}, skipped {len(skipped)} as already imported, "
          f"refused {len(planned.refused)}", file=sys.stderr)
    if planned.refused:
        raise typer.Exit(1 if imported else 2)


def _not_staff(planned: ImportPlan, messages: Sequence[object]) -> set[int]:
    """The positions refused only for naming no staff address: most of a family's mailbox,
    and nothing to act on (the refusal every message glanced at as unrelated gets)."""
    from iepcheck.mail.mailboxes import Unrelated

    reasons = {planned.refused[p] for p, message in enumerate(messages, start=1)
               if isinstance(message, Unrelated) and p in planned.refused}
    return {p for p, why in planned.refused.items() if why in reasons}


def skipped_line(duplicates: int, not_staff: int, *, how: bool = False) -> str | None:
    """"skipped 1,204 messages already imported and 18,311 not to or from the plan's staff":
    one line for what needs no action, however large the mailbox; with `how` (nothing was
    recorded), how to record mail that names no staff address all the same."""
    from iepcheck.language.messages import n_

    if how and not_staff and not duplicates:
        return n_("skipped {others} message not to or from the plan's staff; to record it, "
                  "pass --kind (e.g. --kind email-received) or add its address to [[staff]]",
                  "skipped {others} messages not to or from the plan's staff; to record them, "
                  "pass --kind (e.g. --kind email-received) or add their addresses to "
                  "[[staff]]", not_staff).format(others=f"{not_staff:,}")

    if duplicates and not_staff:
        return n_("skipped {duplicates} message already imported and {others} not to or from "
                  "the plan's staff", "skipped {duplicates} messages already imported and "
                  "{others} not to or from the plan's staff", duplicates).format(
            duplicates=f"{duplicates:,}", others=f"{not_staff:,}")
    if duplicates:
        return n_("skipped {duplicates} message already imported",
                  "skipped {duplicates} messages already imported", duplicates).format(
            duplicates=f"{duplicates:,}")
    if not_staff:
        return n_("skipped {others} message not to or from the plan's staff",
                  "skipped {others} messages not to or from the plan's staff",
                  not_staff).format(others=f"{not_staff:,}")
    return None


def record_planned(files: Files, planned: ImportPlan, items: Sequence[str], stem: str, *,
                   original: Path | None = None,
                   ) -> tuple[list[Observation], dict[int, tuple[int | None, str]]]:
    """Record what `plan_import` planned, each message's original attached, in one write:
    the entries recorded, and every message skipped as already imported (by position, with
    the entry it repeats and why). The one recording path of `import-email` and `mail pull`.

    `original` is the file itself when it is the one message; otherwise each message is
    saved as its own `.eml` first, so it is stored (and opens) on its own."""
    skipped = dict(planned.duplicates)
    with _scratch(files, original is not None or not planned.to_record) as scratch:
        from iepcheck.cli.progress import tracked
        from iepcheck.language.messages import _

        drafts = [_draft(one, list(items), original or _saved(one.email, stem, one.position,
                                                              scratch))
                  for one in tracked(planned.to_record, _("keeping the originals"),
                                     len(planned.to_record))]
        outcomes = _record_all(files, drafts)
    recorded = []
    for one, outcome in zip(planned.to_record, outcomes):
        if outcome.entry is not None:
            recorded.append(outcome.entry)
        elif outcome.duplicate is not None:
            skipped[one.position] = (outcome.duplicate.n, outcome.duplicate.why)
    return recorded, skipped


def warn_collisions(files: Files, planned: ImportPlan, recorded: Sequence[Observation],
                    label: Callable[[int], str]) -> None:
    """A line on stderr for each message recorded although its Message-ID was already held
    by other content (a collision, or a spoof): the parent compares the two."""
    from iepcheck.record.authors import label as reference

    position_of = {one.message_id: one.position for one in planned.to_record if one.message_id}
    for entry in recorded:
        position = position_of.get(entry.message_id) if entry.message_id else None
        held = planned.collisions.get(position) if position is not None else None
        if held is not None and position is not None:
            say(f"warning: {label(position)}: its Message-ID is that of "
                f"{reference(held.author, held.n, files.author)}, but its content differs "
                f"(a collision, or a spoof); recorded as #{entry.n}: compare the two",
                err=True)


def _record_all(files: Files, drafts: list[EntryDraft]) -> list[Recorded]:
    """One lock, one read, one write for the whole mailbox: when the write fails (a full
    disk), no message is recorded, and the one line says so rather than leave it unsaid."""
    from iepcheck.errors import WriteError

    try:
        return files.record_all(drafts)
    except WriteError as error:
        none = (f"none of the {len(drafts)} messages was recorded" if len(drafts) > 1
                else "the message was not recorded")
        raise WriteError(f"{error}; {none} (a mailbox is recorded in one write: import it "
                         "again once this is fixed)") from None


def _read_messages(file: Path, staff: frozenset[str] | None,
                   ) -> tuple[bytes | None, list[Email | Unreadable | Unrelated]]:
    """The file's messages. A mailbox (`From ` first) is read a message at a time, whatever
    its size, and with `staff` a message naming none of them is only glanced at; a single
    saved email is read whole (bounded), and its bytes returned too."""
    from itertools import chain

    from iepcheck.mail.importing import read_mailbox, read_stream
    from iepcheck.mail.mailboxes import split_stream
    from iepcheck.store.files import read_lines

    lines = read_lines(file, "email", option="FILE",
                       missing="save the email as .eml or .mbox first")
    first = next(lines, b"")
    if first.startswith(b"From "):
        from iepcheck.cli.progress import tracked
        from iepcheck.language.messages import _

        messages = tracked(split_stream(chain([first], lines)), _("reading the mailbox"))
        return None, read_stream(messages, str(file), staff)
    lines.close()
    raw = _read_file(file)
    return raw, list(read_mailbox(raw, str(file)))


def _read_file(file: Path) -> bytes:
    """The file's bytes; a pipe, a device or an oversized file is refused before reading."""
    from iepcheck.mail.importing import MAX_FILE_BYTES
    from iepcheck.store.files import read_file

    return read_file(file, "email", option="FILE", limit=MAX_FILE_BYTES,
                     missing="save the email as .eml or .mbox first")


def _draft(one: Planned, items: list[str], original: Path) -> EntryDraft:
    from iepcheck.record.drafts import EntryDraft

    return EntryDraft(kind=one.kind, items=tuple(items), date=one.day, finding=one.finding,
                      who=one.who, note=one.note, attach=(original,),
                      message_id=one.message_id, source_sha256=one.email.sha256,
                      in_reply_to=(*one.references, *one.in_reply_to))


def _label(file: Path, position: int, count: int,
           message: Email | Unrelated | None) -> str:
    """How messages print: a subject's escape codes are shown, never sent to the terminal."""
    from iepcheck.render.escape import terminal_line

    subject = f' "{message.subject[:60]}"' if message and message.subject else ""
    label = f"{file.name}{subject}" if count == 1 else f"{file.name} message {position}{subject}"
    return terminal_line(label)


def _scratch(files: Files, single: bool) -> contextlib.AbstractContextManager[Path]:
    """Where a mailbox's messages wait to be kept: inside the evidence folder they go to,
    never the system's temp folder (docs/storage.md); a single message needs none."""
    import os

    from iepcheck.store.logbook import evidence_dir
    from iepcheck.store.scratch import scratch_folder

    if single:
        return contextlib.nullcontext(Path())
    return scratch_folder(files.evidence() or evidence_dir(Path(os.path.realpath(
        files.log_path))))


def _saved(message: Email, stem: str, position: int, scratch: Path) -> Path:
    """One message of a mailbox as its own .eml, so it is stored (and opens) on its own."""
    from iepcheck.store.scratch import scratch_file

    return scratch_file(scratch, f"{stem}-{position:03d}.eml", message.raw)


def verify(
    receipt: Annotated[list[str] | None, typer.Option(
        "--receipt", help="A seal receipt from an email, 'N:HEX' (repeat).")] = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
    author: AuthorOpt = None,
) -> None:
    """Check that no entry or attachment was altered, reordered or removed; exit 1 if one was.

    Every author's log is checked on its own chain; a failure names whose log it is in."""
    from iepcheck.record.authors import OWNER, label, log_name
    from iepcheck.record.seal import parse_authored_receipt
    from iepcheck.store.verify import summary, verify_log

    given: dict[str, list[tuple[int, str]]] = {}
    for text in receipt or []:
        parsed = parse_authored_receipt(text)
        if parsed is None:
            raise UserError(f"--receipt: '{text}' is not a receipt; give the entry number and "
                            "the seal's first digits as in the email, e.g. 54:3f9a1c2d4e5f6a7b")
        whose, number, prefix = parsed
        given.setdefault(whose or OWNER, []).append((number, prefix))
    files = Files(plan, log, author)
    logs = {a: p for a, p in files.logs().items() if p.exists() or p.is_symlink()}
    logs = logs or {files.author: files.log_path}  # none yet: say so, as for one log
    failed, record = False, _record(files)
    for whose in sorted(given.keys() - logs.keys()):
        # A receipt proves the log existed: its log gone is a failed check, not a typo.
        typer.echo(f"verify FAILED: {whose}'s log is missing "
                   f"({files.main_log.with_name(log_name(files.main_log.name, whose)).name} "
                   f"is not beside the plan, and a receipt names it)")
        failed = True
    for whose, path in logs.items():
        result = verify_log(path, given.get(whose, ()), evidence=files.evidence(),
                            author=None if whose == OWNER else whose, record=record)
        for number, what in result.problems:
            say(f"{label(whose, number, files.author)}: {what}")
        for note in result.notes:
            print(f"note: {note}", file=sys.stderr)
        ours = f"{path.name} ({whose}'s log): " if len(logs) > 1 else ""
        typer.echo(ours + summary(result))
        failed = failed or result.failed
    files.warn_conflict_copies()
    if failed:
        raise typer.Exit(1)


def _record(files: Files) -> str | None:
    """How this plan's receipts name it (`seal.record_tag`); None when the plan has no id or
    cannot be read (`verify --log` alone): every receipt is then checked."""
    from iepcheck.record.seal import record_tag

    try:
        return record_tag(files.plan().plan.id)
    except UserError:
        return None


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
        typer.Option(help="Only entries about this item or goal (repeat).",
                     autocompletion=complete_item),
    ] = None,
    format: Annotated[TimelineFormat | None, typer.Option(
        "--format", help="markdown, html, csv or json (default: from the -o file's extension, "
        "else markdown).", show_default=False)] = None,
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
        print(f"wrote {output}", file=sys.stderr)


def _summary(plan: Plan, entries: list[Observation], since: date, until: date) -> dict[str, int]:
    """The report's status counts for the same period, for the chronology's header."""
    from iepcheck.evidence.report import build_report
    from iepcheck.evidence.tally import Period

    return dict(build_report(plan, entries, Period(since=since, until=until)).summary)
