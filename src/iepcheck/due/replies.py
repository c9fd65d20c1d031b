"""What the school has not answered: emails past their reply deadline, records requests.

Pure. Dated rules, each tested at its boundary:
- **Replies** (docs/evidence.md): an `email-sent` is answered by an `email-received` from the same
  person dated on or after it, or by any `email-received` naming it with `reply_to`. A reply
  that names a *different* email with `reply_to` answers only that one. The reply deadline is
  the end of the sent day plus `reply_within` in school days (`school_days.reply_deadline`);
  `overdue_days = as_of − deadline`, listed once above zero: an email sent on Thu 12 Nov with
  `reply_within = "3d"` may be answered through Tue 17 Nov and is 1 day overdue on 18 Nov, and
  one sent on Fri 20 Nov before Thanksgiving week is answered in time through Wed 2 Dec.
- **Records answers** (docs/letters.md): an `email-sent` whose note starts
  `Records request: answer due YYYY-MM-DD` (what `iepcheck letter records-request --record`
  logs) is answered by an `email-received` naming it with `reply_to`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from iepcheck.due.contacts import escalation
from iepcheck.language.messages import _
from iepcheck.record.authors import OWNER

if TYPE_CHECKING:
    from collections.abc import Sequence

    from iepcheck.plan.model import Plan
    from iepcheck.record.entries import EntryKey, Observation


#: How a logged records request begins its note, followed by the ISO date the answer is due.
RECORDS_REQUEST_NOTE = "Records request: answer due "
#: A visit request's note begins the same way: its answer date is tracked like a records one.
VISIT_REQUEST_NOTE = "Visit request: answer due "
#: What each kind of request asks for, by the start of its note.
REQUEST_NOTES = {RECORDS_REQUEST_NOTE: "records", VISIT_REQUEST_NOTE: "visit"}


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
class RecordsAnswer:
    """A records request logged as sent, with no answer logged (`reply_to`) yet."""

    n: int
    who: str  # the staff id when the request names a staff member, else the text as logged
    name: str
    sent: date
    due: date
    overdue_days: int  # days after `due` as of the day asked; 0 or less: not yet overdue
    what: str = "records"  # what was asked for: "records" or "visit" (REQUEST_NOTES)
    author: str = OWNER  # whose log holds the request (docs/authors.md)


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
    from iepcheck.plan.school_days import reply_deadline
    from iepcheck.record.notes import is_automatic_reply

    threads = _threads(entries)
    answered = {e.replies_to for e in entries if e.reply_to is not None
                and e.kind != "email-sent" and not is_automatic_reply(e)}
    last_reply: dict[str, date] = {}
    key_of = functools.cache(plan.person_key)  # a year's mail repeats a handful of names
    for reply in entries:
        if (reply.kind == "email-received" and reply.who and reply.reply_to is None
                and not is_automatic_reply(reply)):
            who = key_of(reply.who)
            last_reply[who] = max(reply.date, last_reply.get(who, reply.date))
    from iepcheck.plan.school_years import year_start_on

    this_year = year_start_on(plan, as_of)
    listed = []
    for thread in threads:
        if thread[-1].date < this_year:
            continue  # a new school year starts the reply clock afresh (docs/school-years.md)
        if any(sent.key in answered or last_reply.get(key_of(sent.who), date.min)
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
    # A letter with its own answer date (a records request) runs on that date alone
    # (`records_answers`), never on the reply clock too.
    sent = {e.key: e for e in entries if e.kind == "email-sent" and e.who
            and records_due_date(e) is None}
    root: dict[EntryKey, EntryKey] = {}
    for key, entry in sent.items():
        parent = entry.replies_to
        root[key] = root.get(parent, parent) if parent is not None and parent in sent else key
    grouped: dict[EntryKey, list[Observation]] = {}
    for key, entry in sent.items():
        grouped.setdefault(root[key], []).append(entry)
    return [sorted(thread, key=lambda e: e.date) for thread in grouped.values()]


def thread_json(key: EntryKey) -> int | str:
    """An email of a thread in JSON: its number in the owner's log, `dad#3` in another's."""
    return key if isinstance(key, int) else f"{key[0]}#{key[1]}"


def records_answers(plan: Plan, entries: Sequence[Observation],
                    as_of: date) -> list[RecordsAnswer]:
    """Records requests logged as sent and not yet answered, oldest first.

    Only an `email-received` naming the request with `reply_to` answers it: whether the
    records came is for the parent to say, so a later email about something else does not.
    """
    answered = {e.replies_to for e in entries if e.kind == "email-received" and e.reply_to}
    found = []
    for sent in entries:
        answer_due = records_due_date(sent)
        if answer_due is None or sent.key in answered:
            continue
        member = plan.staff_named(sent.who)
        found.append(RecordsAnswer(
            n=sent.n, who=member.id if member else (sent.who or ""),
            name=member.name if member else (sent.who or _("the school")), sent=sent.date,
            due=answer_due, overdue_days=(as_of - answer_due).days, author=sent.author,
            what=next(w for p, w in REQUEST_NOTES.items() if (sent.note or "").startswith(p))))
    return found


def records_due_date(entry: Observation) -> date | None:
    """The due date a logged records request states on its note's first line, else None."""
    if entry.kind != "email-sent":  # asked of every entry: the kind first, the note after
        return None
    note = entry.note or ""
    prefix = next((p for p in REQUEST_NOTES if note.startswith(p)), None)
    if prefix is None:
        return None
    first = note.splitlines()[0].removeprefix(prefix)
    try:
        return date.fromisoformat(first.strip()[:10])
    except ValueError:
        return None
