"""The words a human format shows for an id (an item's status, a goal's verdict, an item's
kind), in the reader's language.

The value itself (`no-evidence`, `behind`) stays the id that JSON, CSV and the page's CSS
classes carry; in English the word shown is the id, so English output reads as it always did.
"""

from __future__ import annotations

from iepcheck.language.messages import N_, _

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
