"""`iepcheck --man`: the manual page, in roff, built from the same text as `--help`.

One source for both: each command's help, its arguments' and options' help and its examples
are read from the click commands `build_app` makes, in the reader's language, so the manual
can never say something the help does not (`iepcheck --man > iepcheck.1; man -l iepcheck.1`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.language.messages import _

if TYPE_CHECKING:
    import click


def roff(group: click.Group, version: str) -> str:
    """The whole manual page for `group` (every command, in table order)."""
    import click

    root = click.Context(group, info_name="iepcheck")
    lines = [f'.TH IEPCHECK 1 "" "iepcheck {version}" "iepcheck"',
             ".SH " + _("NAME"), r"iepcheck \- " + text(first_sentence(group.help or "")),
             ".SH " + _("SYNOPSIS"), r"\fBiepcheck\fR [OPTIONS] COMMAND [ARGS]...",
             ".SH " + _("DESCRIPTION"), *paragraphs(group.help or ""),
             *options(group, root),
             ".SH " + _("COMMANDS")]
    for name, command in group.commands.items():
        lines += section(name, command, click.Context(command, info_name=name, parent=root))
    return "\n".join(lines) + "\n"


def section(name: str, command: click.Command, ctx: click.Context) -> list[str]:
    """One command: its usage, its help, its arguments and options, its examples."""
    usage = " ".join(command.collect_usage_pieces(ctx))
    lines = [f".SS iepcheck {name}", rf"\fBiepcheck {flag(name)}\fR {text(usage)}",
             *paragraphs(command.help or ""), *options(command, ctx)]
    if command.epilog:
        lines += paragraphs(command.epilog)
    return lines


def options(command: click.Command, ctx: click.Context) -> list[str]:
    """A tagged paragraph per argument and option that has help."""
    lines: list[str] = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        names, help_text = record
        lines += [".TP", rf"\fB{flag(names)}\fR", text(help_text)]
    return lines


def paragraphs(help_text: str) -> list[str]:
    """Paragraphs as click shows them: a "\\b" paragraph keeps its lines (a list, examples)."""
    lines: list[str] = []
    for paragraph in help_text.split("\n\n"):
        if paragraph.startswith("\b"):
            body = paragraph.removeprefix("\b").strip("\n").splitlines()
            lines += [".PP", ".nf", *(text(line) for line in body), ".fi"]
        elif paragraph.strip():
            lines += [".PP", text(" ".join(paragraph.split()))]
    return lines


def first_sentence(help_text: str) -> str:
    return help_text.split("\n\n")[0].replace("\n", " ").strip()


def flag(words: str) -> str:
    """Option names with roff's minus signs, so they can be copied."""
    return text(words).replace("-", r"\-")


def text(line: str) -> str:
    """`line` as roff text: backslashes escaped, and a leading dot or quote kept literal."""
    escaped = line.replace("\\", r"\e")
    return rf"\&{escaped}" if escaped.startswith((".", "'")) else escaped
