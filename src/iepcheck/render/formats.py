"""Renderers: result values in, text out. Each imports its library only when used.

`render(what, format, result)` is the one dispatch from a command's `--format` to the function
that writes it; a command never picks a renderer module itself. `render_stream` hands on a
streaming renderer's pieces as they come, for `write_output` to write one at a time.
"""

from __future__ import annotations

import importlib
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

#: Every JSON document says what it is and which version of its shape (docs/json.md): a
#: program reading it can refuse a document it does not know instead of misreading it.
JSON_VERSION = 1

#: (what, format) → "module:function" under iepcheck.render; "json" renders `result.as_json()`.
RENDERERS: dict[tuple[str, str], str] = {
    ("report", "table"): "report_table:report_text",
    ("report", "markdown"): "report_markdown:report_markdown",
    ("report", "csv"): "report_csv:report_csv",
    ("report", "html"): "report_html:report_html",
    ("timeline", "markdown"): "timeline_markdown:markdown_pieces",
    ("timeline", "html"): "timeline_html:html_pieces",
    ("timeline", "csv"): "timeline_csv:csv_pieces",
    ("timeline", "json"): "timeline_json:json_pieces",
    ("caseload", "table"): "caseload_table:caseload_text",
    ("caseload", "csv"): "caseload_csv:caseload_csv",
    ("caseload", "html"): "caseload_html:caseload_html",
    ("letter", "text"): "letter:letter_plain",
    ("letter", "markdown"): "letter:letter_markdown",
    ("letter", "html"): "letter:letter_html",
}


def render(what: str, format: str, result: Any) -> str:
    """`result` (a report, a chronology, reminders…) as text in `format`."""
    text = render_stream(what, format, result)
    return text if isinstance(text, str) else "".join(text)


def render_stream(what: str, format: str, result: Any) -> str | Iterator[str]:
    """The same text, as the renderer gives it: a string, or its pieces in order for a
    renderer that streams (the chronology: a year of rows never held as one page)."""
    if format == "json" and (what, format) not in RENDERERS:
        from iepcheck.render.escape import json_text

        document = {**json_header(what), **result.as_json()}
        return json_text(json.dumps(document, indent=2, ensure_ascii=False))
    module, _, function = RENDERERS[(what, format)].partition(":")
    text: str | Iterator[str] = getattr(importlib.import_module(f"iepcheck.render.{module}"),
                                        function)(result)
    return text


def json_header(what: str) -> dict[str, Any]:
    """`{"format": "iepcheck-<what>", "version": N}`, first in every JSON document."""
    return {"format": f"iepcheck-{what}", "version": JSON_VERSION}
