"""Errors a user can cause. Each becomes one line on stderr and exit status 2.

Anything else that raises is a bug and should show its traceback to whoever reports it.
"""

from __future__ import annotations

import sys
from typing import Any

import click


class UserError(click.ClickException):
    """Bad input: names what is wrong, where, and how to fix it; exits 2, writes nothing."""

    exit_code = 2

    def show(self, file=None) -> None:
        print(f"iepcheck: error: {self.format_message()}", file=file or sys.stderr)


class PlanError(UserError):
    """The plan file is missing, unreadable or breaks a rule of the plan format."""


class WriteError(UserError):
    """A file could not be written: a missing or read-only folder, a full disk."""


class LogError(UserError):
    """The observation log is unreadable, damaged or from a newer iepcheck."""


def key_path(loc: tuple[Any, ...]) -> str:
    """('services', 1, 'per') -> 'services[2].per': positions count from 1, as people do."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part + 1}]"
        elif isinstance(part, str) and part.replace("_", "").isalnum():
            path += f".{part}" if path else part
    return path
