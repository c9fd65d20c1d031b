"""`iepcheck caseload` as a terminal table (rich, imported only when a table is asked for).

One row per child, most urgent first. Every cell of user text (names, paths, events, error
messages) is a `Text` made by `plain`, so it is never read as markup and its control
characters are shown. A row that could not be read says why in its `plan` cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.dates import long, short
from iepcheck.due.caseload import FIGURES_NOTE, ORDER_NOTE
from iepcheck.language.messages import _, n_, p_
from iepcheck.letters.compose import kind_name
from iepcheck.render.console import as_plain_text, plain
from iepcheck.render.words import no_date

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date

    from rich.console import RenderableType

    from iepcheck.due.caseload import Caseload, CaseRow

#: Narrow headers on two lines, so the text columns keep their room.
def count_headers() -> tuple[str, ...]:
    """The count columns' headings in the reader's language."""
    return (_("not\nimpl."), _("no\nevid."), p_("caseload column", "stale"), _("part-\nial"), _("min.\nshort"),
            _("owed\nmin"), _("overdue\nreplies"))


def title(result: Caseload) -> str:
    """'Caseload under kids as of 20 Nov 2026: 3 plans, 2 with something due, 1 not read'."""
    count = len(result.rows)
    due = sum(1 for r in result.rows if r.due and not r.error)
    broken = len(result.broken)
    parts = [n_("{count} plan", "{count} plans", count).format(count=count),
             _("{count} with something due").format(count=due)]
    if broken:
        parts.append(_("{count} not read").format(count=broken))
    return _("Caseload under {folder} as of {day}: {counts}").format(
        folder=result.folder, day=long(result.as_of), counts=", ".join(parts))


def caseload_renderables(result: Caseload) -> list[RenderableType]:
    """The title; the plans that could not be read, one row each saying why (first: nothing
    about those children can be said until they are fixed); every other child, most urgent
    first; how the rows are ordered."""
    parts: list[RenderableType] = [plain(title(result), style="bold")]
    if result.broken:
        parts.append(_broken_table(result.broken))
    readable = [row for row in result.rows if not row.error]
    if readable:
        parts.append(_table(readable, result.as_of))
    parts.append(plain(_(ORDER_NOTE) + " " + _(FIGURES_NOTE).format(day=long(result.as_of)),
                       style="dim"))
    return parts


def _broken_table(rows: Iterable[CaseRow]) -> RenderableType:
    from rich import box
    from rich.table import Table

    table = Table(title=_("Could not be read: fix these first"), title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(_("child"), ratio=1, min_width=12, overflow="fold")
    table.add_column(_("what is wrong"), ratio=3, min_width=20, overflow="fold")
    for row in rows:
        table.add_row(_child(row), plain(row.error or "", style="red"))
    return table


def _table(rows: Iterable[CaseRow], as_of: date) -> RenderableType:
    from rich import box
    from rich.table import Table

    table = Table(title=_("Most urgent first"), title_justify="left", box=box.SIMPLE_HEAD,
                  pad_edge=False)
    table.add_column(_("child"), ratio=3, min_width=10, overflow="fold")
    for header in count_headers():
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column(_("next date"), ratio=2, min_width=8, overflow="fold")
    table.add_column(_("last\nobs."), min_width=6, overflow="fold")
    for row in rows:
        table.add_row(*_cells(row, as_of))
    return table


def _child(row: CaseRow) -> RenderableType:
    """Name, plan and dates, and the plan file: who this is, and where."""
    lines = [row.student] if row.student else []
    if row.kind and row.start and row.end:
        lines.append(_("{kind} {start} to {end}").format(kind=kind_name(row.kind), start=long(row.start),
                                                         end=long(row.end)))
    lines.append(row.path)
    return plain("\n".join(lines))


def _cells(row: CaseRow, as_of: date) -> list[RenderableType]:
    replies = (f"{row.unanswered} ({row.oldest_overdue_days}d)" if row.oldest_overdue_days
               else _count(row.unanswered))
    return [
        _child(row),
        *(_count(n) for n in (row.not_implemented, row.no_evidence, row.stale, row.partial,
                              row.minutes_short, row.minutes_owed)),
        replies,
        plain(f"{_day(row.next_date.date, as_of)} {row.next_date.event}") if row.next_date
        else "—",
        _day(row.last_observation, as_of) if row.last_observation else no_date(),
    ]


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


def _day(day: date, as_of: date) -> str:
    return short(day) if day.year == as_of.year else long(day)


def caseload_text(result: Caseload, width: int = 160) -> str:
    """The table as plain text, for -o: no colour codes in a file."""
    return as_plain_text(caseload_renderables(result), width)
