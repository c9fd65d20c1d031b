"""The chronology: every observation in a period, oldest first, for a meeting or a complaint.

Pure: entries, plan and dates in; rows out. Retracted entries stay in the chronology, marked,
and the retraction shows its reason: a withdrawn claim is part of an honest history.

The chronology's values are named tuples rather than frozen dataclasses: as immutable, and
cheaper to make, both per row (a frozen dataclass of a row's sixteen fields sets each through
`object.__setattr__`) and per run (making a dataclass compiles its methods at import).

Each row is marked with the complaint windows it falls inside as of `as_of` (the day the
chronology is prepared, taken as the day a complaint would be filed):
- a state complaint must concern a violation within one year of it (34 CFR 300.153(c));
- an OCR complaint, within 180 days of the discrimination (OCR Case Processing Manual);
- due process, within two years of when the parent knew or should have known
  (20 U.S.C. 1415(f)(3)(C)), unless the state sets its own limit.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple, overload

from iepcheck.language.messages import _, n_
from iepcheck.record.authors import OWNER
from iepcheck.record.drafts import findings_text
from iepcheck.record.entries import entry_key
from iepcheck.vocabulary import status_count

if TYPE_CHECKING:
    from iepcheck.plan.model import Plan
    from iepcheck.record.entries import EntryKey, Observation


class Window(NamedTuple):
    """A complaint window: a filing deadline counted back from the chronology's day."""

    key: str  # the csv column
    mark: str  # the one-letter mark in a row
    name: str
    rule: str
    start: date  # the earliest day inside the window


class Row(NamedTuple):
    """One entry as the chronology shows it, made for every entry of a year's log."""

    n: int
    date: date
    kind: str
    items: tuple[str, ...]
    who: str | None
    finding: str | None
    minutes: int | None
    reason: str | None
    note: str | None
    attachments: tuple[str, ...]
    retracted_by: int | None  # this entry was withdrawn by entry #retracted_by
    retracts: int | None  # this entry withdraws #retracts (its note is the reason)
    windows: tuple[str, ...]  # keys of the windows the date falls inside
    author: str = ""  # whose log it is in, when not the reader's own (docs/authors.md)
    measurements: str | None = None  # 'reading-fluency = 66 wcpm': goals the entry measures
    covers_from: dt.date | None = None  # a service log for covers_from..date: shown as its range


class Timeline(NamedTuple):
    """The chronology: its header's facts and its rows."""

    student: str
    school: str | None
    plan_kind: str
    plan_start: date
    plan_end: date
    since: date
    until: date
    as_of: date
    items: tuple[str, ...]  # the --item filter, empty for all
    windows: tuple[Window, ...]
    rows: Sequence[Row]  # `Rows`: made one at a time as a renderer reads them
    outside: int  # entries (matching --item) left out because they fall outside the period
    summary: dict[str, int] | None  # the report's status counts, when it could be built


class Rows(Sequence[Row]):
    """The chronology's rows, each made from its entry when it is read, never all held at
    once: a renderer streams a year of entries through with memory flat in the rows."""

    def __init__(self, entries: Sequence[Observation], make: Callable[[Observation], Row]):
        self._entries = entries
        self._make = make

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | Sequence[Row]:
        if isinstance(index, slice):
            return Rows(self._entries[index], self._make)
        return self._make(self._entries[index])

    def __iter__(self) -> Iterator[Row]:
        return map(self._make, self._entries)


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def complaint_windows(as_of: date) -> tuple[Window, ...]:
    return (
        Window("state_complaint", "S", _("state complaint"), _("one year"),
               years_before(as_of, 1)),
        Window("ocr", "O", _("OCR complaint"), _("180 days"), as_of - timedelta(days=180)),
        Window("due_process", "D", _("due process"), _("two years"), years_before(as_of, 2)),
    )


def build_timeline(
    plan: Plan,
    entries: list[Observation],
    *,
    since: date,
    until: date,
    as_of: date,
    items: tuple[str, ...] = (),
    summary: dict[str, int] | None = None,
    me: str = OWNER,
) -> Timeline:
    """Rows for the entries about `items` (all when empty) dated since..until, oldest first
    (one day's in the order they were written down). `me` reads it: another author's
    entries are numbered `dad#12`."""
    windows = complaint_windows(as_of)
    retracted_by = {entry_key(e.author, e.retracts): e.n for e in entries
                    if e.retracts is not None}
    relevant = (entries if not items  # every entry: the record itself, never a copy of it
                else [e for e in entries if set(items) & {*e.items, *e.values}])
    shown = sorted((e for e in relevant if since <= e.date <= until), key=lambda e: e.date)
    rows = Rows(shown, _row_maker(plan, me, windows, as_of, retracted_by))
    return Timeline(
        student=plan.student.name,
        school=plan.student.school,
        plan_kind=plan.plan.kind,
        plan_start=plan.plan.start,
        plan_end=plan.plan.end,
        since=since,
        until=until,
        as_of=as_of,
        items=items,
        windows=windows,
        rows=rows,
        outside=len(relevant) - len(shown),
        summary=summary,
    )


def _row_maker(plan: Plan, me: str, windows: tuple[Window, ...], as_of: date,
               retracted_by: dict[EntryKey, int]) -> Callable[[Observation], Row]:
    """What makes one entry's row. The windows a day is in and the name a `who` reads as are
    asked once per day and per person (cached here): a year repeats both."""
    read_who = functools.lru_cache(maxsize=None)(lambda who: who_reads(who, plan))
    open_windows = functools.lru_cache(maxsize=None)(
        lambda day: tuple(w.key for w in windows if w.start <= day <= as_of))

    def row(entry: Observation) -> Row:
        return Row(
            n=entry.n,
            date=entry.date,
            kind=entry.kind,
            items=entry.items,
            who=read_who(entry.who),
            finding=findings_text(entry),
            minutes=entry.minutes,
            reason=entry.reason,
            note=entry.note,
            attachments=tuple(a.name or a.path.rsplit("/", 1)[-1] for a in entry.attachments)
            if entry.attachments else (),
            retracted_by=retracted_by.get(entry.key),
            retracts=entry.retracts,
            windows=open_windows(entry.date),
            author="" if entry.author == me else entry.author,
            measurements=measurements_text(entry, plan) if entry.values else None,
            covers_from=entry.covers_from if entry.covers_from != entry.date else None,
        )

    return row


def dates_of(row: Row) -> str:
    """The row's day, or the range a service log covers ('2026-09-08 to 2026-09-30'): a
    month's log is never shown as all its minutes on its last day."""
    if row.covers_from is None:
        return row.date.isoformat()
    return _("{first} to {last}").format(first=row.covers_from.isoformat(),
                                         last=row.date.isoformat())


def measurements_text(entry: Observation, plan: Plan) -> str | None:
    """'reading-fluency = 66 wcpm; seat-leaving = 5 times per lesson': each value with the
    goal's measure, so a reader sees what was measured (the row's kind and who say by whom)."""
    from iepcheck.record.drafts import number_text

    parts = []
    for goal_id, value in entry.values.items():
        goal = plan.goal(goal_id)
        unit = f" {goal.measure}" if goal else ""
        parts.append(f"{goal_id} = {number_text(value)}{unit}")
    return "; ".join(parts) or None


def who_reads(who: str | None, plan: Plan) -> str | None:
    """A staff id as the person's name and role, for a reader who never saw the plan."""
    if who is None:
        return None
    staff = plan.staff_named(who)
    if staff is None:
        return who
    return f"{staff.name}, {staff.role}" if staff.role else staff.name


def status_line(summary: dict[str, int] | None) -> str | None:
    """'9 items: 3 ok, 2 stale, …' from the report's summary, zero counts left out."""
    if not summary:
        return None
    total = summary.get("items")
    counts = ", ".join(status_count(k, v) for k, v in summary.items()
                       if k != "items" and v)
    head = (n_("{count} item", "{count} items", total).format(count=total)
            if total is not None else _("items"))
    return f"{head}: {counts}" if counts else head


def header(timeline: Timeline) -> list[tuple[str, str]]:
    """The facts above the table, as (label, text), the same in every format."""
    school = f", {timeline.school}" if timeline.school else ""
    period = _("{first} to {last}").format(first=timeline.since, last=timeline.until)
    if timeline.items:
        period = _("{period}, entries about {items}").format(period=period,
                                                            items=", ".join(timeline.items))
    facts = [
        (_("Student"), f"{timeline.student}{school}"),
        (_("Plan"), _("{kind}, {first} to {last}").format(
            kind=timeline.plan_kind, first=timeline.plan_start, last=timeline.plan_end)),
        (_("Period"), period),
        (_("As of"), timeline.as_of.isoformat()),
    ]
    if (line := status_line(timeline.summary)) is not None:
        facts.append((_("Report summary"), line))
    facts.append((_("Complaint windows"), "; ".join(
        _("{mark} = {name} ({rule}): on or after {start}").format(
            mark=w.mark, name=w.name, rule=w.rule, start=w.start) for w in timeline.windows)))
    if timeline.outside:
        facts.append((_("Not shown"), n_(
            "{count} entry dated outside the period (use --since and --until)",
            "{count} entries dated outside the period (use --since and --until)",
            timeline.outside).format(count=timeline.outside)))
    return facts


def outcome(row: Row) -> str:
    """'not-implemented, 30 min (provider-absent)' — what the entry says happened, and the
    goals it measured."""
    parts = [
        p for p in (row.finding, f"{row.minutes} min" if row.minutes is not None else None,
                    row.measurements) if p
    ]
    text = ", ".join(parts)
    return f"{text} ({row.reason})" if row.reason else text


def status_of(row: Row) -> str:
    """How the entry stands: withdrawn, a withdrawal, or nothing to say."""
    if row.retracted_by is not None:
        return _("RETRACTED by {entry}").format(entry=f"{row.author}#{row.retracted_by}")
    if row.retracts is not None:
        return _("retracts {entry}").format(entry=f"{row.author}#{row.retracts}")
    return ""


def number(row: Row, n: int | None) -> str:
    """Entry `n` of the row's log as the column shows it: `12`, or `dad#12` (another
    author's log); empty for none."""
    if n is None:
        return ""
    return f"{row.author}#{n}" if row.author else str(n)


def marks(row: Row, timeline: Timeline) -> str:
    """'S O D' for the windows the entry falls inside."""
    return " ".join(w.mark for w in timeline.windows if w.key in row.windows)
