"""A service's running minutes as an SVG chart: required against delivered and missed.

Drawn by `render/svg_chart.py` (leather), on the paths that draw: the HTML report and the
bundle. The service's name is the one piece of user text: it is the title, with control
characters shown, and ElementTree escapes it for XML (a `$` stays a dollar sign).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from iepcheck.render.svg_chart import TITLE_WIDTH, title_lines

if TYPE_CHECKING:
    from datetime import date
    from xml.etree.ElementTree import Element

    from iepcheck.evidence.minutes_series import ServiceSeries

__all__ = ["TITLE_WIDTH", "chart_svg", "inline_svg", "title_lines"]

#: Colours that meet WCAG AA on white, told apart by line style and dots too (print in grey).
REQUIRED_COLOUR = "#5a5a5a"
DELIVERED_COLOUR = "#1f5fa8"
MISSED_COLOUR = "#a64600"


def chart_svg(series: ServiceSeries) -> str:
    """The chart as a standalone SVG document (the bundle's `charts/` files): the drawing the
    report's page embeds, not drawn again."""
    from iepcheck.render.svg_chart import document_text

    return document_text(inline_svg(series))


def inline_svg(series: ServiceSeries) -> str:
    """The chart as an `<svg>` element for an HTML page, sized by the page: it scales to the
    width of a phone or of the printed page. Drawn once per series and language (a frozen
    value): the bundle's page and its `charts/` file share the drawing."""
    from iepcheck.language.messages import current

    return _drawn(series, current())


@lru_cache(maxsize=64)
def _drawn(series: ServiceSeries, language: str) -> str:
    """`language` is part of the key: the legend and the axis labels are in it."""
    from iepcheck.render.svg_chart import to_text

    return to_text(_chart(series))


def _chart(series: ServiceSeries) -> Element:
    from iepcheck.language.messages import _
    from iepcheck.render.escape import terminal_line
    from iepcheck.render.svg_chart import Line, line_chart

    days = [series.since] + [p.until for p in series.points]
    last = series.last

    def points(values: list[int]) -> list[tuple[date, float]]:
        return list(zip(days, [0, *values], strict=True))

    lines = [
        Line(_("required ({minutes})").format(minutes=last.required),
             points([p.required for p in series.points]), REQUIRED_COLOUR, dashes="7 4"),
        Line(_("delivered ({minutes})").format(minutes=last.delivered),
             points([p.delivered for p in series.points]), DELIVERED_COLOUR, dots=True,
             width=2.5),
        Line(_("missed ({minutes})").format(minutes=last.missed),
             points([p.missed for p in series.points]), MISSED_COLOUR, dashes="2 3"),
    ]
    label = _("Running minutes for {service}: required {required}, delivered {delivered}, "
              "missed {missed}").format(service=series.name, required=last.required,
                                        delivered=last.delivered, missed=last.missed)
    return line_chart(terminal_line(f"{series.name} ({series.item_id})"), lines,
                      terminal_line(label))
