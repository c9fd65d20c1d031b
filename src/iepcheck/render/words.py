"""The words a human format shows for a computed standing: an item's status and a goal's
verdict, in the reader's language.

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


def verdict_label(verdict: str) -> str:
    """A goal's verdict as the reader's language names it (the id when it has no word)."""
    word = _VERDICT_WORDS.get(str(verdict))
    return _(word) if word else str(verdict)
