"""The tamper seal: each entry's `hash` chains it to the one before (docs/log-format.md).

hash(i) = SHA-256 of ( hash(i-1) + canonical JSON of entry i without `hash` ), with
hash(0) = "". Canonical JSON sorts keys, has no spaces and keeps Unicode as is. An entry
written without a seal (hand-made, imported) still takes part in the chain with the value
it would have had, so altering it breaks every seal after it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from iepcheck.record.authors import SLUG


def canonical(entry: dict[str, Any]) -> bytes:
    """UTF-8, with a lone surrogate (a `\\ud800` escape in a hand-edited log) kept as its
    bytes rather than failing: the same bytes as plain UTF-8 for every other text."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8", "surrogatepass")


def seal(entry: dict[str, Any], previous: str) -> str:
    """`previous` is hex digits as iepcheck writes it; an altered one is still hashed (as
    UTF-8), so the next link fails to match instead of raising."""
    return hashlib.sha256(previous.encode("utf-8", "surrogatepass")
                          + canonical(entry)).hexdigest()


def chain(entries: Iterable[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], str]]:
    """Each raw entry with the seal it should carry."""
    previous = ""
    for entry in entries:
        previous = seal(entry, previous)
        yield entry, previous


def last_seal(entries: list[dict[str, Any]]) -> str:
    """The value the next entry chains to: the last stored seal, else computed over all."""
    stored = entries[-1].get("hash") if entries else None
    if isinstance(stored, str):
        return stored
    value = ""
    for _, value in chain(entries):
        pass
    return value


#: How many hex digits of a seal a receipt quotes: enough that no edit can be made to fit.
RECEIPT_DIGITS = 16
#: A receipt as it appears in an email: "Log seal #54 3f9a1c2d4e5f6a7b", or, for the log of
#: another author than the owner (docs/authors.md), "Log seal dad#54 3f9a…".
#: A receipt written for a plan with an id also names its record, "… 3f9a… of record
#: 1b4e28ba", so a sibling's receipt in a shared email is never checked against this one.
RECEIPT = re.compile(rf"Log seal ([a-z][a-z0-9-]{{0,31}})?#(\d{{1,9}}) "
                     rf"([0-9a-f]{{{RECEIPT_DIGITS},64}})(?: of record ([0-9a-f]{{8}}))?")


def record_tag(plan_id: str | None) -> str | None:
    """How a receipt names its record: the first 8 hex digits of the plan's id."""
    if not plan_id:
        return None
    digits = re.sub(r"[^0-9a-f]", "", plan_id.lower())
    return digits[:8] if len(digits) >= 8 else None


def receipt_line(number: int, value: str, author: str | None = None,
                 record: str | None = None) -> str:
    """The line every drafted email ends with. Sent to the school, it leaves a dated copy of
    the chain's head in someone else's mailbox: the log cannot later be rebuilt to read
    differently up to that entry without the receipt showing it (docs/verify.md). `author`
    names the log when it is not the owner's; `record` (a `record_tag`) the child's record."""
    of = f" of record {record}" if record else ""
    from iepcheck.language.messages import _

    # The receipt itself stays as it is in every language (`RECEIPT` finds it in a reply);
    # only the words after it are the reader's.
    return (f"Log seal {author or ''}#{number} {value[:RECEIPT_DIGITS]}{of} "
            + _("(lets anyone check later that the record was not changed)"))


def parse_authored_receipt(text: str) -> tuple[str | None, int, str] | None:
    """'dad#54:3f9a…', '54:3f9a…' or 'Log seal dad#54 3f9a…' as (author, or None for the
    owner's log; entry number; seal prefix)."""
    found = RECEIPT.search(text)
    if found:
        return found.group(1), int(found.group(2)), found.group(3)
    number, sep, prefix = text.strip().partition(":")
    author, _, digits = number.rpartition("#")
    if (sep and digits.isdigit() and (not author or SLUG.fullmatch(author))
            and re.fullmatch(r"[0-9a-f]{8,64}", prefix.lower())):
        return author or None, int(digits), prefix.lower()
    return None


def receipt_record(text: str) -> str | None:
    """The record a receipt as pasted names ('Log seal #54 3f9a… of record 1b4e28ba'), or
    None when it names none ('54:3f9a…', or a receipt older than record names)."""
    found = RECEIPT.search(text)
    return found.group(4) if found else None
