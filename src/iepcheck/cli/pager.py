"""Long output to a person goes through a pager; output to a pipe or file never does.

The pager is `$PAGER` (split like a shell word list, never run through a shell), or
`less -FRX` when it is unset: -F quits at once when the text fits one screen, -R passes
colour through, -X leaves the text on the screen after quitting. `PAGER=` (empty) or
`PAGER=cat` turns it off, as does `--no-pager`. Lines are streamed to the pager or to
stdout as they are made; a reader that leaves early (quitting the pager, `| head`) is not
an error.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, TextIO, cast

import typer

from iepcheck.language.messages import _

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

DEFAULT_PAGER = ("less", "-FRX")

#: `--pager/--no-pager`, the same on every command that pages.
PagerOpt = Annotated[bool, typer.Option("--pager/--no-pager",
                                        help=_("Page long output on a terminal ($PAGER)."))]


def pager_command(environ: Mapping[str, str]) -> list[str] | None:
    """The pager to run, from the environment; None for none."""
    import shlex

    if "PAGER" not in environ:
        return list(DEFAULT_PAGER)
    try:
        words = shlex.split(environ["PAGER"])
    except ValueError:  # unbalanced quotes: print directly rather than guess
        return None
    return words if words and words != ["cat"] else None


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def screen_lines() -> int:
    import shutil

    return shutil.get_terminal_size().lines


def show_lines(lines: Iterable[str], *, count: int, page: bool = True) -> None:
    """Write `lines` (without their line breaks): through the pager when `page`, stdout is a
    terminal and the `count` lines would not fit on the screen; else to stdout."""
    if page and stdout_is_terminal() and count >= screen_lines():
        command = pager_command(os.environ)
        if command is not None and _through_pager(lines, command):
            return
    write_lines(lines)


def write_lines(lines: Iterable[str]) -> None:
    write_text(line + "\n" for line in lines)


def write_text(chunks: Iterable[str]) -> None:
    """Write text to stdout as it is made."""
    out = sys.stdout
    try:
        for chunk in chunks:
            out.write(chunk)
        out.flush()
    except BrokenPipeError:  # `iepcheck history | head`: the reader has what it wanted
        _quiet_stdout()


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the final flush of what is still buffered cannot fail."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's capture)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


def _through_pager(lines: Iterable[str], command: list[str]) -> bool:
    """Stream the lines into the pager and wait for the reader to quit it; False when the
    pager cannot be started (the caller prints directly instead)."""
    import contextlib
    import signal
    import subprocess

    sys.stdout.flush()
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, encoding="utf-8",
                                 errors="replace")
    except OSError:
        return False
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a search).
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    into = cast("TextIO", pager.stdin)  # always set with stdin=PIPE
    try:
        with contextlib.suppress(BrokenPipeError):  # the reader quit before the end
            for line in lines:
                into.write(line + "\n")
        with contextlib.suppress(BrokenPipeError):
            into.close()
        pager.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return True


def paging(page: bool) -> bool:
    """Whether output goes to a person who may need a pager: asked for, and a terminal."""
    return page and stdout_is_terminal()


def show_renderables(renderables: Iterable[object], *, page: bool = True) -> None:
    """rich tables to stdout; on a terminal, laid out at its width with its colours first,
    then through the pager when they do not fit the screen (less -R keeps the colours)."""
    from iepcheck.render.console import make_console
    from iepcheck.render.narrow_report import fit

    renderables = [fit(renderable) for renderable in renderables]  # wrap, never cut
    console = make_console()
    if not paging(page):
        for renderable in renderables:
            console.print(renderable)
        return
    with console.capture() as captured:
        for renderable in renderables:
            console.print(renderable)
    show_text([captured.get()])


def show_text(chunks: Iterable[str]) -> None:
    """Text already made (a streamed chronology), through the pager when it is long."""
    lines = "".join(chunks).splitlines()
    show_lines(lines, count=len(lines))
