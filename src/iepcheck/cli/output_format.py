"""`-o FILE` and `--format` agree (docs/outputs.md): the file's extension picks the format
when `--format` is not given, an extension that disagrees with `--format` is refused, and
`-o -` is standard output."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TypeVar

from iepcheck.errors import UserError
from iepcheck.language.messages import _

F = TypeVar("F", bound=Enum)

#: What each extension holds, by the name `--format` gives it.
EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown",
              ".csv": "csv", ".json": "json", ".txt": "table"}


def pick_format(given: F | None, output: Path | None, kind: type[F],
                default: F) -> tuple[F, Path | None]:
    """The format to write and the file to write it to (None: standard output)."""
    if output is not None and str(output) == "-":
        return (given if given is not None else default), None
    implied = _implied(output, kind)
    if given is None:
        return (implied if implied is not None else default), output
    if implied is not None and implied is not given:
        raise UserError(_("--format {value} disagrees with --output {output} (a {value2} file "
                          "name); drop --format, or name the file {value3}").format(
            value=given.value, output=output, value2=implied.value,
            value3=output.with_suffix(_extension(given)).name if output else ""))
    return given, output


def _implied(output: Path | None, kind: type[F]) -> F | None:
    if output is None:
        return None
    name = EXTENSIONS.get(output.suffix.lower())
    values = {member.value: member for member in kind}
    return values.get(name) if name else None


def _extension(form: Enum) -> str:
    for extension, name in EXTENSIONS.items():
        if name == form.value:
            return extension
    return ".txt"
