"""The words of the record: kinds of observation, findings, reasons, and item statuses.

Plain enums with no third-party imports, so the command line can offer them as choices
without paying for pydantic at start-up. Each is a `StrEnum`: a member is its own value in
JSON, in f-strings and in comparisons.
"""

from __future__ import annotations

import functools
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING

from iepcheck.language.messages import N_, _, in_use, n_, p_

if TYPE_CHECKING:
    from collections.abc import Mapping
    from gettext import NullTranslations


class Kind(StrEnum):
    interview = "interview"
    visit = "visit"
    email_sent = "email-sent"
    email_received = "email-received"
    call = "call"
    meeting = "meeting"
    service_log = "service-log"
    progress_report = "progress-report"
    work_sample = "work-sample"
    note = "note"
    absence = "absence"


class Finding(StrEnum):
    implemented = "implemented"
    partial = "partial"
    not_implemented = "not-implemented"
    unclear = "unclear"


class Reason(StrEnum):
    provider_absent = "provider-absent"
    cancelled = "cancelled"
    student_refused = "student-refused"
    student_absent = "student-absent"  # the school's own code: not an absence the family recorded
    other = "other"


#: An email asked is not evidence (its answer is), and an absence is a fact about the child,
#: so these kinds never carry a finding.
KINDS_WITHOUT_FINDING = frozenset({Kind.email_sent.value, Kind.absence.value})
#: What the parent saw, heard from the child, or read in the school's records is evidence
#: that the item was done unless the parent says otherwise.
KINDS_IMPLEMENTED_BY_DEFAULT = frozenset({Kind.visit.value, Kind.interview.value,
                                          Kind.service_log.value, Kind.work_sample.value,
                                          Kind.progress_report.value})
#: An email received, a call, a meeting and a note are a record whose content decides: they
#: carry a finding only when one is given (an auto-reply or a note-to-self is not evidence).

#: Kinds that may carry a measurement of a goal (`values`, docs/goals.md): the school's
#: progress report or service log, a scored work sample, or the parent's own probe (a note).
MEASURING_KINDS = frozenset({Kind.progress_report.value, Kind.service_log.value,
                             Kind.work_sample.value, Kind.note.value})

#: Kinds that may be answered, and kinds that may answer (`reply_to`).
ANSWERABLE_KINDS = frozenset({Kind.email_sent.value, Kind.call.value, Kind.meeting.value})
REPLY_KINDS = frozenset({Kind.email_received.value, Kind.email_sent.value, Kind.call.value,
                         Kind.meeting.value})

#: Kinds an email import writes: the entries that may hold a Message-ID in an older log's note.
EMAIL_KINDS = frozenset({Kind.email_sent.value, Kind.email_received.value})

#: Where an entry comes from: nothing said is the family's own record; `school` is a row of
#: the school's own service log, imported (docs/school-logs.md).
SCHOOL = "school"

#: Findings that count as support for an item (docs/evidence.md).
SUPPORTING_FINDINGS = frozenset({Finding.implemented.value, Finding.partial.value})

KIND_VALUES = tuple(k.value for k in Kind)
FINDING_VALUES = tuple(f.value for f in Finding)
REASON_VALUES = tuple(r.value for r in Reason)


class Status(StrEnum):
    """An item's standing over a period. Members are declared in the order a report lists
    them, gaps first; docs/evidence.md gives the rule that picks one."""

    not_implemented = "not-implemented"
    no_evidence = "no-evidence"
    stale = "stale"
    partial = "partial"
    minutes_short = "minutes-short"
    ok = "ok"
    inactive = "inactive"

    @property
    def rank(self) -> int:
        """Position in the report's order: weakest evidence first."""
        return _STATUS_RANK[self]

    @property
    def is_gap(self) -> bool:
        """A gap is something to act on: `ok` is not, nor an item not in effect."""
        return self not in (Status.ok, Status.inactive)

    @property
    def meaning(self) -> str:
        """What the status means, in a parent's words (legends in every format)."""
        return _(_STATUS_MEANINGS[self])


_STATUS_RANK = {status: rank for rank, status in enumerate(Status)}
_STATUS_MEANINGS = {
    Status.not_implemented: N_("the latest observation in the period says it was not done"),
    Status.no_evidence: N_("nothing in the period shows it was done"),
    Status.stale: N_("the latest evidence is older than the item's check interval"),
    Status.partial: N_("the latest observation says it was done only in part"),
    Status.minutes_short: N_("recent evidence that it happens, but more than one session's "
                              "minutes in the period are not documented"),
    Status.ok: N_("recent evidence that it was done"),
    Status.inactive: N_("not in effect at any time in the period; not a gap"),
}


#: Words people type for a `per` that mean one of its values.
PER_ALIASES = {"daily": "day", "weekly": "week", "monthly": "month"}


def choose(word: str, choices: type[StrEnum], option: str,
           aliases: dict[str, str] | None = None) -> str:
    """The value `word` names among `choices` (case and spacing forgiven), or one line
    saying what it could be, with the closest choice."""
    from iepcheck.errors import UserError, did_you_mean

    values = [c.value for c in choices]
    typed = "-".join(word.strip().lower().replace("_", "-").split())
    typed = (aliases or {}).get(typed, typed)
    if typed in values:
        return typed
    raise UserError(_("{option}: '{word}' is not one of {choices}{did_you_mean}").format(
        option=option, word=word, choices=", ".join(values),
        did_you_mean=did_you_mean(typed, values)))


def _record_words() -> Mapping[str, str]:
    """Each kind, finding and reason id with the word a person reads for it. Built when
    shown (the language is installed after import), once per catalogue in use: a chronology
    asks for a word on every row; each carries a context because the same English id
    ("partial", "other") may need another word elsewhere. In English every word is the id
    itself, so English output reads exactly as it always did."""
    return _record_words_in(in_use())


@functools.lru_cache(maxsize=4)  # the reader's catalogue, and a letter's or English's
def _record_words_in(catalogue: NullTranslations) -> Mapping[str, str]:
    """`_record_words` through `catalogue`, the one in use while this runs."""
    return MappingProxyType({
        "kind:interview": p_("kind of observation", "interview"),
        "kind:visit": p_("kind of observation", "visit"),
        "kind:email-sent": p_("kind of observation", "email-sent"),
        "kind:email-received": p_("kind of observation", "email-received"),
        "kind:call": p_("kind of observation", "call"),
        "kind:meeting": p_("kind of observation", "meeting"),
        "kind:service-log": p_("kind of observation", "service-log"),
        "kind:progress-report": p_("kind of observation", "progress-report"),
        "kind:work-sample": p_("kind of observation", "work-sample"),
        "kind:note": p_("kind of observation", "note"),
        "kind:absence": p_("kind of observation", "absence"),
        "finding:implemented": p_("finding", "implemented"),
        "finding:partial": p_("finding", "partial"),
        "finding:not-implemented": p_("finding", "not-implemented"),
        "finding:unclear": p_("finding", "unclear"),
        "reason:provider-absent": p_("reason", "provider-absent"),
        "reason:cancelled": p_("reason", "cancelled"),
        "reason:student-refused": p_("reason", "student-refused"),
        "reason:student-absent": p_("reason", "student-absent"),
        "reason:other": p_("reason", "other"),
    })


def kind_word(kind: str) -> str:
    """A kind of observation as the reader's language names it, for human formats only:
    the log, the plan, JSON and CSV keep the id (the id itself when it has no word)."""
    return _record_words().get(f"kind:{kind}", str(kind))


def finding_word(finding: str) -> str:
    """A finding as the reader's language names it, for human formats only."""
    return _record_words().get(f"finding:{finding}", str(finding))


def reason_word(reason: str) -> str:
    """A reason a session was missed as the reader's language names it, for human formats
    only."""
    return _record_words().get(f"reason:{reason}", str(reason))


def status_count(status: str, count: int) -> str:
    """'2 stale': a count of items with a status, as one message so that the word agrees
    with the number in the reader's language ("2 desactualizados")."""
    forms = {
        "not-implemented": n_("{count} not-implemented", "{count} not-implemented", count),
        "no-evidence": n_("{count} no-evidence", "{count} no-evidence", count),
        "stale": n_("{count} stale", "{count} stale", count),
        "partial": n_("{count} partial", "{count} partial", count),
        "minutes-short": n_("{count} minutes-short", "{count} minutes-short", count),
        "ok": n_("{count} ok", "{count} ok", count),
        "inactive": n_("{count} inactive", "{count} inactive", count),
    }
    return forms.get(str(status), "{count} " + str(status)).format(count=count)
