"""Who a providers cell names, and accommodations tables (plan/providers.py,
plan/accommodation_lists.py): pure, no document needed."""

import pytest

from iepcheck.plan.accommodation_lists import places, table_rows
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
