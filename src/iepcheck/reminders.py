"""What is due: items to check, emails staff have not answered, staff never told, dates near.

Pure: `due(plan, entries, as_of, within_days)` reads no clock and no file. Statuses come from
`report.build_report` (the one place that gives final statuses: findings, school-day clocks,
minutes); this module only turns them into things a parent can do this week.

Dated rules applied here, each tested at its boundary:
- **Replies** (docs/evidence.md): an `email-sent` is answered by an `email-received` from the same
  person dated on or after it, or by any `email-received` naming it with `reply_to`. A reply
  that names a *different* email with `reply_to` answers only that one. The reply deadline is
  the end of the sent day plus `reply_within` in school days (`school_days.reply_deadline`);
  `overdue_days = as_of − deadline`, listed once above zero: an email sent on Thu 12 Nov with
  `reply_within = "3d"` may be answered through Tue 17 Nov and is 1 day overdue on 18 Nov, and
  one sent on Fri 20 Nov before Thanksgiving week is answered in time through Wed 2 Dec.
- **Weeks**: a question about "this week" is asked only when school has met this week; in a
  week of break, it is about the last week with school, named by its dates.
- **Never contacted**: staff named by an active item (`staff`, or a `provider` that is a staff
  id) with no `email-sent`, `email-received`, `call` or `meeting` with them: every teacher
  responsible for an accommodation must be told of it.
- **Upcoming**: plan dates from `as_of` to `as_of + within_days`, both included.
- **Records answers** (docs/letters.md): an `email-sent` whose note starts
  `Records request: answer due YYYY-MM-DD` (what `iepcheck letter records-request --record`
  logs) is answered by an `email-received` naming it with `reply_to`. Unanswered, its due
  date is an upcoming date while within `within_days`, and overdue from the day after it.
- **Progress reports and goals** (docs/goals.md, rules in `goals.py`): a progress report date
  that has passed is listed until every goal has a measurement from a `progress-report` dated
  on or after it; a goal behind at its two latest progress reports in a row is listed for a
  meeting request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from iepcheck.authors import OWNER
from iepcheck.vocabulary import Status

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from iepcheck.observations import EntryKey, Observation
    from iepcheck.plan import Item, Plan, Staff
    from iepcheck.report import ReportItem

#: Ask for the school's service logs this long before the annual review. A school must answer a
#: parent's records request before any IEP meeting and within 45 days (34 CFR 300.613); asking
#: 60 days ahead leaves room for a meeting held before the plan's end date.
SERVICE_LOG_REQUEST_DAYS = 60
CONTACT_KINDS = frozenset({"email-sent", "email-received", "call", "meeting"})
ESCALATION_ROLES = ("case manager", "504 coordinator")
#: How far back `last_school_week` looks for a week with school (a summer and then some).
WEEKS_BACK = 26
EMPTY_PLAN = ("the plan has no services or accommodations yet: add each one with "
              "'iepcheck add-item service NAME --minutes 30 --times 2 --per week' or "
              "'iepcheck add-item accommodation NAME --staff ID' (see 'iepcheck add-item "
              "--help'), or copy them into the plan file")
#: How a logged records request begins its note, followed by the ISO date the answer is due.
RECORDS_REQUEST_NOTE = "Records request: answer due "


@dataclass(frozen=True)
class ItemToCheck:
    id: str
    name: str
    status: Status
    last_evidence: date | None
    next_step: str


@dataclass(frozen=True)
class UnansweredEmail:
    """An unanswered thread: its first email, and whoever was asked last."""

    n: int  # the thread's first email
    who: str  # who was asked last: a staff id, else the text as logged
    name: str  # how to address them
    date: date  # the thread's first day
    overdue_days: int  # after the deadline of the last email in the thread
    escalate_to: str | None  # staff id of the case manager or 504 coordinator
    thread: tuple[EntryKey, ...] = ()  # every email sent in the thread, oldest first
    author: str = OWNER  # whose log holds the thread's first email (docs/authors.md)


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
class RecordsAnswer:
    """A records request logged as sent, with no answer logged (`reply_to`) yet."""

    n: int
    who: str  # the staff id when the request names a staff member, else the text as logged
    name: str
    sent: date
    due: date
    overdue_days: int  # days after `due` as of the day asked; 0 or less: not yet overdue


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
    warnings: tuple[str, ...] = ()  # EMPTY_PLAN when the plan lists no item yet
    records_overdue: tuple[RecordsAnswer, ...] = ()
    progress_reports: tuple[ProgressReportDue, ...] = ()
    meeting_requests: tuple[GoalMeeting, ...] = ()

    @property
    def anything(self) -> bool:
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
                            "thread": [_thread_json(key) for key in u.thread or (u.n,)],
                            **({"author": u.author} if u.author != OWNER else {})}
                           for u in self.unanswered],
            "upcoming": [{"date": d.date.isoformat(), "event": d.event} for d in self.upcoming],
            "never_contacted": [{"id": s.id, "name": s.name, "items": list(s.items)}
                                for s in self.never_contacted],
            "warnings": list(self.warnings),
            "records_overdue": [{"n": r.n, "who": r.who, "sent": r.sent.isoformat(),
                                 "due": r.due.isoformat(), "overdue_days": r.overdue_days}
                                for r in self.records_overdue],
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
    records = records_answers(plan, known, as_of)
    return Due(
        as_of=as_of,
        within_days=within_days,
        items=tuple(items_to_check(plan, gaps_first_assessed(plan, entries, as_of), as_of)),
        unanswered=tuple(unanswered(plan, known, as_of)),
        never_contacted=tuple(never_contacted(plan, known, as_of)),
        upcoming=tuple(sorted([*upcoming(plan, as_of, within_days),
                               *records_upcoming(records, as_of, within_days)],
                              key=lambda d: d.date)),
        records_overdue=tuple(r for r in records if r.overdue_days > 0),
        warnings=() if plan.items else (EMPTY_PLAN,),
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
                        as_of: date) -> list[ReportItem]:
    """Final statuses over the plan so far (its start to `as_of`), gaps first, from
    `report.build_report`; none before the plan starts or after it ends.

    Entries dated after `as_of` are not yet known, so they do not count; a retraction counts
    whatever its date, as in `due`'s other lists (a withdrawn entry was never evidence).
    """
    from iepcheck.evidence import Period
    from iepcheck.report import build_report

    if not plan.plan.start <= as_of <= plan.plan.end:
        return []
    known = [e for e in entries if e.date <= as_of or e.retracts is not None]
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


def next_step(plan: Plan, item: Item, status: Status, *, week: str = "this week",
              reason: str | None = None) -> str:
    """What to do next, in words: ask the child, visit, or write to the person responsible.

    `week` names the school week to ask about (`week_asked`): never a week without school.
    """
    child = first_name(plan)
    what = lower_first(item.name)
    person = responsible_name(plan, item)
    if item.kind == "service":
        if status == Status.not_implemented:
            return f"Email {person}: when will the missed sessions of {what} be made up?"
        if status == Status.partial:
            return f"Ask {person} for the service log of {what}"
        if status == Status.minutes_short:
            return (f"Ask {person} for the service log of {what}"
                    f"{f' ({reason})' if reason else ''}")
        return f"Ask {child} whether {what} happened {week}, and ask {person} for the log"
    if status == Status.not_implemented:
        return f"Email {person}, copying the case manager, about {what}: it was not provided"
    if status == Status.partial:
        return f"Ask {person} about {what}: is it provided every time?"
    return f"Visit or email {person} about {what}, and ask {child}"


def school_days_this_week(plan: Plan, as_of: date) -> tuple[date, ...]:
    """The school days of `as_of`'s week (Mon–Sun) up to `as_of`, within the plan."""
    from iepcheck.school_days import school_days_in, week_of

    monday, _ = week_of(as_of)
    return school_days_in(plan.calendar, max(monday, plan.plan.start), as_of)


def last_school_week(plan: Plan, as_of: date) -> tuple[date, ...]:
    """The school days of the latest week before `as_of`'s with any school (within the plan);
    () when there is none: a plan that started during a break."""
    from iepcheck.school_days import school_days_in, week_of

    monday, _ = week_of(as_of)
    for _ in range(WEEKS_BACK):
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
        return "this week"
    last = last_school_week(plan, as_of)
    if not last:
        return "since the plan started"
    return f"in the week of {day_span(last[0], last[-1], weekdays=False)}"


def day_span(first: date, last: date, *, weekdays: bool = True) -> str:
    """'Mon 16–Fri 20 Nov', 'Mon 30 Nov–Fri 4 Dec', '16–20 Nov'; one day: 'Mon 16 Nov'."""
    def day(d: date, month: bool) -> str:
        words = f"{d:%a} {d.day}" if weekdays else str(d.day)
        return f"{words} {d:%b}" if month else words

    if first == last:
        return day(first, month=True)
    return f"{day(first, month=first.month != last.month)}–{day(last, month=True)}"


def unanswered(plan: Plan, entries: Sequence[Observation], as_of: date) -> list[UnansweredEmail]:
    """Threads of emails to staff still unanswered after their deadline, oldest first.

    An email sent that replies to an earlier one sent (a follow-up, an escalation) joins its
    thread. A thread is answered by any entry replying (`reply_to`) to one of its emails, from
    anyone on the staff, or by an email received from someone it asked, on or after the day
    they were asked (one that names another email with `reply_to` answers only that one).
    The deadline is `reply_within` in school days after the thread's LAST
    email (`school_days.reply_deadline`): a break or a weekend does not make it late.

    Linear in the log: one pass gathers threads and replies, one walks the threads.
    """
    from iepcheck.school_days import reply_deadline

    threads = _threads(entries)
    answered = {e.replies_to for e in entries
                if e.reply_to is not None and e.kind != "email-sent"}
    last_reply: dict[str, date] = {}
    for reply in entries:
        if reply.kind == "email-received" and reply.who and reply.reply_to is None:
            who = plan.person_key(reply.who)
            last_reply[who] = max(reply.date, last_reply.get(who, reply.date))
    listed = []
    for thread in threads:
        if any(sent.key in answered or last_reply.get(plan.person_key(sent.who), date.min)
               >= sent.date for sent in thread):
            continue
        last = thread[-1]
        overdue = (as_of - reply_deadline(plan.calendar, last.date, plan.plan.reply_within)).days
        if overdue <= 0:
            continue
        member = plan.staff_named(last.who)
        listed.append(UnansweredEmail(
            n=thread[0].n, who=member.id if member else (last.who or ""),
            name=member.name if member else (last.who or ""), date=thread[0].date,
            overdue_days=overdue, escalate_to=escalation(plan, member.id if member else None),
            thread=tuple(sent.key for sent in thread), author=thread[0].author,
        ))
    return listed


def _threads(entries: Sequence[Observation]) -> list[list[Observation]]:
    """Emails sent to someone, grouped into threads by `reply_to` between emails sent (in
    any author's log), each thread oldest first (one day's in the log's order), threads in the
    order they started."""
    sent = {e.key: e for e in entries if e.kind == "email-sent" and e.who}
    root: dict[EntryKey, EntryKey] = {}
    for key, entry in sent.items():
        parent = entry.replies_to
        root[key] = root.get(parent, parent) if parent is not None and parent in sent else key
    grouped: dict[EntryKey, list[Observation]] = {}
    for key, entry in sent.items():
        grouped.setdefault(root[key], []).append(entry)
    return [sorted(thread, key=lambda e: e.date) for thread in grouped.values()]


def _thread_json(key: EntryKey) -> int | str:
    """An email of a thread in JSON: its number in the owner's log, `dad#3` in another's."""
    return key if isinstance(key, int) else f"{key[0]}#{key[1]}"


def records_answers(plan: Plan, entries: Sequence[Observation],
                    as_of: date) -> list[RecordsAnswer]:
    """Records requests logged as sent and not yet answered, oldest first.

    Only an `email-received` naming the request with `reply_to` answers it: whether the
    records came is for the parent to say, so a later email about something else does not.
    """
    answered = {e.reply_to for e in entries if e.kind == "email-received" and e.reply_to}
    found = []
    for sent in entries:
        answer_due = records_due_date(sent)
        if answer_due is None or sent.n in answered:
            continue
        member = plan.staff_named(sent.who)
        found.append(RecordsAnswer(
            n=sent.n, who=member.id if member else (sent.who or ""),
            name=member.name if member else (sent.who or "the school"), sent=sent.date,
            due=answer_due, overdue_days=(as_of - answer_due).days))
    return found


def records_due_date(entry: Observation) -> date | None:
    """The due date a logged records request states on its note's first line, else None."""
    if entry.kind != "email-sent" or not (entry.note or "").startswith(RECORDS_REQUEST_NOTE):
        return None
    first = (entry.note or "").splitlines()[0].removeprefix(RECORDS_REQUEST_NOTE)
    try:
        return date.fromisoformat(first.strip()[:10])
    except ValueError:
        return None


def records_upcoming(records: Sequence[RecordsAnswer], as_of: date,
                     within_days: int) -> list[PlanDate]:
    """Each unanswered request's due date as a date coming up, while within `within_days`."""
    last = as_of + timedelta(days=within_days)
    return [PlanDate(r.due, f"records answer due from {r.name} (request #{r.n})",
                     f"records-answer-{r.n}") for r in records if as_of <= r.due <= last]


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
