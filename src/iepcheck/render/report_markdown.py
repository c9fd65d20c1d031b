"""The report as Markdown, to paste into an email to the IEP team or a shared document.

Standard library only. Every string from the plan or log goes through `markdown_text` (see
render/escape.py), so a `|` in an item's name cannot break the table, a `<` cannot become HTML
and `[x](…)` or `![x](…)` cannot become a link or a remote image in a Markdown viewer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.dates import long
from iepcheck.evidence.report import MINUTE_KEYS, age_days, heading, summary_line
from iepcheck.language.messages import _
from iepcheck.render.escape import markdown_text
from iepcheck.render.report_goals import markdown_lines
from iepcheck.vocabulary import Status

if TYPE_CHECKING:
    from iepcheck.evidence.report import Report, ReportItem

HEADER = ("Status", "Item", "Evidence", "Last evidence", "Age (days)", "Last finding", "Why",
          "Required", "Delivered", "Missed", "Unaccounted", "Owed")
ALIGN = ("---", "---", "---:", "---", "---:", "---", "---", "---:", "---:", "---:", "---:",
         "---:")


def report_markdown(report: Report) -> str:
    lines = [f"# Evidence report: {markdown_text(report.plan.student.name)}", "",
             markdown_text(heading(report)), "", f"**{markdown_text(summary_line(report))}.**", "",
             _row(HEADER), _row(ALIGN)]
    lines += [_row(_cells(report, item)) for item in report.items]
    totals = report.totals
    if totals is not None:
        lines.append(_row(["**Total**", "services with minutes", "", "", "", "", "",
                           *(f"**{getattr(totals, key)}**" for key in MINUTE_KEYS)]))
    consult = report.consult_totals
    if consult is not None:  # a total of its own: never added to the direct minutes
        label = markdown_text(_("Consult total"))
        lines.append(_row([f"**{label}**",
                           markdown_text(_("consult minutes, not added to the total")),
                           "", "", "", "", "",
                           *(f"**{getattr(consult, key)}**" for key in MINUTE_KEYS)]))
    from iepcheck.render.report_voices import voices_markdown

    lines += voices_markdown(report)
    lines += markdown_lines(report)
    if report.warnings:
        lines += ["", "## Warnings", ""] + [f"- {markdown_text(w)}" for w in report.warnings]
    lines += ["", "## What the statuses mean", ""]
    lines += [f"- **{status}**: {status.meaning}" for status in Status]
    lines += ["", "## How minutes are counted", "", markdown_text(report.method), "",
              f"Ages are counted in days to {long(report.period.until)}, the end of the period.",
              ""]
    return "\n".join(lines)


def _row(cells: list[str] | tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"


def _cells(report: Report, item: ReportItem) -> list[str]:
    age = age_days(item, report.period)
    minutes = item.minutes
    counts = ([str(minutes.required), str(minutes.delivered), str(minutes.missed),
               str(minutes.unaccounted), str(minutes.owed)] if minutes else ["—"] * 5)
    return [
        f"**{item.status}**", f"{markdown_text(item.item.name)} (`{item.item.id}`)",
        str(item.evidence_count), long(item.last_evidence) if item.last_evidence else "none",
        "—" if age is None else str(age), markdown_text(item.last_finding or "—"),
        markdown_text(item.reason or "—"), *counts,
    ]
