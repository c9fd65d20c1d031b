"""Delivered minutes in two voices: as the school's own log reports them and as the family's
own evidence shows them (docs/school-logs.md).

Each voice is the report's own count over its own entries only, so neither is ever added to
the other: a session the school logged and the family also noted is one session, shown once
in each column, not two in a sum.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from iepcheck.evidence.report import build_report
from iepcheck.language.messages import N_, _
from iepcheck.vocabulary import SCHOOL

if TYPE_CHECKING:
    from iepcheck.evidence.report import Report
    from iepcheck.record.entries import Observation

#: Titles every format gives the two columns.
SCHOOL_TITLE = N_("as the school's log reports")
FAMILY_TITLE = N_("as the family's evidence shows")


def with_voices(report: Report, entries: list[Observation]) -> Report:
    """The report with each service's delivered minutes per voice, when the record holds the
    school's own log; unchanged (and its JSON too) when it does not."""
    from iepcheck.record.entries import live_entries

    standing = live_entries(entries)  # a school row withdrawn is out of both voices
    school = [e for e in standing if e.source == SCHOOL]
    if not school:
        return report
    family = [e for e in standing if e.source != SCHOOL]
    by_school = _delivered(build_report(report.plan, school, report.period))
    by_family = _delivered(build_report(report.plan, family, report.period))
    voices = tuple((item.item.id, by_school.get(item.item.id, 0), by_family.get(item.item.id, 0))
                   for item in report.items if item.minutes is not None)
    both = tuple(_both_warning(service, school, family) for service, school, family in voices
                 if school and family)
    return replace(report, voices=voices, warnings=report.warnings + both)


def _both_warning(service: str, school: int, family: int) -> str:
    """Where both sides recorded minutes, the report's own `delivered` counts a day both
    recorded once (the larger of the two): the parent should still compare the voices."""
    return _("{service}: the school's log reports {school} min and the family's evidence "
             "shows {family} min; 'delivered' counts a day both recorded once (the larger), "
             "so compare the two columns ('iepcheck reconcile' sets them week by "
             "week)").format(service=service, school=f"{school:,}", family=f"{family:,}")


def _delivered(report: Report) -> dict[str, int]:
    return {item.item.id: item.minutes.delivered for item in report.items if item.minutes}
