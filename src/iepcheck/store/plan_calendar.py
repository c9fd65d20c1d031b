"""Days off added to the plan's `[calendar]`, keeping every byte the parent wrote.

`add-item break` adds one entry to `no_school` (docs/plan-format.md): into the existing array
before its closing bracket, or as a new `no_school` key right under `[calendar]`, or as a new
`[calendar]` table at the end. The break's name goes beside it as a comment. The new plan is
parsed and its calendar compared with what was meant before anything is written, so a layout
this code does not foresee is refused rather than written wrong.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from iepcheck.errors import PlanError
from iepcheck.language.messages import _
from iepcheck.store.files import atomic_write, locked
from iepcheck.store.plan_file import _headers, parse_plan, read_plan_text
from iepcheck.store.text_files import keep_line_ends

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from iepcheck.plan.model import Plan

_NO_SCHOOL_KEY = re.compile(r"^[ \t]*no_school[ \t]*=[ \t]*", re.MULTILINE)


def add_days_off(path: Path, first: date, last: date, name: str) -> Plan:
    """Add first..last (one day when equal) to the plan's days without school."""
    entry = f"{first.isoformat()}" if first == last else f'"{first}..{last}"'
    line = f"    {entry},  # {name}\n"
    with locked(path):
        text = read_plan_text(path)
        before = parse_plan(text, path)
        new_text = keep_line_ends(text, _with_entry(text, entry, line))
        plan = parse_plan(new_text, path)
        if plan.calendar.no_school != (*before.calendar.no_school, (first, last)):
            raise PlanError(_("{path}: could not add the days off safely; add {entry} to "
                              "no_school under [calendar] by hand").format(path=path, entry=entry))
        atomic_write(path, new_text.encode("utf-8"))
    return plan


def _with_entry(text: str, entry: str, line: str) -> str:
    headers = _headers(text)
    calendar = next((i for i, h in enumerate(headers)
                     if h.path == ("calendar",) and not h.array), None)
    if calendar is None:
        separator = "" if text.endswith("\n") or not text else "\n"
        return f"{text}{separator}\n[calendar]\nno_school = [\n{line}]\n"
    start = headers[calendar].offset
    end = headers[calendar + 1].offset if calendar + 1 < len(headers) else len(text)
    key = _NO_SCHOOL_KEY.search(text, start, end)
    if key is None:
        body = text.find("\n", start) + 1
        if body == 0:
            return f"{text}\nno_school = [\n{line}]\n"
        return f"{text[:body]}no_school = [\n{line}]\n{text[body:]}"
    if text[key.end():key.end() + 1] != "[":
        raise PlanError(_("no_school under [calendar] is not an array; write it as "
                          "no_school = [...] and try again"))
    close, last_value = _array_end(text, key.end())
    line_start = text.rfind("\n", 0, close) + 1
    comma = "" if text[last_value] in "[," else ","
    if text[line_start:close].strip():
        return f"{text[:last_value + 1]}{comma}{text[last_value + 1:close]}\n{line}{text[close:]}"
    return f"{text[:last_value + 1]}{comma}{text[last_value + 1:line_start]}{line}{text[line_start:]}"


def _array_end(text: str, start: int) -> tuple[int, int]:
    """(the closing bracket of the array opening at `start`, its last value's last character),
    reading strings and comments as TOML does."""
    depth, at, last = 0, start, start
    while at < len(text):
        char = text[at]
        if char == "#":
            at = text.find("\n", at)
            if at < 0:
                break
            continue
        if char in "\"'":
            at = _string_end(text, at)
            last = at - 1
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return at, last
        if not char.isspace():
            last = at
        at += 1
    raise PlanError(_("the no_school array under [calendar] is not closed; fix the plan's "
                      "TOML"))


def _string_end(text: str, at: int) -> int:
    """Just past the TOML string starting at `at` (basic or literal, single or triple)."""
    quote = text[at] * 3 if text.startswith(text[at] * 3, at) else text[at]
    seek = at + len(quote)
    while True:
        found = text.find(quote, seek)
        if found < 0:
            raise PlanError(_("a string in the plan is not closed; fix the plan's TOML"))
        escapes = len(text[seek:found]) - len(text[seek:found].rstrip("\\"))
        if quote[0] == '"' and escapes % 2:
            seek = found + 1
            continue
        return found + len(quote)
