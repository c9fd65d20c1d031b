"""The log file's name, version and layout: the one place they are written down.

Standard library only, so both the fast reading path and the writer use it without loading
pydantic. docs/log-format.md describes every key and how versions migrate.
"""

from __future__ import annotations

import json
from typing import Any

LOG_FORMAT = "iepcheck-log"
#: The version this iepcheck writes. It reads every version from 1 up to this one; the first
#: write to an older log migrates it (docs/log-format.md).
LOG_VERSION = 4
VERSIONS = range(1, LOG_VERSION + 1)

_HEAD = '{{"format": "{fmt}", "version": {version}, "entries": [\n'
TAIL = b"\n]}\n"


def head(version: int = LOG_VERSION) -> bytes:
    """The first line of a log laid out one entry per line."""
    return _HEAD.format(fmt=LOG_FORMAT, version=version).encode()


def entry_line(fields: dict[str, Any]) -> bytes:
    """One entry as its line: Unicode kept readable; lone surrogates read from `\\u` escapes
    stay escaped (they cannot be encoded as UTF-8)."""
    try:
        return json.dumps(fields, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(fields).encode("utf-8")


def serialise_log(entries: list[dict[str, Any]], version: int = LOG_VERSION) -> bytes:
    """One entry per line: readable, diff-able, and cheap to append to."""
    body = b",\n".join(entry_line(e) for e in entries)
    return head(version) + body + TAIL
