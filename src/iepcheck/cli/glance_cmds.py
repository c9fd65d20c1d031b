"""`at-a-glance`: one page for one teacher or provider, with only their part of the plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from iepcheck.cli.options import (
    AsOfOpt,
    AuthorOpt,
    Files,
    LogOpt,
    PlanOpt,
    clock,
    complete_staff,
    say,
    write_output,
)
from iepcheck.errors import UserError
from iepcheck.language.messages import _

if TYPE_CHECKING:
    from datetime import date

    from iepcheck.letters.at_a_glance import Glance

FORMATS = (".html", ".htm", ".md", ".txt", ".docx", ".eml")


def at_a_glance(
    staff: Annotated[str, typer.Argument(help=_("The staff id, email or name of the teacher or "
                                                "provider."), autocompletion=complete_staff,
                                         show_default=False)],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", dir_okay=False,
        help=_("Write FILE.html, .md, .txt, .docx or .eml (a draft your mail app opens) instead "
               "of printing the text."))] = None,
    record: Annotated[bool, typer.Option("--record", help=_("With -o FILE.eml: log it as an "
        "email sent to this person, the .eml attached."))] = False,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
    author: AuthorOpt = None,
) -> None:
    """One page for one teacher or provider: their accommodations and services, nothing else."""
    from iepcheck.letters.at_a_glance import at_a_glance as build
    from iepcheck.letters.at_a_glance import glance_text

    files, today, current = Files.at(plan, log, as_of, author)
    member = current.staff_named(staff)
    if member is None:
        ids = ", ".join(s.id for s in current.staff) or _("none yet")
        raise UserError(_("unknown staff '{staff}'; the plan's staff are {ids}").format(
            staff=staff, ids=ids))
    suffix = output.suffix.lower() if output is not None else None
    _check(output, suffix, record, member.email, member.id, today, files)
    glance = build(current, member, today)
    if output is None:
        typer.echo(glance_text(glance), nl=False)
        return
    write_output(_rendered(glance, suffix or ""), output, files)
    say(_("Wrote {output}").format(output=output), err=True)
    if record:
        _record_sent(files, glance, today, output)


def _check(output: Path | None, suffix: str | None, record: bool, email: str | None,
           staff_id: str, today: date, files: Files) -> None:
    """Everything refused before a byte is written."""
    from iepcheck.cli.options import check_output
    from iepcheck.store.files import check_writable

    if output is None or suffix is None:
        if record:
            raise UserError(_("--record: give -o FILE.eml, the email that is logged as sent"))
        return
    if suffix not in FORMATS:
        raise UserError(_("-o {name}: write .html, .md, .txt, .docx or .eml").format(
            name=output.name))
    if record and suffix != ".eml":
        raise UserError(_("--record: only an email is logged as sent; write -o FILE.eml"))
    if suffix == ".eml" and not email:
        raise UserError(_("{staff_id} has no email in the plan, so an .eml would go to nobody; "
                          'add email = "…" to their [[staff]] table, or write -o '
                          "FILE.html").format(staff_id=staff_id))
    if record and today > clock().date():
        raise UserError(_("--record: {today} is in the future; an email can only be logged as "
                          "sent on or before today").format(today=today))
    check_output(output, files)
    if record:
        check_writable(files.log_path)


def _rendered(glance: Glance, suffix: str) -> str | bytes:
    if suffix in (".html", ".htm"):
        from iepcheck.render.at_a_glance import render_html

        return render_html(glance)
    if suffix == ".md":
        from iepcheck.render.at_a_glance import render_markdown

        return render_markdown(glance)
    if suffix == ".docx":
        from iepcheck.render.at_a_glance_docx import render_docx

        return render_docx(glance)
    if suffix == ".eml":
        from iepcheck.render.at_a_glance import render_glance_eml

        return render_glance_eml(glance, clock())[0]
    from iepcheck.letters.at_a_glance import glance_text

    return glance_text(glance)


def _record_sent(files: Files, glance: Glance, day: date, output: Path) -> None:
    """Logged as an email sent to the staff member about their items, the .eml attached:
    `due` stops suggesting the page once it holds this entry (docs/at-a-glance.md)."""
    from iepcheck.due.glance_reminders import SENT_NOTE
    from iepcheck.record.drafts import EntryDraft, describe

    entry = files.record(EntryDraft(
        kind="email-sent", date=day, items=glance.item_ids, who=glance.staff_id,
        note=f"{SENT_NOTE}: {glance.log_title}", attach=(output,)))
    say(describe(entry))
