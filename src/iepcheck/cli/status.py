"""Bare `iepcheck`: a short status when a plan is here, else the help."""

from __future__ import annotations

import os
from pathlib import Path

import typer


def bare_status(ctx: typer.Context) -> None:
    """In a folder with a plan (or with $IEPCHECK_PLAN set), the answer beats the help."""
    plan = Path(os.environ.get("IEPCHECK_PLAN", "plan.toml"))
    if not plan.exists():
        typer.echo(ctx.get_help())
        raise typer.Exit()
    from iepcheck.cli.report_cmds import print_status

    print_status(plan)
