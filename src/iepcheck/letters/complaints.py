"""The letters for when asking has not worked (docs/letters.md): an escalation of unanswered
emails to the case manager and the principal, and the statement of facts of a state
complaint, for the parent to review and file.

Pure: the plan, the log's entries and the request in; a `Letter` out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.dates import long
from iepcheck.due.contacts import case_manager, escalation, first_name, lower_first
from iepcheck.errors import UserError
from iepcheck.letters.compose import (
    COMPLAINT_NOTICE,
    Letter,
    LetterKind,
    Section,
    article,
    compose,
    joined,
    period_words,
    recipient,
    signature,
)
from iepcheck.letters.facts import (
    OWED_WORDS,
    cite,
    failure,
    item_entries,
    minutes_words,
    one_line,
    quoted,
    service_terms,
)
from iepcheck.record.authors import key_reference, reference
from iepcheck.vocabulary import Finding, Status

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from iepcheck.due.replies import UnansweredEmail
    from iepcheck.evidence.report import ReportItem
    from iepcheck.evidence.tally import Period
    from iepcheck.letters.compose import Request
    from iepcheck.plan.model import Item, Plan, Staff
    from iepcheck.record.entries import Observation


def principals(plan: Plan) -> list[Staff]:
    """Staff whose role says principal (an assistant principal too)."""
    return [s for s in plan.staff if "principal" in (s.role or "").casefold()]


def escalation_letter(plan: Plan, entries: list[Observation], request: Request,
                      receipt: str | None) -> Letter:
    """Unanswered emails to one staff member, to the case manager and the principal; with
    no staff member named, one letter covering everyone on the staff with an overdue
    thread (docs/letters.md)."""
    from iepcheck.due.reminders import due

    overdue = due(plan, entries, request.as_of).unanswered
    member = request.staff
    if member is None:
        silent = [m for m in dict.fromkeys(plan.staff_member(u.who) for u in overdue) if m]
        if not silent:
            raise UserError(f"no email to anyone on the staff is past the plan's reply_within "
                            f"({plan.plan.reply_within} days) without a reply as of "
                            f"{request.as_of}; nothing to escalate")
    else:
        silent = [member]
    ids = {m.id for m in silent}
    waiting = [u for u in overdue if u.who in ids]
    if not waiting:
        assert member is not None
        raise UserError(f"no email to {member.id} is past the plan's reply_within "
                        f"({plan.plan.reply_within} days) without a reply as of "
                        f"{request.as_of}; nothing to escalate")
    to = [s for m in silent for s in _escalate_to(plan, m, silent)]
    to = list(dict.fromkeys(to))
    facts, items = _waiting_facts(plan, entries, waiting, request.as_of, several=len(silent) > 1)
    child = first_name(plan)
    names = joined([m.name for m in silent])
    intro = (f"I have written to {names} about {child}'s "
             f"{plan.plan.kind} and have had no reply to the emails below (dates and each "
             f"entry's reference in the record, #N). I have copied "
             f"{'them' if len(silent) > 1 else names}.")
    ask = ("Could you help me get an answer? I would be grateful to hear, within a few school "
           "days, who will reply to each question and when. Thank you.")
    subject = f"No reply to my emails about {child}'s {plan.plan.kind}: {plan.student.name}"
    return compose(plan, LetterKind.escalation, tuple(recipient(s) for s in to),
                 tuple(recipient(m) for m in silent), subject,
                 [Section(paragraphs=(intro,), facts=tuple(facts)), Section(paragraphs=(ask,))],
                 receipt, items=items,
                 record_note=(f"Escalation of "
                              f"{', '.join(reference(u.author, u.n) for u in waiting)}: "
                              f"{subject}"),
                 reply_to=_own_last(waiting[0].thread or (waiting[0].n,)) if len(waiting) == 1
                 else None)


def _waiting_facts(plan: Plan, entries: list[Observation], waiting: Sequence[UnansweredEmail],
                   as_of: date, *, several: bool) -> tuple[list[str], tuple[str, ...]]:
    """One fact per unanswered thread (its first email, what about, the follow-ups, days
    overdue), naming whom it was to when the letter covers several people; and the items."""
    from iepcheck.record.entries import entry_key

    by_key = {e.key: e for e in entries}
    facts = []
    items: list[str] = []
    for u in waiting:
        sent = by_key[entry_key(u.author, u.n)]
        items += sent.items
        to = f" to {u.name}" if several else ""
        about = f", about {joined([_item_name(plan, i) for i in sent.items])}" if (
            sent.items) else ""
        quote = quoted(sent.note)
        later = [by_key[k] for k in u.thread[1:] if k in by_key]
        follow = ("; followed up on " + ", ".join(cite(e) for e in later)) if later else ""
        facts.append(f"{long(u.date)} ({reference(u.author, u.n)}){to}{about}"
                     f"{f': {quote}' if quote else ''}{follow}. "
                     f"No reply is recorded; {u.overdue_days} day"
                     f"{'' if u.overdue_days == 1 else 's'} overdue as of {long(as_of)}.")
    return facts, tuple(dict.fromkeys(items))


def _own_last(thread: tuple[int | tuple[str, int], ...]) -> int | None:
    """The thread's last email, when it is in the writer's own log (a reply to another
    author's entry is left to `log --reply-to AUTHOR#N`)."""
    last = thread[-1]
    return last if isinstance(last, int) else None


def _escalate_to(plan: Plan, member: Staff, silent: Sequence[Staff] = ()) -> list[Staff]:
    """The case manager (whoever `escalate_to` marks, else a coordinator, when the silence
    is the case manager's) and every principal, never a person escalated about."""
    to = _above(plan, member)
    kept = [s for s in to if s not in silent]
    if to and not kept:
        raise UserError(f"nobody to escalate to: everyone above {member.id} in [[staff]] is "
                        "among those who have not answered; name one with "
                        "'iepcheck letter escalation STAFF'")
    return kept


def _above(plan: Plan, member: Staff) -> list[Staff]:
    to: list[Staff] = []
    manager = case_manager(plan)
    if manager is not None and manager.id != member.id:
        to.append(manager)
    else:
        other = escalation(plan, member.id)
        if other is not None:
            to.extend(s for s in plan.staff if s.id == other)
    to.extend(s for s in principals(plan) if s.id != member.id and s not in to)
    if not to:
        raise UserError(f"nobody to escalate to: {member.id} is the case manager and the plan "
                        "lists no principal; add one to [[staff]] with role = \"Principal\"")
    return to


def _item_name(plan: Plan, item_id: str) -> str:
    item = plan.item(item_id)
    return lower_first(item.name) if item else item_id


def complaint_facts(plan: Plan, entries: list[Observation], request: Request,
                    receipt: str | None) -> Letter:
    """The facts of a state complaint within its one-year window, for the parent to review."""
    from iepcheck.evidence.report import build_report
    from iepcheck.evidence.tally import Period
    from iepcheck.evidence.timeline import complaint_windows

    state = complaint_windows(request.as_of)[0]
    since = max(request.period.since, state.start)
    if since > request.period.until:
        raise UserError(f"the period ends before {state.start}, the start of the state "
                        f"complaint window (one year before {request.as_of}); nothing in it "
                        "can be part of a state complaint")
    period = Period(since=since, until=request.period.until)
    report = build_report(plan, entries, period)
    by_item = item_entries(plan, entries, period)
    wanted = set(request.items)
    shown = [i for i in report.items if not wanted or i.item.id in wanted]
    child = plan.student.name
    school = f" at {plan.student.school}" if plan.student.school else ""
    terms = plan.plan
    sections = [
        Section(heading="Statement of facts", paragraphs=(
            (f"{child}{school} has {article(terms.kind)} {terms.kind} in effect from "
            f"{long(terms.start)} to {long(terms.end)}. These facts cover "
            f"{period_words(period)}, within the state complaint window (one year before "
            f"{long(request.as_of)}, 34 CFR 300.153(c); your state may differ). Each fact "
            f"gives its date and the number of the entry in my dated log (#N)."),)),
        Section(heading=f"1. What the {terms.kind} requires", facts=plan_terms(plan)),
        Section(heading="2. What was not provided, or has no record of being provided",
                facts=failures_facts(plan, shown, by_item, period)
                or ("No failure is recorded in this period.",)),
        *([Section(paragraphs=(OWED_WORDS,))] if any(
            i.minutes is not None and i.minutes.owed > 0 for i in shown) else []),
        Section(heading="3. What I asked and what the school answered",
                facts=correspondence(plan, entries, period, request.as_of)
                or ("No email, call or meeting is recorded in this period.",)),
    ]
    return Letter(
        kind=LetterKind.complaint_facts, to=(), cc=(),
        subject=f"State complaint, statement of facts (draft): {child}", greeting=None,
        sections=tuple(sections), closing=None,
        signature=f"Prepared by {signature(plan)}, {first_name(plan)}'s parent, on "
                  f"{long(request.as_of)}." if plan.parent and plan.parent.name else
                  f"Prepared by {first_name(plan)}'s parent on {long(request.as_of)}.",
        from_name=None, from_email=None, notice=COMPLAINT_NOTICE, receipt=receipt,
        items=tuple(i.item.id for i in shown), sendable=False,
    )


def plan_terms(plan: Plan) -> tuple[str, ...]:
    """Each service's minutes × times per period and each accommodation, as the plan says."""
    facts = []
    for service in plan.services:
        terms = f": {service_terms(service)}" if service.is_timed else ""
        where = f", {service.location}" if service.location else ""
        facts.append(f"{service.name} (service){terms}{where}{_dates(plan, service)}.")
    for accommodation in plan.accommodations:
        where = (f", in {joined(list(accommodation.applies_to))}"
                 if accommodation.applies_to else "")
        facts.append(f"{accommodation.name} (accommodation){where}"
                     f"{_dates(plan, accommodation)}.")
    return tuple(facts)


def _dates(plan: Plan, item: Item) -> str:
    if item.start and item.start > plan.plan.start:
        return f", from {long(item.start)}" + (f" to {long(item.end)}" if item.end else "")
    if item.end and item.end < plan.plan.end:
        return f", until {long(item.end)}"
    return ""


def failures_facts(plan: Plan, shown: Sequence[ReportItem],
                   by_item: dict[str, list[Observation]], period: Period) -> tuple[str, ...]:
    """Per item: entries saying it was not (fully) provided, minutes owed, or no record."""
    facts = []
    for item in shown:
        if item.status == Status.inactive:
            continue
        seen = by_item.get(item.item.id, [])
        window = plan.window(item.item, period.since, period.until) or (period.since,
                                                                       period.until)
        failures = [e for e in seen if e.finding_for(item.item.id) in (
            Finding.not_implemented, Finding.partial)]
        parts = [failure(e, item.item.id) for e in failures]
        if item.status == Status.no_evidence:
            parts.append(f"I have no record that it was provided from {long(window[0])} to "
                         f"{long(window[1])}")
        if item.minutes is not None and item.minutes.owed > 0:
            parts.append(minutes_words(item, window))
        if parts:
            facts.append(f"{item.item.name}: {'; '.join(parts)}.")
    return tuple(facts)


def correspondence(plan: Plan, entries: Sequence[Observation], period: Period,
                   as_of: date) -> tuple[str, ...]:
    """Emails sent and received (calls and meetings too), dated, with who and what."""
    from iepcheck.due.replies import unanswered
    from iepcheck.evidence.timeline import who_reads
    from iepcheck.record.entries import entry_key, live_entries

    live = sorted(live_entries(list(entries)), key=lambda e: (e.date, e.author, e.n))
    waiting = {entry_key(u.author, u.n): u for u in unanswered(plan, live, as_of)}
    verbs = {"email-sent": "I emailed", "email-received": "email from", "call": "call with",
             "meeting": "meeting with"}
    facts = []
    for entry in live:
        if entry.kind not in verbs or not period.since <= entry.date <= period.until:
            continue
        who = one_line(who_reads(entry.who, plan) or "") or "(not recorded)"
        answered = entry.replies_to
        reply = f", replying to {key_reference(answered)}" if answered is not None else ""
        quote = quoted(entry.note)
        text = f"{long(entry.date)} ({entry.reference}): {verbs[entry.kind]} {who}{reply}"
        text += f": {quote}" if quote else ""
        if entry.key in waiting:
            text += (f". No reply is recorded; {waiting[entry.key].overdue_days} days overdue as "
                     f"of {long(as_of)}")
        facts.append(text + ".")
    return tuple(facts)
