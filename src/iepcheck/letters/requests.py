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
    article,
    compose,
    copy_case_manager,
    period_words,
    recipient,
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
from iepcheck.vocabulary import Finding, Status

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
        raise UserError(f"every item is ok, no service is short of minutes and no goal is "
                        f"behind from {period_words(period)}; there is nothing to raise at a "
                        "meeting")
    member = addressee(plan, request.staff)
    kind = plan.plan.kind
    child = first_name(plan)
    intro = (f"I am writing to ask for {article(kind)} {kind} team meeting to discuss how "
             f"{child}'s {kind} (in effect from {long(plan.plan.start)} to "
             f"{long(plan.plan.end)}) is being carried out. My records from "
             f"{period_words(period)} show the concerns below. Each gives the dates I recorded "
             "and the number of the entry in my log (#N).")
    ask = ("At the meeting I would like us to agree how each of these will be provided from "
           "now on, and how any missed services will be made up. Could you suggest two or "
           "three dates and times in the next two weeks? Before the meeting, I would be "
           "grateful for copies of the service logs and progress data for the services "
           "listed. Thank you for your help.")
    facts = tuple(concern_fact(plan, i, by_item.get(i.item.id, []), period) for i in concerns)
    facts += tuple(goal_fact(g, period) for g in goals)
    subject = f"Request for {article(kind)} {kind} meeting: {plan.student.name}"
    return compose(plan, LetterKind.meeting_request, (recipient(member),),
                 copy_case_manager(plan, member), subject,
                 [Section(paragraphs=(intro,), facts=facts, numbered=True),
                  Section(paragraphs=(ask,))], receipt,
                 items=tuple(i.item.id for i in concerns),
                 record_note=f"Meeting request: {subject}")


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
        f"{number_text(m.value)} {unit} on {long(m.date)} ({reference(m.author, m.entry)}, "
        f"{m.kind})" for m in shown)
    latest = progress.latest
    assert latest is not None  # behind needs a measurement
    expected = number_text(progress.expected) if progress.expected is not None else "?"
    return (f"Annual goal “{one_line(goal.statement)}” ({goal.id}): behind. The line from the "
            f"baseline, {number_text(goal.baseline.value)} {unit} on "
            f"{long(goal.baseline.date)}, to the target, {number_text(goal.target.value)} "
            f"{unit} by {long(progress.target_date)}, expects {expected} {unit} on "
            f"{long(latest.date)}; measured: {measured}.")


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
        parts.append(f"I have no record that it was provided from {long(window[0])} to "
                     f"{long(window[1])}")
    elif item.status == Status.stale:
        last = last_support(seen, item.item.id)
        parts.append(f"last recorded as provided on {cite(last) if last else 'no date'}; "
                     "nothing recorded since")
    if failures:
        parts.append("; ".join(failure(e, item.item.id) for e in failures))
    if item.minutes is not None and item.minutes.required:
        parts.append(minutes_words(item, window))
    if not parts:
        parts.append(f"status {item.status}")
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
        raise UserError(f"no service with minutes is in effect from {period_words(period)}; "
                        "name the items whose records you want with --item")
    member = addressee(plan, request.staff)
    child = first_name(plan)
    days = records_days(plan)
    due = request.as_of + timedelta(days=days)
    kind = plan.plan.kind
    if kind == "IEP":
        right = (f"As {child}'s parent I am asking to inspect and review {child}'s education "
                 "records, under the Individuals with Disabilities Education Act "
                 "(34 CFR 300.613).")
        limit = ("The regulation asks the school to comply without unnecessary delay, before "
                 "any meeting about the IEP or any hearing, and in no case more than 45 days "
                 "after the request")
    else:
        right = (f"As {child}'s parent I am asking to inspect and review {child}'s education "
                 "records, under the Family Educational Rights and Privacy Act "
                 "(34 CFR 99.10) and the procedural safeguards of Section 504 "
                 "(34 CFR 104.36).")
        limit = ("The regulation asks the school to comply within a reasonable time, and in "
                 "no case more than 45 days after the request")
    state = (f"; the limit that applies here is {days} calendar days"
             if days != RECORDS_DAYS else "")
    facts = [f"{item.name}{terms_in_brackets(item)}: the service logs or session notes "
             "showing each date, the minutes provided and by whom, each session missed and "
             f"why, and the progress data collected" for item in chosen]
    facts.append(f"{child}'s attendance record for the same period.")
    ask = (f"{limit}{state}. I would be grateful to receive them by {long(due)} ({days} "
           f"calendar days from {long(request.as_of)}), or before any meeting about {child}'s "
           f"{kind} if one is held earlier. If copies are not possible, please tell me when I "
           f"can inspect them at school. Thank you.")
    subject = f"Records request: {plan.student.name}, {period_words(period)}"
    return compose(plan, LetterKind.records_request, (recipient(member),),
                 copy_case_manager(plan, member), subject,
                 [Section(paragraphs=(right, (f"Please send me copies of the following records "
                                      f"from {period_words(period)}:")),
                          facts=tuple(facts)),
                  Section(paragraphs=(ask,))], receipt,
                 items=tuple(i.id for i in chosen), answer_due=due,
                 record_note=f"{RECORDS_REQUEST_NOTE}{due.isoformat()}\n{subject}")


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
        return (f"I am asking for compensatory services: a written plan, within two weeks, "
                f"saying when and by whom the {direct} minutes owed will be made up, and how "
                f"the services will be delivered in full from now on.")
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
        raise UserError(f"no service minutes are owed from {period_words(period)}; nothing "
                        "to make up (name a service with --item to write about it anyway)")
    member = addressee(plan, request.staff)
    child = first_name(plan)
    intro = (f"My records do not show {child} receiving all of the service minutes that "
             f"{child}'s {plan.plan.kind} requires from {period_words(period)}. For each "
             "service below I give the minutes required, the minutes recorded as delivered "
             "and as missed (with the dates and each entry's reference in the record, #N), and the minutes "
             "not shown as delivered.")
    sections = [Section(paragraphs=(intro,))]
    for item in chosen:
        sections.append(Section(heading=f"{item.item.name}{terms_in_brackets(item.item)}",
                                facts=service_facts(plan, item, by_item[item.item.id], period)))
    absences = absent_days(entries, period)
    closing = [_compensatory_ask(chosen), OWED_WORDS]
    if absences:
        closing.insert(1, f"Days {child} was absent are not counted as owed: "
                          f"{', '.join(cite(e) for e in absences)}.")
    sections.append(Section(paragraphs=tuple(closing)))
    subject = f"Make-up (compensatory) services: {plan.student.name}"
    return compose(plan, LetterKind.make_up_request, (recipient(member),),
                 copy_case_manager(plan, member), subject, sections, receipt,
                 items=tuple(i.item.id for i in chosen),
                 record_note=f"Make-up services request: {subject}")


def service_facts(plan: Plan, item: ReportItem, seen: list[Observation],
                  period: Period) -> tuple[str, ...]:
    m = item.minutes
    assert m is not None
    window = plan.window(item.item, period.since, period.until) or (period.since, period.until)
    item_id = item.item.id
    delivered = [e for e in seen if e.finding_for(item_id) in (Finding.implemented,
                                                                  Finding.partial)]
    missed = [e for e in seen if e.finding_for(item_id) == Finding.not_implemented]
    facts = [f"Required from {long(window[0])} to {long(window[1])}: {m.required} minutes."]
    facts.append(f"Recorded as delivered: {m.delivered} minutes"
                 + (f" ({'; '.join(_minutes_cite(e) for e in delivered)})." if delivered
                    else "."))
    facts.append(f"Recorded as missed: {m.missed} minutes"
                 + (f" ({'; '.join(cite(e, detail=True) for e in missed)})." if missed
                    else "."))
    if m.unaccounted:
        facts.append(f"Not accounted for either way: {m.unaccounted} minutes.")
    facts.append(f"Owed (required − delivered): {m.owed} minutes.")
    return tuple(facts)


def _minutes_cite(entry: Observation) -> str:
    minutes = f"{entry.minutes} min" if entry.minutes is not None else "minutes not recorded"
    span = (f"{long(entry.covers_from)} to " if entry.covers_from and
            entry.covers_from != entry.date else "")
    return f"{span}{long(entry.date)} ({entry.reference}): {minutes}"


def absent_days(entries: Sequence[Observation], period: Period) -> list[Observation]:
    from iepcheck.record.entries import live_entries

    return sorted((e for e in live_entries(list(entries)) if e.kind == "absence"
                   and period.since <= e.date <= period.until), key=lambda e: (e.date, e.n))
