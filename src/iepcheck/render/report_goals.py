"""The report's annual goals section, the same facts in every format (docs/goals.md).

One row per goal: its verdict, the goal, the measure, the baseline, the latest measurement
(with the entry it came from), the value expected on that date on the straight line from
baseline to target, and the target. Standard library only; the HTML charts are drawn by
`render/goal_chart.py` (leather, loaded only for HTML).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.dates import long, short
from iepcheck.evidence.goals import Verdict
from iepcheck.language.messages import N_, _, n_
from iepcheck.record.drafts import number_text
from iepcheck.render.words import verdict_label
from iepcheck.vocabulary import kind_word

if TYPE_CHECKING:
    from datetime import date

    from iepcheck.evidence.goals import GoalProgress
    from iepcheck.evidence.report import Report

HEADER = (N_("Verdict"), N_("Goal"), N_("Measure"), N_("Baseline"), N_("Latest"),
          N_("Expected then"), N_("Target"))
RULE = N_("The expected value lies on the straight line from the baseline to the target; a goal "
          "is behind when its latest value falls short of that line by more than a tenth of the "
          "distance from baseline to target, and met once the latest value reaches the target.")


def goal_cells(progress: GoalProgress, report: Report, year: int | None = None) -> list[str]:
    """The row's cells as plain text (each renderer escapes them for its format). With
    `year` (a terminal's narrow table), dates in that year leave it out and the latest
    measurement's source goes on a line of its own."""
    goal, latest = progress.goal, progress.latest
    source = "" if latest is None else f"#{latest.entry} {kind_word(latest.kind)}{_by(latest.who, report)}"
    return [
        progress.verdict.value,
        f"{goal.statement} ({goal.id})",
        goal.measure if goal.direction == "up" else _("{measure}, lower is better").format(
            measure=goal.measure),
        point(goal.baseline.value, goal.baseline.date, year),
        _("none since the baseline") if latest is None else (
            f"{point(latest.value, latest.date, year)}\n{source}" if year is not None
            else f"{point(latest.value, latest.date)} ({source})") + _newer(progress, report, year),
        "—" if progress.expected is None else number_text(progress.expected),
        _("{value} by {day}").format(value=number_text(goal.target.value),
                                     day=_day(progress.target_date, year)),
    ]


def _newer(progress: GoalProgress, report: Report, year: int | None) -> str:
    """A newer measurement than the one of record (a parent's probe after the school's
    latest progress report), shown beside it: it is not the verdict (docs/goals.md)."""
    newer = progress.newer
    if newer is None:
        return ""
    source = f"#{newer.entry} {kind_word(newer.kind)}{_by(newer.who, report)}"
    return "\n" + _("newer, not the verdict: {point} ({source})").format(
        point=point(newer.value, newer.date, year), source=source)


def _by(who: str | None, report: Report) -> str:
    """', Mrs. Patel': who the measurement came from, by name for staff."""
    if who is None:
        return ""
    member = report.plan.staff_named(who)
    return f", {member.name if member else who}"


def point(value: float, day: date, year: int | None = None) -> str:
    """'62 on 24 Aug 2026' ('62 on 24 Aug' when `year` is 2026)."""
    return _("{value} on {day}").format(value=number_text(value), day=_day(day, year))


def _day(day: date, year: int | None) -> str:
    return short(day) if day.year == year else long(day)


def legend() -> list[tuple[str, str]]:
    return [(verdict.value, verdict.meaning) for verdict in Verdict]


def goal_summary(report: Report) -> str:
    """'2 goals: 1 behind, 1 on-track' (verdicts with none left out)."""
    counts = {v: sum(g.verdict is v for g in report.goals) for v in Verdict}
    listed = ", ".join(f"{n} {verdict_label(v.value)}" for v, n in counts.items() if n)
    total = len(report.goals)
    return n_("{count} goal: {listed}", "{count} goals: {listed}", total).format(
        count=total, listed=listed)


def markdown_lines(report: Report) -> list[str]:
    """The section as Markdown: a table, the rule and the legend."""
    from iepcheck.render.escape import markdown_cell

    if not report.goals:
        return []
    lines = ["", "## " + _("Annual goals"), "", f"**{markdown_cell(goal_summary(report))}.**",
             "", "| " + " | ".join(_(h) for h in HEADER) + " |", "|" + "---|" * len(HEADER)]
    for progress in report.goals:
        cells = [markdown_cell(c) for c in goal_cells(progress, report)]
        cells[0] = f"**{verdict_label(progress.verdict.value)}**"
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", markdown_cell(_(RULE)), ""]
    lines += [f"- **{verdict_label(verdict)}**: {meaning}" for verdict, meaning in legend()]
    return lines


def csv_columns(report: Report) -> tuple[str, ...]:
    """The goal columns, added to the report's CSV only when the plan has goals."""
    if not report.goals:
        return ()
    return ("goal_area", "goal_measure", "goal_direction", "baseline_value", "baseline_date",
            "target_value", "target_date", "latest_value", "latest_date", "latest_entry",
            "expected")


def csv_row(progress: GoalProgress, since: str, until: str, minute_columns: int) -> list[object]:
    """One goal as a CSV row: the item columns it shares (id, kind 'goal', the statement as
    its name, the verdict as its status), blanks for the rest, then the goal columns."""
    from iepcheck.render.escape import csv_cell

    facts = progress.as_json()
    latest = facts["latest"] or {}
    return [
        since, until, csv_cell(facts["id"]), "goal", csv_cell(facts["statement"]),
        facts["verdict"], "", "", "", *([""] * minute_columns),
        csv_cell(facts["area"]), csv_cell(facts["measure"]), facts["direction"],
        facts["baseline"]["value"], facts["baseline"]["date"], facts["target"]["value"],
        facts["target"]["date"], latest.get("value", ""), latest.get("date", ""),
        latest.get("entry", ""), "" if facts["expected"] is None else facts["expected"],
    ]


def html_section(report: Report) -> list[str]:
    """The section as HTML: a table, then one chart per goal with measurements."""
    from iepcheck.render.escape import html_text as escape

    if not report.goals:
        return []
    parts = ["<h2>" + escape(_("Annual goals")) + "</h2>",
             f'<p class="summary">{escape(goal_summary(report))}.</p>',
             '<div class="scroll"><table>',
             "<thead><tr>" + "".join(f"<th>{escape(_(h))}</th>" for h in HEADER)
             + "</tr></thead>",
             "<tbody>"]
    for progress in report.goals:
        cells = [escape(c) for c in goal_cells(progress, report)]
        verdict = progress.verdict.value
        parts.append(f'<tr><td class="status {verdict}">{escape(verdict_label(verdict))}</td>'
                     + "".join(f"<td>{c}</td>" for c in cells[1:]) + "</tr>")
    parts += ["</tbody>", "</table></div>", f'<p class="legend">{escape(_(RULE))}</p>',
              '<ul class="legend">']
    parts += [f'<li><b class="{v}">{escape(verdict_label(v))}</b>: {escape(m)}</li>'
              for v, m in legend()]
    parts.append("</ul>")
    from iepcheck.render.goal_chart import chart_svg

    for progress in report.goals:
        goal = progress.goal
        parts += ['<figure class="goal">', chart_svg(progress),
                  (f"<figcaption>{escape(goal.statement)} ({escape(goal.id)}): "
                  f"{escape(_caption(progress))}</figcaption>"), "</figure>"]
    return parts


def _caption(progress: GoalProgress) -> str:
    """What the chart shows, in words (for print and for screen readers)."""
    goal = progress.goal
    shown = ("; ".join(point(m.value, m.date) for m in progress.measurements)
             or _("no measurements"))
    return _("{measure}, baseline {baseline}, target {target} by {day}; measured: {shown}; "
             "verdict {verdict}.").format(
        measure=goal.measure, baseline=point(goal.baseline.value, goal.baseline.date),
        target=number_text(goal.target.value), day=long(progress.target_date), shown=shown,
        verdict=verdict_label(progress.verdict.value))
