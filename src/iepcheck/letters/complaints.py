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
from iepcheck.language.messages import N_, _, n_
from iepcheck.letters.compose import (
    COMPLAINT_NOTICE,
    Letter,
    LetterKind,
    Section,
    a_plan,
    compose,
    in_english,
    joined,
    kind_name,
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
            raise UserError(_("no email to anyone on the staff is past the plan's "
                              "reply_within ({days} days) without a reply as of {day}; nothing "
                              "to escalate").format(days=plan.plan.reply_within,
                                                    day=request.as_of))
    else:
        silent = [member]
    ids = {m.id for m in silent}
    waiting = [u for u in overdue if u.who in ids]
    if not waiting:
        assert member is not None
        raise UserError(_("no email to {staff} is past the plan's reply_within ({days} days) "
                          "without a reply as of {day}; nothing to escalate").format(
                              staff=member.id, days=plan.plan.reply_within, day=request.as_of))
    to = [s for m in silent for s in _escalate_to(plan, m, silent)]
    to = list(dict.fromkeys(to))
    facts, items = _waiting_facts(plan, entries, waiting, request.as_of, several=len(silent) > 1)
    child = first_name(plan)
    names = joined([m.name for m in silent])
    kind = kind_name(plan.plan.kind)
    intro = (_("I have written to {names} about {child}'s {kind} and have had no reply to the "
               "emails below (dates and each entry's reference in the record, #N). I have "
               "copied them.") if len(silent) > 1 else
             _("I have written to {names} about {child}'s {kind} and have had no reply to the "
               "emails below (dates and each entry's reference in the record, #N). I have "
               "copied {names}.")).format(names=names, child=child, kind=kind)
    ask = _("Could you help me get an answer? I would be grateful to hear, within a few school "
            "days, who will reply to each question and when. Thank you.")
    subject = _escalation_subject(plan)
    return compose(plan, LetterKind.escalation, tuple(recipient(s) for s in to),
                 tuple(recipient(m) for m in silent), subject,
                 [Section(paragraphs=(intro,), facts=tuple(facts)), Section(paragraphs=(ask,))],
                 receipt, items=items,
                 record_note=(f"Escalation of "
                              f"{', '.join(reference(u.author, u.n) for u in waiting)}: "
                              f"{in_english(lambda: _escalation_subject(plan))}"),
                 reply_to=_own_last(waiting[0].thread or (waiting[0].n,)) if len(waiting) == 1
                 else None)


def _escalation_subject(plan: Plan) -> str:
    return _("No reply to my emails about {child}'s {kind}: {student}").format(
        child=first_name(plan), kind=kind_name(plan.plan.kind), student=plan.student.name)


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
        text = f"{long(u.date)} ({reference(u.author, u.n)})"
        if several:
            text = _("{cited} to {name}").format(cited=text, name=u.name)
        if sent.items:
            text = _("{cited}, about {items}").format(
                cited=text, items=joined([_item_name(plan, i) for i in sent.items]))
        quote = quoted(sent.note)
        text += f": {quote}" if quote else ""
        later = [by_key[k] for k in u.thread[1:] if k in by_key]
        if later:
            text = _("{cited}; followed up on {days}").format(
                cited=text, days=", ".join(cite(e) for e in later))
        facts.append(n_("{cited}. No reply is recorded; {count} day overdue as of {day}.",
                        "{cited}. No reply is recorded; {count} days overdue as of {day}.",
                        u.overdue_days).format(cited=text, count=u.overdue_days,
                                               day=long(as_of)))
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
        raise UserError(_("nobody to escalate to: everyone above {staff} in [[staff]] is "
                          "among those who have not answered; name one with "
                          "'iepcheck letter escalation STAFF'").format(staff=member.id))
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
        raise UserError(_("nobody to escalate to: {staff} is the case manager and the plan "
                          "lists no principal; add one to [[staff]] with role = \"Principal\"")
                        .format(staff=member.id))
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
        raise UserError(_("the period ends before {start}, the start of the state complaint "
                          "window (one year before {day}); nothing in it can be part of a "
                          "state complaint").format(start=state.start, day=request.as_of))
    period = Period(since=since, until=request.period.until)
    report = build_report(plan, entries, period)
    by_item = item_entries(plan, entries, period)
    wanted = set(request.items)
    shown = [i for i in report.items if not wanted or i.item.id in wanted]
    child = plan.student.name
    if plan.student.school:
        child = _("{child} at {school}").format(child=child, school=plan.student.school)
    terms = plan.plan
    sections = [
        Section(heading=_("Statement of facts"), paragraphs=(
            _("{child} has {plan} in effect from {start} to {end}. These facts cover {period}, "
              "within the state complaint window (one year before {day}, 34 CFR 300.153(c); "
              "your state may differ). Each fact gives its date and the number of the entry in "
              "my dated log (#N).").format(
                child=child, plan=a_plan(terms.kind, first=True), start=long(terms.start),
                end=long(terms.end), period=period_words(period), day=long(request.as_of)),)),
        Section(heading=_("1. What the {kind} requires").format(kind=kind_name(terms.kind)),
                facts=plan_terms(plan)),
        Section(heading=_("2. What was not provided, or has no record of being provided"),
                facts=failures_facts(plan, shown, by_item, period)
                or (_("No failure is recorded in this period."),)),
        *([Section(paragraphs=(_(OWED_WORDS),))] if any(
            i.minutes is not None and i.minutes.owed > 0 for i in shown) else []),
        Section(heading=_("3. What I asked and what the school answered"),
                facts=correspondence(plan, entries, period, request.as_of)
                or (_("No email, call or meeting is recorded in this period."),)),
    ]
    return Letter(
        kind=LetterKind.complaint_facts, to=(), cc=(),
        subject=_("State complaint, statement of facts (draft): {student}").format(
            student=plan.student.name), greeting=None,
        sections=tuple(sections), closing=None,
        signature=_("Prepared by {parent}, {child}'s parent, on {day}.").format(
            parent=signature(plan), child=first_name(plan), day=long(request.as_of))
        if plan.parent and plan.parent.name else
        _("Prepared by {child}'s parent on {day}.").format(child=first_name(plan),
                                                            day=long(request.as_of)),
        from_name=None, from_email=None, notice=_(COMPLAINT_NOTICE), receipt=receipt,
        items=tuple(i.item.id for i in shown), sendable=False,
    )


def plan_terms(plan: Plan) -> tuple[str, ...]:
    """Each service's minutes × times per period and each accommodation, as the plan says."""
    facts = []
    for service in plan.services:
        terms = f": {service_terms(service)}" if service.is_timed else ""
        where = f", {service.location}" if service.location else ""
        facts.append(_("{name} (service){terms}{where}{dates}.").format(
            name=service.name, terms=terms, where=where, dates=_dates(plan, service)))
    for accommodation in plan.accommodations:
        where = (_(", in {where}").format(where=joined(list(accommodation.applies_to)))
                 if accommodation.applies_to else "")
        facts.append(_("{name} (accommodation){where}{dates}.").format(
            name=accommodation.name, where=where, dates=_dates(plan, accommodation)))
    return tuple(facts)


def _dates(plan: Plan, item: Item) -> str:
    if item.start and item.start > plan.plan.start:
        if item.end:
            return _(", from {since} to {until}").format(since=long(item.start),
                                                        until=long(item.end))
        return _(", from {since}").format(since=long(item.start))
    if item.end and item.end < plan.plan.end:
        return _(", until {day}").format(day=long(item.end))
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
            parts.append(_("I have no record that it was provided from {since} to {until}")
                         .format(since=long(window[0]), until=long(window[1])))
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
    verbs = {"email-sent": N_("I emailed"), "email-received": N_("email from"),
             "call": N_("call with"), "meeting": N_("meeting with")}
    facts = []
    for entry in live:
        if entry.kind not in verbs or not period.since <= entry.date <= period.until:
            continue
        who = one_line(who_reads(entry.who, plan) or "") or _("(not recorded)")
        answered = entry.replies_to
        text = f"{long(entry.date)} ({entry.reference}): {_(verbs[entry.kind])} {who}"
        if answered is not None:
            text = _("{cited}, replying to {entry}").format(cited=text,
                                                           entry=key_reference(answered))
        quote = quoted(entry.note)
        text += f": {quote}" if quote else ""
        if entry.key in waiting:
            text = _("{cited}. No reply is recorded; {count} days overdue as of {day}").format(
                cited=text, count=waiting[entry.key].overdue_days, day=long(as_of))
        facts.append(text + ".")
    return tuple(facts)
