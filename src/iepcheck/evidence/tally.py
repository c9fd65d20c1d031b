"""Which observations support which item, and each item's evidence status for a period.

Pure: the plan, the log's entries and a period in; statuses out. No clock, no files. The rules,
applied here and tested at their boundaries (docs/evidence.md):
- An observation **supports** an item when it names the item, is not retracted (and is not itself
  a retraction), lies in the period and in the item's window, and its finding *about that item*
  (`entry.finding_for(item)`: a per-item finding overrides the entry's) is `implemented` or
  `partial`. A service log covering a range (`covers_from`..`date`) lies in the window when
  the range overlaps it, and counts as support dated at min(date, end of the window).
- **Latest** means the latest date; two entries on the same date are ordered by entry number,
  because the log keeps the order in which the parent wrote them down. Several authors' logs
  are merged in the order their entries were written down (docs/authors.md), and that order
  decides: the entry's position in the list, which for one log is its number.
- Status, first that applies: `not-implemented` (the latest finding is `not-implemented`),
  `no-evidence` (nothing supports it), `stale` (more school days than `check_every` allows have
  passed after the latest support, up to the end of the item's window), `partial` (the latest
  finding is `partial`), `ok`. An `unclear` finding supports nothing, but as the latest finding
  it does hide an earlier `not-implemented` or `partial`.
- An item in effect on no day of the period is `inactive`, never a gap.

These are the statuses the log's findings give. `report.build_report` is the one place that
gives an item its *final* status: it adds the minutes (a service with recent evidence but too
few documented minutes is `minutes-short`), and every command reads statuses from it.

The log is read in one pass (`tally_entries`), so a report over 100,000 entries stays linear;
`evidence/report.py` reuses the same tally for minutes delivered, missed and the child's absences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from iepcheck.language.messages import _
from iepcheck.plan.model import Accommodation, Plan, Service
from iepcheck.plan.school_days import allowed_school_days, school_days_after
from iepcheck.record.entries import Observation, live_entries
from iepcheck.vocabulary import SCHOOL, SUPPORTING_FINDINGS, Finding, Status


@dataclass(frozen=True, slots=True)
class Period:
    """The days a report covers, both ends included.

    Results the core computes (this, `ItemEvidence`, the report) are plain frozen dataclasses:
    their values are already valid, so they skip validation (docs/architecture.md).
    """

    since: date
    until: date

    def __post_init__(self) -> None:
        if self.until < self.since:
            raise ValueError(_("the period ends ({until}) before it starts ({since})").format(
                until=self.until, since=self.since))


@dataclass(frozen=True, slots=True)
class ItemEvidence:
    """What the log shows about one plan item over a period."""

    item: Service | Accommodation
    status: Status
    evidence_count: int
    last_evidence: date | None
    last_finding: str | None


@dataclass(frozen=True, slots=True)
class RangeMinutes:
    """Minutes a service log gives for several days at once (`covers_from`..`date`)."""

    first: date
    last: date
    minutes: int


@dataclass
class ItemTally:
    """Running totals for one item while the log is read (mutable, private to one report).

    Minutes of single-day entries are summed as they are read; range logs are kept whole in
    `delivered_ranges`/`missed_ranges`, because their part in the window depends on the
    child's absences, which are known only once the whole log has been read.
    """

    window: tuple[date, date] | None
    evidence_count: int = 0
    last_support: tuple[date, int] | None = None
    last_finding: tuple[date, int, str] | None = None
    delivered: int = 0
    missed: int = 0
    delivered_ranges: list[RangeMinutes] = field(default_factory=list)
    missed_ranges: list[RangeMinutes] = field(default_factory=list)
    absent: set[date] = field(default_factory=set)
    #: Single-day delivered minutes by day, as the school's own log and as the family's
    #: evidence give them: a day both recorded counts once (`count_sessions_once`).
    school_days: dict[date, int] = field(default_factory=dict)
    family_days: dict[date, int] = field(default_factory=dict)


def count_sessions_once(counts: ItemTally) -> None:
    """On a day both the school's log and the family's evidence give delivered minutes, the
    larger of the two counts, never their sum: a session both sides recorded is one session
    (docs/school-logs.md). A record without the school's log is unchanged."""
    family = counts.family_days
    counts.delivered -= sum(min(school, family.get(day, 0))
                            for day, school in counts.school_days.items())


@dataclass
class Tally:
    """Everything one pass over the log yields for a period."""

    items: dict[str, ItemTally]
    absent_all: set[date]  # `absence` entries naming no item: every service is excused that day
    unknown: dict[str, int]  # item ids named by entries in the period but not in the plan


def tally_entries(plan: Plan, entries: list[Observation], period: Period) -> Tally:
    """Read the log once: supports, findings, minutes and absences per item.

    Absences are gathered on every date, not only in the period: spreading a range log that
    reaches outside the period weighs each of its days, and an absent day weighs nothing.

    The position of an entry in what stands orders one day's entries: one log's are in the
    order they were written down (their numbers), several authors' are merged in that order
    too. Entries are read in that order, so an entry dated on or after the latest so far is
    the latest. This loop runs once an entry and item (4 µs of a 10,000-entry log's 5 µs
    beyond start-up go to pydantic, the rest mostly here): it keeps to local names.
    """
    tally = Tally({i.id: ItemTally(plan.window(i, period.since, period.until))
                   for i in plan.items}, set(), {})
    since, until, items = period.since, period.until, tally.items
    for position, entry in enumerate(live_entries(entries), start=1):
        if entry.kind == "absence":
            _absence(tally, entry)
        day, first_day = entry.date, entry.first_day
        if day < since or first_day > until:
            continue
        for item_id in entry.items:
            counts = items.get(item_id)
            if counts is None:
                tally.unknown[item_id] = tally.unknown.get(item_id, 0) + 1
                continue
            window = counts.window
            if not window or first_day > window[1] or window[0] > day:
                continue
            finding = entry.finding_for(item_id)
            if finding is not None:
                _count(counts, entry, finding, min(day, window[1]), position)
    for counts in items.values():
        if counts.school_days:
            count_sessions_once(counts)
    return tally


def _absence(tally: Tally, entry: Observation) -> None:
    if not entry.items:
        tally.absent_all.add(entry.date)
    for item_id in entry.items:
        counts = tally.items.get(item_id)
        if counts is not None:
            counts.absent.add(entry.date)


def _count(counts: ItemTally, entry: Observation, finding: str, day: date,
           position: int) -> None:
    """One finding about one item, on `day` (a range reaching past the window: its end)."""
    last = counts.last_finding
    if last is None or day >= last[0]:
        counts.last_finding = (day, position, finding)
    if finding in SUPPORTING_FINDINGS:
        counts.evidence_count += 1
        if entry.covers_from is not None and entry.minutes:
            counts.delivered_ranges.append(RangeMinutes(entry.covers_from, entry.date,
                                                        entry.minutes))
        elif entry.minutes:
            counts.delivered += entry.minutes
            voice = counts.school_days if entry.source == SCHOOL else counts.family_days
            voice[day] = voice.get(day, 0) + entry.minutes
        if counts.last_support is None or day >= counts.last_support[0]:
            counts.last_support = (day, position)
    elif finding == Finding.not_implemented:
        if entry.covers_from is not None and entry.minutes:
            counts.missed_ranges.append(RangeMinutes(entry.covers_from, entry.date,
                                                     entry.minutes))
        else:
            counts.missed += entry.minutes or 0


def is_stale(plan: Plan, item: Service | Accommodation, last_support: date,
             window_end: date) -> bool:
    """More school days have passed after `last_support`, up to `window_end`, than the
    item's check interval allows (docs/school-days.md): a break stops the clock. Evidence
    from before the school year holding `window_end` is never recent: a new year, with new
    staff, starts the clock afresh (docs/school-years.md)."""
    from iepcheck.plan.school_years import year_start_on

    if last_support < year_start_on(plan, window_end):
        return True
    interval = plan.check_every(item, window_end)
    allowed = allowed_school_days(interval, plan.calendar)
    return school_days_after(plan.calendar, last_support, window_end) > allowed


def status_of(item: Service | Accommodation, plan: Plan, counts: ItemTally) -> Status:
    """The first status the log's findings give (docs/evidence.md); minutes come later."""
    if counts.window is None:
        return Status.inactive
    finding = counts.last_finding[2] if counts.last_finding else None
    if finding == Finding.not_implemented:
        return Status.not_implemented
    if counts.last_support is None:
        return Status.no_evidence
    if is_stale(plan, item, counts.last_support[0], counts.window[1]):
        return Status.stale
    if finding == Finding.partial:
        return Status.partial
    return Status.ok


def assess_tally(plan: Plan, tally: Tally) -> list[ItemEvidence]:
    """Statuses from a tally already taken, in plan order."""
    assessed = []
    for item in plan.items:
        counts = tally.items[item.id]
        assessed.append(ItemEvidence(
            item=item,
            status=status_of(item, plan, counts),
            evidence_count=counts.evidence_count,
            last_evidence=counts.last_support[0] if counts.last_support else None,
            last_finding=counts.last_finding[2] if counts.last_finding else None,
        ))
    return assessed


def assess_items(plan: Plan, entries: list[Observation], period: Period) -> list[ItemEvidence]:
    """Every plan item's status for the period, in plan order."""
    return assess_tally(plan, tally_entries(plan, entries, period))


Assessed = TypeVar("Assessed", bound="ItemEvidence")


def gaps_first(assessed: list[Assessed]) -> list[Assessed]:
    """Ordered by status (gaps first), keeping the given (plan) order within a status."""
    return sorted(assessed, key=lambda a: a.status.rank)
