"""The people a services grid names as providers, proposed as the plan's staff.

Pure. A provider cell that is a person's name with a title ("Ms. Park", "Dr. Wu, School
Psychologist") names someone the parent will write to; a role alone ("Speech-Language
Pathologist") names no one and stays the service's `provider` text only. Each person is
proposed once, in the order the grid first names them, with the role when the cell writes
one after a comma or in brackets (docs/import-plan.md).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

_PERSON = re.compile(
    r"^(?P<name>(?:Ms|Mr|Mrs|Mx|Dr|Miss)\.?\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"
    r"(?:\s*(?:,|\(|-|–)\s*(?P<role>[^()]{2,60}?)\)?)?\s*$")


def person_in(cell: str) -> tuple[str, str | None] | None:
    """(name, role or None) when the cell names a person with a title; else None."""
    found = _PERSON.match(" ".join(cell.split()))
    if found is None:
        return None
    return found["name"], found["role"]


def people_named(cells: Iterable[tuple[int, int, str]],
                 known: Collection[str] = ()) -> list[tuple[int, int, str, str, str | None]]:
    """(page, row, cell, name, role) for each person first named in `cells` ((page, row,
    cell) in grid order), leaving out anyone whose name is in `known` (any case): the plan
    the proposal goes into already has them."""
    seen = {name.casefold() for name in known}
    people = []
    for page, row, cell in cells:
        person = person_in(cell)
        if person is None or person[0].casefold() in seen:
            continue
        seen.add(person[0].casefold())
        people.append((page, row, cell, *person))
    return people
