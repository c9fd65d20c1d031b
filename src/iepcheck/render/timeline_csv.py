"""The chronology as CSV: one row per entry, the windows as yes/no columns.

Cells of user text go through `csv_cell` (render/escape.py): text from an email can start
with '=' and a spreadsheet must show it, not run it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.render.escape import csv_cell

if TYPE_CHECKING:
    from collections.abc import Iterator

    from iepcheck.evidence.timeline import Row, Timeline

CHUNK_CHARS = 1 << 16  # how much text is handed on at a time

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
    return "".join(csv_pieces(timeline))


def csv_pieces(timeline: Timeline) -> Iterator[str]:
    """The file a row at a time (`render.formats` joins or streams them)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*COLUMNS, *(w.key for w in timeline.windows)])
    for row in timeline.rows:
        writer.writerow(_cells(row, timeline))
        if out.tell() > CHUNK_CHARS:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


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
