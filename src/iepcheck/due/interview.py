"""The evening interview: what to ask the child about a school day, and what each answer records.

Pure: `questions(plan, entries, day)` reads no clock and no file. The items asked about are the
ones `due` lists for that day (in effect, evidence due, in `due`'s order: gaps first), and only
on a day the school was open: a question about a day without school has no true answer.
Each answer becomes one `interview` entry with its finding; a skip records nothing, and
"don't know" records `unclear`, never a guess (docs/interview.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from iepcheck.due.contacts import lower_first
from iepcheck.errors import UserError
from iepcheck.vocabulary import Finding, Kind

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from iepcheck.plan.model import Item, Plan
    from iepcheck.record.drafts import EntryDraft
    from iepcheck.record.entries import Observation

#: The answers a parent types, and the finding each records (None: skipped, nothing recorded).
ANSWERS: dict[str, str | None] = {
    "y": Finding.implemented.value, "yes": Finding.implemented.value,
    "n": Finding.not_implemented.value, "no": Finding.not_implemented.value,
    "p": Finding.partial.value, "partly": Finding.partial.value,
    "?": Finding.unclear.value, "don't know": Finding.unclear.value,
    "dont know": Finding.unclear.value,
    "s": None, "skip": None, "": None,
}
#: The prompt's reminder of the answers.
CHOICES = "y/n/p/?/s"
#: What each finding is called when the answer is written into the entry's note.
ANSWER_WORDS = {Finding.implemented.value: "yes", Finding.not_implemented.value: "no",
                Finding.partial.value: "partly", Finding.unclear.value: "don't know"}


@dataclass(frozen=True)
class Question:
    """One question about one item on one school day."""

    item_id: str
    text: str
    #: Minutes of one session of a service that day (what a "no" records as missed); None for
    #: an accommodation or a service without minutes.
    session_minutes: int | None


@dataclass(frozen=True)
class Evening:
    """The day's questions; `school_day` False when the school was closed (nothing asked)."""

    day: date
    school_day: bool
    questions: tuple[Question, ...]


def evening(plan: Plan, entries: Sequence[Observation], day: date) -> Evening:
    """What to ask about `day`: the items `due` would list that day, one question each."""
    from iepcheck.due.reminders import gaps_first_assessed, items_to_check
    from iepcheck.plan.school_days import is_school_day

    open_day = plan.plan.start <= day <= plan.plan.end and is_school_day(plan.calendar, day)
    if not open_day:
        return Evening(day, False, ())
    listed = items_to_check(plan, gaps_first_assessed(plan, entries, day), day)
    asked: list[Question] = []
    for to_check in listed:
        item = plan.item(to_check.id)
        if item is not None:
            asked.append(question(plan, item.terms_on(day)))
    return Evening(day, True, tuple(asked))


def question(plan: Plan, item: Item) -> Question:
    """The item's own `ask`, else its kind's question, in words a child answers."""
    minutes = getattr(item, "minutes", None)
    return Question(item.id, item.ask or kind_question(plan, item), minutes)


def kind_question(plan: Plan, item: Item) -> str:
    """"Did you go to speech with Mr. Ortiz today?" for a service; "Did you get extended
    time today?" for an accommodation (its classes named when the plan lists them)."""
    what = lower_first(item.name)
    if item.kind == "service":
        provider = getattr(item, "provider", None)
        member = plan.staff_member(provider) if provider else None
        with_whom = f" with {member.name if member else provider}" if provider else ""
        return f"Did you go to {what}{with_whom} today?"
    classes = getattr(item, "applies_to", ())
    where = f" (in {', '.join(classes)})" if classes else ""
    return f"Did you get {what} today{where}?"


def finding_of(answer: str, where: str) -> str | None:
    """The finding an answer records, None for a skip; any other word is refused."""
    key = " ".join(answer.strip().casefold().replace("’", "'").split())
    if key not in ANSWERS:
        raise UserError(f"{where}: '{answer.strip()}' is not an answer; type y (yes), n (no), "
                        "p (partly), ? (don't know) or s (skip; Enter skips too)")
    return ANSWERS[key]


def draft_for(asked: Question, finding: str, day: date) -> EntryDraft:
    """The interview entry an answer makes: its finding, the question and answer as the note,
    and for a "no" about a timed service the minutes of the one session missed."""
    from iepcheck.record.drafts import EntryDraft

    missed = asked.session_minutes if finding == Finding.not_implemented.value else None
    note = f"Asked: \"{asked.text}\" Answer: {ANSWER_WORDS[finding]}."
    return EntryDraft(kind=Kind.interview.value, date=day, items=(asked.item_id,),
                      finding=finding, minutes=missed, note=note)


def recorded_line(numbers: Sequence[str]) -> str:
    """'recorded 3 answers: #41–#43', '#41, #43' when not consecutive; 'recorded no answers'."""
    if not numbers:
        return "recorded no answers; nothing was written"
    noun = "answer" if len(numbers) == 1 else "answers"
    return f"recorded {len(numbers)} {noun}: {_span(numbers)}"


def _span(labels: Sequence[str]) -> str:
    """'#41–#43' for a run of one author's numbers, else the labels listed."""
    def number(text: str) -> int | None:
        whose, _, n = text.rpartition("#")
        return int(n) if n.isdigit() and not whose else None

    values = [number(t) for t in labels]
    if (len(labels) > 2 and None not in values
            and values == list(range(values[0] or 0, (values[0] or 0) + len(values)))):
        return f"{labels[0]}–{labels[-1]}"
    return ", ".join(labels)
