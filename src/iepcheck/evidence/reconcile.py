"""The school's log set against the plan and the family's evidence (docs/school-logs.md).

Two voices, never added together: per service and week, the minutes the plan owes, the
minutes the school's own log claims, and the minutes the family's own evidence shows. And
the conflicts between them, each citing both sides' entries and dates and deciding nothing:
a hearing officer, not this tool, weighs one record against another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from iepcheck.language.messages import N_, _
from iepcheck.plan.school_days import week_of
from iepcheck.record.authors import OWNER, label
from iepcheck.vocabulary import SCHOOL, SUPPORTING_FINDINGS, Kind

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from iepcheck.plan.model import Plan, Service
    from iepcheck.record.entries import Observation

#: Minutes longer than any school day: a school day in the United States is about 6.5 hours
#: of instruction; a session of more than 7 hours (420 minutes) cannot fit in one.
SCHOOL_DAY_MINUTES = 420

#: The kinds of conflict, in the order a report lists them, with what each means.
CONFLICTS = {
    "no-school-day": N_("a session logged on a day the plan's calendar has no school"),
    "family-absence": N_("a session logged on a day the family recorded the child absent"),
    "family-says-not": N_("a session logged on a day the family's evidence says it did not happen"),
    "overlap": N_("two sessions logged at the same or overlapping times"),
    "too-many-in-a-day": N_("more sessions logged in a day than the plan gives in its period"),
    "longer-than-a-day": N_("a session longer than a school day (420 minutes)"),
    "group-not-individual": N_("a group session where the plan says individual"),
    "week-skipped": N_("a week the plan owes minutes and the school's log has no row for"),
}


@dataclass(frozen=True)
class WeekMinutes:
    """One service's week: what the plan owes, what each voice shows (never summed)."""

    service: str
    first: date
    last: date
    owed: int
    school: int
    family: int


@dataclass(frozen=True)
class Conflict:
    """One conflict: its kind, service and day, what it is, and both sides' entries."""

    kind: str
    service: str
    day: date
    detail: str
    school: tuple[str, ...]  # the school's entries, each with its row ('#4 servicelog.csv row 5')
    family: tuple[str, ...] = ()  # the family's entries ('#12 absence', 'dad#3 visit')


@dataclass(frozen=True)
class Reconciliation:
    since: date
    until: date
    weeks: tuple[WeekMinutes, ...]
    conflicts: tuple[Conflict, ...]


def is_school(entry: Observation) -> bool:
    """An entry of the school's own log, imported (`source = "school"`)."""
    return entry.source == SCHOOL


def claims_session(entry: Observation) -> bool:
    """A school row that says a session was held (delivered, in part, or made up)."""
    return is_school(entry) and entry.finding in SUPPORTING_FINDINGS


def cite(entry: Observation) -> str:
    """An entry as both sides are cited: its own reference, then its row or its kind."""
    ref = label(entry.author, entry.n, OWNER)
    if entry.school_row is not None:
        return f"{ref} {entry.school_row.citation}"
    return f"{ref} {entry.kind}"


def reconcile(plan: Plan, entries: Sequence[Observation], since: date, until: date,
              service_id: str | None = None) -> Reconciliation:
    """Weeks and conflicts for every timed service (or the one named) over since..until;
    `entries` is the record as of `until` (`record_as_of`)."""
    inside = [e for e in entries if since <= e.date <= until]
    services = [s for s in plan.services if service_id in (None, s.id)]
    weeks: list[WeekMinutes] = []
    conflicts: list[Conflict] = []
    for service in services:
        about = [e for e in inside if service.id in e.items]
        absences = [e for e in inside if e.kind == Kind.absence
                    and (not e.items or service.id in e.items)]
        weeks += _weeks(plan, service, about, absences, since, until)
        conflicts += _day_conflicts(plan, service, about, absences)
        conflicts += _skipped_weeks(plan, service, inside, about, since, until)
    conflicts.sort(key=lambda c: (c.day, c.service, list(CONFLICTS).index(c.kind)))
    return Reconciliation(since, until, tuple(weeks), tuple(conflicts))


def _week_starts(since: date, until: date) -> Iterator[tuple[date, date]]:
    first, _ = week_of(since)
    while first <= until:
        yield max(first, since), min(first + timedelta(days=6), until)
        first += timedelta(days=7)


def _weeks(plan: Plan, service: Service, about: list[Observation],
           absences: list[Observation], since: date, until: date) -> list[WeekMinutes]:
    """The family's minutes are its own entries with minutes and a supporting finding, by the
    entry's date; the school's are its rows that claim a session. A missed session's minutes
    count in neither."""
    from iepcheck.evidence.minutes import required_minutes

    if not service.is_timed:
        return []
    absent = {d for e in absences for d in _days(e)}
    rows = []
    for first, last in _week_starts(since, until):
        if plan.window(service, first, last) is None:
            continue
        week = [e for e in about if first <= e.date <= last and e.minutes]
        school = sum(e.minutes or 0 for e in week if claims_session(e))
        family = sum(e.minutes or 0 for e in week
                     if not is_school(e) and e.finding in SUPPORTING_FINDINGS)
        owed = required_minutes(service, plan, first, last, absent)
        rows.append(WeekMinutes(service.id, first, last, owed, school, family))
    return rows


def _days(entry: Observation) -> Iterator[date]:
    day = entry.first_day
    while day <= entry.date:
        yield day
        day += timedelta(days=1)


def _day_conflicts(plan: Plan, service: Service, about: list[Observation],
                   absences: list[Observation]) -> list[Conflict]:
    from iepcheck.evidence.minutes import service_school

    calendar = service_school(service, plan.calendar)  # an ESY service's own days
    sessions = [e for e in about if claims_session(e)]
    found: list[Conflict] = []
    by_day: dict[date, list[Observation]] = {}
    for entry in sessions:
        by_day.setdefault(entry.date, []).append(entry)
        found += _row_conflicts(calendar.is_open(entry.date), service, entry)
        found += _family_conflicts(service, entry, about, absences)
    for day, held in sorted(by_day.items()):
        found += _same_day(service, day, held)
    return found


def _row_conflicts(open_day: bool, service: Service, entry: Observation) -> list[Conflict]:
    found = []
    row = entry.school_row
    if not open_day:
        found.append(Conflict("no-school-day", service.id, entry.date,
                              _("{minutes} min logged on a day with no school").format(
                                  minutes=entry.minutes),
                              (cite(entry),)))
    if (entry.minutes or 0) > SCHOOL_DAY_MINUTES:
        found.append(Conflict("longer-than-a-day", service.id, entry.date,
                              _("{minutes} min logged for one session").format(
                                  minutes=entry.minutes), (cite(entry),)))
    if row is not None and row.setting == "group" and _individual(service):
        found.append(Conflict("group-not-individual", service.id, entry.date,
                              _("logged as a group session; the plan says individual"),
                              (cite(entry),)))
    return found


def _individual(service: Service) -> bool:
    """The plan says individual: in the service's name, location or notes."""
    words = " ".join(filter(None, (service.name, service.location, service.notes))).lower()
    return "individual" in words and "group" not in words


def _family_conflicts(service: Service, entry: Observation, about: list[Observation],
                      absences: list[Observation]) -> list[Conflict]:
    found = []
    away = [a for a in absences if a.first_day <= entry.date <= a.date and not is_school(a)]
    if away:
        found.append(Conflict("family-absence", service.id, entry.date,
                              _("a session logged; the family recorded the child absent"),
                              (cite(entry),), tuple(cite(a) for a in away)))
    denied = [e for e in about if not is_school(e) and e.first_day <= entry.date <= e.date
              and e.finding_for(service.id) == "not-implemented"]
    if denied:
        found.append(Conflict("family-says-not", service.id, entry.date,
                              _("a session logged; the family's evidence says it did not "
                                "happen"),
                              (cite(entry),), tuple(cite(e) for e in denied)))
    return found


def _span(entry: Observation) -> tuple[int, int] | None:
    from iepcheck.evidence.school_rows import read_time

    row = entry.school_row
    if row is None or row.start is None:
        return None
    start = read_time(row.start)
    end = read_time(row.end) if row.end else None
    if start is None:
        return None
    return start, end if end is not None else start + (entry.minutes or 0)


def _same_day(service: Service, day: date, held: list[Observation]) -> list[Conflict]:
    """Two sessions at overlapping times (or the same row twice, times unknown), and more
    sessions in a day than the plan gives in its whole period (`times`)."""
    found = []
    for i, one in enumerate(held):
        for other in held[i + 1:]:
            a, b = _span(one), _span(other)
            same = a is None and b is None and one.minutes == other.minutes
            if same or (a is not None and b is not None and a[0] < b[1] and b[0] < a[1]):
                found.append(Conflict("overlap", service.id, day,
                                      _("two sessions logged at the same or overlapping "
                                        "times"),
                                      (cite(one), cite(other))))
    if len(held) > service.times:
        found.append(Conflict("too-many-in-a-day", service.id, day,
                              _("{count} sessions logged; the plan gives {times} per {per}").format(
                                  count=len(held), times=service.times,
                                  per=_per_word(service.per)), tuple(cite(e) for e in held)))
    return found


def _per_word(per: str | None) -> str:
    """A service's period as the reader says it ('week' in English, 'semana' in Spanish)."""
    words = {"day": _("day"), "week": _("week"), "month": _("month")}
    return words.get(per or "", _("period"))


def _skipped_weeks(plan: Plan, service: Service, inside: list[Observation],
                   about: list[Observation], since: date, until: date) -> list[Conflict]:
    """Weeks between the school log's first and last rows (of any service) where the plan
    owes this service minutes and the log has no row of it at all, held or missed."""
    from iepcheck.evidence.minutes import required_minutes

    school_days = sorted(e.date for e in inside if is_school(e))
    if not school_days or not service.is_timed:
        return []
    rows = {week_of(e.date)[0] for e in about if is_school(e)}
    found = []
    for first, last in _week_starts(max(since, school_days[0]), min(until, school_days[-1])):
        if week_of(first)[0] in rows or plan.window(service, first, last) is None:
            continue
        if required_minutes(service, plan, first, last) > 0:
            found.append(Conflict("week-skipped", service.id, first,
                                  _("no row for the week {first}..{last}").format(
                                      first=first, last=last), ()))
    return found
