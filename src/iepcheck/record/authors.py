"""Several people keeping one record: who wrote an entry, and how entries are named (docs/authors.md).

Every author appends only to their own log, so no file ever has two writers and no sync can
ever conflict: `maya.log.json` is the owner's (whoever set no author), `maya.dad.log.json`
dad's. Each log keeps its own numbering and seal chain; readers merge them.

Pure: names in, names out. Merging several authors' logs into one record is
`record/merging.py`. No clock, no files.
"""

from __future__ import annotations

import re

from iepcheck.errors import UserError
from iepcheck.language.messages import _

#: The author of the plan's own log (`maya.log.json`): whoever set no author. As a name it
#: is reserved: `--author owner` means that log, and `owner#12` names its entry 12.
OWNER = "owner"
#: An author's name: a slug, so it is safe in a file name on every system and in a shell.
SLUG = re.compile(r"[a-z][a-z0-9-]{0,31}")
#: Words that would make a log's name read as something else beside it.
RESERVED = frozenset({"log", "evidence", "lock", "bak", "tmp", "json"})
LOG_SUFFIX = ".log.json"
#: `12`, `#12`, `dad#12`, `owner#12`: an entry as people type it.
REFERENCE = re.compile(r"(?:([a-z][a-z0-9-]{0,31})?#)?([0-9]{1,9})")


def check_author(text: str, option: str = "--author") -> str:
    """An author's name as given, or a one-line refusal with a name that would do."""
    name = text.strip()
    if name == OWNER or (SLUG.fullmatch(name) and name not in RESERVED):
        return name
    suggestion = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    suggestion = suggestion if SLUG.fullmatch(suggestion) and suggestion not in RESERVED else "dad"
    raise UserError(_("{option}: '{text}' cannot be an author's name: use lowercase letters, "
                      "digits and hyphens, starting with a letter (up to 32), e.g. "
                      "'{suggestion}'").format(option=option, text=text, suggestion=suggestion))


def log_name(main: str, author: str) -> str:
    """`maya.log.json`, `dad` -> `maya.dad.log.json`: the file `author` writes beside the
    plan's own log (the owner's is that log itself)."""
    if author == OWNER:
        return main
    return f"{main.removesuffix('.json').removesuffix('.log')}.{author}{LOG_SUFFIX}"


def author_of(main: str, name: str) -> str | None:
    """The author whose log `name` is, beside the plan's own log `main`; None if it is not
    one (a backup, a lock, another plan's log)."""
    if name == main:
        return OWNER
    stem = main.removesuffix(".json").removesuffix(".log")
    if not (name.startswith(f"{stem}.") and name.endswith(LOG_SUFFIX)):
        return None
    author = name[len(stem) + 1: -len(LOG_SUFFIX)]
    if author == OWNER or not SLUG.fullmatch(author) or author in RESERVED:
        return None
    return author


#: What sync tools name the copy they keep when two machines changed a file at once:
#: Dropbox and Nextcloud `NAME (… conflicted copy …).json`, Syncthing
#: `NAME.sync-conflict-DATE-TIME-DEVICE.json`, ownCloud `NAME_conflict-DATE-TIME.json`,
#: and others that say "conflict" somewhere after the name.
_CONFLICT = re.compile(r"conflict", re.IGNORECASE)


def conflict_copy_of(main: str, name: str) -> str | None:
    """The log (`maya.log.json`, `maya.dad.log.json`) that `name` is a sync tool's conflict
    copy of, or None. Only names that start with a log's own stem and say "conflict"."""
    if not name.endswith(".json") or not _CONFLICT.search(name):
        return None
    stem = main.removesuffix(".json").removesuffix(".log")
    if not name.startswith(stem):
        return None
    base = name.removesuffix(".json")
    found = re.match(rf"({re.escape(stem)}(?:\.[a-z][a-z0-9-]{{0,31}})?\.log)(?![a-z0-9-])", base)
    if found is None or found.end() == len(base):
        return None
    original = f"{found.group(1)}.json"
    return original if author_of(main, original) is not None else None


def parse_reference(text: str, me: str, option: str) -> tuple[str, int]:
    """`12`/`#12` (mine), `dad#12` (dad's): (author, number)."""
    found = REFERENCE.fullmatch(text.strip())
    if found is None or int(found.group(2)) < 1:
        raise UserError(_("{option}: '{text}' is not an entry; give its number as 'iepcheck "
                          "history' shows it, e.g. 12 (yours) or dad#12 (dad's)").format(
                              option=option, text=text))
    return found.group(1) or me, int(found.group(2))


def label(author: str, number: int, me: str) -> str:
    """How an entry is shown to `me`: `#12` when it is mine, `dad#12` when it is dad's."""
    return f"#{number}" if author == me else f"{author}#{number}"


def reference(author: str, number: int) -> str:
    """An entry's own reference, the same for every reader: `#12` in the owner's log,
    `dad#12` in dad's. What letters, bundles and the chronology print, so `#12` never means
    two entries (docs/authors.md)."""
    return f"#{number}" if author == OWNER else f"{author}#{number}"


def key_reference(key: int | tuple[str, int]) -> str:
    """The reference of an entry key (`entries.entry_key`): `#12` or `dad#12`."""
    return f"#{key}" if isinstance(key, int) else reference(key[0], key[1])
