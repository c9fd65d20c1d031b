"""Bare `iepcheck`: a short status when a plan is here, else the help."""

from __future__ import annotations

from pathlib import Path

import typer


def bare_status(ctx: typer.Context) -> None:
    plan = Path("plan.toml")
    import os

    plan = Path(os.environ.get("IEPCHECK_PLAN", plan))
    if not plan.exists():
        typer.echo(ctx.get_help())
        raise typer.Exit()
    try:
        from iepcheck.cli.report_cmds import print_status
    except ModuleNotFoundError:
        typer.echo(ctx.get_help())
        raise typer.Exit() from None
    print_status(plan)
