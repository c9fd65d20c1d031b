"""The frequency parser (docs/frequency.md): a table of phrases as IEP grids write them, each
with its reading or its refusal, and the property that a reading says no more than its cell."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iepcheck.plan.frequency import Frequency, Refusal, describe, numbers_in, parse_frequency

#: (cell, (times, minutes, per, cycle_days)) as the plan would hold it.
READINGS = [
    ("30 min 2x weekly", (2, 30, "week", None)),
    ("2 x 30 min / week", (2, 30, "week", None)),
    ("Two 30 minute sessions, weekly", (2, 30, "week", None)),
    ("3 sessions weekly for 20 minutes each", (3, 20, "week", None)),
    ("850 minutes per week", (None, 850, "week", None)),
    ("1800 minutes yearly", (None, 1800, "year", None)),
    ("45 sessions @ 30 min yearly", (45, 30, "year", None)),
    ("1 x 30 / 6-day cycle", (1, 30, "cycle", 6)),
    ("twice monthly for 30 minutes", (2, 30, "month", None)),
    ("daily 45 min", (None, 45, "day", None)),
    ("1 session per 6-day cycle", (1, None, "cycle", 6)),
    ("30 min/day", (None, 30, "day", None)),
    ("5 days a week for 30 minutes", (5, 30, "week", None)),
    ("2x/wk x 30 min", (2, 30, "week", None)),
    ("30 minutes, 3 times per week", (3, 30, "week", None)),
    ("one 45-minute session per week", (1, 45, "week", None)),
    ("60 min per month", (None, 60, "month", None)),
    ("2 x 30 min weekly", (2, 30, "week", None)),
    ("2X30 MIN WEEKLY", (2, 30, "week", None)),
    ("2 × 30 min / wk", (2, 30, "week", None)),
    ("1 x 45 min per week", (1, 45, "week", None)),
    ("30 mins 1x per week", (1, 30, "week", None)),
    ("30 min x 2 weekly", (2, 30, "week", None)),
    ("Three 20 minute sessions per week", (3, 20, "week", None)),
    ("4 sessions per month of 30 minutes", (4, 30, "month", None)),
    ("once weekly for 30 minutes", (1, 30, "week", None)),
    ("Once a week, 45 minutes", (1, 45, "week", None)),
    ("weekly 60 min", (None, 60, "week", None)),
    ("240 min monthly", (None, 240, "month", None)),
    ("120 minutes per month", (None, 120, "month", None)),
    ("300 minutes weekly", (None, 300, "week", None)),
    ("20 min daily", (None, 20, "day", None)),
    ("15 minutes per day", (None, 15, "day", None)),
    ("Daily, 30 minutes", (None, 30, "day", None)),
    ("30 minutes a day", (None, 30, "day", None)),
    ("2 sessions per week", (2, None, "week", None)),
    ("1 x 30 min / 6 day cycle", (1, 30, "cycle", 6)),
    ("2 x 40 per 6-day cycle", (2, 40, "cycle", 6)),
    ("1 session of 30 min per 5-day rotation", (1, 30, "cycle", 5)),
    ("3x weekly @ 30 min", (3, 30, "week", None)),
    ("10 sessions yearly for 30 minutes", (10, 30, "year", None)),
    ("600 minutes annually", (None, 600, "year", None)),
    ("30 minute session weekly", (None, 30, "week", None)),
    ("twice weekly, 25 minutes each", (2, 25, "week", None)),
    ("2 times a week for 30 min", (2, 30, "week", None)),
    ("45 min weekly, 1 session", (1, 45, "week", None)),
    ("1x30min/week", (1, 30, "week", None)),
    ("4 x 15 min daily", (4, 15, "day", None)),
    ("30 minutes per week", (None, 30, "week", None)),
    ("two 30-minute sessions per month", (2, 30, "month", None)),
]

#: (cell, a word of the reason): refused, never guessed.
REFUSALS = [
    ("as needed", "as needed"),
    ("Consult as needed", "as needed"),
    ("PRN", "as needed"),
    ("ongoing", "no amount"),
    ("Throughout the day", "no amount"),
    ("up to 30 minutes weekly", "ceiling"),
    ("at least 60 min per week", "floor"),
    ("1 hour weekly", "hours"),
    ("2 hrs per month", "hours"),
    ("biweekly 30 min", "biweekly"),
    ("every other week for 30 minutes", "every other"),
    ("30 min per quarter", "period"),
    ("2 x 30 min per grading period", "period"),
    ("2-3 times weekly", "range"),
    ("20 to 30 minutes daily", "range"),
    ("", "empty"),
    ("see notes", "cannot read"),
    ("2 x 30 min", "cannot read"),
    ("0 x 30 min weekly", "zero"),
]


@pytest.mark.parametrize(("cell", "expected"), READINGS)
def test_each_phrase_reads_as_the_plan_holds_it(cell: str, expected: tuple) -> None:
    reading = parse_frequency(cell)
    assert isinstance(reading, Frequency), reading
    assert (reading.times, reading.minutes, reading.per, reading.cycle_days) == expected


@pytest.mark.parametrize(("cell", "word"), REFUSALS)
def test_each_refusal_names_its_reason(cell: str, word: str) -> None:
    refusal = parse_frequency(cell)
    assert isinstance(refusal, Refusal), refusal
    assert refusal.cell == cell and word in refusal.reason


def test_the_table_holds_fifty_phrases() -> None:
    assert len(READINGS) + len(REFUSALS) >= 50
    assert len({cell for cell, _ in READINGS + REFUSALS}) == len(READINGS) + len(REFUSALS)


def test_a_reading_is_described_in_the_plans_words() -> None:
    assert describe(parse_frequency("1 x 30 / 6-day cycle")) == "1 x 30 min per 6-day cycle"  # type: ignore[arg-type]
    assert describe(parse_frequency("daily 45 min")) == "45 min per day"  # type: ignore[arg-type]


_TOKENS = st.sampled_from([
    "2", "30", "45", "6", "0", "1800", "two", "twice", "once", "x", "×", "min", "minutes",
    "sessions", "session", "per", "a", "weekly", "week", "daily", "monthly", "yearly", "/",
    "6-day cycle", "for", "each", "@", ",", "hour", "as needed", "-", "of", "wk", "day",
    "30-minute", "5 days a week", "twelve", "sixty",
])


@given(st.lists(_TOKENS, min_size=1, max_size=9).map(" ".join))
def test_a_reading_never_holds_a_number_its_cell_does_not_write(cell: str) -> None:
    reading = parse_frequency(cell)
    if isinstance(reading, Frequency):
        assert set(reading.numbers()) <= numbers_in(cell), (cell, reading)
        assert 0 not in reading.numbers()
    else:
        assert reading.reason and reading.cell == cell


@given(st.text(max_size=40))
def test_any_text_is_read_or_refused_never_raises(cell: str) -> None:
    reading = parse_frequency(cell)
    if isinstance(reading, Frequency):
        assert set(reading.numbers()) <= numbers_in(cell) | {
            int(n) for n in re.findall(r"\d+", cell)}


# What import-plan proposes from each phrase: the plan now holds every reading above,
# yearly and cycle schedules included, so none of them is refused any longer.

def _proposed(cell: str) -> tuple[dict[str, object], list[str]]:
    from iepcheck.plan.proposal import proposed_amount

    refusals: list[str] = []
    values = proposed_amount("p.1 row 2", cell, refusals)
    return {value.key: value.value for value in values}, refusals


@pytest.mark.parametrize(("cell", "expected"), READINGS)
def test_each_phrase_is_proposed_as_the_plan_holds_it(cell: str, expected: tuple) -> None:
    times, minutes, per, cycle_days = expected
    proposed, refusals = _proposed(cell)
    assert refusals == []
    assert proposed == {key: value for key, value in (
        ("minutes", minutes), ("times", times), ("per", per), ("cycle_days", cycle_days))
        if value is not None}


@pytest.mark.parametrize(("cell", "word"), [
    *REFUSALS,
    ("2000 minutes weekly", "more minutes than a day"),
    ("1 x 30 per 1-day cycle", "a cycle of 2 to 30 school days"),
    ("1 x 30 per 40-day cycle", "a cycle of 2 to 30 school days"),
    ("200 x 5 min weekly", "more than 100 sessions"),
])
def test_each_refused_phrase_is_a_comment_naming_its_reason(cell: str, word: str) -> None:
    proposed, refusals = _proposed(cell)
    assert proposed == {}
    assert len(refusals) == 1 and word in refusals[0] and "entered as a comment" in refusals[0]


#: (delivery cell, what it proposes, a word of the refusal or None).
DELIVERY = [
    ("Consult", {"delivery": "consult"}, None),
    ("Consultation with the teacher", {"delivery": "consult"}, None),
    ("Indirect", {"delivery": "consult"}, None),
    ("Direct", {"delivery": "direct"}, None),
    ("Direct, group of 3", {"delivery": "direct", "group": 3}, None),
    ("Small group (4)", {"group": 4}, None),
    ("Group size: 5", {"group": 5}, None),
    ("12:1:1", {"group": 12}, None),
    ("3:1", {"group": 3}, None),
    ("1:1", {"group": 1}, None),
    ("5", {"group": 5}, None),
    ("Individual", {}, "writes no group size"),
    ("Group", {}, "not written as one number"),
    ("1:3", {}, "not written as one number"),
    ("Pull-out", {}, "not read as individual, group or consult"),
    ("Group of 90", {}, "not written as one number"),
]


@pytest.mark.parametrize(("cell", "expected", "word"), DELIVERY)
def test_each_delivery_cell_proposes_group_and_consult(cell: str, expected: dict,
                                                       word: str | None) -> None:
    from iepcheck.plan.proposal import proposed_delivery

    refusals: list[str] = []
    values = proposed_delivery("p.1 row 2", cell, refusals)
    assert {value.key: value.value for value in values} == expected
    assert (word is None and refusals == []) or (word is not None and word in refusals[0])


_DELIVERY_TOKENS = st.sampled_from([
    "1", "3", "12", "0", "99", ":", "group", "of", "small", "(", ")", "size", "individual",
    "consult", "direct", "students", "1:1", "12:1:1", "two", ","])


@given(st.lists(_TOKENS, min_size=1, max_size=9).map(" ".join),
       st.lists(_DELIVERY_TOKENS, max_size=6).map(" ".join))
def test_a_proposal_never_holds_a_number_its_cell_does_not_write(amount: str,
                                                                  delivery: str) -> None:
    from iepcheck.plan.proposal import proposed_amount, proposed_delivery

    refusals: list[str] = []
    values = [*proposed_amount("p.1 row 2", amount, refusals),
              *proposed_delivery("p.1 row 2", delivery, refusals)]
    for value in values:
        if isinstance(value.value, int) and not isinstance(value.value, bool):
            assert value.value in numbers_in(value.cell), value
            assert value.value > 0
