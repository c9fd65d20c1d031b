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
from iepcheck.language.messages import _, n_
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
    # A Spanish-speaking parent's own words (the letters above work in every language).
    "sí": Finding.implemented.value, "si": Finding.implemented.value,
    "en parte": Finding.partial.value, "no sé": Finding.unclear.value,
    "no se": Finding.unclear.value, "omitir": None,
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
    text: str  # as the parent reads it, in their language
    #: Minutes of one session of a service that day (what a "no" records as missed); None for
    #: an accommodation or a service without minutes.
    session_minutes: int | None
    #: The question as the log keeps it (English whatever the language: docs/languages.md).
    logged: str | None = None


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
    import gettext

    from iepcheck.language.messages import ENGLISH, speaking

    minutes = getattr(item, "minutes", None)
    with speaking(gettext.NullTranslations(), ENGLISH):
        logged = item.ask or kind_question(plan, item)
    return Question(item.id, item.ask or kind_question(plan, item), minutes, logged)


def kind_question(plan: Plan, item: Item) -> str:
    """"Did you go to speech with Mr. Ortiz today?" for a service; "Did you get extended
    time today?" for an accommodation (its classes named when the plan lists them)."""
    what = lower_first(item.name)
    if item.kind == "service":
        provider = getattr(item, "provider", None)
        member = plan.staff_member(provider) if provider else None
        if not provider:
            return _("Did you go to {service} today?").format(service=what)
        return _("Did you go to {service} with {provider} today?").format(
            service=what, provider=member.name if member else provider)
    classes = getattr(item, "applies_to", ())
    if classes:
        return _("Did you get {accommodation} today (in {classes})?").format(
            accommodation=what, classes=", ".join(classes))
    return _("Did you get {accommodation} today?").format(accommodation=what)


def finding_of(answer: str, where: str) -> str | None:
    """The finding an answer records, None for a skip; any other word is refused."""
    key = " ".join(answer.strip().casefold().replace("’", "'").split())
    if key not in ANSWERS:
        raise UserError(_("{where}: '{answer}' is not an answer; type y (yes), n (no), "
                          "p (partly), ? (don't know) or s (skip; Enter skips too)").format(
                              where=where, answer=answer.strip()))
    return ANSWERS[key]


def draft_for(asked: Question, finding: str, day: date) -> EntryDraft:
    """The interview entry an answer makes: its finding, the question and answer as the note,
    and for a "no" about a timed service the minutes of the one session missed."""
    from iepcheck.record.drafts import EntryDraft

    missed = asked.session_minutes if finding == Finding.not_implemented.value else None
    note = f"Asked: \"{asked.logged or asked.text}\" Answer: {ANSWER_WORDS[finding]}."
    return EntryDraft(kind=Kind.interview.value, date=day, items=(asked.item_id,),
                      finding=finding, minutes=missed, note=note)


def recorded_line(numbers: Sequence[str]) -> str:
    """'recorded 3 answers: #41–#43', '#41, #43' when not consecutive; 'recorded no answers'."""
    if not numbers:
        return _("recorded no answers; nothing was written")
    return n_("recorded {count} answer: {numbers}", "recorded {count} answers: {numbers}",
              len(numbers)).format(count=len(numbers), numbers=_span(numbers))


def _span(labels: Sequence[str]) -> str:
    """'#41–#43' for a run of one author's numbers, else the labels listed."""
    def number(text: str) -> int | None:
        whose, _sep, n = text.rpartition("#")
        return int(n) if n.isdigit() and not whose else None

    values = [number(t) for t in labels]
    if (len(labels) > 2 and None not in values
            and values == list(range(values[0] or 0, (values[0] or 0) + len(values)))):
        return f"{labels[0]}–{labels[-1]}"
    return ", ".join(labels)
