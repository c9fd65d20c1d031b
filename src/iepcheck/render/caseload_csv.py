"""`iepcheck caseload --format csv`: one row per child's plan, most urgent first (standard
library csv).

Columns mirror the JSON rows (docs/json.md), flattened: `plan` to `kind`, `start`, `end`;
`items` to one column per status; `next_date` to `next_date`, `next_event`. Empty cells
stand for JSON's null. Every cell of user text goes through `csv_cell` (render/escape.py), so
a spreadsheet never runs a student's name, a path or an error message as a formula.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from iepcheck.render.escape import csv_cell

if TYPE_CHECKING:
    from iepcheck.due.caseload import Caseload

STATUSES = ("not-implemented", "no-evidence", "stale", "partial", "minutes-short")
COLUMNS = ("as_of", "path", "student", "kind", "start", "end",
           *(s.replace("-", "_") for s in STATUSES), "minutes_owed", "unanswered",
           "oldest_overdue_days", "next_date", "next_event", "last_observation", "due", "error")


def caseload_csv(result: Caseload) -> str:
    document = result.as_json()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in document["plans"]:
        plan = row["plan"] or {}
        items = row["items"] or {}
        next_date = row["next_date"] or {}
        writer.writerow([
            document["as_of"], csv_cell(row["path"]), csv_cell(row["student"]),
            csv_cell(plan.get("kind")), _cell(plan.get("start")), _cell(plan.get("end")),
            *(_cell(items.get(s)) for s in STATUSES), _cell(row["minutes_owed"]),
            _cell(row["unanswered"]), _cell(row["oldest_overdue_days"]),
            _cell(next_date.get("date")), csv_cell(next_date.get("event")),
            _cell(row["last_observation"]), "yes" if row["due"] else "no",
            csv_cell(row["error"]),
        ])
    return buffer.getvalue()


def _cell(value: Any) -> str:
    """Numbers and ISO dates as they are; empty for null."""
    return "" if value is None else str(value)
