"""The report as CSV: one row per item, gaps first, for a spreadsheet (standard library csv).

Columns mirror the JSON items (minutes flattened to `minutes_required` …, then `reason`); a
plan with goals adds one row per goal after the items (kind `goal`, its verdict as the status)
and the goal columns (`goal_area` … `expected`, empty on other rows). `since` and `until`
repeat the period on every row so a sheet pasted elsewhere still says what it covers. Empty
cells stand for JSON's null. A row of kind `total` carries the JSON `totals` (minutes summed
over services with minutes), when any service has minutes. Warnings are not rows: the command
prints them on stderr.
Cells of user text go through `csv_cell` (render/escape.py), so a spreadsheet never runs a
name as a formula.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from iepcheck.render.escape import csv_cell
from iepcheck.render.report_goals import csv_columns, csv_row

if TYPE_CHECKING:
    from iepcheck.evidence.report import Report

MINUTE_KEYS = ("required", "delivered", "missed", "unaccounted", "owed")
COLUMNS = ("since", "until", "id", "kind", "name", "status", "evidence_count", "last_evidence",
           "last_finding", *(f"minutes_{key}" for key in MINUTE_KEYS), "reason")


def report_csv(report: Report) -> str:
    document = report.as_json()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    from iepcheck.render.report_voices import CSV_COLUMNS, voices_csv

    voices = CSV_COLUMNS if report.voices else ()
    writer.writerow((*COLUMNS, *csv_columns(report), *voices))
    period = document["period"]
    goal_blanks = [""] * len(csv_columns(report))
    for item in document["items"]:
        minutes = item["minutes"] or {}
        writer.writerow([
            period["since"], period["until"], csv_cell(item["id"]), item["kind"],
            csv_cell(item["name"]),
            item["status"], item["evidence_count"], item["last_evidence"] or "",
            item["last_finding"] or "", *(minutes.get(key, "") for key in MINUTE_KEYS),
            csv_cell(item["reason"] or ""),
            *goal_blanks, *voices_csv(report, item["id"]),
        ])
    totals = document["totals"]
    if totals is not None:
        writer.writerow([period["since"], period["until"], "", "total",
                         "Total (services with minutes)", "", "", "", "",
                         *(totals[key] for key in MINUTE_KEYS), "", *goal_blanks])
    consult = document.get("consult_totals")
    if consult is not None:  # a total of its own: never added to the direct minutes
        writer.writerow([period["since"], period["until"], "", "consult-total",
                         "Total of consult services (not added to the total)", "", "", "", "",
                         *(consult[key] for key in MINUTE_KEYS), "", *goal_blanks])
    for progress in report.goals:  # the minute columns and `reason` are blank on a goal's row
        writer.writerow(csv_row(progress, period["since"], period["until"],
                                len(MINUTE_KEYS) + 1))
    return buffer.getvalue()
