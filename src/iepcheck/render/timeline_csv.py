"""The chronology as CSV: one row per entry, the windows as yes/no columns.

Cells of user text go through `csv_cell` (render/escape.py): text from an email can start
with '=' and a spreadsheet must show it, not run it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.render.escape import csv_cell

if TYPE_CHECKING:
    from iepcheck.timeline import Row, Timeline

COLUMNS = (
    "n",
    "date",
    "kind",
    "items",
    "who",
    "finding",
    "minutes",
    "reason",
    "note",
    "attachments",
    "retracted_by",
    "retracts",
    "measurements",
)


def spreadsheet_safe(text: str | None) -> str:
    """A cell a spreadsheet will not run as a formula: the one rule, `escape.csv_cell`."""
    return csv_cell(text)


def render_csv(timeline: Timeline) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*COLUMNS, *(w.key for w in timeline.windows)])
    for row in timeline.rows:
        writer.writerow(_cells(row, timeline))
    return out.getvalue()


def _cells(row: Row, timeline: Timeline) -> list[str]:
    def number(value: int | None) -> str:
        return "" if value is None else str(value)

    return [
        str(row.n),
        row.date.isoformat(),
        row.kind,
        spreadsheet_safe(" ".join(row.items)),
        spreadsheet_safe(row.who),
        row.finding or "",
        number(row.minutes),
        row.reason or "",
        spreadsheet_safe(row.note),
        spreadsheet_safe("; ".join(row.attachments)),
        number(row.retracted_by),
        number(row.retracts),
        spreadsheet_safe(row.measurements),
        *("yes" if w.key in row.windows else "no" for w in timeline.windows),
    ]
