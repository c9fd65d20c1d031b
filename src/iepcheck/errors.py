"""Errors a user can cause. Each becomes one line on stderr and exit status 2.

These are plain exceptions: the core raises them without knowing about any command-line
framework, and `iepcheck.cli.main` alone turns them into a line and an exit code (see
docs/architecture.md). Anything else that raises is a bug and should show its traceback to
whoever reports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from iepcheck.language.messages import N_, _, n_

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


#: pydantic's own sentences, by error type, in words a translation can carry: English keeps
#: pydantic's text; another language uses its translation, filled from the error's context.
PYDANTIC_WORDS: dict[str, str] = {
    "int_type": N_("Input should be a whole number"),
    "int_parsing": N_("Input should be a whole number"),
    "int_from_float": N_("Input should be a whole number, not a number with a fractional part"),
    "float_type": N_("Input should be a number"),
    "float_parsing": N_("Input should be a number"),
    "string_type": N_("Input should be text"),
    "bool_type": N_("Input should be true or false"),
    "bool_parsing": N_("Input should be true or false"),
    "list_type": N_("Input should be a list"),
    "dict_type": N_("Input should be a table"),
    "date_type": N_("Input should be a date such as 2026-08-24"),
    "date_parsing": N_("Input should be a date such as 2026-08-24"),
    "date_from_datetime_parsing": N_("Input should be a date such as 2026-08-24"),
    "date_from_datetime_inexact": N_("Input should be a date such as 2026-08-24, not a date and time"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "string_too_short": N_("Text should have at least {min_length} characters"),
    "string_too_long": N_("Text should have at most {max_length} characters"),
    "too_short": N_("List should have at least {min_length} items"),
    "too_long": N_("List should have at most {max_length} items"),
    "literal_error": N_("Input should be {expected}"),
    "enum": N_("Input should be {expected}"),
}


def pydantic_words(problem: Any) -> str:
    """pydantic's sentence in the reader's language when the catalogue carries it."""
    message = str(problem["msg"])
    template = PYDANTIC_WORDS.get(str(problem["type"]))
    if template is None or _(template) == template:
        return message
    try:
        return _(template).format(**problem.get("ctx", {}))
    except (KeyError, IndexError, ValueError):
        return message


def validation_words(error: ValidationError, *, extra_hint: str | None = None) -> str:
    """The first problem pydantic found, in a parent's words, with where it is.

    The one place a `ValidationError` becomes a sentence: the plan, `add-item` options and log
    entries all read the same way ('services[2].per: Input should be …').
    """
    problems = error.errors(include_url=False)
    first = problems[0]
    where = key_path(tuple(first["loc"]))
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "missing":
        message = _("is required but missing")
    elif first["type"] == "extra_forbidden":
        message = _("is not a key iepcheck knows; {hint}").format(
            hint=extra_hint if extra_hint is not None else _("check its spelling"))
    elif "input" in first and first["type"] != "value_error":
        message = _("{problem} (found {value})").format(
            problem=pydantic_words(first), value=repr(first["input"]))
    more = len(problems) - 1
    suffix = n_(" (and {count} more problem)", " (and {count} more problems)", more).format(
        count=more) if more else ""
    return f"{where}: {message}{suffix}" if where else f"{message}{suffix}"


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """' (did you mean speech?)' when one choice is close to what was typed, else ''."""
    from difflib import get_close_matches

    close = get_close_matches(word.lower(), list(choices), n=1, cutoff=0.5)
    return _(" (did you mean {choice}?)").format(choice=close[0]) if close else ""


class ReaderLeft(Exception):
    """The program reading our output closed it (`iepcheck due | head`): stop quietly, exit 0
    (docs/terminal.md). Raised by the console; `cli.run` is the one place that answers it."""
