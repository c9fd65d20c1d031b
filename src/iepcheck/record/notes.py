"""What an import writes at the end of an email entry's note, and how it is read back: the
message's Message-ID line, and an automatic reply's mark (docs/email-import.md).

Pure, and kept apart from `record/drafts.py` (the recording factory): every `due` and status
run asks whether a received email was a machine's reply, and pays for nothing else here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.vocabulary import EMAIL_KINDS

if TYPE_CHECKING:
    from iepcheck.record.entries import Observation

#: How an import wrote a message's Message-ID: the last line of the entry's note, and what
#: it writes there for a message with none (so a body line can never pass for one).
MESSAGE_ID_LINE = "Message-ID: "
NO_MESSAGE_ID = "(none)"
#: How an imported automatic reply (an out-of-office notice) is marked in its note: it is
#: recorded, and it answers nothing (docs/email-import.md).
AUTOMATIC_REPLY_LINE = "[automatic reply ("


def automatic_reply_line(reason: str) -> str:
    """The notice an automatic reply's note carries, naming the header that says so."""
    return f"{AUTOMATIC_REPLY_LINE}{reason}): recorded, and it answers nothing]"


def is_automatic_reply(entry: Observation) -> bool:
    """An imported email marked as a machine's reply: it never closes a thread. The mark is
    looked for among the notices just above the note's Message-ID line."""
    if entry.kind != "email-received" or not entry.note:
        return False
    paragraphs = entry.note.rsplit("\n\n", 2)
    if len(paragraphs) < 2 or not paragraphs[-1].startswith(MESSAGE_ID_LINE):
        return False
    return any(line.startswith(AUTOMATIC_REPLY_LINE) for line in paragraphs[-2].splitlines())


def recorded_message_id(entry: Observation) -> str | None:
    """The Message-ID an entry holds: its own key (log version 2 on), else, for an entry a
    version-1 import wrote, the note's last line only, so a line in a message's body can
    never make a later message look imported."""
    if entry.message_id is not None:
        return entry.message_id
    if entry.kind not in EMAIL_KINDS or not entry.note:
        return None
    last = entry.note.rstrip("\n").rpartition("\n")[2]
    if not last.startswith(MESSAGE_ID_LINE):
        return None
    found = last.removeprefix(MESSAGE_ID_LINE).strip()
    return found if found and found != NO_MESSAGE_ID else None
