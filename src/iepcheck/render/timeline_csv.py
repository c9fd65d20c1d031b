"""The chronology as CSV: one row per entry, the windows as yes/no columns.

Cells of user text go through `csv_cell` (render/escape.py): text from an email can start
with '=' and a spreadsheet must show it, not run it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.render.escape import csv_cell

if TYPE_CHECKING:
    from iepcheck.evidence.timeline import Row, Timeline

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
    from iepcheck.evidence.timeline import dates_of
    from iepcheck.evidence.timeline import number as number_of

    def number(value: int | None) -> str:
        return "" if value is None else str(value)

    return [
        number_of(row, row.n),
        dates_of(row),
        row.kind,
        csv_cell(" ".join(row.items)),
        csv_cell(row.who),
        row.finding or "",
        number(row.minutes),
        row.reason or "",
        csv_cell(row.note),
        csv_cell("; ".join(row.attachments)),
        number_of(row, row.retracted_by),
        number_of(row, row.retracts),
        csv_cell(row.measurements),
        *("yes" if w.key in row.windows else "no" for w in timeline.windows),
    ]
