"""Whom to send the plan at a glance: each staff member with an item in effect, at the start
of the plan, at the start of each school year, and after an amendment that touches their items,
until the record holds the page as sent to them since then (docs/at-a-glance.md).

Pure: the plan, the record as of the day, and the day. A staff member newly added to
`[[staff]]` has never been sent it, so they are listed at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from iepcheck.due.contacts import responsible_for
from iepcheck.language.messages import _

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from iepcheck.plan.model import Item, Plan
    from iepcheck.record.entries import Observation

#: The note an at-a-glance email is logged with (`at-a-glance --record`): how the record
#: knows the page was sent.
SENT_NOTE = "At a glance"


@dataclass(frozen=True)
class PageToSend:
    staff_id: str
    name: str
    since: date  # the day that made a fresh page due
    why: str  # "the plan started", "the school year started", "an amendment changed speech"
    next_step: str


def pages_to_send(plan: Plan, known: Sequence[Observation], as_of: date) -> list[PageToSend]:
    """Staff responsible for an item in effect on `as_of` who have not been sent their page
    since the latest start, new school year or amendment of their items."""
    listed = []
    last_sent = _last_sent(plan, known)
    for member in plan.staff:
        items = [i for i in responsible_for(plan, member.id) if plan.in_effect(i, as_of)]
        if not items:
            continue
        since, why = _latest_reason(plan, items, as_of)
        if not (member.id in last_sent and last_sent[member.id] >= since):
            listed.append(PageToSend(member.id, member.name, since, why,
                                     f"iepcheck at-a-glance {member.id} -o {member.id}.eml "
                                     "--record"))
    return listed


def _latest_reason(plan: Plan, items: Sequence[Item], as_of: date) -> tuple[date, str]:
    from iepcheck.plan.school_years import year_start_on

    start = year_start_on(plan, as_of)
    reasons = [(start, _("the plan started") if start == plan.plan.start
                else _("the school year started"))]
    for item in items:
        if item.start and plan.plan.start < item.start <= as_of:
            reasons.append((item.start, _("an amendment added {item}").format(item=item.id)))
        reasons += [(c.from_, _("an amendment changed {item}").format(item=item.id))
                    for c in item.changes
                    if c.from_ <= as_of]
    return max(reasons, key=lambda r: r[0])


def _last_sent(plan: Plan, known: Sequence[Observation]) -> dict[str, date]:
    """The latest day the page was logged as sent to each staff member: one pass over the
    record for every member, each name written once looked up once."""
    sent = f"{SENT_NOTE}:"  # the note's test before the name's: few emails are pages sent
    latest: dict[str | None, date] = {}
    for entry in known:
        if entry.kind != "email-sent" or not (entry.note or "").startswith(sent):
            continue
        if entry.who not in latest or entry.date > latest[entry.who]:
            latest[entry.who] = entry.date
    by_member: dict[str, date] = {}
    for who, day in latest.items():
        key = plan.person_key(who)
        if key not in by_member or day > by_member[key]:
            by_member[key] = day
    return by_member
