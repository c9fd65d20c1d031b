"""An advocate's caseload: one row per child's plan, the most urgent first (docs/caseload.md).

Pure: each row is built from a plan and its log's entries, read once by the command; no
clock, no files. A row carries what `report` and `due` would say about that child as of one
day, in a few numbers, so an advocate following dozens of children sees whom to call first.

The rules, each tested:
- **Which files are plans**: a `.toml` file whose document has a `[student]` and a `[plan]`
  table (`is_plan_document`); one that is not TOML at all counts when it has both header
  lines (`looks_like_plan_text`), so a plan with a syntax error is a row saying so, not a
  child silently missing. Folders whose name starts with `.` and evidence folders
  (`NAME.evidence`) are not searched (`skip_folder`).
- **Counts** come from the report over the plan so far (its start to `as_of`, or to its end
  once it has ended): items `not-implemented`, `no-evidence`, `stale`, `partial` and
  `minutes-short` (the report's final statuses), and the service minutes owed. **Unanswered** emails and **due** come from `reminders.due` as of
  the same day, over the same entries; the **next date** is the first of
  `reminders.plan_dates` on or after `as_of`, however far ahead.
- **Urgency** (`urgency`): a row that could not be read first (nothing about that child can
  be trusted until it is fixed), then more items seen not implemented, more overdue replies,
  the longest overdue reply, more items with no evidence, more minutes owed, more stale items,
  more partial items, more items short of minutes, the sooner next date; ties by student name (the path when the plan
  could not be read) and path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from iepcheck.language.messages import N_
from iepcheck.vocabulary import Status

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from iepcheck.due.reminders import PlanDate
    from iepcheck.evidence.report import Report
    from iepcheck.plan.model import Plan
    from iepcheck.record.entries import Observation

#: How far ahead `due` looks for plan dates when a row says whether anything is due.
WITHIN_DAYS = 14
PLAN_SUFFIX = ".toml"
EVIDENCE_SUFFIX = ".evidence"
#: A `[student]` or `[plan]` header line, as a plan that is not valid TOML may still show it.
_HEADER_LINE = re.compile(r"^[ \t]*\[[ \t]*(student|plan)[ \t]*\][ \t\r]*(?:#.*)?$",
                          re.MULTILINE)

#: Shown in every format below the rows: how they are ordered and what the figures cover.
ORDER_NOTE = N_("Order: plans or logs that could not be read first, then more items seen not "
              "implemented, more overdue replies, the longest overdue reply, more items with no "
              "evidence, more minutes owed, more stale items, more partial items, more items short "
              "of minutes, the sooner next date.")
FIGURES_NOTE = N_("Item counts and minutes owed cover each plan from its start to {day} (or to "
                "its end); overdue replies and 'due' are as 'iepcheck due' says on {day}; "
                "'last obs.' is the latest entry still standing.")


def skip_folder(name: str) -> bool:
    """Hidden folders (`.git`, `.Trash`) and evidence folders (`maya.evidence`) hold no plans:
    an evidence folder keeps attached originals, which may be anything, even a `.toml`."""
    return name.startswith(".") or name.endswith(EVIDENCE_SUFFIX)


def is_candidate(name: str) -> bool:
    """A file that may be a plan: `*.toml`, not hidden."""
    return name.lower().endswith(PLAN_SUFFIX) and not name.startswith(".")


def is_plan_document(document: Mapping[str, Any]) -> bool:
    """An iepcheck plan has a `[student]` and a `[plan]` table; `pyproject.toml` has neither."""
    return isinstance(document.get("student"), dict) and isinstance(document.get("plan"), dict)


def looks_like_plan_text(text: str) -> bool:
    """For a file that is not valid TOML: does it have both a `[student]` and a `[plan]` line?"""
    return {m.group(1) for m in _HEADER_LINE.finditer(text)} == {"student", "plan"}


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One child's plan as of a day; `error` is set (and the figures are None) when its plan,
    log or folder could not be read."""

    path: str  # the plan file, relative to the caseload folder
    student: str | None
    kind: str | None
    start: date | None
    end: date | None
    not_implemented: int | None = None
    no_evidence: int | None = None
    stale: int | None = None
    partial: int | None = None
    minutes_short: int | None = None
    minutes_owed: int | None = None  # None: the plan has no service with minutes
    unanswered: int | None = None
    oldest_overdue_days: int | None = None
    next_date: PlanDate | None = None
    last_observation: date | None = None
    due: bool = True
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The row's shape in docs/json.md."""
        return {
            "path": self.path,
            "student": self.student,
            "plan": ({"kind": self.kind, "start": _iso(self.start), "end": _iso(self.end)}
                     if self.kind is not None else None),
            "items": (None if self.error else
                      {"not-implemented": self.not_implemented, "no-evidence": self.no_evidence,
                       "stale": self.stale, "partial": self.partial,
                       "minutes-short": self.minutes_short}),
            "minutes_owed": self.minutes_owed,
            "unanswered": self.unanswered,
            "oldest_overdue_days": self.oldest_overdue_days,
            "next_date": ({"date": self.next_date.date.isoformat(),
                           "event": self.next_date.event} if self.next_date else None),
            "last_observation": _iso(self.last_observation),
            "due": self.due,
            "error": self.error,
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class Caseload:
    """Every row under one folder as of one day, most urgent first."""

    folder: str
    as_of: date
    rows: tuple[CaseRow, ...]

    @property
    def anything_due(self) -> bool:
        """What `--fail-if-due` asks: any row with something due, or any row not read."""
        return any(row.due for row in self.rows)

    @property
    def broken(self) -> tuple[CaseRow, ...]:
        return tuple(row for row in self.rows if row.error)

    def as_json(self) -> dict[str, Any]:
        return {"folder": self.folder, "as_of": self.as_of.isoformat(),
                "plans": [row.as_json() for row in self.rows]}


def case_row(path: str, plan: Plan, entries: Sequence[Observation], as_of: date) -> CaseRow:
    """A child's row from their plan and log: the report's counts and `due`'s reminders from
    the same entries, the report built once for both (the record as of `as_of`)."""
    from iepcheck.due.reminders import due

    report = _report_so_far(plan, entries, as_of)
    counts, owed = _standing(plan, report)
    terms = plan.plan
    in_effect = report is not None and as_of <= terms.end
    found = due(plan, entries, as_of, WITHIN_DAYS,
                assessed=report.items if in_effect and report is not None else ())
    overdue = [u.overdue_days for u in found.unanswered]
    return CaseRow(
        path=path, student=plan.student.name, kind=terms.kind, start=terms.start, end=terms.end,
        not_implemented=counts[Status.not_implemented], no_evidence=counts[Status.no_evidence],
        stale=counts[Status.stale], partial=counts[Status.partial],
        minutes_short=counts[Status.minutes_short], minutes_owed=owed,
        unanswered=len(overdue), oldest_overdue_days=max(overdue, default=None),
        next_date=next_plan_date(plan, as_of), last_observation=last_observation(entries, as_of),
        due=found.anything,
    )


def _report_so_far(plan: Plan, entries: Sequence[Observation], as_of: date) -> Report | None:
    """The report over the plan so far (its start to `as_of`, at most its end) from the record
    as of `as_of`; None before the plan starts."""
    from iepcheck.evidence.report import build_report
    from iepcheck.evidence.tally import Period
    from iepcheck.record.entries import record_as_of

    terms = plan.plan
    if as_of < terms.start:
        return None
    known = record_as_of(entries, as_of)
    return build_report(plan, known, Period(terms.start, min(as_of, terms.end)))


def _standing(plan: Plan, report: Report | None) -> tuple[dict[Status, int], int | None]:
    """Counts by status and minutes owed over the plan so far; nothing before it starts."""
    counts = dict.fromkeys(Status, 0)
    timed = any(s.is_timed for s in plan.services)
    if report is None:
        return counts, 0 if timed else None
    for item in report.items:
        counts[item.status] += 1
    # Direct minutes only: a consult service's minutes are a total of their own.
    direct = report.totals
    return counts, (direct.owed if direct else 0) if timed else None


def next_plan_date(plan: Plan, as_of: date) -> PlanDate | None:
    """The first plan date on or after `as_of` (a progress report, the service-log request,
    the annual review, an item starting or ending), however far ahead."""
    from iepcheck.due.reminders import plan_dates

    return next((d for d in plan_dates(plan) if d.date >= as_of), None)


def last_observation(entries: Iterable[Observation], as_of: date) -> date | None:
    """The latest date of an entry that still stands (not retracted, not a retraction), up to
    `as_of`: when anything was last recorded about this child."""
    from iepcheck.record.entries import record_as_of

    return max((e.date for e in record_as_of(list(entries), as_of)), default=None)


def broken_row(path: str, message: str, plan: Plan | None = None) -> CaseRow:
    """A plan, log or folder that could not be read: the message in the row, never the end of
    the listing. With the plan read (a broken log), its student and dates are shown."""
    if plan is None:
        return CaseRow(path=path, student=None, kind=None, start=None, end=None, error=message)
    terms = plan.plan
    return CaseRow(path=path, student=plan.student.name, kind=terms.kind, start=terms.start,
                   end=terms.end, error=message)


_FAR = date.max


def urgency(row: CaseRow) -> tuple[Any, ...]:
    """The sort key, most urgent first (see the module's docstring)."""
    return (
        row.error is None,
        -(row.not_implemented or 0),
        -(row.unanswered or 0),
        -(row.oldest_overdue_days or 0),
        -(row.no_evidence or 0),
        -(row.minutes_owed or 0),
        -(row.stale or 0),
        -(row.partial or 0),
        -(row.minutes_short or 0),
        row.next_date.date if row.next_date else _FAR,
        (row.student or row.path).casefold(),
        row.path,
    )


def caseload(folder: str, as_of: date, rows: Iterable[CaseRow]) -> Caseload:
    """The rows sorted by urgency."""
    return Caseload(folder=folder, as_of=as_of, rows=tuple(sorted(rows, key=urgency)))
