"""Several people keeping one record: who wrote an entry, and how entries are named (docs/authors.md).

Every author appends only to their own log, so no file ever has two writers and no sync can
ever conflict: `maya.log.json` is the owner's (whoever set no author), `maya.dad.log.json`
dad's. Each log keeps its own numbering and seal chain; readers merge them.

Pure: names in, names out; entries in, one ordered list out. No clock, no files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from iepcheck.errors import UserError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

    from iepcheck.record.drafts import EntryDraft
    from iepcheck.record.entries import Observation

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
    raise UserError(f"{option}: '{text}' cannot be an author's name: use lowercase letters, "
                    f"digits and hyphens, starting with a letter (up to 32), e.g. "
                    f"'{suggestion}'")


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
        raise UserError(f"{option}: '{text}' is not an entry; give its number as 'iepcheck "
                        "history' shows it, e.g. 12 (yours) or dad#12 (dad's)")
    return found.group(1) or me, int(found.group(2))


def label(author: str, number: int, me: str) -> str:
    """How an entry is shown to `me`: `#12` when it is mine, `dad#12` when it is dad's."""
    return f"#{number}" if author == me else f"{author}#{number}"


def merge(logs: Sequence[Sequence[Observation]]) -> list[Observation]:
    """Every author's entries as one list, ordered by date, then when they were written
    down, then by author and number (so every copy of the record orders them alike).

    A single log is returned in its own order, exactly as before several authors existed.
    """
    filled = [log for log in logs if log]
    if len(filled) <= 1:
        return list(filled[0]) if filled else []
    merged = [entry for log in filled for entry in log]
    merged.sort(key=lambda e: (e.date, e.recorded_at, e.author != OWNER, e.author, e.n))
    return merged


@dataclass(frozen=True)
class CarryOver:
    """What `merge-copy` appends from a sync tool's copy of a log: a draft per entry the log
    lacks (`drafts`, with the copy's number of each in `from_copy`), how many the log holds
    already, and the retractions left out because the log already withdrew their entry."""

    drafts: tuple[EntryDraft, ...]
    from_copy: tuple[int, ...]
    held: int
    left_out: tuple[str, ...]


def carry_over(copy: Sequence[Observation], log: Sequence[Observation],
               elsewhere: Mapping[str, Sequence[Observation]],
               attachment: Callable[[str], Path]) -> CarryOver:
    """Drafts for the entries of `copy` that `log` lacks, in the copy's order.

    The same `id` is the same entry, and so is the same imported message. Each draft keeps
    its entry's id, date, note and every fact; its replies and retractions are renumbered to
    where their entries stand in the log once the drafts are appended. Attachments are the
    files already in the evidence folder (`attachment` finds one by its path), which is
    content-addressed: nothing is copied again. An entry another author's log holds means
    the copy is theirs, not yours: refused.
    """
    from iepcheck.record.drafts import EntryDraft, LogIndex

    theirs = {e.id: (author, e.n) for author, entries in elsewhere.items() for e in entries}
    in_log = {e.id: e.n for e in log}
    index = LogIndex(log)
    withdrawn = {e.retracts for e in log if e.retracts is not None}
    where: dict[int, int] = {}  # the copy's number -> the number in the log
    drafts: list[EntryDraft] = []
    from_copy: list[int] = []
    left_out: list[str] = []
    for entry in copy:
        if entry.id in theirs:
            author, number = theirs[entry.id]
            raise UserError(f"entry #{entry.n} of the copy is {author}#{number}: this is a copy "
                            f"of {author}'s log, so {author} merges it (iepcheck merge-copy "
                            f"FILE --author {author}); nothing was written")
        held = in_log.get(entry.id)
        if held is None and entry.message_id is not None:
            earlier = index.held(entry.message_id, None)
            held = earlier.n if earlier is not None else None
        if held is not None:
            where[entry.n] = held
            continue
        retracts = where.get(entry.retracts) if entry.retracts is not None else None
        if entry.retracts is not None and (retracts is None or retracts in withdrawn):
            left_out.append(f"#{entry.n} (it withdraws #{entry.retracts}, which the log "
                            "already withdrew)" if retracts is not None else
                            f"#{entry.n} (it withdraws #{entry.retracts}, which is not in the log)")
            continue
        reply_to = entry.reply_to
        if reply_to is not None and entry.reply_to_author is None:
            reply_to = where.get(reply_to)
            if reply_to is None:
                raise UserError(f"entry #{entry.n} of the copy answers #{entry.reply_to}, which "
                                "neither the copy nor the log holds; the copy is damaged "
                                "(nothing was written)")
        where[entry.n] = len(log) + len(drafts) + 1
        if retracts is not None:
            withdrawn.add(retracts)
        from_copy.append(entry.n)
        drafts.append(EntryDraft(
            kind=entry.kind, date=entry.date, items=entry.items, finding=entry.finding,
            findings=tuple(entry.findings.items()), minutes=entry.minutes, reason=entry.reason,
            who=entry.who, note=entry.note,
            attach=tuple(attachment(a.path) for a in entry.attachments),
            attach_names=tuple(a.name or a.path.rsplit("/", 1)[-1] for a in entry.attachments),
            reply_to=reply_to, reply_to_author=entry.reply_to_author, retracts=retracts,
            covers_from=entry.covers_from, message_id=entry.message_id, entry_id=entry.id))
    return CarryOver(tuple(drafts), tuple(from_copy), len(copy) - len(drafts) - len(left_out),
                     tuple(left_out))
