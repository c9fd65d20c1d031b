"""The rich console every table goes through.

rich honours NO_COLOR and drops colour and styling when output is not a terminal, so piped
output is plain text. Status is always a word as well as a colour.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def make_console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else int(os.environ.get("COLUMNS", "120"))
    return Console(file=stream, highlight=False, soft_wrap=False, width=width)


def print_renderables(*renderables: object) -> None:
    console = make_console()
    for renderable in renderables:
        console.print(renderable)
