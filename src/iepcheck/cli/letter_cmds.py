"""`letter`: the letters a parent sends, drafted from the log and the plan (docs/letters.md).

The rules are in `letters/compose.py`; this module reads the options, checks that nothing will be
written where it must not be, writes the draft and, with --record, logs it as sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from iepcheck.cli.letter_language import LangOpt, LetterLanguage
from iepcheck.cli.options import (
    AsOfOpt,
    Files,
    LogOpt,
    PlanOpt,
    SinceOpt,
    UntilOpt,
    clock,
    complete_item,
    complete_staff,
    period_from,
    say,
    signed_by_me,
    write_output,
)
from iepcheck.errors import UserError
from iepcheck.language.messages import _

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from iepcheck.letters.compose import Letter
    from iepcheck.plan.model import Plan, Staff

#: -o FILE's ending → the form written; anything else is plain text.
FORMATS = {".eml": "eml", ".md": "markdown", ".markdown": "markdown", ".html": "html",
           ".htm": "html", ".docx": "docx"}


def letter(
    kind: Annotated[str, typer.Argument(help=_("Which letter: one of the kinds listed above."),
                                        show_default=False)],
    staff: Annotated[str | None, typer.Argument(
        help=_("The staff member to write to [default: the case manager]; for an escalation, the "
               "one who has not answered."), autocompletion=complete_staff,
        show_default=False)] = None,
    item: Annotated[list[str] | None, typer.Option(
        help=_("Only this item (repeat); records-request: the services whose records you want."),
        autocompletion=complete_item)] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    as_of: AsOfOpt = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", dir_okay=False,
        help=_("Write FILE.eml (a draft your mail app opens), .docx (Word), .md, .html or "
               "text."))] = None,
    record: Annotated[bool, typer.Option("--record", help=_("Log it as an email-sent to the "
        "recipient (attaching the file with --output)."))] = False,
    plan: PlanOpt = None,
    log: LogOpt = None,
    to_drafts: Annotated[bool, typer.Option(
        "--to-drafts", help=_("Put the letter in your mailbox's Drafts folder (once), to send "
                              "from your mail app; with --record it is logged when 'mail pull' "
                              "finds it sent.")
    )] = False,
    lang: LangOpt = LetterLanguage.en,
) -> None:
    """Draft a letter from the log: every fact with its date and entry number (#N).

    \b
    KIND is one of:
      meeting-request    an IEP or 504 meeting about every item not delivered as written
      records-request    the service logs, attendance and progress data, by a due date
      make-up-request    make-up services: per service, minutes required, delivered, owed
      escalation         emails to STAFF that went unanswered, to the case manager
      complaint-facts    the facts section of a state complaint, for you to review
      records-questions  after import-log: a question about each conflict with your record
      visit-request      a visit to see your child in class and in the service room
    """
    from iepcheck.letters.build import build_letter
    from iepcheck.letters.compose import LetterKind, Request
    from iepcheck.vocabulary import choose

    if output is not None and str(output) == "-":
        output = None  # `-o -`: standard output, as every command that writes a file
    files, today, current = Files.at(plan, log, as_of)
    chosen = LetterKind(choose(kind, LetterKind, "KIND"))
    member = _staff(current, staff) if staff is not None else None
    items = tuple(item or [])
    current.require_items(items)
    if items and chosen is LetterKind.escalation:
        raise UserError(_("--item: an escalation is about unanswered emails to one person; leave "
                          "out --item"))
    form = FORMATS.get(output.suffix.lower(), "text") if output else "text"
    _check_writes(files, output, record, today, chosen)
    entries = files.entries()
    period = period_from(current, since, until, today)
    from iepcheck.cli.letter_language import (
        logged_in_english,
        refuse_both_in_one_message,
        sent_language,
        written_in,
    )

    def build() -> Letter:
        return build_letter(signed_by_me(current), entries,
                            Request(chosen, today, period, member, items))

    if form in ("eml", "docx") or to_drafts:
        refuse_both_in_one_message(lang)
    drafted = written_in(sent_language(lang), build)
    if form == "eml" or to_drafts:
        from iepcheck.letters.compose import require_addresses

        require_addresses(drafted)
    if to_drafts:
        written_in(sent_language(lang), lambda: _to_drafts(drafted, chosen, today))
        if record:
            typer.echo(_("It is logged as an email sent when 'iepcheck mail pull' finds it in "
                         "your Sent folder: a draft never sent is not an email sent."), err=True)
            record = False
        if output is None:
            return
    message_id = _write(drafted, form, output, files, lang, build)
    if record:
        _record_sent(files, logged_in_english(lang, drafted, build), today, output, message_id)


def _staff(plan: Plan, word: str) -> Staff:
    """The staff member a typed id, email or name means; else one line with the closest id."""
    from iepcheck.errors import did_you_mean

    member = plan.staff_named(word)
    if member is None:
        ids = [s.id for s in plan.staff]
        raise UserError(_("STAFF: '{word}' is not a staff member of the plan{did_you_mean}; the "
                          "plan's staff are {value}").format(
                              word=word, did_you_mean=did_you_mean(word, ids),
                              value=", ".join(ids)
                              or _("none yet: add a [[staff]] table to the plan")))
    return member


def _check_writes(files: Files, output: Path | None, record: bool, today: date,
                  kind: str) -> None:
    """Before anything is written: not onto the record, a log --record can append to, and
    nothing logged as sent in the future or for a draft the tool never sends."""
    from iepcheck.cli.options import check_output
    from iepcheck.store.files import check_writable

    if output is not None:
        check_output(output, files)
    if record:
        if kind == "complaint-facts":
            raise UserError(_("--record: complaint-facts is a draft for you to review and file "
                              "yourself; nothing is sent, so nothing is logged"))
        if today > clock().date():
            raise UserError(_("--record: {today} is in the future; a letter can only be logged "
                              "as sent on or before today").format(today=today))
        check_writable(files.log_path)


def _to_drafts(drafted: Letter, kind: str, day: date) -> None:
    """The letter in the mailbox's Drafts, under one Message-ID per kind, recipient, subject
    and day."""
    from iepcheck.cli.mail_cmds import stable_message_id, to_drafts
    from iepcheck.render.eml import render_letter_eml

    message_id = stable_message_id(kind, drafted.to[0].staff_id if drafted.to else "",
                                   drafted.subject, day.isoformat())
    raw, _message = render_letter_eml(drafted, clock(), message_id)
    to_drafts(raw, message_id)


def _write(drafted: Letter, form: str, output: Path | None, files: Files,
           lang: LetterLanguage, build: Callable[[], Letter]) -> str | None:
    """Print or write the letter; the .eml draft's Message-ID, for the log."""
    from iepcheck.cli.letter_language import letter_text, sent_language, written_in

    if form == "docx" and output is not None:
        _write_docx(lambda: drafted, output, files)  # built in the language it is sent in
        return None
    if form != "eml" or output is None:
        from iepcheck.language.messages import current
        from iepcheck.render.formats import render

        def text() -> str:
            """The letter already built when this is the language it is sent in (building
            it reads the whole record again); the family's copy in another is built anew."""
            same = current() == sent_language(lang)
            return render("letter", form, drafted if same else build())

        write_output(letter_text(lang, text), output, files)
        if output is not None:
            typer.echo(_("Wrote {output}: check it before you send it.").format(
                output=output), err=True)
        return None
    from iepcheck.render.eml import render_letter_eml

    raw, message_id = written_in(sent_language(lang),
                                 lambda: render_letter_eml(drafted, clock()))
    write_output(raw, output, files)
    typer.echo(_("Wrote {output}: open it in your mail app, check it, and send.").format(
        output=output), err=True)
    return message_id


def _write_docx(drafted: Callable[[], Letter], output: Path, files: Files) -> None:
    """The letter as a Word document, headed with the parent's address and phone from their
    own settings (`iepcheck config address`, `config phone`) and the school's name."""
    from iepcheck.language.messages import _
    from iepcheck.render.letter_docx import Letterhead, render_letter_docx
    from iepcheck.store.user_config import check_address, check_phone, read_config

    settings = read_config()
    address = check_address(settings["address"]).split("\n") if settings.get("address") else []
    phone = check_phone(settings["phone"]) if settings.get("phone") else None
    head = Letterhead(tuple(address), phone, files.plan().student.school)
    write_output(render_letter_docx(drafted(), head), output, files)
    typer.echo(_("Wrote {file}: open it in Word or Google Docs, check it, and send or print "
                 "it.").format(file=output), err=True)


def _record_sent(files: Files, drafted: Letter, day: date, output: Path | None,
                 message_id: str | None) -> None:
    """Log the letter as an email sent to its first recipient, through the one recording path."""
    from iepcheck.record.drafts import EntryDraft, describe

    entry = files.record(EntryDraft(
        kind="email-sent", date=day, items=drafted.items, who=drafted.to[0].staff_id,
        note=drafted.record_note, attach=(output,) if output else (), message_id=message_id,
        reply_to=drafted.reply_to,
    ))
    say(describe(entry))
