"""The facts a letter states, each with its date and the entry's own reference (`#N`, or
`dad#N` in another author's log) (docs/letters.md).

Pure. Shared by every kind of letter: an entry cited by its date and number, a note quoted by
its first line, a service's terms, the minutes from the report. The words never say more
than the record shows: "recorded as not provided", "not shown as delivered".
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from iepcheck.dates import long
from iepcheck.vocabulary import Finding

if TYPE_CHECKING:
    from collections.abc import Sequence

    from iepcheck.evidence.report import ReportItem
    from iepcheck.evidence.tally import Period
    from iepcheck.plan.model import Item, Plan, Service
    from iepcheck.record.entries import Observation


#: A quoted note is cut here: a letter cites the record, it does not reproduce it.
QUOTE_LIMIT = 160


OWED_WORDS = ("Owed minutes are a minute-for-minute starting figure, not the measure a hearing "
              "officer must use.")


REASON_WORDS = {"provider-absent": "provider absent", "cancelled": "cancelled",
                "student-refused": "student refused",
                "student-absent": "student absent (the school's code)", "other": "other reason"}


FINDING_WORDS = {Finding.implemented: "provided", Finding.partial: "provided only in part",
                 Finding.not_implemented: "not provided", Finding.unclear: "unclear"}


def failure(entry: Observation, item_id: str) -> str:
    """'not provided on 13 Nov 2026 (#9, interview: 30 min missed, provider absent, “…”)'."""
    finding = entry.finding_for(item_id) or ""
    words = FINDING_WORDS.get(Finding(finding), finding) if finding else "recorded"
    return f"{words} on {cite(entry, detail=True)}"


def cite(entry: Observation, *, detail: bool = False) -> str:
    """'13 Nov 2026 (#9)', with `detail` '13 Nov 2026 (#9, interview: 30 min, …)'."""
    if not detail:
        return f"{long(entry.date)} ({entry.reference})"
    extra = []
    if entry.minutes is not None:
        extra.append(f"{entry.minutes} min")
    if entry.reason:
        extra.append(REASON_WORDS.get(entry.reason, entry.reason))
    quote = quoted(entry.note)
    if quote:
        extra.append(quote)
    tail = f": {', '.join(extra)}" if extra else ""
    span = (f"{long(entry.covers_from)} to " if entry.covers_from and
            entry.covers_from != entry.date else "")
    return f"{span}{long(entry.date)} ({entry.reference}, {entry.kind}{tail})"


def minutes_words(item: ReportItem, window: tuple[date, date]) -> str:
    m = item.minutes
    assert m is not None
    return (f"from {long(window[0])} to {long(window[1])}, {m.required} minutes were required, "
            f"{m.delivered} are recorded as delivered and {m.missed} as missed, so {m.owed} "
            f"are not shown as delivered")


def item_entries(plan: Plan, entries: Sequence[Observation],
                 period: Period) -> dict[str, list[Observation]]:
    """Per item, the live entries naming it dated within its window, oldest first: the same
    entries the report counts (docs/evidence.md)."""
    from iepcheck.record.entries import live_entries

    windows = {i.id: plan.window(i, period.since, period.until) for i in plan.items}
    found: dict[str, list[Observation]] = {i.id: [] for i in plan.items}
    for entry in sorted(live_entries(list(entries)), key=lambda e: (e.date, e.author, e.n)):
        for item_id in entry.items:
            window = windows.get(item_id)
            if window and window[0] <= entry.date <= window[1]:
                found[item_id].append(entry)
    return found


def quoted(note: str | None) -> str | None:
    """The note's first line in quotes, on one line, control characters removed, cut at
    QUOTE_LIMIT characters at a word."""
    if not note:
        return None
    line = next((x for x in note.splitlines() if x.strip()), "")
    text = one_line(line)
    if not text:
        return None
    if len(text) > QUOTE_LIMIT:
        text = text[:QUOTE_LIMIT].rsplit(" ", 1)[0] + "…"
    return f"“{text}”"


def one_line(text: str) -> str:
    """Control and bidirectional characters as spaces, runs of spaces as one."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def terms_in_brackets(item: Item) -> str:
    from iepcheck.plan.model import Service

    if isinstance(item, Service) and item.is_timed:
        return f" ({service_terms(item)})"
    return ""


def service_terms(service: Service) -> str:
    """'30 min × 2 per week; from 10 Jan 2027: 30 min × 3 per week', changes included."""
    parts = []
    for since, terms in service.versions():
        words = (f"{terms.minutes} min × {terms.times} per {terms.period_name}" if terms.minutes
                 else "no minutes set")
        words += ", consult" if terms.delivery == "consult" else ""
        parts.append(words if since == date.min else f"from {long(since)}: {words}")
    return "; ".join(parts)
