"""Options every command shares, as Annotated aliases, and the small shell around them:
where the plan and log are, what today is, how to load them.

Only the standard library and typer at module level: this is on every command's start-up path.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from iepcheck.dates import DATE_HELP

if TYPE_CHECKING:
    from collections.abc import Sequence

    from iepcheck.evidence import Period
    from iepcheck.logbook import Recorded
    from iepcheck.observations import Observation
    from iepcheck.plan import Plan
    from iepcheck.recording import EntryDraft


def _plan_ids(ctx: typer.Context, incomplete: str, attribute: str) -> list[str]:
    """Shell completion: ids from the plan the command line points at (quietly none if broken)."""
    try:
        from iepcheck.planfile import load_plan

        given = ctx.params.get("plan")  # a str during completion: not yet converted
        plan = load_plan(plan_path(Path(given) if given else None))
    except Exception:  # noqa: BLE001 - completion must never print an error into a prompt
        return []
    rows = plan.items if attribute == "items" else plan.staff
    return [row.id for row in rows if row.id.startswith(incomplete)]


def complete_item(ctx: typer.Context, incomplete: str) -> list[str]:
    return _plan_ids(ctx, incomplete, "items")


def complete_staff(ctx: typer.Context, incomplete: str) -> list[str]:
    return _plan_ids(ctx, incomplete, "staff")


PlanOpt = Annotated[
    Path | None,
    typer.Option("--plan", envvar="IEPCHECK_PLAN", show_envvar=True, dir_okay=False,
                 help="The plan file [default: ./plan.toml]."),
]
LogOpt = Annotated[
    Path | None,
    typer.Option("--log", envvar="IEPCHECK_LOG", show_envvar=True, dir_okay=False,
                 help="The observation log [default: beside the plan, PLAN.log.json]."),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help=f"Act as if today were this date ({DATE_HELP})."),
]
SinceOpt = Annotated[str | None, typer.Option("--since", help=f"From this date ({DATE_HELP}).")]
UntilOpt = Annotated[str | None, typer.Option("--until", help=f"Up to this date ({DATE_HELP}).")]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", dir_okay=False, help="Write to this file instead of the screen."),
]


ItemsArg = Annotated[
    list[str] | None,
    typer.Argument(help="Item ids the observation is about (none for a general email).",
                   autocompletion=complete_item, show_default=False),
]


class ListFormat(str, Enum):
    table = "table"
    json = "json"


FormatOpt = Annotated[ListFormat, typer.Option("--format", help="Output format.")]


def plan_path(given: Path | None) -> Path:
    return given if given is not None else Path("plan.toml")


def log_path(given: Path | None, plan: Path) -> Path:
    from iepcheck.logbook import default_log_path

    return given if given is not None else default_log_path(plan)


def clock() -> datetime:
    """Now, with the local UTC offset: the one place iepcheck reads the clock.

    `--as-of` moves the day a command acts on; it never moves this: `recorded_at` and the
    rule that nothing is dated after the day it is written down use the real clock.
    """
    return datetime.now().astimezone()


def today_from(as_of: str | None) -> date:
    """The command's 'today': --as-of when given (tests always pass it), else the clock."""
    real = clock().date()
    if as_of is None:
        return real
    from iepcheck.dates import parse_date

    return parse_date(as_of, today=real, option="--as-of")


def optional_date(text: str | None, *, today: date, option: str) -> date | None:
    if text is None:
        return None
    from iepcheck.dates import parse_date

    return parse_date(text, today=today, option=option)


def period_from(plan: Plan, since: str | None, until: str | None, today: date) -> Period:
    """The period a report or timeline covers: --since (default the plan's start) to --until
    (default today, or --as-of). It covers the past only."""
    from iepcheck.errors import UserError
    from iepcheck.evidence import Period

    first = optional_date(since, today=today, option="--since") or plan.plan.start
    last = optional_date(until, today=today, option="--until") or today
    if last > today:
        raise UserError(f"--until: {last} is after {today} (today, or --as-of); a report "
                        "covers what has already happened")
    if first > last:
        which = "--since" if since is not None else "--until"
        raise UserError(f"{which}: the period would start on {first} and end on {last}; "
                        "--since must be on or before --until"
                        + ("" if since is not None else " (--since defaults to the plan's start)"))
    return Period(since=first, until=last)


class Files:
    """The plan and log a command works on, resolved once from options and environment."""

    def __init__(self, plan: Path | None, log: Path | None) -> None:
        self.plan_path = plan_path(plan)
        self.log_path = log_path(log, self.plan_path)

    @classmethod
    def at(cls, plan: Path | None, log: Path | None,
           as_of: str | None) -> tuple[Files, date, Plan]:
        """Where the files are, the command's today and the checked plan: how every dated
        command starts (--as-of is checked before the plan is read)."""
        files = cls(plan, log)
        today = today_from(as_of)
        return files, today, files.plan()

    def plan(self) -> Plan:
        from iepcheck.planfile import load_plan

        return load_plan(self.plan_path)

    def entries(self) -> list[Observation]:
        from iepcheck.logbook import read_log

        return read_log(self.log_path)

    def record_all(self, drafts: Sequence[EntryDraft]) -> list[Recorded]:
        """Record drafts through the log's one recording path (one lock, one write).

        `recorded_at` is the real clock, whatever --as-of says: the record is contemporaneous.
        """
        from iepcheck.logbook import record

        return record(self.log_path, drafts, now=clock())

    def record(self, draft: EntryDraft) -> Observation:
        """Record one draft; return the entry as written."""
        [outcome] = self.record_all([draft])
        if outcome.entry is None:
            from iepcheck.errors import UserError

            number = outcome.duplicate.n if outcome.duplicate else "?"
            raise UserError(f"already recorded as #{number}; nothing was written")
        return outcome.entry


def say(line: str, *, err: bool = False) -> None:
    """Print one line of what was recorded or found, control characters shown, not sent (the
    escaper is imported only then: `log` loads no renderer on its usual path)."""
    if not line.isprintable():
        from iepcheck.render.escape import terminal_line

        line = terminal_line(line)
    typer.echo(line, err=err)


def interactive() -> bool:
    """Prompt only when a person is at the keyboard; scripts and pipes never wait."""
    import sys

    return sys.stdin.isatty()


def check_output(output: Path, files: Files) -> None:
    """Refuse an --output that would land on the plan, the log, a backup, a lock file or
    the evidence folder (the log named by IEPCHECK_LOG too, for commands without --log)."""
    import os

    from iepcheck.logbook import record_guards
    from iepcheck.storage import refuse_protected

    guards = record_guards(files.plan_path, files.log_path)
    env_log = os.environ.get("IEPCHECK_LOG")
    if env_log:
        guards += record_guards(files.plan_path, Path(env_log))
    refuse_protected(output, guards)


def write_output(text: str | bytes, output: Path | None, files: Files) -> None:
    """Print, or write a private file atomically (reports carry a child's details); never
    over the record itself. Bytes (the bundle's zip) are written as they are."""
    if output is None:
        import sys

        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
            return
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from iepcheck.errors import UserError, WriteError
    from iepcheck.storage import atomic_write

    check_output(output, files)
    try:
        atomic_write(output, text if isinstance(text, bytes) else text.encode("utf-8"))
    except WriteError as error:
        raise UserError(f"--output: {error}") from None
