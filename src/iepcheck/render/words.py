"""The words a human format shows for an id (an item's status, a goal's verdict, an item's
kind, an entry's kind, finding and reason), in the reader's language.

The value itself (`no-evidence`, `behind`) stays the id that JSON, CSV and the page's CSS
classes carry; in English the word shown is the id, so English output reads as it always did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.language.messages import N_, _, p_
from iepcheck.vocabulary import finding_word, reason_word

if TYPE_CHECKING:
    from iepcheck.evidence.timeline import Row

_STATUS_WORDS = {
    "not-implemented": N_("not-implemented"),
    "no-evidence": N_("no-evidence"),
    "stale": N_("stale"),
    "partial": N_("partial"),
    "minutes-short": N_("minutes-short"),
    "ok": N_("ok"),
    "inactive": N_("inactive"),
}
_ITEM_KINDS = {"service": N_("service"), "accommodation": N_("accommodation")}
_VERDICT_WORDS = {
    "behind": N_("behind"),
    "no-data": N_("no-data"),
    "on-track": N_("on-track"),
    "met": N_("met"),
}


def status_label(status: str) -> str:
    """An item's status as the reader's language names it (the id when it has no word)."""
    word = _STATUS_WORDS.get(str(status))
    return _(word) if word else str(status)


def item_kind_label(kind: str) -> str:
    """A plan item's kind (`service`, `accommodation`) as the reader's language names it."""
    word = _ITEM_KINDS.get(kind)
    return _(word) if word else kind


def verdict_label(verdict: str) -> str:
    """A goal's verdict as the reader's language names it (the id when it has no word)."""
    word = _VERDICT_WORDS.get(str(verdict))
    return _(word) if word else str(verdict)


def findings_label(text: str | None) -> str:
    """'implemented; breaks: not-implemented' (an entry's findings as the record writes them)
    with each finding in the reader's language; item ids stay as they are."""
    if not text:
        return ""
    parts = []
    for part in text.split("; "):
        item, colon, finding = part.rpartition(": ")
        parts.append(f"{item}{colon}{finding_word(finding)}")
    return "; ".join(parts)


def outcome_label(row: Row) -> str:
    """'not-implemented, 30 min (provider-absent)' — what a timeline row says happened, its
    finding and reason in the reader's language (the CSV and JSON keep the ids)."""
    parts = [p for p in (findings_label(row.finding),
                         _("{minutes} min").format(minutes=row.minutes)
                         if row.minutes is not None else None,
                         row.measurements) if p]
    text = ", ".join(parts)
    return f"{text} ({reason_word(row.reason)})" if row.reason else text


def no_date() -> str:
    """'none' in a cell of the latest evidence or observation: its own message, because the
    Spanish word agrees with "prueba" and "observación" ("ninguna")."""
    return p_("no latest evidence", "none")
