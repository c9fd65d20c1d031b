"""The plan's dates as an RFC 5545 iCalendar file, built with `icalendar`.

UIDs derive from the plan's id (`[plan] id`, which `init` writes), its start and each event's
stable key (uuid5), so importing a fresh export updates the events already in the calendar
instead of adding copies, and renaming the student changes no UID. A plan without an id keeps
the older derivation (the student's name, the plan's kind and start, the key), so calendars
made before ids keep their events.

SEQUENCE and LAST-MODIFIED say when each event last changed (event_revisions.py): the export
compares each event's content fingerprint with the previous export's, so an unchanged event
keeps both, and a changed one goes up by one. DTSTAMP is when the file was made.

The weekly check-in is one all-day event per school week of the plan, on the last school day
of the week within the plan's dates (`school_days`: a Friday holiday moves it to Thursday),
none in a week without school and none after the plan ends; its key is the week's Monday. The
first week keeps the key the single recurring check-in of earlier versions had, so importing
a new export replaces that series instead of leaving it beside the new events.

Every text value is built from the validated plan and passed through `ics_text`
(render/escape.py) before icalendar sees it, so no name can end a line and inject a property.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from icalendar import Calendar, Component, Event

    from iepcheck.due.reminders import PlanDate
    from iepcheck.plan.model import Plan
    from iepcheck.render.calendar_revisions import Revision

#: A fixed namespace for iepcheck's event UIDs (never change it: calendars match on UIDs).
UID_NAMESPACE = uuid.UUID("6f1e3c1a-7d0b-5f5e-9a47-3b8f2f0c9e21")
ANNUAL_REVIEW_ALARM = timedelta(weeks=3)
PRODID = "-//iepcheck//iepcheck reminders//EN"
#: The property holding an event's content fingerprint, for the next export to compare.
CONTENT = "X-IEPCHECK-CONTENT"
#: Not content: these change with the export or are derived from it.
NOT_CONTENT = ("UID", "DTSTAMP", "SEQUENCE", "LAST-MODIFIED", CONTENT)


def event_uid(plan: Plan, key: str) -> str:
    """Same plan and event, same UID; a new plan year (a new start date) gets new ones.

    With a plan id the student's name is not part of it: renaming the student (a legal name
    change, a typo fixed) keeps every event. Without one, the older derivation stands.
    """
    terms = plan.plan
    if terms.id is not None:
        seed = f"plan:{terms.id.lower()}/{terms.start.isoformat()}/{key}"
    else:
        seed = f"{plan.student.name}/{terms.kind}/{terms.start.isoformat()}/{key}"
    return f"{uuid.uuid5(UID_NAMESPACE, seed)}@iepcheck"


class CheckIn(NamedTuple):
    """One week's check-in: the day it falls on and the key its UID derives from."""

    day: date
    key: str


def check_ins(plan: Plan) -> list[CheckIn]:
    """The last school day of each week of the plan that has school, within its dates."""
    from iepcheck.plan.school_days import school_days_in, week_of

    terms = plan.plan
    found: list[CheckIn] = []
    monday = week_of(terms.start)[0]
    while monday <= terms.end:
        days = school_days_in(plan.calendar, max(monday, terms.start),
                              min(monday + timedelta(days=6), terms.end))
        if days:
            key = "weekly-check-in" if not found else f"weekly-check-in-{monday.isoformat()}"
            found.append(CheckIn(days[-1], key))
        monday += timedelta(days=7)
    return found


def content_fingerprint(event: Component) -> str:
    """SHA-256 (first 32 hex digits) of the event as written, without UID, DTSTAMP and the
    revision itself: what a change to the summary, the date, the rule or an alarm changes."""
    import hashlib

    lines = event.to_ical().decode("utf-8").split("\r\n")
    kept = [line for line in lines if not line.upper().startswith(
        tuple(f"{name}:" for name in NOT_CONTENT) + tuple(f"{name};" for name in NOT_CONTENT))]
    return hashlib.sha256("\r\n".join(kept).encode("utf-8")).hexdigest()[:32]


def stamp_revisions(calendar: Calendar, previous: Mapping[str, Revision],
                    now: datetime) -> None:
    """SEQUENCE, LAST-MODIFIED and the fingerprint on every event (event_revisions.py)."""
    from iepcheck.render.calendar_revisions import revise

    for event in calendar.walk("VEVENT"):
        content = content_fingerprint(event)
        revision = revise(previous.get(str(event["uid"])), content, now)
        event.add("sequence", revision.sequence)
        event.add("last-modified", revision.modified or now)
        event.add(CONTENT.lower(), content)


def previous_revisions(text: bytes) -> dict[str, Revision]:
    """What an earlier export to the same file said about each event, by UID; nothing when
    the file is not an iepcheck calendar (it is then simply replaced, as before)."""
    from icalendar import Calendar

    from iepcheck.render.calendar_revisions import Revision

    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError, UnicodeDecodeError):
        return {}
    if str(calendar.get("prodid", "")) != PRODID:
        return {}
    found = {}
    for event in calendar.walk("VEVENT"):
        try:
            sequence = int(event.get("sequence", 0))
            modified = event.decoded("last-modified") if "last-modified" in event else None
        except (ValueError, TypeError):
            continue
        content = str(event[CONTENT]) if CONTENT in event else None
        start = event.decoded("dtstart") if "dtstart" in event else None
        found[str(event.get("uid", ""))] = Revision(
            content, max(sequence, 0), modified, start if isinstance(start, date) else None,
            str(event.get("summary", "")), str(event.get("status", "")).upper() == "CANCELLED")
    return found


def cancel_removed(calendar: Calendar, previous: Mapping[str, Revision],
                   now: datetime) -> None:
    """Every event of the previous export that this one no longer holds, as cancelled
    (docs in calendar_revisions.py): a re-import then removes it from the calendar."""
    from icalendar import Event

    from iepcheck.render.calendar_revisions import cancelled

    present = {str(event["uid"]) for event in calendar.walk("VEVENT")}
    for uid, earlier in sorted(previous.items()):
        if uid in present or not uid or earlier.start is None:
            continue
        revision = cancelled(earlier, now)
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", now)
        event.add("dtstart", earlier.start)
        event.add("dtend", earlier.start + timedelta(days=1))
        event.add("summary", earlier.summary)
        event.add("status", "CANCELLED")
        event.add("transp", "TRANSPARENT")
        event.add("sequence", revision.sequence)
        event.add("last-modified", revision.modified or now)
        if earlier.content is not None:
            event.add(CONTENT.lower(), earlier.content)
        calendar.add_component(event)


def render_ics(plan: Plan, dates: list[PlanDate], stamp: datetime,
               previous: Mapping[str, Revision] | None = None) -> str:
    """The calendar: a weekly check-in over the plan's span, then each plan date, all-day.

    `previous`: the revisions of an earlier export to the same file (`previous_revisions`),
    so unchanged events keep their SEQUENCE and LAST-MODIFIED."""
    from icalendar import Alarm, Calendar, Event, vText

    from iepcheck.language.messages import _
    from iepcheck.letters.compose import kind_name
    from iepcheck.render.escape import ics_text

    child = ics_text(plan.student.name).split()[0]
    kind = kind_name(plan.plan.kind)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", vText(ics_text(f"{plan.student.name}: {kind}")))

    for check_in in check_ins(plan):
        weekly = _event(Event(), plan, check_in.key, check_in.day, stamp,
                        _("{child}'s {kind}: weekly check-in").format(child=child, kind=kind))
        weekly.add("description", _("Run 'iepcheck due', ask the child how the week went, and "
                                    "send the emails 'iepcheck draft-email STAFF' drafts."))
        calendar.add_component(weekly)

    for day in dates:
        event = _event(Event(), plan, day.key, day.date, stamp,
                       _("{child}'s {kind}: {event}").format(child=child, kind=kind,
                                                             event=day.event))
        if day.key == "annual-review":
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", _("{child}'s annual review is in 3 weeks: gather the log "
                                       "and run 'iepcheck report'.").format(child=child))
            alarm.add("trigger", -ANNUAL_REVIEW_ALARM)
            event.add_component(alarm)
        calendar.add_component(event)
    stamp_revisions(calendar, previous or {}, stamp)
    cancel_removed(calendar, previous or {}, stamp)
    text: str = calendar.to_ical().decode("utf-8")
    return text


def _event(event: Event, plan: Plan, key: str, day: date, stamp: datetime,
           summary: str) -> Event:
    event.add("uid", event_uid(plan, key))
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    from iepcheck.render.escape import ics_text

    event.add("summary", ics_text(summary))
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy hour
    return event
