"""Progress on long work (a year of mail, a caseload, a bundle, a long IEP document): a rich
bar on stderr, only when stderr is a terminal, gone when the work is done. A pipe, a log
file or a test's capture gets nothing from here: what a command prints stays what its
documentation says (docs/terminal.md)."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

T = TypeVar("T")
#: Bytes read between two updates of a bar counted in bytes: a mailbox's lines are many
#: and short, and a bar redrawn for each would cost more than the reading.
_BYTES_STEP = 1 << 20


def showing() -> bool:
    """A bar is drawn only for a person watching: stderr is a terminal."""
    return sys.stderr.isatty()


def _nothing(_: float = 1) -> None:
    """Where no bar is shown, advancing costs a call and nothing else."""


@contextmanager
def progress(what: str, total: float | None) -> Iterator[Callable[[float], None]]:
    """`advance(n)` moves a bar of `what` on stderr (of `total` steps, or a pulse for an
    unknown total); on a pipe, or with no work to do, it does nothing."""
    if not showing() or total == 0:
        yield _nothing
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    # An unknown total (messages still being split from a mailbox) shows how many so far.
    columns = () if total is not None else (
        SpinnerColumn(), TextColumn("{task.description}"),
        TextColumn("{task.completed:,.0f}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True, markup=False, emoji=False,
                                            highlight=False), transient=True) as bar:
        task = bar.add_task(what, total=total)

        def advance(steps: float = 1) -> None:
            bar.advance(task, steps)

        yield advance


def tracked(items: Iterable[T], what: str, total: int | None = None) -> Iterator[T]:
    """The items as they come, each one a step of the bar."""
    with progress(what, total) as advance:
        for item in items:
            yield item
            advance(1)


def tracked_bytes(lines: Iterable[bytes], what: str, total: int) -> Iterator[bytes]:
    """A file's lines as they are read, the bar counting their bytes of `total`."""
    with progress(what, total) as advance:
        if advance is _nothing:
            yield from lines
            return
        pending = 0
        for line in lines:
            yield line
            pending += len(line)
            if pending >= _BYTES_STEP:
                advance(pending)
                pending = 0
        advance(pending)
