"""`import-email`: emails and mailboxes into the log, each message kept as original, dated evidence."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from iepcheck.cli.options import (
    AsOfOpt,
    AuthorOpt,
    Files,
    ItemsArg,
    LogOpt,
    PlanOpt,
    say,
)
from iepcheck.errors import UserError
from iepcheck.language.messages import _
from iepcheck.vocabulary import Finding, Kind, choose

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from iepcheck.mail.importing import Email, ImportPlan, Planned, Unreadable
    from iepcheck.mail.mailboxes import Unrelated
    from iepcheck.record.drafts import EntryDraft
    from iepcheck.record.entries import Observation
    from iepcheck.store.logbook import Recorded


def import_email(
    file: Annotated[
        Path,
        typer.Argument(
            help=_("A saved email (.eml) or a mailbox (.mbox)."), dir_okay=False, show_default=False
        ),
    ],
    items: ItemsArg = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", "-k", help=_("Override the kind (needed when no staff address is on it).")
        ),
    ] = None,
    date_text: Annotated[
        str | None,
        typer.Option("--date", "-d", help=_("Override the day [default: the Date header].")),
    ] = None,
    finding: Annotated[
        str | None,
        typer.Option("--finding", "-f", help=_("[default: none; an email's content decides]")),
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
        raise UserError(_("{label}: {value}; nothing was recorded").format(
            label=label(1), value=planned.refused[1]))
    if planned.refused and len(planned.refused) == count:
        _refuse_the_whole_mailbox(file, planned, messages, label)
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
    for position, (held, why) in sorted(skipped.items()) if count == 1 else ():
        line = (_("skipped {label}: already imported as {held} ({why})") if held is not None
                else _("skipped {label}: already imported ({why})"))
        print(line.format(label=label(position), held=held, why=why), file=sys.stderr)
    warn_collisions(files, planned, recorded, label)
    for position, why in sorted(planned.refused.items()):
        if position not in not_staff:
            say(_("refused {label}: {why}").format(label=label(position), why=why), err=True)
    print(_("imported {imported}, skipped {count} as already imported, refused {count2}").format(
        imported=imported, count=len(skipped), count2=len(planned.refused)), file=sys.stderr)
    if planned.refused:
        raise typer.Exit(1 if imported else 2)


def _refuse_the_whole_mailbox(file: Path, planned: ImportPlan, messages: Sequence[object],
                              label: Callable[[int], str]) -> NoReturn:
    """Nothing in the mailbox can be recorded: bad input, so one line and exit 2, saying the
    commonest cause (mail that names no staff address) or the first refusal."""
    from iepcheck.language.messages import _, n_

    count = len(messages)
    if len(_not_staff(planned, messages)) == count:
        raise UserError(n_(
            "{file}: its {count} message is not to or from the plan's staff; to record mail "
            "that names no staff address, pass --kind (e.g. --kind email-received) or add "
            "the address to [[staff]]; nothing was recorded",
            "{file}: none of its {count} messages is to or from the plan's staff; to record "
            "mail that names no staff address, pass --kind (e.g. --kind email-received) or "
            "add the address to [[staff]]; nothing was recorded", count).format(
                file=file.name, count=f"{count:,}"))
    first = min(planned.refused)
    raise UserError(_("{file}: none of its {count} messages can be recorded ({message}: "
                      "{why}, and {others} more refused); nothing was recorded").format(
        file=file.name, count=f"{count:,}", message=label(first),
        why=planned.refused[first], others=f"{count - 1:,}"))


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
                   ) -> tuple[list[Observation], dict[int, tuple[str | None, str]]]:
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
            skipped[one.position] = (outcome.duplicate.reference, outcome.duplicate.why)
    return recorded, skipped


def warn_collisions(files: Files, planned: ImportPlan, recorded: Sequence[Observation],
                    label: Callable[[int], str]) -> None:
    """A line on stderr for each message recorded although its Message-ID was already held
    by other content (a collision, or a spoof): the parent compares the two."""
    from iepcheck.language.messages import _
    from iepcheck.record.authors import label as reference

    # Each recorded entry keeps its message as its original: its SHA-256 finds its position.
    position_of = {one.email.sha256: one.position for one in planned.to_record}
    numbers = {position_of[a.sha256]: entry for entry in recorded for a in entry.attachments
               if a.sha256 in position_of}
    for position, entry in sorted(numbers.items()):
        held = planned.collisions.get(position)
        if held is not None:
            say(_("warning: {label}: its Message-ID is that of {reference}, but its content "
                  "differs (a collision, or a spoof); recorded as #{n}: compare the two").format(
                      label=label(position),
                      reference=reference(held.author, held.n, files.author), n=entry.n),
                err=True)
        first = planned.file_collisions.get(position)
        if first is not None and first in numbers:
            say(_("warning: {message}: its Message-ID is that of message {first} of this "
                  "file ({entry}), but its content differs (a collision, or a spoof); "
                  "recorded as {own}: compare the two").format(
                    message=label(position), first=first,
                    entry=reference(numbers[first].author, numbers[first].n, files.author),
                    own=reference(entry.author, entry.n, files.author)), err=True)


def _record_all(files: Files, drafts: list[EntryDraft]) -> list[Recorded]:
    """One lock, one read, one write for the whole mailbox: when the write fails (a full
    disk), no message is recorded, and the one line says so rather than leave it unsaid."""
    from iepcheck.errors import WriteError

    try:
        return files.record_all(drafts)
    except WriteError as error:
        raise WriteError((_("{error}; none of the {count} messages was recorded (a mailbox is "
                            "recorded in one write: import it again once this is fixed)")
                          if len(drafts) > 1 else
                          _("{error}; the message was not recorded (a mailbox is recorded in one "
                            "write: import it again once this is fixed)")).format(
            error=error, count=len(drafts))) from None


def _read_messages(file: Path, staff: frozenset[str] | None,
                   ) -> tuple[bytes | None, list[Email | Unreadable | Unrelated]]:
    """The file's messages. A mailbox (`From ` first) is read a message at a time, whatever
    its size, and with `staff` a message naming none of them is only glanced at; a single
    saved email is read whole (bounded), and its bytes returned too."""
    from itertools import chain

    from iepcheck.mail.importing import read_mailbox, read_stream
    from iepcheck.mail.mailboxes import split_stream
    from iepcheck.store.files import read_lines
    from iepcheck.store.text_files import without_bom

    lines = read_lines(file, "email", option="FILE",
                       missing=_("save the email as .eml or .mbox first"))
    first = without_bom(next(lines, b""))  # a Windows editor's byte order mark: no part of it
    if first.startswith(b"From "):
        from iepcheck.cli.progress import tracked

        messages = tracked(split_stream(chain([first], lines)), _("reading the mailbox"))
        return None, read_stream(messages, str(file), staff)
    lines.close()
    raw = _read_file(file)
    return raw, list(read_mailbox(without_bom(raw), str(file)))


def _read_file(file: Path) -> bytes:
    """The file's bytes; a pipe, a device or an oversized file is refused before reading."""
    from iepcheck.mail.importing import MAX_FILE_BYTES
    from iepcheck.store.files import read_file

    return read_file(file, "email", option="FILE", limit=MAX_FILE_BYTES,
                     missing=_("save the email as .eml or .mbox first"))


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
    label = (f"{file.name}{subject}" if count == 1 else
             _("{file} message {position}{subject}").format(file=file.name, position=position,
                                                            subject=subject))
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
