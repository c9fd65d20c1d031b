"""The report as Markdown, to paste into an email to the IEP team or a shared document.

Standard library only. Every string from the plan or log goes through `markdown_text` (see
render/escape.py), so a `|` in an item's name cannot break the table, a `<` cannot become HTML
and `[x](…)` or `![x](…)` cannot become a link or a remote image in a Markdown viewer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.dates import long
from iepcheck.evidence.report import MINUTE_KEYS, age_days, heading, summary_line
from iepcheck.language.messages import N_, _
from iepcheck.render.escape import markdown_text
from iepcheck.render.report_goals import markdown_lines
from iepcheck.render.words import no_date, status_label
from iepcheck.vocabulary import Status, finding_word

if TYPE_CHECKING:
    from iepcheck.evidence.report import Report, ReportItem

HEADER = (N_("Status"), N_("Item"), N_("Evidence"), N_("Last evidence"), N_("Age (days)"),
          N_("Last finding"), N_("Why"), N_("Required"), N_("Delivered"), N_("Missed"),
          N_("Unaccounted"), N_("Owed"))
ALIGN = ("---", "---", "---:", "---", "---:", "---", "---", "---:", "---:", "---:", "---:",
         "---:")


def report_markdown(report: Report) -> str:
    title = _("Evidence report: {student}").format(student=markdown_text(report.plan.student.name))
    lines = [f"# {title}", "",
             markdown_text(heading(report)), "", f"**{markdown_text(summary_line(report))}.**", "",
             _row([_(h) for h in HEADER]), _row(ALIGN)]
    lines += [_row(_cells(report, item)) for item in report.items]
    totals = report.totals
    if totals is not None:
        lines.append(_row(["**" + _("Total") + "**", _("services with minutes"), "", "", "", "", "",
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
        lines += ["", "## " + _("Warnings"), ""]
        lines += [f"- {markdown_text(w)}" for w in report.warnings]
    lines += ["", "## " + _("What the statuses mean"), ""]
    lines += [f"- **{status_label(status)}**: {status.meaning}" for status in Status]
    lines += ["", "## " + _("How minutes are counted"), "", markdown_text(report.method), "",
              _("Ages are counted in days to {day}, the end of the period.").format(
                  day=long(report.period.until)), ""]
    return "\n".join(lines)


def _row(cells: list[str] | tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"


def _cells(report: Report, item: ReportItem) -> list[str]:
    age = age_days(item, report.period)
    minutes = item.minutes
    counts = ([str(minutes.required), str(minutes.delivered), str(minutes.missed),
               str(minutes.unaccounted), str(minutes.owed)] if minutes else ["—"] * 5)
    return [
        f"**{status_label(item.status)}**", f"{markdown_text(item.item.name)} (`{item.item.id}`)",
        str(item.evidence_count), long(item.last_evidence) if item.last_evidence else no_date(),
        "—" if age is None else str(age), markdown_text(finding_word(item.last_finding) if item.last_finding else "—"),
        markdown_text(item.reason or "—"), *counts,
    ]
