"""The chronology as one self-contained, printable HTML page.

Every piece of user text goes through `html_text` (render/escape.py): notes can hold whatever an imported
email said. No scripts, no external fonts or styles, so it opens offline and prints as is.

Print and phone (docs/bundle.md, "Printing"): the ten columns fit Letter and A4 portrait at
8.5-point type; a long word, URL or file name wraps anywhere rather than widening the table,
dates and entry numbers never wrap (2026-11-02 never breaks at a hyphen), rows never split
across pages and the header repeats on each; on a narrow screen the table scrolls sideways.
Attachments are one block each, never a raw line break.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.language.messages import N_, _, current
from iepcheck.render.escape import html_text as escape
from iepcheck.render.page_style import DARK
from iepcheck.render.words import outcome_label
from iepcheck.vocabulary import kind_word

if TYPE_CHECKING:
    from collections.abc import Iterator

    from iepcheck.evidence.timeline import Row, Timeline

STYLE = """
body { font: 11pt/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em; color: #111; }
h1 { font-size: 16pt; margin: 0 0 .5em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: 0 0 1em; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
div.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .25em .4em; vertical-align: top; text-align: left; }
td.text { overflow-wrap: break-word; }
td.note, td.files { overflow-wrap: anywhere; }
th { background: #eee; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
td.note { white-space: pre-wrap; min-width: 12em; }
td.date, td.n { white-space: nowrap; }
td.files div + div { margin-top: .2em; }
tr.retracted td { color: #595959; text-decoration: line-through; }
tr.retracted td.status { text-decoration: none; }
.status { font-weight: 600; }
@page { margin: 12mm; }
@media (max-width: 40em) {
  body { margin: 1em; font-size: 10pt; }
  dl { grid-template-columns: 1fr; }
  dt { margin-top: .3em; }
}
@media print {
  body { margin: 0; font-size: 8.5pt; }
  div.scroll { overflow: visible; }
  th { font-size: 7.5pt; }
  th, td { padding: .1em .25em; }
}
"""
STYLE += DARK  # dark mode, shared by every page (render/page_style.py)

COLUMNS = (
    "#",
    N_("Date"),
    N_("Kind"),
    N_("Items"),
    N_("Who"),
    N_("Finding"),
    N_("Status"),
    N_("Note"),
    N_("Attachments"),
    N_("Windows"),
)


def render_html(timeline: Timeline) -> str:
    return "".join(html_pieces(timeline))


def html_pieces(timeline: Timeline) -> Iterator[str]:
    """The page in pieces, a row at a time (`render.formats` joins or streams them)."""
    from iepcheck.evidence.timeline import header

    facts = "\n".join(
        f"<dt>{escape(label)}</dt><dd>{escape(text)}</dd>" for label, text in header(timeline)
    )
    head = "".join(f"<th>{escape(_(c))}</th>" for c in COLUMNS)
    title = escape(_("Chronology: {student}").format(student=timeline.student))
    yield f"""<!DOCTYPE html>
<html lang="{current()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{STYLE}</style>
</head>
<body><main>
<h1>{title}</h1>
<dl>
{facts}
</dl>
<div class="scroll">
<table>
<thead><tr>{head}</tr></thead>
<tbody>
"""
    empty = True
    for row in timeline.rows:
        yield ("" if empty else "\n") + _row(row, timeline)
        empty = False
    if empty:
        none = escape(_("No observations in this period."))
        yield f'<tr><td colspan="{len(COLUMNS)}">{none}</td></tr>'
    yield """
</tbody>
</table>
</div>
</main></body>
</html>
"""


def _row(row: Row, timeline: Timeline) -> str:
    from iepcheck.evidence.timeline import dates_of, marks, number, status_of

    css = ' class="retracted"' if row.retracted_by is not None else ""
    note = (_("Reason: {note}").format(note=row.note) if row.retracts and row.note
            else row.note) or ""
    tds = f'<td class="n">{escape(number(row, row.n))}</td><td class="date">{dates_of(row)}</td>'
    tds += f"<td>{escape(kind_word(row.kind))}</td><td>{escape(' '.join(row.items))}</td>"
    tds += f'<td class="text">{escape(row.who or "")}</td><td>{escape(outcome_label(row))}</td>'
    tds += f'<td class="status">{escape(status_of(row))}</td>'
    tds += f'<td class="note text">{escape(note)}</td>'
    files = "".join(f"<div>{escape(a)}</div>" for a in row.attachments)
    tds += f'<td class="files text">{files}</td>'
    tds += f"<td>{escape(marks(row, timeline))}</td>"
    return f"<tr{css}>{tds}</tr>"
