"""The user's own settings: who they are when several people keep one record (docs/authors.md).

One small TOML file in the platform's config folder as platformdirs names it:
`$XDG_CONFIG_HOME/iepcheck/config.toml` when that is set (every platform), else
`~/.config/iepcheck/config.toml` on Linux, `~/Library/Application Support/iepcheck/` on
macOS, `%APPDATA%\\iepcheck\\` on Windows. A file already kept at the old place
(`~/.config/iepcheck/config.toml`) keeps being used, so no one's name is lost.
It is the user's, not the record's: it never travels with the plan, so two parents sharing a
folder each keep their own name. Written atomically and privately (0600, folder 0700).
"""

from __future__ import annotations

import os
from pathlib import Path

from iepcheck.errors import UserError
from iepcheck.language.messages import _

#: The settings this iepcheck knows, with what each means.
KEYS = {"author": "your name as an author: you write PLAN.<author>.log.json",
        "mail.server": "your mailbox's IMAP address, imaps://host (docs/mail.md)",
        "mail.user": "the user name you log in to your mailbox with, usually your address",
        "mail.drafts": "the folder drafts go to, when the server flags none as Drafts",
        "name": "the name you sign letters and drafts with (else the plan's [parent] name)",
        "language": "the language you read iepcheck in: en or es (else your system's)",
        "address": "your postal address, lines split by ';', above a Word letter",
        "phone": "your phone number, above a Word letter"}
#: A signing name is a person's name on one line, not a paragraph.
NAME_CHARS = 100


def check_name(text: str) -> str:
    """A signing name as given, on one line; refused when empty, too long or holding
    control characters (it is printed at the foot of every letter)."""
    name = " ".join(text.split())
    if not name or len(name) > NAME_CHARS or not name.isprintable():
        raise UserError(_("name: '{text}' cannot sign a letter: give your name on one line, "
                          "up to {most} characters, e.g. iepcheck config name \"Ben "
                          "Park\"").format(text=text, most=NAME_CHARS))
    return name


#: An address is a few short lines (street, town, postcode), not a paragraph.
ADDRESS_LINES, ADDRESS_LINE_CHARS = 5, 80
#: What a phone number is written with, in any country's way of writing it.
PHONE_CHARS = frozenset("0123456789 +-().x/ext")


def check_address(text: str) -> str:
    """An address as its lines joined by newlines, from lines split by ';' or line breaks;
    refused when it would not fit the top of a letter. It is the user's own, like the name:
    it never goes into the plan or the log."""
    lines = [" ".join(line.split()) for line in text.replace(";", "\n").splitlines()]
    lines = [line for line in lines if line]
    if (not lines or len(lines) > ADDRESS_LINES
            or any(len(line) > ADDRESS_LINE_CHARS or not line.isprintable() for line in lines)):
        raise UserError(_("address: give up to {lines} lines of up to {chars} characters "
                          "split by ';', e.g. iepcheck config address \"12 Oak Street; "
                          "Springfield, IL 62701\"").format(lines=ADDRESS_LINES,
                                                            chars=ADDRESS_LINE_CHARS))
    return "\n".join(lines)


def check_phone(text: str) -> str:
    """A phone number as written, on one line, of digits and the marks numbers are written
    with."""
    phone = " ".join(text.split())
    if not phone or len(phone) > 40 or not set(phone) <= PHONE_CHARS or not any(
            c.isdigit() for c in phone):
        raise UserError(_("phone: '{text}' is not a phone number; give digits, spaces and "
                          "+ - ( ) . only, e.g. iepcheck config phone \"(555) 010-0199\""
                          ).format(text=text))
    return phone


def config_path() -> Path:
    """Where the user's settings live on this system (the module's docstring says where)."""
    base = os.environ.get("XDG_CONFIG_HOME")
    if base:
        return Path(base) / "iepcheck" / "config.toml"
    if _plain_linux():
        # platformdirs' answer on Linux, without importing it (~5 ms on every reading
        # command, which asks whose log is yours); tests/test_config_folder.py checks that
        # platformdirs still says the same.
        return Path.home() / ".config" / "iepcheck" / "config.toml"
    import platformdirs

    found = Path(platformdirs.user_config_dir("iepcheck", appauthor=False, roaming=True))
    chosen = found / "config.toml"
    earlier = Path.home() / ".config" / "iepcheck" / "config.toml"
    if earlier != chosen and earlier.is_file() and not chosen.exists():
        return earlier  # written before iepcheck used the platform's own folder
    return chosen


def _plain_linux() -> bool:
    """Linux that is not Android (which platformdirs answers for with its own folders)."""
    import sys

    return sys.platform == "linux" and not ("ANDROID_DATA" in os.environ
                                            and "ANDROID_ROOT" in os.environ)


def read_config(path: Path | None = None) -> dict[str, str]:
    """The settings as strings; none when the file is not there. A file that is not TOML,
    or holds a setting that is not text, is refused naming the file."""
    from iepcheck.store.files import read_regular, reason

    path = path or config_path()
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise UserError(_("cannot read your settings {path}: {reason}").format(
            path=path, reason=reason(error))) from None
    import tomllib

    from iepcheck.store.text_files import utf8_text

    try:
        data = tomllib.loads(utf8_text(raw))  # a Windows editor's byte order mark dropped
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UserError(_("{path}: not a settings file iepcheck can read ({error}); fix it or "
                          "write it anew with 'iepcheck config author NAME'").format(
                              path=path, error=error)) from None
    settings = {}
    for key, value in _flat(data).items():
        if key in KEYS:
            if not isinstance(value, str):
                raise UserError(_("{path}: {key} must be text in quotes, e.g. {key} = "
                                  "\"dad\"").format(path=path, key=key))
            settings[key] = value
    return settings


def write_config(settings: dict[str, str], path: Path | None = None) -> Path:
    """Replace the settings file with `settings`, atomically and privately."""
    import json

    from iepcheck.store.files import atomic_write, make_private_dir

    path = path or config_path()
    try:
        path.parent.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        make_private_dir(path.parent)
    except OSError as error:
        raise UserError(_("cannot make the folder {path}: {reason}").format(
            path=path.parent, reason=error.strerror)) from None
    lines = ["# iepcheck's settings for you (iepcheck config)"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in sorted(settings.items())]
    atomic_write(path, ("\n".join(lines) + "\n").encode("utf-8"))
    path.chmod(0o600)  # private even when an older file was not
    return path


def _flat(data: dict[str, object]) -> dict[str, object]:
    """`mail.server = "…"` is a dotted key, which TOML reads as a table: back to one name."""
    flat: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{k}": v for k, v in _flat(value).items()})
        else:
            flat[key] = value
    return flat
