"""Which observations support which item, and each item's status for a period (docs/evidence.md).

Pure: the plan, the log's entries and a period in; statuses out. No clock, no files.

The rules, applied here and tested at their boundaries:
- An observation **supports** an item when it names the item, is not retracted (and is not itself
  a retraction), lies in the period, and its finding is `implemented` or `partial`.
- Only the part of the period in which the item is in effect counts (its own `start`..`end`
  within the plan's): an item added mid-period is judged from its first day, and one that ended
  is judged at its last day, not at the end of the period.
- **Latest** means the latest date; two entries on the same date are ordered by entry number,
  because the log keeps the order in which the parent wrote them down (a later entry that day
  reflects what was learned later). Several authors' logs are merged in the order their
  entries were written down (docs/authors.md), and that order decides.
- Status, first that applies: `not-implemented` (the latest finding is `not-implemented`),
  `no-evidence` (nothing supports it), `stale` (the latest support is more than `check_every`
  days before the end of the item's part of the period: on day `check_every` it is still
  fresh), `partial` (the latest finding is `partial`), `ok`. An `unclear` finding supports
  nothing, but as the latest finding it does hide an earlier `not-implemented` or `partial`:
  it is the newest word on the item, and the report shows it as the last finding.
- An item in effect on no day of the period is `inactive`, never a gap.

The log is read in one pass (`tally_entries`), so a report over 100,000 entries stays linear;
`report.py` reuses the same tally for minutes delivered, missed and the child's absences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from iepcheck.observations import Observation, retracted_keys
from iepcheck.plan import Accommodation, Plan, Service
from iepcheck.vocabulary import SUPPORTING_FINDINGS, Finding, Status


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
            raise ValueError(f"the period ends ({self.until}) before it starts ({self.since})")


@dataclass(frozen=True, slots=True)
class ItemEvidence:
    """What the log shows about one plan item over a period."""

    item: Service | Accommodation
    status: Status
    evidence_count: int
    last_evidence: date | None
    last_finding: str | None


@dataclass
class ItemTally:
    """Running totals for one item while the log is read (mutable, private to one report)."""

    window: tuple[date, date] | None
    evidence_count: int = 0
    last_support: tuple[date, int] | None = None
    last_finding: tuple[date, int, str] | None = None
    delivered: int = 0
    missed: int = 0
    absent: set[date] = field(default_factory=set)


@dataclass
class Tally:
    """Everything one pass over the log yields for a period."""

    items: dict[str, ItemTally]
    absent_all: set[date]  # `absence` entries naming no item: every service is excused that day
    unknown: dict[str, int]  # item ids named by entries in the period but not in the plan


def tally_entries(plan: Plan, entries: list[Observation], period: Period) -> Tally:
    """Read the log once: supports, findings, minutes and absences per item."""
    gone = retracted_keys(entries)
    tally = Tally({i.id: ItemTally(plan.window(i, period.since, period.until)) for i in plan.items}, set(), {})
    for position, entry in enumerate(entries, start=1):
        if entry.retracts is not None or entry.key in gone:
            continue
        if not period.since <= entry.date <= period.until:
            continue
        if entry.kind == "absence" and not entry.items:
            tally.absent_all.add(entry.date)
        for item_id in entry.items:
            counts = tally.items.get(item_id)
            if counts is None:
                tally.unknown[item_id] = tally.unknown.get(item_id, 0) + 1
            elif counts.window and counts.window[0] <= entry.date <= counts.window[1]:
                _count(counts, entry, entry.finding_for(item_id), position)
    return tally


def _count(counts: ItemTally, entry: Observation, finding: str | None, position: int) -> None:
    """`position` in the log orders entries of one day: one author's log is in the order
    it was written down (its numbers), several authors' are merged in that order too."""
    if entry.kind == "absence":
        counts.absent.add(entry.date)
    if finding is None:
        return
    when = (entry.date, position)
    if counts.last_finding is None or when > counts.last_finding[:2]:
        counts.last_finding = (*when, finding)
    if finding in SUPPORTING_FINDINGS:
        counts.evidence_count += 1
        counts.delivered += entry.minutes or 0
        if counts.last_support is None or when > counts.last_support:
            counts.last_support = when
    elif finding == Finding.not_implemented:
        counts.missed += entry.minutes or 0


def status_of(item: Service | Accommodation, plan: Plan, counts: ItemTally) -> Status:
    """The first status that applies (docs/evidence.md)."""
    if counts.window is None:
        return Status.inactive
    finding = counts.last_finding[2] if counts.last_finding else None
    if finding == Finding.not_implemented:
        return Status.not_implemented
    if counts.last_support is None:
        return Status.no_evidence
    if (counts.window[1] - counts.last_support[0]).days > plan.check_every(item):
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
