"""Which letter a request asks for, and who writes it (docs/letters.md).

The one door to the letters: `compose.py` holds what every letter is made of, `requests.py`
and `complaints.py` the kinds, and this module picks the kind. Pure, as they are.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from iepcheck.letters.complaints import complaint_facts, escalation_letter
from iepcheck.letters.compose import LetterKind, receipt_of
from iepcheck.letters.records_questions import records_questions
from iepcheck.letters.requests import make_up_request, meeting_request, records_request
from iepcheck.letters.visits import visit_request
from iepcheck.record.entries import record_as_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from iepcheck.letters.compose import Letter, Request
    from iepcheck.plan.model import Plan
    from iepcheck.record.entries import Observation


def build_letter(plan: Plan, entries: Sequence[Observation], request: Request) -> Letter:
    """The letter of `request.kind`, from the record as of `request.as_of`: entries dated
    later are not yet known, and nothing retracted, whenever, is cited. It is dated that
    day."""
    known = record_as_of(entries, request.as_of)
    builder = {
        LetterKind.meeting_request: meeting_request,
        LetterKind.records_request: records_request,
        LetterKind.make_up_request: make_up_request,
        LetterKind.escalation: escalation_letter,
        LetterKind.complaint_facts: complaint_facts,
        LetterKind.records_questions: records_questions,
        LetterKind.visit_request: visit_request,
    }[request.kind]
    drafted = builder(plan, known, request, receipt_of(entries, plan.plan.id))
    return replace(drafted, day=request.as_of)  # a letter is dated the day it speaks for
