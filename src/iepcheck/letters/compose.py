"""The letters a parent sends, drafted from the log and the plan (docs/letters.md).

Pure: the plan, the log's entries, the day and the period in; a `Letter` value out. No clock,
no files, no printing. Renderers (`render/letter.py`, `render/eml.py`) turn a letter into
plain text, Markdown, HTML or an unsent `.eml` draft.

Every fact a letter states comes from the log or the plan and carries its date and its entry
number (#N), so the school, or a hearing officer, can check it against the sealed record; the
letter ends with the log's seal receipt. Figures are the report's (`report.build_report`),
and the words never say more than the record shows: "I have no record that it was provided",
never "it was not provided", unless an entry says so.

Kinds:
- `meeting-request`: an IEP/504 meeting about implementation, listing every item that is not
  ok (or is short of minutes), with the dates seen;
- `records-request`: service logs, attendance and progress data, citing the right to inspect
  records and the date the answer is due (`answer_due`);
- `make-up-request`: compensatory services, per service: required, delivered, missed, owed;
- `escalation`: unanswered emails to one staff member, to the case manager (and principal);
- `complaint-facts`: the facts section of a state complaint, for the parent to review.

Here: the letter value, its plain text and the phrasing every kind shares (recipients, the
greeting, the signature, the notice, the seal receipt). The kinds are built in
`letters/requests.py` (meeting, records, make-up) and `letters/complaints.py` (escalation,
complaint facts), from the facts `letters/facts.py` words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from iepcheck.dates import long
from iepcheck.due.contacts import case_manager, first_name
from iepcheck.errors import UserError
from iepcheck.language.messages import ENGLISH, N_, _, p_, speaking

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from iepcheck.evidence.tally import Period
    from iepcheck.plan.model import Plan, Staff
    from iepcheck.record.entries import Observation


class LetterKind(StrEnum):
    meeting_request = "meeting-request"
    records_request = "records-request"
    make_up_request = "make-up-request"
    escalation = "escalation"
    complaint_facts = "complaint-facts"
    records_questions = "records-questions"
    visit_request = "visit-request"


NOTICE = N_("[Draft from iepcheck: check every date and entry number (#N) against your log "
            "before sending, and edit freely. This is not legal advice.]")
COMPLAINT_NOTICE = N_("[Draft from iepcheck for you to review: iepcheck files nothing. Check "
                      "every fact against your log and your state's complaint form and rules. "
                      "This is not legal advice.]")


@dataclass(frozen=True)
class Recipient:
    staff_id: str
    name: str
    email: str | None
    role: str | None = None


@dataclass(frozen=True)
class Section:
    """A heading (or none), paragraphs, then a list of facts (numbered or bulleted)."""

    heading: str | None = None
    paragraphs: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    numbered: bool = False


@dataclass(frozen=True)
class Letter:
    kind: LetterKind
    to: tuple[Recipient, ...]
    cc: tuple[Recipient, ...]
    subject: str
    greeting: str | None
    sections: tuple[Section, ...]
    closing: str | None
    signature: str
    from_name: str | None
    from_email: str | None
    notice: str
    receipt: str | None  # the log's seal receipt line; None for an empty log
    items: tuple[str, ...] = ()  # the items it is about, for the entry --record writes
    answer_due: date | None = None  # records-request: the date the answer is due
    record_note: str = ""  # the note of the email-sent entry --record writes
    reply_to: int | None = None  # escalation: the last email of the one thread it follows up
    sendable: bool = True  # complaint-facts is never sent by the tool
    day: date | None = None  # the letter's date (--as-of): every printed or pasted copy shows it

    @property
    def body(self) -> str:
        """The letter as plain text, from the greeting to the seal receipt."""
        return letter_text(self)


def letter_text(letter: Letter) -> str:
    lines: list[str] = []
    if letter.greeting:
        lines += [letter.greeting, ""]
    for section in letter.sections:
        if section.heading:
            lines += [section.heading, ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
        if section.facts:
            lines += [f"{mark}{fact}" for mark, fact in zip(marks(section), section.facts,
                                                               strict=True)]
            lines.append("")
    if letter.closing:
        lines.append(letter.closing)
    lines += [letter.signature, "", letter.notice]
    if letter.receipt:
        lines.append(letter.receipt)
    return "\n".join(lines) + "\n"


def marks(section: Section) -> list[str]:
    """'1. ', '2. ' for a numbered list, '- ' for each fact otherwise."""
    if section.numbered:
        return [f"{n}. " for n in range(1, len(section.facts) + 1)]
    return ["- "] * len(section.facts)


# --- building ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """What the command asked for: the day, the period, the staff member and items named."""

    kind: LetterKind
    as_of: date
    period: Period
    staff: Staff | None = None
    items: tuple[str, ...] = ()


def receipt_of(entries: Sequence[Observation], plan_id: str | None = None) -> str | None:
    """The seal receipt of the log's last entry (the log as it stands, whatever --as-of),
    naming the record when the plan has an id (docs/verify.md)."""
    from iepcheck.record.seal import receipt_line, record_tag

    if not entries or not entries[-1].hash:
        return None
    return receipt_line(entries[-1].n, entries[-1].hash, record=record_tag(plan_id))


def addressee(plan: Plan, staff: Staff | None) -> Staff:
    """The staff member named, else the case manager; refused when the plan has neither."""
    member = staff or case_manager(plan)
    if member is None:
        raise UserError(_("the plan marks no case manager (case_manager = true on one "
                          "[[staff]]); name the staff member to write to: iepcheck letter KIND "
                          "STAFF"))
    return member


def recipient(member: Staff) -> Recipient:
    return Recipient(member.id, member.name, member.email or None, member.role)


def copy_case_manager(plan: Plan, member: Staff) -> tuple[Recipient, ...]:
    """Letters to someone else copy the case manager, who coordinates the plan."""
    manager = case_manager(plan)
    return (recipient(manager),) if manager and manager.id != member.id else ()


def signature(plan: Plan) -> str:
    parent = plan.parent
    return (parent.name if parent and parent.name
            else _("{child}'s parent").format(child=first_name(plan)))


def compose(plan: Plan, kind: LetterKind, to: tuple[Recipient, ...], cc: tuple[Recipient, ...],
          subject: str, sections: Sequence[Section], receipt: str | None, *,
          items: tuple[str, ...], record_note: str, answer_due: date | None = None,
          reply_to: int | None = None) -> Letter:
    parent = plan.parent
    names = [r.name for r in to]
    greeting = _("Dear {names},").format(names=joined(names)) if names else None
    return Letter(
        kind=kind, to=to, cc=cc, subject=subject, greeting=greeting, sections=tuple(sections),
        closing=_("Kind regards,") if greeting else None, signature=signature(plan),
        from_name=parent.name if parent else None, from_email=parent.email if parent else None,
        notice=_(NOTICE), receipt=receipt, items=items, answer_due=answer_due,
        record_note=record_note, reply_to=reply_to,
    )


def in_english(words: Callable[[], str]) -> str:
    """`words` in English whatever the letter's language: what a letter puts in the log (the
    note of the entry --record writes) never depends on the language it was written in."""
    from gettext import NullTranslations

    with speaking(NullTranslations(), ENGLISH):
        return words()


def period_words(period: Period) -> str:
    return _("{since} to {until}").format(since=long(period.since), until=long(period.until))


def kind_name(kind: str, *, first: bool = False) -> str:
    """'IEP' or '504' as a letter names the plan ('plan 504' in Spanish). At its `first`
    mention in a letter's body, Spanish spells out what IEP stands for, as US agencies'
    Spanish documents do (docs/glossary-es.md)."""
    if kind != "IEP":
        return _("504")
    return p_("first mention", "IEP") if first else _("IEP")


def a_plan(kind: str, *, first: bool = False) -> str:
    """'an IEP', 'a 504': the plan with its article, in the letter's language."""
    if kind != "IEP":
        return _("a 504")
    return p_("first mention", "an IEP") if first else _("an IEP")


def team_meeting(kind: str) -> str:
    """'an IEP team meeting', 'a 504 team meeting'."""
    return _("an IEP team meeting") if kind == "IEP" else _("a 504 team meeting")


def kind_meeting(kind: str) -> str:
    """'an IEP meeting', 'a 504 meeting'."""
    return _("an IEP meeting") if kind == "IEP" else _("a 504 meeting")


def joined(words: Sequence[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return _("{first} and {last}").format(first=", ".join(words[:-1]), last=words[-1])


def require_addresses(letter: Letter) -> None:
    """An .eml draft needs an address for everyone it is sent or copied to."""
    if not letter.sendable:
        raise UserError(_("{kind} is a draft for you to review and file yourself, not an "
                          "email; write it as text, .md or .html").format(kind=letter.kind))
    for person in (*letter.to, *letter.cc):
        if not person.email:
            raise UserError(_("{staff} has no email in the plan; add email = \"…\" to their "
                              "[[staff]] table, or write the letter as text, .md or .html")
                            .format(staff=person.staff_id))
