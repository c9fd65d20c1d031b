"""The words observations are made of: kinds, findings, reasons.

Plain enums with no third-party imports, so the command line can offer them as choices
without paying for pydantic at start-up.
"""

from __future__ import annotations

from enum import Enum


class Kind(str, Enum):
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


class Finding(str, Enum):
    implemented = "implemented"
    partial = "partial"
    not_implemented = "not-implemented"
    unclear = "unclear"


class Reason(str, Enum):
    provider_absent = "provider-absent"
    cancelled = "cancelled"
    student_refused = "student-refused"
    other = "other"


class Per(str, Enum):
    day = "day"
    week = "week"
    month = "month"


#: An email asked is not evidence (its answer is), and an absence is a fact about the child,
#: so these kinds carry no finding; every other kind does.
KINDS_WITHOUT_FINDING = frozenset({Kind.email_sent.value, Kind.absence.value})

#: Findings that count as support for an item (DESIGN 2).
SUPPORTING_FINDINGS = frozenset({Finding.implemented.value, Finding.partial.value})

KIND_VALUES = tuple(k.value for k in Kind)
FINDING_VALUES = tuple(f.value for f in Finding)
REASON_VALUES = tuple(r.value for r in Reason)
