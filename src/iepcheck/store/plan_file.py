"""The plan on disk: read and check it, append an item to it, write a starter one.

The plan is the user's own file, comments and all. iepcheck only ever adds to it (an item at
the end, a dated change after its item), and only after checking that the whole new plan is
valid.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from iepcheck.errors import PlanError, validation_words
from iepcheck.language.messages import _
from iepcheck.store.files import atomic_write, locked, read_file
from iepcheck.store.text_files import keep_line_ends

if TYPE_CHECKING:
    from iepcheck.plan.model import Plan

TABLES = {"service": "services", "accommodation": "accommodations", "goal": "goals",
          "staff": "staff"}


def read_plan_text(path: Path) -> str:
    raw = read_file(path, "plan", option="--plan", error=PlanError,
                    missing=_("run 'iepcheck init' to start one, or pass --plan PATH (or set "
                              "IEPCHECK_PLAN)"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise PlanError(_("{path}: line {line}: not UTF-8 text; save the plan as UTF-8").format(
            path=path, line=line)) from None


#: Notepad and some other editors start a UTF-8 file with a byte order mark; TOML does not
#: allow one, but it is not part of what the parent wrote, so it is skipped.
BOM = "\ufeff"


def parse_plan(text: str, path: Path) -> Plan:
    """TOML text to a checked Plan; every error names the file and the line or key path."""
    from pydantic import ValidationError

    from iepcheck.plan.model import Plan

    try:
        document = tomllib.loads(text.removeprefix(BOM))
    except tomllib.TOMLDecodeError as error:
        raise PlanError(_("{path}: {problem}; fix the TOML syntax there").format(
            path=path, problem=_toml_message(error))) from None
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        raise PlanError(_("{path}: arrays or tables are nested too deeply to be a plan; fix "
                          "the TOML there").format(path=path)) from None
    try:
        return Plan.model_validate(document)
    except ValidationError as error:
        hint = _("check its spelling (see examples/plan.toml)")
        raise PlanError(f"{path}: {validation_words(error, extra_hint=hint)}") from None


def load_plan(path: Path) -> Plan:
    return parse_plan(read_plan_text(path), path)


def _toml_message(error: Exception) -> str:
    """tomllib says 'Invalid value (at line 3, column 9)'; lead with the line."""
    message = str(error)
    if "(at line " in message:
        what, _, where = message.rpartition(" (at ")
        return f"{where.rstrip(')')}: {what}"
    return message


def append_item(path: Path, kind: str, fields: dict[str, Any]) -> Plan:
    """Append one `[[services]]`/`[[accommodations]]` table, keeping every existing byte.

    The table is rendered with tomli-w under a header we write ourselves (a dumped list of
    tables would be an inline array, which cannot follow other tables); a value that is itself
    a table (a goal's `baseline = {value = 62, date = 2026-08-24}`) is written inline, so it
    stays inside the new table. The new plan is parsed and validated before anything is written.
    """
    with locked(path):
        text = read_plan_text(path)
        parse_plan(text, path)
        separator = "" if text.endswith("\n") or not text else "\n"
        table = f"\n[[{TABLES[kind]}]]\n" + _table_body(fields)
        new_text = keep_line_ends(text, text + separator + table)
        plan = parse_plan(new_text, path)
        atomic_write(path, new_text.encode("utf-8"))
    return plan


def _table_body(fields: dict[str, Any]) -> str:
    """`key = value` lines, tables inline."""
    import tomli_w

    return "".join(f"{key} = {{{_inline(value)}}}\n" if isinstance(value, dict)
                   else tomli_w.dumps({key: value}) for key, value in fields.items())


def amend_item(path: Path, item_id: str, change: dict[str, Any]) -> Plan:
    """Add one dated change to an item, keeping every existing byte (see `insert_change`).

    Under the plan's lock the file is read afresh, the change placed, and the whole new plan
    validated before it replaces the old one atomically.
    """
    with locked(path):
        text = read_plan_text(path)
        plan = parse_plan(text, path)
        item = plan.item(item_id)
        if item is None:  # the file changed since the command checked it
            raise PlanError(_("{path}: there is no item '{item}' any more; check the "
                              "plan").format(path=path, item=item_id))
        rows = plan.services if item.kind == "service" else plan.accommodations
        index = [row.id for row in rows].index(item_id)
        new_text = insert_change(text, TABLES[item.kind], index, item_id, change)
        new_plan = parse_plan(new_text, path)
        atomic_write(path, new_text.encode("utf-8"))
    return new_plan


#: A line that might be a table header: `[x]`, `[[x.y]]`, `[ "x" ]  # comment`.
_MAYBE_HEADER = re.compile(r"[ \t]*\[")


def insert_change(text: str, table: str, index: int, item_id: str,
                  change: dict[str, Any]) -> str:
    """The plan text with `[[TABLE.changes]]` for the `index`-th `[[TABLE]]` table (from 0).

    A `[[services.changes]]` table belongs to the `[[services]]` table above it, so the new
    table goes right after the item's own table and its sub-tables (after any changes it
    already has as tables), before the comments and header of whatever follows. An item
    whose changes are an inline array (`changes = [...]`) cannot get a table as well: the
    user is told what to add to that array. The result is checked to be the same document
    with the one change added, or nothing is returned.
    """
    import tomli_w

    document = tomllib.loads(text.removeprefix(BOM))
    rows = document.get(table)
    headers = _headers(text)
    starts = [h for h in headers if h.path == (table,) and h.array]
    if not isinstance(rows, list) or len(starts) != len(rows):
        raise PlanError(_("the plan writes its {table} in a way iepcheck cannot add to (not "
                          "one [[{table}]] table each); add the change to '{item}' by hand: "
                          "changes = [{change}]").format(table=table, item=item_id,
                                                          change=_inline(change)))
    start = starts[index]
    following = [h for h in headers if h.offset > start.offset]
    end = next((h.offset for h in following if h.path[:1] != (table,) or len(h.path) == 1),
               len(text))
    as_tables = any(h.path == (table, "changes") and h.offset < end for h in following)
    if "changes" in rows[index] and not as_tables:
        raise PlanError(_("'{item}' already lists its changes inline (changes = [...]); add "
                          "{change} inside that array by hand").format(
                              item=item_id, change="{" + _inline(change) + "}"))
    at = _after_content(text, start.offset, end)
    newline = "\r\n" if "\r\n" in text else "\n"
    block = f"[[{table}.changes]]\n" + tomli_w.dumps(change)
    before = "" if at == 0 or text[:at].endswith("\n") else "\n"
    after = "\n" if text[at:] and not text[at:].lstrip(" \t").startswith(("\n", "\r\n")) else ""
    new_text = text[:at] + (before + "\n" + block + after).replace("\n", newline) + text[at:]
    expected = tomllib.loads(text.removeprefix(BOM))
    expected[table][index].setdefault("changes", []).append(tomllib.loads(tomli_w.dumps(change)))
    if tomllib.loads(new_text.removeprefix(BOM)) != expected:  # never write a misplaced change
        raise PlanError(_("could not place the change in the plan safely; add it to '{item}' "
                          "by hand: changes = [{change}]").format(item=item_id,
                                                                  change=_inline(change)))
    return new_text


class _Header(NamedTuple):
    offset: int  # where its line starts
    path: tuple[str, ...]  # ("services", "changes") for [[services.changes]]
    array: bool  # [[…]] rather than […]


def _headers(text: str) -> list[_Header]:
    """Every table header of the document, in order. A line that looks like one counts only
    where the text before it is a whole TOML document (not inside a multi-line string or
    array)."""
    headers = []
    offset = 0
    for line in text.split("\n"):
        words = line.removeprefix(BOM) if offset == 0 else line
        if _MAYBE_HEADER.match(words) and _complete(text[:offset]):
            path = _header_path(words.strip())
            if path is not None:
                headers.append(_Header(offset, path, words.lstrip().startswith("[[")))
        offset += len(line) + 1
    return headers


def _complete(text: str) -> bool:
    try:
        tomllib.loads(text.removeprefix(BOM))
    except tomllib.TOMLDecodeError:
        return False
    return True


def _header_path(line: str) -> tuple[str, ...] | None:
    """The keys a header line names, as TOML reads them (quotes, spaces and comments aside)."""
    try:
        node: Any = tomllib.loads(line)
    except tomllib.TOMLDecodeError:
        return None
    path: list[str] = []
    while isinstance(node, dict) and len(node) == 1:
        key, node = next(iter(node.items()))
        path.append(key)
        if isinstance(node, list):
            node = node[-1]
    return tuple(path) or None


def _after_content(text: str, first: int, end: int) -> int:
    """Where the table that starts at `first` ends, `end` at the latest: before the blank
    lines and comments that lead into the next table."""
    at = end
    while at > first:
        line_start = text.rfind("\n", first, at - 1) + 1
        line = text[line_start:at].strip()
        if (line and not line.startswith("#")) or not _complete(text[:line_start]):
            break
        at = line_start
    return at


def _inline(change: dict[str, Any]) -> str:
    """`from = 2027-01-10, times = 3`: the change as the inside of an inline table."""
    import tomli_w

    return ", ".join(tomli_w.dumps({key: value}).strip() for key, value in change.items())


def write_starter_plan(path: Path) -> None:
    """The starter plan, with a new plan id (a random UUID: it names this plan only)."""
    import uuid

    from iepcheck.plan.starter import starter_plan

    try:
        atomic_write(path, starter_plan(str(uuid.uuid4())).encode("utf-8"), exclusive=True)
    except FileExistsError:
        raise PlanError(_("{path} already exists; iepcheck init never overwrites a plan "
                          "(pass --plan NEW.toml to start another)").format(path=path)) from None
