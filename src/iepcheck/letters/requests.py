"""The letters that ask the school for something (docs/letters.md): a meeting about the
items not delivered, the records of the services, and make-up (compensatory) services.

Pure: the plan, the log's entries and the request in; a `Letter` out.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from iepcheck.dates import long
from iepcheck.due.contacts import first_name
from iepcheck.due.replies import RECORDS_REQUEST_NOTE
from iepcheck.errors import UserError
from iepcheck.language.messages import _
from iepcheck.letters.compose import (
    LetterKind,
    Section,
    addressee,
    compose,
    copy_case_manager,
    in_english,
    kind_meeting,
    kind_name,
    period_words,
    recipient,
    team_meeting,
)
from iepcheck.letters.facts import (
    OWED_WORDS,
    cite,
    failure,
    item_entries,
    minutes_words,
    one_line,
    terms_in_brackets,
)
from iepcheck.vocabulary import Finding, Status, kind_word

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from iepcheck.evidence.goals import GoalProgress
    from iepcheck.evidence.report import ReportItem
    from iepcheck.evidence.tally import Period
    from iepcheck.letters.compose import Letter, Request
    from iepcheck.plan.model import Item, Plan, Service
    from iepcheck.record.entries import Observation


#: The federal limit for answering a records request, in calendar days (34 CFR 300.613(a));
#: a plan may set a state's shorter limit with `[plan] records_days`.
RECORDS_DAYS = 45


def meeting_request(plan: Plan, entries: list[Observation], request: Request,
                    receipt: str | None) -> Letter:
    """Ask for a meeting about every item not ok, or short of minutes, with the dates seen."""
    from iepcheck.evidence.report import build_report

    period = request.period
    report = build_report(plan, entries, period)
    by_item = item_entries(plan, entries, period)
    concerns = [i for i in report.items if _concern(i)
                and (not request.items or i.item.id in request.items)]
    goals = [] if request.items else goals_behind(plan, entries, period)
    if not concerns and not goals:
        raise UserError(_("every item is ok, no service is short of minutes and no goal is "
                          "behind from {period}; there is nothing to raise at a meeting")
                        .format(period=period_words(period)))
    member = addressee(plan, request.staff)
    kind = plan.plan.kind
    child = first_name(plan)
    intro = _("I am writing to ask for {meeting} to discuss how {child}'s {kind} (in effect "
              "from {start} to {end}) is being carried out. My records from {period} show the "
              "concerns below. Each gives the dates I recorded and the number of the entry in "
              "my log (#N).").format(
        meeting=team_meeting(kind), child=child, kind=kind_name(kind),
        start=long(plan.plan.start), end=long(plan.plan.end), period=period_words(period))
    ask = _("At the meeting I would like us to agree how each of these will be provided from "
            "now on, and how any missed services will be made up. Could you suggest two or "
            "three dates and times in the next two weeks? Before the meeting, I would be "
            "grateful for copies of the service logs and progress data for the services "
            "listed. Thank you for your help.")
    facts = tuple(concern_fact(plan, i, by_item.get(i.item.id, []), period) for i in concerns)
    facts += tuple(goal_fact(g, period) for g in goals)
    subject = _meeting_subject(plan)
    return compose(plan, LetterKind.meeting_request, (recipient(member),),
                 copy_case_manager(plan, member), subject,
                 [Section(paragraphs=(intro,), facts=facts, numbered=True),
                  Section(paragraphs=(ask,))], receipt,
                 items=tuple(i.item.id for i in concerns),
                 record_note=f"Meeting request: {in_english(lambda: _meeting_subject(plan))}")


def _meeting_subject(plan: Plan) -> str:
    return _("Request for {meeting}: {student}").format(meeting=kind_meeting(plan.plan.kind),
                                                         student=plan.student.name)


def goals_behind(plan: Plan, entries: list[Observation], period: Period) -> list[GoalProgress]:
    """The goals whose latest measurement up to the period's end is `behind` (docs/goals.md):
    the same verdict `report` and `due` give."""
    from iepcheck.evidence.goals import Verdict, assess_goals

    return [g for g in assess_goals(plan, entries, period.until) if g.verdict is Verdict.behind]


def goal_fact(progress: GoalProgress, period: Period) -> str:
    """'Annual goal “Reads …” (reading-fluency): behind: …; measured 66 wcpm on 13 Nov 2026
    (#3, progress-report), …': the line it is judged against, and every measurement."""
    from iepcheck.record.authors import reference
    from iepcheck.record.drafts import number_text

    goal = progress.goal
    unit = goal.measure
    shown = [m for m in progress.measurements if m.date >= period.since] or (
        list(progress.measurements[-1:]))
    measured = "; ".join(
        _("{value} {unit} on {day} ({entry}, {kind})").format(
            value=number_text(m.value), unit=unit, day=long(m.date),
            entry=reference(m.author, m.entry), kind=kind_word(m.kind)) for m in shown)
    latest = progress.latest
    assert latest is not None  # behind needs a measurement
    expected = number_text(progress.expected) if progress.expected is not None else "?"
    return _("Annual goal “{statement}” ({goal}): behind. The line from the baseline, "
             "{baseline} {unit} on {baseline_day}, to the target, {target} {unit} by "
             "{target_day}, expects {expected} {unit} on {day}; measured: {measured}.").format(
        statement=one_line(goal.statement), goal=goal.id,
        baseline=number_text(goal.baseline.value), unit=unit,
        baseline_day=long(goal.baseline.date), target=number_text(goal.target.value),
        target_day=long(progress.target_date), expected=expected, day=long(latest.date),
        measured=measured)


def _concern(item: ReportItem) -> bool:
    return item.status.is_gap or bool(item.minutes and item.minutes.owed > 0)


def concern_fact(plan: Plan, item: ReportItem, seen: list[Observation], period: Period) -> str:
    """'Occupational therapy: recorded as not provided on 13 Nov 2026 (#9, …); minutes …'."""
    name = item.item.name
    window = plan.window(item.item, period.since, period.until) or (period.since, period.until)
    failures = [e for e in seen if e.finding_for(item.item.id) in (
        Finding.not_implemented, Finding.partial)]
    parts: list[str] = []
    if item.status == Status.no_evidence:
        parts.append(_("I have no record that it was provided from {since} to {until}")
                     .format(since=long(window[0]), until=long(window[1])))
    elif item.status == Status.stale:
        last = last_support(seen, item.item.id)
        parts.append(_("last recorded as provided on {cited}; nothing recorded since")
                     .format(cited=cite(last) if last else _("no date")))
    if failures:
        parts.append("; ".join(failure(e, item.item.id) for e in failures))
    if item.minutes is not None and item.minutes.required:
        parts.append(minutes_words(item, window))
    if not parts:
        parts.append(_("status {status}").format(status=item.status))
    return f"{name}: {'; '.join(parts)}."


def last_support(seen: list[Observation], item_id: str) -> Observation | None:
    supports = [e for e in seen if e.finding_for(item_id) in (Finding.implemented,
                                                                Finding.partial)]
    return max(supports, key=lambda e: (e.date, e.n)) if supports else None


def records_days(plan: Plan) -> int:
    return plan.plan.records_days or RECORDS_DAYS


def records_request(plan: Plan, entries: list[Observation], request: Request,
                    receipt: str | None) -> Letter:
    """Ask for service logs, attendance and progress data, and say when the answer is due."""
    period = request.period
    chosen = _services_named(plan, request, period, lambda s: s.is_timed)
    if not chosen:
        raise UserError(_("no service with minutes is in effect from {period}; name the items "
                          "whose records you want with --item").format(
                              period=period_words(period)))
    member = addressee(plan, request.staff)
    child = first_name(plan)
    days = records_days(plan)
    due = request.as_of + timedelta(days=days)
    kind = plan.plan.kind
    if kind == "IEP":
        right = _("As {child}'s parent I am asking to inspect and review {child}'s education "
                  "records, under the Individuals with Disabilities Education Act "
                  "(34 CFR 300.613).").format(child=child)
        limit = _("The regulation asks the school to comply without unnecessary delay, before "
                  "any meeting about the IEP or any hearing, and in no case more than 45 days "
                  "after the request")
    else:
        right = _("As {child}'s parent I am asking to inspect and review {child}'s education "
                  "records, under the Family Educational Rights and Privacy Act "
                  "(34 CFR 99.10) and the procedural safeguards of Section 504 "
                  "(34 CFR 104.36).").format(child=child)
        limit = _("The regulation asks the school to comply within a reasonable time, and in "
                  "no case more than 45 days after the request")
    if days != RECORDS_DAYS:
        limit = _("{limit}; the limit that applies here is {days} calendar days").format(
            limit=limit, days=days)
    facts = [_("{item}{terms}: the service logs or session notes showing each date, the "
               "minutes provided and by whom, each session missed and why, and the progress "
               "data collected").format(item=item.name, terms=terms_in_brackets(item))
             for item in chosen]
    facts.append(_("{child}'s attendance record for the same period.").format(child=child))
    ask = _("{limit}. I would be grateful to receive them by {due} ({days} calendar days from "
            "{day}), or before any meeting about {child}'s {kind} if one is held earlier. If "
            "copies are not possible, please tell me when I can inspect them at school. Thank "
            "you.").format(limit=limit, due=long(due), days=days, day=long(request.as_of),
                           child=child, kind=kind_name(kind))
    subject = _records_subject(plan, period)
    return compose(plan, LetterKind.records_request, (recipient(member),),
                 copy_case_manager(plan, member), subject,
                 [Section(paragraphs=(right, _("Please send me copies of the following "
                                               "records from {period}:").format(
                                                   period=period_words(period))),
                          facts=tuple(facts)),
                  Section(paragraphs=(ask,))], receipt,
                 items=tuple(i.id for i in chosen), answer_due=due,
                 record_note=(f"{RECORDS_REQUEST_NOTE}{due.isoformat()}\n"
                              f"{in_english(lambda: _records_subject(plan, period))}"))


def _records_subject(plan: Plan, period: Period) -> str:
    return _("Records request: {student}, {period}").format(student=plan.student.name,
                                                           period=period_words(period))


def _services_named(plan: Plan, request: Request, period: Period,
                    default: Callable[[Service], bool]) -> list[Item]:
    """The items named with --item, else the services `default` picks that are in effect."""
    if request.items:
        return [i for i in plan.items if i.id in request.items]
    return [s for s in plan.services if plan.window(s, period.since, period.until) and default(s)]


def _compensatory_ask(chosen: list[ReportItem]) -> str:
    """The ask, with the minutes owed; consult minutes (time with the staff, not the child)
    are named as a total of their own, never added to the child's (docs/minutes.md)."""
    from iepcheck.evidence.report import is_consult

    direct = sum(i.minutes.owed for i in chosen if i.minutes and not is_consult(i))
    consult = sum(i.minutes.owed for i in chosen if i.minutes and is_consult(i))
    if not any(is_consult(i) for i in chosen):
        return _("I am asking for compensatory services: a written plan, within two weeks, "
                 "saying when and by whom the {owed} minutes owed will be made up, and how the "
                 "services will be delivered in full from now on.").format(owed=direct)
    return _("I am asking for compensatory services: a written plan, within two weeks, saying "
             "when and by whom the {direct} minutes of services owed, and apart from them the "
             "{consult} consult minutes owed, will be made up, and how the services will be "
             "delivered in full from now on.").format(direct=direct, consult=consult)


def make_up_request(plan: Plan, entries: list[Observation], request: Request,
                    receipt: str | None) -> Letter:
    """Per service: minutes required, delivered, missed (dated) and owed; ask for a plan."""
    from iepcheck.evidence.report import build_report

    period = request.period
    report = build_report(plan, entries, period)
    by_item = item_entries(plan, entries, period)
    chosen = [i for i in report.items if i.minutes is not None and (
        i.item.id in request.items if request.items else i.minutes.owed > 0)]
    chosen.sort(key=lambda i: [s.id for s in plan.services].index(i.item.id))
    if not chosen:
        raise UserError(_("no service minutes are owed from {period}; nothing to make up (name "
                          "a service with --item to write about it anyway)").format(
                              period=period_words(period)))
    member = addressee(plan, request.staff)
    child = first_name(plan)
    intro = _("My records do not show {child} receiving all of the service minutes that "
              "{child}'s {kind} requires from {period}. For each service below I give the "
              "minutes required, the minutes recorded as delivered and as missed (with the "
              "dates and each entry's reference in the record, #N), and the minutes not shown "
              "as delivered.").format(child=child, kind=kind_name(plan.plan.kind, first=True),
                                      period=period_words(period))
    sections = [Section(paragraphs=(intro,))]
    for item in chosen:
        sections.append(Section(heading=f"{item.item.name}{terms_in_brackets(item.item)}",
                                facts=service_facts(plan, item, by_item[item.item.id], period)))
    absences = absent_days(entries, period)
    closing = [_compensatory_ask(chosen), _(OWED_WORDS)]
    if absences:
        closing.insert(1, _("Days {child} was absent are not counted as owed: {days}.").format(
            child=child, days=", ".join(cite(e) for e in absences)))
    sections.append(Section(paragraphs=tuple(closing)))
    subject = _make_up_subject(plan)
    return compose(plan, LetterKind.make_up_request, (recipient(member),),
                 copy_case_manager(plan, member), subject, sections, receipt,
                 items=tuple(i.item.id for i in chosen),
                 record_note=("Make-up services request: "
                              f"{in_english(lambda: _make_up_subject(plan))}"))


def _make_up_subject(plan: Plan) -> str:
    return _("Make-up (compensatory) services: {student}").format(student=plan.student.name)


def service_facts(plan: Plan, item: ReportItem, seen: list[Observation],
                  period: Period) -> tuple[str, ...]:
    m = item.minutes
    assert m is not None
    window = plan.window(item.item, period.since, period.until) or (period.since, period.until)
    item_id = item.item.id
    delivered = [e for e in seen if e.finding_for(item_id) in (Finding.implemented,
                                                                  Finding.partial)]
    missed = [e for e in seen if e.finding_for(item_id) == Finding.not_implemented]
    facts = [_("Required from {since} to {until}: {minutes} minutes.").format(
        since=long(window[0]), until=long(window[1]), minutes=m.required)]
    facts.append(_("Recorded as delivered: {minutes} minutes ({cited}).").format(
        minutes=m.delivered, cited="; ".join(_minutes_cite(e) for e in delivered))
        if delivered else _("Recorded as delivered: {minutes} minutes.").format(
            minutes=m.delivered))
    facts.append(_("Recorded as missed: {minutes} minutes ({cited}).").format(
        minutes=m.missed, cited="; ".join(cite(e, detail=True) for e in missed))
        if missed else _("Recorded as missed: {minutes} minutes.").format(minutes=m.missed))
    if m.unaccounted:
        facts.append(_("Not accounted for either way: {minutes} minutes.").format(
            minutes=m.unaccounted))
    facts.append(_("Owed (required − delivered): {minutes} minutes.").format(minutes=m.owed))
    return tuple(facts)


def _minutes_cite(entry: Observation) -> str:
    minutes = (_("{minutes} min").format(minutes=entry.minutes) if entry.minutes is not None
               else _("minutes not recorded"))
    day = long(entry.date)
    if entry.covers_from and entry.covers_from != entry.date:
        day = _("{since} to {until}").format(since=long(entry.covers_from), until=day)
    return f"{day} ({entry.reference}): {minutes}"


def absent_days(entries: Sequence[Observation], period: Period) -> list[Observation]:
    from iepcheck.record.entries import live_entries

    return sorted((e for e in live_entries(list(entries)) if e.kind == "absence"
                   and period.since <= e.date <= period.until), key=lambda e: (e.date, e.n))
