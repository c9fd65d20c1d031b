"""The words a person reads, in the language they read.

Every sentence iepcheck shows a person is wrapped in `_()` (or `n_()` where a number picks
the form, or `N_()` for a table built at import time and translated where it is shown). The
catalogue in use is installed once by the command line (`use`), from `store/catalogue.py`;
until then, and for English, every message is its own translation. `speaking` swaps the
catalogue for one piece of work, so a letter can be written in the school's language while
the parent reads everything else in theirs.

What is stored (the log, the plan, JSON, CSV) never passes through here: kinds, findings
and ids stay English ids whatever the language (docs/languages.md).
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager

#: English: every message is its own translation.
ENGLISH = "en"

_catalogue: gettext.NullTranslations = gettext.NullTranslations()
_language: str = ENGLISH


def _(message: str) -> str:
    """`message` in the reader's language."""
    return _catalogue.gettext(message)


def n_(singular: str, plural: str, count: int) -> str:
    """The form of a message that `count` asks for, in the reader's language."""
    return _catalogue.ngettext(singular, plural, count)


def p_(context: str, message: str) -> str:
    """`message` in the reader's language where the same English words need two
    translations: "Nov" is "nov" in a short date and "noviembre" in a long one."""
    return _catalogue.pgettext(context, message)


def N_(message: str) -> str:
    """Marks `message` for the catalogue without translating it yet: for tables built at
    import time, translated with `_()` where they are shown."""
    return message


#: Each language's digit grouping and decimal mark, the one place numbers take their shape
#: (es: as in the United States, "1,215"; a language not listed writes numbers as English).
NUMBER_MARKS: dict[str, tuple[str, str]] = {ENGLISH: (",", "."), "es": (",", ".")}


def number(value: float, decimals: int = 0) -> str:
    """`value` as the reader writes numbers: 1,215 and 2.5 in English and in US Spanish."""
    grouping, mark = NUMBER_MARKS.get(_language, NUMBER_MARKS[ENGLISH])
    text = f"{value:,.{decimals}f}"
    return text.translate(str.maketrans(",.", grouping + mark))


def use(catalogue: gettext.NullTranslations, language: str) -> None:
    """Install the catalogue every `_()` reads from now on."""
    global _catalogue, _language
    _catalogue, _language = catalogue, language


def current() -> str:
    """The language in use ("en", "es", …)."""
    return _language


def in_use() -> gettext.NullTranslations:
    """The catalogue in use: a table of words translated through it may be kept while the
    same catalogue is (`vocabulary` keeps its record words so, once per catalogue)."""
    return _catalogue


@contextmanager
def speaking(catalogue: gettext.NullTranslations, language: str) -> Iterator[None]:
    """Use `catalogue` for the work inside the block, then the reader's again."""
    before = (_catalogue, _language)
    use(catalogue, language)
    try:
        yield
    finally:
        use(*before)
