"""Line charts as SVG for web pages, drawn by leather (docs/charts.md says why leather).

leather is pure Python (about 0.4 MiB, no dependencies) and writes SVG through the standard
library's ElementTree, so user text is XML-escaped by construction and the chart holds no
ids at all (several charts on one page never clash). It is imported here only, on the paths
that draw (the HTML report and the bundle).

Every chart is drawn the same way: a title of one or more lines above it, a legend, a date
axis and a number axis, text in `currentColor` (so the page's colours, dark mode included,
reach it) at a size that stays readable when the chart shrinks to a phone's width, and the
same bytes for the same input (no time of making, no random ids).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date
    from xml.etree.ElementTree import Element

#: The chart's drawing size in SVG units; the page scales it to its width (a phone: ~350 px,
#: so 1 unit ≈ 0.75 px there and the 15-unit text is ≈ 11 px, readable).
WIDTH = 480
HEIGHT = 250
FONT_SIZE = 15
TITLE_LINE = 19
#: Room right of the chart for the last date tick, which leather centres on the axis's end.
RIGHT_ROOM = 28
#: The name of a line's dots: the line's own legend entry stands for them.
DOTS = "(dots)"
#: Characters of a title line across the chart, with room to spare.
TITLE_WIDTH = 52


@dataclass(frozen=True)
class Line:
    """One line of a chart: its legend label, its points, how it is told apart in grey."""

    label: str
    points: Sequence[tuple[date, float]]
    colour: str
    dashes: str = "none"
    dots: bool = False
    width: float = 2.0


def line_chart(title: str, lines: Sequence[Line], aria_label: str) -> Element:
    """The chart as an `<svg>` element: `title` wrapped above it, `lines` on a date axis."""
    import xml.etree.ElementTree as ET

    import leather

    _theme()
    chart = leather.Chart()
    for line in lines:
        chart.add_line(list(line.points), name=line.label, stroke_color=line.colour,
                       width=line.width, stroke_dasharray=line.dashes)
    for line in lines:  # dots after every line, so their legend entries come last
        if line.dots:
            chart.add_dots(list(line.points), name=DOTS, fill_color=line.colour, radius=3)
    chart.add_x_axis(tick_formatter=_day_tick)
    chart.add_y_axis()
    titles = title_lines(title).split("\n")
    top = TITLE_LINE * len(titles) + 6
    root = ET.Element("svg", {"role": "img", "aria-label": aria_label, "version": "1.1",
                              "viewBox": f"0 0 {WIDTH + RIGHT_ROOM} {HEIGHT + top}",
                              "font-family": "system-ui, sans-serif"})
    for number, text in enumerate(titles, start=1):
        element = ET.SubElement(root, "text", {"x": "4", "y": str(TITLE_LINE * number),
                                                "fill": "currentColor",
                                                "font-size": str(FONT_SIZE + 1),
                                                "font-weight": "bold"})
        element.text = text
    body = chart.to_svg_group(WIDTH, HEIGHT)
    body.set("transform", f"translate(0 {top})")
    _drop_dots_from_legend(body)
    _round_numbers(body)
    root.append(body)
    return root


def to_text(svg: Element) -> str:
    """The element as markup for an HTML page: no XML prolog and no namespace (the HTML
    parser knows svg), so the page holds no address at all."""
    import xml.etree.ElementTree as ET

    return ET.tostring(svg, encoding="unicode")


def to_document(svg: Element) -> str:
    """The element as a standalone `.svg` file, with the namespace a file needs."""
    return document_text(to_text(svg))


def document_text(text: str) -> str:
    """An `<svg>` element's markup (`to_text`) as a standalone `.svg` file."""
    text = text.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"


def title_lines(title: str, width: int = TITLE_WIDTH) -> str:
    """The title in lines that fit the chart's width: a long name (or one long word) wraps
    instead of running off the edge."""
    import textwrap

    return "\n".join(textwrap.wrap(title, width=width, break_long_words=True,
                                    break_on_hyphens=True)) or title


def _day_tick(day: date, index: int, count: int) -> str:
    """A date tick as a reader says it, the year on the first: `1 Sep 2026`, `15 Sep`."""
    from iepcheck.dates import compact, short

    return compact(day) if index == 0 else short(day)


def _theme() -> None:
    """leather's theme is module settings; they are set before every chart, so each chart is
    drawn the same whatever ran before. Text and ticks take the page's colour."""
    from leather import theme

    theme.background_color = "none"
    theme.margin = 0.03
    for part in ("legend", "axis_title", "tick"):
        setattr(theme, f"{part}_font_family", "system-ui, sans-serif")
        setattr(theme, f"{part}_font_size", FONT_SIZE)
        setattr(theme, f"{part}_font_char_height", FONT_SIZE)
        setattr(theme, f"{part}_font_char_width", FONT_SIZE * 0.6)
    theme.legend_color = theme.axis_title_color = theme.label_color = "currentColor"
    theme.title_color = "currentColor"
    theme.tick_color = "#9a9a9a80"  # grid lines, faint on a white or a dark page
    theme.zero_color = "#7a7a7a"


def _drop_dots_from_legend(body: Element) -> None:
    """A line and its dots are one thing to the reader: one legend entry, the line's."""
    for group in body.iter("g"):
        for item in list(group):
            if item.tag == "g" and [t.text for t in item.iter("text")] == [DOTS]:
                group.remove(item)


def _round_numbers(element: Element) -> None:
    """leather writes coordinates with up to 28 digits (Decimal); two are plenty."""
    import re

    number = re.compile(r"-?\d+\.\d{3,}")
    for node in element.iter():
        for key, value in node.attrib.items():
            if number.search(value):
                node.set(key, number.sub(lambda m: f"{float(m.group()):.2f}", value))
