"""Annual goals as a plan document's goals table writes them, proposed as `[[goals]]`
(docs/import-plan.md).

Pure: a table in, each goal's cells out, read or refused. A goal enters the plan only with
an area, its statement, a measure, a baseline that is one number on one date, and a target
that is one number (and at most one date): the numbers the cells write, never a guess.
Whatever is missing is said, so the parent can add the goal by hand (`add-item goal`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

Table = tuple[tuple[str, ...], ...]

#: A goals table's columns by their header words, tried in this order.
_COLUMNS: tuple[tuple[str, str], ...] = (
    ("baseline", r"baseline|present level|current"),
    ("target", r"target|criteri|mastery|expected"),
    ("measure", r"measure|unit|method|evaluat"),
    ("area", r"area|domain|subject|skill"),
    ("statement", r"goal"),
)
_FREQUENCY = re.compile(r"\b(frequency|duration|minutes)\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\d/.-])\d+(?:\.\d+)?(?![\d/])")
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")


@dataclass(frozen=True)
class GoalRow:
    """One row of a goals table: its cells by column, and the reading or why not."""

    row: int
    quote: str
    cells: dict[str, str]
    baseline: tuple[float | int, date] | None
    target: tuple[float | int, date | None] | None
    refusal: str | None


def goal_rows(table: Table) -> list[GoalRow]:
    """Each row of a goals table (a header with a goal column and no frequency column);
    [] for any other table."""
    header = next((i for i, row in enumerate(table) if _is_header(row)), None)
    if header is None:
        return []
    columns = _columns_of(table[header])
    found = []
    for number, row in enumerate(table[header + 1:], start=header + 2):
        cells = {role: " ".join(row[c].split()) for c, role in columns.items() if c < len(row)}
        if not cells.get("statement"):
            continue
        found.append(_reading(number, " | ".join(" ".join(c.split()) for c in row), cells))
    return found


def _is_header(row: tuple[str, ...]) -> bool:
    roles = _columns_of(row).values()
    return "statement" in roles and not any(_FREQUENCY.search(text) for text in row)


def _columns_of(row: tuple[str, ...]) -> dict[int, str]:
    roles: dict[int, str] = {}
    for column, text in enumerate(row):
        role = next((name for name, words in _COLUMNS if re.search(words, text, re.IGNORECASE)), None)
        if role is not None and role not in roles.values():
            roles[column] = role
    return roles


def _reading(number: int, quote: str, cells: dict[str, str]) -> GoalRow:
    baseline_cell, target_cell = cells.get("baseline", ""), cells.get("target", "")
    baseline_value, baseline_dates = _one_number(baseline_cell), _dates(baseline_cell)
    target_value, target_dates = _one_number(target_cell), _dates(target_cell)
    missing = [what for what, ok in (
        ("area", bool(cells.get("area"))), ("measure", bool(cells.get("measure"))),
        ("baseline written as one number and one date",
         baseline_value is not None and len(baseline_dates) == 1),
        ("target written as one number", target_value is not None and len(target_dates) <= 1),
    ) if not ok]
    if missing:
        refusal = "the row gives no " + ", no ".join(missing)
        return GoalRow(number, quote, cells, None, None, refusal)
    assert baseline_value is not None and target_value is not None
    if baseline_value == target_value:
        return GoalRow(number, quote, cells, None, None,
                       "the target equals the baseline, so no line runs between them")
    return GoalRow(number, quote, cells, (baseline_value, baseline_dates[0]),
                   (target_value, target_dates[0] if target_dates else None), None)


def _one_number(cell: str) -> float | int | None:
    """The cell's one number outside its dates (62 in '62 wcpm on 09/09/2026'); None when
    it writes none or several."""
    text = _DATE.sub(" ", cell)
    numbers = _NUMBER.findall(text)
    if len(numbers) != 1:
        return None
    return float(numbers[0]) if "." in numbers[0] else int(numbers[0])


def _dates(cell: str) -> list[date]:
    found = []
    for match in _DATE.finditer(cell):
        month, day, year, iso_year, iso_month, iso_day = match.groups()
        try:
            found.append(date(int(year), int(month), int(day)) if year else
                         date(int(iso_year), int(iso_month), int(iso_day)))
        except ValueError:
            return [date.min, date.min]  # not a date: more than one, so refused
    return found
