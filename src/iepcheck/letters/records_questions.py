"""`records-questions`: a polite letter asking the school to explain where its own service log
and the family's record disagree (docs/school-logs.md).

Every question cites the day, the school's rows and the family's entries, exactly as
`reconcile` lists them; the letter asks, it never says which record is right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.dates import long
from iepcheck.due.contacts import first_name
from iepcheck.errors import UserError
from iepcheck.language.messages import N_, _
from iepcheck.letters.compose import (
    LetterKind,
    Section,
    addressee,
    compose,
    copy_case_manager,
    in_english,
    kind_name,
    period_words,
    recipient,
)

if TYPE_CHECKING:
    from iepcheck.evidence.reconcile import Conflict
    from iepcheck.letters.compose import Letter, Request
    from iepcheck.plan.model import Plan
    from iepcheck.record.entries import Observation

#: What the letter asks about each kind of conflict, in the school's own terms.
_QUESTIONS = {
    "no-school-day": N_("the log records a session on a day the school calendar shows no "
                        "school"),
    "family-absence": N_("the log records a session on a day I recorded {child} as absent"),
    "family-says-not": N_("the log records a session on a day my own record says it did not "
                          "take place"),
    "overlap": N_("the log records two sessions at the same or overlapping times"),
    "too-many-in-a-day": N_("the log records more sessions in one day than the plan provides"),
    "longer-than-a-day": N_("the log records one session longer than a school day"),
    "group-not-individual": N_("the log records a group session where the plan provides "
                               "individual sessions"),
    "week-skipped": N_("the log has no entry for this week, when the plan provides sessions"),
}


def records_questions(plan: Plan, entries: list[Observation], request: Request,
                      receipt: str | None) -> Letter:
    """One numbered question per conflict over the period (only the items named, if any)."""
    from iepcheck.evidence.reconcile import reconcile

    period = request.period
    found = reconcile(plan, entries, period.since, period.until).conflicts
    conflicts = [c for c in found if not request.items or c.service in request.items]
    if not conflicts:
        raise UserError(_("the school's log and your record show no conflict from {period}; "
                          "see 'iepcheck reconcile' (nothing to ask)").format(
                              period=period_words(period)))
    member = addressee(plan, request.staff)
    child = first_name(plan)
    opening = _("Thank you for sending {child}'s service logs. I have compared them with "
                "{child}'s {kind} and with my own notes from {period}, and there are some "
                "entries I do not understand. Could you help me with each of the following?"
                ).format(child=child, kind=kind_name(plan.plan.kind, first=True),
                         period=period_words(period))
    ask = _("For each, I would be grateful for an explanation and, where the log is to be "
            "corrected, a corrected copy. I am not assuming either record is wrong; I would "
            "simply like them to agree. Thank you.")

    def subject_words() -> str:
        return _("Questions about the service logs: {student}, {period}").format(
            student=plan.student.name, period=period_words(period))

    subject = subject_words()
    services = tuple(dict.fromkeys(c.service for c in conflicts))
    return compose(plan, LetterKind.records_questions, (recipient(member),),
                   copy_case_manager(plan, member), subject,
                   [Section(paragraphs=(opening,),
                            facts=tuple(_question(c, plan, child) for c in conflicts),
                            numbered=True),
                    Section(paragraphs=(ask,))], receipt,
                   items=services, record_note=in_english(subject_words))


def _question(conflict: Conflict, plan: Plan, child: str) -> str:
    item = plan.item(conflict.service)
    name = item.name if item is not None else conflict.service
    what = _(_QUESTIONS[conflict.kind]).format(child=child)
    cited = [conflict.detail if conflict.kind in _WITH_FIGURES else "",
             _("the school's log: {entries}").format(entries="; ".join(conflict.school))
             if conflict.school else "",
             _("my record: {entries}").format(entries="; ".join(conflict.family))
             if conflict.family else ""]
    where = "; ".join(c for c in cited if c)
    return f"{name}, {long(conflict.day)}: {what}{f' ({where})' if where else ''}."


#: Conflicts whose detail adds a figure the question does not already say.
_WITH_FIGURES = frozenset({"longer-than-a-day", "too-many-in-a-day", "week-skipped"})
