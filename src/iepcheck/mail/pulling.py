"""Which messages of a mailbox are already in the log, known from their headers alone.

A pull asks the server first for each message's Message-ID header only; a message whose
Message-ID the log already holds is not fetched again. The rule is import's own (the same
Message-ID is the same message: `LogIndex.held`), applied before the bytes are fetched, so
a second pull of a term's mail costs a header per message (docs/mail.md).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from iepcheck.mail.headers import ascii_header, message_id_of

if TYPE_CHECKING:
    from iepcheck.record.drafts import Duplicate
    from iepcheck.record.entries import Observation

Key = TypeVar("Key", bound=Hashable)


def header_message_id(header: bytes) -> str | None:
    """The Message-ID as `import-email` reads it, from a message's header lines."""
    from email import message_from_bytes, policy

    try:
        message = message_from_bytes(header, policy=policy.compat32)
    except Exception:  # noqa: BLE001 - unreadable here: the whole message is fetched and judged
        return None
    return message_id_of(ascii_header(message, "message-id"))


def already_recorded(headers: Mapping[Key, bytes],
                     entries: Sequence[Observation]) -> dict[Key, Duplicate]:
    """The messages (by key) whose Message-ID an entry of the log already holds."""
    from iepcheck.record.drafts import LogIndex

    index = LogIndex(entries)
    known: dict[Key, Duplicate] = {}
    for key, header in headers.items():
        message_id = header_message_id(header)
        held = index.held(message_id, None) if message_id else None
        if held is not None:
            known[key] = held
    return known
