"""Bare `iepcheck`: a short status when a plan is here, else the help."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import typer

from iepcheck.cli.options import Files, clock
from iepcheck.language.messages import _


def status_plan() -> Path | None:
    """The plan bare `iepcheck` reports on: $IEPCHECK_PLAN, else ./plan.toml, if it exists."""
    plan = Path(os.environ.get("IEPCHECK_PLAN", "plan.toml"))
    return plan if plan.exists() else None


def bare_status(ctx: typer.Context) -> None:
    """In a folder with a plan (or with $IEPCHECK_PLAN set), the answer beats the help."""
    plan = status_plan()
    if plan is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()
    print_status(plan)


def print_status(plan_path: Path, as_of: date | None = None) -> None:
    """Bare `iepcheck` beside a plan: counts by status and the most urgent item, in a few lines."""
    import os

    from iepcheck.evidence.report import build_report, status_counts, summary_line
    from iepcheck.evidence.tally import Period

    log_env = os.environ.get("IEPCHECK_LOG")
    files = Files(plan_path, Path(log_env) if log_env else None)
    current = files.plan()
    today = as_of or clock().date()
    terms = current.plan
    who = _("{name}'s {kind} ({path})").format(name=current.student.name, kind=terms.kind,
                                                path=files.plan_path)
    if not current.items:
        from iepcheck.evidence.report import EMPTY_PLAN

        empty = _(EMPTY_PLAN)
        typer.echo(f"{who}: {empty[0].upper()}{empty[1:]}.")
        return
    if today < terms.start:
        typer.echo(_("{who} starts on {start}. Record observations with 'iepcheck log' once it "
                     "is in effect; 'iepcheck --help' lists every command.").format(
                         who=who, start=terms.start))
        return
    result = build_report(current, files.entries(), Period(since=terms.start, until=today))
    files.warn_conflict_copies()
    typer.echo(_("{who}, {start} to {today}: {status_counts}.").format(
        who=who, start=terms.start, today=today, status_counts=status_counts(result)))
    typer.echo(f"{summary_line(result)}.")
    from iepcheck.render.words import status_label

    urgent = result.gaps[0] if result.gaps else None
    if urgent is not None:
        typer.echo(_("Most urgent: {name} ({id}) is {status}: {meaning}.").format(
            name=urgent.item.name, id=urgent.item.id, status=status_label(urgent.status),
            meaning=urgent.status.meaning))
    else:
        typer.echo(_("Nothing urgent: every item in effect has recent evidence."))
    typer.echo(_("Next: 'iepcheck report' for the full report, 'iepcheck due' for what to check "
                 "this week, 'iepcheck --help' for every command."))
