"""A drafted email as an RFC 5322 `.eml` file that mail clients open as an unsent draft.

`X-Unsent: 1` makes Outlook and Apple Mail open it ready to edit and send rather than as a
received message. Without a parent email in the plan there is no `From`: the mail client
fills in the account it sends from.

Addresses come from the plan, typed by hand, so they may hold anything: a domain such as
`école.example` is written in its ASCII (IDNA) form, which every mail system accepts; a
non-ASCII local part (`lée@…`) has no ASCII form, so that message is written with UTF-8
headers (RFC 6532, `policy.SMTPUTF8`). Names are quoted when they hold commas or quotes, and
line breaks in any header value become spaces, so a name can never start a header.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.errors import UserError
from iepcheck.language.messages import _

if TYPE_CHECKING:
    from datetime import datetime
    from email.headerregistry import Address

    from iepcheck.letters.compose import Letter
    from iepcheck.letters.weekly_checkin import Draft


def render_eml(draft: Draft, written_at: datetime, message_id: str | None = None) -> bytes:
    """The message with CRLF line endings, as mail files and SMTP expect; `message_id` when
    given (a draft put in the mailbox's Drafts is found again by it), else a new one."""
    return render_draft_eml(draft, written_at, message_id)[0]


def render_draft_eml(draft: Draft, written_at: datetime,
                     message_id: str | None = None) -> tuple[bytes, str]:
    """The weekly draft as an unsent message, and its Message-ID: logged with --record, so
    the reply imported later threads to it, as a letter's does."""
    to = [mailbox(draft.to_name, draft.to_email, _email_of(draft.staff_id))] if (
        draft.to_email) else []
    cc = [mailbox(name, address, _("the Cc address {address!r}").format(address=address))
          for name, address in draft.cc]
    return compose(to, cc, _sender(draft.from_name, draft.from_email), draft.subject,
                   draft.body, written_at, message_id)


def render_letter_eml(letter: Letter, written_at: datetime,
                      message_id: str | None = None) -> tuple[bytes, str]:
    """A letter as an unsent draft, To and Cc set, and its Message-ID (logged with --record).

    Everyone it is sent or copied to must have an address: `letters.require_addresses`.
    """
    to = [mailbox(r.name, r.email or "", _email_of(r.staff_id)) for r in letter.to]
    cc = [mailbox(r.name, r.email or "", _email_of(r.staff_id)) for r in letter.cc]
    return compose(to, cc, _sender(letter.from_name, letter.from_email), letter.subject,
                   letter.body, written_at, message_id)


def _sender(name: str | None, address: str | None) -> Address | None:
    return mailbox(name or "", address, "[parent] email") if address else None


def compose(to: list[Address], cc: list[Address], sender: Address | None, subject: str,
            body: str, written_at: datetime,
            message_id: str | None = None) -> tuple[bytes, str]:
    """The draft's bytes and its Message-ID: `X-Unsent: 1`, UTF-8 headers only when an
    address needs them."""
    from email import policy
    from email.message import EmailMessage
    from email.utils import format_datetime, make_msgid

    everyone = [*to, *cc, *([sender] if sender else [])]
    utf8 = any(not a.username.isascii() for a in everyone)
    message = EmailMessage(policy=policy.SMTPUTF8 if utf8 else policy.SMTP)
    if to:
        message["To"] = to
    if cc:
        message["Cc"] = cc
    if sender:
        message["From"] = sender
    message["Subject"] = one_line(subject)
    message["Date"] = format_datetime(written_at)
    message_id = message_id or make_msgid("iepcheck", domain=sender.domain if sender
                                          else "iepcheck.invalid")
    message["Message-ID"] = message_id
    message["X-Unsent"] = "1"
    message.set_content(body)
    raw = message.as_bytes()
    check_headers(raw, list(message.keys()))
    return raw, message_id


def check_headers(raw: bytes, expected: list[str]) -> None:
    """The written message holds exactly the headers set, each once, in order: whatever
    the email package does while folding (some versions decode an encoded word, so a name
    could open a `Bcc:` line), a draft never carries a header nobody asked for."""
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    names = [line.split(b":", 1)[0].decode("ascii", "replace").lower()
             for line in head.splitlines() if line and not line[:1].isspace()]
    if names != [key.lower() for key in expected]:
        extra = sorted(set(names) - {key.lower() for key in expected}) or names
        raise UserError(_("the draft would carry a header it was not given ({headers}); "
                          "remove '=?', line breaks and colons from the names in the plan "
                          "(nothing was written)").format(headers=", ".join(extra)))


def _email_of(staff_id: str) -> str:
    """'ms-lee's email': where an address came from, for the sentence refusing it."""
    return _("{staff}'s email").format(staff=staff_id)


def one_line(text: str) -> str:
    """Any run of spaces, tabs, CR, LF or other control characters as one space."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def mailbox(name: str, address: str, where: str) -> Address:
    """An `Address` for a header: the name on one line, the domain in IDNA form.

    An address that is not local@domain, or whose domain has no IDNA form, is refused
    naming `where` it came from, rather than written into a header a mail client rejects.
    """
    from email.headerregistry import Address

    text = address.strip()
    local, at, domain = text.rpartition("@")
    bad = not (at and local and domain) or any(
        not c.isprintable() or c.isspace() or c in '<>()[]\\,;:"@' for c in local + domain
    )
    if bad:
        raise UserError(_("{where} '{address}' is not an email address (name@example.org); "
                          "fix it in the plan").format(where=where, address=address))
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise UserError(_("{where} '{address}' has a domain that cannot be written in a mail "
                          "header; fix it in the plan").format(where=where, address=address)
                        ) from None
    return Address(display_name=one_line(name), username=local, domain=ascii_domain)
