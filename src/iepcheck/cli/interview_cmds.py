"""`ask`: the evening interview, one question at a time, each answer an `interview` entry."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from iepcheck.cli.options import AsOfOpt, AuthorOpt, Files, LogOpt, PlanOpt, interactive, say
from iepcheck.dates import with_weekday
from iepcheck.language.messages import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from iepcheck.due.interview import Evening
    from iepcheck.record.drafts import EntryDraft


def ask(
    list_only: Annotated[bool, typer.Option(
        "--list", help=_("Show the day's questions; ask and record nothing."))] = False,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
    author: AuthorOpt = None,
) -> None:
    """Ask your child about the school day, one question at a time, and record the answers."""
    from iepcheck.due.interview import evening

    files, today, current = Files.at(plan, log, as_of, author)
    tonight = evening(current, files.entries(), today)
    if not tonight.school_day:
        say(_("{today}: no school that day; nothing to ask").format(today=with_weekday(today)))
        return
    if not tonight.questions:
        say(_("{today}: nothing to ask; every item has recent evidence").format(
            today=with_weekday(today)))
        return
    if list_only:
        _list(tonight)
        return
    drafts = _interview(tonight, _reader())
    _record(files, drafts)


def _list(tonight: Evening) -> None:
    say(_("Questions for {day}:").format(day=with_weekday(tonight.day)))
    for number, asked in enumerate(tonight.questions, start=1):
        say(f"{number}. {asked.text}  [{asked.item_id}]")


def _reader() -> Callable[[str], str | None]:
    """One answer per call: typed at a terminal, else a line of standard input (None at its
    end: what is left unanswered is skipped)."""
    if interactive():
        def typed(prompt: str) -> str | None:
            try:
                return input(prompt)
            except EOFError:  # Ctrl-D: stop asking; what was answered is recorded
                typer.echo()
                return None
            except KeyboardInterrupt:
                import click

                raise click.Abort() from None
        return typed

    def piped(prompt: str) -> str | None:
        line = sys.stdin.readline()
        say(f"{prompt}{line.rstrip()}" if line else prompt)
        return line.rstrip("\r\n") if line else None
    return piped


def _interview(tonight: Evening, read: Callable[[str], str | None]) -> list[EntryDraft]:
    """Every question asked in turn; a word that is no answer is asked again at a terminal
    and refused from a pipe (nothing is recorded then). The end of the input (Ctrl-D) stops
    the questions: the ones left are skipped."""
    from iepcheck.due.interview import CHOICES, draft_for, finding_of
    from iepcheck.errors import UserError

    say(_("About {day} ({choices}; Enter skips):").format(day=with_weekday(tonight.day),
                                                          choices=CHOICES))
    drafts: list[EntryDraft] = []
    for number, asked in enumerate(tonight.questions, start=1):
        while True:
            answer = read(f"{number}. {asked.text} [{CHOICES}] ")
            if answer is None:
                return drafts
            try:
                finding = finding_of(answer, f"answer {number}")
            except UserError as error:
                if not interactive():
                    raise
                say(str(error))
                continue
            break
        if finding is not None:
            drafts.append(draft_for(asked, finding, tonight.day))
    return drafts


def _record(files: Files, drafts: list[EntryDraft]) -> None:
    """All answers through the log's one recording path, in one write, then one line."""
    from iepcheck.due.interview import recorded_line
    from iepcheck.record.authors import label

    if not drafts:
        say(recorded_line([]))
        return
    outcomes = files.record_all(drafts)
    say(recorded_line([label(o.entry.author, o.entry.n, files.author)
                       for o in outcomes if o.entry is not None]))
