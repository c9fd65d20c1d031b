"""Calendar event UIDs from the plan id (stable when the student is renamed) and SEQUENCE /
LAST-MODIFIED that change only when the event does (event_revisions.py, docs/bundle.md)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest

from iepcheck.due.reminders import plan_dates
from iepcheck.render.calendar_revisions import Revision, revise
from iepcheck.render.ics import UID_NAMESPACE, event_uid, previous_revisions, render_ics
from iepcheck.store.plan_file import load_plan

PLAN_ID = "3f2b8c1e-6d4a-4f0e-9b7c-2a1d5e8f9c03"
FIRST = datetime(2026, 11, 20, 9, tzinfo=UTC)
LATER = datetime(2026, 12, 1, 18, tzinfo=UTC)


def with_id(plan: Path, plan_id: str = PLAN_ID) -> Path:
    plan.write_text(plan.read_text().replace("[plan]\n", f'[plan]\nid = "{plan_id}"\n', 1))
    return plan


def events(text: str) -> dict[str, icalendar.Event]:
    return {str(e["summary"]).split(": ", 1)[1]: e
            for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}


def export(plan_path: Path, stamp: datetime, previous: str | None = None) -> str:
    plan = load_plan(plan_path)
    before = previous_revisions(previous.encode()) if previous else None
    return render_ics(plan, plan_dates(plan), stamp, before)


# --- UIDs ---------------------------------------------------------------------------------------

def test_init_writes_a_plan_id_the_plan_reads(cli, tmp_path: Path) -> None:
    plan = tmp_path / "new.toml"
    assert cli("init", "--plan", plan).code == 0
    text = plan.read_text()
    written = next(line for line in text.splitlines() if line.startswith("id = "))
    plan_id = written.split('"')[1]
    assert str(uuid.UUID(plan_id)) == plan_id
    other = tmp_path / "other.toml"
    assert cli("init", "--plan", other).code == 0
    assert plan_id not in other.read_text()  # each plan its own


def test_with_a_plan_id_renaming_the_student_keeps_every_uid(example_plan: Path) -> None:
    with_id(example_plan)
    before = {k: str(e["uid"]) for k, e in events(export(example_plan, FIRST)).items()}
    example_plan.write_text(example_plan.read_text().replace('name = "Maya Rivera"',
                                                             'name = "Maya Rivera-Santos"'))
    after = {k: str(e["uid"]) for k, e in events(export(example_plan, FIRST)).items()}
    assert before == after and len(set(before.values())) == len(before)


def test_without_a_plan_id_uids_are_derived_as_before(example_plan: Path) -> None:
    """Calendars made before plan ids keep their events: the same seed, the same UID."""
    plan = load_plan(example_plan)
    seed = "Maya Rivera/IEP/2026-08-24/annual-review"
    assert event_uid(plan, "annual-review") == f"{uuid.uuid5(UID_NAMESPACE, seed)}@iepcheck"
    with_id(example_plan)
    assert event_uid(load_plan(example_plan), "annual-review") != event_uid(plan,
                                                                            "annual-review")


@pytest.mark.parametrize("bad", ["maya", "3f2b8c1e-6d4a-4f0e-9b7c", "", f"{PLAN_ID}x"])
def test_a_plan_id_that_is_not_a_uuid_is_refused(cli, example_plan: Path, bad: str) -> None:
    with_id(example_plan, bad)
    done = cli("calendar", "--plan", example_plan)
    assert done.code == 2 and done.stderr.count("\n") == 1
    assert "plan.id" in done.stderr and "UUID" in done.stderr


# --- SEQUENCE and LAST-MODIFIED -----------------------------------------------------------------

def test_the_revision_rule() -> None:
    content = "c" * 32
    assert revise(None, content, FIRST) == Revision(content, 0, FIRST)
    kept = Revision(content, 3, FIRST)
    assert revise(kept, content, LATER) is kept
    assert revise(kept, "d" * 32, LATER) == Revision("d" * 32, 4, LATER)
    assert revise(Revision(None, 0, None), content, LATER) == Revision(content, 1, LATER)


def test_an_unchanged_event_keeps_its_sequence_and_last_modified(example_plan: Path) -> None:
    first = export(example_plan, FIRST)
    second = export(example_plan, LATER, first)
    for name, event in events(second).items():
        assert event["sequence"] == 0, name
        assert event.decoded("last-modified") == FIRST, name
        assert event.decoded("dtstamp") == LATER, name
    assert second.replace("20261201T180000Z", "20261120T090000Z") == first


def test_a_changed_event_goes_up_by_one_and_says_when(example_plan: Path) -> None:
    first = export(example_plan, FIRST)
    example_plan.write_text(example_plan.read_text().replace("2027-02-12", "2027-02-19"))
    by_date = {e.decoded("dtstart").isoformat(): e
               for e in icalendar.Calendar.from_ical(export(example_plan, LATER, first))
               .walk("VEVENT")}
    assert by_date["2027-02-19"]["sequence"] == 1
    assert by_date["2027-02-19"].decoded("last-modified") == LATER
    assert by_date["2026-11-13"]["sequence"] == 0  # the other reports did not change
    assert by_date["2026-11-13"].decoded("last-modified") == FIRST


def test_the_command_compares_with_the_file_it_replaces(cli, example_plan: Path) -> None:
    out = example_plan.with_name("maya.ics")
    assert cli("calendar", "--plan", example_plan, "-o", out).code == 0
    example_plan.write_text(example_plan.read_text().replace("end = 2027-08-19",
                                                             "end = 2027-08-12"))
    assert cli("calendar", "--plan", example_plan, "-o", out).code == 0
    found = events(out.read_text())
    assert found["annual review"]["sequence"] == 1
    assert found["Social skills group starts"]["sequence"] == 0
    assert cli("calendar", "--plan", example_plan, "-o", out).code == 0
    assert events(out.read_text())["annual review"]["sequence"] == 1  # no change: no bump


def test_a_file_that_is_not_an_iepcheck_calendar_is_just_replaced(cli, example_plan) -> None:
    out = example_plan.with_name("maya.ics")
    out.write_text("not a calendar")
    assert cli("calendar", "--plan", example_plan, "-o", out).code == 0
    assert {e["sequence"] for e in events(out.read_text()).values()} == {0}


# --- events removed from the plan -----------------------------------------------------------

def test_an_event_removed_from_the_plan_is_exported_cancelled(example_plan: Path) -> None:
    first = export(example_plan, FIRST)
    example_plan.write_text(example_plan.read_text().replace(
        "progress_reports = [2026-11-13, 2027-02-12, 2027-06-04]",
        "progress_reports = [2026-11-13, 2027-02-12]"))
    second = export(example_plan, LATER, first)
    before = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(first).walk("VEVENT")}
    after = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(second).walk("VEVENT")}
    assert set(after) == set(before)  # the removed event is still there, to be cancelled
    gone = [uid for uid, e in after.items() if str(e.get("status", "")) == "CANCELLED"]
    assert len(gone) == 1
    event = after[gone[0]]
    assert event.decoded("dtstart").isoformat() == "2027-06-04"
    assert event["sequence"] == before[gone[0]]["sequence"] + 1
    assert event.decoded("last-modified") == LATER
    assert str(event["summary"]) == str(before[gone[0]]["summary"])
    third = export(example_plan, datetime(2026, 12, 5, tzinfo=UTC), second)
    again = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(third).walk("VEVENT")}
    assert str(again[gone[0]]["status"]) == "CANCELLED"
    assert again[gone[0]]["sequence"] == event["sequence"]  # cancelled once: no more bumps


def test_a_cancelled_event_parses_in_a_second_calendar_reader(example_plan: Path) -> None:
    vobject = pytest.importorskip("vobject")
    first = export(example_plan, FIRST)
    example_plan.write_text(example_plan.read_text().replace(", 2027-06-04]", "]"))
    parsed = vobject.readOne(export(example_plan, LATER, first))
    statuses = [e.status.value for e in parsed.vevent_list if hasattr(e, "status")]
    assert statuses == ["CANCELLED"]
