"""The parent's own mailbox over IMAP: read staff mail without touching it, add drafts.

What iepcheck does to a mailbox is small on purpose (docs/mail.md): it opens folders
read-only (EXAMINE) and fetches with `BODY.PEEK[]`, so nothing is marked read; it never
deletes, moves, flags or sends; its one write is APPEND of a draft to the Drafts folder,
flagged `\\Draft`, and only after a search by Message-ID found no copy there.

Connections: `imaps://host[:port]` is TLS from the first byte; `imap://host[:port]` must
upgrade with STARTTLS, except on a loopback address (a server on this machine). Certificates
are always verified against the system's trust store. Every network wait is bounded
(`TIMEOUT` seconds, `IEPCHECK_MAIL_TIMEOUT` to change it). IMAPClient is imported only here,
inside the functions, so no other command pays for it.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from iepcheck.errors import UserError
from iepcheck.language.messages import _

if TYPE_CHECKING:
    from imapclient import IMAPClient

#: Seconds to wait for the server, at connection and at every reply.
TIMEOUT = 30.0
#: How many messages one FETCH asks for.
FETCH_BATCH = 200
#: Folder names tried, in order, when the server flags no special-use folder (RFC 6154).
SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "Sent Mail", "[Gmail]/Sent Mail",
              "INBOX.Sent", "INBOX/Sent", "Gesendet", "Envoyés", "Enviados")
DRAFTS_NAMES = ("Drafts", "Draft", "[Gmail]/Drafts", "INBOX.Drafts", "INBOX/Drafts",
                "Entwürfe", "Brouillons", "Borradores")


@dataclass(frozen=True)
class Server:
    """Where the mailbox is: host, port, and whether TLS starts at once."""

    host: str
    port: int
    tls: bool

    @property
    def loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


@dataclass(frozen=True)
class Fetched:
    """One message as the server holds it: its folder, UID and bytes, unchanged."""

    folder: str
    uid: int
    raw: bytes
    arrived: datetime | None


def parse_server(text: str) -> Server:
    """`imaps://host[:port]` or `imap://host[:port]`; anything else is refused with the form."""
    parts = urlsplit(text.strip())
    form = _("give imaps://imap.example.com (or imap://host:port for STARTTLS)")
    if parts.scheme not in ("imap", "imaps") or not parts.hostname:
        raise UserError(_("mail.server '{text}' is not an IMAP address; {form}").format(
            text=text, form=form))
    if parts.path not in ("", "/") or parts.username or parts.query:
        raise UserError(_("mail.server '{text}' holds more than a host and port; {form}").format(
            text=text, form=form))
    try:
        port = parts.port
    except ValueError:
        raise UserError(_("mail.server '{text}' has a port that is not a number; "
                          "{form}").format(text=text, form=form)) from None
    tls = parts.scheme == "imaps"
    return Server(host=parts.hostname, port=port or (993 if tls else 143), tls=tls)


def timeout() -> float:
    """`IEPCHECK_MAIL_TIMEOUT` seconds when set to a positive number, else `TIMEOUT`."""
    try:
        given = float(os.environ.get("IEPCHECK_MAIL_TIMEOUT", ""))
    except ValueError:
        return TIMEOUT
    return given if given > 0 else TIMEOUT


@contextmanager
def connect(server: Server, user: str, password: str) -> Iterator[IMAPClient]:
    """A logged-in connection, logged out at the end; each failure a one-line `UserError`."""
    import ssl

    from imapclient import IMAPClient
    from imapclient.exceptions import IMAPClientError, LoginError

    where = f"{server.host}:{server.port}"
    context = ssl.create_default_context()
    try:
        client = IMAPClient(server.host, port=server.port, ssl=server.tls,
                            ssl_context=context, timeout=timeout())
        if not server.tls:
            if b"STARTTLS" in client.capabilities():
                client.starttls(context)
            elif not server.loopback:
                raise UserError(_("the mail server {where} does not offer STARTTLS, so the "
                                  "password would cross the network unencrypted; use its "
                                  "imaps:// address instead").format(where=where))
        client.login(user, password)
    except LoginError:
        raise UserError(_("the mail server {where} refused the login for {user}: check the "
                          "user and the app password ('iepcheck mail login' stores a new "
                          "one)").format(where=where, user=user)) from None
    except ssl.SSLCertVerificationError as error:
        raise UserError(_("the certificate of {where} could not be verified ({problem}); "
                          "check mail.server, or the clock").format(
                              where=where, problem=error.verify_message)) from None
    except TimeoutError:
        raise UserError(_("the mail server {where} did not answer within {seconds} s; check "
                          "mail.server and your connection").format(
                              where=where, seconds=f"{timeout():g}")) from None
    except (OSError, ssl.SSLError, IMAPClientError) as error:
        raise UserError(_("cannot reach the mail server {where}: {error}; check mail.server "
                          "and your connection").format(where=where, error=error)) from None
    try:
        yield client
    finally:
        try:
            client.logout()
        except Exception:  # noqa: BLE001 - leaving; the work is done or already failed
            client.shutdown()


def special_folder(client: IMAPClient, flag: bytes, names: Sequence[str]) -> str | None:
    """The folder the server flags with `flag` (RFC 6154), else the first usual name it has."""
    folders = client.list_folders()
    for flags, _delimiter, name in folders:
        if flag in flags:
            return str(name)
    held = {str(name).casefold(): str(name) for _, _, name in folders}
    return next((held[n.casefold()] for n in names if n.casefold() in held), None)


def sent_folder(client: IMAPClient) -> str:
    from imapclient.imapclient import SENT

    found = special_folder(client, SENT, SENT_NAMES)
    if found is None:
        raise UserError(_("no Sent folder found in the mailbox (none is flagged \\Sent, and "
                          "none has a usual name such as Sent or Sent Items); mail you sent "
                          "cannot be pulled"))
    return found


def drafts_folder(client: IMAPClient, configured: str | None) -> str:
    from imapclient.imapclient import DRAFTS

    found = configured or special_folder(client, DRAFTS, DRAFTS_NAMES)
    if found is None:
        raise UserError(_("no Drafts folder found in the mailbox; name it with "
                          "'iepcheck config mail.drafts FOLDER'"))
    return found


def search(client: IMAPClient, folder: str, addresses: Sequence[str],
           since: date | None, before: date | None = None) -> list[int]:
    """UIDs of the folder's messages from, to or copied to any of `addresses`, the folder
    opened read-only. A message is in the days asked for when its Date header is (SENTSINCE,
    SENTBEFORE: the day it is recorded under) or its arrival is (SINCE, BEFORE): a message
    with no readable Date is still pulled, and refused with its reason, never left unsaid."""
    client.select_folder(folder, readonly=True)
    found: set[int] = set()
    after: list[Any] = [*(["OR", "SENTSINCE", since, "SINCE", since] if since else []),
                        *(["OR", "SENTBEFORE", before, "BEFORE", before] if before else [])]
    for address in addresses:
        for header in ("FROM", "TO", "CC"):
            found.update(int(uid) for uid in client.search([*after, header, address]))
    return sorted(found)


def fetch(client: IMAPClient, folder: str, uids: Sequence[int]) -> Iterator[Fetched]:
    """The messages' bytes with `BODY.PEEK[]`: the server sets no `\\Seen` flag."""
    for start in range(0, len(uids), FETCH_BATCH):
        batch = list(uids[start:start + FETCH_BATCH])
        answer = client.fetch(batch, ["BODY.PEEK[]", "INTERNALDATE"])
        for uid in batch:
            parts = answer.get(uid, {})
            raw = parts.get(b"BODY[]")
            if isinstance(raw, bytes):
                arrived = parts.get(b"INTERNALDATE")
                yield Fetched(folder=folder, uid=uid, raw=raw,
                              arrived=arrived if isinstance(arrived, datetime) else None)


def message_id_headers(client: IMAPClient, uids: Sequence[int]) -> dict[int, bytes]:
    """Each message's Message-ID header lines (peeked: no `\\Seen`), for the selected folder."""
    wanted = "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"
    headers: dict[int, bytes] = {}
    for start in range(0, len(uids), FETCH_BATCH * 5):
        batch = list(uids[start:start + FETCH_BATCH * 5])
        for uid, parts in client.fetch(batch, [wanted]).items():
            found = next((v for k, v in parts.items()
                          if k.startswith(b"BODY[HEADER.FIELDS") and isinstance(v, bytes)), None)
            if found is not None:
                headers[int(uid)] = found
    return headers


def add_draft(client: IMAPClient, folder: str, raw: bytes, message_id: str) -> bool:
    """Append the draft flagged `\\Draft` unless one with its Message-ID is there: True when
    it was added."""
    from imapclient import DRAFT

    client.select_folder(folder, readonly=True)
    if client.search(["HEADER", "Message-ID", message_id]):
        return False
    client.append(folder, raw, flags=[DRAFT])
    return True


#: The service name the password is kept under in the OS keychain.
KEYCHAIN_SERVICE = "iepcheck"


def stored_password(user: str) -> str | None:
    """The password the OS keychain holds for `user`, or None (no keychain, or none kept)."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        found = keyring.get_password(KEYCHAIN_SERVICE, user)
    except KeyringError:
        return None
    return found if isinstance(found, str) and found else None


def store_password(user: str, password: str) -> None:
    """Keep the password in the OS keychain (never in a file of iepcheck's)."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        raise UserError(_("the keychain needs the mail extra: pip install 'iepcheck[mail]'; "
                          "or set IEPCHECK_MAIL_PASSWORD instead")) from None
    try:
        keyring.set_password(KEYCHAIN_SERVICE, user, password)
    except KeyringError as error:
        raise UserError(_("the keychain did not keep the password ({error}); set "
                          "IEPCHECK_MAIL_PASSWORD instead").format(error=error)) from None
