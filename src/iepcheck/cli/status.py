"""Bare `iepcheck`: a short status when a plan is here, else the help."""

from __future__ import annotations

import os
from pathlib import Path

import typer


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
    from iepcheck.cli.report_cmds import print_status

    print_status(plan)
