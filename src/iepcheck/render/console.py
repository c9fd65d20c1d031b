"""The rich console every table goes through.

rich honours NO_COLOR and drops colour and styling when output is not a terminal, so piped
output is plain text. Status is always a word as well as a colour.

User text is never rich markup: a plan name holding `[/]` would crash the table and
`[link=…]` would make a link. Every console here is made with `markup=False` and
`emoji=False`, so a str is printed as the characters it is; and cells of user text are built
with `plain`, which also shows control characters instead of sending them to the terminal.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import Console
    from rich.text import Text

#: How every iepcheck console reads a str: as text, never as markup, emoji codes or
#: highlighted "values" (rich colours numbers and URLs in plain strings by default).
PLAIN_TEXT: dict[str, Any] = {"markup": False, "emoji": False, "highlight": False}


def make_console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else columns()
    console = Console(file=stream, soft_wrap=False, width=width, **PLAIN_TEXT)
    console.on_broken_pipe = _reader_left  # type: ignore[method-assign]
    return console


def _reader_left() -> None:
    """rich's own answer to a closed pipe is exit 1, which reads as "something is due"; the
    rest of the output goes to the null device and `cli.run` exits 0 (docs/terminal.md)."""
    from iepcheck.errors import ReaderLeft

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise ReaderLeft


def columns(default: int = 120) -> int:
    """The width `COLUMNS` asks for; empty, non-numeric or below 20 is ignored (a stray
    `COLUMNS=` in a shell profile must not break a report: docs/terminal.md)."""
    text = os.environ.get("COLUMNS", "").strip()
    return int(text) if text.isdigit() and 20 <= int(text) <= 10_000 else default


def as_plain_text(renderables: Iterable[object], width: int) -> str:
    """Tables as plain text for a file (-o): no colour codes, whatever the terminal."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, force_terminal=False,
                      color_system=None, **PLAIN_TEXT)
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()


def plain(text: str, style: str = "") -> Text:
    """User text as a rich Text: inert whatever console prints it (no markup is parsed from a
    Text) and with control characters shown, not sent (see render/escape.py)."""
    from rich.text import Text

    from iepcheck.render.escape import terminal

    return Text(terminal(text), style=style)


def print_renderables(*renderables: object) -> None:
    console = make_console()
    for renderable in renderables:
        console.print(renderable)
