"""`log`, `history`, `retract`: the observation log."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from iepcheck.cli.options import (
    AsOfOpt,
    Files,
    FormatOpt,
    ItemsArg,
    ListFormat,
    LogOpt,
    PlanOpt,
    SinceOpt,
    UntilOpt,
    complete_item,
    interactive,
    optional_date,
    say,
    today_from,
)
from iepcheck.dates import DATE_HELP
from iepcheck.errors import UserError
from iepcheck.vocabulary import Finding, Kind, Reason

if TYPE_CHECKING:
    from iepcheck.plan import Plan

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
    from iepcheck.attachments import check_readable
    from iepcheck.dates import parse_past_date
    from iepcheck.recording import EntryDraft, describe, finding_for

    files, today, current = Files.at(plan, log, as_of)
    kind = kind or _ask_kind()
    items = list(items or []) or _ask_items(current, kind)
    current.require_items(items)
    for path in attach or []:
        check_readable(path)
    draft = EntryDraft(
        kind=kind.value, items=tuple(items),
        date=parse_past_date(date_text, today=today) if date_text else today,
        finding=finding_for(kind.value, finding.value if finding else None),
        minutes=_minutes(minutes),
        reason=_reason(reason, finding), who=_text(who, "--who"), note=_note(note, edit),
        attach=tuple(attach or []), reply_to=reply_to,
    )
    say(describe(files.record(draft)))


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
    answer: str = typer.prompt(f"Items, separated by spaces, or blank for none ({ids})",
                          default="", show_default=False)
    return answer.replace(",", " ").split()


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


def history(
    item: Annotated[list[str] | None, typer.Option(help="Only entries about this item (repeat).",
                                                     autocompletion=complete_item)] = None,
    kind: Annotated[list[Kind] | None, typer.Option(help="Only this kind (repeat).")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    last: Annotated[int | None, typer.Option("--last", "-n", metavar="N",
                                             help="Only the last N entries shown.")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Show the log as it stood at the end of this day: what was recorded "
        f"by then ({DATE_HELP}).")] = None,
    format: FormatOpt = ListFormat.table,
    pager: Annotated[bool, typer.Option("--pager/--no-pager",
                                        help="Page long output on a terminal ($PAGER).")] = True,
    plan: PlanOpt = None,
    log: LogOpt = None,
) -> None:
    """Show the observations, oldest first; retracted ones are marked."""
    from iepcheck.cli.pager import show_lines, write_text
    from iepcheck.history import HistoryQuery, select
    from iepcheck.render import listing

    files = Files(plan, log)
    today = today_from(as_of)
    if last is not None and last < 1:
        raise UserError(f"--last: {last} entries? give how many to show, 1 or more")
    query = HistoryQuery(
        items=frozenset(item or ()), kinds=frozenset(k.value for k in kind or ()),
        since=optional_date(since, today=today, option="--since"),
        until=optional_date(until, today=today, option="--until"),
        as_of=today if as_of is not None else None, last=last)
    entries = files.entries()
    if item:
        files.plan().require_items(item)
    shown, gone = select(entries, query)
    if format is ListFormat.json:
        write_text(listing.history_json_chunks(shown, gone))
    elif not shown:
        typer.echo("No observations match." if entries else "No observations yet: record one "
                   "with 'iepcheck log ITEM --kind KIND'.")
    else:
        count, lines = listing.history_text(shown, gone)
        show_lines(lines, count=count, page=pager)


def retract(
    number: Annotated[int, typer.Argument(help="The entry's number (see 'iepcheck history').")],
    reason: Annotated[str, typer.Option("--reason", help="Why it is withdrawn.")],
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
) -> None:
    """Withdraw an entry. Nothing is deleted: a new entry records the retraction and why."""
    from iepcheck.recording import EntryDraft, describe, retraction_target

    files, today, _ = Files.at(plan, log, as_of)
    why = _text(reason.strip(), "--reason")
    if not why:
        raise UserError("--reason: say why the entry is withdrawn")
    target = retraction_target(files.entries(), number)  # entries never change: safe to read
    entry = files.record(EntryDraft(kind="note", date=today, items=target.items, note=why,
                                    retracts=number))
    say(f"#{entry.n} retracts {describe(target)}"
               + (f" ({target.note.splitlines()[0]})" if target.note else ""))
