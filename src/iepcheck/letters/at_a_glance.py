"""The plan at a glance for one teacher or provider: what is theirs to do, on one page.

Attorneys hear it again and again: plans "got buried in their in-basket", are "too dense to be
easily digested by teachers", and nobody followed up after the meeting. So each staff member
gets one page with only their part: the student, the plan's dates, every accommodation that
names them (with its classes), every service they provide (minutes, times, place), and whom
to ask (the case manager). Nothing that is not theirs: the page says what the plan says and
no more, never the parent's notes, the log or a finding (docs/at-a-glance.md).

Pure: the plan and the day in, a `Glance` out; `render/at_a_glance.py` writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from iepcheck.dates import long
from iepcheck.due.contacts import case_manager, responsible_for
from iepcheck.errors import UserError
from iepcheck.language.messages import _
from iepcheck.letters.compose import kind_name
from iepcheck.letters.facts import per_word

if TYPE_CHECKING:
    from datetime import date

    from iepcheck.plan.model import Item, Plan, Staff


@dataclass(frozen=True)
class GlanceItem:
    """One item as the staff member reads it: what, where or when, and from when."""

    id: str
    name: str
    detail: str  # "in math, science" / "30 min, 2 times a week; Pull-out, speech room"
    dates: str  # "" when it runs the whole plan; "from 4 January 2027" for an amendment's


@dataclass(frozen=True)
class Glance:
    staff_id: str
    staff_name: str
    staff_role: str | None
    staff_email: str | None
    student: str
    school: str | None
    grade: str | None
    plan_kind: str
    plan_start: date
    plan_end: date
    as_of: date
    accommodations: tuple[GlanceItem, ...]
    services: tuple[GlanceItem, ...]
    case_manager: str | None  # "Mrs. Patel, Special education teacher, patel@…"
    parent_name: str | None  # who sends it
    parent_email: str | None

    @property
    def parent(self) -> str | None:
        return ", ".join(p for p in (self.parent_name, self.parent_email) if p) or None

    @property
    def title(self) -> str:
        return _("{student}'s {kind} at a glance for {staff}").format(
            student=self.student, kind=kind_name(self.plan_kind), staff=self.staff_name)

    @property
    def log_title(self) -> str:
        """The title in English, for the note of the entry that records the page was sent:
        the log never depends on the language the page was written in."""
        from iepcheck.letters.compose import in_english

        return in_english(lambda: self.title)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in (*self.services, *self.accommodations))


def at_a_glance(plan: Plan, member: Staff, as_of: date) -> Glance:
    """The page for `member` as the plan stands on `as_of`: items in effect then or later."""
    theirs = [i for i in responsible_for(plan, member.id) if plan.window(i, as_of, plan.plan.end)]
    if not theirs:
        raise UserError(_("{staff} is responsible for no item in effect on or after {day} "
                          "(items name staff with 'staff' or 'provider'); there is nothing for "
                          "their page").format(staff=member.id, day=as_of))
    manager = case_manager(plan)
    parent = plan.parent
    return Glance(
        staff_id=member.id, staff_name=member.name, staff_role=member.role,
        staff_email=member.email, student=plan.student.name, school=plan.student.school,
        grade=None if plan.student.grade is None else str(plan.student.grade),
        plan_kind=plan.plan.kind, plan_start=plan.plan.start, plan_end=plan.plan.end,
        as_of=as_of,
        accommodations=tuple(_item(plan, i, as_of) for i in theirs if i.kind == "accommodation"),
        services=tuple(_item(plan, i, as_of) for i in theirs if i.kind == "service"),
        case_manager=_contact(manager) if manager else None,
        parent_name=parent.name if parent else None,
        parent_email=parent.email if parent else None,
    )


def _item(plan: Plan, item: Item, as_of: date) -> GlanceItem:
    window = plan.window(item, as_of, plan.plan.end)
    assert window is not None  # only items in effect reach here
    terms = item.terms_on(window[0])
    return GlanceItem(terms.id, terms.name, _detail(plan, terms), _dates(plan, item, as_of))


def _detail(plan: Plan, item: Item) -> str:
    if item.kind == "accommodation":
        classes = getattr(item, "applies_to", ())
        return (_("in {classes}").format(classes=", ".join(classes)) if classes
                else _("in every class"))
    minutes, times, per = (getattr(item, k, None) for k in ("minutes", "times", "per"))
    parts = []
    if minutes is not None:
        parts.append(_("{minutes} min, once a {per}").format(minutes=minutes, per=per_word(per))
                     if times == 1 else
                     _("{minutes} min, {times} times a {per}").format(
                         minutes=minutes, times=times, per=per_word(per)))
    location = getattr(item, "location", None)
    if location:
        parts.append(location)
    provider = getattr(item, "provider", None)
    member = plan.staff_member(provider) if provider else None
    if provider:
        parts.append(_("provided by {provider}").format(
            provider=member.name if member else provider))
    return "; ".join(parts)


def _dates(plan: Plan, item: Item, as_of: date) -> str:
    """Only an item's own dates, where they differ from the plan's (an amendment's items)."""
    words = []
    if item.start and item.start > max(plan.plan.start, as_of):
        words.append(_("from {day}").format(day=long(item.start)))
    if item.end and item.end < plan.plan.end:
        words.append(_("until {day}").format(day=long(item.end)))
    return " ".join(words)


def _contact(member: Staff) -> str:
    return ", ".join(p for p in (member.name, member.role, member.email) if p)


def glance_text(glance: Glance) -> str:
    """The page as plain text: the email's body and the terminal's view."""
    lines = [glance.title, "",
             _("Student: {student}").format(student=_student(glance)),
             _("Plan: {kind}, in effect {start} to {end}").format(
                 kind=kind_name(glance.plan_kind), start=long(glance.plan_start),
                 end=long(glance.plan_end)), ""]
    for heading, rows in ((_("Accommodations in your classes:"), glance.accommodations),
                          (_("Services you provide:"), glance.services)):
        if rows:
            lines.append(heading)
            lines += [f"- {r.name} ({r.detail}){f', {r.dates}' if r.dates else ''}" for r in rows]
            lines.append("")
    if glance.case_manager:
        lines.append(_("Case manager, for questions about the plan: {contact}").format(
            contact=glance.case_manager))
    if glance.parent:
        lines.append(_("From the family: {parent}").format(parent=glance.parent))
    lines.append(_("As the plan stands on {day}.").format(day=long(glance.as_of)))
    return "\n".join(lines) + "\n"


def _student(glance: Glance) -> str:
    grade = _("grade {grade}").format(grade=glance.grade) if glance.grade else None
    extra = [p for p in (grade, glance.school) if p]
    return f"{glance.student} ({', '.join(extra)})" if extra else glance.student
