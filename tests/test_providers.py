"""Who a providers cell names, accommodations tables and goals tables (plan/providers.py,
plan/accommodation_lists.py, plan/goal_tables.py): pure, no document needed."""

from datetime import date

import pytest

from iepcheck.plan.accommodation_lists import places, table_rows
from iepcheck.plan.goal_tables import goal_rows
from iepcheck.plan.providers import people_named, person_in


@pytest.mark.parametrize(("cell", "expected"), [
    ("Ms. Park", ("Ms. Park", None)),
    ("Dr. Wu (School Psychologist)", ("Dr. Wu", "School Psychologist")),
    ("Mr. Diaz, Special Education Teacher", ("Mr. Diaz", "Special Education Teacher")),
    ("Mrs O'Neil", ("Mrs O'Neil", None)),
    ("Mx. Lee-Smith", ("Mx. Lee-Smith", None)),
    ("Speech-Language Pathologist", None),
    ("SLP", None),
    ("Special Education Teacher", None),
    ("ms. park", None),
    ("", None),
])
def test_a_providers_cell_names_a_person_only_with_a_title(cell: str, expected) -> None:
    assert person_in(cell) == expected


def test_each_person_is_proposed_once_and_known_people_are_left_out() -> None:
    cells = [(1, 2, "Ms. Park"), (1, 3, "OT"), (1, 4, "ms park"), (1, 5, "Ms. Park"),
             (2, 1, "Dr. Wu (School Psychologist)"), (2, 2, "Mr. Diaz")]
    assert people_named(cells, known=["MR. DIAZ"]) == [
        (1, 2, "Ms. Park", "Ms. Park", None),
        (2, 1, "Dr. Wu (School Psychologist)", "Dr. Wu", "School Psychologist")]


def test_an_accommodations_table_is_read_row_by_row() -> None:
    table = (("Testing Accommodations", "Conditions"),
             ("Testing Accommodations", ""),
             ("Extended time (1.5x)", "All tests"),
             ("Use of a calculator", ""),
             ("", "stray"))
    assert table_rows(table) == [(3, "Extended time (1.5x)", "All tests",
                                  "Extended time (1.5x) | All tests"),
                                 (4, "Use of a calculator", "", "Use of a calculator | ")]


def test_a_services_grid_is_no_accommodations_table() -> None:
    assert table_rows((("Service", "Accommodations", "Frequency"), ("Speech", "", "2 x 30"))) == []


def test_places_are_split_at_commas_and_semicolons() -> None:
    assert places("Math, science; state tests") == ("Math", "science", "state tests")
    assert places(" ") == ()


GOALS_HEADER = ("Area", "Annual Goal", "Baseline", "Target", "Measure")


@pytest.mark.parametrize(("row", "baseline", "target", "refusal"), [
    (("Math", "Solves 2-step problems", "40% on 2026-09-10", "80%", "% accuracy"),
     (40, date(2026, 9, 10)), (80, None), None),
    (("Math", "Solves problems", "2.5 on 9/10/2026", "4 by 6/1/2027", "rubric points"),
     (2.5, date(2026, 9, 10)), (4, date(2027, 6, 1)), None),
    (("Math", "Solves problems", "40% or 50%, 9/10/2026", "80%", "%"), None, None,
     "no baseline written as one number and one date"),
    (("Math", "Solves problems", "40% on 9/10/2026", "80% by 6/1/2027 or 6/8/2027", "%"),
     None, None, "no target written as one number"),
    (("", "Solves problems", "40% on 9/10/2026", "80%", ""), None, None, "no area, no measure"),
    (("Math", "Solves problems", "40% on 9/10/2026", "40%", "%"), None, None,
     "the target equals the baseline"),
])
def test_a_goals_row_is_read_only_with_the_numbers_it_writes(row, baseline, target,
                                                             refusal) -> None:
    [goal] = goal_rows((GOALS_HEADER, row))
    assert (goal.baseline, goal.target) == (baseline, target)
    assert (goal.refusal is None) == (refusal is None)
    assert refusal is None or refusal in goal.refusal  # type: ignore[operator]


def test_a_services_grid_is_no_goals_table() -> None:
    assert goal_rows((("Service", "Goal", "Frequency"), ("Speech", "g1", "2 x 30"))) == []
