"""The chronology: order, retractions, complaint windows, and safe rendering."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from iepcheck.evidence.timeline import build_timeline, complaint_windows, header, years_before
from iepcheck.record.entries import Observation
from iepcheck.render.timeline_csv import render_csv
from iepcheck.render.timeline_html import render_html
from iepcheck.render.timeline_markdown import render_markdown
from iepcheck.store.plan_file import load_plan

AS_OF = date(2026, 11, 20)


def entry(n: int, day: str, kind: str = "visit", **fields) -> Observation:
    finding = None if kind in ("email-sent", "absence") else fields.pop("finding", "implemented")
    return Observation(
        n=n,
        id=f"{n:032x}",
        date=day,
        recorded_at="2026-11-20T09:00:00+00:00",
        kind=kind,
        finding=finding,
        **fields,
    )


@pytest.fixture
def plan(plan_path):
    return load_plan(plan_path)


def _build(plan, entries, **options):
    options.setdefault("since", date(2024, 1, 1))
    options.setdefault("until", AS_OF)
    return build_timeline(plan, entries, as_of=AS_OF, **options)


def test_rows_are_oldest_first_whatever_the_order_recorded(plan):
    entries = [
        entry(1, "2026-11-10"),
        entry(2, "2026-09-01"),
        entry(3, "2026-11-10"),
        entry(4, "2026-10-05"),
    ]
    assert [r.n for r in _build(plan, entries).rows] == [2, 4, 1, 3]


def test_retractions_mark_the_withdrawn_entry_and_show_their_reason(plan):
    entries = [
        entry(1, "2026-11-02", items=("speech",), note="Saw session"),
        entry(
            2,
            "2026-11-03",
            "note",
            finding=None,
            items=("speech",),
            retracts=1,
            note="Wrong day: it was the OT room",
        ),
    ]
    built = _build(plan, entries)
    first, second = built.rows
    assert (first.retracted_by, second.retracts) == (2, 1)
    text = render_markdown(built)
    assert "**RETRACTED by #2** / Saw session" in text
    assert "**retracts #1** / Reason: Wrong day: it was the OT room" in text
    assert 'class="retracted"' in render_html(built)
    rows = list(csv.DictReader(io.StringIO(render_csv(built))))
    assert (rows[0]["retracted_by"], rows[1]["retracts"]) == ("2", "1")


def test_window_starts_as_of_a_date():
    windows = {w.key: w.start for w in complaint_windows(AS_OF)}
    assert windows == {
        "state_complaint": date(2025, 11, 20),
        "ocr": date(2026, 5, 24),
        "due_process": date(2024, 11, 20),
    }
    assert years_before(date(2028, 2, 29), 1) == date(2027, 2, 28)


def test_rows_are_marked_with_the_windows_they_fall_inside(plan):
    days = [
        "2024-11-19",
        "2024-11-20",
        "2025-11-19",
        "2025-11-20",
        "2026-05-23",
        "2026-05-24",
        "2026-11-20",
    ]
    built = _build(plan, [entry(i, d) for i, d in enumerate(days, start=1)])
    assert [r.windows for r in built.rows] == [
        (),
        ("due_process",),
        ("due_process",),
        ("state_complaint", "due_process"),
        ("state_complaint", "due_process"),
        ("state_complaint", "ocr", "due_process"),
        ("state_complaint", "ocr", "due_process"),
    ]
    marks = [
        line.rsplit("|", 2)[-2].strip()
        for line in render_markdown(built).splitlines()
        if line.startswith("| ") and line[2].isdigit()
    ]
    assert marks == ["", "D", "D", "S D", "S D", "S O D", "S O D"]
    rows = list(csv.DictReader(io.StringIO(render_csv(built))))
    assert [(r["state_complaint"], r["ocr"], r["due_process"]) for r in rows][:2] == [
        ("no", "no", "no"),
        ("no", "no", "yes"),
    ]


def test_header_has_student_plan_period_summary_and_window_dates(plan):
    built = _build(
        plan, [], since=date(2026, 8, 24), summary={"items": 2, "ok": 1, "stale": 1, "partial": 0}
    )
    facts = dict(header(built))
    assert facts["Student"] == "Sam Test"
    assert facts["Plan"] == "504, 2026-08-24 to 2027-06-18"
    assert facts["Period"] == "2026-08-24 to 2026-11-20"
    assert facts["Report summary"] == "2 items: 1 ok, 1 stale"
    assert "S = state complaint (one year): on or after 2025-11-20" in facts["Complaint windows"]
    assert "O = OCR complaint (180 days): on or after 2026-05-24" in facts["Complaint windows"]
    assert "D = due process (two years): on or after 2024-11-20" in facts["Complaint windows"]


def test_period_and_item_filters_and_a_count_of_what_is_left_out(plan):
    entries = [
        entry(1, "2026-08-01", items=("speech",)),
        entry(2, "2026-09-01", items=("speech",)),
        entry(3, "2026-09-02", items=("extended-time",)),
    ]
    built = _build(plan, entries, since=date(2026, 8, 24), items=("speech",))
    assert [r.n for r in built.rows] == [2]
    assert built.outside == 1
    assert "1 entry dated outside the period" in dict(header(built))["Not shown"]


def test_staff_ids_read_as_names_and_attachments_by_their_names(plan):
    built = _build(
        plan,
        [
            entry(
                1,
                "2026-11-02",
                who="ms-lee",
                attachments=[
                    {"path": "sam.evidence/ab.pdf", "sha256": "a" * 64, "name": "Oct log.pdf"},
                    {"path": "sam.evidence/cd.txt", "sha256": "b" * 64},
                ],
            )
        ],
    )
    row = built.rows[0]
    assert row.who == "Ms. Lee"
    assert row.attachments == ("Oct log.pdf", "cd.txt")


HOSTILE = '<script>alert("x")</script> & | pipes\n=HYPERLINK("http://evil")'


def test_html_escapes_every_piece_of_user_text(plan):
    built = _build(
        plan,
        [
            entry(
                1,
                "2026-11-02",
                who="<b>who</b>",
                note=HOSTILE,
                attachments=[
                    {
                        "path": "e/x.pdf",
                        "sha256": "a" * 64,
                        "name": "<img src=x onerror=alert(1)>.pdf",
                    }
                ],
            )
        ],
    )
    page = render_html(built)
    assert "<script>" not in page and "<img" not in page and "<b>who" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page


def test_markdown_keeps_a_note_inside_its_cell_and_inert(plan):
    text = render_markdown(_build(plan, [entry(1, "2026-11-02", note=HOSTILE)]))
    row = next(line for line in text.splitlines() if line.startswith("| 1 "))
    assert "<script>" not in text and "\\<script\\>" in row
    assert "\\| pipes / =HYPERLINK" in row and "<br>" not in text


def test_csv_cells_never_start_a_formula(plan):
    rows = list(
        csv.DictReader(
            io.StringIO(
                render_csv(
                    _build(
                        plan,
                        [
                            entry(1, "2026-11-02", note="=1+2", who="@someone"),
                            entry(2, "2026-11-03", note="plain"),
                        ],
                    )
                )
            )
        )
    )
    assert rows[0]["note"] == "'=1+2" and rows[0]["who"] == "'@someone"
    assert rows[1]["note"] == "plain"


def test_an_empty_period_still_renders(plan):
    built = _build(plan, [])
    assert "No observations in this period." in render_html(built)
    assert render_csv(built).count("\n") == 1
    assert "| — |" in render_markdown(built)


@pytest.mark.parametrize("format", ["markdown", "csv", "html"])
def test_streamed_pieces_are_the_page_and_rows_are_made_as_read(plan, format):
    """A long chronology is written a piece at a time: the pieces are exactly the page, and
    rows are made from their entries when read (indexing and slicing agree with iterating)."""
    from iepcheck.render.formats import render, render_stream

    entries = [entry(n, f"2026-10-{n:02d}", note=f"visit {n} | *x*") for n in range(1, 29)]
    built = _build(plan, entries)
    assert [r.n for r in built.rows] == list(range(1, 29))
    assert built.rows[3] == list(built.rows)[3] and [r.n for r in built.rows[2:5]] == [3, 4, 5]
    pieces = list(render_stream("timeline", format, built))
    assert len(pieces) > 1 or format == "csv"
    assert "".join(pieces) == render("timeline", format, built)
