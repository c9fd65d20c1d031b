"""Whose chain a receipt is of, when it is not the log's own (docs/verify.md, "Receipts").

Pure: raw entries in (the JSON as stored), a yes or no out. A receipt that does not match
the log is tampering only when the receipt was of this log. Two honest cases look alike
and are told apart here, each by a rule that a rewritten log cannot pass:

* a sync tool's conflict copy of the log, merged with `merge-copy`: the receipt is of the
  copy's chain, and the copy's entries up to the receipt now stand in the log under new
  numbers. The receipt vouches for the copy's content (its seals hold up to the receipt's
  entry), and every one of those entries must be in the log unchanged, so an entry edited
  in the log still fails;
* another record's log (a sibling's receipt, quoted in an email kept in both records):
  its chain holds the receipt at that entry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

#: What merge-copy gives an entry anew (its number, its seal, when it was merged, the
#: numbers its reply and retraction point to); everything else it keeps as it was.
RENEWED = frozenset({"n", "hash", "recorded_at", "reply_to", "retracts", "attachments"})

Raw = Mapping[str, Any]


def chain_holds(entries: Sequence[Raw], number: int, prefix: str) -> bool:
    """The stored seal of entry `number` begins with the receipt's digits."""
    if not 1 <= number <= len(entries):
        return False
    stored = entries[number - 1].get("hash")
    return isinstance(stored, str) and stored.startswith(prefix)


def seals_hold(entries: Sequence[Raw], upto: int) -> bool:
    """Every seal up to entry `upto` is the one its content and the seal before it give:
    the entries are the ones the chain's head vouches for."""
    from iepcheck.record.seal import seal

    previous = ""
    for entry in entries[:upto]:
        stored = entry.get("hash")
        if not isinstance(stored, str) or seal(dict(entry), previous) != stored:
            return False
        previous = stored
    return True


def substance(entry: Raw) -> dict[str, Any]:
    """What an entry says, without what merge-copy renews: its attachments by content."""
    kept = {key: value for key, value in entry.items()
            if key not in RENEWED and value not in (None, "", [], {})}
    attachments = entry.get("attachments")
    if isinstance(attachments, list):
        kept["attachments"] = sorted(str(a.get("sha256")) for a in attachments
                                     if isinstance(a, Mapping))
    return kept


def copy_vouches(log: Sequence[Raw], copy: Sequence[Raw], number: int,
                 prefix: str) -> int | None:
    """None unless the receipt is of `copy`'s chain at `number` and the log holds, unchanged,
    every entry the copy had up to there that it holds at all; else how many of those
    entries the log does not hold yet (0 once `merge-copy` has carried them over).

    An entry of the copy that the log holds differently fails the rule, so an edit of the
    log is never excused by a copy of it. A retraction merge-copy left out because the log
    had already withdrawn the same entry counts as held."""
    if not (chain_holds(copy, number, prefix) and seals_hold(copy, number)):
        return None
    by_id = {entry.get("id"): entry for entry in log if entry.get("id") is not None}
    withdrawn = _withdrawn_ids(log)
    copy_ids = {entry.get("n"): entry.get("id") for entry in copy}
    pending = 0
    for entry in copy[:number]:
        held = by_id.get(entry.get("id"))
        if held is None:
            retracted = copy_ids.get(entry.get("retracts"))
            pending += 0 if retracted is not None and retracted in withdrawn else 1
        elif substance(held) != substance(entry):
            return None
    return pending


def _withdrawn_ids(log: Sequence[Raw]) -> set[object]:
    """The ids of the entries the log withdraws."""
    ids = {entry.get("n"): entry.get("id") for entry in log}
    return {ids.get(entry.get("retracts")) for entry in log
            if entry.get("retracts") is not None} - {None}


def another_records(log: Sequence[Raw], other: Sequence[Raw], number: int, prefix: str) -> bool:
    """The receipt is of `other`'s chain at `number` (its seals hold up to there), and
    `other` is another record's log, not a copy of this one: it shares no entry with the
    log. A copy of this log's original planted beside it is therefore no excuse, unless
    every id of the log was rewritten too (docs/verify.md says what that leaves)."""
    if not (chain_holds(other, number, prefix) and seals_hold(other, number)):
        return False
    ids = {entry.get("id") for entry in log} - {None}
    return not any(entry.get("id") in ids for entry in other)
