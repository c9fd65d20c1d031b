"""The visit request: asking to observe the child in class and in the service room, within
the school's visitor policy (docs/letters.md, "visit-request").

Attorneys advise visiting the classroom, by arrangement and by the school's rules. The letter
proposes dates, asks for the visitor policy and whom to check in with, and names the classes
and service rooms from the plan; it cites nothing from the log, so it says nothing the record
does not hold. Its answer date is tracked in `due` like a records request's (`due/replies.py`):
`reply_within` school days after the day it is written.

Pure: the plan and the request in; a `Letter` out.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from iepcheck.dates import full_weekday, long
from iepcheck.due.contacts import first_name
from iepcheck.due.replies import VISIT_REQUEST_NOTE
from iepcheck.errors import UserError
from iepcheck.language.messages import _
from iepcheck.letters.compose import (
    LetterKind,
    Section,
    addressee,
    compose,
    copy_case_manager,
    in_english,
    kind_name,
    recipient,
)

if TYPE_CHECKING:
    from datetime import date

    from iepcheck.letters.compose import Letter, Request
    from iepcheck.plan.model import Item, Plan
    from iepcheck.record.entries import Observation

#: Dates proposed start a week out (time to arrange cover and consent), three school days.
NOTICE_DAYS = 7
PROPOSED = 3


def visit_request(plan: Plan, entries: list[Observation], request: Request,
                  receipt: str | None) -> Letter:
    """Ask to observe: where (the classes and service rooms of the items chosen), when
    (proposed school days), and by what rules (the visitor policy)."""
    from iepcheck.plan.school_days import reply_deadline

    chosen = [i for i in plan.items if (i.id in request.items if request.items
                                        else plan.in_effect(i, request.as_of))]
    if not chosen:
        raise UserError(_("no item is in effect on {day}; name the items to observe with "
                          "--item").format(day=request.as_of))
    answer_due = reply_deadline(plan.calendar, request.as_of, plan.plan.reply_within)
    proposed = proposed_days(plan, request.as_of, answer_due)
    if not proposed:
        raise UserError(_("the plan has no school day left to propose for a visit"))
    member = addressee(plan, request.staff)
    child = first_name(plan)
    kind = plan.plan.kind
    intro = _("I would like to visit {child}'s class to observe, so that I can better support "
              "{child} at home and understand how {child}'s {kind} works day to day. I will "
              "follow the school's visitor policy, and I am glad to observe quietly and for as "
              "long as suits the teacher.").format(child=child, kind=kind_name(kind, first=True))
    ask = _("Could I visit on one of these days: {days}? Other days or times are fine if they "
            "suit the schedule better. Please also send me the school's visitor or classroom "
            "observation policy, and tell me whom to check in with when I arrive. I would be "
            "grateful for an answer by {due}. Thank you.").format(
        days=", ".join(_day(d) for d in proposed), due=long(answer_due))

    def subject_words() -> str:
        return _("Request to observe in class: {student}").format(student=plan.student.name)

    subject = subject_words()
    return compose(plan, LetterKind.visit_request, (recipient(member),),
                   copy_case_manager(plan, member), subject,
                   [Section(paragraphs=(intro, _("Where I would like to observe:")),
                            facts=tuple(_where(plan, chosen))),
                    Section(paragraphs=(ask,))], receipt,
                   items=tuple(i.id for i in chosen), answer_due=answer_due,
                   record_note=(f"{VISIT_REQUEST_NOTE}{answer_due.isoformat()}\n"
                                f"{in_english(subject_words)}"))


def proposed_days(plan: Plan, as_of: date, answer_due: date) -> list[date]:
    """The first school days at least NOTICE_DAYS ahead and after the answer is due (the
    school answers before the first day proposed), within the plan."""
    from iepcheck.plan.school_days import school_days_in

    first = max(as_of + timedelta(days=NOTICE_DAYS), answer_due + timedelta(days=1))
    last = min(plan.plan.end, first + timedelta(days=60))
    return list(school_days_in(plan.calendar, first, last)[:PROPOSED]) if first <= last else []


def _day(day: date) -> str:
    return full_weekday(day)


def _where(plan: Plan, chosen: list[Item]) -> list[str]:
    """A line per service (its place and provider) and per class teacher (the accommodations
    that apply in their class), in plan order."""
    lines = []
    for service in (i for i in chosen if i.kind == "service"):
        provider = getattr(service, "provider", None)
        member = plan.staff_member(provider) if provider else None
        line = service.name
        if provider:
            line = _("{service} with {provider}").format(
                service=line, provider=member.name if member else provider)
        place = getattr(service, "location", None)
        lines.append(f"{line}{f' ({place})' if place else ''}.")
    teachers: dict[str, list[str]] = {}
    for item in (i for i in chosen if i.kind == "accommodation"):
        for who in item.staff:
            teachers.setdefault(who, []).append(item.name)
    for who, names in teachers.items():
        member = plan.staff_member(who)
        name = member.name if member else who
        lines.append(_("{name}'s class, where these accommodations apply: {items}.").format(
            name=name, items="; ".join(names)))
    return lines
