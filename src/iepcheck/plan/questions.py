"""Questions for the IEP team about a vague plan (docs/plan-check.md).

A service the school cannot be held to is one without an amount, a frequency, a place or a
person; an accommodation without the classes or conditions it applies to is one nobody can
say was skipped. Each gap is worded as a question a parent can ask at the table, naming the
item by the plan's own name and id. Pure: the plan in, questions out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from iepcheck.language.messages import _

if TYPE_CHECKING:
    from iepcheck.plan.model import Accommodation, Item, Plan, Service

#: Words that leave the amount to someone's judgement on the day.
_AS_NEEDED = re.compile(r"\b(as needed|as necessary|prn|when needed|if needed|as appropriate|"
                        r"as required)\b", re.IGNORECASE)

#: Words by which an accommodation says when or where it applies, without `applies_to`.
_CONDITION = re.compile(r"\b(when|whenever|during|if|daily|each|every|before|after|tests?|"
                        r"quiz(zes)?|assignments?|class(es)?|homework|exams?|all settings)\b",
                        re.IGNORECASE)


@dataclass(frozen=True)
class Question:
    """One question, about one item (its id) or the plan itself (`about` = "plan")."""

    about: str
    text: str

    def line(self) -> str:
        return f"{self.about}: {self.text}"


def plan_questions(plan: Plan) -> tuple[Question, ...]:
    """Every question the plan raises, in the plan's order: services, accommodations, dates."""
    found: list[Question] = []
    for service in plan.services:
        found.extend(_service_questions(plan, service))
    for accommodation in plan.accommodations:
        found.extend(_accommodation_questions(accommodation))
    for item in plan.items:
        found.extend(_date_questions(plan, item))
    found.extend(_report_date_questions(plan))
    return tuple(found)


def _service_questions(plan: Plan, service: Service) -> list[Question]:
    name, asks = f"{service.name} ({service.id})", []
    if service.minutes is None and service.per is None:
        asks.append(_("The plan gives no amount for {name}: how many minutes are owed, and "
                      "how often (a week, a month)?").format(name=name))
    elif service.minutes is None:
        asks.append(_("The plan gives no minutes for {name}: how long is each "
                      "session?").format(name=name))
    if _vague(service):
        asks.append(_("{name} is 'as needed': who decides it is needed, and how many minutes "
                      "at least are owed?").format(name=name))
    if not service.location:
        asks.append(_("Where is {name} given: in the classroom or pulled out to another "
                      "room?").format(name=name))
    if not service.provider and not service.staff:
        asks.append(_("Who provides {name}: which person, in which role?").format(name=name))
    elif service.provider and _unknown_person(plan, service.provider):
        asks.append(_("No one on the plan's staff has the id or name '{provider}': who is "
                      "the provider of {name}?").format(provider=service.provider, name=name))
    asks.extend(_term_questions(name, service))
    return [Question(service.id, text) for text in asks]


def _term_questions(name: str, service: Service) -> list[str]:
    """A yearly amount cannot be checked week by week without its pace, and consult minutes
    happen out of the family's sight: both are worth a question (docs/plan-check.md)."""
    asks = []
    if service.per == "year" and service.minutes is not None:
        asks.append(_("{name} is owed as {amount} minutes a year: how many sessions a week or "
                      "a month will that be, so it can be checked as the year goes?").format(
                          name=name, amount=f"{service.minutes * service.times:,}"))
    if service.delivery == "consult":
        asks.append(_("{name} is consultation with staff: with whom, how often, and how will "
                      "you be told each time it happened?").format(name=name))
    return asks


def _accommodation_questions(accommodation: Accommodation) -> list[Question]:
    name, asks = f"{accommodation.name} ({accommodation.id})", []
    words = " ".join(filter(None, (accommodation.name, accommodation.notes)))
    if not accommodation.applies_to and not _CONDITION.search(words):
        asks.append(_("In which classes, tests or situations does {name} apply?").format(
            name=name))
    if _vague(accommodation):
        asks.append(_("{name} is 'as needed': who decides when, and how does the child ask "
                      "for it?").format(name=name))
    return [Question(accommodation.id, text) for text in asks]


def _date_questions(plan: Plan, item: Item) -> list[Question]:
    first, last = plan.plan.start, plan.plan.end
    asks = []
    starts = _("{name} ({id}) starts on {day}, outside the plan's dates ({first} to {last}): "
               "which date is right, and is it an extended-school-year service?")
    ends = _("{name} ({id}) ends on {day}, outside the plan's dates ({first} to {last}): "
             "which date is right, and is it an extended-school-year service?")
    for text, day in ((starts, item.start), (ends, item.end)):
        if day is not None and not first <= day <= last:
            asks.append(text.format(name=item.name, id=item.id, day=day, first=first,
                                    last=last))
    return [Question(item.id, text) for text in asks]


def _report_date_questions(plan: Plan) -> list[Question]:
    first, last = plan.plan.start, plan.plan.end
    return [Question("plan", _("A progress report is dated {day}, outside the plan's dates "
                               "({first} to {last}): which date is right?").format(
                                   day=day, first=first, last=last))
            for day in plan.plan.progress_reports if not first <= day <= last]


def _vague(item: Item) -> bool:
    words = " ".join(filter(None, (item.name, item.notes, getattr(item, "location", None))))
    return bool(_AS_NEEDED.search(words))


def _unknown_person(plan: Plan, provider: str) -> bool:
    """A provider written as a staff id that names nobody: most likely a typo."""
    from iepcheck.plan.fields import SLUG

    return plan.staff_named(provider) is None and bool(SLUG.fullmatch(provider.strip()))

