"""`reconcile` in every format: text, Markdown, CSV, HTML and JSON (docs/school-logs.md).

The school's minutes and the family's stand in their own columns, never summed; every
conflict cites both sides' entries. User text (rows, names) is made inert for each output.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from iepcheck.render.escape import csv_cell, html_text, json_text, markdown_cell, terminal_line

if TYPE_CHECKING:
    from iepcheck.evidence.reconcile import Conflict, Reconciliation

WEEK_HEADER = ("service", "week", "owed by the plan", "school's log claims",
               "family's evidence")
CONFLICT_HEADER = ("day", "service", "conflict", "what", "school's entries", "family's entries")


def _week_cells(rec: Reconciliation) -> list[list[str]]:
    return [[w.service, f"{w.first}..{w.last}", str(w.owed), str(w.school), str(w.family)]
            for w in rec.weeks]


def _conflict_cells(conflict: Conflict) -> list[str]:
    return [conflict.day.isoformat(), conflict.service, conflict.kind, conflict.detail,
            "; ".join(conflict.school) or "(no row)", "; ".join(conflict.family) or "-"]


def _heading(rec: Reconciliation) -> str:
    return (f"The school's log beside the plan and the family's evidence, "
            f"{rec.since}..{rec.until}")


def _note() -> str:
    return ("Minutes are shown as each side records them and never added together. A "
            "conflict is listed, not decided.")


def render_text(rec: Reconciliation) -> str:
    lines = [_heading(rec), "", _columns([list(WEEK_HEADER), *_week_cells(rec)]), ""]
    lines.append(f"Conflicts: {len(rec.conflicts)}" if rec.conflicts else "Conflicts: none")
    for c in rec.conflicts:
        family = f"; family: {'; '.join(c.family)}" if c.family else ""
        school = "; ".join(c.school) or "no row"
        lines.append(terminal_line(f"  {c.day} {c.service} {c.kind}: {c.detail} "
                                   f"(school: {school}{family})"))
    return "\n".join([*lines, "", _note()]) + "\n"


def _columns(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(terminal_line(cell).ljust(w) if i < 2 else cell.rjust(w)
                               for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
                     .rstrip() for row in rows)


def render_markdown(rec: Reconciliation) -> str:
    def table(header: tuple[str, ...], rows: list[list[str]]) -> list[str]:
        return [f"| {' | '.join(header)} |", f"|{'---|' * len(header)}",
                *(f"| {' | '.join(markdown_cell(cell) for cell in row)} |" for row in rows)]

    lines = [f"# {markdown_cell(_heading(rec))}", "", "## Minutes by week", "",
             *table(WEEK_HEADER, _week_cells(rec)), "", "## Conflicts", ""]
    if rec.conflicts:
        lines += table(CONFLICT_HEADER, [_conflict_cells(c) for c in rec.conflicts])
    else:
        lines.append("None.")
    return "\n".join([*lines, "", _note()]) + "\n"


def render_csv(rec: Reconciliation) -> str:
    """One table: a row per week (`minutes`) then one per conflict (`conflict`)."""
    import csv
    import io

    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["row", *WEEK_HEADER, "conflict", "what", "school's entries",
                     "family's entries"])
    for cells in _week_cells(rec):
        writer.writerow(["minutes", *map(csv_cell, cells), "", "", "", ""])
    for c in rec.conflicts:
        day, service, kind, detail, school, family = _conflict_cells(c)
        writer.writerow(["conflict", csv_cell(service), day, "", "", "", csv_cell(kind),
                         csv_cell(detail), csv_cell(school), csv_cell(family)])
    return out.getvalue()


def render_html(rec: Reconciliation) -> str:
    def table(header: tuple[str, ...], rows: list[list[str]]) -> str:
        head = "".join(f"<th>{html_text(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{html_text(cell)}</td>" for cell in row)
                       + "</tr>" for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    conflicts = (table(CONFLICT_HEADER, [_conflict_cells(c) for c in rec.conflicts])
                 if rec.conflicts else "<p>None.</p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html_text(_heading(rec))}</title><style>table{{border-collapse:collapse}}"
            "td,th{border:1px solid #999;padding:2px 6px}</style></head><body><main>"
            f"<h1>{html_text(_heading(rec))}</h1><h2>Minutes by week</h2>"
            f"{table(WEEK_HEADER, _week_cells(rec))}<h2>Conflicts</h2>{conflicts}"
            f"<p>{html_text(_note())}</p></main></body></html>\n")


def as_json(rec: Reconciliation) -> dict[str, Any]:
    """Both voices in their own keys: `school_minutes` and `family_minutes`, never a sum."""
    return {
        "since": rec.since.isoformat(), "until": rec.until.isoformat(),
        "weeks": [{"service": w.service, "first": w.first.isoformat(),
                   "last": w.last.isoformat(), "owed_minutes": w.owed,
                   "school_minutes": w.school, "family_minutes": w.family} for w in rec.weeks],
        "conflicts": [{"kind": c.kind, "service": c.service, "day": c.day.isoformat(),
                       "detail": c.detail, "school": list(c.school), "family": list(c.family)}
                      for c in rec.conflicts],
    }


def render_json(rec: Reconciliation) -> str:
    return json_text(json.dumps(as_json(rec), indent=2, ensure_ascii=False)) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "csv": render_csv,
             "html": render_html, "json": render_json}
