"""`caseload`: one row per child's plan under a folder, for an advocate following many.

Finds the plans (the rule is `due/caseload.py`'s: `*.toml` with `[student]` and `[plan]`, hidden
and evidence folders not searched), reads each plan and its log once, and hands them to the
pure `caseload.case_row`. A plan, log or folder that cannot be read is a row holding its
one-line error, never the end of the listing. Reads, never writes, any plan or log.
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from iepcheck.cli.options import AsOfOpt, Files, OutputOpt, today_from
from iepcheck.errors import UserError
from iepcheck.language.messages import _

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import date

    from iepcheck.due.caseload import Caseload, CaseRow
    from iepcheck.plan.model import Plan


class CaseloadFormat(str, Enum):
    table = "table"
    json = "json"
    html = "html"
    csv = "csv"


def caseload(
    folder: Annotated[Path, typer.Argument(
        metavar="DIR", show_default=False,
        help=_("The folder holding each child's folder (their plan.toml and log)."))],
    as_of: AsOfOpt = None,
    format: Annotated[CaseloadFormat | None, typer.Option(
        "--format", help=_("table for the screen; html to print; csv, json (default: from the -o "
                           "file's extension, else table)."), show_default=False,
    )] = None,
    fail_if_due: Annotated[bool, typer.Option(
        "--fail-if-due",
        help=_("Exit 1 when any child has something due, as 'due' would say, or a plan or log "
               "could not be read (for scripts and cron)."))] = False,
    output: OutputOpt = None,
) -> None:
    """Every child's plan under DIR in one table, the most urgent first.

    One row per plan: items not implemented, with no evidence or stale, minutes owed,
    unanswered emails, the next plan date and the last observation. A plan or log that
    cannot be read is a row saying what is wrong.
    """
    from iepcheck.cli.output_format import pick_format
    from iepcheck.due.caseload import broken_row
    from iepcheck.due.caseload import caseload as sort_rows

    today = today_from(as_of)
    root = _folder(folder)
    found: list[tuple[Path, str | None]] = list(find_plans(root))
    if output is not None and str(output) != "-":
        _check_output(output, [path for path, _why in found])
    format, output = pick_format(format, output, CaseloadFormat, CaseloadFormat.table)
    from iepcheck.cli.progress import tracked
    from iepcheck.language.messages import _

    rows: list[CaseRow] = []
    for path, problem in tracked(found, _("reading the plans"), len(found)):
        where = _relative(path, root)
        row = broken_row(where, problem) if problem else read_row(
            path, where, today, strict=_in_a_childs_folder(path, root))
        if row is not None:
            rows.append(row)
    result = sort_rows(str(folder), today, rows)
    _show(result, format, output, folder)
    if fail_if_due and result.anything_due:
        raise typer.Exit(1)


def _folder(folder: Path) -> Path:
    """DIR must be a folder iepcheck can list: else one line and exit 2."""
    if not folder.is_dir():
        raise UserError((_("DIR: {folder} does not exist; pass the folder that holds each "
                           "child's folder") if not folder.exists() else
                         _("DIR: {folder} is not a folder; pass the folder that holds each "
                           "child's folder")).format(folder=folder))
    try:
        os.scandir(folder).close()
    except OSError as error:
        from iepcheck.store.files import reason

        raise UserError(_("DIR: cannot read {folder}: {reason}; check its permissions").format(
            folder=folder, reason=reason(error))) from None
    return folder


def find_plans(root: Path) -> Iterator[tuple[Path, str | None]]:
    """Every `*.toml` file under `root` that may be a plan, with None; or a folder that could
    not be read, with why. Linked folders are followed, each real folder once (a link back
    up cannot loop); hidden and evidence folders are not searched; sorted by name."""
    from iepcheck.due.caseload import is_candidate, skip_folder

    unreadable: list[OSError] = []
    seen: set[tuple[int, int]] = set()
    for here, folders, files in os.walk(root, followlinks=True, onerror=unreadable.append):
        for error in unreadable:
            yield Path(error.filename or here), _unreadable(error)
        unreadable.clear()
        identity = _identity(here)
        if identity is None or identity in seen:
            folders.clear()
            continue
        seen.add(identity)
        folders[:] = sorted(f for f in folders if not skip_folder(f))
        for name in sorted(files):
            if is_candidate(name):
                yield Path(here, name), None
    for error in unreadable:  # the last folder walked
        yield Path(error.filename or root), _unreadable(error)


def _unreadable(error: OSError) -> str:
    from iepcheck.store.files import reason

    return _("cannot read the folder {folder}: {reason}; check its permissions").format(
        folder=error.filename, reason=reason(error))


def _identity(folder: str) -> tuple[int, int] | None:
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _in_a_childs_folder(path: Path, root: Path) -> bool:
    """A `plan.toml` anywhere, or any `.toml` inside a folder under DIR: one that cannot be
    parsed may be a child's plan, so it is a row, never dropped (docs/caseload.md)."""
    return path.name == "plan.toml" or path.parent != root


def read_row(path: Path, where: str, today: date, *, strict: bool = False) -> CaseRow | None:
    """The child's row: the plan read and checked, its log read once; None for a `.toml`
    that is not a plan. Any UserError on the way is the row's message; with `strict`, a
    file that cannot be parsed at all is a row too."""
    from iepcheck.due.caseload import broken_row, case_row
    from iepcheck.store.logbook import default_log_path, read_record

    try:
        read = _plan_text(path, strict=strict)
    except UserError as error:
        return broken_row(where, str(error))
    if read is None:
        return None
    try:
        plan = _plan(path, *read)
    except UserError as error:
        return broken_row(where, str(error))
    try:
        entries = read_record(default_log_path(path))
        return case_row(where, plan, entries, today)
    except UserError as error:
        return broken_row(where, str(error), plan)


def _plan_text(path: Path, *, strict: bool = False) -> tuple[str, dict[str, Any] | None] | None:
    """The file's text and TOML document (None when not TOML) when it is, or looks like, a
    plan; None when it is some other TOML file. A file that cannot be read at all may be a
    plan: that is an error."""
    import tomllib

    from iepcheck.due.caseload import is_plan_document, looks_like_plan_text
    from iepcheck.errors import PlanError
    from iepcheck.store.files import read_file
    from iepcheck.store.plan_file import BOM, read_plan_text

    raw = read_file(path, "plan", option="DIR", error=PlanError,
                    missing=_("it went away while the caseload was read"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        if strict or looks_like_plan_text(raw.decode("utf-8", "replace")):
            read_plan_text(path)  # raises the plan's own "not UTF-8" message
        return None
    try:
        document = tomllib.loads(text.removeprefix(BOM))
    except (tomllib.TOMLDecodeError, RecursionError):
        return (text, None) if strict or looks_like_plan_text(text) else None
    return (text, document) if is_plan_document(document) else None


def _plan(path: Path, text: str, document: dict[str, Any] | None) -> Plan:
    """The checked plan from the document already parsed (the TOML is read once); when it
    does not validate, `parse_plan` gives the message every other command gives."""
    from pydantic import ValidationError

    from iepcheck.plan.model import Plan
    from iepcheck.store.plan_file import parse_plan

    if document is not None:
        try:
            return Plan.model_validate(document)
        except ValidationError:
            pass
    return parse_plan(text, path)  # raises: the file's own error, worded as everywhere


def _check_output(output: Path, plans: list[Path]) -> None:
    """-o never lands on any child's plan, log, backups, locks or evidence."""
    from iepcheck.cli.options import check_output

    for plan in plans:
        check_output(output, Files(plan, None))


def _show(result: Caseload, format: CaseloadFormat, output: Path | None, folder: Path) -> None:
    """The table on the screen, or the chosen format printed or written with -o."""
    from iepcheck.cli.options import say, write_output

    if not result.rows:
        line = _("No plans found under {folder} (a plan is a .toml file with [student] and "
                 "[plan] tables; hidden and .evidence folders are not searched).").format(
                     folder=folder)
        if format is CaseloadFormat.table and output is None:
            say(line)
            return
        say(line, err=True)
    if format is CaseloadFormat.table and output is None:
        from iepcheck.render.caseload_table import caseload_renderables
        from iepcheck.render.console import print_renderables

        print_renderables(*caseload_renderables(result))
        return
    from iepcheck.render.formats import render

    write_output(render("caseload", format.value, result), output, Files(None, None))
