"""Several authors' logs as one record, and what a sync tool's copy of a log adds to it
(docs/authors.md).

Pure: entries in, one ordered list or a set of drafts out. No clock, no files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from iepcheck.errors import UserError
from iepcheck.language.messages import _
from iepcheck.record.authors import OWNER

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

    from iepcheck.record.drafts import EntryDraft
    from iepcheck.record.entries import Observation


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
class Copied:
    """Entries of `author`'s log that repeat, word for word, entries of `of`'s log: a copy
    of that log saved under another author's name. Counted once, as `of`'s."""

    author: str
    of: str
    count: int


def drop_copies(logs: Mapping[str, Sequence[Observation]]
                ) -> tuple[dict[str, list[Observation]], list[Copied]]:
    """Each log without the entries an earlier log holds identically in every field but the
    author (docs/authors.md): a copied log is never counted twice. Two people never write
    the same entry down at the same instant, so only a copy matches in every field."""
    from iepcheck.record.entries import entry_json

    if sum(1 for entries in logs.values() if entries) <= 1:
        return {author: list(entries) for author, entries in logs.items()}, []
    seen: dict[tuple[object, ...], list[tuple[Observation, str]]] = {}
    kept: dict[str, list[Observation]] = {}
    copied: list[Copied] = []
    for author, entries in logs.items():
        own, repeated = [], dict[str, int]()
        for entry in entries:
            quick = (entry.n, entry.date, entry.recorded_at, entry.hash)
            twin = next((whose for other, whose in seen.get(quick, ()) if whose != author
                         and entry_json(other) == entry_json(entry)), None)
            if twin is not None:
                repeated[twin] = repeated.get(twin, 0) + 1
                continue
            seen.setdefault(quick, []).append((entry, author))
            own.append(entry)
        kept[author] = own
        copied += [Copied(author, of, count) for of, count in repeated.items()]
    return kept, copied


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
    its entry's id, date, note and every fact (goal values and a school row too, so a
    receipt of the copy still vouches for it: `record.witnesses`); its replies and retractions are renumbered to
    where their entries stand in the log once the drafts are appended. Attachments are the
    files already in the evidence folder (`attachment` finds one by its path), which is
    content-addressed: nothing is copied again. An entry another author's log holds means
    the copy is theirs, not yours: refused.
    """
    from iepcheck.record.drafts import EntryDraft, LogIndex
    from iepcheck.record.entries import entry_json

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
            raise UserError(_("entry #{number} of the copy is {entry}: this is a copy of "
                              "{author}'s log, so {author} merges it (iepcheck merge-copy FILE "
                              "--author {author}); nothing was written").format(
                                  number=entry.n, entry=f"{author}#{number}", author=author))
        held = in_log.get(entry.id)
        if held is None and entry.message_id is not None:
            earlier = index.held(entry.message_id, None)
            held = earlier.n if earlier is not None else None
        if held is not None:
            where[entry.n] = held
            continue
        retracts = where.get(entry.retracts) if entry.retracts is not None else None
        if entry.retracts is not None and (retracts is None or retracts in withdrawn):
            left_out.append((_("#{number} (it withdraws #{withdrawn}, which the log already "
                               "withdrew)") if retracts is not None else
                             _("#{number} (it withdraws #{withdrawn}, which is not in the "
                               "log)")).format(number=entry.n, withdrawn=entry.retracts))
            continue
        reply_to = entry.reply_to
        if reply_to is not None and entry.reply_to_author is None:
            reply_to = where.get(reply_to)
            if reply_to is None:
                raise UserError(_("entry #{number} of the copy answers #{asked}, which neither "
                                  "the copy nor the log holds; the copy is damaged (nothing was "
                                  "written)").format(number=entry.n, asked=entry.reply_to))
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
            covers_from=entry.covers_from, message_id=entry.message_id, entry_id=entry.id,
            values=tuple(entry.values.items()), source=entry.source,
            school_row=entry_json(entry)["school_row"] if entry.school_row else None))
    return CarryOver(tuple(drafts), tuple(from_copy), len(copy) - len(drafts) - len(left_out),
                     tuple(left_out))
