"""The tamper seal: each entry's `hash` chains it to the one before (docs/log-format.md).

hash(i) = SHA-256 of ( hash(i-1) + canonical JSON of entry i without `hash` ), with
hash(0) = "". Canonical JSON sorts keys, has no spaces and keeps Unicode as is. An entry
written without a seal (hand-made, imported) still takes part in the chain with the value
it would have had, so altering it breaks every seal after it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any


def canonical(entry: dict[str, Any]) -> bytes:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def seal(entry: dict[str, Any], previous: str) -> str:
    return hashlib.sha256(previous.encode("ascii") + canonical(entry)).hexdigest()


def chain(entries: Iterable[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], str]]:
    """Each raw entry with the seal it should carry."""
    previous = ""
    for entry in entries:
        previous = seal(entry, previous)
        yield entry, previous


def last_seal(entries: list[dict[str, Any]]) -> str:
    """The value the next entry chains to: the last stored seal, else computed over all."""
    stored = entries[-1].get("hash") if entries else None
    if isinstance(stored, str):
        return stored
    value = ""
    for _, value in chain(entries):
        pass
    return value
