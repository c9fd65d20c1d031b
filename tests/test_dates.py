"""Dates as people type them (README, 'Dates you can type')."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iepcheck.dates import parse_date, parse_date_range, parse_interval, parse_past_date
from iepcheck.errors import UserError

FRIDAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-02", date(2026, 11, 2)),
        ("today", FRIDAY),
        ("Yesterday", date(2026, 11, 19)),
        ("friday", FRIDAY),  # the latest such day, today included
        ("mon", date(2026, 11, 16)),
        ("saturday", date(2026, 11, 14)),
        ("3d ago", date(2026, 11, 17)),
        ("10 days ago", date(2026, 11, 10)),
    ],
)
def test_parse_date_forms(text: str, expected: date) -> None:
    assert parse_date(text, today=FRIDAY) == expected


@pytest.mark.parametrize("text", ["2026-13-01", "20261120", "next week", "", "2026-02-30"])
def test_bad_dates_name_the_option(text: str) -> None:
    with pytest.raises(UserError, match="--since: .* is not a date; use YYYY-MM-DD"):
        parse_date(text, today=FRIDAY, option="--since")


def test_future_observation_is_refused() -> None:
    with pytest.raises(UserError, match="2026-11-21 is in the future"):
        parse_past_date("2026-11-21", today=FRIDAY)
    assert parse_past_date("today", today=FRIDAY) == FRIDAY


@pytest.mark.parametrize(("text", "days"), [("7d", 7), ("2w", 14), ("1D", 1), (" 14d ", 14)])
def test_intervals(text: str, days: int) -> None:
    assert parse_interval(text) == days


@pytest.mark.parametrize("text", ["0d", "7", "1m", "-3d", "d", "1.5w"])
def test_bad_intervals(text: str) -> None:
    with pytest.raises(UserError, match="is not an interval"):
        parse_interval(text, where="plan.check_every")


def test_ranges() -> None:
    assert parse_date_range("2026-11-23..2026-11-27") == (date(2026, 11, 23), date(2026, 11, 27))
    assert parse_date_range("2027-01-18") == (date(2027, 1, 18), date(2027, 1, 18))
    with pytest.raises(ValueError):
        parse_date_range("2026-11-27..2026-11-23")


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
       st.integers(min_value=0, max_value=3000))
def test_days_ago_and_iso_agree(today: date, back: int) -> None:
    day = parse_date(f"{back}d ago", today=today)
    assert parse_date(day.isoformat(), today=today) == day
    assert (today - day).days == back


@given(st.dates(min_value=date(1900, 1, 8), max_value=date(2200, 12, 31)), st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))
def test_weekday_is_within_the_last_week(today: date, name: str) -> None:
    day = parse_date(name, today=today)
    assert 0 <= (today - day).days <= 6
    assert day.strftime("%a").lower() == name
