"""The report as one self-contained HTML page: open it in a browser, print it, or attach it.

Standard library only; no scripts, fonts or images from anywhere. Every string from the plan or
the log goes through `html_text` (render/escape.py). Every colour on white meets WCAG AA
contrast (4.5:1) and dates never break at a hyphen or space. The print style fits about 25 items on a page (9-point
type, rows that never split across pages, the header repeated on each page), and the status is
always a word, so a black-and-white printout loses nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.dates import long
from iepcheck.render.escape import html_text as escape
from iepcheck.render.report_goals import html_section
from iepcheck.report import age_days, heading, summary_line
from iepcheck.vocabulary import Status

if TYPE_CHECKING:
    from iepcheck.report import Report, ReportItem

STYLE = """
body { font: 11pt/1.35 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 2em;
       color: #111; }
h1 { font-size: 1.4em; margin: 0 0 .2em; }
h2 { font-size: 1.05em; margin: 1.2em 0 .3em; }
p.heading { margin: 0 0 .6em; color: #444; }
p.summary { font-weight: bold; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: .2em .4em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.status { font-weight: bold; white-space: nowrap; }
td.date { white-space: nowrap; }
.not-implemented { color: #a00000; } .no-evidence { color: #c03000; }
.stale { color: #8a6000; } .partial { color: #7a2e8e; } .ok { color: #1c6b1c; }
.inactive { color: #595959; }
.behind { color: #a00000; } .no-data { color: #c03000; } .on-track, .met { color: #1c6b1c; }
figure.goal { margin: .8em 0; break-inside: avoid; page-break-inside: avoid; }
figure.goal svg { max-width: 100%; height: auto; }
figure.goal figcaption { font-size: .9em; color: #333; }
.method, .legend { font-size: .9em; color: #333; }
@page { margin: 12mm; }
@media print {
  body { font-size: 9pt; margin: 0; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th, td { padding: .1em .3em; }
  h2 { break-after: avoid; }
}
"""

HEADER = ("Status", "Item", "Evidence", "Last evidence", "Age (days)", "Last finding",
          "Required", "Delivered", "Missed", "Unaccounted", "Owed")


def report_html(report: Report) -> str:
    name = escape(report.plan.student.name)
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Evidence report: {name}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
        f"<h1>Evidence report: {name}</h1>",
        f'<p class="heading">{escape(heading(report))}</p>',
        f'<p class="summary">{escape(summary_line(report))}.</p>',
        "<table>", "<thead><tr>" + "".join(f"<th>{h}</th>" for h in HEADER) + "</tr></thead>",
        "<tbody>", *(_row(report, item) for item in report.items), "</tbody>", "</table>",
        *html_section(report),
    ]
    if report.warnings:
        parts += ["<h2>Warnings</h2>", "<ul>"]
        parts += [f"<li>{escape(w)}</li>" for w in report.warnings]
        parts.append("</ul>")
    parts += ['<h2>What the statuses mean</h2>', '<ul class="legend">']
    parts += [f'<li><b class="{s}">{s}</b>: {escape(m)}</li>' for s, m in _legend()]
    parts += ["</ul>", "<h2>How minutes are counted</h2>",
              (f'<p class="method">{escape(report.method)} Ages are counted in days to '
              f"{escape(long(report.period.until))}, the end of the period.</p>"),
              "</body>", "</html>", ""]
    return "\n".join(parts)


def _row(report: Report, item: ReportItem) -> str:
    age = age_days(item, report.period)
    minutes = item.minutes
    counts = ([minutes.required, minutes.delivered, minutes.missed, minutes.unaccounted,
               minutes.owed] if minutes else ["—"] * 5)
    cells = [
        f'<td class="status {item.status}">{item.status}</td>',
        f"<td>{escape(item.item.name)} <small>({escape(item.item.id)})</small></td>",
        f'<td class="n">{item.evidence_count}</td>',
        f'<td class="date">{escape(long(item.last_evidence)) if item.last_evidence else "none"}</td>',
        f'<td class="n">{"—" if age is None else age}</td>',
        f"<td>{escape(item.last_finding or '—')}</td>",
        *(f'<td class="n">{count}</td>' for count in counts),
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def _legend() -> list[tuple[str, str]]:
    return [(status.value, status.meaning) for status in Status]
