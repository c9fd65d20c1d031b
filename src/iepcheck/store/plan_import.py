"""A confirmed `import-plan` proposal appended to the plan, comments and sources included.

Like `add-item`, only text is added at the end, under the plan's lock, and the whole new plan
is validated before it replaces the old one: a proposal that would break the plan (an id
already used) is refused with the plan untouched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.store.files import atomic_write, locked
from iepcheck.store.plan_file import parse_plan, read_plan_text
from iepcheck.store.text_files import keep_line_ends

if TYPE_CHECKING:
    from pathlib import Path

    from iepcheck.plan.model import Plan


def append_proposal(path: Path, proposal_text: str) -> Plan:
    with locked(path):
        text = read_plan_text(path)
        parse_plan(text, path)
        separator = "" if text.endswith("\n") or not text else "\n"
        new_text = keep_line_ends(text, f"{text}{separator}\n{proposal_text}")
        plan = parse_plan(new_text, path)
        atomic_write(path, new_text.encode("utf-8"))
    return plan
