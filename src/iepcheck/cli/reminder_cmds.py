"""`due`, `draft-email`, `calendar`: reminders for a tool with no daemon.

`due` is cheap enough for a shell profile or cron and exits 1 with `--fail-if-due`;
`calendar` hands the plan's dates to the calendar app the parent already uses.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from iepcheck.cli.letter_language import LangOpt, LetterLanguage
from iepcheck.cli.options import (
    AsOfOpt,
    AuthorOpt,
    Files,
    FormatOpt,
    ListFormat,
    LogOpt,
    OutputOpt,
    PlanOpt,
    clock,
    complete_staff,
    say,
    signed_by_me,
    today_from,
    write_output,
)
from iepcheck.cli.pager import PagerOpt
from iepcheck.errors import UserError
from iepcheck.language.messages import _

if TYPE_CHECKING:
    from iepcheck.letters.weekly_checkin import Draft
    from iepcheck.plan.model import Plan, Staff
    from iepcheck.render.calendar_revisions import Revision


def due(
    as_of: AsOfOpt = None,
    within: Annotated[str, typer.Option("--within", help=_("How far ahead to look for plan dates "
        "(7d, 2w)."))] = "14d",
    format: FormatOpt = ListFormat.table,
    fail_if_due: Annotated[bool, typer.Option("--fail-if-due", help=_("Exit 1 when anything is "
        "listed (for scripts and cron)."))] = False,
    pager: PagerOpt = True,
    plan: PlanOpt = None,
    log: LogOpt = None,
    author: AuthorOpt = None,
) -> None:
    """What to check this week: items without recent evidence, unanswered emails, dates near."""
    from iepcheck.dates import parse_interval
    from iepcheck.due.reminders import due as find_due

    files = Files(plan, log, author)
    today = today_from(as_of)
    days = parse_interval(within, where="--within")
    current = files.plan()
    found = find_due(current, files.entries(), today, days)
    if format is ListFormat.json:
        from iepcheck.render.formats import render

        typer.echo(render("due", "json", found))
    elif not found.anything:
        from iepcheck.render.due_table import nothing_due

        typer.echo(nothing_due(found))
        if found.pages_to_send:  # suggestions, after the line scripts read
            from iepcheck.render.console import print_renderables
            from iepcheck.render.due_table import pages_table

            print_renderables(pages_table(found))
    else:
        from iepcheck.cli.pager import show_renderables
        from iepcheck.render.due_table import due_tables

        show_renderables(due_tables(found, {s.id: s.name for s in current.staff},
                                    files.author), page=pager)
    if fail_if_due and found.anything:
        raise typer.Exit(1)


def draft_email(
    staff: Annotated[str, typer.Argument(help=_("The staff id to write to (see 'iepcheck items')."),
                                         autocompletion=complete_staff, show_default=False)],
    as_of: AsOfOpt = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", dir_okay=False,
        help=_("Write an .eml draft that your mail app opens (or a .txt of the text) instead of "
               "printing it."))] = None,
    record: Annotated[bool, typer.Option("--record", help=_("Log it as an email-sent to this "
        "person (attaching the .eml with --output)."))] = False,
    plan: PlanOpt = None,
    log: LogOpt = None,
    author: AuthorOpt = None,
    to_drafts: Annotated[bool, typer.Option(
        "--to-drafts", help=_("Put the draft in your mailbox's Drafts folder (once), to send "
                              "from your mail app; with --record it is logged when 'mail pull' "
                              "finds it sent.")
    )] = False,
    lang: LangOpt = LetterLanguage.en,
) -> None:
    """Draft the weekly check-in email to one staff member about their items, weakest first."""
    from iepcheck.due.reminders import gaps_first_assessed
    from iepcheck.letters.weekly_checkin import draft_email as make_draft
    from iepcheck.letters.weekly_checkin import no_school_line, week_school_days

    files, today, current = Files.at(plan, log, as_of, author)
    member = _staff_member(current, staff)
    as_text = output is not None and output.suffix.lower() == ".txt"
    if to_drafts and not member.email:
        raise UserError(_("--to-drafts: {id} has no email in the plan, so the draft would go to "
                          'nobody; add email = "…" to their [[staff]] table').format(
                              id=member.id))
    if output is not None and not as_text and not member.email:
        raise UserError(_("{id} has no email in the plan, so an .eml draft would go to nobody; "
                          'add email = "…" to their [[staff]] table, or pass -o {name} for the '
                          "text").format(id=member.id, name=output.with_suffix('.txt').name))
    _check_writes(files, output, record)
    entries = files.entries()
    if record and today > clock().date():
        raise UserError(_("--record: {today} is in the future; an email can only be logged as "
                          "sent on or before today").format(today=today))
    if not week_school_days(current, today):
        typer.echo(no_school_line(current, today))
        return
    from iepcheck.cli.letter_language import (
        letter_text,
        logged_in_english,
        refuse_both_in_one_message,
        sent_language,
        written_in,
    )

    def build() -> Draft:
        return make_draft(signed_by_me(current), member,
                          gaps_first_assessed(current, entries, today), entries, today,
                          files.author)

    if to_drafts or (output is not None and not as_text):
        refuse_both_in_one_message(lang)
    draft = written_in(sent_language(lang), build)
    if not draft.items:
        raise UserError(_("{id} is responsible for no item in effect on {today} (items name "
                          "staff with 'staff' or 'provider'); nothing to ask").format(
                              id=member.id, today=today))
    if to_drafts:
        _to_drafts(draft, today)
        if record:
            typer.echo(_("It is logged as an email sent when 'iepcheck mail pull' finds it in "
                         "your Sent folder: a draft never sent is not an email sent."), err=True)
            record = False
    new_file = output is not None and not output.exists()
    if output is None:
        if not to_drafts:
            typer.echo(letter_text(lang, lambda: build().body), nl=False)
    elif as_text:
        write_output(letter_text(lang, lambda: build().body), output, files)
        typer.echo(_("Wrote {output}: copy it into an email to {name}.").format(
            output=output, name=member.name), err=True)
    message_id = None
    if output is not None and not as_text:
        message_id = _write_eml(draft, output, files)
    if record:
        _record_or_take_back(files, logged_in_english(lang, draft, build), today, output,
                             new_file, message_id)
    if output is not None and not as_text:
        typer.echo(_("Wrote {output}: open it in your mail app, check it, and send.").format(
            output=output), err=True)


def _record_or_take_back(files: Files, draft: Draft, day: date, output: Path | None,
                         new_file: bool, message_id: str | None) -> None:
    """Record the draft as sent; when that fails (a full disk), a draft written just now is
    removed again, so no draft is left behind looking logged: one line, nothing written."""
    try:
        _record_sent(files, draft, day, output, message_id)
    except UserError as error:
        if output is None or not new_file:
            raise
        import contextlib

        with contextlib.suppress(OSError):
            output.unlink()
        raise type(error)(_("{error}; the draft {output} was removed again, as it was not "
                            "recorded").format(error=error, output=output)) from None


def _staff_member(plan: Plan, staff_id: str) -> Staff:
    member = plan.staff_member(staff_id)
    if member is None:
        ids = (", ".join(s.id for s in plan.staff)
               or _("none yet: add a [[staff]] table to the plan"))
        raise UserError(_("unknown staff '{staff_id}'; the plan's staff are {ids}").format(
            staff_id=staff_id, ids=ids))
    return member


def _check_writes(files: Files, output: Path | None, record: bool) -> None:
    """Before anything is written: the .eml must not land on the record, and a log that
    --record cannot append to must not leave a draft behind as if it were logged."""
    from iepcheck.cli.options import check_output
    from iepcheck.store.files import check_writable

    if output is not None:
        check_output(output, files)
    if record:
        check_writable(files.log_path)


def _to_drafts(draft: Draft, day: date) -> None:
    """The draft in the mailbox's Drafts, under one Message-ID per person, subject and day."""
    from iepcheck.cli.mail_cmds import stable_message_id, to_drafts
    from iepcheck.render.eml import render_eml

    message_id = stable_message_id("weekly", draft.staff_id, draft.subject, day.isoformat())
    to_drafts(render_eml(draft, clock(), message_id), message_id)


def _write_eml(draft: Draft, output: Path, files: Files) -> str:
    """Write the .eml draft; its Message-ID, for the log."""
    from iepcheck.render.eml import render_draft_eml

    raw, message_id = render_draft_eml(draft, clock())
    write_output(raw, output, files)
    return message_id


def _record_sent(files: Files, draft: Draft, day: date, output: Path | None,
                 message_id: str | None = None) -> None:
    """Log the email as sent, through the log's one recording path, with the .eml's
    Message-ID so the reply imported later joins its thread (docs/email-import.md)."""
    from iepcheck.record.drafts import EntryDraft, describe

    entry = files.record(EntryDraft(
        kind="email-sent", date=day, items=draft.items, who=draft.staff_id,
        note=f"Weekly check-in: {draft.log_subject or draft.subject}", attach=(output,) if output else (),
        message_id=message_id,
    ))
    say(describe(entry))


def calendar(
    output: OutputOpt = None,
    plan: PlanOpt = None,
) -> None:
    """Export the plan's dates as an .ics file: weekly check-ins, progress reports, the review."""
    from datetime import UTC

    from iepcheck.due.reminders import plan_dates
    from iepcheck.render.ics import render_ics

    files = Files(plan, None)
    current = files.plan()
    text = render_ics(current, plan_dates(current), datetime.now(UTC),
                      _previous_export(output))
    write_output(text, output, files)


def _previous_export(output: Path | None) -> dict[str, Revision]:
    """The revisions of the calendar this export replaces (none for the screen, a new file
    or one that cannot be read): unchanged events keep their SEQUENCE and LAST-MODIFIED."""
    from iepcheck.render.ics import previous_revisions
    from iepcheck.store.files import read_regular

    if output is None:
        return {}
    try:
        return previous_revisions(read_regular(output))
    except OSError:
        return {}
