"""The weekly check-in email to one staff member: short, polite, specific.

Pure: takes the plan, the final statuses (`report.build_report`, through
`reminders.gaps_first_assessed`), the log and `as_of`; returns a `Draft`. Attorneys' advice
shapes it: one question per item, each answerable yes or no and tied to dates, so a reply (or
its absence) is itself evidence. Items come weakest evidence first, so the questions that
matter most are the ones a busy teacher reads.

The questions name the school days they ask about ("this week (Mon 16–Fri 20 Nov)"). In a
week with no school so far there is nothing to ask: `week_school_days` is empty, and the
command writes no draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from iepcheck.dates import long, month_name, month_short, short, weekday_and_day, with_weekday
from iepcheck.due.contacts import first_name, lower_first, responsible_for
from iepcheck.due.reminders import day_span, school_days_this_week
from iepcheck.language.messages import _
from iepcheck.letters.compose import in_english, kind_name
from iepcheck.plan.model import Service
from iepcheck.record.authors import OWNER
from iepcheck.vocabulary import Finding, Status

if TYPE_CHECKING:
    from collections.abc import Sequence

    from iepcheck.evidence.tally import ItemEvidence
    from iepcheck.plan.model import Plan, Staff
    from iepcheck.record.entries import Observation


@dataclass(frozen=True)
class Draft:
    """One email to write: who it goes to and from, and what it says.

    `cc` is (name, address) pairs copied in, e.g. the case manager; `render/eml.py` turns
    all of it into headers, so a name may hold any character (it is quoted there).
    """

    staff_id: str
    to_name: str
    to_email: str | None
    from_name: str | None
    from_email: str | None
    subject: str
    body: str
    items: tuple[str, ...]
    cc: tuple[tuple[str, str], ...] = ()
    #: The subject in English, for the note of the entry --record writes: the log never
    #: depends on the language the draft was written in.
    log_subject: str = ""


def weakest_first(assessed: Sequence[ItemEvidence]) -> list[ItemEvidence]:
    """By status (gaps first), then the oldest last evidence (none at all first), then plan order."""
    def weakness(position: int) -> tuple[int, date, int]:
        a = assessed[position]
        return (a.status.rank, a.last_evidence or date.min, position)

    return [assessed[i] for i in sorted(range(len(assessed)), key=weakness)]


def draft_email(plan: Plan, member: Staff, assessed: Sequence[ItemEvidence],
                entries: Sequence[Observation], as_of: date, me: str = OWNER) -> Draft:
    """The email about this person's items in effect on `as_of`, from every item `assessed`;
    `me` writes it, and its receipt is of my log (docs/authors.md)."""
    ordered = weakest_first(their_items(plan, member, assessed, as_of))
    child = first_name(plan)
    monday = as_of - timedelta(days=as_of.weekday())
    week = week_words(week_school_days(plan, as_of), as_of)
    month = _("in {month}").format(month=month_name(as_of))
    missed = last_missed(entries, as_of)
    questions = [
        f"{n}. {question(plan, a, week, missed.get(a.item.id), month, on=as_of)}"
        for n, a in enumerate(ordered, start=1)
    ]
    parent = plan.parent
    signature = (parent.name if parent and parent.name
                 else _("{child}'s parent").format(child=child))
    copied = copy_to(plan, member, ordered)
    body = "\n".join([
        _("Dear {names},").format(names=member.name),
        "",
        _("Thank you for your work with {child}. I am keeping track of how {child}'s {kind} is "
          "going, and I would be grateful for a quick yes or no to each question below (a "
          "word of detail is welcome, but not needed):").format(
              child=child, kind=kind_name(plan.plan.kind)),
        "",
        *questions,
        "",
        _("If anything is not happening, could you tell me what would help? Thank you for "
          "your time."),
        "",
        _("Kind regards,"),
        signature,
        "",
        *receipt(entries, me, plan.plan.id),
    ])
    return Draft(
        staff_id=member.id, to_name=member.name, to_email=member.email,
        from_name=parent.name if parent else None, from_email=parent.email if parent else None,
        subject=_subject(plan, monday), log_subject=in_english(lambda: _subject(plan, monday)),
        body=body, items=tuple(a.item.id for a in ordered),
        cc=((copied.name, copied.email),) if copied and copied.email else (),
    )


def _subject(plan: Plan, monday: date) -> str:
    return _("{child}'s {kind}: weekly check-in, week of {day}").format(
        child=first_name(plan), kind=kind_name(plan.plan.kind), day=short(monday))


def copy_to(plan: Plan, member: Staff, ordered: Sequence[ItemEvidence]) -> Staff | None:
    """The case manager, copied when an accommodation of this person's was seen not
    provided: `due` advises copying her then (reminders.next_step)."""
    from iepcheck.due.contacts import case_manager

    manager = case_manager(plan)
    seen_not_done = any(a.item.kind == "accommodation" and a.status == Status.not_implemented
                        for a in ordered)
    return manager if seen_not_done and manager and manager.id != member.id else None


def receipt(entries: Sequence[Observation], me: str = OWNER,
            plan_id: str | None = None) -> list[str]:
    """The seal receipt every drafted email ends with (seal.receipt_line): the school's own
    mailbox then holds a dated copy of the head of my log (docs/verify.md): its last entry,
    wherever the merged order of several authors' logs puts it (docs/authors.md)."""
    from iepcheck.record.seal import receipt_line, record_tag

    last = max((e for e in entries if e.author == me), key=lambda e: e.n, default=None)
    if last is None or last.hash is None:
        return []
    return ["--", receipt_line(last.n, last.hash, None if me == OWNER else me,
                               record_tag(plan_id)), ""]


def their_items(plan: Plan, member: Staff, assessed: Sequence[ItemEvidence],
                as_of: date) -> list[ItemEvidence]:
    """Items naming this person in `staff` or as `provider`, in effect on `as_of`."""
    ids = {i.id for i in responsible_for(plan, member.id)}
    return [a for a in assessed if a.item.id in ids and plan.in_effect(a.item, as_of)]


def question(plan: Plan, assessed: ItemEvidence, week: str, missed: date | None,
             month: str | None = None, on: date | None = None) -> str:
    """One yes/no question about one item this week, with the dates the parent knows: the
    sessions are those of the terms in effect `on` the day asked (an amendment counts from
    its date), never more than the week or month has school days (docs/minutes.md)."""
    from iepcheck.plan.model import Service

    item = assessed.item
    child = first_name(plan)
    if isinstance(item, Service) and on is not None:
        item = item.terms_on(on)
    what = lower_first(item.name)
    if isinstance(item, Service) and item.minutes is not None:
        if item.per == "month":
            asked = _("Is {child} on schedule for {sessions} of {service} due {month}?").format(
                child=child, sessions=_sessions(item, plan, on), service=what,
                month=month or _("this month"))
        elif item.per in ("year", "cycle"):  # spread over the days: no sessions this week
            asked = _("Did {child} have {service} {week}?").format(child=child, service=what,
                                                                    week=week)
        elif item.per == "day":
            asked = _("Did {child} get {minutes} minutes of {service} each school day "
                      "{week}?").format(child=child, minutes=item.minutes * item.times,
                                        service=what, week=week)
        else:
            asked = _("Did {child} get {sessions} of {service} {week}?").format(
                child=child, sessions=_sessions(item, plan, on), service=what, week=week)
    elif isinstance(item, Service):
        asked = _("Did {child} have {service} {week}?").format(child=child, service=what,
                                                                week=week)
    else:  # quoted as the plan words it: any wording reads as a question
        where = _joined(item.applies_to)
        asked = (_("Was {child}'s accommodation “{item}” provided in {where} {week}?") if where
                 else _("Was {child}'s accommodation “{item}” provided {week}?")).format(
            child=child, item=item.name, where=where, week=week)
    return f"{asked} {_context(plan, assessed, missed)}"


def _sessions(item: Service, plan: Plan, on: date | None) -> str:
    """'both 30-minute sessions', 'the 30-minute session', 'all 3 30-minute sessions': as
    many as the week (or month) of `on` can hold, one a school day."""
    times = item.times
    if on is not None and item.per in ("week", "month"):
        from iepcheck.evidence.minutes import service_school, sessions_owed
        from iepcheck.plan.school_days import month_of, week_of

        first, last = (week_of if item.per == "week" else month_of)(on)
        open_days = service_school(item, plan.calendar).count(first, last)
        times = sessions_owed(times, open_days) if open_days else times
    if times == 1:
        return _("the {minutes}-minute session").format(minutes=item.minutes)
    if times == 2:
        return _("both {minutes}-minute sessions").format(minutes=item.minutes)
    return _("all {count} {minutes}-minute sessions").format(count=times, minutes=item.minutes)


def _context(plan: Plan, assessed: ItemEvidence, missed: date | None) -> str:
    if assessed.status == Status.not_implemented and missed:
        return _("(My notes say it did not happen on {day}.)").format(day=short(missed))
    reason = getattr(assessed, "reason", None)
    if assessed.status == Status.minutes_short and reason:
        return _("(My records since {day} leave {reason}; could you send me the service "
                 "log?)").format(day=long(plan.plan.start), reason=reason)
    if assessed.last_evidence:
        return _("(The last time I could confirm it was {day}.)").format(
            day=short(assessed.last_evidence))
    return _("(I have no record of it since the plan started on {day}.)").format(
        day=long(plan.plan.start))


def last_missed(entries: Sequence[Observation], as_of: date) -> dict[str, date]:
    """Per item, the latest day up to `as_of` the log says it did not happen (the finding
    about that item: a per-item finding overrides the entry's).

    One pass over the log for every question of the email, not one per question.
    """
    from iepcheck.record.entries import record_as_of

    latest: dict[str, date] = {}
    for e in record_as_of(entries, as_of):
        for item_id in e.items:
            if e.finding_for(item_id) == Finding.not_implemented:
                latest[item_id] = max(e.date, latest.get(item_id, e.date))
    return latest


def week_school_days(plan: Plan, as_of: date) -> tuple[date, ...]:
    """The school days of this week so far (Monday to `as_of`, within the plan): what the
    email asks about. Empty in a week with no school yet: then there is nothing to ask."""
    return school_days_this_week(plan, as_of)


def week_words(days: Sequence[date], as_of: date) -> str:
    """The school days asked about, named: 'this week (Mon 16–Fri 20 Nov)', 'today (Mon 16
    Nov)', or, with a day off between, 'this week (Mon 9, Tue 10, Thu 12 and Fri 13 Nov)'."""
    if not days:
        return _("this week")
    if len(days) == 1 and days[0] == as_of:
        return _("today ({days})").format(days=day_span(as_of, as_of))
    if (days[-1] - days[0]).days + 1 == len(days):
        return _("this week ({days})").format(days=day_span(days[0], days[-1]))
    named = [weekday_and_day(d) + ("" if d.month == days[-1].month else f" {month_short(d)}")
             for d in days]
    return _("this week ({days})").format(
        days=_("{first} and {last}").format(first=", ".join(named[:-1]),
                                            last=f"{named[-1]} {month_short(days[-1])}"))


def no_school_line(plan: Plan, as_of: date) -> str:
    """What draft-email says in a week with no school so far: nothing to ask, no draft."""
    monday = as_of - timedelta(days=as_of.weekday())
    return _("No school this week so far (the week of {day}, by the plan's calendar), so "
             "there is nothing to ask; no draft written.").format(day=with_weekday(monday))


def _joined(words: Sequence[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return _("{first} and {last}").format(first=", ".join(words[:-1]), last=words[-1])
