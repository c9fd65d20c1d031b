"""`log`, `retract`, `merge-copy`: writing to the observation log."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from iepcheck.cli.options import (
    AsOfOpt,
    AuthorOpt,
    Files,
    LogOpt,
    PlanOpt,
    complete_item,
    complete_staff,
    interactive,
    say,
)
from iepcheck.errors import UserError
from iepcheck.language.messages import _
from iepcheck.vocabulary import Finding, Kind, Reason, choose

if TYPE_CHECKING:
    from collections.abc import Sequence

    from iepcheck.plan.model import Plan
    from iepcheck.record.drafts import EntryDraft
    from iepcheck.record.entries import Observation

ItemFindingsArg = Annotated[
    list[str] | None,
    typer.Argument(help=_("Item ids the observation is about (none for a general email); "
                          "ITEM=FINDING gives that item its own finding; GOAL=VALUE records a "
                          "measurement of an annual goal."),
                   autocompletion=complete_item, show_default=False,
                   metavar="[ITEM[=FINDING]|GOAL=VALUE]..."),
]


def log(
    items: ItemFindingsArg = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", "-k", help=_("What kind of observation: {kinds}.").format(
            kinds=", ".join(Kind)))] = None,
    finding: Annotated[str | None, typer.Option(
        "--finding", "-f", help=_("implemented, partial, not-implemented or unclear [default: "
                                  "implemented for a visit, interview, service-log, work-sample "
                                  "or progress-report; none otherwise]"))] = None,
    date_text: Annotated[str | None, typer.Option(
        "--date", "-d", help=_("The day observed [default: today]."))] = None,
    first_day: Annotated[str | None, typer.Option(
        "--from", help=_("A service log covering days: the first day (with --to)."))] = None,
    last_day: Annotated[str | None, typer.Option(
        "--to", help=_("The last day a service log covers."))] = None,
    minutes: Annotated[int | None, typer.Option(
        help=_("Minutes of service delivered (or missed)."))] = None,
    reason: Annotated[str | None, typer.Option(
        help=_("Why a session was missed: {reasons}.").format(reasons=", ".join(Reason)))] = None,
    who: Annotated[str | None, typer.Option(
        help=_("Staff id, email or name; someone outside the plan as a quoted name."),
        autocompletion=complete_staff)] = None,
    note: Annotated[str | None, typer.Option(
        help=_("What happened; '-' reads it from stdin."))] = None,
    edit: Annotated[bool, typer.Option("--edit", help=_("Write the note in $EDITOR."))] = False,
    attach: Annotated[list[Path] | None, typer.Option(
        help=_("A file to keep as evidence (repeat)."))] = None,
    reply_to: Annotated[str | None, typer.Option(
        help=_("The email sent, call or meeting this answers: its number as history shows it "
               "(12, or dad#12 in dad's log)."))] = None,
    value: Annotated[str | None, typer.Option(
        "--value", help=_("The value measured, for the one goal named (GOAL=VALUE for several)."),
        show_default=False)] = None,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
    author: AuthorOpt = None,
) -> None:
    """Record one dated observation and print its number."""
    from iepcheck.evidence.goal_words import measured_values, split_named
    from iepcheck.record.drafts import EntryDraft, describe, finding_for
    from iepcheck.store.attachments import check_readable

    files, today, current = Files.at(plan, log, as_of, author)
    reply_author, reply_number = _reply(reply_to, files)
    kind_value = choose(kind, Kind, "--kind") if kind else _ask_kind()
    named, goals = split_named(current, list(items or []) or _ask_items(current))
    values = measured_values(goals, value, kind_value)
    item_ids, own = _item_findings([f"{n}={f}" if f is not None else n for n, f in named],
                                   kind_value)
    current.require_named([*item_ids, *(name for name, _value in values)])
    given = choose(finding, Finding, "--finding") if finding else None
    _check_measurement(values, item_ids, given, minutes)
    for path in attach or []:
        check_readable(path)
    covers_from, day = _days(date_text, first_day, last_day, kind_value, today)
    draft = EntryDraft(
        kind=kind_value, items=tuple(item_ids), date=day, covers_from=covers_from,
        finding=None if values and not item_ids else finding_for(kind_value, given),
        findings=tuple(own.items()), values=values,
        minutes=_minutes(minutes), reason=_reason(reason, given, own),
        who=current.resolve_who(who) if who is not None else None,
        note=_note(note, edit), attach=tuple(attach or []), reply_to=reply_number,
        reply_to_author=reply_author,
    )
    entry = files.record(draft)
    say(describe(entry))
    if entry.items and entry.finding is None and not entry.findings and not _carries_none(
            kind_value):
        print(_("recorded with no finding: a '{kind_value}' counts as evidence only with one; "
                "add --finding implemented (or partial, not-implemented) to count it").format(
                    kind_value=kind_value),
              file=sys.stderr)


def _reply(text: str | None, files: Files) -> tuple[str | None, int | None]:
    """`--reply-to 12` (yours) or `dad#12`: (whose log, when not yours; the number)."""
    if text is None:
        return None, None
    from iepcheck.record.authors import parse_reference

    whose, number = parse_reference(text, files.author, "--reply-to")
    return (None if whose == files.author else whose), number


def _check_measurement(values: tuple[tuple[str, int | float], ...], item_ids: list[str],
                       finding: str | None, minutes: int | None) -> None:
    """A goal is measured, never delivered: no minutes with a measurement, and a finding only
    about an item named with it."""
    if not values:
        return
    if minutes is not None:
        raise UserError(_("--minutes: a measurement of a goal takes no minutes; log the "
                          "service's minutes in an entry of their own"))
    if finding is not None and not item_ids:
        raise UserError(_("--finding: a finding is about a service or accommodation; name one, "
                          "or leave --finding out when recording a measurement"))


def _carries_none(kind: str) -> bool:
    from iepcheck.vocabulary import KINDS_WITHOUT_FINDING

    return kind in KINDS_WITHOUT_FINDING


def _item_findings(named: list[str], kind: str) -> tuple[list[str], dict[str, str]]:
    """`seating breaks=not-implemented`: the items, and the findings given item by item."""
    from iepcheck.record.drafts import finding_for

    ids: list[str] = []
    own: dict[str, str] = {}
    for word in named:
        item_id, sep, finding = word.partition("=")
        ids.append(item_id)
        if sep:
            value = choose(finding, Finding, f"{item_id}=")
            own[item_id] = finding_for(kind, value) or value
    return ids, own


def _days(date_text: str | None, first_day: str | None, last_day: str | None, kind: str,
          today: date) -> tuple[date | None, date]:
    """(covers_from, date): a range for a service log given --from/--to, else one day."""
    from iepcheck.dates import parse_past_date

    if first_day is None and last_day is None:
        return None, parse_past_date(date_text, today=today) if date_text else today
    if kind != "service-log":
        raise UserError(_("--from/--to: only a service-log covers a range of days; give --date "
                          "for one day"))
    if date_text is not None or first_day is None or last_day is None:
        raise UserError(_("--from/--to: give both, and no --date (the log is dated its last day)"))
    first = parse_past_date(first_day, today=today, option="--from")
    last = parse_past_date(last_day, today=today, option="--to")
    if first > last:
        raise UserError(_("--from: {first} is after --to {last}; the range runs forwards").format(
            first=first, last=last))
    return first, last


def _ask_kind() -> str:
    if not interactive():
        raise UserError(_("--kind is required: one of {kind}").format(kind=', '.join(Kind)))
    choice: str = typer.prompt(_("Kind ({kind})").format(kind=', '.join(Kind)))
    return choose(choice, Kind, "--kind")


def _ask_items(plan: Plan) -> list[str]:
    """Ask which items in a terminal; a general email or an absence may name none."""
    if not interactive():
        return []
    ids = ", ".join(i.id for i in plan.items)
    answer: str = typer.prompt(_("Items, separated by spaces, or blank for none ({ids})").format(
        ids=ids),
                          default="", show_default=False)
    return answer.replace(",", " ").split()


def _minutes(minutes: int | None) -> int | None:
    """Minutes of one session or a whole service log's total; never negative."""
    if minutes is not None and minutes < 0:
        raise UserError(_("--minutes: give the minutes delivered or missed, 0 or more"))
    return minutes


def _reason(reason: str | None, finding: str | None, own: dict[str, str]) -> str | None:
    if reason is None:
        return None
    if Finding.not_implemented not in (finding, *own.values()):
        raise UserError(_("--reason: goes with --finding not-implemented (a missed session)"))
    return choose(reason, Reason, "--reason")


def _text(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UserError(_("{option}: the text is not valid UTF-8; retype it").format(
            option=option)) from None
    return value


def _note(note: str | None, edit: bool) -> str | None:
    """'-' reads stdin and --edit opens $EDITOR, so private detail stays out of shell history.

    Every way of getting a note fails as one line with nothing recorded, and a note that
    comes back empty is refused: an empty note means something went wrong.
    """
    if edit and note is not None:
        raise UserError(_("--note and --edit: give the note one way (--edit opens your editor)"))
    if edit:
        note = _edited_note()
    elif note == "-":
        note = _piped_note()
    if note is not None and not note.strip():
        raise UserError(_("--note: the note is empty; write what happened, or leave --note out "
                          "(nothing was recorded)"))
    return _text(note, "--note")


def _edited_note() -> str:
    import click

    try:
        hint = _("# Write the note above. Lines starting with # are dropped.")
        text = typer.edit(f"\n{hint}\n")
    except click.ClickException as failed:
        raise UserError(_("--edit: {format_message} (check $EDITOR); nothing was recorded").format(
            format_message=failed.format_message())) from None
    if text is None:
        raise UserError(_("--edit: the editor closed without saving; nothing was recorded"))
    return "\n".join(line for line in text.splitlines() if not line.startswith("#")).strip()


def _piped_note() -> str:
    if sys.stdin.isatty():
        print(_("Note (end with Ctrl-D on a line of its own):"), file=sys.stderr, flush=True)
    try:
        return sys.stdin.read().rstrip("\n")
    except UnicodeDecodeError:
        raise UserError(_("--note -: the text read is not UTF-8; nothing was recorded")) from None


def retract(
    entry: Annotated[str, typer.Argument(help=_("The entry's number (see 'iepcheck history')."),
                                         metavar="NUMBER")],
    reason: Annotated[str, typer.Option("--reason", help=_("Why it is withdrawn."))],
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
    author: AuthorOpt = None,
) -> None:
    """Withdraw an entry. Nothing is deleted: a new entry records the retraction and why."""
    from iepcheck.record.authors import parse_reference
    from iepcheck.record.drafts import EntryDraft, describe, retraction_target

    files, today, _plan = Files.at(plan, log, as_of, author)
    whose, number = parse_reference(entry, files.author, "retract")
    if whose != files.author:
        raise UserError(_("retract: {whose}#{number} is in {whose}'s log, and only its author "
                          "withdraws an entry: ask them, or log a note that disputes it "
                          "(iepcheck log ITEM --kind note --note '…')").format(
                              whose=whose, number=number))
    why = _text(reason.strip(), "--reason")
    if not why:
        raise UserError(_("--reason: say why the entry is withdrawn"))
    target = retraction_target(files.own_entries(), number)  # entries never change: safe to read
    written = files.record(EntryDraft(kind="note", date=today, items=target.items, note=why,
                                      retracts=number))
    say((_("#{n} retracts {entry} ({note})") if target.note else _("#{n} retracts {entry}"))
        .format(n=written.n, entry=describe(target),
                note=target.note.splitlines()[0] if target.note else ""))


def merge_copy(
    file: Annotated[Path, typer.Argument(
        help=_("The copy a sync tool left, e.g. 'maya.log (conflicted copy 2027-01-05).json'."),
        dir_okay=False, show_default=False)],
    plan: PlanOpt = None,
    log: LogOpt = None,
    author: AuthorOpt = None,
) -> None:
    """Append to your log the entries a sync tool's conflict copy of it holds and it lacks.

    The same entry (the same id) is never added twice, so running it again adds nothing.
    Each entry keeps its date, note and attachments; it is recorded now, with a new number.
    Afterwards the copy may be deleted."""
    from iepcheck.record.authors import OWNER, author_of, conflict_copy_of, label
    from iepcheck.record.merging import carry_over

    files = Files(plan, log, author)
    copy = _read_copy(file)
    original = conflict_copy_of(files.main_log.name, file.name)
    whose = author_of(files.main_log.name, original) if original else None
    if whose is not None and whose != files.author and not files.single:
        raise UserError(_("{name} is a copy of {whose}'s log ({original}), and only its author "
                          "writes it: {whose} runs 'iepcheck merge-copy' (or --author {whose} on "
                          "their machine); nothing was written").format(
                              name=file.name, whose=whose, original=original))
    if Path(file).resolve() == files.log_path.resolve():
        raise UserError(_("{file} is your log itself; give the copy a sync tool left beside "
                          "it").format(file=file))
    entries = files.own_entries()
    others = ({a: e for a, e in files.log_entries().items() if a != files.author}
              if not files.single else {})
    folder = files.log_path.parent
    carried = carry_over(copy, entries, others, lambda relative: folder / relative)
    _check_attachments(carried.drafts, carried.from_copy, file)
    if carried.drafts:
        _keep_copy(file, files)
    outcomes = files.record_all(carried.drafts)
    added = 0
    for number, outcome in zip(carried.from_copy, outcomes, strict=True):
        if outcome.entry is not None:
            added += 1
            say(_("{label} from the copy's #{number}: {date} {kind} {value}").format(
                label=label(files.author, outcome.entry.n, files.author), number=number,
                date=outcome.entry.date, kind=outcome.entry.kind,
                value=' '.join(outcome.entry.items) or '(general)'))
    for line in carried.left_out:
        say(_("left out the copy's {line}").format(line=line), err=True)
    held = carried.held + len(outcomes) - added
    whom = (_("your log") if files.author == OWNER or files.single else
            _("{author}'s log").format(author=files.author))
    say(_("merged {added} entries from {name} into {whom} ({name2}); {held} were there already. "
          "The copy holds nothing more: you may delete it.").format(
              added=added, name=file.name, whom=whom, name2=files.log_path.name, held=held),
        err=True)  # `say`: a file name may hold terminal escapes, shown, never sent


def _keep_copy(file: Path, files: Files) -> None:
    """Keep the copy itself in the evidence folder before merging it: a receipt drafted on
    the other machine is of the copy's chain, and `verify` checks it against the kept copy
    once the copy beside the log is deleted (docs/verify.md). Content-addressed, so merging
    again keeps nothing twice."""
    import os

    from iepcheck.store.attachments import store
    from iepcheck.store.logbook import evidence_dir

    log = Path(os.path.realpath(files.log_path))
    store(file, files.evidence() or evidence_dir(log), log.parent, name="conflict-copy.json")


def _read_copy(file: Path) -> list[Observation]:
    """The copy's entries, validated like any log; one that is damaged is refused."""
    from iepcheck.store.logbook import read_log

    if not file.exists():
        raise UserError(_("merge-copy: no file at {file}; give the copy's name as 'ls' shows it, "
                          "in quotes").format(file=file))
    return read_log(file)


def _check_attachments(drafts: Sequence[EntryDraft], numbers: Sequence[int], file: Path) -> None:
    """Every original the copy's entries attach must be in the evidence folder already."""
    for draft, number in zip(drafts, numbers, strict=True):
        for path, name in zip(draft.attach, draft.attach_names, strict=True):
            if not path.is_file():
                raise UserError(_("merge-copy: entry #{number} of {name} attaches {name2}, which "
                                  "is not in the evidence folder ({path}): let the sync finish, "
                                  "then merge again (nothing was written)").format(
                                      number=number, name=file.name, name2=name, path=path))
