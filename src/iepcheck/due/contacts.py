"""Whom a parent writes to, and how names are written (docs/evidence.md).

Pure. The case manager (`case_manager = true`, else a role naming the job), whom to escalate
to when the case manager is the one not answering, the staff responsible for an item, and
those of them never contacted: every teacher responsible for an accommodation must be told of
it, so staff named by an active item (`staff`, or a `provider` that is a staff id) with no
`email-sent`, `email-received`, `call` or `meeting` with them are listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from iepcheck.language.messages import _

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from iepcheck.plan.model import Item, Plan, Staff
    from iepcheck.record.entries import Observation


CONTACT_KINDS = frozenset({"email-sent", "email-received", "call", "meeting"})


ESCALATION_ROLES = ("case manager", "504 coordinator")


@dataclass(frozen=True)
class NeverContacted:
    id: str
    name: str
    items: tuple[str, ...]


def case_manager(plan: Plan) -> Staff | None:
    """Whom reminders escalate to: `case_manager = true`, else a role naming the job."""
    marked = next((s for s in plan.staff if s.case_manager), None)
    if marked:
        return marked
    for title in ESCALATION_ROLES:
        for member in plan.staff:
            if title in (member.role or "").casefold():
                return member
    return None


def escalation(plan: Plan, staff_id: str | None) -> str | None:
    """The case manager's id, unless the unanswered email was to them: then whoever
    `[[staff]]` marks `escalate_to = true`, else a 504 coordinator, else the principal (an
    assistant principal too), so a silent case manager always has someone above them."""
    first = case_manager(plan)
    if first is None or first.id != staff_id:
        return first.id if first else None
    others = [m for m in plan.staff if m.id != staff_id]
    for chosen in ((m for m in others if m.escalate_to),
                   (m for m in others
                    if any(t in (m.role or "").casefold() for t in ESCALATION_ROLES)),
                   (m for m in others if "principal" in (m.role or "").casefold())):
        member = next(chosen, None)
        if member is not None:
            return member.id
    return None


def never_contacted(plan: Plan, entries: Sequence[Observation], as_of: date) -> list[NeverContacted]:
    """Staff responsible for an item in effect who have no email, call or meeting in the log."""
    # Each name written once is looked up once: a year's log repeats a handful of names.
    contacted = {plan.person_key(who)
                 for who in {e.who for e in entries if e.kind in CONTACT_KINDS and e.who}}
    listed = []
    for member in plan.staff:
        items = tuple(i.id for i in responsible_for(plan, member.id)
                      if plan.in_effect(i, as_of))
        if items and member.id not in contacted:
            listed.append(NeverContacted(member.id, member.name, items))
    return listed


def responsible_for(plan: Plan, staff_id: str) -> list[Item]:
    """Items naming this person in `staff`, or as `provider`, in plan order."""
    return [i for i in plan.items
            if staff_id in i.staff or getattr(i, "provider", None) == staff_id]


def first_name(plan: Plan) -> str:
    return plan.student.name.split()[0]


def responsible_name(plan: Plan, item: Item) -> str:
    """The first person named by the item, as they are addressed; else 'the school'."""
    for who in (*item.staff, getattr(item, "provider", None)):
        if who:
            member = plan.staff_member(who)
            return member.name if member else who
    return _("the school")


def lower_first(name: str) -> str:
    """'Extended time (1.5x)' -> 'extended time (1.5x)'; 'OT session' stays as it is."""
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name
