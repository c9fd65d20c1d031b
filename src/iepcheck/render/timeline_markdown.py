"""The chronology as Markdown: a header, then one table row per entry.

Every piece of user text goes through `markdown_cell` (render/escape.py): a note from an
imported email stays inside its cell and shows as the text it is, never as a link, an image or
HTML. A cell's lines are joined with ' / ', never a raw `<br>`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.language.messages import N_, _
from iepcheck.render.escape import markdown_cell
from iepcheck.render.words import outcome_label
from iepcheck.vocabulary import kind_word

if TYPE_CHECKING:
    from collections.abc import Iterator

    from iepcheck.evidence.timeline import Row, Timeline

COLUMNS = ("#", N_("Date"), N_("Kind"), N_("Items"), N_("Who"), N_("Finding"), N_("Note"),
           N_("Attachments"), N_("Windows"))


def render_markdown(timeline: Timeline) -> str:
    return "".join(markdown_pieces(timeline))


def markdown_pieces(timeline: Timeline) -> Iterator[str]:
    """The page a line at a time (`render.formats` joins or streams them)."""
    from iepcheck.evidence.timeline import header

    yield "# " + _("Chronology: {student}").format(student=markdown_cell(timeline.student)) + "\n\n"
    for label, text in header(timeline):
        yield f"- **{label}:** {markdown_cell(text)}\n"
    yield "\n| " + " | ".join(_(c) for c in COLUMNS) + " |\n|" + "---|" * len(COLUMNS) + "\n"
    for row in timeline.rows:
        yield "| " + " | ".join(_cells(row, timeline)) + " |\n"
    if not timeline.rows:
        yield "| " + " | ".join(["—"] + [""] * (len(COLUMNS) - 1)) + " |\n"


def _cells(row: Row, timeline: Timeline) -> list[str]:
    from iepcheck.evidence.timeline import dates_of, marks, number, status_of

    status = status_of(row)
    note = markdown_cell(row.note)
    if status:
        reason = _("Reason: {note}").format(note=note) if row.retracts else note
        note = f"**{status}**" + (f" / {reason}" if note else "")
    return [
        number(row, row.n),
        dates_of(row),
        markdown_cell(kind_word(row.kind)),
        markdown_cell(" ".join(row.items)),
        markdown_cell(row.who),
        markdown_cell(outcome_label(row)),
        note,
        markdown_cell("; ".join(row.attachments)),
        marks(row, timeline),
    ]
