"""`import-plan`: plan entries proposed from the IEP or 504 document itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from iepcheck.cli.options import Files, OutputOpt, PlanOpt, write_output
from iepcheck.errors import UserError
from iepcheck.language.messages import _


def import_plan(
    document: Annotated[Path, typer.Argument(
        help=_("The plan document: a PDF with a text layer, or a Word (.docx) form."),
        dir_okay=False, show_default=False)],
    output: OutputOpt = None,
    into: Annotated[Path | None, typer.Option(
        "--into", help=_("Append the proposal to this plan file, after a yes/no question."),
        dir_okay=False)] = None,
    yes: Annotated[bool, typer.Option("--yes", help=_("With --into: do not ask."))] = False,
    attach: Annotated[bool, typer.Option(
        "--attach", help=_("Keep the document in the plan's evidence folder."))] = False,
    plan: PlanOpt = None,
) -> None:
    """Propose plan entries from the plan document, every value with its page and cell."""
    from iepcheck.plan.proposal import propose
    from iepcheck.render.plan_proposal import proposal_toml
    from iepcheck.store.plan_document import read_document

    if output is not None and into is not None:
        raise UserError(_("--into and --output: give one (--into adds to a plan, --output writes "
                          "the proposal to a file of its own)"))
    if yes and into is None:
        raise UserError(_("--yes: only with --into PLAN"))
    from iepcheck.cli.progress import progress

    with progress(_("reading {file}").format(file=document.name), None):
        proposal = propose(read_document(document), _known_people(into))
    text = proposal_toml(proposal)
    if attach:
        text = _kept_line(document, Files(into or plan, None)) + text
    if into is None:
        write_output(text, output, Files(None, None))
        return
    typer.echo(text, nl=False)
    _append(into, text, proposal.added, yes)


def _known_people(into: Path | None) -> tuple[str, ...]:
    """The names and ids of the staff already in the plan the proposal goes into: they are
    not proposed again."""
    if into is None:
        return ()
    from iepcheck.store.plan_file import load_plan

    return tuple(key for member in load_plan(into).staff for key in (member.name, member.id))


def _append(into: Path, text: str, count: int, yes: bool) -> None:
    from iepcheck.store.plan_import import append_proposal

    if count == 0:
        raise UserError(_("nothing to add: the document has no services grid or accommodations "
                          "list iepcheck can read"))
    if not yes and not typer.confirm(_("Add these {count} items to {into}?").format(
        count=count, into=into), default=False,
                                     err=True):
        typer.echo(_("Nothing was written to {into}.").format(into=into), err=True)
        raise typer.Exit(1)
    append_proposal(into, text)
    typer.echo(_("Added {count} items to {into}.").format(count=count, into=into), err=True)


def _kept_line(document: Path, files: Files) -> str:
    """Keep the original beside the plan's log, by its SHA-256, as `log --attach` does."""
    from iepcheck.store.attachments import store
    from iepcheck.store.files import locked
    from iepcheck.store.logbook import evidence_dir

    log = files.main_log
    with locked(log):
        kept = store(document, evidence_dir(log), log.parent)
    typer.echo(_("Kept {name} as {path}.").format(name=document.name, path=kept['path']), err=True)
    return f"# kept in the evidence folder: {kept['path']}\n"
