"""`iepcheck caseload --format html`: the caseload as one self-contained page to print.

Standard library only; no scripts, fonts or images from anywhere. Every string from a plan,
a log, a path or an error message goes through `html_text` (render/escape.py). Every colour
meets WCAG AA contrast (4.5:1) on white and on the header grey; dates never break; rows never
split across printed pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.dates import long
from iepcheck.due.caseload import FIGURES_NOTE, ORDER_NOTE
from iepcheck.language.messages import N_, _, current
from iepcheck.letters.compose import kind_name
from iepcheck.render.caseload_table import title
from iepcheck.render.escape import html_text as escape
from iepcheck.render.page_style import DARK
from iepcheck.render.words import no_date

if TYPE_CHECKING:
    from datetime import date

    from iepcheck.due.caseload import Caseload, CaseRow

STYLE = """
body { font: 11pt/1.35 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 2em;
       color: #111; }
h1 { font-size: 1.3em; margin: 0 0 .6em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: .2em .4em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.date { white-space: nowrap; }
small { color: #444; }
tr.broken td.plan { color: #a00000; }
td.gap { color: #a00000; font-weight: bold; }
.note { font-size: .9em; color: #333; }
@page { margin: 12mm; }
@media print {
  body { font-size: 9pt; margin: 0; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th, td { padding: .1em .3em; }
}
"""
STYLE += (".scroll { overflow-x: auto; }\nh1, p { overflow-wrap: anywhere; }\n"
          "@media (max-width: 40em) { body { margin: 1em; } }\n")
STYLE += DARK  # dark mode, shared by every page (render/page_style.py)

HEADER = (N_("Child"), N_("Plan"), N_("Not implemented"), N_("No evidence"), N_("Stale"),
          N_("Partial"), N_("Minutes short"), N_("Minutes owed"), N_("Unanswered emails"),
          N_("Oldest overdue (days)"), N_("Next date"), N_("Last observation"))


def caseload_html(result: Caseload) -> str:
    heading = escape(title(result))
    parts = [
        "<!DOCTYPE html>", f'<html lang="{current()}">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{heading}</title>", f"<style>{STYLE}</style>", "</head>", "<body><main>",
        f"<h1>{heading}</h1>",
        '<div class="scroll"><table>', "<thead><tr>" + "".join(f"<th>{escape(_(h))}</th>" for h in HEADER) + "</tr></thead>",
        "<tbody>", *(_row(row, result.as_of) for row in result.rows), "</tbody>", "</table></div>",
        (f'<p class="note">{escape(_(ORDER_NOTE))} '
         f"{escape(_(FIGURES_NOTE).format(day=long(result.as_of)))}</p>"),
        "</main></body>", "</html>", "",
    ]
    return "\n".join(parts)


def _row(row: CaseRow, as_of: date) -> str:
    child = (f"{escape(row.student)}<br><small>{escape(row.path)}</small>" if row.student
             else f"<small>{escape(row.path)}</small>")
    if row.error:
        why = escape(_("cannot read: {error}").format(error=row.error))
        return (f'<tr class="broken"><td>{child}</td>'
                f'<td class="plan">{why}</td>'
                + '<td class="n">—</td>' * 8 + "<td>—</td><td>—</td></tr>")
    plan = (escape(_("{kind} {start} to {end}")).format(
        kind=escape(kind_name(row.kind) if row.kind else ""), start=f'<span class="date">{long(row.start)}</span>',
        end=f'<span class="date">{long(row.end)}</span>') if row.start and row.end else "")
    counts = [_number(row.not_implemented, gap=True), _number(row.no_evidence, gap=True),
              _number(row.stale), _number(row.partial), _number(row.minutes_short),
              _number(row.minutes_owed),
              _number(row.unanswered, gap=True), _number(row.oldest_overdue_days)]
    next_date = (f'<span class="date">{long(row.next_date.date)}</span> '
                 f"{escape(row.next_date.event)}" if row.next_date else "—")
    last = long(row.last_observation) if row.last_observation else escape(no_date())
    return (f"<tr><td>{child}</td><td class=\"plan\">{plan}</td>{''.join(counts)}"
            f'<td>{next_date}</td><td class="date">{last}</td></tr>')


def _number(value: int | None, *, gap: bool = False) -> str:
    """A count cell; a count of gaps above zero is bold red (the number says it too)."""
    if value is None:
        return '<td class="n">—</td>'
    marked = " gap" if gap and value else ""
    return f'<td class="n{marked}">{value}</td>'
