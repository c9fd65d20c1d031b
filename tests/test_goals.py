"""The goal rules of goals.py at their boundaries (docs/goals.md)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from fractions import Fraction

import pytest

from iepcheck.errors import UserError
from iepcheck.evidence.goal_words import parse_point, parse_value
from iepcheck.evidence.goals import (
    Verdict,
    assess_goals,
    expected_on,
    meeting_requests,
    reports_due,
)
from iepcheck.plan.model import Plan
from iepcheck.record.drafts import EntryDraft, entry_fields
from iepcheck.record.entries import Observation, validate_entry

RECORDED = datetime(2027, 12, 31, tzinfo=UTC)
REPORTS = (date(2026, 10, 31), date(2027, 1, 29), date(2027, 4, 29))


def make_plan(*goals: dict, reports: tuple[date, ...] = REPORTS) -> Plan:
    return Plan.model_validate({
        "student": {"name": "Ada"},
        "plan": {"kind": "IEP", "start": date(2026, 8, 24), "end": date(2027, 6, 30),
                 "progress_reports": list(reports)},
        "goals": list(goals),
    })


UP = {"id": "up", "area": "reading", "statement": "Reads", "measure": "wcpm",
      "baseline": {"value": 60, "date": date(2026, 9, 1)},
      "target": {"value": 90, "date": date(2027, 6, 28)}}  # 300 days, a tenth = 3
DOWN = {"id": "down", "area": "behavior", "statement": "Fewer", "measure": "a week",
        "direction": "down", "baseline": {"value": 10, "date": date(2026, 9, 1)},
        "target": {"value": 2, "date": date(2027, 6, 28)}}  # a tenth = 0.8


def entry(n: int, day: date, values: dict, kind: str = "progress-report",
          **extra: object) -> Observation:
    draft = EntryDraft(kind=kind, date=day, values=tuple(values.items()), **extra)
    return validate_entry(entry_fields(draft, n=n, entry_id=str(uuid.uuid4()),
                                       recorded_at=RECORDED))


def verdict(goal: dict, value: float, day: date) -> Verdict:
    plan = make_plan(goal)
    [progress] = assess_goals(plan, [entry(1, day, {goal["id"]: value})], date(2027, 6, 30))
    return progress.verdict


DAY_60 = date(2026, 10, 31)  # expected: up 66 (behind below 63), down 8.4 (behind above 9.2)


@pytest.mark.parametrize("goal, value, expected", [
    (UP, 63, Verdict.on_track),          # exactly a tenth below the line
    (UP, 62.99, Verdict.behind),         # just beyond it
    (UP, 66, Verdict.on_track),
    (UP, 89.99, Verdict.on_track),
    (UP, 90, Verdict.met),               # the target itself
    (UP, 95, Verdict.met),
    (DOWN, 9.2, Verdict.on_track),       # mirrored: exactly a tenth above
    (DOWN, 9.21, Verdict.behind),
    (DOWN, 2.01, Verdict.on_track),
    (DOWN, 2, Verdict.met),
    (DOWN, 0, Verdict.met),
])
def test_verdicts_at_their_boundaries(goal: dict, value: float, expected: Verdict) -> None:
    assert verdict(goal, value, DAY_60) is expected


def test_decimals_are_exact() -> None:
    """In floats 0.4 − 0.3 is 0.10000000000000003, past a tenth; as decimals it is the edge."""
    goal = {**UP, "baseline": {"value": 0.2, "date": date(2026, 9, 1)},
            "target": {"value": 1.2, "date": date(2026, 9, 11)}}  # 10 days; a tenth = 0.1
    # day 2: expected 0.2 + 1.0 × 2 ÷ 10 = 0.4, behind below 0.3
    assert verdict(goal, 0.3, date(2026, 9, 3)) is Verdict.on_track
    assert verdict(goal, 0.29, date(2026, 9, 3)) is Verdict.behind


def test_the_line_runs_from_baseline_to_target_and_stays_at_the_target() -> None:
    plan = make_plan(UP)
    goal = plan.goals[0]
    due = plan.target_date(goal)
    assert expected_on(goal, due, date(2026, 9, 1)) == 60
    assert expected_on(goal, due, date(2027, 1, 29)) == 75  # day 150
    assert expected_on(goal, due, date(2027, 2, 3)) == Fraction(60) + Fraction(155, 10)
    assert expected_on(goal, due, date(2027, 6, 28)) == 90
    assert expected_on(goal, due, date(2027, 6, 30)) == 90  # after the target date


def test_no_data_until_a_measurement_since_the_baseline() -> None:
    plan = make_plan(UP)
    before = entry(1, date(2026, 8, 30), {"up": 50}, kind="note")  # before the baseline
    [progress] = assess_goals(plan, [before], date(2027, 6, 30))
    assert progress.verdict is Verdict.no_data and progress.latest is None
    assert progress.expected is None
    on_the_day = entry(2, date(2026, 9, 1), {"up": 60}, kind="note")
    [progress] = assess_goals(plan, [before, on_the_day], date(2027, 6, 30))
    assert progress.latest is not None and progress.latest.entry == 2


def test_latest_is_by_date_then_entry_and_ignores_later_days_and_retractions() -> None:
    plan = make_plan(UP)
    entries = [entry(1, date(2026, 11, 2), {"up": 70}, kind="note"),
               entry(2, date(2026, 11, 1), {"up": 50}, kind="note"),
               entry(3, date(2026, 11, 2), {"up": 68}, kind="work-sample"),
               entry(4, date(2026, 11, 5), {"up": 99}, kind="note")]
    [progress] = assess_goals(plan, entries, date(2026, 11, 4))  # #4 is not yet known
    assert progress.latest is not None and progress.latest.entry == 3
    assert [m.entry for m in progress.measurements] == [2, 1, 3]
    withdrawn = validate_entry(entry_fields(
        EntryDraft(kind="note", date=date(2026, 11, 3), note="wrong", retracts=3),
        n=5, entry_id=str(uuid.uuid4()), recorded_at=RECORDED))
    [progress] = assess_goals(plan, [*entries, withdrawn], date(2026, 11, 4))
    assert progress.latest is not None and progress.latest.entry == 1


def test_target_date_defaults_to_the_plans_end() -> None:
    plan = make_plan({**UP, "target": {"value": 90}})
    assert plan.target_date(plan.goals[0]) == date(2027, 6, 30)


def test_reports_are_due_until_every_goal_is_measured_by_a_progress_report() -> None:
    plan = make_plan(UP, DOWN)
    late_goal = make_plan(UP, {**DOWN, "baseline": {"value": 10, "date": date(2026, 11, 1)}})
    assert reports_due(plan, [], date(2026, 10, 30)) == []  # not yet
    [due] = reports_due(plan, [], date(2026, 10, 31))
    assert (due.date, due.goals) == (date(2026, 10, 31), ("up", "down"))
    probe = entry(1, date(2026, 11, 2), {"up": 70, "down": 8}, kind="note")
    assert len(reports_due(plan, [probe], date(2026, 11, 3))) == 1  # a probe is not the report
    early = entry(2, date(2026, 10, 30), {"up": 70, "down": 8})
    assert len(reports_due(plan, [early], date(2026, 11, 3))) == 1  # dated before the report
    both = entry(3, date(2026, 11, 2), {"up": 70, "down": 8})
    assert reports_due(plan, [both], date(2026, 11, 3)) == []
    [due] = reports_due(late_goal, [], date(2026, 11, 3))
    assert due.goals == ("up",)  # the other goal starts after that report


def test_a_meeting_after_two_behind_reports_in_a_row() -> None:
    plan = make_plan(UP)
    first = entry(1, date(2026, 10, 31), {"up": 62})  # expected 66: behind
    second = entry(2, date(2027, 1, 29), {"up": 71})  # expected 75: behind
    assert meeting_requests(plan, [first], date(2027, 1, 29)) == []
    [request] = meeting_requests(plan, [first, second], date(2027, 1, 29))
    assert [r.date for r in request.reports] == [date(2026, 10, 31), date(2027, 1, 29)]
    assert [r.expected for r in request.reports] == [66.0, 75.0]
    # an unreported third report keeps the request; a third report on track clears it
    assert meeting_requests(plan, [first, second], date(2027, 5, 1)) != []
    third = entry(3, date(2027, 4, 29), {"up": 81})  # expected 84: exactly a tenth short
    assert meeting_requests(plan, [first, second, third], date(2027, 5, 1)) == []


def test_a_gap_between_behind_reports_is_not_in_a_row() -> None:
    plan = make_plan(UP)
    first = entry(1, date(2026, 10, 31), {"up": 62})
    third = entry(2, date(2027, 4, 29), {"up": 70})  # behind, but the report between is missing
    assert meeting_requests(plan, [first, third], date(2027, 5, 1)) == []


def test_a_report_counts_its_latest_measurement_until_the_next_report() -> None:
    plan = make_plan(UP)
    first = entry(1, date(2026, 10, 31), {"up": 62})
    corrected = entry(2, date(2026, 11, 3), {"up": 66})  # the same report, corrected: on-track
    second = entry(3, date(2027, 1, 29), {"up": 71})
    assert meeting_requests(plan, [first, corrected, second], date(2027, 2, 1)) == []


@pytest.mark.parametrize("text, value", [("62", 62), (" 62.5 ", 62.5), ("-3", -3), ("0.1", 0.1),
                                         ("1e3", 1000.0)])
def test_values_are_read_as_typed(text: str, value: float) -> None:
    parsed = parse_value(text, "--value ")
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize("text", ["", "x", "nan", "inf", "-inf", "1e10", "62%", "true"])
def test_values_that_are_not_finite_numbers_are_refused(text: str) -> None:
    with pytest.raises(UserError, match="not a measured value"):
        parse_value(text, "--value ")


def test_points_need_a_date_where_asked() -> None:
    today = date(2026, 11, 20)
    assert parse_point("62@2026-08-24", "--baseline", today=today, need_date=True) == (
        62, date(2026, 8, 24))
    assert parse_point("90", "--target", today=today, need_date=False) == (90, None)
    with pytest.raises(UserError, match="VALUE@DATE"):
        parse_point("62", "--baseline", today=today, need_date=True)
    with pytest.raises(UserError, match="--target"):
        parse_point("90@soon", "--target", today=today, need_date=False)


def test_a_measurement_only_comes_from_a_measuring_kind() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="measures no goal"):
        entry(1, date(2026, 11, 2), {"up": 70}, kind="visit")
