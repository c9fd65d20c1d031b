"""A service's running minutes as an SVG chart: required against delivered and missed.

matplotlib is imported here only, on the paths that draw (the HTML report and the bundle),
with the Agg backend and no pyplot (no global figures). The SVG is the same bytes for the same
series: no date in its metadata, a fixed hash salt for its ids, text kept as text.

The service's name is the one piece of user text: it is drawn as the title with mathtext
off (a `$` stays a dollar sign) and control characters shown; matplotlib escapes it for XML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iepcheck.evidence.minutes_series import ServiceSeries

#: Colours that meet WCAG AA on white, told apart by line style and marker too (print in grey).
REQUIRED_COLOUR = "#333333"
DELIVERED_COLOUR = "#1f5fa8"
MISSED_COLOUR = "#a64600"
GAP_COLOUR = "#f3c6bd"
#: Characters of a 10-point title across the 7-inch chart, with room to spare.
TITLE_WIDTH = 78


def chart_svg(series: ServiceSeries) -> str:
    """The chart as a standalone SVG document."""
    import io
    import warnings

    from iepcheck.render.chart_setup import load_matplotlib

    load_matplotlib()
    from matplotlib import rc_context
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.figure import Figure

    from iepcheck.render.escape import terminal_line

    days = date2num([series.since] + [p.until for p in series.points])  # type: ignore[no-untyped-call]
    required = [0] + [p.required for p in series.points]
    delivered = [0] + [p.delivered for p in series.points]
    missed = [0] + [p.missed for p in series.points]
    settings = rc_context({
        "svg.hashsalt": "iepcheck",  # ids from content, not random: same chart, same bytes
        "svg.fonttype": "none",  # text as text: searchable, small, no font outlines
        "font.family": "sans-serif",  # measured with the DejaVu Sans matplotlib ships:
        "font.sans-serif": ["DejaVu Sans"],  # the same layout on every machine
        "font.size": 9,
    })
    with settings, warnings.catch_warnings():
        # A glyph the bundled font lacks (a symbol shown for a control character) is still
        # written as text; the browser draws it with its own fonts.
        warnings.simplefilter("ignore", UserWarning)
        figure = Figure(figsize=(7.0, 2.6))
        axes = figure.add_subplot()
        axes.fill_between(days, delivered, required, where=[r > d for r, d in
                                                              zip(required, delivered)],
                          color=GAP_COLOUR, linewidth=0, label="not delivered",
                          interpolate=True)
        axes.plot(days, required, color=REQUIRED_COLOUR, linestyle="--", linewidth=1.6,
                  label=f"required ({series.last.required})")
        axes.plot(days, delivered, color=DELIVERED_COLOUR, linewidth=2, marker="o",
                  markersize=2.5, label=f"delivered ({series.last.delivered})")
        axes.plot(days, missed, color=MISSED_COLOUR, linestyle=":", linewidth=1.8,
                  label=f"missed ({series.last.missed})")
        axes.set_title(title_lines(terminal_line(f"{series.name} ({series.item_id})")),
                       loc="left", fontsize=10, parse_math=False)
        axes.set_ylabel("minutes, running total")
        locator = AutoDateLocator(maxticks=8)  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
        axes.set_ylim(bottom=0)
        axes.set_xlim(days[0], days[-1])
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(loc="upper left", frameon=False, fontsize=8)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def title_lines(title: str, width: int = TITLE_WIDTH) -> str:
    """The title in lines that fit the chart's width: a long name (or one long word) wraps
    instead of running off the edge."""
    import textwrap

    return "\n".join(textwrap.wrap(title, width=width, break_long_words=True,
                                    break_on_hyphens=True)) or title


def for_html(svg: str) -> str:
    """matplotlib's SVG as an element of a page: no XML prolog or doctype, no namespace
    declarations (the HTML parser knows svg and xlink:href) and no RDF metadata block, so
    the page stays free of any address. Every chart of the report goes through it."""
    import re

    svg = svg[svg.index("<svg"):]
    svg = re.sub(r' xmlns(:xlink)?="[^"]*"', "", svg, count=2)
    return re.sub(r"\s*<metadata>.*?</metadata>\s*", "\n", svg, count=1, flags=re.DOTALL).strip()


def inline_svg(series: ServiceSeries) -> str:
    """The chart as an `<svg>` element for an HTML page (no XML prolog or doctype), sized by
    the page: it scales to the width of a phone or of the printed page."""

    from iepcheck.render.escape import html_text

    svg = for_html(chart_svg(series))
    label = html_text(f"Running minutes for {series.name}: required {series.last.required}, "
                      f"delivered {series.last.delivered}, missed {series.last.missed}")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
