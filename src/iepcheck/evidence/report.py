"""The evidence report: every item's status and minutes for a period (docs/evidence.md, docs/json.md).

Pure: `build_report(plan, entries, period)` reads no clock and no file. The renderers under
`render/` turn a `Report` into a table, JSON, Markdown, CSV or HTML; every one of them carries
the facts of `Report.as_json()`, which is the contract.

Minutes, per service with `minutes` (see `evidence/minutes.py` for the day-by-day rule):
`required` is each week's or month's full amount shared by its school days, summed over the
counted school days of the item's part of the period;
`delivered` sums the minutes of supporting entries (an entry naming two services counts for
each); `missed` sums the minutes of `not-implemented` entries; a service log covering a range
(`covers_from`..`date`) adds only its share of the window (`schedule.spread_share`), so sums
are exact fractions rounded once;
`unaccounted = max(0, required − delivered − missed)`; `owed = max(0, required − delivered)`.
`owed` is a minute-for-minute starting figure for a compensatory-services request, not the
measure a hearing officer must use, and the report says so in words.

`build_report` is the one place that gives items their final status: the log's findings
(`evidence.status_of`), then the minutes. An item with recent evidence whose unaccounted
minutes exceed one session is `minutes-short` (docs/evidence.md). `due`, `draft-email` and
bare `iepcheck` all read statuses from here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from iepcheck.dates import long, short
from iepcheck.evidence.goals import GoalProgress, assess_goals
from iepcheck.evidence.minutes import required_minutes, round_half_up, spread_share
from iepcheck.evidence.tally import (
    ItemEvidence,
    ItemTally,
    Period,
    RangeMinutes,
    Tally,
    assess_tally,
    gaps_first,
    tally_entries,
)
from iepcheck.language.messages import N_, _, n_
from iepcheck.plan.model import Accommodation, Plan, Service
from iepcheck.record.entries import Observation
from iepcheck.vocabulary import Status, status_count

if TYPE_CHECKING:
    from collections.abc import Iterable

    from iepcheck.evidence.minutes_series import ServiceSeries

#: The order of the JSON `summary` object's keys (docs/report-json.md): strongest first.
SUMMARY_KEYS = ("items", *(s.value for s in reversed(Status) if s is not Status.inactive),
                Status.inactive.value)

OWED_CAVEAT = N_("'Owed' is a minute-for-minute starting figure for a compensatory-services "
               "request, not the measure a hearing officer must use.")


#: The plan's school days (`mon` … `sun`) as the minute accounting names them.
WEEKDAY_WORDS = {"mon": N_("Mon"), "tue": N_("Tue"), "wed": N_("Wed"), "thu": N_("Thu"),
                 "fri": N_("Fri"), "sat": N_("Sat"), "sun": N_("Sun")}


#: What every reading command says of a plan that lists no item yet.
EMPTY_PLAN = N_("the plan has no services or accommodations yet: add each one with "
              "'iepcheck add-item service NAME --minutes 30 --times 2 --per week' or "
              "'iepcheck add-item accommodation NAME --staff ID' (see 'iepcheck add-item "
              "--help'), or copy them into the plan file")


@dataclass(frozen=True, slots=True)
class Minutes:
    required: int
    delivered: int
    missed: int
    unaccounted: int
    owed: int


MINUTE_KEYS = ("required", "delivered", "missed", "unaccounted", "owed")


@dataclass(frozen=True, slots=True)
class ReportItem(ItemEvidence):
    """An item's evidence, plus its minutes (None for accommodations and untimed services)
    and, where the status needs one, the reason in words ("690 of 780 minutes undocumented")."""

    minutes: Minutes | None
    reason: str | None = None


@dataclass(frozen=True)
class Report:
    plan: Plan
    period: Period
    items: tuple[ReportItem, ...]
    summary: dict[str, int]
    warnings: tuple[str, ...]
    #: Week-by-week running minutes per service (`with_series`), for the charts of the HTML
    #: report and the bundle; empty unless asked for, and never part of the JSON.
    series: tuple[ServiceSeries, ...] = ()
    goals: tuple[GoalProgress, ...] = ()  # the plan's annual goals as of the period's end
    #: (service, delivered as the school's log reports, as the family's evidence shows), when
    #: the record holds the school's own log (`evidence/voices.py`); empty otherwise.
    voices: tuple[tuple[str, int, int], ...] = ()

    @property
    def method(self) -> str:
        return method_text(self.plan)

    @property
    def gaps(self) -> tuple[ReportItem, ...]:
        return tuple(i for i in self.items if i.status.is_gap)

    @property
    def totals(self) -> Minutes | None:
        """The minutes columns summed over the direct services with minutes (None when there
        are none): the sum of the figures shown, so a total row adds up. Consult minutes are
        never added in (`consult_totals`)."""
        return total_minutes(i for i in self.items if not is_consult(i))

    @property
    def consult_totals(self) -> Minutes | None:
        """The consult services' minutes summed on their own (None when the plan has none
        with minutes): time with the staff, not with the child (docs/minutes.md)."""
        return total_minutes(i for i in self.items if is_consult(i))

    def as_json(self) -> dict[str, Any]:
        """The shape docs/json.md gives, key for key."""
        terms = self.plan.plan
        return {
            "student": self.plan.student.name,
            "plan": {"kind": terms.kind, "start": terms.start.isoformat(),
                     "end": terms.end.isoformat()},
            "period": {"since": self.period.since.isoformat(),
                       "until": self.period.until.isoformat()},
            "items": [item_json(i) for i in self.items],
            "summary": dict(self.summary),
            "totals": asdict(self.totals) if self.totals else None,
            "warnings": list(self.warnings),
            "method": self.method,
            "goals": [g.as_json() for g in self.goals],
        } | ({"delivered_by_source": [{"id": i, "school": s, "family": f}
                                      for i, s, f in self.voices]} if self.voices else {}) | (
            {"consult_totals": asdict(consult)} if (consult := self.consult_totals) else {})


def is_consult(item: ReportItem) -> bool:
    """A consult service: its minutes are a total of their own, never the child's direct
    minutes."""
    return isinstance(item.item, Service) and item.item.delivery == "consult"


def total_minutes(items: Iterable[ReportItem]) -> Minutes | None:
    """The minutes columns summed over `items` with minutes; None when none has any."""
    timed = [i.minutes for i in items if i.minutes is not None]
    if not timed:
        return None
    return Minutes(*(sum(getattr(m, key) for m in timed) for key in MINUTE_KEYS))


def item_json(item: ReportItem) -> dict[str, Any]:
    return {
        "id": item.item.id, "kind": item.item.kind, "name": item.item.name,
        "status": item.status, "evidence_count": item.evidence_count,
        "last_evidence": item.last_evidence.isoformat() if item.last_evidence else None,
        "last_finding": item.last_finding, "reason": item.reason,
        "minutes": asdict(item.minutes) if item.minutes else None,
    } | ({"delivery": "consult"} if is_consult(item) else {})


def build_report(plan: Plan, entries: list[Observation], period: Period) -> Report:
    """Final statuses and minutes of every item for the period, gaps first, from one pass
    over the log."""
    tally = tally_entries(plan, entries, period)
    items = [report_item(assessed, plan, tally) for assessed in assess_tally(plan, tally)]
    ordered = tuple(gaps_first(items))
    return Report(plan=plan, period=period, items=ordered, summary=summarise(ordered),
                  warnings=tuple(warnings(plan, tally, period, ordered)),
                  goals=assess_goals(plan, entries, period.until))


def report_item(assessed: ItemEvidence, plan: Plan, tally: Tally) -> ReportItem:
    """The item's final status: the findings' status, then the minutes (`minutes-short`)."""
    item = assessed.item
    minutes = minutes_of(item, plan, tally)
    window = tally.items[item.id].window
    status, reason = assessed.status, None
    if status is Status.ok and minutes is not None and window is not None \
            and minutes_short(item, minutes, window[1]):
        status = Status.minutes_short
        reason = _("{unaccounted} of {required} minutes undocumented").format(
            unaccounted=f"{minutes.unaccounted:,}", required=f"{minutes.required:,}")
    return ReportItem(item, status, assessed.evidence_count, assessed.last_evidence,
                      assessed.last_finding, minutes, reason)


def minutes_short(item: Service | Accommodation, minutes: Minutes, window_end: date) -> bool:
    """More minutes are unaccounted for than one session lasts (terms at the window's end):
    one session not yet logged is ordinary; more is a gap to ask the provider about."""
    if not isinstance(item, Service):
        return False
    session = item.terms_on(window_end).minutes
    return session is not None and minutes.unaccounted > session


def with_series(report: Report, entries: list[Observation]) -> Report:
    """The report with its week-by-week minutes (minutes_series.py), for outputs that chart
    them; the table and JSON never pay for it."""
    from dataclasses import replace

    from iepcheck.evidence.minutes_series import weekly_minutes

    return replace(report, series=weekly_minutes(report.plan, entries, report.period))


def minutes_of(item: Service | Accommodation, plan: Plan, tally: Tally) -> Minutes | None:
    """Minutes for a service with `minutes` (on any day, changes included); None otherwise.

    Delivered and missed are exact sums (single-day entries plus each range log's share of
    the window, with the child's absences known), rounded once.
    """
    if not isinstance(item, Service) or not item.is_timed:
        return None
    counts = tally.items[item.id]
    if counts.window is None:
        return Minutes(required=0, delivered=0, missed=0, unaccounted=0, owed=0)
    first, last = counts.window
    absent = tally.absent_all | counts.absent
    required = required_minutes(item, plan, first, last, absent)
    delivered = round_half_up(counts.delivered + _spread(item, plan, counts,
                                                         counts.delivered_ranges, absent))
    missed = round_half_up(counts.missed + _spread(item, plan, counts, counts.missed_ranges,
                                                   absent))
    return Minutes(
        required=required, delivered=delivered, missed=missed,
        unaccounted=max(0, required - delivered - missed),
        owed=max(0, required - delivered),
    )


def _spread(service: Service, plan: Plan, counts: ItemTally, ranges: list[RangeMinutes],
            absent: set[date]) -> Fraction:
    """The window's exact share of each range log's minutes (docs/minutes.md)."""
    if not ranges or counts.window is None:
        return Fraction(0)
    first, last = counts.window
    return sum((spread_share(service, plan, r.first, r.last, r.minutes, first, last, absent)
                for r in ranges), Fraction(0))


def summarise(items: tuple[ReportItem, ...]) -> dict[str, int]:
    counts = {key: 0 for key in SUMMARY_KEYS}
    counts["items"] = len(items)
    for item in items:
        counts[item.status] += 1
    return counts


def warnings(plan: Plan, tally: Tally, period: Period,
             items: tuple[ReportItem, ...] = ()) -> list[str]:
    """Things the reader should know before trusting the figures."""
    found = []
    if not plan.items:
        found.append(_(EMPTY_PLAN))
    for item_id, count in sorted(tally.unknown.items()):
        found.append(n_("{count} entry names '{item}', which is not in the plan",
                        "{count} entries name '{item}', which is not in the plan", count).format(
                            count=count, item=item_id))
    terms = plan.plan
    if period.since < terms.start or period.until > terms.end:
        found.append(_("the period runs outside the plan's dates ({start} to {end}); days "
                       "outside them owe nothing").format(start=long(terms.start),
                                                          end=long(terms.end)))
    timed = any(s.is_timed for s in plan.services)
    if timed and "calendar" not in plan.model_fields_set:
        found.append(_("the plan has no [calendar]: minutes assume school every Monday to "
                       "Friday with no holidays; add no_school dates for exact figures"))
    for item in items:
        window = tally.items[item.item.id].window
        if item.minutes and window and isinstance(item.item, Service):
            absent = tally.absent_all | tally.items[item.item.id].absent
            most = most_owed(item.item, plan, window, absent)
            if item.minutes.delivered > most:
                found.append(double_entry(item, most))
    return found


def most_owed(service: Service, plan: Plan, window: tuple[date, date],
              absent: set[date]) -> int:
    """What the whole weeks or months the window touches owe (within the service's dates).

    A monthly service's two sessions may both fall in the first days of the month, so more
    delivered than the window's own share is not yet suspicious; more than its whole weeks
    or months owe is.
    """
    first, last = window
    first = _period_of(service.terms_on(first).per, first, plan.plan.start)[0]
    last = _period_of(service.terms_on(last).per, last, plan.plan.start)[1]
    return required_minutes(service, plan, first, last, absent)


def _period_of(per: str | None, day: date, plan_start: date) -> tuple[date, date]:
    """The whole span a day's amount belongs to; a cycle's is taken as its plan year (a
    generous bound: the warning is for minutes no span could hold)."""
    from iepcheck.evidence.minutes import whole_span

    return whole_span("year" if per == "cycle" else per, day, plan_start)


def double_entry(item: ReportItem, most: int) -> str:
    """More delivered than owed: most often a session logged twice, or a range log that
    repeats sessions logged one by one."""
    delivered = item.minutes.delivered if item.minutes else 0
    return _("{item} ({id}): {delivered} minutes delivered but {most} owed in the weeks or "
             "months of the period; possible double entry (a session logged twice, or a service "
             "log over a range repeating sessions already logged)").format(
                 item=item.item.name, id=item.item.id, delivered=f"{delivered:,}",
                 most=f"{most:,}")


def method_text(plan: Plan) -> str:
    """The minute accounting, in words, for the footer of every format."""
    calendar = plan.calendar
    weekdays = ", ".join(_(WEEKDAY_WORDS.get(d, d.capitalize())) for d in calendar.school_days)
    holidays = len(calendar.no_school)
    counted = n_(
        "Required minutes come from each service's minutes × times per day, week or month, "
        "counted over school days ({weekdays}, less {count} no-school date or range in the "
        "plan's calendar).",
        "Required minutes come from each service's minutes × times per day, week or month, "
        "counted over school days ({weekdays}, less {count} no-school dates or ranges in the "
        "plan's calendar).", holidays).format(weekdays=weekdays, count=holidays)
    shared = _(
        "A weekly amount is shared evenly by the school days of that week (Monday to Sunday) "
        "and a monthly amount by the school days of that month, so a week or month with any "
        "school day owes its full amount, even with a holiday or a break in it, and one with "
        "no school owes nothing; a daily amount is owed on each school day.")
    rest = _(
        "Days the child was logged absent and days outside the plan's or the service's dates "
        "owe nothing, but still divide their week or month; a provider's absence or a "
        "cancelled session does not reduce what is owed. The total is rounded to whole "
        "minutes once, at the end. Delivered = minutes recorded on entries showing the service "
        "was given (implemented or partial); missed = minutes recorded as not implemented; "
        "unaccounted = required − delivered − missed; owed = required − delivered (neither "
        "below 0).")
    return f"{counted} {shared}{_periods_text(plan)}{_changes_text(plan)} {rest} {_(OWED_CAVEAT)}"


def _periods_text(plan: Plan) -> str:
    """Sentences on the newer terms (yearly, cycle, consult, extended school year), for plans
    that use them: every other plan's method reads as before."""
    uses = {terms.per for s in plan.services for _, terms in s.versions()}
    sentences = []
    if "year" in uses:
        sentences.append(_("A yearly amount is shared evenly by the school days of the plan "
                           "year, from the plan's start to the day before its anniversary."))
    if "cycle" in uses:
        sentences.append(_("An amount per N-day cycle is shared evenly by the cycle's N school "
                           "days, cycles counted on school days from the plan's start."))
    if any(s.esy for s in plan.services):
        sentences.append(_("An extended-school-year service is owed on the school weekdays "
                           "between its own dates, whatever break holds them."))
    if any(s.delivery == "consult" for s in plan.services):
        sentences.append(_("Consult minutes (time with the staff, not with the child) are "
                           "totalled on their own, never added to the service minutes."))
    return "".join(f" {sentence}" for sentence in sentences)


def _changes_text(plan: Plan) -> str:
    """A sentence on dated changes, for plans that have any."""
    if not any(s.changes for s in plan.services):
        return ""
    return " " + _("A dated change to a service applies from its day on: each day owes its "
                   "share under the terms in effect that day, so a week in which the terms "
                   "change owes part of each amount.")


def summary_line(report: Report) -> str:
    """'3 of 9 items have no supporting evidence since 24 Aug; …' — the report in one line."""
    counts = report.summary
    if not counts["items"]:
        return _("The plan has no services or accommodations yet, so there is nothing to "
                 "report on")
    active = counts["items"] - counts["inactive"]
    since = _when(report.period.since, report.period.until)
    none = counts["no-evidence"]
    in_effect = n_("{count} item in effect", "{count} items in effect", active).format(
        count=active)
    parts = [n_("{none} of {items} has no supporting evidence since {since}",
                "{none} of {items} have no supporting evidence since {since}",
                none).format(none=none, items=in_effect, since=since)]
    if counts["not-implemented"]:
        parts.append(n_("{count} seen not implemented", "{count} seen not implemented",
                        counts["not-implemented"]).format(count=counts["not-implemented"]))
    if counts["stale"]:
        parts.append(n_("{count} stale", "{count} stale", counts["stale"]).format(
            count=counts["stale"]))
    if counts["partial"]:
        parts.append(n_("{count} partial", "{count} partial", counts["partial"]).format(
            count=counts["partial"]))
    if counts["minutes-short"]:
        parts.append(_("{count} with minutes undocumented").format(count=counts["minutes-short"]))
    direct, consult = report.totals, report.consult_totals
    if direct is not None:
        parts.append(n_("{count} service minute owed", "{count} service minutes owed",
                        direct.owed).format(count=direct.owed))
    if consult is not None:
        parts.append(n_("{count} consult minute owed", "{count} consult minutes owed",
                        consult.owed).format(count=consult.owed))
    return "; ".join(parts)


def _when(day: date, until: date) -> str:
    return short(day) if day.year == until.year else long(day)


def status_counts(report: Report) -> str:
    """'1 not-implemented · 3 no-evidence · 2 stale · 3 ok' (statuses with none left out)."""
    return " · ".join(status_count(s, report.summary[s]) for s in Status if report.summary[s])


def age_days(item: ItemEvidence, period: Period) -> int | None:
    """Days from the latest evidence to the end of the period (None without evidence)."""
    return (period.until - item.last_evidence).days if item.last_evidence else None


def heading(report: Report) -> str:
    """'Maya Rivera · IEP 24 Aug 2026 to 19 Aug 2027 · report for 24 Aug 2026 to 20 Nov 2026'."""
    terms = report.plan.plan
    return _("{student} · {kind} {start} to {end} · report for {since} to {until}").format(
        student=report.plan.student.name, kind=terms.kind, start=long(terms.start),
        end=long(terms.end), since=long(report.period.since), until=long(report.period.until))
