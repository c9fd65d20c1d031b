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
from iepcheck.language.messages import N_, _
from iepcheck.vocabulary import Finding, kind_word

if TYPE_CHECKING:
    from collections.abc import Sequence

    from iepcheck.evidence.report import ReportItem
    from iepcheck.evidence.tally import Period
    from iepcheck.plan.model import Item, Plan, Service
    from iepcheck.record.entries import Observation


#: A quoted note is cut here: a letter cites the record, it does not reproduce it.
QUOTE_LIMIT = 160


OWED_WORDS = N_("Owed minutes are a minute-for-minute starting figure, not the measure a "
                "hearing officer must use.")


REASON_WORDS = {"provider-absent": N_("provider absent"), "cancelled": N_("cancelled"),
                "student-refused": N_("student refused"),
                "student-absent": N_("student absent (the school's code)"),
                "other": N_("other reason")}


FINDING_WORDS = {Finding.implemented: N_("provided"), Finding.partial: N_("provided only in part"),
                 Finding.not_implemented: N_("not provided"), Finding.unclear: N_("unclear")}


def failure(entry: Observation, item_id: str) -> str:
    """'not provided on 13 Nov 2026 (#9, interview: 30 min missed, provider absent, “…”)'."""
    finding = entry.finding_for(item_id) or ""
    words = _(FINDING_WORDS.get(Finding(finding), finding)) if finding else _("recorded")
    return _("{finding} on {cited}").format(finding=words, cited=cite(entry, detail=True))


def cite(entry: Observation, *, detail: bool = False) -> str:
    """'13 Nov 2026 (#9)', with `detail` '13 Nov 2026 (#9, interview: 30 min, …)'."""
    if not detail:
        return f"{long(entry.date)} ({entry.reference})"
    extra = []
    if entry.minutes is not None:
        extra.append(_("{minutes} min").format(minutes=entry.minutes))
    if entry.reason:
        extra.append(_(REASON_WORDS[entry.reason]) if entry.reason in REASON_WORDS
                     else entry.reason)
    quote = quoted(entry.note)
    if quote:
        extra.append(quote)
    tail = f": {', '.join(extra)}" if extra else ""
    day = long(entry.date)
    if entry.covers_from and entry.covers_from != entry.date:
        day = _("{since} to {until}").format(since=long(entry.covers_from), until=day)
    return f"{day} ({entry.reference}, {kind_word(entry.kind)}{tail})"


def minutes_words(item: ReportItem, window: tuple[date, date]) -> str:
    m = item.minutes
    assert m is not None
    return _("from {since} to {until}, {required} minutes were required, {delivered} are "
             "recorded as delivered and {missed} as missed, so {owed} are not shown as "
             "delivered").format(since=long(window[0]), until=long(window[1]),
                                 required=m.required, delivered=m.delivered, missed=m.missed,
                                 owed=m.owed)


def item_entries(plan: Plan, entries: Sequence[Observation],
                 period: Period) -> dict[str, list[Observation]]:
    """Per item, the live entries naming it dated within its window, oldest first: the same
    entries the report counts (docs/evidence.md).

    Each item's entries are sorted on their own, after they are picked: the same order as
    sorting the whole record first (the sort is stable), without a sort key held for every
    entry of a large record at once (10 MB on 100,000 entries)."""
    from iepcheck.record.entries import live_entries

    windows = {i.id: plan.window(i, period.since, period.until) for i in plan.items}
    found: dict[str, list[Observation]] = {i.id: [] for i in plan.items}
    for entry in live_entries(entries):
        for item_id in entry.items:
            window = windows.get(item_id)
            if window and window[0] <= entry.date <= window[1]:
                found[item_id].append(entry)
    for picked in found.values():
        picked.sort(key=oldest_first)
    return found


def oldest_first(entry: Observation) -> tuple[date, str, int]:
    """The order a letter cites entries in: by date, then author, then number."""
    return entry.date, entry.author, entry.n


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


#: A service's `per` as a letter says it ("30 min × 2 per week").
PER_WORDS = {"day": N_("day"), "week": N_("week"), "month": N_("month"), "year": N_("year")}


def per_word(per: str | None) -> str:
    """The plan's `per` (an id: day, week, month) in the letter's language."""
    return _(PER_WORDS[per]) if per in PER_WORDS else str(per)


def terms_in_brackets(item: Item) -> str:
    from iepcheck.plan.model import Service

    if isinstance(item, Service) and item.is_timed:
        return f" ({service_terms(item)})"
    return ""


def service_terms(service: Service) -> str:
    """'30 min × 2 per week; from 10 Jan 2027: 30 min × 3 per week', changes included."""
    parts = []
    for since, terms in service.versions():
        words = (_("{minutes} min × {times} per {per}").format(
                     minutes=terms.minutes, times=terms.times, per=terms.period_name)
                 if terms.minutes else _("no minutes set"))
        words = (_("{terms}, consult").format(terms=words) if terms.delivery == "consult"
                 else words)
        parts.append(words if since == date.min
                     else _("from {day}: {terms}").format(day=long(since), terms=words))
    return "; ".join(parts)
