"""The plan on disk: read and check it, append an item to it, write a starter one.

The plan is the user's own file, comments and all. iepcheck only ever appends to it, and
only after checking that the whole new plan is valid.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iepcheck.errors import PlanError, validation_words
from iepcheck.storage import atomic_write, locked, read_file

if TYPE_CHECKING:
    from iepcheck.plan import Plan

TABLES = {"service": "services", "accommodation": "accommodations"}


def read_plan_text(path: Path) -> str:
    raw = read_file(path, "plan", option="--plan", error=PlanError,
                    missing="run 'iepcheck init' to start one, or pass --plan PATH (or set "
                    "IEPCHECK_PLAN)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise PlanError(f"{path}: line {line}: not UTF-8 text; save the plan as UTF-8") from None


#: Notepad and some other editors start a UTF-8 file with a byte order mark; TOML does not
#: allow one, but it is not part of what the parent wrote, so it is skipped.
BOM = "\ufeff"


def parse_plan(text: str, path: Path) -> Plan:
    """TOML text to a checked Plan; every error names the file and the line or key path."""
    from pydantic import ValidationError

    from iepcheck.plan import Plan

    try:
        document = tomllib.loads(text.removeprefix(BOM))
    except tomllib.TOMLDecodeError as error:
        raise PlanError(f"{path}: {_toml_message(error)}; fix the TOML syntax there") from None
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        raise PlanError(f"{path}: arrays or tables are nested too deeply to be a plan; fix the "
                        "TOML there") from None
    try:
        return Plan.model_validate(document)
    except ValidationError as error:
        hint = "check its spelling (see examples/plan.toml)"
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
    tables would be an inline array, which cannot follow other tables). The new plan is
    parsed and validated before anything is written.
    """
    import tomli_w

    with locked(path):
        text = read_plan_text(path)
        parse_plan(text, path)
        separator = "" if text.endswith("\n") or not text else "\n"
        table = f"\n[[{TABLES[kind]}]]\n" + tomli_w.dumps(fields)
        new_text = text + separator + table
        plan = parse_plan(new_text, path)
        atomic_write(path, new_text.encode("utf-8"))
    return plan


def write_starter_plan(path: Path) -> None:
    from iepcheck.starter import STARTER_PLAN

    try:
        atomic_write(path, STARTER_PLAN.encode("utf-8"), exclusive=True)
    except FileExistsError:
        raise PlanError(f"{path} already exists; iepcheck init never overwrites a plan "
                        "(pass --plan NEW.toml to start another)") from None
