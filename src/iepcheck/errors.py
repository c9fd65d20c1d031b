"""Errors a user can cause. Each becomes one line on stderr and exit status 2.

These are plain exceptions: the core raises them without knowing about any command-line
framework, and `iepcheck.cli.main` alone turns them into a line and an exit code (see
docs/architecture.md). Anything else that raises is a bug and should show its traceback to
whoever reports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pydantic import ValidationError


class UserError(Exception):
    """Bad input: names what is wrong, where, and how to fix it; exits 2, writes nothing."""

    exit_code = 2

    @property
    def message(self) -> str:
        return str(self)


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


def validation_words(error: ValidationError, *, extra_hint: str = "check its spelling") -> str:
    """The first problem pydantic found, in a parent's words, with where it is.

    The one place a `ValidationError` becomes a sentence: the plan, `add-item` options and log
    entries all read the same way ('services[2].per: Input should be …').
    """
    problems = error.errors(include_url=False)
    first = problems[0]
    where = key_path(tuple(first["loc"]))
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "missing":
        message = "is required but missing"
    elif first["type"] == "extra_forbidden":
        message = f"is not a key iepcheck knows; {extra_hint}"
    elif "input" in first and first["type"] != "value_error":
        message = f"{message} (found {first['input']!r})"
    more = len(problems) - 1
    suffix = f" (and {more} more problem{'s' * (more > 1)})" if more else ""
    return f"{where}: {message}{suffix}" if where else f"{message}{suffix}"


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """' (did you mean speech?)' when one choice is close to what was typed, else ''."""
    from difflib import get_close_matches

    close = get_close_matches(word.lower(), list(choices), n=1, cutoff=0.5)
    return f" (did you mean {close[0]}?)" if close else ""


class ReaderLeft(Exception):
    """The program reading our output closed it (`iepcheck due | head`): stop quietly, exit 0
    (docs/terminal.md). Raised by the console; `cli.run` is the one place that answers it."""
