"""One goal's chart for the HTML report: measurements over time against the line to the target.

matplotlib (Agg, SVG) is imported here only, so only `report --format html` pays for it. The
SVG is inline and self-contained: text is drawn as glyph outlines (no fonts to load, and no
user text reaches the markup), no scripts, no links, and the same input gives the same bytes
(no date in the metadata, fixed ids).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from iepcheck.evidence.goals import Verdict

if TYPE_CHECKING:
    from datetime import date

if TYPE_CHECKING:
    from iepcheck.evidence.goals import GoalProgress

#: Day 0 of the chart's date axis (matplotlib's default, set explicitly for each chart).
EPOCH = datetime(1970, 1, 1)
#: Colours with at least 4.5:1 contrast on white, as in the report's style sheet.
LINE_COLOUR = "#595959"
POINT_COLOURS = {Verdict.behind: "#a00000", Verdict.on_track: "#1c6b1c", Verdict.met: "#1c6b1c",
                 Verdict.no_data: "#595959"}


def chart_svg(progress: GoalProgress) -> str:
    """The chart as an `<svg>` element to place in the page."""
    import io

    from iepcheck.render.chart_setup import load_matplotlib

    matplotlib = load_matplotlib()
    from matplotlib.figure import Figure

    goal = progress.goal
    start, end = _day(goal.baseline.date), _day(progress.target_date)
    with matplotlib.rc_context({"svg.hashsalt": f"iepcheck-{goal.id}", "svg.fonttype": "path",
                                "font.size": 8, "date.epoch": EPOCH.isoformat()}):
        figure = Figure(figsize=(6.0, 2.4))
        axes = figure.subplots()
        axes.plot([start, end], [goal.baseline.value, goal.target.value], linestyle="--",
                  color=LINE_COLOUR, linewidth=1, label="expected (straight line to the target)")
        slack = (goal.target.value - goal.baseline.value) / 10  # signed: a tenth of the way
        axes.plot([start, end], [goal.baseline.value - slack, goal.target.value - slack],
                  linestyle=":", color=LINE_COLOUR, linewidth=1,
                  label="behind beyond this line")
        axes.plot([end], [goal.target.value], marker="*", markersize=9,
                  linestyle="none", color=LINE_COLOUR, label="target")
        axes.plot([start], [goal.baseline.value], marker="s", markersize=5,
                  linestyle="none", color=LINE_COLOUR, label="baseline")
        if progress.measurements:
            axes.plot([_day(m.date) for m in progress.measurements],
                      [m.value for m in progress.measurements], marker="o", markersize=4,
                      linewidth=1.2, color=POINT_COLOURS[progress.verdict], label="measured")
        axes.set_ylabel(_label(goal.measure))
        axes.grid(axis="y", linewidth=0.3)
        axes.legend(loc="best", fontsize=7, frameon=False)
        axes.xaxis_date()
        figure.autofmt_xdate()
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    from iepcheck.render.minutes_chart import for_html

    return for_html(buffer.getvalue())


def _day(day: date) -> float:
    """A date as matplotlib's day number (days since EPOCH, set for the chart)."""
    return float((day - EPOCH.date()).days)


def _label(measure: str) -> str:
    """The axis label: the measure, short enough for the chart's height, `$` kept literal
    (matplotlib would read `$…$` as mathematical text)."""
    text = measure if len(measure) <= 28 else measure[:27] + "…"
    return text.replace("$", r"\$")
