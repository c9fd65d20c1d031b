"""One goal's chart for the HTML report: measurements over time against the line to the target.

Drawn by `render/svg_chart.py` (leather), so only `report --format html` and the bundle pay
for it. The SVG is inline and self-contained: no scripts, no links, no ids, and the same
input gives the same bytes. The goal's measure is the only user text in it (the axis-free
title), escaped for XML by ElementTree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.evidence.goals import Verdict

if TYPE_CHECKING:
    from iepcheck.evidence.goals import GoalProgress

#: Colours with at least 4.5:1 contrast on white, as in the report's style sheet.
LINE_COLOUR = "#595959"
POINT_COLOURS = {Verdict.behind: "#a00000", Verdict.on_track: "#1c6b1c", Verdict.met: "#1c6b1c",
                 Verdict.no_data: "#595959"}


def chart_svg(progress: GoalProgress) -> str:
    """The chart as an `<svg>` element to place in the page."""
    from iepcheck.language.messages import _
    from iepcheck.render.escape import terminal_line
    from iepcheck.render.svg_chart import Line, line_chart, to_text

    goal = progress.goal
    start, end = goal.baseline.date, progress.target_date
    slack = (goal.target.value - goal.baseline.value) / 10  # signed: a tenth of the way
    lines = [
        Line(_("expected (straight line to the target)"),
             [(start, goal.baseline.value), (end, goal.target.value)], LINE_COLOUR,
             dashes="7 4", width=1.5, dots=True),
        Line(_("behind beyond this line"), [(start, goal.baseline.value - slack),
                                         (end, goal.target.value - slack)],
             LINE_COLOUR, dashes="2 3", width=1.5),
    ]
    if progress.measurements:
        lines.append(Line(_("measured"), [(m.date, m.value) for m in progress.measurements],
                          POINT_COLOURS[progress.verdict], dots=True, width=2))
    label = _("{measure} over time against the line from the baseline to the target").format(
        measure=goal.measure)
    return to_text(line_chart(terminal_line(goal.measure), lines, terminal_line(label)))
