"""click's and typer's own words ("Usage:", "Options", "No such option") in the reader's
language (docs/languages.md).

click and typer translate their words with the standard gettext, imported into each of their
modules as `_` and `ngettext`; left alone, those read gettext's global domain and the
environment, never `iepcheck config language` nor a letter's `--lang`. `speak_through_click`
points them at iepcheck's catalogue instead: the one place iepcheck reaches into a
dependency's modules this way, checked by tests/test_languages.py (which fails loudly when a
click release moves these names). The words themselves are listed below, so the catalogue
holds them; their msgids are click's and typer's, character for character.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from iepcheck.language.messages import N_, n_

#: click's and typer's modules that translate a word a person may read.
TRANSLATING_MODULES = ("click.core", "click.exceptions", "click.formatting", "click.decorators",
                       "click.types", "click.parser", "click.termui", "typer.core")

#: typer's completion options carry plain help texts, translated where the root is built.
COMPLETION_HELP = {
    "install_completion": N_("Install completion for the current shell."),
    "show_completion": N_("Show completion for the current shell, to copy it or customize the "
                          "installation."),
}

WORDS = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Arguments"), N_("Positional arguments"),
    N_("Show this message and exit."), N_("Show the version and exit."), N_("required"),
    N_("default: {default}"), N_("env var: {var}"), N_("(dynamic)"), N_("Aborted!"),
    N_("Missing command."), N_("No such option {name!r}."), N_("No such command {name!r}."),
    N_("Error: {message}"), N_("Try '{command} {option}' for help."),
    N_("Invalid value: {message}"), N_("Invalid value for {param_hint}: {message}"),
    N_("Missing argument"), N_("Missing option"), N_("Missing parameter"),
    N_("Missing {param_type}"), N_("Missing parameter: {param_name}"), N_("unknown error"),
    N_("Could not open file {filename!r}: {message}"),
    N_("Argument {name!r} takes {nargs} values."), N_("Option {name!r} does not take a value."),
    N_("Repeat for confirmation"), N_("Error: The two entered values do not match."),
    N_("Error: invalid input"), N_("Press any key to continue..."),
    N_("Do you want to continue?"), N_("Choose from:\n\t{choices}"),
    N_("{value!r} is not a valid {number_type}."), N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("{value!r} is not a valid UUID."), N_("file"), N_("directory"), N_("path"),
    N_("{name} {filename!r} does not exist."), N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."), N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."), N_("{name} {filename!r} is not executable."),
)


def _plural_words() -> None:  # never called: it lists click's plural messages for extraction
    n_("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1)
    n_("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given.", 1)
    n_("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1)
    n_("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.",
       1)
    n_("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1)
    n_("{value!r} does not match the format {format}.",
       "{value!r} does not match the formats {formats}.", 1)
    n_("{len_type} values are required, but {len_value} was given.",
       "{len_type} values are required, but {len_value} were given.", 1)


def speak_through_click() -> None:
    """Every word click and typer print goes through the catalogue in use from now on."""
    from iepcheck.language.messages import _

    for name in TRANSLATING_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = n_  # type: ignore[attr-defined]


def translate_completion_help(params: Sequence[object]) -> None:
    """typer's `--install-completion` and `--show-completion` help, in the reader's language."""
    from iepcheck.language.messages import _

    for param in params:
        text = COMPLETION_HELP.get(getattr(param, "name", "") or "")
        if text is not None:
            param.help = _(text)  # type: ignore[attr-defined]
