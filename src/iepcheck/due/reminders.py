"""What is due: items to check, emails staff have not answered, staff never told, dates near.

Pure: `due(plan, entries, as_of, within_days)` reads no clock and no file. Statuses come from
`report.build_report` (the one place that gives final statuses: findings, school-day clocks,
minutes); this module only turns them into things a parent can do this week.

Dated rules applied here, each tested at its boundary:
- **Weeks**: a question about "this week" is asked only when school has met this week; in a
  week of break, it is about the last week with school, named by its dates.
- **Upcoming**: plan dates from `as_of` to `as_of + within_days`, both included; an
  unanswered records request's due date is one while within `within_days`, and overdue from
  the day after it.

The lists come from their own modules: unanswered emails and records requests from
`due/replies.py`, staff never contacted from `due/contacts.py`, progress reports and goal meetings
from `due/goal_reminders.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from iepcheck.dates import short, weekday_and_day, weekday_short
from iepcheck.due.contacts import (
    NeverContacted,
    first_name,
    lower_first,
    never_contacted,
    responsible_name,
)
from iepcheck.due.glance_reminders import PageToSend, pages_to_send
from iepcheck.due.goal_reminders import (
    GoalMeeting,
    ProgressReportDue,
    goal_meetings,
    progress_reports_due,
    reported_json,
)
from iepcheck.due.replies import (
    RecordsAnswer,
    UnansweredEmail,
    records_answers,
    thread_json,
    unanswered,
)
from iepcheck.evidence.report import EMPTY_PLAN
from iepcheck.language.messages import _
from iepcheck.record.authors import OWNER
from iepcheck.vocabulary import Status

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from iepcheck.evidence.report import ReportItem
    from iepcheck.plan.model import Item, Plan
    from iepcheck.record.entries import Observation

#: Ask for the school's service logs this long before the annual review. A school must answer a
#: parent's records request before any IEP meeting and within 45 days (34 CFR 300.613); asking
#: 60 days ahead leaves room for a meeting held before the plan's end date.
SERVICE_LOG_REQUEST_DAYS = 60
#: How far back `last_school_week` looks for a week with school (a summer and then some).
WEEKS_BACK = 26


@dataclass(frozen=True)
class ItemToCheck:
    id: str
    name: str
    status: Status
    last_evidence: date | None
    next_step: str


@dataclass(frozen=True)
class PlanDate:
    """A dated event of the plan; `key` is stable across edits (calendar UIDs derive from it)."""

    date: date
    event: str
    key: str


@dataclass(frozen=True)
class Due:
    as_of: date
    within_days: int
    items: tuple[ItemToCheck, ...]
    unanswered: tuple[UnansweredEmail, ...]
    never_contacted: tuple[NeverContacted, ...]
    upcoming: tuple[PlanDate, ...]
    warnings: tuple[str, ...] = ()  # EMPTY_PLAN when the plan lists no item yet
    records_overdue: tuple[RecordsAnswer, ...] = ()
    progress_reports: tuple[ProgressReportDue, ...] = ()
    meeting_requests: tuple[GoalMeeting, ...] = ()
    pages_to_send: tuple[PageToSend, ...] = ()  # the plan at a glance, per staff member

    @property
    def anything(self) -> bool:
        """Anything to act on. Pages to send are suggestions, not gaps: listed, but they never
        make `--fail-if-due` fail or a caseload row due."""
        return bool(self.items or self.unanswered or self.never_contacted or self.upcoming
                    or self.records_overdue or self.progress_reports
                    or self.meeting_requests)

    def as_json(self) -> dict[str, Any]:
        """The shape docs/json.md gives: the documented keys first, then the extras."""
        return {
            "as_of": self.as_of.isoformat(),
            "items": [{"id": i.id, "name": i.name, "status": i.status.value,
                       "last_evidence": _iso(i.last_evidence), "next_step": i.next_step}
                      for i in self.items],
            "unanswered": [{"n": u.n, "who": u.who, "date": u.date.isoformat(),
                            "overdue_days": u.overdue_days, "escalate_to": u.escalate_to,
                            "thread": [thread_json(key) for key in u.thread or (u.n,)],
                            **({"author": u.author} if u.author != OWNER else {})}
                           for u in self.unanswered],
            "upcoming": [{"date": d.date.isoformat(), "event": d.event} for d in self.upcoming],
            "never_contacted": [{"id": s.id, "name": s.name, "items": list(s.items)}
                                for s in self.never_contacted],
            "warnings": list(self.warnings),
            "records_overdue": [{"n": r.n, "who": r.who, "sent": r.sent.isoformat(),
                                 "due": r.due.isoformat(), "overdue_days": r.overdue_days,
                                 **({"what": r.what} if r.what != "records" else {})}
                                for r in self.records_overdue],
            "progress_reports": [{"date": r.date.isoformat(), "goals": list(r.goals),
                                  "ask": r.ask, "next_step": r.next_step}
                                 for r in self.progress_reports],
            "meeting_requests": [{"goal": m.goal, "reports": [reported_json(r) for r in m.reports],
                                  "next_step": m.next_step} for m in self.meeting_requests],
            "at_a_glance": [{"id": p.staff_id, "name": p.name, "since": p.since.isoformat(),
                             "why": p.why, "next_step": p.next_step} for p in self.pages_to_send],
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def due(plan: Plan, entries: Sequence[Observation], as_of: date, within_days: int = 14, *,
        assessed: Sequence[ReportItem] | None = None) -> Due:
    """Everything a parent should act on as of `as_of`; entries dated later are not yet known.

    `assessed` is `gaps_first_assessed(plan, entries, as_of)` when the caller has already
    built that report (the caseload does, for its counts): the same items, not built twice."""
    from iepcheck.record.entries import record_as_of

    known = record_as_of(entries, as_of)
    records = records_answers(plan, known, as_of)
    if assessed is None:
        assessed = gaps_first_assessed(plan, entries, as_of)
    return Due(
        as_of=as_of,
        within_days=within_days,
        items=tuple(items_to_check(plan, assessed, as_of)),
        unanswered=tuple(unanswered(plan, known, as_of)),
        never_contacted=tuple(never_contacted(plan, this_school_year(plan, known, as_of), as_of)),
        upcoming=tuple(sorted([*upcoming(plan, as_of, within_days),
                               *records_upcoming(records, as_of, within_days)],
                              key=lambda d: d.date)),
        records_overdue=tuple(r for r in records if r.overdue_days > 0),
        warnings=() if plan.items else (_(EMPTY_PLAN),),
        progress_reports=tuple(progress_reports_due(plan, entries, as_of)),
        meeting_requests=tuple(goal_meetings(plan, entries, as_of)),
        pages_to_send=tuple(pages_to_send(plan, known, as_of)),
    )


def this_school_year(plan: Plan, known: Sequence[Observation], as_of: date) -> list[Observation]:
    """The entries dated in the school year holding `as_of`: a teacher told last year is not
    told this year, so staff are "not yet contacted" afresh each year (docs/school-years.md).
    The old year's entries stay in the record and in every report."""
    from iepcheck.plan.school_years import year_start_on

    start = year_start_on(plan, as_of)
    return [e for e in known if e.date >= start]


def gaps_first_assessed(plan: Plan, entries: Sequence[Observation],
                        as_of: date) -> list[ReportItem]:
    """Final statuses over the plan so far (its start to `as_of`), gaps first, from
    `report.build_report`; none before the plan starts or after it ends.

    Entries dated after `as_of` are not yet known, so they do not count; a retraction counts
    whatever its date, as in `due`'s other lists (a withdrawn entry was never evidence).
    """
    from iepcheck.evidence.report import build_report
    from iepcheck.evidence.tally import Period
    from iepcheck.record.entries import record_as_of

    if not plan.plan.start <= as_of <= plan.plan.end:
        return []
    known = record_as_of(entries, as_of)
    return list(build_report(plan, known, Period(since=plan.plan.start, until=as_of)).items)


def items_to_check(plan: Plan, assessed: Iterable[ReportItem], as_of: date) -> list[ItemToCheck]:
    """Items in effect on `as_of` whose status is a gap, in the order given (gaps first)."""
    week = week_asked(plan, as_of)
    return [
        ItemToCheck(a.item.id, a.item.name, a.status, a.last_evidence,
                    next_step(plan, a.item, a.status, week=week, reason=a.reason))
        for a in assessed
        if a.status.is_gap and plan.in_effect(a.item, as_of)
    ]


def next_step(plan: Plan, item: Item, status: Status, *, week: str | None = None,
              reason: str | None = None) -> str:
    """What to do next, in words: ask the child, visit, or write to the person responsible.

    `week` names the school week to ask about (`week_asked`): never a week without school.
    """
    child = first_name(plan)
    what = lower_first(item.name)
    person = responsible_name(plan, item)
    week = _("this week") if week is None else week
    if item.kind == "service":
        if status == Status.not_implemented:
            return _("Email {person}: when will the missed sessions of {what} be made up?").format(
                person=person, what=what)
        if status == Status.minutes_short and reason:
            return _("Ask {person} for the service log of {what} ({reason})").format(
                person=person, what=what, reason=reason)
        if status in (Status.partial, Status.minutes_short):
            return _("Ask {person} for the service log of {what}").format(person=person, what=what)
        return _("Ask {child} whether {what} happened {week}, and ask {person} for the log").format(
            child=child, what=what, week=week, person=person)
    if status == Status.not_implemented:
        return _("Email {person}, copying the case manager, about {what}: it was not "
                 "provided").format(person=person, what=what)
    if status == Status.partial:
        return _("Ask {person} about {what}: is it provided every time?").format(
            person=person, what=what)
    return _("Visit or email {person} about {what}, and ask {child}").format(
        person=person, what=what, child=child)


def school_days_this_week(plan: Plan, as_of: date) -> tuple[date, ...]:
    """The school days of `as_of`'s week (Mon–Sun) up to `as_of`, within the plan."""
    from iepcheck.plan.school_days import school_days_in, week_of

    monday, _sunday = week_of(as_of)
    return school_days_in(plan.calendar, max(monday, plan.plan.start), as_of)


def last_school_week(plan: Plan, as_of: date) -> tuple[date, ...]:
    """The school days of the latest week before `as_of`'s with any school (within the plan);
    () when there is none: a plan that started during a break."""
    from iepcheck.plan.school_days import school_days_in, week_of

    monday, _sunday = week_of(as_of)
    for _step in range(WEEKS_BACK):
        monday -= timedelta(days=7)
        if monday + timedelta(days=6) < plan.plan.start:
            return ()
        found = school_days_in(plan.calendar, max(monday, plan.plan.start),
                               monday + timedelta(days=6))
        if found:
            return found
    return ()


def week_asked(plan: Plan, as_of: date) -> str:
    """'this week' once school has met this week; else 'in the week of 16–20 Nov' (the last
    week with school: a question about a week of break has no true answer)."""
    if school_days_this_week(plan, as_of):
        return _("this week")
    last = last_school_week(plan, as_of)
    if not last:
        return _("since the plan started")
    return _("in the week of {days}").format(days=day_span(last[0], last[-1], weekdays=False))


def day_span(first: date, last: date, *, weekdays: bool = True) -> str:
    """'Mon 16–Fri 20 Nov', 'Mon 30 Nov–Fri 4 Dec', '16–20 Nov'; one day: 'Mon 16 Nov'."""
    def day(d: date, month: bool) -> str:
        if weekdays:
            return weekday_short(d) if month else weekday_and_day(d)
        return short(d) if month else str(d.day)

    if first == last:
        return day(first, month=True)
    return f"{day(first, month=first.month != last.month)}–{day(last, month=True)}"


def records_upcoming(records: Sequence[RecordsAnswer], as_of: date,
                     within_days: int) -> list[PlanDate]:
    """Each unanswered request's due date as a date coming up, while within `within_days`."""
    last = as_of + timedelta(days=within_days)
    from iepcheck.record.authors import reference

    return [PlanDate(r.due, _answer_due(r, reference(r.author, r.n)),
                     f"records-answer-{r.author}-{r.n}" if r.author != "owner" else
                     f"records-answer-{r.n}") for r in records if as_of <= r.due <= last]


def _answer_due(request: RecordsAnswer, cited: str) -> str:
    """A request's answer date, in words: a visit request and a records request read apart."""
    if request.what == "visit":
        return _("visit answer due from {name} (request {reference})").format(
            name=request.name, reference=cited)
    return _("records answer due from {name} (request {reference})").format(
        name=request.name, reference=cited)


def upcoming(plan: Plan, as_of: date, within_days: int) -> list[PlanDate]:
    last = as_of + timedelta(days=within_days)
    return [d for d in plan_dates(plan) if as_of <= d.date <= last]


def plan_dates(plan: Plan) -> list[PlanDate]:
    """Progress reports, the service-log request, the annual review, items starting or ending.

    An item's own start or end is listed only when it differs from the plan's: amendments.
    """
    terms = plan.plan
    dates = [PlanDate(day, _("progress report"), f"progress-report-{n}")
             for n, day in enumerate(terms.progress_reports, start=1)]
    dates.append(PlanDate(_school_day_on_or_before(plan, terms.end - timedelta(
                              days=SERVICE_LOG_REQUEST_DAYS)),
                          _("request the school's service logs in writing before the annual "
                            "review"),
                          "service-log-request"))
    dates.append(PlanDate(terms.end, _("annual review"), "annual-review"))
    for item in plan.items:
        if item.start and item.start > terms.start:
            dates.append(PlanDate(item.start, _("{item} starts").format(item=item.name),
                                  f"item-{item.id}-start"))
        if item.end and item.end < terms.end:
            dates.append(PlanDate(item.end, _("{item} ends").format(item=item.name),
                                  f"item-{item.id}-end"))
    return sorted((d for d in dates if terms.start <= d.date <= terms.end), key=lambda d: d.date)


def _school_day_on_or_before(plan: Plan, day: date) -> date:
    """A request is made on a day the school office is open: step back to a school day."""
    for _step in range(366):
        if day.weekday() in plan.calendar.weekdays and not plan.calendar.is_no_school(day):
            return day
        day -= timedelta(days=1)
    return day


