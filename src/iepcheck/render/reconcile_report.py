"""`reconcile` in every format: text, Markdown, CSV, HTML and JSON (docs/school-logs.md).

The school's minutes and the family's stand in their own columns, never summed; every
conflict cites both sides' entries. User text (rows, names) is made inert for each output.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from iepcheck.language.messages import N_, _, current
from iepcheck.render.escape import csv_cell, html_text, json_text, markdown_cell, terminal_line

if TYPE_CHECKING:
    from iepcheck.evidence.reconcile import Conflict, Reconciliation

#: The columns' headings: the CSV's keys as they are, translated for the human formats.
WEEK_HEADER = (N_("service"), N_("week"), N_("owed by the plan"), N_("school's log claims"),
               N_("family's evidence"))
CONFLICT_HEADER = (N_("day"), N_("service"), N_("conflict"), N_("what"), N_("school's entries"),
                   N_("family's entries"))


def _shown(header: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_(h) for h in header)


def _week_cells(rec: Reconciliation) -> list[list[str]]:
    return [[w.service, f"{w.first}..{w.last}", str(w.owed), str(w.school), str(w.family)]
            for w in rec.weeks]


def _conflict_cells(conflict: Conflict, no_row: str = "(no row)") -> list[str]:
    """The conflict's cells; `no_row` where the school's log has none (the CSV keeps the
    English words, the human formats translate them)."""
    return [conflict.day.isoformat(), conflict.service, conflict.kind, conflict.detail,
            "; ".join(conflict.school) or no_row, "; ".join(conflict.family) or "-"]


def _shown_conflicts(rec: Reconciliation) -> list[list[str]]:
    return [_conflict_cells(c, _("(no row)")) for c in rec.conflicts]


def _heading(rec: Reconciliation) -> str:
    return _("The school's log beside the plan and the family's evidence, {since}..{until}"
             ).format(since=rec.since, until=rec.until)


def _note() -> str:
    return _("Minutes are shown as each side records them and never added together. A "
             "conflict is listed, not decided.")


def render_text(rec: Reconciliation) -> str:
    lines = [_heading(rec), "", _columns([list(_shown(WEEK_HEADER)), *_week_cells(rec)]), ""]
    lines.append(_("Conflicts: {count}").format(count=len(rec.conflicts)) if rec.conflicts
                 else _("Conflicts: none"))
    for c in rec.conflicts:
        school = "; ".join(c.school) or _("no row")
        sides = (_("school: {school}; family: {family}").format(
                     school=school, family="; ".join(c.family)) if c.family
                 else _("school: {school}").format(school=school))
        lines.append(terminal_line(f"  {c.day} {c.service} {c.kind}: {c.detail} ({sides})"))
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

    lines = [f"# {markdown_cell(_heading(rec))}", "", "## " + _("Minutes by week"), "",
             *table(_shown(WEEK_HEADER), _week_cells(rec)), "", "## " + _("Conflicts"), ""]
    if rec.conflicts:
        lines += table(_shown(CONFLICT_HEADER), _shown_conflicts(rec))
    else:
        lines.append(_("None."))
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

    conflicts = (table(_shown(CONFLICT_HEADER), _shown_conflicts(rec))
                 if rec.conflicts else "<p>" + html_text(_("None.")) + "</p>")
    by_week, titled = html_text(_("Minutes by week")), html_text(_("Conflicts"))
    return (f"<!DOCTYPE html>\n<html lang=\"{current()}\"><head><meta charset=\"utf-8\">"
            f"<title>{html_text(_heading(rec))}</title><style>table{{border-collapse:collapse}}"
            "td,th{border:1px solid #999;padding:2px 6px}</style></head><body><main>"
            f"<h1>{html_text(_heading(rec))}</h1><h2>{by_week}</h2>"
            f"{table(_shown(WEEK_HEADER), _week_cells(rec))}<h2>{titled}</h2>{conflicts}"
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
