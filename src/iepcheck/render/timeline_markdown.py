"""The chronology as Markdown: a header, then one table row per entry."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iepcheck.timeline import Row, Timeline

COLUMNS = ("#", "Date", "Kind", "Items", "Who", "Finding", "Note", "Attachments", "Windows")


def cell(text: str | None) -> str:
    """Safe inside a table cell, and inert if the Markdown is shown as HTML (a note from an
    imported email may hold markup)."""
    if not text:
        return ""
    escaped = html.escape(text, quote=False).replace("|", "\\|")
    return "<br>".join(line.strip() for line in escaped.splitlines())


def render_markdown(timeline: Timeline) -> str:
    from iepcheck.timeline import header

    lines = [f"# Chronology: {cell(timeline.student)}", ""]
    lines += [f"- **{label}:** {cell(text)}" for label, text in header(timeline)]
    lines += ["", "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(_cells(row, timeline)) + " |" for row in timeline.rows]
    if not timeline.rows:
        lines.append("| " + " | ".join(["—"] + [""] * (len(COLUMNS) - 1)) + " |")
    return "\n".join(lines) + "\n"


def _cells(row: Row, timeline: Timeline) -> list[str]:
    from iepcheck.timeline import marks, outcome, status_of

    status = status_of(row)
    note = cell(row.note)
    if status:
        note = f"**{status}**" + (f"<br>{'Reason: ' if row.retracts else ''}{note}" if note else "")
    return [
        str(row.n),
        row.date.isoformat(),
        row.kind,
        cell(" ".join(row.items)),
        cell(row.who),
        cell(outcome(row)),
        note,
        cell("; ".join(row.attachments)),
        marks(row, timeline),
    ]
