"""What is due: items to check, emails staff have not answered, staff never told, dates near.

Pure: `due(plan, entries, as_of, within_days)` reads no clock and no file. The evidence rules
(which observations make an item `ok`) live in `evidence.py`; this module only turns their
statuses into things a parent can do this week.

Dated rules applied here, each tested at its boundary:
- **Replies** (docs/evidence.md): an `email-sent` is answered by an `email-received` from the same
  person dated on or after it, or by any `email-received` naming it with `reply_to`. A reply
  that names a *different* email with `reply_to` answers only that one. Its
  `overdue_days = as_of − (date + reply_within)`; it is listed once that is above zero, so an
  email sent on 12 Nov with `reply_within = "3d"` is fine through 15 Nov and 1 day overdue on
  16 Nov: staff get the whole of their last day.
- **Never contacted**: staff named by an active item (`staff`, or a `provider` that is a staff
  id) with no `email-sent`, `email-received`, `call` or `meeting` with them: every teacher
  responsible for an accommodation must be told of it.
- **Upcoming**: plan dates from `as_of` to `as_of + within_days`, both included.
- **Progress reports and goals** (docs/goals.md, rules in `goals.py`): a progress report date
  that has passed is listed until every goal has a measurement from a `progress-report` dated
  on or after it; a goal behind at its two latest progress reports in a row is listed for a
  meeting request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from iepcheck.vocabulary import Status

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from iepcheck.evidence import ItemEvidence
    from iepcheck.observations import Observation
    from iepcheck.plan import Item, Plan, Staff

#: Ask for the school's service logs this long before the annual review. A school must answer a
#: parent's records request before any IEP meeting and within 45 days (34 CFR 300.613); asking
#: 60 days ahead leaves room for a meeting held before the plan's end date.
SERVICE_LOG_REQUEST_DAYS = 60
CONTACT_KINDS = frozenset({"email-sent", "email-received", "call", "meeting"})
ESCALATION_ROLES = ("case manager", "504 coordinator")


@dataclass(frozen=True)
class ItemToCheck:
    id: str
    name: str
    status: Status
    last_evidence: date | None
    next_step: str


@dataclass(frozen=True)
class UnansweredEmail:
    n: int
    who: str  # the staff id when the log's `who` names a staff member, else the text as logged
    name: str  # how to address them
    date: date
    overdue_days: int
    escalate_to: str | None  # staff id of the case manager or 504 coordinator


@dataclass(frozen=True)
class NeverContacted:
    id: str
    name: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class PlanDate:
    """A dated event of the plan; `key` is stable across edits (calendar UIDs derive from it)."""

    date: date
    event: str
    key: str


@dataclass(frozen=True)
class ProgressReportDue:
    """A progress report date that has passed without a measurement of these goals."""

    date: date
    goals: tuple[str, ...]
    ask: str | None  # staff id of the case manager
    next_step: str


@dataclass(frozen=True)
class GoalMeeting:
    """A goal behind at two progress reports in a row: ask for a meeting."""

    goal: str
    reports: tuple[Any, ...]  # goals.Reported, oldest first
    next_step: str


@dataclass(frozen=True)
class Due:
    as_of: date
    within_days: int
    items: tuple[ItemToCheck, ...]
    unanswered: tuple[UnansweredEmail, ...]
    never_contacted: tuple[NeverContacted, ...]
    upcoming: tuple[PlanDate, ...]
    progress_reports: tuple[ProgressReportDue, ...] = ()
    meeting_requests: tuple[GoalMeeting, ...] = ()

    @property
    def anything(self) -> bool:
        return bool(self.items or self.unanswered or self.never_contacted or self.upcoming
                    or self.progress_reports or self.meeting_requests)

    def as_json(self) -> dict[str, Any]:
        """The shape docs/json.md gives: the documented keys first, then the extras."""
        return {
            "as_of": self.as_of.isoformat(),
            "items": [{"id": i.id, "name": i.name, "status": i.status.value,
                       "last_evidence": _iso(i.last_evidence), "next_step": i.next_step}
                      for i in self.items],
            "unanswered": [{"n": u.n, "who": u.who, "date": u.date.isoformat(),
                            "overdue_days": u.overdue_days, "escalate_to": u.escalate_to}
                           for u in self.unanswered],
            "upcoming": [{"date": d.date.isoformat(), "event": d.event} for d in self.upcoming],
            "never_contacted": [{"id": s.id, "name": s.name, "items": list(s.items)}
                                for s in self.never_contacted],
            "progress_reports": [{"date": r.date.isoformat(), "goals": list(r.goals),
                                  "ask": r.ask, "next_step": r.next_step}
                                 for r in self.progress_reports],
            "meeting_requests": [{"goal": m.goal, "reports": [_reported_json(r) for r in m.reports],
                                  "next_step": m.next_step} for m in self.meeting_requests],
        }


def _reported_json(reported: Any) -> dict[str, Any]:
    """A goal at one progress report, for `due --format json`."""
    measured = reported.measurement
    return {"date": reported.date.isoformat(), "value": measured.value,
            "measured_on": measured.date.isoformat(), "entry": measured.entry,
            "expected": reported.expected, "verdict": reported.verdict.value}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def due(plan: Plan, entries: Sequence[Observation], as_of: date, within_days: int = 14) -> Due:
    """Everything a parent should act on as of `as_of`; entries dated later are not yet known."""
    from iepcheck.observations import live_entries

    known = [e for e in live_entries(list(entries)) if e.date <= as_of]
    return Due(
        as_of=as_of,
        within_days=within_days,
        items=tuple(items_to_check(plan, gaps_first_assessed(plan, entries, as_of), as_of)),
        unanswered=tuple(unanswered(plan, known, as_of)),
        never_contacted=tuple(never_contacted(plan, known, as_of)),
        upcoming=tuple(upcoming(plan, as_of, within_days)),
        progress_reports=tuple(progress_reports_due(plan, entries, as_of)),
        meeting_requests=tuple(goal_meetings(plan, entries, as_of)),
    )


def progress_reports_due(plan: Plan, entries: Sequence[Observation],
                         as_of: date) -> list[ProgressReportDue]:
    """Progress reports whose date has passed with goals they have not yet measured."""
    from iepcheck.dates import long
    from iepcheck.goals import reports_due

    manager = case_manager(plan)
    person = manager.name if manager else "the school"
    return [ProgressReportDue(r.date, r.goals, manager.id if manager else None,
                              f"Ask {person} for the progress report of {long(r.date)}: no "
                              f"measurement of {', '.join(r.goals)} logged from it yet")
            for r in reports_due(plan, entries, as_of)]


def goal_meetings(plan: Plan, entries: Sequence[Observation], as_of: date) -> list[GoalMeeting]:
    """Goals behind at two progress reports in a row, with the request to make."""
    from iepcheck.dates import long
    from iepcheck.goals import meeting_requests
    from iepcheck.recording import number_text

    manager = case_manager(plan)
    person = manager.name if manager else "the school"
    found = []
    for request in meeting_requests(plan, entries, as_of):
        goal = plan.goal(request.goal)
        measure = goal.measure if goal else ""
        at = " and ".join(f"{long(r.date)} ({number_text(r.measurement.value)} {measure}, "
                          f"expected {number_text(r.expected)})" for r in request.reports)
        found.append(GoalMeeting(request.goal, request.reports,
                                 f"Write to {person} requesting an IEP meeting: {request.goal} "
                                 f"was behind at the progress reports of {at}"))
    return found


def gaps_first_assessed(plan: Plan, entries: Sequence[Observation],
                        as_of: date) -> list[ItemEvidence]:
    """Statuses over the plan so far (its start to `as_of`); none before it starts."""
    from iepcheck.evidence import Period, assess_items, gaps_first

    if not plan.plan.start <= as_of <= plan.plan.end:
        return []
    period = Period(since=plan.plan.start, until=as_of)
    return gaps_first(assess_items(plan, list(entries), period))


def items_to_check(plan: Plan, assessed: Iterable[ItemEvidence], as_of: date) -> list[ItemToCheck]:
    """Items in effect on `as_of` whose status is not `ok`, in the order given (gaps first)."""
    return [
        ItemToCheck(a.item.id, a.item.name, a.status, a.last_evidence,
                    next_step(plan, a.item, a.status))
        for a in assessed
        if a.status.is_gap and plan.in_effect(a.item, as_of)
    ]


def next_step(plan: Plan, item: Item, status: Status) -> str:
    """What to do next, in words: ask the child, visit, or write to the person responsible."""
    child = first_name(plan)
    what = lower_first(item.name)
    person = responsible_name(plan, item)
    if item.kind == "service":
        if status == Status.not_implemented:
            return f"Email {person}: when will the missed sessions of {what} be made up?"
        if status == Status.partial:
            return f"Ask {person} for the service log of {what}"
        return f"Ask {child} whether {what} happened this week, and ask {person} for the log"
    if status == Status.not_implemented:
        return f"Email {person}, copying the case manager, about {what}: it was not provided"
    if status == Status.partial:
        return f"Ask {person} about {what}: is it provided every time?"
    return f"Visit or email {person} about {what}, and ask {child}"


def unanswered(plan: Plan, entries: Sequence[Observation], as_of: date) -> list[UnansweredEmail]:
    """Emails to staff still unanswered once `reply_within` has passed, oldest first.

    One pass to gather the replies, one over the emails: linear in the log, however many
    emails it holds (a scan of every entry per email would make `due` quadratic).
    """
    wait = timedelta(days=plan.plan.reply_within)
    person = plan.person_key
    replied_to = {e.reply_to for e in entries if e.kind == "email-received" and e.reply_to}
    last_reply: dict[str, date] = {}
    for reply in entries:
        if reply.kind == "email-received" and reply.reply_to is None and reply.who:
            who = person(reply.who)
            last_reply[who] = max(reply.date, last_reply.get(who, reply.date))
    listed = []
    for sent in entries:
        if sent.kind != "email-sent" or not sent.who:
            continue
        overdue = (as_of - (sent.date + wait)).days
        if overdue <= 0 or sent.n in replied_to:
            continue
        if last_reply.get(person(sent.who), date.min) >= sent.date:
            continue  # answered by the same person on or after the day it was sent
        member = plan.staff_named(sent.who)
        listed.append(UnansweredEmail(
            n=sent.n, who=member.id if member else sent.who,
            name=member.name if member else sent.who, date=sent.date, overdue_days=overdue,
            escalate_to=escalation(plan, member.id if member else None),
        ))
    return listed


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
    """The case manager's id, unless the unanswered email was to them (then a coordinator)."""
    first = case_manager(plan)
    if first is None or first.id != staff_id:
        return first.id if first else None
    for member in plan.staff:
        role = (member.role or "").casefold()
        if member.id != staff_id and any(t in role for t in ESCALATION_ROLES):
            return member.id
    return None


def never_contacted(plan: Plan, entries: Sequence[Observation], as_of: date) -> list[NeverContacted]:
    """Staff responsible for an item in effect who have no email, call or meeting in the log."""
    contacted = {plan.person_key(e.who) for e in entries if e.kind in CONTACT_KINDS and e.who}
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


def upcoming(plan: Plan, as_of: date, within_days: int) -> list[PlanDate]:
    last = as_of + timedelta(days=within_days)
    return [d for d in plan_dates(plan) if as_of <= d.date <= last]


def plan_dates(plan: Plan) -> list[PlanDate]:
    """Progress reports, the service-log request, the annual review, items starting or ending.

    An item's own start or end is listed only when it differs from the plan's: amendments.
    """
    terms = plan.plan
    dates = [PlanDate(day, "progress report", f"progress-report-{n}")
             for n, day in enumerate(terms.progress_reports, start=1)]
    dates.append(PlanDate(_school_day_on_or_before(plan, terms.end - timedelta(
                              days=SERVICE_LOG_REQUEST_DAYS)),
                          "request the school's service logs in writing before the annual review",
                          "service-log-request"))
    dates.append(PlanDate(terms.end, "annual review", "annual-review"))
    for item in plan.items:
        if item.start and item.start > terms.start:
            dates.append(PlanDate(item.start, f"{item.name} starts", f"item-{item.id}-start"))
        if item.end and item.end < terms.end:
            dates.append(PlanDate(item.end, f"{item.name} ends", f"item-{item.id}-end"))
    return sorted((d for d in dates if terms.start <= d.date <= terms.end), key=lambda d: d.date)


def _school_day_on_or_before(plan: Plan, day: date) -> date:
    """A request is made on a day the school office is open: step back to a school day."""
    for _ in range(366):
        if day.weekday() in plan.calendar.weekdays and not plan.calendar.is_no_school(day):
            return day
        day -= timedelta(days=1)
    return day


def first_name(plan: Plan) -> str:
    return plan.student.name.split()[0]


def responsible_name(plan: Plan, item: Item) -> str:
    """The first person named by the item, as they are addressed; else 'the school'."""
    for who in (*item.staff, getattr(item, "provider", None)):
        if who:
            member = plan.staff_member(who)
            return member.name if member else who
    return "the school"


def lower_first(name: str) -> str:
    """'Extended time (1.5x)' -> 'extended time (1.5x)'; 'OT session' stays as it is."""
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name
