"""Automatic replies: an out-of-office notice is not an answer (docs/email-import.md).

Pure: a parsed message in, the reason it is automatic (or None) out. A machine's reply says
nothing about the plan, so it is recorded with no finding and never closes a thread: a
teacher's vacation notice must not make an unanswered question look answered, nor turn
away the escalation letter. Used by every way mail comes in (import, and any later pull).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from email.message import Message

#: Precedence values that mail software sets on what no person wrote.
AUTOMATIC_PRECEDENCE = frozenset({"auto_reply", "bulk", "junk"})
#: Subjects that announce an absence or an automatic reply, in the words mail programs use.
AUTOMATIC_SUBJECT = re.compile(
    r"^\s*(?:(?:re|aw|fw|fwd)\s*:\s*)*(?:"
    r"auto(?:matic)?[ -]?(?:reply|response|answer)|autoreply|auto:|out of (?:the )?office"
    r"|away from (?:the |my )?office"
    r"|réponse automatique|absence du bureau|respuesta automática|fuera de la oficina"
    r"|abwesenheitsnotiz|automatische antwort)",
    re.IGNORECASE)


def automatic_reason(message: Message, subject: str) -> str | None:
    """Why `message` is an automatic reply, as the header that says so, or None.

    RFC 3834 `Auto-Submitted` other than `no`; `X-Autoreply` or `X-Autorespond` (any
    value); `Precedence: auto_reply`, `bulk` or `junk`; or a subject that is an
    out-of-office notice ("Automatic reply: …", "Out of Office: …")."""
    submitted = _header(message, "auto-submitted")
    if submitted and submitted.split(";")[0].strip().lower() != "no":
        return f"Auto-Submitted: {submitted}"
    for name in ("x-autoreply", "x-autorespond"):
        value = _header(message, name)
        if value is not None:
            return f"{name.title()}: {value}" if value else name.title()
    precedence = (_header(message, "precedence") or "").lower()
    if precedence in AUTOMATIC_PRECEDENCE:
        return f"Precedence: {precedence}"
    if AUTOMATIC_SUBJECT.match(subject):
        return "its subject is an out-of-office notice"
    return None


def _header(message: Message, name: str) -> str | None:
    """The header's first value, unfolded and stripped; None when it is absent."""
    for key, value in message.raw_items():
        if key.lower() == name:
            return " ".join(str(value).split())[:200]
    return None
