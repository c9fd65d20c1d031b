"""The report's delivered minutes in two voices, in every format: the school's log and the
family's evidence side by side, never summed (docs/school-logs.md, `evidence/voices.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.language.messages import N_, _
from iepcheck.render.escape import html_text, markdown_cell

if TYPE_CHECKING:
    from rich.console import RenderableType

    from iepcheck.evidence.report import Report

TITLE = N_("Delivered minutes, as each side records them (never added together)")
#: The two columns' headings (the same words as evidence/voices.py's titles).
SCHOOL = N_("as the school's log reports")
FAMILY = N_("as the family's evidence shows")
CSV_COLUMNS = ("delivered_school", "delivered_family")


def _rows(report: Report) -> list[tuple[str, str, str]]:
    names = {item.item.id: item.item.name for item in report.items}
    return [(f"{names.get(i, i)} ({i})", str(s), str(f)) for i, s, f in report.voices]


def voices_table(report: Report) -> RenderableType | None:
    if not report.voices:
        return None
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=_(TITLE), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(_("service"), ratio=1, min_width=16, overflow="fold")
    table.add_column(_(SCHOOL), justify="right", no_wrap=True)
    table.add_column(_(FAMILY), justify="right", no_wrap=True)
    for name, school, family in _rows(report):
        table.add_row(Text(name), school, family)
    return table


def voices_markdown(report: Report) -> list[str]:
    if not report.voices:
        return []
    lines = ["", f"## {_(TITLE)}", "", "| " + _("service") + f" | {_(SCHOOL)} | {_(FAMILY)} |",
             "|---|---:|---:|"]
    return lines + [f"| {markdown_cell(n)} | {s} | {f} |" for n, s, f in _rows(report)]


def voices_html(report: Report) -> list[str]:
    if not report.voices:
        return []
    rows = "".join(f"<tr><td>{html_text(n)}</td><td>{s}</td><td>{f}</td></tr>"
                   for n, s, f in _rows(report))
    head = ("<th>" + html_text(_("service")) + f"</th><th>{html_text(_(SCHOOL))}</th>"
            f"<th>{html_text(_(FAMILY))}</th>")
    return [f"<h2>{html_text(_(TITLE))}</h2>",
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"]


def voices_csv(report: Report, item_id: str) -> list[str]:
    """The two columns of one item's CSV row: blank for items without minutes."""
    if not report.voices:
        return []
    found = {i: (str(s), str(f)) for i, s, f in report.voices}
    return list(found.get(item_id, ("", "")))
