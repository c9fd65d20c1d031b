"""`--lang en|es|both`: the language of what goes to the school (docs/languages.md).

The parent reads iepcheck in their language; a letter or draft is written in the school's,
English unless they choose. `both` prints the English letter, then a Spanish copy for the
family marked as a translation, so a parent can read what they send. Whatever is logged
about a letter (its note) is always written in English: the log never depends on a language.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Annotated, TypeVar

import typer

from iepcheck.language.messages import ENGLISH, _

T = TypeVar("T")


class LetterLanguage(str, Enum):
    en = "en"
    es = "es"
    both = "both"


LangOpt = Annotated[LetterLanguage, typer.Option(
    "--lang", help=_("The language of the letter: en (what most schools read), es, or both "
                     "(the English letter, then a Spanish copy for you)."))]

#: The Spanish copy of `both` says what it is: a translation, not the letter sent.
TRANSLATION_FOR = "es"


def sent_language(chosen: LetterLanguage) -> str:
    """The language of the letter the school receives."""
    return ENGLISH if chosen is LetterLanguage.both else chosen.value


def written_in(language: str, work: Callable[[], T]) -> T:
    """`work` done with every message in `language`, then the reader's language again."""
    from iepcheck.language.messages import speaking
    from iepcheck.store.catalogue import load

    with speaking(load(language), language):
        return work()


def logged_in_english(chosen: LetterLanguage, sent: T, build: Callable[[], T]) -> T:
    """The letter as the log records it: in English, whatever language was sent."""
    return sent if sent_language(chosen) == ENGLISH else written_in(ENGLISH, build)


def letter_text(chosen: LetterLanguage, text: Callable[[], str]) -> str:
    """The letter's text in the chosen language; for `both`, the English letter and then
    the Spanish copy, headed by a line saying the English one is the letter sent."""
    if chosen is not LetterLanguage.both:
        return written_in(chosen.value, text)
    english = written_in(ENGLISH, text)
    copy = written_in(TRANSLATION_FOR, lambda: _translation_heading() + "\n\n" + text())
    return f"{english.rstrip()}\n\n{'─' * 40}\n\n{copy}"


def _translation_heading() -> str:
    return _("Translation for the family: the letter to send is the English version above.")


def refuse_both_in_one_message(chosen: LetterLanguage) -> None:
    """An email draft or a Word letter is what gets sent, and holds one letter: `both` is
    for reading, not for sending."""
    if chosen is LetterLanguage.both:
        from iepcheck.errors import UserError

        raise UserError(_("--lang both: a draft or Word letter to send holds one letter; use "
                          "--lang en (or es) for it, and --lang both without it to read the two "
                          "one after the other"))
