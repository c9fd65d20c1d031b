"""The `iepcheck` command: a thin typer shell over the pure core.

`COMMANDS` is the one table of commands (name → module:function, in the order of the
routine, which is the order `--help` lists them). `main` builds a typer app from it holding
only what the run needs, runs it, and is the one place where errors become a line on stderr
and an exit status (docs/architecture.md). Module tops import only the standard library and
typer; everything else loads inside the command that needs it, so `iepcheck --help` and
`iepcheck log` stay fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, cast

import typer

from iepcheck import __version__
from iepcheck.language.messages import N_, _

if TYPE_CHECKING:
    import click

#: Every command: its name, and the function in `iepcheck.cli.<module>` that runs it.
COMMANDS: dict[str, str] = {
    "init": "plan_cmds:init",
    "add-item": "plan_cmds:add_item",
    "amend": "plan_cmds:amend",
    "items": "plan_cmds:items",
    "log": "log_cmds:log",
    "history": "history_cmds:history",
    "retract": "log_cmds:retract",
    "report": "report_cmds:report",
    "due": "reminder_cmds:due",
    "draft-email": "reminder_cmds:draft_email",
    "letter": "letter_cmds:letter",
    "calendar": "reminder_cmds:calendar",
    "import-email": "evidence_cmds:import_email",
    "timeline": "timeline_cmds:timeline",
    "verify": "verify_cmds:verify",
    "bundle": "bundle_cmds:bundle",
    "caseload": "caseload_cmds:caseload",
    "merge-copy": "log_cmds:merge_copy",
    "config": "config_cmds:config",
    "mail": "mail_cmds:mail",
    "import-log": "school_log_cmds:import_log",
    "reconcile": "school_log_cmds:reconcile",
    "plan": "plan_review_cmds:plan",
    "import-plan": "import_plan_cmds:import_plan",
    "ask": "interview_cmds:ask",
    "at-a-glance": "glance_cmds:at_a_glance",
}

HELP = N_("Is the school doing what your child's IEP or 504 plan says? Keep dated evidence, "
        "see the gaps, and get reminded what to check.")
COMPLETION_VARIABLE = "_IEPCHECK_COMPLETE"
HELP_FLAGS = ("-h", "--help")


def _configure_typer() -> None:
    """Every setting iepcheck relies on from typer, in one place (typer is pinned to 0.20.x
    in pyproject.toml because 0.21+ imports pydantic on every run).

    `HAS_RICH = False`: help is plain click help (rich_markup_mode=None below), but typer 0.20
    still escapes "[default: …]" for rich whenever rich is installed, which imports rich
    (~40 ms on every `iepcheck COMMAND --help`) and prints a stray "\\[env var".
    """
    import typer.core

    typer.core.HAS_RICH = False
    _keep_argument_help(typer.core.TyperArgument, typer.core.TyperCommand)


def _keep_argument_help(argument: Any, command: Any) -> None:
    """typer 0.20 stores an argument's help, then click 8.2+ resets it to None in
    `Parameter.__init__`, so `--help` listed arguments without a word about them. Setting
    it again after the constructor is all it takes; click would then list the arguments a
    second time ("Positional arguments", beside typer's "Arguments"), so its section is left
    out (tests/test_help.py fails if either stops working)."""
    if getattr(argument, "_iepcheck_keeps_help", False):
        return
    command.format_arguments = lambda self, ctx, formatter: None
    built = argument.__init__

    def keep_help(self: Any, *args: Any, help: str | None = None, **kwargs: Any) -> None:
        built(self, *args, help=help, **kwargs)
        self.help = help

    argument.__init__ = keep_help
    argument._iepcheck_keeps_help = True


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"iepcheck {__version__}")
        raise typer.Exit()


def _show_manual(value: bool) -> None:
    """`--man`: the manual page in roff, from the same text as every command's --help."""
    if value:
        import typer.main

        from iepcheck.cli.manual import roff

        group = typer.main.get_command(build_app(COMMANDS))
        typer.echo(roff(cast("click.Group", group), __version__), nl=False)
        raise typer.Exit()


def _root(
    ctx: typer.Context,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_show_version, is_eager=True,
                     help=_("Show the version.")),
    ] = None,
    manual: Annotated[
        bool | None,
        typer.Option("--man", callback=_show_manual, is_eager=True,
                     help=_("Print the manual page (roff): iepcheck --man > iepcheck.1")),
    ] = None,
) -> None:
    """Is the school doing what your child's IEP or 504 plan says?"""
    if ctx.invoked_subcommand is None:
        from iepcheck.cli.status import bare_status

        bare_status(ctx)


def command_function(name: str) -> Callable[..., Any]:
    """The function that runs command `name`, imported only now."""
    import importlib

    module, _colon, function = COMMANDS[name].partition(":")
    found: Callable[..., Any] = getattr(importlib.import_module(f"iepcheck.cli.{module}"),
                                        function)
    return found


def build_app(names: Iterable[str]) -> typer.Typer:
    """A typer app with the root options and the commands `names` (in table order)."""
    from iepcheck.cli.command_help import epilog, help_text

    _configure_typer()
    app = typer.Typer(
        name="iepcheck",
        help=_(HELP),
        no_args_is_help=False,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,  # plain help: rich would add ~0.1 s to every --help
        suggest_commands=False,  # click already says "Did you mean …?"
        context_settings={"help_option_names": list(HELP_FLAGS)},
    )
    app.callback(invoke_without_command=True)(_root)
    wanted = set(names)
    for name in COMMANDS:
        if name in wanted:
            function = command_function(name)
            app.command(name, help=help_text(function), epilog=epilog(name))(function)
    return app


def commands_needed(args: list[str]) -> list[str] | None:
    """Which commands this run builds, or None when it only lists them (help, an unknown
    word, bare `iepcheck` with no plan to report on): building a command costs typer a
    signature walk, so `iepcheck log` builds only `log`, bare `iepcheck` beside a plan builds
    none, and a listing builds none either (`listing`).

    The root takes only flags, so its first word that is not an option names the command.
    Shell completion needs every command, built.
    """
    word = next((a for a in args if not a.startswith("-")), None)
    before = args[: args.index(word)] if word is not None else args
    if os.environ.get(COMPLETION_VARIABLE):
        return list(COMMANDS)
    if any(a in HELP_FLAGS for a in before):
        return None
    if word in COMMANDS:
        return [word]
    if word is None and not before:
        from iepcheck.cli.status import status_plan

        return [] if status_plan() is not None else None
    return None if word is not None else []


def listing(names: list[str] | None) -> click.Command:
    """The click command this run executes. When it only lists the commands, each is a plain
    click command carrying its docstring, so the help is typer's own and costs no command's
    build (~25 ms of every `iepcheck --help`)."""
    import click
    import typer.main

    from iepcheck.cli.click_words import translate_completion_help
    from iepcheck.cli.command_help import help_text

    group = typer.main.get_command(build_app(names or []))
    translate_completion_help(group.params)
    if names is None and isinstance(group, click.Group):
        for name in COMMANDS:
            group.add_command(click.Command(name, help=help_text(command_function(name))), name)
    return group


def run(args: list[str]) -> int:
    """Run the command line and return its exit status; every user error is one line."""
    _speak_the_readers_language(args)  # first: every help text and message after it is translated
    import click

    from iepcheck.cli.options import PRIVATE_AGAIN, keep_record_private
    from iepcheck.errors import ReaderLeft, UserError

    command = listing(commands_needed(args))
    PRIVATE_AGAIN.clear()
    try:
        status = command.main(args=args, prog_name="iepcheck", standalone_mode=False)
        if status in (None, 0, 1):  # only a command that ended well touches the modes
            keep_record_private()
    except UserError as error:
        _complain(str(error))
        return error.exit_code
    except click.UsageError as error:
        message = error.format_message()
        _complain(_("{message} (see 'iepcheck {command} --help')").format(
            message=message, command=error.ctx.info_name)
            if error.ctx and error.ctx.parent else
            _("{message} (see 'iepcheck --help')").format(message=message))
        return 2
    except click.ClickException as error:
        _complain(error.format_message())
        return error.exit_code
    except click.exceptions.Exit as done:
        if done.exit_code in (0, 1):  # a finding (verify FAILED), not a refusal
            keep_record_private()
        return done.exit_code
    except click.Abort:
        print(_("iepcheck: interrupted; nothing was written"), file=sys.stderr)
        return 130
    except ReaderLeft:
        return 0
    except SystemExit:
        # typer turns a closed pipe (`iepcheck report | head -1`) into exit 1 after wrapping
        # stdout; the reader leaving is not "something is due" (docs/terminal.md).
        from click.utils import PacifyFlushWrapper

        if isinstance(sys.stdout, cast("type", PacifyFlushWrapper)):
            return 0
        raise
    return status if isinstance(status, int) else 0


def _speak_the_readers_language(args: list[str]) -> None:
    """Install the reader's catalogue before any command is built, so help texts, errors
    and outputs are all in one language (docs/languages.md). A JSON or CSV run is English
    throughout: what a script reads is the same in every language."""
    from iepcheck.cli.output_format import machine_readable
    from iepcheck.language import messages as language
    from iepcheck.store import catalogue

    chosen = "en" if machine_readable(args) else catalogue.reader_language()
    language.use(catalogue.load(chosen), chosen)
    from iepcheck.cli.click_words import speak_through_click

    speak_through_click()


def _complain(message: str) -> None:
    """One line on stderr. Messages quote what was typed or read, so control characters in
    it are shown, never sent to the terminal."""
    line = _("iepcheck: error: {message}").format(message=message)
    if not line.isprintable():
        from iepcheck.render.escape import terminal_line

        line = terminal_line(line)
    print(line, file=sys.stderr)


def _replace_what_the_terminal_cannot_show() -> None:
    """A terminal in a Latin-1 (or ASCII) locale cannot show every character a record holds:
    each one it cannot is printed as `?`, never a traceback (docs/storage.md)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> NoReturn:
    """The entry point. Called with `argv` (tests), it raises SystemExit like any program.

    Run as the installed command (no `argv`), it leaves with `os._exit` once its output is
    flushed: every file it wrote is already fsynced and closed, and interpreter teardown
    (freeing every module and object one by one) costs ~25 ms that a person waits for and
    nothing needs. The garbage collector stays off during start-up for the same reason: the
    objects created then live until exit. This is the one place speed tricks of this kind live.
    """
    if argv is not None:
        raise SystemExit(run(list(argv)))
    import gc

    gc.disable()
    _replace_what_the_terminal_cannot_show()
    status = run(sys.argv[1:])
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `iepcheck history | head`: the reader left; not an error
        status = status or 0
    os._exit(status)
