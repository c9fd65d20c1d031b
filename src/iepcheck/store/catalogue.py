"""Reading the message catalogue shipped inside the package, and choosing the language.

The compiled catalogues (`language/locale/<lang>/LC_MESSAGES/iepcheck.mo`) are package data, read
with the standard library's gettext: no GNU gettext and no Babel at run time, and never
`setlocale` (process-global). English needs no catalogue.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

from iepcheck.language.messages import ENGLISH

DOMAIN = "iepcheck"
LOCALE_FOLDER = Path(__file__).resolve().parent.parent / "language" / "locale"
#: Where a person's language is read from, first that is set wins (as GNU gettext does).
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def languages() -> list[str]:
    """The languages that have a catalogue, besides English."""
    if not LOCALE_FOLDER.is_dir():
        return []
    return sorted(p.name for p in LOCALE_FOLDER.iterdir()
                  if (p / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file())


def language_from_environment(environment: Mapping[str, str] | None = None) -> str:
    """The reader's language from the environment, English when none is known or shipped.

    `LANGUAGE` may list several (`es:en`); `es_US.UTF-8` and `es-MX` both read as `es`.
    """
    env = os.environ if environment is None else environment
    shipped = set(languages())
    for variable in LANGUAGE_VARIABLES:
        value = env.get(variable, "")
        if not value:
            continue
        for choice in value.split(":"):
            code = choice.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
            if code in shipped or code == ENGLISH:
                return code
        if variable != "LANGUAGE":
            return ENGLISH
    return ENGLISH


def load(language: str) -> gettext.NullTranslations:
    """The catalogue for `language` (English: none, every message its own translation)."""
    if language == ENGLISH:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(LOCALE_FOLDER), languages=[language],
                               fallback=True)


def check_language(text: str) -> str:
    """A language the parent may choose with `iepcheck config language`: English or one
    whose catalogue is shipped."""
    from iepcheck.errors import UserError
    from iepcheck.language.messages import _

    code = text.strip().lower().replace("-", "_").split("_")[0]
    known = [ENGLISH, *languages()]
    if code not in known:
        raise UserError(_("language: '{given}' is not a language iepcheck speaks; choose one "
                          "of {known}, e.g. iepcheck config language es").format(
                              given=text, known=", ".join(known)))
    return code


def reader_language(settings: Mapping[str, str] | None = None) -> str:
    """The language the parent reads: `iepcheck config language` when set, else the
    environment's (docs/languages.md). A settings file that cannot be read is left to the
    command to report: the language falls back to the environment's."""
    if settings is None:
        from iepcheck.errors import UserError
        from iepcheck.store.user_config import read_config

        try:
            settings = read_config()
        except (UserError, OSError):
            settings = {}
    chosen = settings.get("language", "")
    code = chosen.strip().lower().split("_")[0]
    if code == ENGLISH or code in languages():
        return code
    return language_from_environment()
