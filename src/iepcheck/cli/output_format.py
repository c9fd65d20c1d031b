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


#: The formats a script reads: the same keys and values in every language (docs/languages.md).
MACHINE_FORMATS = ("json", "csv")


def machine_readable(args: list[str]) -> bool:
    """Whether this run writes JSON or CSV (`--format json`, `--format=csv`, `-o x.json`):
    such a run speaks English from its first message to its last, so every sentence the core
    computes is the same in every language and the output is byte for byte the same."""
    for before, word in zip(["", *args], args, strict=False):
        if before == "--format" and word.lower() in MACHINE_FORMATS:
            return True
        if word.startswith("--format=") and word.split("=", 1)[1].lower() in MACHINE_FORMATS:
            return True
        if before in ("-o", "--output") and EXTENSIONS.get(Path(word).suffix.lower()) in \
                MACHINE_FORMATS:
            return True
        if word.startswith("--output=") and EXTENSIONS.get(
                Path(word.split("=", 1)[1]).suffix.lower()) in MACHINE_FORMATS:
            return True
    return False
