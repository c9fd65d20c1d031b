"""`verify`: re-check every author's log, its seals, attachments, backups and receipts."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from iepcheck.cli.options import (
    AuthorOpt,
    Files,
    LogOpt,
    PlanOpt,
    say,
)
from iepcheck.errors import UserError
from iepcheck.language.messages import _


def verify(
    receipt: Annotated[list[str] | None, typer.Option(
        "--receipt", help=_("A seal receipt from an email, 'N:HEX' (repeat)."))] = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
    author: AuthorOpt = None,
) -> None:
    """Check that no entry or attachment was altered, reordered or removed; exit 1 if one was.

    Every author's log is checked on its own chain; a failure names whose log it is in."""
    from iepcheck.record.authors import OWNER, label, log_name
    from iepcheck.record.seal import parse_authored_receipt, receipt_record
    from iepcheck.store.verify import summary, verify_log

    given: dict[str, list[tuple[int, str]]] = {}
    files = Files(plan, log, author)
    record = record_tag_of(files)
    for text in receipt or []:
        parsed = parse_authored_receipt(text)
        if parsed is None:
            raise UserError(_("--receipt: '{text}' is not a receipt; give the entry number and "
                              "the seal's first digits as in the email, e.g. "
                              "54:3f9a1c2d4e5f6a7b").format(text=text))
        _refuse_other_record(receipt_record(text), record)
        whose, number, prefix = parsed
        given.setdefault(whose or OWNER, []).append((number, prefix))
    logs = {a: p for a, p in files.logs().items() if p.exists() or p.is_symlink()}
    logs = logs or {files.author: files.log_path}  # none yet: say so, as for one log
    failed = False
    for whose in sorted(given.keys() - logs.keys()):
        # A receipt proves the log existed: its log gone is a failed check, not a typo.
        typer.echo(_("verify FAILED: {whose}'s log is missing ({name} is not beside the plan, "
                     "and a receipt names it)").format(
                         whose=whose,
                         name=files.main_log.with_name(log_name(files.main_log.name, whose)).name))
        failed = True
    for whose, path in logs.items():
        result = verify_log(path, given.get(whose, ()), evidence=files.evidence(),
                            author=None if whose == OWNER else whose, record=record)
        for number, what in result.problems:
            say(f"{label(whose, number, files.author)}: {what}")
        for note in result.notes:
            print(_("note: {note}").format(note=note), file=sys.stderr)
        typer.echo(_("{file} ({author}'s log): {summary}").format(
            file=path.name, author=whose, summary=summary(result))
            if len(logs) > 1 else summary(result))
        failed = failed or result.failed
    files.warn_conflict_copies()
    if failed:
        raise typer.Exit(1)


def _refuse_other_record(named: str | None, record: str | None) -> None:
    """A receipt naming another record (a sibling's) is no check of this one: a usage
    error, not tampering (docs/verify.md)."""
    if named is not None and record is not None and named != record:
        from iepcheck.language.messages import _

        raise UserError(_("--receipt: this receipt belongs to record {record}, not this one "
                          "({own}); verify it with that record's plan (--plan FILE)")
                        .format(record=named, own=record))


def record_tag_of(files: Files) -> str | None:
    """How this plan's receipts name it (`seal.record_tag`); None when the plan has no id or
    cannot be read (`verify --log` alone): every receipt is then checked."""
    from iepcheck.record.seal import record_tag

    try:
        return record_tag(files.plan().plan.id)
    except UserError:
        return None
