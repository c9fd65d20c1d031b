"""Statuses: each one reached, the precedence between them, retractions, items in and out of effect.

Logs are written with `iepcheck.store.logbook.record`, the same path `iepcheck log` takes, and read
back with `read_log`, so every entry here is one iepcheck itself would accept.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from iepcheck.evidence.tally import (
    ItemEvidence,
    Period,
    assess_items,
    gaps_first,
)
from iepcheck.plan.model import Plan
from iepcheck.record.drafts import EntryDraft
from iepcheck.record.entries import Observation
from iepcheck.store.logbook import read_log
from iepcheck.vocabulary import KINDS_WITHOUT_FINDING, Status
from tests.conftest import record_entries

# Mon 2 Nov .. Fri 20 Nov 2026; check_every is 7 days unless an item says otherwise.
PERIOD = Period(since=date(2026, 11, 2), until=date(2026, 11, 20))


def entry(day: str, *items: str, kind: str = "interview", finding: str | None = "implemented",
          **extra: Any) -> EntryDraft:
    """An entry as `iepcheck log` would draft it (the finding dropped for kinds without one)."""
    return EntryDraft(kind=kind, date=date.fromisoformat(day), items=items,
                      finding=None if kind in KINDS_WITHOUT_FINDING else finding, **extra)


def retraction(number: int) -> EntryDraft:
    return entry("2026-11-20", kind="note", finding=None, retracts=number, note="wrong day")


def write_log(path: Path, *rows: EntryDraft) -> list[Observation]:
    record_entries(path, *rows)
    return read_log(path) if rows else []


def make_plan(**overrides: Any) -> Plan:
    document: dict[str, Any] = {
        "student": {"name": "Sam Test"},
        "plan": {"kind": "IEP", "start": "2026-08-24", "end": "2027-06-18"},
        "services": [{"id": "speech", "name": "Speech", "minutes": 30, "times": 2,
                      "per": "week"}],
        "accommodations": [{"id": "ext", "name": "Extended time"},
                           {"id": "seat", "name": "Seating", "check_every": "14d"}],
    }
    document.update(overrides)
    return Plan.model_validate(document)


@pytest.fixture
def log(tmp_path: Path):
    return lambda *rows: write_log(tmp_path / "t.log.json", *rows)


def statuses(plan: Plan, entries: list[Observation], period: Period = PERIOD) -> dict[str, str]:
    return {a.item.id: a.status for a in assess_items(plan, entries, period)}


def one(plan: Plan, entries: list[Observation], item_id: str = "speech",
        period: Period = PERIOD) -> ItemEvidence:
    return next(a for a in assess_items(plan, entries, period) if a.item.id == item_id)


def test_nothing_logged_is_no_evidence_for_every_item() -> None:
    assert statuses(make_plan(), []) == {"speech": "no-evidence", "ext": "no-evidence",
                                         "seat": "no-evidence"}


def test_each_status_is_reached(log) -> None:
    entries = log(
        entry("2026-11-19", "speech"),                                # ok
        entry("2026-11-18", "ext", finding="partial"),                # partial
        entry("2026-11-05", "seat"),                                  # 15 days > 14: stale
    )
    assert statuses(make_plan(), entries) == {"speech": "ok", "ext": "partial", "seat": "stale"}
    entries = log(entry("2026-11-19", "speech", finding="not-implemented"))
    assert one(make_plan(), entries).status == "not-implemented"
    later = make_plan(accommodations=[{"id": "ext", "name": "Extended time",
                                       "start": "2026-12-01"}])
    assert statuses(later, [])["ext"] == "inactive"


def test_the_facts_behind_a_status(log) -> None:
    entries = log(
        entry("2026-11-03", "speech", kind="service-log", minutes=30),
        entry("2026-11-16", "speech", finding="partial"),
        entry("2026-11-18", "speech", finding="unclear"),
        entry("2026-11-19", "speech", kind="email-sent", who="ms-lee"),
        entry("2026-11-13", "ext"),
    )
    speech = one(make_plan(), entries)
    assert (speech.evidence_count, speech.last_evidence, speech.last_finding) == (
        2, date(2026, 11, 16), "unclear")
    assert speech.status == "ok"  # latest finding is unclear (not partial), support is fresh


@pytest.mark.parametrize(("last_support", "expected"), [
    ("2026-11-13", "ok"),      # 7 days before the end: still fresh on day check_every
    ("2026-11-12", "stale"),   # 8 days: older than check_every
])
def test_stale_boundary(log, last_support, expected) -> None:
    assert one(make_plan(), log(entry(last_support, "speech"))).status == expected


def test_not_implemented_comes_before_everything(log) -> None:
    # Fresh support, then a not-implemented finding the next day: not-implemented.
    entries = log(entry("2026-11-18", "speech"),
                  entry("2026-11-19", "speech", finding="not-implemented"))
    assert one(make_plan(), entries).status == "not-implemented"


def test_not_implemented_without_any_support_is_not_implemented_not_no_evidence(log) -> None:
    entries = log(entry("2026-11-19", "speech", finding="not-implemented"))
    assessed = one(make_plan(), entries)
    assert (assessed.status, assessed.evidence_count, assessed.last_evidence) == (
        "not-implemented", 0, None)


def test_a_later_implemented_finding_clears_not_implemented(log) -> None:
    entries = log(entry("2026-11-10", "speech", finding="not-implemented"),
                  entry("2026-11-17", "speech"))
    assert one(make_plan(), entries).status == "ok"


def test_no_evidence_comes_before_stale_and_partial(log) -> None:
    # Only unclear findings and an email: nothing supports it.
    entries = log(entry("2026-11-19", "speech", finding="unclear"),
                  entry("2026-11-19", "speech", kind="email-sent", who="ms-lee"))
    assessed = one(make_plan(), entries)
    assert (assessed.status, assessed.last_finding) == ("no-evidence", "unclear")


def test_stale_comes_before_partial(log) -> None:
    entries = log(entry("2026-11-05", "speech", finding="partial"))
    assert one(make_plan(), entries).status == "stale"


def test_partial_comes_before_ok_only_while_it_is_the_latest_finding(log) -> None:
    entries = log(entry("2026-11-16", "speech"), entry("2026-11-18", "speech", finding="partial"))
    assert one(make_plan(), entries).status == "partial"
    entries = log(entry("2026-11-19", "speech"))  # appended: partial then implemented
    assert one(make_plan(), entries).status == "ok"


def test_on_the_same_date_the_later_entry_number_is_the_latest(log) -> None:
    entries = log(entry("2026-11-19", "speech", finding="not-implemented"),
                  entry("2026-11-19", "speech"))
    assert one(make_plan(), entries).status == "ok"
    entries = log(entry("2026-11-19", "speech", finding="not-implemented"))  # #3, same day
    assert one(make_plan(), entries).status == "not-implemented"
    # An entry written later about an earlier day does not become the latest.
    entries = log(entry("2026-11-18", "speech"))  # #4, dated the day before
    assert one(make_plan(), entries).status == "not-implemented"


def test_a_retracted_entry_supports_nothing(log) -> None:
    entries = log(entry("2026-11-19", "speech"), retraction(1))
    assessed = one(make_plan(), entries)
    assert (assessed.status, assessed.evidence_count, assessed.last_finding) == (
        "no-evidence", 0, None)


def test_retracting_a_not_implemented_finding_restores_the_earlier_status(log) -> None:
    entries = log(entry("2026-11-18", "speech"),
                  entry("2026-11-19", "speech", finding="not-implemented"), retraction(2))
    assert one(make_plan(), entries).status == "ok"


def test_entries_outside_the_period_do_not_count(log) -> None:
    entries = log(entry("2026-10-30", "speech"), entry("2026-11-21", "speech"))
    assert one(make_plan(), entries).status == "no-evidence"


def test_an_item_that_starts_mid_period_is_judged_from_its_first_day(log) -> None:
    plan = make_plan(accommodations=[{"id": "ext", "name": "Extended time",
                                      "start": "2026-11-16"}])
    early = log(entry("2026-11-10", "ext"))  # before it was in the plan
    assert one(plan, early, "ext").status == "no-evidence"
    entries = log(entry("2026-11-17", "ext"))
    assessed = one(plan, entries, "ext")
    assert (assessed.status, assessed.evidence_count) == ("ok", 1)


def test_an_item_that_ended_is_judged_at_its_last_day_not_stale_afterwards(log) -> None:
    plan = make_plan(accommodations=[{"id": "ext", "name": "Extended time",
                                      "end": "2026-11-06"}])
    assert one(plan, log(entry("2026-11-05", "ext")), "ext").status == "ok"


@pytest.mark.parametrize(("item", "period"), [
    ({"start": "2026-11-21"}, PERIOD),                   # starts after the period
    ({"end": "2026-11-01"}, PERIOD),                     # ended before it
    ({}, Period(since=date(2026, 8, 1), until=date(2026, 8, 23))),  # before the plan starts
    ({}, Period(since=date(2027, 6, 19), until=date(2027, 7, 1))),  # after the plan ends
])
def test_inactive_when_out_of_effect_for_the_whole_period(log, item, period) -> None:
    plan = make_plan(accommodations=[{"id": "ext", "name": "Extended time", **item}])
    entries = log(entry(period.since.isoformat(), "ext", finding="not-implemented"))
    assert one(plan, entries, "ext", period).status == "inactive"
    assert not Status.inactive.is_gap


def test_an_item_in_effect_for_a_single_day_of_the_period_is_assessed(log) -> None:
    plan = make_plan(accommodations=[{"id": "ext", "name": "Extended time",
                                      "start": "2026-11-20"}])
    assert one(plan, [], "ext").status == "no-evidence"


def test_gaps_first_keeps_plan_order_within_a_status(log) -> None:
    plan = make_plan(accommodations=[{"id": i, "name": i.upper()} for i in ("a", "b", "c", "d")])
    entries = log(entry("2026-11-19", "speech"), entry("2026-11-19", "b"),
                  entry("2026-11-19", "d", finding="not-implemented"))
    ordered = gaps_first(assess_items(plan, entries, PERIOD))
    assert [(a.item.id, a.status) for a in ordered] == [
        ("d", "not-implemented"), ("a", "no-evidence"), ("c", "no-evidence"), ("speech", "ok"),
        ("b", "ok")]
    assert Status.stale.rank < Status.partial.rank < Status.ok.rank


def test_the_log_is_read_in_linear_passes_not_once_per_item(log) -> None:
    """A 100,000-entry log must not be rescanned for every item."""
    plan = make_plan(accommodations=[{"id": f"a{i}", "name": f"A{i}"} for i in range(30)])

    class CountingLog(list):
        passes = 0

        def __iter__(self):
            CountingLog.passes += 1
            return super().__iter__()

    entries = CountingLog(log(entry("2026-11-19", "a1"), entry("2026-11-18", "a2")))
    assess_items(plan, entries, PERIOD)
    assert CountingLog.passes <= 2  # retracted numbers, then the tally


# --- school-day clocks (docs/school-days.md) -------------------------------------------------

THANKSGIVING = {"no_school": ["2026-11-23..2026-11-27"]}


def test_stale_counts_school_days_so_a_break_stops_the_clock(log) -> None:
    # 7d allows ceil(7 × 5 / 7) = 5 school days. From Thu 19 Nov to Wed 2 Dec: 20 Nov, 30 Nov,
    # 1 and 2 Dec are school days (Thanksgiving week off) = 4: fresh, though 13 days old.
    plan = make_plan(calendar=THANKSGIVING)
    entries = log(entry("2026-11-19", "ext"))
    december = Period(since=PERIOD.since, until=date(2026, 12, 2))
    assert statuses(plan, entries, december)["ext"] == "ok"
    # Thu 3 Dec is the 5th school day: still fresh; Fri 4 Dec the 6th: stale.
    assert statuses(plan, entries, Period(PERIOD.since, date(2026, 12, 3)))["ext"] == "ok"
    assert statuses(plan, entries, Period(PERIOD.since, date(2026, 12, 4)))["ext"] == "stale"
    # Without the break the same 13 days hold 9 school days: stale.
    assert statuses(make_plan(), entries, december)["ext"] == "stale"


def test_a_monthly_service_is_checked_no_more_often_than_its_month(log) -> None:
    # per = "month": the default check_every is 31 days = 23 school days, not the plan's 7.
    plan = make_plan(services=[{"id": "speech", "name": "Speech", "minutes": 30, "times": 2,
                                "per": "month"}])
    entries = log(entry("2026-11-02", "speech", kind="service-log", minutes=60))
    assert one(plan, entries, period=Period(PERIOD.since, date(2026, 11, 9))).status == "ok"
    assert one(plan, entries, period=Period(PERIOD.since, date(2026, 11, 30))).status == "ok"
    # 2 Nov + 23 school days = Thu 3 Dec (no holidays in this plan): stale from Fri 4 Dec.
    assert one(plan, entries, period=Period(PERIOD.since, date(2026, 12, 3))).status == "ok"
    assert one(plan, entries, period=Period(PERIOD.since, date(2026, 12, 4))).status == "stale"
    # A weekly service with the same session is stale after 5 school days.
    weekly = make_plan()
    assert one(weekly, entries, period=Period(PERIOD.since, date(2026, 11, 10))).status == "stale"


def test_the_terms_at_the_windows_end_set_the_default_interval(log) -> None:
    # Weekly until 15 Nov, monthly from Mon 16 Nov: on 20 Nov the monthly clock applies.
    plan = make_plan(services=[{"id": "speech", "name": "Speech", "minutes": 30, "times": 2,
                                "per": "week",
                                "changes": [{"from": "2026-11-16", "per": "month"}]}])
    entries = log(entry("2026-11-02", "speech", kind="service-log", minutes=30))
    assert one(plan, entries).status == "ok"
    assert one(plan, entries, period=Period(PERIOD.since, date(2026, 11, 13))).status == "stale"


def test_an_items_own_check_every_is_kept_for_a_monthly_service(log) -> None:
    plan = make_plan(services=[{"id": "speech", "name": "Speech", "minutes": 30,
                                "per": "month", "check_every": "7d"}])
    entries = log(entry("2026-11-02", "speech", kind="service-log", minutes=30))
    assert one(plan, entries, period=Period(PERIOD.since, date(2026, 11, 10))).status == "stale"


# --- per-item findings and range logs --------------------------------------------------------

def test_a_per_item_finding_overrides_the_entrys(log) -> None:
    entries = log(entry("2026-11-19", "speech", "ext", kind="visit",
                        findings=(("ext", "not-implemented"),)))
    assert statuses(make_plan(), entries) == {"speech": "ok", "ext": "not-implemented",
                                              "seat": "no-evidence"}
    assert one(make_plan(), entries, "ext").last_finding == "not-implemented"
    assert one(make_plan(), entries, "ext").evidence_count == 0


def test_a_range_log_supports_the_window_it_overlaps_dated_at_its_end_or_the_windows(
        log) -> None:
    # 26 Oct .. 4 Dec overlaps 2–20 Nov: support dated at the window's end, 20 Nov.
    entries = log(entry("2026-12-04", "speech", kind="service-log", minutes=600,
                        covers_from=date(2026, 10, 26)))
    found = one(make_plan(), entries)
    assert (found.status, found.last_evidence, found.evidence_count) == (
        "ok", date(2026, 11, 20), 1)


def test_a_range_log_before_the_window_is_no_evidence_in_it(log) -> None:
    # "17 Aug – 30 Oct: 1,680 min", recorded on 16 Nov: nothing about 2–20 Nov.
    entries = log(entry("2026-10-30", "speech", kind="service-log", minutes=1680,
                        covers_from=date(2026, 8, 17)))
    assert one(make_plan(), entries).status == "no-evidence"
    # Over the whole term it is support, dated 30 Oct.
    term = Period(since=date(2026, 8, 24), until=date(2026, 11, 2))
    assert one(make_plan(), entries, period=term).last_evidence == date(2026, 10, 30)
