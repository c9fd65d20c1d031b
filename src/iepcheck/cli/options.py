"""Options every command shares, as Annotated aliases, and the small shell around them:
where the plan and log are, what today is, how to load them.

Only the standard library and typer at module level: this is on every command's start-up path.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from iepcheck.dates import DATE_HELP
from iepcheck.language.messages import _, n_

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import BinaryIO

    from iepcheck.evidence.tally import Period
    from iepcheck.plan.model import Plan
    from iepcheck.record.drafts import EntryDraft
    from iepcheck.record.entries import Observation
    from iepcheck.store.logbook import Recorded


def _plan_ids(ctx: typer.Context, incomplete: str, attribute: str) -> list[str]:
    """Shell completion: ids from the plan the command line points at (quietly none if broken)."""
    try:
        from iepcheck.store.plan_file import load_plan

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
                 help=_("The plan file [default: ./plan.toml].")),
]
LogOpt = Annotated[
    Path | None,
    typer.Option("--log", envvar="IEPCHECK_LOG", show_envvar=True, dir_okay=False,
                 help=_("The observation log [default: beside the plan, PLAN.log.json].")),
]
AuthorOpt = Annotated[
    str | None,
    typer.Option("--author", envvar="IEPCHECK_AUTHOR", show_envvar=True,
                 help=_("Who you are when several people keep the record: you write "
                        "PLAN.AUTHOR.log.json [default: 'iepcheck config author', else the "
                        "owner's PLAN.log.json].")),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help=_("Act as if today were this date ({date_help}).").format(
        date_help=_(DATE_HELP))),
]
SinceOpt = Annotated[str | None, typer.Option(
    "--since", help=_("From this date ({date_help}).").format(date_help=_(DATE_HELP)))]
UntilOpt = Annotated[str | None, typer.Option(
    "--until", help=_("Up to this date ({date_help}).").format(date_help=_(DATE_HELP)))]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", dir_okay=False, help=_("Write to this file instead of the "
        "screen.")),
]


ItemsArg = Annotated[
    list[str] | None,
    typer.Argument(help=_("Item ids the observation is about (none for a general email)."),
                   autocompletion=complete_item, show_default=False),
]


class ListFormat(str, Enum):
    table = "table"
    json = "json"


FormatOpt = Annotated[ListFormat, typer.Option("--format", help=_("Output format."))]


def plan_path(given: Path | None) -> Path:
    return given if given is not None else Path("plan.toml")


def log_path(given: Path | None, plan: Path) -> Path:
    from iepcheck.store.logbook import default_log_path

    return given if given is not None else default_log_path(plan)


def clock() -> datetime:
    """Now, with the local UTC offset: the one place iepcheck reads the clock.

    `--as-of` moves the day a command acts on; it never moves this: `recorded_at` and the
    rule that nothing is dated after the day it is written down use the real clock. A clock
    set outside the years every date is kept within (a dead battery, a test machine) stops
    the command with one line: nothing is recorded as written in 1970 or 2300.
    """
    try:
        now = datetime.now().astimezone()
    except (OverflowError, ValueError, OSError):
        now = None
    return believable(now)


def believable(now: datetime | None) -> datetime:
    """`now`, when within the years dates are kept in; else one line and nothing written."""
    from iepcheck.dates import FIRST_YEAR, LAST_YEAR
    from iepcheck.errors import UserError

    if now is None or not FIRST_YEAR <= now.year <= LAST_YEAR:
        shown = now.date().isoformat() if now is not None else _("a date Python cannot read")
        raise UserError(_("the computer's clock says {shown}, outside the years "
                          "{first_year}-{last_year}; set the clock to today's date (nothing was "
                          "recorded)").format(
                              shown=shown, first_year=FIRST_YEAR, last_year=LAST_YEAR))
    return now


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
    from iepcheck.evidence.tally import Period

    first = optional_date(since, today=today, option="--since") or plan.plan.start
    last = optional_date(until, today=today, option="--until") or today
    if last > today:
        raise UserError(_("--until: {last} is after {today} (today, or --as-of); a report covers "
                          "what has already happened").format(last=last, today=today))
    if first > last:
        which = "--since" if since is not None else "--until"
        raise UserError((_("{which}: the period would start on {first} and end on {last}; "
                           "--since must be on or before --until") if since is not None else
                         _("{which}: the period would start on {first} and end on {last}; "
                           "--since must be on or before --until (--since defaults to the "
                           "plan's start)")).format(which=which, first=first, last=last))
    return Period(since=first, until=last)


class Files:
    """The plan and logs a command works on, resolved once from options and environment.

    Several people may keep one record (docs/authors.md): each writes only their own log
    (`log_path`), and every reading command reads all of them (`entries`). `--log PATH`
    names one log, read and written alone, as before there were authors.
    """

    def __init__(self, plan: Path | None, log: Path | None, author: str | None = None) -> None:
        self.plan_path = plan_path(plan)
        self.single = log is not None
        self.main_log = log_path(log, self.plan_path)
        self._author = author

    @functools.cached_property
    def author(self) -> str:
        """Who is writing: --author / $IEPCHECK_AUTHOR, else the user's settings, else the
        owner. With --log there is one log, and it is yours."""
        from iepcheck.record.authors import OWNER, check_author

        if self.single:
            return OWNER
        if self._author:
            return check_author(self._author)
        import os

        if os.environ.get("IEPCHECK_AUTHOR"):
            return check_author(os.environ["IEPCHECK_AUTHOR"], "$IEPCHECK_AUTHOR")
        from iepcheck.store.user_config import config_path, read_config

        configured = read_config().get("author")
        return check_author(configured, str(config_path())) if configured else OWNER

    @property
    def log_path(self) -> Path:
        """Your own log: the only one you write."""
        from iepcheck.record.authors import log_name

        return self.main_log.with_name(log_name(self.main_log.name, self.author))

    @classmethod
    def at(cls, plan: Path | None, log: Path | None, as_of: str | None,
           author: str | None = None) -> tuple[Files, date, Plan]:
        """Where the files are, the command's today and the checked plan: how every dated
        command starts (--as-of is checked before the plan is read)."""
        files = cls(plan, log, author)
        today = today_from(as_of)
        return files, today, files.plan()

    def plan(self) -> Plan:
        from iepcheck.store.plan_file import load_plan

        return load_plan(self.plan_path)

    def logs(self) -> dict[str, Path]:
        """Every author's log of the plan (yours too, though not yet written), owner first."""
        if self.single:
            from iepcheck.record.authors import OWNER

            return {OWNER: self.main_log}
        from iepcheck.store.logbook import author_logs

        found = author_logs(self.main_log)
        found.setdefault(self.author, self.log_path)
        return found

    def log_entries(self) -> dict[str, list[Observation]]:
        """Each author's entries, each log read and validated on its own; the record's
        files made private again where a clone or copy left them readable (docs/storage.md)."""
        from iepcheck.record.entries import by_author
        from iepcheck.store.logbook import read_log

        logs = self.logs()
        read = {author: by_author(read_log(path), author) for author, path in logs.items()}
        self.keep_private(list(logs.values()))  # once read: a refused log is left as it is
        return read

    def keep_private(self, logs: list[Path]) -> None:
        """Logs, backups and the evidence folder to be made 0600 / 0700 again once the
        command has succeeded (`keep_record_private`): a refused command changes nothing."""
        PRIVATE_AGAIN.append((logs, self.evidence() if not self.single else None))

    def own_entries(self) -> list[Observation]:
        """Your own log's entries: the only ones you may withdraw."""
        from iepcheck.record.entries import by_author
        from iepcheck.store.logbook import read_log

        return by_author(read_log(self.log_path), self.author)

    def entries(self) -> list[Observation]:
        """Every author's entries as one list, by date (docs/authors.md); one log as it is.
        A log that copies another's entries word for word is counted once, with a warning."""
        from iepcheck.record.merging import drop_copies, merge

        kept, copied = drop_copies(self.log_entries())
        for c in copied:
            say(n_("iepcheck: warning: {count} entry of {author}'s log repeats {of}'s word "
                   "for word (a copy of that log?); each is counted once, as {of}'s",
                   "iepcheck: warning: {count} entries of {author}'s log repeat {of}'s word "
                   "for word (a copy of that log?); each is counted once, as {of}'s",
                   c.count).format(count=c.count, author=c.author, of=c.of), err=True)
        return merge(list(kept.values()))

    def evidence(self) -> Path | None:
        """The plan's one evidence folder, shared by every author (None with --log: the
        log's own, as before)."""
        if self.single:
            return None
        import os

        from iepcheck.store.logbook import evidence_dir

        return evidence_dir(Path(os.path.realpath(self.main_log)))

    def conflict_copies(self) -> list[tuple[Path, str]]:
        """Copies of a log that a sync tool left beside it."""
        from iepcheck.store.logbook import conflict_copies

        return conflict_copies(self.main_log)

    def warn_conflict_copies(self) -> None:
        """Say, on stderr, that a sync tool left a copy holding entries the record may lack."""
        for copy, original in self.conflict_copies():
            say(_("iepcheck: warning: {name} is a copy of {original} that a sync tool left when "
                  "two machines changed it at once; it may hold entries the log lacks: run "
                  '\'iepcheck merge-copy "{name}"\' as its author, then delete it').format(
                      name=copy.name, original=original),
                err=True)

    def record_all(self, drafts: Sequence[EntryDraft]) -> list[Recorded]:
        """Record drafts through the log's one recording path (one lock, one write).

        `recorded_at` is the real clock, whatever --as-of says: the record is contemporaneous.
        Replies to another author's entry are checked against their log, read as it is.
        """
        from iepcheck.store.logbook import record

        others = None
        if any(d.reply_to_author for d in drafts):
            others = {a: e for a, e in self.log_entries().items() if a != self.author}
        return record(self.log_path, drafts, now=clock(), evidence=self.evidence(),
                      others=others)

    def record(self, draft: EntryDraft) -> Observation:
        """Record one draft; return the entry as written."""
        [outcome] = self.record_all([draft])
        if outcome.entry is None:
            from iepcheck.errors import UserError

            held = outcome.duplicate.reference if outcome.duplicate else "#?"
            raise UserError(_("already recorded as {held}; nothing was written").format(
                held=held))
        return outcome.entry


#: The record files read by this command, made private again when it ends well.
PRIVATE_AGAIN: list[tuple[list[Path], Path | None]] = []


def keep_record_private() -> None:
    """After a command that succeeded: every record file it read that a clone or copy left
    readable by others back to 0600 / 0700 (docs/storage.md), said once on stderr."""
    from iepcheck.store.permissions import tighten

    changed: set[Path] = set()
    while PRIVATE_AGAIN:
        logs, evidence = PRIVATE_AGAIN.pop()
        changed.update(tighten(logs, evidence))
    if changed:
        say(n_("iepcheck: note: made {count} record file private again (0600, folders 0700): "
               "a git clone or a copy had left it readable by others",
               "iepcheck: note: made {count} record files private again (0600, folders 0700): "
               "a git clone or a copy had left them readable by others", len(changed))
            .format(count=len(changed)), err=True)


def signed_by_me(plan: Plan) -> Plan:
    """The plan as the person drafting signs it: their own `name` setting (docs/authors.md)
    instead of `[parent] name`. The plan's parent email belongs to that parent, so a draft
    signed by someone else has no From: their mail app fills in their own account."""
    from iepcheck.store.user_config import check_name, read_config

    given = read_config().get("name")
    name = check_name(given) if given else None
    parent = plan.parent
    if not name or (parent is not None and parent.name == name):
        return plan
    from iepcheck.plan.model import Parent

    return plan.model_copy(update={"parent": Parent.model_construct(name=name, email=None)})


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

    from iepcheck.store.files import refuse_protected, refuse_special
    from iepcheck.store.logbook import record_guards

    refuse_special(output)
    guards = record_guards(files.plan_path, files.main_log)
    if not files.single:
        from iepcheck.store.logbook import shared_guards

        for path in files.logs().values():
            guards += record_guards(files.plan_path, path)
        guards += shared_guards(files.main_log)
    env_log = os.environ.get("IEPCHECK_LOG")
    if env_log:
        guards += record_guards(files.plan_path, Path(env_log))
    refuse_protected(output, guards)


#: The byte-order mark a CSV file starts with (docs/outputs.md): not on standard output, where
#: a program reads it.
BOM = "\ufeff"


def write_output(text: str | bytes | Iterable[str] | Callable[[BinaryIO], None],
                 output: Path | None, files: Files) -> None:
    """Print, or write a private file atomically (reports carry a child's details); never
    over the record itself. Bytes are written as they are; pieces of text (a streaming
    renderer's) one at a time, so a long page is never held whole; a writer (the bundle's
    zip) writes to the file itself."""
    if output is None:
        _print_output(text)
        return
    from iepcheck.errors import UserError, WriteError
    from iepcheck.store.files import atomic_write, clear_abandoned_temps

    check_output(output, files)
    if output.suffix.lower() == ".csv" and not isinstance(text, bytes) and not callable(text):
        text = _with_bom(text)  # Excel on Windows reads a CSV file as UTF-8 only with it
    try:
        clear_abandoned_temps(output)
        atomic_write(output, _payload(text))
    except WriteError as error:
        raise UserError(f"--output: {error}") from None


def _with_bom(text: str | Iterable[str]) -> str | Iterable[str]:
    if isinstance(text, str):
        return text if text.startswith(BOM) else BOM + text
    from itertools import chain

    return chain([BOM], text)


def _print_output(text: str | bytes | Iterable[str] | Callable[[BinaryIO], None]) -> None:
    import sys

    if isinstance(text, bytes):
        sys.stdout.buffer.write(text)
        return
    if callable(text):
        text(sys.stdout.buffer)
        return
    if isinstance(text, str):
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    last = ""
    for last in (piece for piece in text if piece):
        sys.stdout.write(last)
    if not last.endswith("\n"):
        sys.stdout.write("\n")


def _payload(text: str | bytes | Iterable[str] | Callable[[BinaryIO], None]
             ) -> bytes | Callable[[BinaryIO], None]:
    """What `atomic_write` takes: the bytes, or a writer of the pieces as they come."""
    if isinstance(text, bytes) or callable(text):
        return text
    if isinstance(text, str):
        return text.encode("utf-8")

    def write(out: BinaryIO) -> None:
        out.writelines(piece.encode("utf-8") for piece in text)

    return write
