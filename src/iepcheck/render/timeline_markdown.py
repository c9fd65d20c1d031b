"""The chronology as Markdown: a header, then one table row per entry.

Every piece of user text goes through `markdown_cell` (render/escape.py): a note from an
imported email stays inside its cell and shows as the text it is, never as a link, an image or
HTML. A cell's lines are joined with ' / ', never a raw `<br>`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.evidence.timeline import dates_of, header, marks, number, status_of
from iepcheck.language.messages import N_, _
from iepcheck.render.escape import markdown_cell
from iepcheck.render.words import outcome_label
from iepcheck.vocabulary import kind_word

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from iepcheck.evidence.timeline import Row, Timeline

COLUMNS = ("#", N_("Date"), N_("Kind"), N_("Items"), N_("Who"), N_("Finding"), N_("Note"),
           N_("Attachments"), N_("Windows"))
CHUNK_CHARS = 1 << 16  # how much of the table is handed on at a time


def render_markdown(timeline: Timeline) -> str:
    return "".join(markdown_pieces(timeline))


def markdown_pieces(timeline: Timeline) -> Iterator[str]:
    """The page in pieces (`render.formats` joins or streams them): the header a line at a
    time, then the table's rows about `CHUNK_CHARS` at a time, so a year of entries is
    neither held whole nor written a row at a time."""
    yield "# " + _("Chronology: {student}").format(student=markdown_cell(timeline.student)) + "\n\n"
    for label, text in header(timeline):
        yield f"- **{label}:** {markdown_cell(text)}\n"
    yield "\n| " + " | ".join(_(c) for c in COLUMNS) + " |\n|" + "---|" * len(COLUMNS) + "\n"
    line = _row_line(timeline)
    lines: list[str] = []
    size = 0
    for row in timeline.rows:
        lines.append(text := line(row))
        size += len(text)
        if size > CHUNK_CHARS:
            yield "".join(lines)
            lines, size = [], 0
    if lines:
        yield "".join(lines)
    if not timeline.rows:
        yield "| " + " | ".join(["—"] + [""] * (len(COLUMNS) - 1)) + " |\n"


def _row_line(timeline: Timeline) -> Callable[[Row], str]:
    """One row's table line. A year's rows repeat their kinds, items, people, outcomes and
    windows: each such cell is made (translated, escaped) once per chronology and then
    looked up; the note, the number and the date are each row's own."""
    kinds: dict[str, str] = {}
    items: dict[tuple[str, ...], str] = {}
    outcomes: dict[tuple[object, ...], str] = {}
    windows: dict[tuple[str, ...], str] = {}

    def line(row: Row) -> str:
        if (kind := kinds.get(row.kind)) is None:
            kind = kinds[row.kind] = markdown_cell(kind_word(row.kind))
        if (about := items.get(row.items)) is None:
            about = items[row.items] = markdown_cell(" ".join(row.items))
        said = (row.finding, row.minutes, row.measurements, row.reason)
        if (outcome := outcomes.get(said)) is None:
            outcome = outcomes[said] = markdown_cell(outcome_label(row))
        if (marked := windows.get(row.windows)) is None:
            marked = windows[row.windows] = marks(row, timeline)
        return (f"| {number(row, row.n)} | {dates_of(row)} | {kind} | {about} | "
                f"{markdown_cell(row.who)} | {outcome} | {_note(row)} | "
                f"{markdown_cell('; '.join(row.attachments)) if row.attachments else ''} | "
                f"{marked} |\n")

    return line


def _note(row: Row) -> str:
    """The note, after the entry's standing when it is withdrawn or withdraws another."""
    note = markdown_cell(row.note)
    if row.retracted_by is None and row.retracts is None:
        return note
    status = status_of(row)
    reason = _("Reason: {note}").format(note=note) if row.retracts else note
    return f"**{status}**" + (f" / {reason}" if note else "")
