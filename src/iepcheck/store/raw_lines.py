"""A log's stored entries as plain dicts, one line at a time, for `verify`: the seal is over
what is on disk, so the raw JSON is checked, and a log laid out as iepcheck writes it (one
entry per line, docs/log-format.md) is read without ever holding its parse tree whole.

Anything else (a log laid out by hand, truncated, not UTF-8, not JSON) is `NotLaidOut`: the
caller then reads the file whole, which also says exactly what is wrong.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from iepcheck.record.log_format import TAIL, VERSIONS, head

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import BinaryIO

_HEADS = frozenset(head(version) for version in VERSIONS)
_CLOSE = TAIL[1:]  # the last line: `]}`
_EMPTY = b"\n"  # the line between the head and the close of a log with no entries


class NotLaidOut(Exception):
    """The file is not exactly one entry per line: read it whole instead."""


def raw_entries(handle: BinaryIO) -> Iterator[dict[str, Any]]:
    """Each entry of a log laid out one entry per line, parsed from its own line, in order.

    Raises NotLaidOut at the first line that breaks the layout (having yielded the entries
    before it: a caller starts again on the whole file)."""
    if handle.readline() not in _HEADS:
        raise NotLaidOut
    line = handle.readline()
    if line == _EMPTY:
        line = handle.readline()
    else:
        while line.endswith(b",\n"):
            yield _entry(line[:-2])
            line = handle.readline()
        if not line.endswith(b"}\n"):
            raise NotLaidOut
        yield _entry(line[:-1])
        line = handle.readline()
    if line != _CLOSE or handle.read(1):
        raise NotLaidOut


def _entry(line: bytes) -> dict[str, Any]:
    try:
        entry = json.loads(line.decode("utf-8"))
    except ValueError:  # JSONDecodeError and UnicodeDecodeError alike
        raise NotLaidOut from None
    if not isinstance(entry, dict):
        raise NotLaidOut
    return entry
