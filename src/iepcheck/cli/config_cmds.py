"""`config`: the user's own settings, kept outside the record (docs/authors.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from iepcheck.errors import UserError
from iepcheck.language.messages import _


def config(
    key: Annotated[str | None, typer.Argument(
        help=_("The setting: author (who you are when several people keep one record), name (the "
               "name you sign letters and drafts with), mail.server, mail.user or mail.drafts "
               "(your mailbox, for 'iepcheck mail'), address or phone (above a Word letter), "
               "language (en or es: the language you read iepcheck in)."),
        show_default=False)] = None,
    value: Annotated[str | None, typer.Argument(
        help=_("Its new value: an author's name (lowercase letters, digits, hyphens), or 'owner' "
               "to write the plan's own log again."), show_default=False)] = None,
) -> None:
    """Show your settings, or set one: 'iepcheck config author dad'.

    'iepcheck config mail.server imaps://imap.gmail.com' and 'iepcheck config mail.user
    ana@example.com' name your mailbox; the password is never a setting (docs/mail.md)."""
    import os

    from iepcheck.errors import did_you_mean
    from iepcheck.record.authors import OWNER, check_author
    from iepcheck.store.user_config import KEYS, config_path, read_config, write_config

    path = config_path()
    settings = read_config(path)
    if key is not None and key not in KEYS:
        raise UserError(_("unknown setting '{key}'{did_you_mean}; settings are {keys}").format(
            key=key, did_you_mean=did_you_mean(key, list(KEYS)), keys=", ".join(KEYS)))
    if key == "name" and value is not None:
        _set_name(settings, value, path)
        return
    if key == "language" and value is not None:
        _set_language(settings, value, path)
        return
    if key in ("address", "phone") and value is not None:
        _set_contact(settings, key, value, path)
        return
    if value is None:
        author = settings.get("author")
        typer.echo((_("settings: {path}") if path.exists() else
                    _("settings: {path} (not written yet)")).format(path=path))
        if author and author != OWNER:
            typer.echo(_("author = {author}: you write PLAN.{author}.log.json beside the plan")
                       .format(author=author))
        else:
            typer.echo(_("author: not set: you are the owner and write PLAN.log.json; set one "
                         "with 'iepcheck config author NAME' when several people keep the record"))
        if settings.get("name"):
            typer.echo(_("name = {name}: you sign letters and drafts with it")
                       .format(name=settings["name"]))
        if settings.get("language"):
            typer.echo(_language_line(settings["language"]))
        if os.environ.get("IEPCHECK_AUTHOR"):
            typer.echo(_("$IEPCHECK_AUTHOR = {iepcheck_author} overrides it here (and --author "
                         "overrides both)").format(
                             iepcheck_author=os.environ["IEPCHECK_AUTHOR"]))
        for name in ("mail.server", "mail.user", "mail.drafts"):
            if settings.get(name):
                typer.echo(f"{name} = {settings[name]}")
        _show_contact(settings)
        return
    if key is not None and key.startswith("mail."):
        _set_mail(settings, key, value)
        write_config(settings, path)
        typer.echo(_("{key} = {value} in {path}").format(key=key, value=settings[key], path=path))
        return
    name = check_author(value, "author")
    if name == OWNER:
        settings.pop("author", None)
    else:
        settings["author"] = name
    write_config(settings, path)
    typer.echo((_("author = {name} in {path}") if name == OWNER else
                _("author = {name} in {path}: you now write PLAN.{name}.log.json beside the "
                  "plan")).format(name=name, path=path))


def _set_mail(settings: dict[str, str], key: str, value: str) -> None:
    """A mailbox setting, checked as far as it can be without the network."""
    text = value.strip()
    if key == "mail.server":
        from iepcheck.store.mailbox import parse_server

        parse_server(text)
    elif not text or not text.isprintable():
        raise UserError(_("{key}: give a value on one line, e.g. 'iepcheck config {key} "
                          "{example}'").format(
            key=key, example="ana@example.com" if key == "mail.user" else "Drafts"))
    settings[key] = text
def _set_name(settings: dict[str, str], value: str, path: Path) -> None:
    """`config name "Ben Park"`: the name this person signs with; `config name ""` removes
    it (letters are then signed with the plan's [parent] name)."""
    from iepcheck.store.user_config import check_name, write_config

    if value.strip():
        settings["name"] = check_name(value)
    else:
        settings.pop("name", None)
    write_config(settings, path)
    typer.echo(_("name = {name} in {path}: you sign letters and drafts with it").format(
        name=settings["name"], path=path) if "name" in settings else
        _("name removed from {path}: letters are signed with the plan's [parent] name").format(
            path=path))


def _set_language(settings: dict[str, str], value: str, path: Path) -> None:
    """`config language es`: the language iepcheck speaks to this person in, whatever the
    system's; what goes to the school is chosen per letter (--lang) (docs/languages.md)."""
    from iepcheck.store.catalogue import check_language
    from iepcheck.store.user_config import write_config

    settings["language"] = check_language(value)
    write_config(settings, path)
    from iepcheck.language.messages import _

    typer.echo(_("language = {language} in {path}: iepcheck speaks to you in it from the next "
                 "command on").format(language=settings["language"], path=path))


def _language_line(language: str) -> str:
    from iepcheck.language.messages import _

    return _("language = {language}: iepcheck speaks to you in it, whatever your system's "
             "language").format(language=language)


def _set_contact(settings: dict[str, str], key: str, value: str, path: Path) -> None:
    """`config address "12 Oak Street; Springfield, IL 62701"`, `config phone "(555)
    010-0199"`: printed above a Word letter (docs/letters.md), never written to the plan or
    the log; an empty value removes it."""
    from iepcheck.language.messages import _
    from iepcheck.store.user_config import check_address, check_phone, write_config

    if value.strip():
        settings[key] = check_address(value) if key == "address" else check_phone(value)
    else:
        settings.pop(key, None)
    write_config(settings, path)
    if key in settings:
        typer.echo(_("{key} = {value} in {path}: printed above your Word letters").format(
            key=key, value=settings[key].replace("\n", "; "), path=path))
    else:
        typer.echo(_("{key} removed from {path}").format(key=key, path=path))


def _show_contact(settings: dict[str, str]) -> None:
    from iepcheck.language.messages import _

    for key in ("address", "phone"):
        if settings.get(key):
            typer.echo(_("{key} = {value}: printed above your Word letters").format(
                key=key, value=settings[key].replace("\n", "; ")))
