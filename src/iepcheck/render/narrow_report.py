"""The report's tables on a narrow terminal (a phone's SSH app, a split pane, `COLUMNS=60`):
each row as a short block of wrapped lines, so no item name and no number is ever cut.

rich shrinks a table wider than the screen by cutting its unbreakable cells ("not-implem…")
or dropping a column altogether. `Fitted` measures the wide table first and shows it only
where every column fits whole; elsewhere the same facts are laid out as blocks: the status
or verdict, then the item's name and id, then its figures, each with its label, wrapped at
spaces (docs/terminal.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from iepcheck.language.messages import _
from iepcheck.render.console import plain
from iepcheck.render.words import status_label
from iepcheck.vocabulary import finding_word

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table
    from rich.text import Text

    from iepcheck.evidence.report import Report, ReportItem
    from iepcheck.vocabulary import Status

#: Wider than any terminal: a table measured at this width shows the room it needs whole.
_UNBOUNDED = 100_000


class Fitted:
    """The wide table where every column fits whole at the width it is printed at, else the
    narrow form (built only then)."""

    def __init__(self, wide: Table, narrow: Callable[[], RenderableType]) -> None:
        self.wide, self.narrow = wide, narrow

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        fits = room_needed(self.wide, console, options) <= options.max_width
        yield self.wide if fits else self.narrow()


def room_needed(table: Table, console: Console, options: ConsoleOptions) -> int:
    """The width at which no cell of `table` is cut: a column kept on one line as wide as its
    widest cell, a wrapping one as its longest word (or its `min_width`), plus the padding
    and rules between columns. rich's own measure of a table lets a column fold mid-word."""
    from rich.measure import Measurement

    free = options.update_width(_UNBOUNDED)
    total = 0
    for column in table.columns:
        cells = [column.header, *column.cells]
        found = [Measurement.get(console, free, cell) for cell in cells]
        widest = max(m.maximum if column.no_wrap else m.minimum for m in found)
        total += max(widest, column.min_width or 0)
    gaps = len(table.columns) - 1
    return total + gaps * (table.padding[1] + table.padding[3] + 1) + 2


def fit(renderable: object) -> object:
    """Any table made to fit: as it is where it fits whole, else `stacked`."""
    from rich.table import Table

    if isinstance(renderable, Table):
        return Fitted(renderable, lambda: stacked(renderable))
    return renderable


def stacked(table: Table) -> RenderableType:
    """A table that cannot fit, one block per row: the first cell, then each other cell
    beside its column's header (`status: no-evidence`), wrapped at spaces. A table holding
    something other than text is left as it is."""
    from rich.table import Table
    from rich.text import Text

    cells = [list(column.cells) for column in table.columns]
    headers = [str(column.header) for column in table.columns]
    if not all(isinstance(cell, (str, Text)) for column in cells for cell in column):
        return table
    out = Table(title=table.title, title_justify="left", box=None, show_header=False,
                pad_edge=False, caption=table.caption, caption_justify="left",
                padding=(0, 0, 1, 0))  # a blank line between blocks
    out.add_column("", ratio=1, overflow="fold")
    for row in zip(*cells, strict=True):
        block = _text(row[0]).copy()
        block.stylize("bold")
        for header, cell in zip(headers[1:], row[1:], strict=True):
            text = _text(cell)
            if text.plain.strip():
                block.append(f"\n{header}: " if header else "\n", style="dim")
                block.append_text(text)
        out.add_row(block)
    return out


def _text(cell: object) -> Text:
    """A cell as Text: a str cell is the characters it is (the consoles read no markup)."""
    from rich.text import Text

    return cell if isinstance(cell, Text) else Text(str(cell))


def _blocks(title: Text | str, head: tuple[str, str] | None = None) -> Table:
    """A table of two columns: a short word kept whole, and a block that wraps at spaces."""
    from rich import box
    from rich.table import Table

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD if head else None,
                  pad_edge=False, show_header=head is not None, show_edge=False)
    table.add_column(head[0] if head else "", no_wrap=True)
    table.add_column(head[1] if head else "", ratio=1, overflow="fold")
    return table


def narrow_items(report: Report, item_cell: Callable[[ReportItem], Text],
                 last_evidence: Callable[[Report, ReportItem], str],
                 styles: Mapping[Status, str]) -> RenderableType:
    """One block per item: its status, its name and id (and why), then its evidence."""
    from iepcheck.evidence.report import heading

    table = _blocks(plain(heading(report)), (_("status"), _("item")))
    for item in report.items:
        cell = item_cell(item)
        cell.append("\n")
        cell.append_text(plain(_("evidence {count} · last {when} · last finding {finding}")
                               .format(count=item.evidence_count,
                                       when=last_evidence(report, item),
                                       finding=finding_word(item.last_finding)
                                       if item.last_finding else "—"), style="dim"))
        table.add_row(plain(status_label(item.status), style=styles[item.status]), cell)
    return table


def narrow_minutes(report: Report, columns: tuple[str, ...]) -> RenderableType:
    """One block per service with minutes: the name and id, then every figure named."""
    from rich.table import Table

    table = Table(title=_("Service minutes"), title_justify="left", box=None, pad_edge=False,
                  show_header=False)
    table.add_column("", ratio=1, overflow="fold")
    from iepcheck.evidence.report import is_consult

    timed = [item for item in report.items if item.minutes and not is_consult(item)]
    for item in timed:
        cell = plain(f"{item.item.name} ({item.item.id})")
        cell.append("\n")
        cell.append_text(plain(_figures(columns, [getattr(item.minutes, c) for c in columns])))
        table.add_row(cell)
    totals = [sum(getattr(item.minutes, c) for item in timed) for c in columns]
    table.add_row(plain(_("total: {figures}").format(figures=_figures(columns, totals)),
                        style="bold"))
    return table


def _figures(columns: tuple[str, ...], values: list[int]) -> str:
    """'required 378 · delivered 210 · …': each figure beside the column it belongs to."""
    return " · ".join(f"{column} {value}" for column, value in zip(columns, values, strict=True))


def narrow_goals(report: Report, styles: Mapping[str, str]) -> RenderableType:
    """One block per annual goal: the verdict, the goal and its measure, then each point."""
    from rich.console import Group

    from iepcheck.render.report_goals import RULE, goal_cells, goal_summary

    table = _blocks(plain(_("Annual goals ({summary})").format(summary=goal_summary(report))),
                    ("verdict", "goal"))
    for progress in report.goals:
        verdict, goal, measure, baseline, latest, expected, target = goal_cells(
            progress, report, year=report.period.until.year)
        cell = plain(_("{goal}\nin {measure}").format(goal=goal, measure=measure))
        cell.append("\n")
        cell.append_text(plain(_("baseline {baseline} · latest {latest} · expected {expected} "
                                 "· target {target}").format(
            baseline=baseline, latest=latest.replace("\n", " "), expected=expected,
            target=target), style="dim"))
        table.add_row(plain(verdict, style=styles[verdict]), cell)
    return Group(table, plain(_(RULE)))
