"""weekly_minutes: the report's minutes as running totals week by week, worked by hand.

The plan, log and period are those of tests/test_report.py: Wed 4 Nov .. Tue 1 Dec 2026, no
school on Wed 11 Nov nor in Thanksgiving week, the child absent Tue 17 Nov (and from speech
on Thu 19 Nov), a retracted session, a missed one.
"""

from __future__ import annotations

from datetime import date

import pytest

from iepcheck.evidence.minutes_series import bar, weekly_minutes, weeks_of
from iepcheck.evidence.report import build_report
from iepcheck.evidence.tally import Period
from tests import test_report
from tests.test_report import PERIOD, make_plan

WEEKS = [(date(2026, 11, 4), date(2026, 11, 8)), (date(2026, 11, 9), date(2026, 11, 15)),
         (date(2026, 11, 16), date(2026, 11, 22)), (date(2026, 11, 23), date(2026, 11, 29)),
         (date(2026, 11, 30), date(2026, 12, 1))]


@pytest.fixture
def entries(tmp_path):
    """The log of tests/test_report.py."""
    return test_report.entries.__wrapped__(tmp_path)


def series_of(entries, item_id: str, plan=None, period=PERIOD):
    found = {s.item_id: s for s in weekly_minutes(plan or make_plan(), entries, period)}
    return found[item_id]


def test_weeks_run_monday_to_sunday_cut_at_the_period() -> None:
    assert weeks_of(PERIOD) == WEEKS
    assert weeks_of(Period(date(2026, 11, 8), date(2026, 11, 8))) == [(date(2026, 11, 8),) * 2]


def test_weekly_service_running_totals(entries) -> None:
    # required: 4–6 Nov 3 × 12 = 36; the Veterans Day week 60 over 4 days = 96; 16, 18, 20 Nov
    # (17 absent, 19 absent from speech) 3 × 12 = 132; Thanksgiving 0; 30 Nov, 1 Dec 24 = 156.
    # delivered: #5 30 (5 Nov), #6 partial 30 (10 Nov), #8 30 (1 Dec); missed: #7 30 (12 Nov).
    speech = series_of(entries, "speech")
    assert [(p.first, p.until) for p in speech.points] == WEEKS
    assert [(p.required, p.delivered, p.missed) for p in speech.points] == [
        (36, 30, 0), (96, 60, 30), (132, 60, 30), (132, 60, 30), (156, 90, 30)]


def test_daily_service_skips_the_retracted_session(entries) -> None:
    # 45 a day: 3, 4, 4 (17 absent), 0, 2 counted days; #9 (18 Nov) retracted; #11 missed 45.
    reading = series_of(entries, "reading")
    assert [(p.required, p.delivered, p.missed) for p in reading.points] == [
        (135, 0, 0), (315, 0, 0), (495, 0, 0), (495, 0, 0), (585, 0, 45)]


def test_monthly_service_rounds_each_running_total_once(entries) -> None:
    # 60 a month: November's 15 school days owe 4 each, 1 December owes 60/23 = 2.6…:
    # 12, 28, 44 (17 absent), 44, 50.6… -> 51 (the report's figure, not 44 + 3 = 47 or 7).
    counseling = series_of(entries, "counseling")
    assert [p.required for p in counseling.points] == [12, 28, 44, 44, 51]
    assert counseling.last.delivered == 60


def test_the_last_point_is_the_report(entries) -> None:
    plan = make_plan()
    report = {i.item.id: i.minutes for i in build_report(plan, entries, PERIOD).items}
    for series in weekly_minutes(plan, entries, PERIOD):
        minutes = report[series.item_id]
        assert minutes is not None
        assert (series.last.required, series.last.delivered, series.last.missed) == (
            minutes.required, minutes.delivered, minutes.missed)


def test_services_without_minutes_or_not_in_effect_have_no_series(entries) -> None:
    plan = make_plan()
    speech = plan.services[0].model_copy(update={"start": date(2027, 1, 4)})
    plan = plan.model_copy(update={"services": (speech, *plan.services[1:])})
    assert [s.item_id for s in weekly_minutes(plan, entries, PERIOD)] == ["reading",
                                                                          "counseling"]
    assert weekly_minutes(make_plan(services=[]), entries, PERIOD) == ()


@pytest.mark.parametrize(("delivered", "required", "expected"), [
    (450, 756, "███████░░░░░"),  # 7.1 cells: rounded down, never fuller than the record
    (0, 756, "░" * 12), (756, 756, "█" * 12), (900, 756, "█" * 12),
    (0, 0, "░" * 12), (30, 0, "█" * 12),
])
def test_bar(delivered: int, required: int, expected: str) -> None:
    assert bar(delivered, required) == expected


def test_bar_in_plain_characters() -> None:
    assert bar(1, 2, 4, full="#", empty=".") == "##.."
