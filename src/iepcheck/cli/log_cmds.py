"""`log`, `history`, `retract`: the observation log."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from iepcheck.cli import app
from iepcheck.cli.options import (
    AsOfOpt,
    Files,
    FormatOpt,
    ListFormat,
    LogOpt,
    PlanOpt,
    SinceOpt,
    UntilOpt,
    complete_item,
    interactive,
    optional_date,
    today_from,
)
from iepcheck.errors import UserError
from iepcheck.vocabulary import KINDS_WITHOUT_FINDING, Finding, Kind, Reason

if TYPE_CHECKING:
    from iepcheck.observations import Observation
    from iepcheck.plan import Plan

ItemsArg = Annotated[
    list[str] | None,
    typer.Argument(help="Item ids the observation is about (none for a general email).",
                   autocompletion=complete_item, show_default=False),
]


@app.command()
def log(
    items: ItemsArg = None,
    kind: Annotated[Kind | None, typer.Option("--kind", "-k", help="What kind of observation.")] = None,
    finding: Annotated[Finding | None, typer.Option("--finding", "-f", help="[default: implemented]")] = None,
    date_text: Annotated[str | None, typer.Option("--date", "-d", help="The day observed [default: today].")] = None,
    minutes: Annotated[int | None, typer.Option(help="Minutes of service delivered (or missed).")] = None,
    reason: Annotated[Reason | None, typer.Option(help="Why a session was missed.")] = None,
    who: Annotated[str | None, typer.Option(help="Staff id or name.")] = None,
    note: Annotated[str | None, typer.Option(help="What happened; '-' reads it from stdin.")] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Write the note in $EDITOR.")] = False,
    attach: Annotated[list[Path] | None, typer.Option(help="A file to keep as evidence (repeat).")] = None,
    reply_to: Annotated[int | None, typer.Option(help="Number of the email this answers.")] = None,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
) -> None:
    """Record one dated observation and print its number."""
    from iepcheck.dates import parse_past_date

    files, today, current = Files.at(plan, log, as_of)
    kind = kind or _ask_kind()
    items = list(items or []) or _ask_items(current, kind)
    check_items(current, items)
    day = parse_past_date(date_text, today=today) if date_text else today
    request = ObservationRequest(
        kind=kind.value, items=items, day=day,
        finding=_finding(kind, finding), minutes=_minutes(minutes), reason=_reason(reason, finding),
        who=_text(who, "--who"), note=_note(note, edit), attach=list(attach or []),
        reply_to=reply_to,
    )
    entry = record(files, request)
    typer.echo(describe(entry))


class ObservationRequest:
    """What the user asked to record, checked; turned into a log entry under the lock."""

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)
        for path in self.attach:
            from iepcheck.attachments import check_readable

            check_readable(path)

    def fields(self, entries: list[Observation], files: Files) -> dict[str, Any]:
        import uuid

        from iepcheck.attachments import store
        from iepcheck.logbook import evidence_dir

        _check_reference(entries, self.reply_to, "--reply-to")
        log_dir = files.log_path.resolve().parent
        folder = evidence_dir(files.log_path.resolve())
        return {
            "n": 0, "id": str(uuid.uuid4()), "date": self.day.isoformat(),
            "recorded_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "kind": self.kind, "items": self.items, "finding": self.finding,
            "minutes": self.minutes, "reason": self.reason, "who": self.who, "note": self.note,
            "attachments": [store(p, folder, log_dir) for p in self.attach],
            "reply_to": self.reply_to, "retracts": None,
        }


def record(files: Files, request: ObservationRequest) -> Observation:
    """Append under the lock; the shared path for `log` and the commands that import."""
    from iepcheck.logbook import append

    return append(files.log_path, lambda entries: request.fields(entries, files),
                  today=date.today())


def describe(entry: Observation) -> str:
    """'#7 2026-11-20 service-log speech: implemented, 30 min', control characters shown
    (the escaper is imported only then: `log` loads no renderer on its usual path)."""
    about = " ".join(entry.items) or "(general)"
    parts = [p for p in (entry.finding, f"{entry.minutes} min" if entry.minutes else None) if p]
    detail = f": {', '.join(parts)}" if parts else ""
    line = f"#{entry.n} {entry.date} {entry.kind} {about}{detail}"
    if line.isprintable():
        return line
    from iepcheck.render.escape import terminal_line

    return terminal_line(line)


def _ask_kind() -> Kind:
    if not interactive():
        raise UserError(f"--kind is required: one of {', '.join(k.value for k in Kind)}")
    choice = typer.prompt(f"Kind ({', '.join(k.value for k in Kind)})")
    try:
        return Kind(choice.strip())
    except ValueError:
        raise UserError(f"--kind: '{choice}' is not a kind; use one of "
                        f"{', '.join(k.value for k in Kind)}") from None


def _ask_items(plan: Plan, kind: Kind) -> list[str]:
    """Ask which items in a terminal; a general email or an absence may name none."""
    if not interactive():
        return []
    ids = ", ".join(i.id for i in plan.items)
    answer = typer.prompt(f"Items, separated by spaces, or blank for none ({ids})",
                          default="", show_default=False)
    return answer.replace(",", " ").split()


def check_items(plan: Plan, items: list[str]) -> None:
    known = [i.id for i in plan.items]
    for item_id in items:
        if item_id not in known:
            raise UserError(f"unknown item '{item_id}'; the plan's items are "
                            f"{', '.join(known) or 'none yet'} (see 'iepcheck items')")
    if len(set(items)) != len(items):
        raise UserError("an item is named twice; name each item once")


def _finding(kind: Kind, finding: Finding | None) -> str | None:
    if kind.value in KINDS_WITHOUT_FINDING:
        if finding is not None:
            raise UserError(f"--finding: a '{kind.value}' entry carries no finding "
                            "(an email asked is not evidence; its answer is)")
        return None
    return (finding or Finding.implemented).value


def _minutes(minutes: int | None) -> int | None:
    """Minutes of one session or a whole service log's total; never negative."""
    if minutes is not None and minutes < 0:
        raise UserError("--minutes: give the minutes delivered or missed, 0 or more")
    return minutes


def _reason(reason: Reason | None, finding: Finding | None) -> str | None:
    if reason is not None and finding is not Finding.not_implemented:
        raise UserError("--reason: goes with --finding not-implemented (a missed session)")
    return reason.value if reason else None


def _text(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UserError(f"{option}: the text is not valid UTF-8; retype it") from None
    return value


def _note(note: str | None, edit: bool) -> str | None:
    """'-' reads stdin and --edit opens $EDITOR, so private detail stays out of shell history."""
    if edit:
        text = typer.edit("\n# Write the note above. Lines starting with # are dropped.\n")
        if text is None:
            raise UserError("--edit: the editor closed without saving; nothing was recorded")
        note = "\n".join(line for line in text.splitlines() if not line.startswith("#")).strip()
    elif note == "-":
        import sys

        note = sys.stdin.read().rstrip("\n")
    return _text(note, "--note")


def _check_reference(entries: list[Observation], number: int | None, option: str) -> None:
    if number is not None and not 1 <= number <= len(entries):
        raise UserError(f"{option}: there is no entry #{number} (the log has {len(entries)}); "
                        "see 'iepcheck history'")


@app.command()
def history(
    item: Annotated[list[str] | None, typer.Option(help="Only entries about this item (repeat).",
                                                     autocompletion=complete_item)] = None,
    kind: Annotated[list[Kind] | None, typer.Option(help="Only this kind (repeat).")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    as_of: AsOfOpt = None,
    format: FormatOpt = ListFormat.table,
    plan: PlanOpt = None,
    log: LogOpt = None,
) -> None:
    """Show the observations, oldest first; retracted ones are marked."""
    from iepcheck.observations import retracted_numbers
    from iepcheck.render import listing

    files = Files(plan, log)
    today = today_from(as_of)
    first = optional_date(since, today=today, option="--since")
    last = optional_date(until, today=today, option="--until")
    entries = files.entries()
    if item:
        check_items(files.plan(), item)
    kinds = {k.value for k in kind or []}
    shown = [
        e for e in entries
        if (not item or set(item) & set(e.items))
        and (not kinds or e.kind in kinds)
        and (first is None or e.date >= first)
        and (last is None or e.date <= last)
    ]
    gone = retracted_numbers(entries)
    if format is ListFormat.json:
        typer.echo(listing.history_json(shown, gone))
    elif not shown:
        typer.echo("No observations match." if entries else "No observations yet: record one "
                   "with 'iepcheck log ITEM --kind KIND'.")
    else:
        from iepcheck.render.console import print_renderables

        print_renderables(listing.history_table(shown, gone))


@app.command()
def retract(
    number: Annotated[int, typer.Argument(help="The entry's number (see 'iepcheck history').")],
    reason: Annotated[str, typer.Option("--reason", help="Why it is withdrawn.")],
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
) -> None:
    """Withdraw an entry. Nothing is deleted: a new entry records the retraction and why."""
    import uuid

    from iepcheck.logbook import append

    files = Files(plan, log)
    today = today_from(as_of)
    files.plan()
    why = _text(reason.strip(), "--reason")
    if not why:
        raise UserError("--reason: say why the entry is withdrawn")

    def build(entries: list[Observation]) -> dict[str, Any]:
        _check_reference(entries, number, "retract")
        target = entries[number - 1]
        if target.retracts is not None:
            raise UserError(f"#{number} is itself a retraction; to restore #{target.retracts}, "
                            "log it again")
        if any(e.retracts == number for e in entries):
            raise UserError(f"#{number} is already retracted")
        return {
            "n": 0, "id": str(uuid.uuid4()), "date": today.isoformat(),
            "recorded_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "kind": "note", "items": list(target.items), "finding": None, "minutes": None,
            "reason": None, "who": None, "note": why, "attachments": [], "reply_to": None,
            "retracts": number,
        }

    entry = append(files.log_path, build, today=date.today())
    typer.echo(f"#{entry.n} retracts #{number}")


