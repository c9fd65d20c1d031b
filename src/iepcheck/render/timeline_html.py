"""The chronology as one self-contained, printable HTML page.

Every piece of user text goes through `html_text` (render/escape.py): notes can hold whatever an imported
email said. No scripts, no external fonts or styles, so it opens offline and prints as is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.render.escape import html_text as escape

if TYPE_CHECKING:
    from iepcheck.timeline import Row, Timeline

STYLE = """
body { font: 11pt/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em; color: #111; }
h1 { font-size: 16pt; margin: 0 0 .5em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: 0 0 1em; }
dt { font-weight: 600; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .25em .4em; vertical-align: top; text-align: left; }
th { background: #eee; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
td.note { white-space: pre-wrap; }
td.date { white-space: nowrap; }
tr.retracted td { color: #666; text-decoration: line-through; }
tr.retracted td.status { text-decoration: none; }
.status { font-weight: 600; }
@media print { body { margin: 0; font-size: 9pt; } @page { margin: 1.5cm; } }
"""

COLUMNS = (
    "#",
    "Date",
    "Kind",
    "Items",
    "Who",
    "Finding",
    "Status",
    "Note",
    "Attachments",
    "Windows",
)


def render_html(timeline: Timeline) -> str:
    from iepcheck.timeline import header

    facts = "\n".join(
        f"<dt>{escape(label)}</dt><dd>{escape(text)}</dd>" for label, text in header(timeline)
    )
    head = "".join(f"<th>{escape(c)}</th>" for c in COLUMNS)
    body = "\n".join(_row(row, timeline) for row in timeline.rows) or (
        f'<tr><td colspan="{len(COLUMNS)}">No observations in this period.</td></tr>'
    )
    title = escape(f"Chronology: {timeline.student}")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{title}</h1>
<dl>
{facts}
</dl>
<table>
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody>
</table>
</body>
</html>
"""


def _row(row: Row, timeline: Timeline) -> str:
    from iepcheck.timeline import marks, number, outcome, status_of

    css = ' class="retracted"' if row.retracted_by is not None else ""
    note = (f"Reason: {row.note}" if row.retracts and row.note else row.note) or ""
    cells = [
        number(row, row.n),
        row.kind,
        " ".join(row.items),
        row.who or "",
        outcome(row),
    ]
    tds = "".join(f"<td>{escape(c)}</td>" for c in cells)
    tds = tds.replace("</td>", f'</td><td class="date">{row.date.isoformat()}</td>', 1)
    tds += f'<td class="status">{escape(status_of(row))}</td>'
    tds += f'<td class="note">{escape(note)}</td>'
    tds += f"<td>{'<br>'.join(escape(a) for a in row.attachments)}</td>"
    tds += f"<td>{escape(marks(row, timeline))}</td>"
    return f"<tr{css}>{tds}</tr>"
