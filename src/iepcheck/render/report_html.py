"""The report as one self-contained HTML page: open it in a browser or on a phone, print it,
or attach it.

No scripts, fonts or images from anywhere; the charts (when the report carries week-by-week
series) are SVG drawn inline by render/minutes_chart.py. Every string from the plan or the log
goes through `html_text` (render/escape.py). Every colour on white meets WCAG AA contrast
(4.5:1) and dates never break at a hyphen or space. The print style (docs/bundle.md,
"Printing") fits the whole table across Letter and A4 portrait: 8.5-point type, headings that
may hyphenate, long item names that wrap anywhere, rows that never split across pages and the
header repeated on each page; the status is always a word, so a black-and-white printout loses
nothing. On a narrow screen the table scrolls sideways instead of squeezing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.dates import long
from iepcheck.evidence.report import MINUTE_KEYS, age_days, heading, is_consult, summary_line
from iepcheck.language.messages import N_, _, current, n_
from iepcheck.render.escape import html_text as escape
from iepcheck.render.page_style import DARK
from iepcheck.render.report_goals import html_section
from iepcheck.render.words import no_date, status_label
from iepcheck.vocabulary import Status, finding_word

if TYPE_CHECKING:
    from iepcheck.evidence.report import Report, ReportItem

STYLE = """
body { font: 11pt/1.35 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 2em;
       color: #111; }
h1 { font-size: 1.4em; margin: 0 0 .2em; }
h2 { font-size: 1.05em; margin: 1.2em 0 .3em; }
p.heading { margin: 0 0 .6em; color: #444; }
p.summary { font-weight: bold; }
div.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: .2em .4em; text-align: left; vertical-align: top; }
th { background: #eee; }
thead th { font-size: .9em; hyphens: manual; }
td.item { overflow-wrap: anywhere; hyphens: auto; min-width: 9em; }
td.item small { display: block; color: #444; }
td.n, tfoot th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.status { font-weight: bold; white-space: nowrap; }
td.date { white-space: nowrap; }
tfoot th { font-weight: bold; }
.not-implemented { color: #a00000; } .no-evidence { color: #c03000; }
.stale { color: #8a6000; } .partial { color: #7a2e8e; } .minutes-short { color: #005f87; }
.ok { color: #1c6b1c; }
tfoot td { font-weight: bold; }
.inactive { color: #595959; }
.behind { color: #a00000; } .no-data { color: #c03000; } .on-track, .met { color: #1c6b1c; }
figure.goal { margin: .8em 0; break-inside: avoid; page-break-inside: avoid; }
figure.goal svg { width: 100%; max-width: 36em; height: auto; }
figure.goal figcaption { font-size: .9em; color: #333; }
.method, .legend { font-size: .9em; color: #333; }
section.charts h2 { margin-top: 1.5em; }
figure.chart { margin: .8em 0; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { width: 100%; max-width: 42em; height: auto; }
@page { margin: 12mm; }
@media (max-width: 40em) {
  body { margin: .6em; font-size: 10pt; }
  th, td { padding: .15em .25em; }
}
@media print {
  body { font-size: 8.5pt; margin: 0; }
  div.scroll { overflow: visible; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  thead th { font-size: 7.5pt; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th, td { padding: .1em .25em; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section.charts { break-before: page; page-break-before: always; }
  section.charts h2 { margin-top: 0; }
  figure.chart svg { max-width: 100%; }
}
"""
STYLE += DARK  # dark mode, shared by every page (render/page_style.py)

#: Column headings; soft hyphens (&shy;) let the long ones break in print or on a phone, so the
#: narrow number columns leave the width to the item's name.
HEADER = (N_("Status"), N_("Item"), N_("Evi&shy;dence"), N_("Last evidence"), N_("Age (days)"),
          N_("Last finding"), N_("Why"), N_("Re&shy;quired"), N_("Deliv&shy;ered"), N_("Missed"),
          N_("Unac&shy;counted"), N_("Owed"))


def report_html(report: Report) -> str:
    title = _("Evidence report: {student}").format(student=escape(report.plan.student.name))
    parts = [
        "<!DOCTYPE html>", f'<html lang="{current()}">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>", f"<style>{STYLE}</style>", "</head>", "<body><main>",
        f"<h1>{title}</h1>",
        f'<p class="heading">{escape(heading(report))}</p>',
        f'<p class="summary">{escape(summary_line(report))}.</p>',
        '<div class="scroll">', "<table>",
        "<thead><tr>" + "".join(f"<th>{_(h)}</th>" for h in HEADER) + "</tr></thead>",
        "<tbody>", *(_row(report, item) for item in report.items), "</tbody>",
        *_totals(report), "</table>", "</div>",
        *html_section(report),
    ]
    from iepcheck.render.report_voices import voices_html

    parts += voices_html(report)
    parts += _charts(report)
    if report.warnings:
        parts += ["<h2>" + escape(_("Warnings")) + "</h2>", "<ul>"]
        parts += [f"<li>{escape(w)}</li>" for w in report.warnings]
        parts.append("</ul>")
    parts += ["<h2>" + escape(_("What the statuses mean")) + "</h2>", '<ul class="legend">']
    parts += [f'<li><b class="{s}">{escape(status_label(s))}</b>: {escape(m)}</li>'
              for s, m in _legend()]
    ages = _("Ages are counted in days to {day}, the end of the period.").format(
        day=long(report.period.until))
    parts += ["</ul>", "<h2>" + escape(_("How minutes are counted")) + "</h2>",
              f'<p class="method">{escape(report.method)} {escape(ages)}</p>',
              "</main></body>", "</html>", ""]
    return "\n".join(parts)


def _row(report: Report, item: ReportItem) -> str:
    age = age_days(item, report.period)
    minutes = item.minutes
    counts = ([minutes.required, minutes.delivered, minutes.missed, minutes.unaccounted,
               minutes.owed] if minutes else ["—"] * 5)
    cells = [
        f'<td class="status {item.status}">{escape(status_label(item.status))}</td>',
        f'<td class="item">{escape(item.item.name)} <small>({escape(item.item.id)})</small></td>',
        f'<td class="n">{item.evidence_count}</td>',
        f'<td class="date">{escape(long(item.last_evidence)) if item.last_evidence else no_date()}</td>',
        f'<td class="n">{"—" if age is None else age}</td>',
        f"<td>{escape(finding_word(item.last_finding) if item.last_finding else '—')}</td>",
        f"<td>{escape(item.reason or '—')}</td>",
        *(f'<td class="n">{count}</td>' for count in counts),
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def _totals(report: Report) -> list[str]:
    """The service minutes added up (`Report.totals`), in the table's foot (header cells: a
    total is not an item); no services with minutes, no row."""
    totals, consult = report.totals, report.consult_totals
    if totals is None and consult is None:
        return []
    rows = ["<tfoot>"]
    if totals is not None:
        count = sum(1 for item in report.items if item.minutes and not is_consult(item))
        label = escape(n_("Total, {count} service with minutes",
                          "Total, {count} services with minutes", count).format(count=count))
        rows += ["<tr>", f'<th colspan="7" scope="row">{label}</th>',
                 *(f'<th class="n">{getattr(totals, key)}</th>' for key in MINUTE_KEYS), "</tr>"]
    if consult is not None:  # a total of its own: never added to the direct minutes
        label = escape(_("Consult minutes, a total of their own"))
        rows += ["<tr>", f'<th colspan="7" scope="row">{label}</th>',
                 *(f'<th class="n">{getattr(consult, key)}</th>' for key in MINUTE_KEYS),
                 "</tr>"]
    return [*rows, "</tfoot>"]


def _charts(report: Report) -> list[str]:
    """One chart per service with minutes (report.series, filled by `with_series`): the
    running minutes required against delivered and missed, week by week."""
    if not report.series:
        return []
    from iepcheck.render.minutes_chart import inline_svg

    how = _("Running totals from the start of the period: the dashed line is what the plan "
            "required, the solid line what the log shows delivered, the dotted line what it "
            "shows missed; the gap between the first two is required but not shown delivered.")
    parts = ['<section class="charts">', "<h2>" + escape(_("Service minutes week by week")) + "</h2>",
             f'<p class="method">{escape(how)}</p>']
    parts += [f'<figure class="chart">{inline_svg(series)}</figure>' for series in report.series]
    return [*parts, "</section>"]


def _legend() -> list[tuple[str, str]]:
    return [(status.value, status.meaning) for status in Status]
