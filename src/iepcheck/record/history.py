"""Which entries `iepcheck history` shows: one pass over the log, in log order.

Pure: entries and a query in, the entries to show and the numbers withdrawn out. Every step
is linear in the log (a 100,000-entry log is a few school years of a busy parent).
"""

from __future__ import annotations

import sys
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date

    from iepcheck.record.entries import EntryKey, Observation


@dataclass(frozen=True)
class HistoryQuery:
    """What to show. Empty `items`/`kinds` mean every item/kind; None means no bound."""

    items: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None
    as_of: date | None = None
    recorded_by: date | None = None
    last: int | None = None


def recorded_by(entries: Iterable[Observation], day: date) -> list[Observation]:
    """The log as it stood at the end of `day`: entries written on or before that day (the
    date of `recorded_at` in the offset it was written with, the writer's own calendar day)
    about days on or before it. A retraction written later is not in it, so what it withdrew
    still stands there."""
    return [e for e in entries if e.recorded_at.date() <= day and e.date <= day]


def matches(entry: Observation, query: HistoryQuery) -> bool:
    """One entry against the filters: any of the items, any of the kinds, within the dates."""
    return ((not query.items or not query.items.isdisjoint((*entry.items, *entry.values)))
            and (not query.kinds or entry.kind in query.kinds)
            and (query.since is None or entry.date >= query.since)
            and (query.until is None or entry.date <= query.until))


def select(entries: Iterable[Observation],
           query: HistoryQuery) -> tuple[list[Observation], frozenset[EntryKey]]:
    """(entries to show, oldest first; keys of those withdrawn by a retraction). `as_of`
    acts as if today were that day: entries about later days are not shown, and every
    retraction counts whenever it was recorded, as in every other command. `recorded_by` is
    the audit view: the log as it was written by the end of that day, retractions written
    later not yet in it. `last` keeps the last N of those that match the filters."""
    from iepcheck.record.entries import retracted_keys

    held = recorded_by(entries, query.recorded_by) if query.recorded_by is not None \
        else list(entries)
    gone = retracted_keys(held)
    if query.as_of is not None:
        day = query.as_of
        held = [e for e in held if e.date <= day]
    shown: Iterable[Observation] = (e for e in held if matches(e, query))
    if query.last is not None:
        shown = deque(shown, maxlen=min(query.last, sys.maxsize))  # more than fits: all
    return list(shown), gone
