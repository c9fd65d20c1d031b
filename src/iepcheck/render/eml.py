"""A drafted email as an RFC 5322 `.eml` file that mail clients open as an unsent draft.

`X-Unsent: 1` makes Outlook and Apple Mail open it ready to edit and send rather than as a
received message. Without a parent email in the plan there is no `From`: the mail client
fills in the account it sends from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    from iepcheck.draft import Draft


def render_eml(draft: Draft, written_at: datetime) -> bytes:
    """The message with CRLF line endings, as mail files and SMTP expect."""
    from email import policy
    from email.message import EmailMessage
    from email.utils import format_datetime, formataddr, make_msgid

    message = EmailMessage(policy=policy.SMTP)
    if draft.to_email:
        message["To"] = formataddr((draft.to_name, draft.to_email))
    if draft.from_email:
        message["From"] = formataddr((draft.from_name or "", draft.from_email))
    message["Subject"] = draft.subject
    message["Date"] = format_datetime(written_at)
    domain = draft.from_email.rpartition("@")[2] if draft.from_email else "iepcheck.invalid"
    message["Message-ID"] = make_msgid("iepcheck", domain=domain or "iepcheck.invalid")
    message["X-Unsent"] = "1"
    message.set_content(draft.body)
    return message.as_bytes()
