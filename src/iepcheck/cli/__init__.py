"""The `iepcheck` command: a thin typer shell over the pure core.

Each command module registers itself on `app`. Module tops import only the standard library
and typer; everything else loads inside the command that needs it, so `iepcheck --help` and
`iepcheck log` stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
import typer.core

from iepcheck import __version__

if TYPE_CHECKING:
    from typer.models import CommandInfo

# Help here is plain click help (rich_markup_mode=None below), but typer 0.20 still escapes
# "[default: …]"/"[env var: …]" for rich whenever rich is installed: that imports rich
# (~40 ms on every `iepcheck COMMAND --help`) and prints a stray "\[env var". Tell it not to.
typer.core.HAS_RICH = False

app = typer.Typer(
    name="iepcheck",
    help="Is the school doing what your child's IEP or 504 plan says? Keep dated evidence, "
    "see the gaps, and get reminded what to check.",
    no_args_is_help=False,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich would add ~0.1 s to every --help
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"iepcheck {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    """Is the school doing what your child's IEP or 504 plan says?"""
    if ctx.invoked_subcommand is None:
        from iepcheck.cli.status import bare_status

        bare_status(ctx)


#: The module that defines each command. `main` imports only the one being run: importing
#: every command module costs ~20 ms that `iepcheck log` should not pay.
COMMAND_MODULES = {
    "init": "plan_cmds", "add-item": "plan_cmds", "items": "plan_cmds",
    "log": "log_cmds", "history": "log_cmds", "retract": "log_cmds",
    "report": "report_cmds",
    "due": "reminder_cmds", "draft-email": "reminder_cmds", "calendar": "reminder_cmds",
    "import-email": "evidence_cmds", "timeline": "evidence_cmds", "verify": "evidence_cmds",
}


def load_commands(name: str | None = None) -> None:
    """Register the command `name` (every command when None or unknown) on `app`."""
    import importlib

    every = dict.fromkeys(COMMAND_MODULES.values())  # in the order --help lists them
    for module in [COMMAND_MODULES[name]] if name in COMMAND_MODULES else every:
        importlib.import_module(f"iepcheck.cli.{module}")


def main(argv: list[str] | None = None) -> None:
    """Run the command line; every user error is one line on stderr and exit status 2."""
    import os
    import sys

    import click

    args = sys.argv[1:] if argv is None else argv
    load_commands(None if os.environ.get("_IEPCHECK_COMPLETE") else _command_word(args))
    registered = app.registered_commands
    app.registered_commands = _invoked_only(registered, args)
    try:
        status = app(args=argv, prog_name="iepcheck", standalone_mode=False)
    except click.UsageError as error:
        where = f" (see 'iepcheck {error.ctx.info_name} --help')" if (
            error.ctx and error.ctx.parent) else " (see 'iepcheck --help')"
        print(f"iepcheck: error: {error.format_message()}{where}", file=sys.stderr)
        sys.exit(2)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.Abort:
        print("iepcheck: interrupted; nothing was written", file=sys.stderr)
        sys.exit(130)
    finally:
        app.registered_commands = registered
    sys.exit(status if isinstance(status, int) else 0)


def _command_word(args: list[str]) -> str | None:
    """The root takes only flags, so its first word that is not an option names the command."""
    return next((a for a in args if not a.startswith("-")), None)


def _invoked_only(commands: list[CommandInfo], args: list[str]) -> list[CommandInfo]:
    """Just the command being run, when one is named.

    typer builds every registered command's options before running one (typing.get_type_hints
    on each signature), paid by every `iepcheck log`. `iepcheck --help`, completion and an
    unknown name still see every command.
    """
    import os

    from typer.main import get_command_name

    word = _command_word(args)
    if word is None or os.environ.get("_IEPCHECK_COMPLETE"):
        return commands
    named = [c for c in commands if (c.name or get_command_name(c.callback.__name__)) == word]
    return named or commands
