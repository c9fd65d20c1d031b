"""`mail pull`, `mail login`: the parent's own mailbox, read over IMAP (docs/mail.md).

A pull records each staff message exactly as `import-email` records an `.mbox`: the same
`plan_import` rules and the same recording path (`evidence_cmds.record_planned`). The
drafts that `draft-email --to-drafts` and `letter --to-drafts` make go through `to_drafts`.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from iepcheck.cli.options import AsOfOpt, AuthorOpt, Files, LogOpt, PlanOpt, SinceOpt, say
from iepcheck.errors import UserError
from iepcheck.language.messages import _

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from contextlib import AbstractContextManager
    from datetime import date
    from pathlib import Path

    from imapclient import IMAPClient

    from iepcheck.mail.importing import Email, ImportPlan, Unreadable
    from iepcheck.record.entries import Observation
    from iepcheck.store.mailbox import Fetched, Server


class MailAction(str, Enum):
    pull = "pull"
    login = "login"


def mail(
    action: Annotated[MailAction, typer.Argument(
        help=_("pull: record staff mail from your mailbox; login: keep its password in your "
               "keychain."), show_default=False)],
    since: SinceOpt = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help=_("Say what would be recorded, and record nothing."))] = False,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
    author: AuthorOpt = None,
) -> None:
    """Pull staff mail from your mailbox into the log ('iepcheck mail pull'), or keep the
    mailbox's password in your keychain ('iepcheck mail login').

    A pull reads INBOX and the Sent folder for mail from or to each [[staff]] address since
    --since (default: the plan's start), marks nothing read, moves and deletes nothing, and
    records each new message as import-email would. A second pull records nothing new."""
    if action is MailAction.login:
        _login()
        return
    _pull(since, dry_run, as_of, plan, log, author)


def _pull(since: str | None, dry_run: bool, as_of: str | None, plan: Path | None,
          log: Path | None, author: str | None) -> None:
    from datetime import timedelta

    from iepcheck.cli.options import optional_date
    from iepcheck.mail.importing import plan_import

    files, today, current = Files.at(plan, log, as_of, author)
    addresses = sorted({s.email.strip() for s in current.staff if s.email})
    if not addresses:
        raise UserError(_("no [[staff]] in the plan has an email address, so there is no mail to "
                          'look for; add email = "…" to their tables'))
    first = optional_date(since, today=today, option="--since") or current.plan.start
    server, user = mailbox_settings()
    entries = files.entries()
    with _connected(server, user) as client:
        fetched, known = _staff_mail(client, addresses, first, today + timedelta(days=1),
                                     entries)
    messages = [_read(one) for one in fetched]
    planned = plan_import(messages, current, entries, kind=None, date_override=None,
                          finding=None, today=today)
    labels = [_label(one, message) for one, message in zip(fetched, messages)]
    kinds, skipped = _record(files, planned, labels, dry_run)
    for position, why in sorted(planned.refused.items()):
        say(_("refused {value}: {why}").format(value=labels[position - 1], why=why), err=True)
    if planned.refused:
        print(_("a refused message stays in your mailbox: save it as .eml and record it with "
                "'iepcheck import-email FILE' and the option its reason names"), file=sys.stderr)
    _summary(kinds, known + sum(1 for n, _kept in skipped.values() if n is not None),
             len(planned.refused), dry_run)
    if planned.refused:
        raise typer.Exit(2)


def _record(files: Files, planned: ImportPlan, labels: Sequence[str], dry_run: bool,
            ) -> tuple[list[str], dict[int, tuple[str | None, str]]]:
    """Record the planned messages (or, with --dry-run, say what would be recorded): the
    kinds recorded, and what was skipped as already in the log."""
    if dry_run:
        for one in planned.to_record:
            typer.echo(_("would record {value} as {kind} ({day})").format(
                value=labels[one.position - 1], kind=one.kind, day=one.day.isoformat()))
        return [one.kind for one in planned.to_record], dict(planned.duplicates)
    if not planned.to_record:
        return [], dict(planned.duplicates)
    from iepcheck.cli.evidence_cmds import record_planned, warn_collisions
    from iepcheck.record.drafts import describe

    recorded, skipped = record_planned(files, planned, (), "mailbox")
    for entry in recorded:
        say(describe(entry))
    warn_collisions(files, planned, recorded, lambda position: labels[position - 1])
    return [str(entry.kind) for entry in recorded], skipped


def _summary(kinds: Sequence[str], already: int, refused: int, dry_run: bool) -> None:
    """"12 new: 5 sent, 7 received; 40 already recorded" (a copy of the same message in two
    folders is one message)."""
    sent = sum(1 for k in kinds if k == "email-sent")
    line = (_("{count} would be new: {sent} sent, {received} received; {already} already "
              "recorded") if dry_run else
            _("{count} new: {sent} sent, {received} received; {already} already recorded")
            ).format(count=len(kinds), sent=sent, received=len(kinds) - sent, already=already)
    if refused:
        line = _("{summary}; {refused} refused").format(summary=line, refused=refused)
    print(line, file=sys.stderr)


def _read(one: Fetched) -> Email | Unreadable:
    from iepcheck.mail.importing import read_one

    return read_one(one.raw)


def _label(one: Fetched, message: Email | Unreadable) -> str:
    """How a message prints: its folder, UID and subject, escape codes shown, never sent."""
    from iepcheck.mail.importing import Email
    from iepcheck.render.escape import terminal_line

    subject = (f' "{message.subject[:60]}"' if isinstance(message, Email) and message.subject
               else "")
    return terminal_line(f"{one.folder} message {one.uid}{subject}")


def _staff_mail(client: IMAPClient, addresses: Sequence[str], since: date, before: date,
                entries: Sequence[Observation]) -> tuple[list[Fetched], int]:
    """INBOX's and the Sent folder's staff mail not yet in the log, oldest first (a progress
    bar on a terminal), and how many were left unfetched as already recorded."""
    from iepcheck.mail.pulling import already_recorded
    from iepcheck.store.mailbox import fetch, message_id_headers, search, sent_folder

    wanted: list[tuple[str, list[int]]] = []
    known = 0
    for folder in ("INBOX", sent_folder(client)):
        uids = search(client, folder, addresses, since, before)
        held = already_recorded(message_id_headers(client, uids), entries)
        known += len(held)
        wanted.append((folder, [uid for uid in uids if uid not in held]))
    fetched: list[Fetched] = []
    with _progress(sum(len(uids) for _folder, uids in wanted)) as advance:
        for folder, uids in wanted:
            client.select_folder(folder, readonly=True)
            for one in fetch(client, folder, uids):
                fetched.append(one)
                advance(1)
    return sorted(fetched, key=lambda one: (one.arrived is None, str(one.arrived or ""),
                                            one.folder != "INBOX", one.uid)), known


def _progress(total: int) -> AbstractContextManager[Callable[[float], None]]:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""
    from iepcheck.cli.progress import progress
    from iepcheck.language.messages import _

    return progress(_("pulling mail"), total)


def mailbox_settings() -> tuple[Server, str]:
    """The mailbox's server and user from the settings, or what to set."""
    from iepcheck.store.mailbox import parse_server
    from iepcheck.store.user_config import read_config

    settings = read_config()
    if not settings.get("mail.server"):
        raise UserError(_("no mailbox is set up; run 'iepcheck config mail.server "
                          "imaps://imap.gmail.com' (your provider's, see the README) first"))
    if not settings.get("mail.user"):
        raise UserError(_("no mailbox user is set; run 'iepcheck config mail.user "
                          "you@example.com' first"))
    return parse_server(settings["mail.server"]), settings["mail.user"]


def _password(user: str) -> str:
    """$IEPCHECK_MAIL_PASSWORD, else the keychain's, else asked for: never kept in a file."""
    import os

    from iepcheck.cli.options import interactive
    from iepcheck.store.mailbox import stored_password

    given = os.environ.get("IEPCHECK_MAIL_PASSWORD") or stored_password(user)
    if given:
        return given
    if not interactive():
        raise UserError(_("no password for {user}: set IEPCHECK_MAIL_PASSWORD, or keep it in "
                          "your keychain with 'iepcheck mail login'").format(user=user))
    answer: str = typer.prompt(_("Password (app password) for {user}").format(
        user=user), hide_input=True)
    return answer


def _connected(server: Server, user: str) -> AbstractContextManager[IMAPClient]:
    from iepcheck.store.mailbox import connect

    return connect(server, user, _password(user))


def _login() -> None:
    """Ask for the password, check it against the server, and keep it in the keychain."""
    from iepcheck.cli.options import interactive
    from iepcheck.store.mailbox import connect, store_password

    server, user = mailbox_settings()
    if not interactive():
        raise UserError(_("'iepcheck mail login' asks for the password, so it needs a terminal; "
                          "in a script set IEPCHECK_MAIL_PASSWORD instead"))
    password: str = typer.prompt(_("Password (app password) for {user}").format(
        user=user), hide_input=True)
    with connect(server, user, password):
        pass
    store_password(user, password)
    typer.echo(_("the password for {user} is in your keychain; 'iepcheck mail pull' uses "
                 "it").format(user=user))


def to_drafts(raw: bytes, message_id: str) -> None:
    """Put a drafted message in the mailbox's Drafts folder, once (docs/mail.md)."""
    from iepcheck.store.mailbox import add_draft, drafts_folder
    from iepcheck.store.user_config import read_config

    server, user = mailbox_settings()
    with _connected(server, user) as client:
        folder = drafts_folder(client, read_config().get("mail.drafts"))
        added = add_draft(client, folder, raw, message_id)
    typer.echo((_("Put the draft in {folder}: open it in your mail app, check it, and send.")
                if added else
                _("The draft is already in {folder}: open it in your mail app, check it, and "
                  "send.")).format(folder=folder), err=True)


def stable_message_id(*parts: str) -> str:
    """One Message-ID for the same draft on the same day, so a re-run finds it in Drafts."""
    import hashlib

    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"<iepcheck.{digest}@iepcheck.invalid>"
