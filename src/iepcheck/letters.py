"""The letters a parent sends, drafted from the log and the plan (docs/letters.md).

Pure: the plan, the log's entries, the day and the period in; a `Letter` value out. No clock,
no files, no printing. Renderers (`render/letter.py`, `render/eml.py`) turn a letter into
plain text, Markdown, HTML or an unsent `.eml` draft.

Every fact a letter states comes from the log or the plan and carries its date and its entry
number (#N), so the school, or a hearing officer, can check it against the sealed record; the
letter ends with the log's seal receipt. Figures are the report's (`report.build_report`),
and the words never say more than the record shows: "I have no record that it was provided",
never "it was not provided", unless an entry says so.

Kinds:
- `meeting-request`: an IEP/504 meeting about implementation, listing every item that is not
  ok (or is short of minutes), with the dates seen;
- `records-request`: service logs, attendance and progress data, citing the right to inspect
  records and the date the answer is due (`answer_due`);
- `make-up-request`: compensatory services, per service: required, delivered, missed, owed;
- `escalation`: unanswered emails to one staff member, to the case manager (and principal);
- `complaint-facts`: the facts section of a state complaint, for the parent to review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from iepcheck.dates import long
from iepcheck.errors import UserError
from iepcheck.reminders import (
    RECORDS_REQUEST_NOTE,
    case_manager,
    escalation,
    first_name,
    lower_first,
)
from iepcheck.vocabulary import Finding, Status

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from iepcheck.evidence import Period
    from iepcheck.observations import Observation
    from iepcheck.plan import Item, Plan, Service, Staff
    from iepcheck.report import ReportItem


class LetterKind(StrEnum):
    meeting_request = "meeting-request"
    records_request = "records-request"
    make_up_request = "make-up-request"
    escalation = "escalation"
    complaint_facts = "complaint-facts"


#: The federal limit for answering a records request, in calendar days (34 CFR 300.613(a));
#: a plan may set a state's shorter limit with `[plan] records_days`.
RECORDS_DAYS = 45
#: A quoted note is cut here: a letter cites the record, it does not reproduce it.
QUOTE_LIMIT = 160
NOTICE = ("[Draft from iepcheck: check every date and entry number (#N) against your log "
          "before sending, and edit freely. This is not legal advice.]")
COMPLAINT_NOTICE = ("[Draft from iepcheck for you to review: iepcheck files nothing. Check "
                    "every fact against your log and your state's complaint form and rules. "
                    "This is not legal advice.]")
OWED_WORDS = ("Owed minutes are a minute-for-minute starting figure, not the measure a hearing "
              "officer must use.")
REASON_WORDS = {"provider-absent": "provider absent", "cancelled": "cancelled",
                "student-refused": "student refused", "other": "other reason"}
FINDING_WORDS = {Finding.implemented: "provided", Finding.partial: "provided only in part",
                 Finding.not_implemented: "not provided", Finding.unclear: "unclear"}


@dataclass(frozen=True)
class Recipient:
    staff_id: str
    name: str
    email: str | None
    role: str | None = None


@dataclass(frozen=True)
class Section:
    """A heading (or none), paragraphs, then a list of facts (numbered or bulleted)."""

    heading: str | None = None
    paragraphs: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    numbered: bool = False


@dataclass(frozen=True)
class Letter:
    kind: LetterKind
    to: tuple[Recipient, ...]
    cc: tuple[Recipient, ...]
    subject: str
    greeting: str | None
    sections: tuple[Section, ...]
    closing: str | None
    signature: str
    from_name: str | None
    from_email: str | None
    notice: str
    receipt: str | None  # the log's seal receipt line; None for an empty log
    items: tuple[str, ...] = ()  # the items it is about, for the entry --record writes
    answer_due: date | None = None  # records-request: the date the answer is due
    record_note: str = ""  # the note of the email-sent entry --record writes
    reply_to: int | None = None  # escalation: the last email of the one thread it follows up
    sendable: bool = True  # complaint-facts is never sent by the tool

    @property
    def body(self) -> str:
        """The letter as plain text, from the greeting to the seal receipt."""
        return letter_text(self)


def letter_text(letter: Letter) -> str:
    lines: list[str] = []
    if letter.greeting:
        lines += [letter.greeting, ""]
    for section in letter.sections:
        if section.heading:
            lines += [section.heading, ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
        if section.facts:
            lines += [f"{mark}{fact}" for mark, fact in zip(marks(section), section.facts,
                                                               strict=True)]
            lines.append("")
    if letter.closing:
        lines.append(letter.closing)
    lines += [letter.signature, "", letter.notice]
    if letter.receipt:
        lines.append(letter.receipt)
    return "\n".join(lines) + "\n"


def marks(section: Section) -> list[str]:
    """'1. ', '2. ' for a numbered list, '- ' for each fact otherwise."""
    if section.numbered:
        return [f"{n}. " for n in range(1, len(section.facts) + 1)]
    return ["- "] * len(section.facts)


# --- building ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """What the command asked for: the day, the period, the staff member and items named."""

    kind: LetterKind
    as_of: date
    period: Period
    staff: Staff | None = None
    items: tuple[str, ...] = ()


def build_letter(plan: Plan, entries: Sequence[Observation], request: Request) -> Letter:
    """The letter of `request.kind`; entries dated after `as_of` are not yet known."""
    known = [e for e in entries if e.date <= request.as_of]
    builder = {
        LetterKind.meeting_request: meeting_request,
        LetterKind.records_request: records_request,
        LetterKind.make_up_request: make_up_request,
        LetterKind.escalation: escalation_letter,
        LetterKind.complaint_facts: complaint_facts,
    }[request.kind]
    return builder(plan, known, request, receipt_of(entries))


def receipt_of(entries: Sequence[Observation]) -> str | None:
    """The seal receipt of the log's last entry (the log as it stands, whatever --as-of)."""
    from iepcheck.seal import receipt_line

    if not entries or not entries[-1].hash:
        return None
    return receipt_line(entries[-1].n, entries[-1].hash)


def addressee(plan: Plan, staff: Staff | None) -> Staff:
    """The staff member named, else the case manager; refused when the plan has neither."""
    member = staff or case_manager(plan)
    if member is None:
        raise UserError("the plan marks no case manager (case_manager = true on one [[staff]]); "
                        "name the staff member to write to: iepcheck letter KIND STAFF")
    return member


def recipient(member: Staff) -> Recipient:
    return Recipient(member.id, member.name, member.email or None, member.role)


def _copy_case_manager(plan: Plan, member: Staff) -> tuple[Recipient, ...]:
    """Letters to someone else copy the case manager, who coordinates the plan."""
    manager = case_manager(plan)
    return (recipient(manager),) if manager and manager.id != member.id else ()


def signature(plan: Plan) -> str:
    parent = plan.parent
    return parent.name if parent and parent.name else f"{first_name(plan)}'s parent"


def _base(plan: Plan, kind: LetterKind, to: tuple[Recipient, ...], cc: tuple[Recipient, ...],
          subject: str, sections: Sequence[Section], receipt: str | None, *,
          items: tuple[str, ...], record_note: str, answer_due: date | None = None,
          reply_to: int | None = None) -> Letter:
    parent = plan.parent
    names = [r.name for r in to]
    greeting = f"Dear {_joined(names)}," if names else None
    return Letter(
        kind=kind, to=to, cc=cc, subject=subject, greeting=greeting, sections=tuple(sections),
        closing="Kind regards," if greeting else None, signature=signature(plan),
        from_name=parent.name if parent else None, from_email=parent.email if parent else None,
        notice=NOTICE, receipt=receipt, items=items, answer_due=answer_due,
        record_note=record_note, reply_to=reply_to,
    )


def _period_words(period: Period) -> str:
    return f"{long(period.since)} to {long(period.until)}"


def _article(kind: str) -> str:
    return "an" if kind == "IEP" else "a"


# --- meeting-request -----------------------------------------------------------------------


def meeting_request(plan: Plan, entries: list[Observation], request: Request,
                    receipt: str | None) -> Letter:
    """Ask for a meeting about every item not ok, or short of minutes, with the dates seen."""
    from iepcheck.report import build_report

    period = request.period
    report = build_report(plan, entries, period)
    by_item = item_entries(plan, entries, period)
    concerns = [i for i in report.items if _concern(i)
                and (not request.items or i.item.id in request.items)]
    if not concerns:
        raise UserError(f"every item is ok and no service is short of minutes from "
                        f"{_period_words(period)}; there is nothing to raise at a meeting")
    member = addressee(plan, request.staff)
    kind = plan.plan.kind
    child = first_name(plan)
    intro = (f"I am writing to ask for {_article(kind)} {kind} team meeting to discuss how "
             f"{child}'s {kind} (in effect from {long(plan.plan.start)} to "
             f"{long(plan.plan.end)}) is being carried out. My records from "
             f"{_period_words(period)} show the concerns below. Each gives the dates I recorded "
             "and the number of the entry in my log (#N).")
    ask = ("At the meeting I would like us to agree how each of these will be provided from "
           "now on, and how any missed services will be made up. Could you suggest two or "
           "three dates and times in the next two weeks? Before the meeting, I would be "
           "grateful for copies of the service logs and progress data for the services "
           "listed. Thank you for your help.")
    facts = tuple(concern_fact(plan, i, by_item.get(i.item.id, []), period) for i in concerns)
    subject = f"Request for {_article(kind)} {kind} meeting: {plan.student.name}"
    return _base(plan, LetterKind.meeting_request, (recipient(member),),
                 _copy_case_manager(plan, member), subject,
                 [Section(paragraphs=(intro,), facts=facts, numbered=True),
                  Section(paragraphs=(ask,))], receipt,
                 items=tuple(i.item.id for i in concerns),
                 record_note=f"Meeting request: {subject}")


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
        parts.append(f"last recorded as provided on {_cite(last) if last else 'no date'}; "
                     "nothing recorded since")
    if failures:
        parts.append("; ".join(failure(e, item.item.id) for e in failures))
    if item.minutes is not None and item.minutes.required:
        parts.append(minutes_words(item, window))
    if not parts:
        parts.append(f"status {item.status}")
    return f"{name}: {'; '.join(parts)}."


def failure(entry: Observation, item_id: str) -> str:
    """'not provided on 13 Nov 2026 (#9, interview: 30 min missed, provider absent, “…”)'."""
    finding = entry.finding_for(item_id) or ""
    words = FINDING_WORDS.get(Finding(finding), finding) if finding else "recorded"
    return f"{words} on {_cite(entry, detail=True)}"


def _cite(entry: Observation, *, detail: bool = False) -> str:
    """'13 Nov 2026 (#9)', with `detail` '13 Nov 2026 (#9, interview: 30 min, …)'."""
    if not detail:
        return f"{long(entry.date)} (#{entry.n})"
    extra = []
    if entry.minutes is not None:
        extra.append(f"{entry.minutes} min")
    if entry.reason:
        extra.append(REASON_WORDS.get(entry.reason, entry.reason))
    quote = quoted(entry.note)
    if quote:
        extra.append(quote)
    tail = f": {', '.join(extra)}" if extra else ""
    span = (f"{long(entry.covers_from)} to " if entry.covers_from and
            entry.covers_from != entry.date else "")
    return f"{span}{long(entry.date)} (#{entry.n}, {entry.kind}{tail})"


def minutes_words(item: ReportItem, window: tuple[date, date]) -> str:
    m = item.minutes
    assert m is not None
    return (f"from {long(window[0])} to {long(window[1])}, {m.required} minutes were required, "
            f"{m.delivered} are recorded as delivered and {m.missed} as missed, so {m.owed} "
            f"are not shown as delivered")


def last_support(seen: list[Observation], item_id: str) -> Observation | None:
    supports = [e for e in seen if e.finding_for(item_id) in (Finding.implemented,
                                                                Finding.partial)]
    return max(supports, key=lambda e: (e.date, e.n)) if supports else None


def item_entries(plan: Plan, entries: Sequence[Observation],
                 period: Period) -> dict[str, list[Observation]]:
    """Per item, the live entries naming it dated within its window, oldest first: the same
    entries the report counts (docs/evidence.md)."""
    from iepcheck.observations import live_entries

    windows = {i.id: plan.window(i, period.since, period.until) for i in plan.items}
    found: dict[str, list[Observation]] = {i.id: [] for i in plan.items}
    for entry in sorted(live_entries(list(entries)), key=lambda e: (e.date, e.n)):
        for item_id in entry.items:
            window = windows.get(item_id)
            if window and window[0] <= entry.date <= window[1]:
                found[item_id].append(entry)
    return found


def quoted(note: str | None) -> str | None:
    """The note's first line in quotes, on one line, control characters removed, cut at
    QUOTE_LIMIT characters at a word."""
    if not note:
        return None
    line = next((x for x in note.splitlines() if x.strip()), "")
    text = one_line(line)
    if not text:
        return None
    if len(text) > QUOTE_LIMIT:
        text = text[:QUOTE_LIMIT].rsplit(" ", 1)[0] + "…"
    return f"“{text}”"


def one_line(text: str) -> str:
    """Control and bidirectional characters as spaces, runs of spaces as one."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


# --- records-request -----------------------------------------------------------------------


def records_days(plan: Plan) -> int:
    return plan.plan.records_days or RECORDS_DAYS


def records_request(plan: Plan, entries: list[Observation], request: Request,
                    receipt: str | None) -> Letter:
    """Ask for service logs, attendance and progress data, and say when the answer is due."""
    period = request.period
    chosen = _services_named(plan, request, period, lambda s: s.is_timed)
    if not chosen:
        raise UserError(f"no service with minutes is in effect from {_period_words(period)}; "
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
    facts = [f"{item.name}{_terms_in_brackets(item)}: the service logs or session notes "
             "showing each date, the minutes provided and by whom, each session missed and "
             f"why, and the progress data collected" for item in chosen]
    facts.append(f"{child}'s attendance record for the same period.")
    ask = (f"{limit}{state}. I would be grateful to receive them by {long(due)} ({days} "
           f"calendar days from {long(request.as_of)}), or before any meeting about {child}'s "
           f"{kind} if one is held earlier. If copies are not possible, please tell me when I "
           f"can inspect them at school. Thank you.")
    subject = f"Records request: {plan.student.name}, {_period_words(period)}"
    return _base(plan, LetterKind.records_request, (recipient(member),),
                 _copy_case_manager(plan, member), subject,
                 [Section(paragraphs=(right, (f"Please send me copies of the following records "
                                      f"from {_period_words(period)}:")),
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


def _terms_in_brackets(item: Item) -> str:
    from iepcheck.plan import Service

    if isinstance(item, Service) and item.is_timed:
        return f" ({service_terms(item)})"
    return ""


def service_terms(service: Service) -> str:
    """'30 min × 2 per week; from 10 Jan 2027: 30 min × 3 per week', changes included."""
    parts = []
    for since, terms in service.versions():
        words = (f"{terms.minutes} min × {terms.times} per {terms.per}" if terms.minutes
                 else "no minutes set")
        parts.append(words if since == date.min else f"from {long(since)}: {words}")
    return "; ".join(parts)


# --- make-up-request -----------------------------------------------------------------------


def make_up_request(plan: Plan, entries: list[Observation], request: Request,
                    receipt: str | None) -> Letter:
    """Per service: minutes required, delivered, missed (dated) and owed; ask for a plan."""
    from iepcheck.report import build_report

    period = request.period
    report = build_report(plan, entries, period)
    by_item = item_entries(plan, entries, period)
    chosen = [i for i in report.items if i.minutes is not None and (
        i.item.id in request.items if request.items else i.minutes.owed > 0)]
    chosen.sort(key=lambda i: [s.id for s in plan.services].index(i.item.id))
    if not chosen:
        raise UserError(f"no service minutes are owed from {_period_words(period)}; nothing "
                        "to make up (name a service with --item to write about it anyway)")
    member = addressee(plan, request.staff)
    child = first_name(plan)
    intro = (f"My records do not show {child} receiving all of the service minutes that "
             f"{child}'s {plan.plan.kind} requires from {_period_words(period)}. For each "
             "service below I give the minutes required, the minutes recorded as delivered "
             "and as missed (with the dates and entry numbers in my log, #N), and the minutes "
             "not shown as delivered.")
    sections = [Section(paragraphs=(intro,))]
    for item in chosen:
        sections.append(Section(heading=f"{item.item.name}{_terms_in_brackets(item.item)}",
                                facts=service_facts(plan, item, by_item[item.item.id], period)))
    absences = absent_days(entries, period)
    closing = [
        (f"I am asking for compensatory services: a written plan, within two weeks, saying "
         f"when and by whom the {sum(i.minutes.owed for i in chosen if i.minutes)} minutes "
         f"owed will be made up, and how the services will be delivered in full from now on."),
        OWED_WORDS,
    ]
    if absences:
        closing.insert(1, f"Days {child} was absent are not counted as owed: "
                          f"{', '.join(_cite(e) for e in absences)}.")
    sections.append(Section(paragraphs=tuple(closing)))
    subject = f"Make-up (compensatory) services: {plan.student.name}"
    return _base(plan, LetterKind.make_up_request, (recipient(member),),
                 _copy_case_manager(plan, member), subject, sections, receipt,
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
                 + (f" ({'; '.join(_cite(e, detail=True) for e in missed)})." if missed
                    else "."))
    if m.unaccounted:
        facts.append(f"Not accounted for either way: {m.unaccounted} minutes.")
    facts.append(f"Owed (required − delivered): {m.owed} minutes.")
    return tuple(facts)


def _minutes_cite(entry: Observation) -> str:
    minutes = f"{entry.minutes} min" if entry.minutes is not None else "minutes not recorded"
    span = (f"{long(entry.covers_from)} to " if entry.covers_from and
            entry.covers_from != entry.date else "")
    return f"{span}{long(entry.date)} (#{entry.n}): {minutes}"


def absent_days(entries: Sequence[Observation], period: Period) -> list[Observation]:
    from iepcheck.observations import live_entries

    return sorted((e for e in live_entries(list(entries)) if e.kind == "absence"
                   and period.since <= e.date <= period.until), key=lambda e: (e.date, e.n))


# --- escalation ----------------------------------------------------------------------------


def principals(plan: Plan) -> list[Staff]:
    """Staff whose role says principal (an assistant principal too)."""
    return [s for s in plan.staff if "principal" in (s.role or "").casefold()]


def escalation_letter(plan: Plan, entries: list[Observation], request: Request,
                      receipt: str | None) -> Letter:
    """Unanswered emails to one staff member, to the case manager and the principal."""
    from iepcheck.reminders import due

    member = request.staff
    if member is None:
        raise UserError("escalation: name the staff member who has not answered "
                        "(iepcheck letter escalation STAFF)")
    waiting = [u for u in due(plan, entries, request.as_of).unanswered if u.who == member.id]
    if not waiting:
        raise UserError(f"no email to {member.id} is past the plan's reply_within "
                        f"({plan.plan.reply_within} days) without a reply as of "
                        f"{request.as_of}; nothing to escalate")
    to = _escalate_to(plan, member)
    by_n = {e.n: e for e in entries}
    facts = []
    for u in waiting:
        sent = by_n[u.n]
        about = f", about {_joined([_item_name(plan, i) for i in sent.items])}" if (
            sent.items) else ""
        quote = quoted(sent.note)
        later = [by_n[n] for n in u.thread[1:] if n in by_n]
        follow = ("; followed up on " + ", ".join(_cite(e) for e in later)) if later else ""
        facts.append(f"{long(u.date)} (#{u.n}){about}{f': {quote}' if quote else ''}{follow}. "
                     f"No reply is recorded; {u.overdue_days} day"
                     f"{'' if u.overdue_days == 1 else 's'} overdue as of "
                     f"{long(request.as_of)}.")
    child = first_name(plan)
    intro = (f"I have written to {member.name} about {child}'s "
             f"{plan.plan.kind} and have had no reply to the emails below (dates and the "
             f"entry numbers in my log, #N). I have copied {member.name}.")
    ask = ("Could you help me get an answer? I would be grateful to hear, within a few school "
           "days, who will reply to each question and when. Thank you.")
    subject = f"No reply to my emails about {child}'s {plan.plan.kind}: {plan.student.name}"
    return _base(plan, LetterKind.escalation, tuple(recipient(s) for s in to),
                 (recipient(member),), subject,
                 [Section(paragraphs=(intro,), facts=tuple(facts)), Section(paragraphs=(ask,))],
                 receipt, items=tuple(dict.fromkeys(i for u in waiting
                                                    for i in by_n[u.n].items)),
                 record_note=f"Escalation of #{', #'.join(str(u.n) for u in waiting)}: {subject}",
                 reply_to=_own_last(waiting[0].thread or (waiting[0].n,)) if len(waiting) == 1
                 else None)


def _own_last(thread: tuple[int | tuple[str, int], ...]) -> int | None:
    """The thread's last email, when it is in the writer's own log (a reply to another
    author's entry is left to `log --reply-to AUTHOR#N`)."""
    last = thread[-1]
    return last if isinstance(last, int) else None


def _escalate_to(plan: Plan, member: Staff) -> list[Staff]:
    """The case manager (a coordinator when the silence is the case manager's) and every
    principal, never the person escalated about."""
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


# --- complaint-facts -----------------------------------------------------------------------


def complaint_facts(plan: Plan, entries: list[Observation], request: Request,
                    receipt: str | None) -> Letter:
    """The facts of a state complaint within its one-year window, for the parent to review."""
    from iepcheck.evidence import Period
    from iepcheck.report import build_report
    from iepcheck.timeline import complaint_windows

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
            (f"{child}{school} has {_article(terms.kind)} {terms.kind} in effect from "
            f"{long(terms.start)} to {long(terms.end)}. These facts cover "
            f"{_period_words(period)}, within the state complaint window (one year before "
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
        where = (f", in {_joined(list(accommodation.applies_to))}"
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
    from iepcheck.observations import live_entries
    from iepcheck.reminders import unanswered
    from iepcheck.timeline import who_reads

    live = sorted(live_entries(list(entries)), key=lambda e: (e.date, e.n))
    waiting = {u.n: u for u in unanswered(plan, live, as_of)}
    verbs = {"email-sent": "I emailed", "email-received": "email from", "call": "call with",
             "meeting": "meeting with"}
    facts = []
    for entry in live:
        if entry.kind not in verbs or not period.since <= entry.date <= period.until:
            continue
        who = one_line(who_reads(entry.who, plan) or "") or "(not recorded)"
        reply = f", replying to #{entry.reply_to}" if entry.reply_to else ""
        quote = quoted(entry.note)
        text = f"{long(entry.date)} (#{entry.n}): {verbs[entry.kind]} {who}{reply}"
        text += f": {quote}" if quote else ""
        if entry.n in waiting:
            text += (f". No reply is recorded; {waiting[entry.n].overdue_days} days overdue as "
                     f"of {long(as_of)}")
        facts.append(text + ".")
    return tuple(facts)


def _joined(words: Sequence[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def require_addresses(letter: Letter) -> None:
    """An .eml draft needs an address for everyone it is sent or copied to."""
    if not letter.sendable:
        raise UserError(f"{letter.kind} is a draft for you to review and file yourself, not an "
                        "email; write it as text, .md or .html")
    for person in (*letter.to, *letter.cc):
        if not person.email:
            raise UserError(f"{person.staff_id} has no email in the plan; add email = "
                            f"\"…\" to their [[staff]] table, or write the letter as text, .md "
                            "or .html")
