"""When a calendar event changed: its SEQUENCE and LAST-MODIFIED, from the previous export.

Pure: what an event holds now and what the previous export said about it in; the event's
revision out. No clock (the caller passes the export's time), no files.

Why from the previous export: a calendar program takes a re-imported event as an update only
when its SEQUENCE is at least the one it has, and RFC 5545 makes SEQUENCE a counter that goes
up by one with each change. A number worked out from the event's content alone (a hash)
cannot go up: half the time it would go down and the update would be ignored. A number from
the clock would go up on every export, changed or not, and LAST-MODIFIED would claim a change
that never happened. So each event carries a fingerprint of its content
(`X-IEPCHECK-CONTENT`), and the next export to the same file compares:

- an event the previous export did not hold: SEQUENCE 0, LAST-MODIFIED now;
- the same fingerprint: SEQUENCE and LAST-MODIFIED as they were (nothing changed);
- a different fingerprint, or none (an export made before fingerprints): SEQUENCE + 1,
  LAST-MODIFIED now.

With no previous export (printing to the screen, a new file) every event is new.

An event the previous export held and this one does not (a date taken out of the plan, a
meeting moved to another key) is exported once more, cancelled: same UID, `STATUS:CANCELLED`,
SEQUENCE + 1, so a calendar app that re-imports the file removes it instead of keeping a
meeting that is no longer planned (`cancelled`). A cancelled event stays cancelled, with its
SEQUENCE, in every later export to the same file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Revision:
    """An event as an export stated it: its content fingerprint, SEQUENCE and LAST-MODIFIED."""

    content: str | None  # None: an export made before fingerprints
    sequence: int
    modified: datetime | None
    #: What a cancelled copy of the event needs: its day, its title, whether it already was.
    start: date | None = None
    summary: str = ""
    cancelled: bool = False


def revise(previous: Revision | None, content: str, now: datetime) -> Revision:
    """This export's revision of an event whose content fingerprint is `content`."""
    if previous is None:
        return Revision(content, 0, now)
    if previous.content == content and previous.modified is not None:
        return previous
    return Revision(content, previous.sequence + 1, now)


def cancelled(previous: Revision, now: datetime) -> Revision:
    """The revision of an event that left the plan: one step up when it is first cancelled,
    unchanged after (it already says cancelled)."""
    if previous.cancelled and previous.modified is not None:
        return previous
    return Revision(previous.content, previous.sequence + 1, now, previous.start,
                    previous.summary, cancelled=True)
