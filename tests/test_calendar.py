"""`iepcheck calendar`: a valid iCalendar file whose UIDs survive a second export."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar

from iepcheck.due.reminders import plan_dates
from iepcheck.render.ics import render_ics
from iepcheck.store.plan_file import load_plan
from tests.conftest import snapshot


def _events(text: str) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_the_calendar_parses_and_holds_every_plan_date(cli, example_plan: Path) -> None:
    out = example_plan.with_name("maya.ics")
    done = cli("calendar", "--plan", example_plan, "--output", out)
    assert done.code == 0, done.stderr
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    assert str(calendar["version"]) == "2.0" and "iepcheck" in str(calendar["prodid"])
    events = _events(out.read_text())
    weekly = sorted(e.decoded("dtstart") for e in calendar.walk("VEVENT")
                    if str(e["summary"]) == "Maya's IEP: weekly check-in")
    assert weekly[0] == date(2026, 8, 28)  # the first Friday of the plan
    assert weekly[-1] == date(2027, 8, 19)  # the plan's last day, a Thursday
    assert not any("rrule" in e for e in calendar.walk("VEVENT"))
    assert events["Maya's IEP: Social skills group starts"].decoded("dtstart") == date(2027, 1, 4)
    review = events["Maya's IEP: annual review"]
    assert review.decoded("dtstart") == date(2027, 8, 19)
    [alarm] = review.walk("VALARM")
    assert alarm.decoded("trigger") == -timedelta(weeks=3)
    request = events[
        "Maya's IEP: request the school's service logs in writing before the annual review"]
    assert request.decoded("dtstart") < date(2027, 8, 19) - timedelta(days=45)


def test_every_progress_report_is_an_event(cli, example_plan: Path) -> None:
    text = cli("calendar", "--plan", example_plan).stdout
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    reports = sorted(e.decoded("dtstart") for e in events
                     if str(e["summary"]).endswith("progress report"))
    assert reports == [date(2026, 11, 13), date(2027, 2, 12), date(2027, 6, 4)]


def test_a_second_export_keeps_every_uid_though_dtstamp_changes(example_plan: Path) -> None:
    plan = load_plan(example_plan)
    first = render_ics(plan, plan_dates(plan), datetime(2026, 11, 20, 9, tzinfo=UTC))
    second = render_ics(plan, plan_dates(plan), datetime(2026, 12, 1, 18, tzinfo=UTC))
    assert first != second
    uids = [[str(e["uid"]) for e in icalendar.Calendar.from_ical(t).walk("VEVENT")]
            for t in (first, second)]
    assert uids[0] == uids[1] and len(set(uids[0])) == len(uids[0])


def test_uids_are_stable_through_the_command_and_follow_the_event_not_its_date(
        cli, example_plan: Path) -> None:
    def uids() -> dict[str, str]:
        text = cli("calendar", "--plan", example_plan).stdout
        return {str(e["summary"]): str(e["uid"])
                for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}

    before = uids()
    assert before == uids()
    example_plan.write_text(example_plan.read_text().replace("end = 2027-08-19",
                                                             "end = 2027-08-12"))
    after = uids()  # the review moved: the calendar app updates the same event
    assert after["Maya's IEP: annual review"] == before["Maya's IEP: annual review"]


def test_a_missing_plan_exits_2_and_writes_nothing(cli, tmp_path: Path) -> None:
    out = tmp_path / "cal.ics"
    done = cli("calendar", "--plan", tmp_path / "nope.toml", "--output", out)
    assert done.code == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "iepcheck init" in done.stderr and snapshot(out) == {out: None}


def test_an_unwritable_output_exits_2_with_one_line(cli, example_plan: Path) -> None:
    out = example_plan.with_name("no-such-folder") / "cal.ics"
    done = cli("calendar", "--plan", example_plan, "--output", out)
    assert done.code == 2 and done.stderr.count("\n") == 1 and "--output" in done.stderr
    assert not out.exists()


# --- weekly check-ins on the school calendar, read back with an independent parser ----------

def _vobject_check_ins(text: str) -> dict[date, str]:
    """Check-in day -> UID, parsed by vobject (not the icalendar library that wrote it)."""
    import vobject

    parsed = vobject.readOne(text)
    found = {}
    for event in parsed.vevent_list:
        if event.summary.value.endswith("weekly check-in"):
            assert event.dtend.value - event.dtstart.value == timedelta(days=1)
            assert not hasattr(event, "rrule")
            found[event.dtstart.value] = event.uid.value
    return found


def test_one_check_in_per_school_week_on_its_last_school_day(cli, example_plan: Path) -> None:
    text = cli("calendar", "--plan", example_plan).stdout
    days = _vobject_check_ins(text)
    assert len(set(days.values())) == len(days)  # one UID per week
    weeks = {day - timedelta(days=day.weekday()) for day in days}
    assert len(weeks) == len(days)  # one event per week
    assert date(2026, 9, 11) in days  # Labor Day week: still Friday
    assert date(2026, 11, 24) in days  # Thanksgiving break Wed–Fri: Tuesday
    assert not any(date(2026, 12, 21) <= d <= date(2027, 1, 3) for d in days)  # winter break
    assert not any(date(2027, 4, 5) <= d <= date(2027, 4, 11) for d in days)  # spring break
    assert max(days) == date(2027, 8, 19) and min(days) == date(2026, 8, 28)
    assert all(d.weekday() < 5 for d in days)


def test_a_friday_holiday_moves_the_check_in_to_thursday(cli, example_plan: Path) -> None:
    example_plan.write_text(example_plan.read_text().replace(
        "  2026-10-12,", "  2026-10-12,\n  2026-10-16,"))
    days = _vobject_check_ins(cli("calendar", "--plan", example_plan).stdout)
    assert date(2026, 10, 15) in days and date(2026, 10, 16) not in days


def test_check_in_uids_follow_the_week_across_exports_and_calendar_edits(
        cli, example_plan: Path) -> None:
    before = _vobject_check_ins(cli("calendar", "--plan", example_plan).stdout)
    assert before == _vobject_check_ins(cli("calendar", "--plan", example_plan).stdout)
    # A new Friday holiday moves that week's check-in to Thursday under the same UID.
    example_plan.write_text(example_plan.read_text().replace(
        "  2026-10-12,", "  2026-10-12,\n  2026-10-16,"))
    after = _vobject_check_ins(cli("calendar", "--plan", example_plan).stdout)
    assert after[date(2026, 10, 15)] == before[date(2026, 10, 16)]
    assert set(after.values()) == set(before.values())
