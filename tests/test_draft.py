"""The weekly email: one yes/no question per item, with dates, weakest evidence first."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from iepcheck.draft import draft_email, last_missed, question, weakest_first
from iepcheck.planfile import load_plan
from iepcheck.vocabulary import Status
from tests.test_reminders import REMINDER_PLAN

WEEK = "this week (16–20 Nov)"


@pytest.fixture
def plan(tmp_path: Path):
    path = tmp_path / "maya.toml"
    path.write_text(REMINDER_PLAN + """
[[services]]
id = "reading"
name = "Reading instruction"
minutes = 45
per = "day"
provider = "ms-lee"

[[services]]
id = "counseling"
name = "Counseling"
minutes = 30
times = 2
per = "month"
provider = "ms-lee"
""")
    return load_plan(path)


def _assessed(item, status: str, last: date | None = None) -> SimpleNamespace:
    return SimpleNamespace(item=item, status=Status(status), evidence_count=0 if last is None else 1,
                           last_evidence=last, last_finding=None)


def test_weakest_first_is_by_status_then_oldest_evidence_then_plan_order(plan) -> None:
    speech, ext, seat, reading = (plan.item(i) for i in
                                  ("speech", "extended-time", "seating", "reading"))
    ordered = weakest_first([
        _assessed(speech, "ok", date(2026, 11, 18)),
        _assessed(ext, "stale", date(2026, 11, 2)),
        _assessed(seat, "stale", date(2026, 10, 20)),
        _assessed(reading, "not-implemented"),
    ])
    assert [a.item.id for a in ordered] == ["reading", "seating", "extended-time", "speech"]


def test_questions_are_yes_or_no_with_the_week_and_the_last_date(plan) -> None:
    ext = plan.item("extended-time")
    assert question(plan, _assessed(ext, "stale", date(2026, 11, 2)), WEEK, None) == (
        "Was Maya's accommodation “Extended time on tests” provided in math and science "
        "this week (16–20 Nov)? "
        "(The last time I could confirm it was 2 Nov.)")
    assert question(plan, _assessed(ext, "no-evidence"), WEEK, None).endswith(
        "(I have no record of it since the plan started on 24 Aug 2026.)")
    assert question(plan, _assessed(ext, "not-implemented"), WEEK, date(2026, 11, 18)).endswith(
        "(My notes say it did not happen on 18 Nov.)")


def test_service_questions_count_the_sessions_owed(plan) -> None:
    def asked(item_id: str) -> str:
        return question(plan, _assessed(plan.item(item_id), "ok", date(2026, 11, 18)), WEEK,
                        None).split("?")[0]

    assert asked("speech") == (
        "Did Maya get both 30-minute sessions of speech and language therapy this week (16–20 Nov)")
    assert asked("reading") == (
        "Did Maya get 45 minutes of reading instruction each school day this week (16–20 Nov)")
    assert asked("counseling") == (
        "Is Maya on schedule for both 30-minute sessions of counseling due this month")
    assert asked("social-skills") == "Did Maya have social skills group this week (16–20 Nov)"


def test_the_draft_is_addressed_signed_and_names_only_their_items(plan) -> None:
    lee = plan.staff_member("ms-lee")
    assessed = [_assessed(i, "ok", date(2026, 11, 18)) for i in plan.items]
    draft = draft_email(plan, lee, assessed, [], date(2026, 11, 20))
    assert draft.items == ("reading", "counseling", "extended-time", "seating")
    assert draft.body.startswith("Dear Ms. Lee,\n")
    assert draft.body.rstrip().endswith("Kind regards,\nAna Rivera")
    assert "speech" not in draft.body.lower()
    assert draft.subject == "Maya's IEP: weekly check-in, week of 16 Nov"
    assert (draft.to_email, draft.from_email) == ("lee@school.example.org", "ana@example.com")
    numbered = [line for line in draft.body.splitlines() if line[:2] in ("1.", "2.", "3.", "4.")]
    assert len(numbered) == 4 and all(line.count("?") == 1 for line in numbered)


def test_without_a_parent_name_it_is_signed_as_the_childs_parent(tmp_path: Path) -> None:
    path = tmp_path / "maya.toml"
    path.write_text(REMINDER_PLAN.replace('name = "Ana Rivera"\n', ""))
    plan = load_plan(path)
    draft = draft_email(plan, plan.staff_member("mr-ortiz"),
                        [_assessed(plan.item("speech"), "no-evidence")], [], date(2026, 11, 16))
    assert draft.body.rstrip().endswith("Maya's parent")
    assert "today (Mon 16 Nov)" in draft.body  # on a Monday the week so far is one day
    assert draft.items == ("speech",)


def test_items_not_yet_in_effect_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "maya.toml"
    path.write_text(REMINDER_PLAN.replace('provider = "Mr. Diaz, counselor"', 'staff = ["ms-lee"]'))
    plan = load_plan(path)
    assessed = [_assessed(plan.item(i), "no-evidence") for i in ("social-skills", "seating")]
    before = draft_email(plan, plan.staff_member("ms-lee"), assessed, [], date(2026, 11, 20))
    assert before.items == ("seating",)
    after = draft_email(plan, plan.staff_member("ms-lee"), assessed, [], date(2027, 1, 4))
    assert after.items == ("social-skills", "seating")


def test_the_last_missed_day_per_item_is_gathered_in_one_pass() -> None:
    """Latest day per item up to `as_of`; retracted entries and other findings do not count."""
    from iepcheck.observations import validate_entry

    def entry(n: int, day: str, items: list[str], finding: str | None = "not-implemented",
              retracts: int | None = None):
        return validate_entry({
            "n": n, "id": f"00000000-0000-4000-8000-{n:012d}", "date": day,
            "recorded_at": f"{day}T09:00:00+00:00", "kind": "note" if retracts else "interview",
            "items": items, "finding": None if retracts else finding, "retracts": retracts})

    entries = [
        entry(1, "2026-11-10", ["extended-time", "seating"]),
        entry(2, "2026-11-12", ["extended-time"]),
        entry(3, "2026-11-13", ["seating"]),
        entry(4, "2026-11-16", ["seating"], retracts=3),
        entry(5, "2026-11-17", ["speech"], finding="implemented"),
        entry(6, "2026-11-21", ["speech"]),  # after as_of: not yet known
    ]
    assert last_missed(entries, date(2026, 11, 20)) == {
        "extended-time": date(2026, 11, 12), "seating": date(2026, 11, 10)}
    # A visit that saw seating done and extended time not: per-item findings.
    visit = validate_entry({
        "n": 7, "id": "00000000-0000-4000-8000-000000000007", "date": "2026-11-19",
        "recorded_at": "2026-11-19T09:00:00+00:00", "kind": "visit",
        "items": ["extended-time", "seating"], "finding": "implemented",
        "findings": {"extended-time": "not-implemented"}})
    assert last_missed([*entries, visit], date(2026, 11, 20)) == {
        "extended-time": date(2026, 11, 19), "seating": date(2026, 11, 10)}
