"""The chronology's speed-ups say what the plain rules say: Markdown cells made once per
chronology and the table handed on in chunks give, row by row, the cells each row's own
values give; the record's words kept per catalogue follow the catalogue in use."""

from __future__ import annotations

import gettext
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from iepcheck.evidence.timeline import (
    Row,
    Timeline,
    complaint_windows,
    dates_of,
    marks,
    number,
    status_of,
)
from iepcheck.language import messages
from iepcheck.render.escape import markdown_cell
from iepcheck.render.formats import render_stream
from iepcheck.render.timeline_markdown import CHUNK_CHARS, render_markdown
from iepcheck.render.words import outcome_label
from iepcheck.store.catalogue import load
from iepcheck.vocabulary import KIND_VALUES, finding_word, kind_word, reason_word

AS_OF = date(2027, 6, 18)
WINDOWS = complaint_windows(AS_OF)

TEXT = st.one_of(st.none(), st.sampled_from(["", "Ms. Lee", "30 min | *late*", "1. first",
                                               "<b>x</b>", "line\nbreak", "a\x1bb"]))
ROW = st.builds(
    Row,
    n=st.integers(1, 99),
    date=st.dates(date(2025, 1, 1), AS_OF),
    kind=st.sampled_from([*KIND_VALUES, "odd-kind"]),
    items=st.lists(st.sampled_from(["speech", "ot", "read_aloud", "[x]"]), max_size=3)
    .map(tuple),
    who=TEXT,
    finding=st.sampled_from([None, "implemented", "partial", "ot: not-implemented",
                             "implemented; speech: partial"]),
    minutes=st.one_of(st.none(), st.integers(0, 90)),
    reason=st.sampled_from([None, "provider-absent", "other"]),
    note=TEXT,
    attachments=st.lists(st.sampled_from(["a.pdf", "b|c.eml", "*.png"]), max_size=2)
    .map(tuple),
    retracted_by=st.one_of(st.none(), st.integers(1, 99)),
    retracts=st.one_of(st.none(), st.integers(1, 99)),
    windows=st.sampled_from([(), ("state_complaint",), ("state_complaint", "due_process"),
                             ("state_complaint", "ocr", "due_process")]),
    author=st.sampled_from(["", "dad"]),
    measurements=st.sampled_from([None, "reading-fluency = 66 wcpm"]),
    covers_from=st.one_of(st.none(), st.dates(date(2025, 1, 1), AS_OF)),
)


def chronology(rows: list[Row]) -> Timeline:
    return Timeline(student="Maya", school=None, plan_kind="IEP", plan_start=date(2026, 8, 24),
                    plan_end=date(2027, 8, 19), since=date(2026, 8, 24), until=AS_OF,
                    as_of=AS_OF, items=(), windows=WINDOWS, rows=rows, outside=0, summary=None)


def plain_line(row: Row, timeline: Timeline) -> str:
    """One row's table line, every cell made from the row alone."""
    status = status_of(row)
    note = markdown_cell(row.note)
    if status:
        reason = messages._("Reason: {note}").format(note=note) if row.retracts else note
        note = f"**{status}**" + (f" / {reason}" if note else "")
    cells = [number(row, row.n), dates_of(row), markdown_cell(kind_word(row.kind)),
             markdown_cell(" ".join(row.items)), markdown_cell(row.who),
             markdown_cell(outcome_label(row)), note, markdown_cell("; ".join(row.attachments)),
             marks(row, timeline)]
    return "| " + " | ".join(cells) + " |\n"


@settings(max_examples=300)
@given(st.lists(ROW, max_size=30))
def test_each_markdown_row_is_its_own_cells(rows: list[Row]) -> None:
    timeline = chronology(rows)
    page = render_markdown(timeline)
    table = page[page.index("|---|"):].split("\n", 1)[1]
    expected = "".join(plain_line(row, timeline) for row in rows)
    assert table == (expected or "| " + " | ".join(["—"] + [""] * 8) + " |\n")


def test_a_long_table_is_handed_on_in_chunks_that_are_the_page() -> None:
    rows = [Row(n=n, date=date(2026, 9, 1), kind="note", items=("speech",), who="Ms. Lee",
                finding="implemented", minutes=None, reason=None, note=f"note {n} " * 8,
                attachments=(), retracted_by=None, retracts=None, windows=("state_complaint",))
            for n in range(1, 3001)]
    timeline = chronology(rows)
    pieces = list(render_stream("timeline", "markdown", timeline))
    assert "".join(pieces) == render_markdown(timeline)
    table = [piece for piece in pieces if piece.startswith("| ")]  # the rows, in chunks
    assert len(table) > 1 and all(len(piece) <= CHUNK_CHARS + 200 for piece in table)


def test_record_words_follow_the_catalogue_in_use() -> None:
    english = (kind_word("interview"), finding_word("partial"), reason_word("other"))
    assert english == ("interview", "partial", "other")
    with messages.speaking(load("es"), "es"):
        spanish = (kind_word("interview"), finding_word("partial"), reason_word("other"))
    assert spanish != english
    with messages.speaking(gettext.NullTranslations(), messages.ENGLISH):
        assert (kind_word("interview"), finding_word("partial"), reason_word("other")) == english
    with messages.speaking(load("es"), "es"):
        assert (kind_word("interview"), finding_word("partial"), reason_word("other")) == spanish
    assert kind_word("odd-kind") == "odd-kind"
