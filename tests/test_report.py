"""build_report: minutes delivered, missed, unaccounted and owed, worked by hand; warnings; JSON.

The period and calendar are those of tests/test_schedule.py: Wed 4 Nov .. Tue 1 Dec 2026, no
school on Wed 11 Nov nor in Thanksgiving week (23–27 Nov): 14 school days before absences.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from iepcheck.evidence.report import OWED_CAVEAT, SUMMARY_KEYS, build_report, summary_line
from iepcheck.evidence.tally import Period
from iepcheck.plan.model import Plan
from iepcheck.record.entries import Observation
from tests.test_evidence import entry, retraction, write_log

PERIOD = Period(since=date(2026, 11, 4), until=date(2026, 12, 1))


def make_plan(**overrides: Any) -> Plan:
    document: dict[str, Any] = {
        "student": {"name": "Sam Test"},
        "plan": {"kind": "IEP", "start": "2026-08-24", "end": "2027-06-18"},
        "calendar": {"no_school": ["2026-11-23..2026-11-27", "2026-11-11"]},
        "services": [
            {"id": "speech", "name": "Speech", "minutes": 30, "times": 2, "per": "week"},
            {"id": "reading", "name": "Reading", "minutes": 45, "per": "day"},
            {"id": "counseling", "name": "Counseling", "minutes": 30, "times": 2,
             "per": "month", "check_every": "28d"},
            {"id": "art", "name": "Art therapy"},
        ],
        "accommodations": [{"id": "ext", "name": "Extended time"}],
    }
    document.update(overrides)
    return Plan.model_validate({k: v for k, v in document.items() if v is not None})


@pytest.fixture
def entries(tmp_path: Path) -> list[Observation]:
    return write_log(
        tmp_path / "t.log.json",
        entry("2026-11-17", kind="absence"),                        # 1 child absent: all services
        entry("2026-11-19", "speech", kind="absence"),              # 2 absent from speech only
        entry("2026-11-16", kind="absence"),                        # 3 retracted below
        retraction(3),                                               # 4
        entry("2026-11-05", "speech", kind="service-log", minutes=30),               # 5
        entry("2026-11-10", "speech", finding="partial", minutes=30),                # 6
        entry("2026-11-12", "speech", finding="not-implemented", minutes=30,
              reason="provider-absent"),                                             # 7
        entry("2026-12-01", "speech", kind="service-log", minutes=30),               # 8
        entry("2026-11-18", "reading", kind="service-log", minutes=45),              # 9 retracted
        retraction(9),                                                               # 10
        entry("2026-11-30", "reading", finding="not-implemented", minutes=45),       # 11
        entry("2026-12-01", "counseling", kind="service-log", minutes=60),           # 12
        entry("2026-11-20", "reading-group"), entry("2026-11-19", "reading-group"),
        entry("2026-11-18", "reading-group", "ext"),
        entry("2026-11-18", "old-item"),
        entry("2026-11-18", "old-item"), retraction(17),
        entry("2026-12-02", "gone-later"),  # after the period: not warned about
    )


def minutes(report, item_id: str) -> dict[str, int] | None:
    item = next(i for i in report.items if i.item.id == item_id)
    return dataclasses.asdict(item.minutes) if item.minutes else None


def test_weekly_minutes_with_absences_missed_sessions_and_a_retraction(entries) -> None:
    # Counted days (see test_schedule): 14 school days, less Tue 17 Nov (absent from school)
    # and Thu 19 Nov (absent from speech) = 12; the retracted absence on 16 Nov still counts.
    # Each week's 60 is shared by its own school days: 4, 5, 6 Nov at 12 = 36; the 4-day
    # week of 9 Nov at 15 = 60; 16, 18, 20 Nov at 12 = 36; 30 Nov, 1 Dec at 12 = 24.
    # required = 156 (144 under the old rule, which gave the holiday week only 48)
    # delivered = #5 30 + #6 30 (partial still delivered its minutes) + #8 30 = 90
    # missed = #7 30 (a provider's absence does not excuse the day)
    # unaccounted = 156 − 90 − 30 = 36; owed = 156 − 90 = 66
    report = build_report(make_plan(), entries, PERIOD)
    assert minutes(report, "speech") == {"required": 156, "delivered": 90, "missed": 30,
                                         "unaccounted": 36, "owed": 66}


def test_daily_minutes_with_a_retracted_session(entries) -> None:
    # 13 counted days (only the 17 Nov absence applies to reading) × 45 = 585
    # #9 (45 delivered) is retracted; #11 missed 45.
    # unaccounted = 585 − 0 − 45 = 540; owed = 585 − 0 = 585
    report = build_report(make_plan(), entries, PERIOD)
    assert minutes(report, "reading") == {"required": 585, "delivered": 0, "missed": 45,
                                          "unaccounted": 540, "owed": 585}


def test_monthly_minutes_never_go_below_zero(entries) -> None:
    # required = 12 Nov days × 60/15 + 1 Dec day × 60/23 = 50.6… -> 51 (test_schedule)
    # delivered 60 > 51: unaccounted = max(0, 51 − 60) = 0, owed = max(0, 51 − 60) = 0
    report = build_report(make_plan(), entries, PERIOD)
    assert minutes(report, "counseling") == {"required": 51, "delivered": 60, "missed": 0,
                                             "unaccounted": 0, "owed": 0}


def test_minutes_are_null_for_accommodations_and_services_without_minutes(entries) -> None:
    report = build_report(make_plan(), entries, PERIOD)
    assert minutes(report, "ext") is None and minutes(report, "art") is None


def test_a_service_that_starts_mid_period_owes_from_its_start(entries) -> None:
    # Speech from Mon 16 Nov: 16, 18, 20 Nov, 30 Nov, 1 Dec = 5 days (17 and 19 absent) × 12.
    # Only #8 (1 Dec) is in its dates: delivered 30; #5–#7 predate it.
    plan = make_plan()
    speech = plan.services[0].model_copy(update={"start": date(2026, 11, 16)})
    plan = plan.model_copy(update={"services": (speech, *plan.services[1:])})
    report = build_report(plan, entries, PERIOD)
    assert minutes(report, "speech") == {"required": 60, "delivered": 30, "missed": 0,
                                         "unaccounted": 30, "owed": 30}


def test_an_inactive_service_owes_nothing(entries) -> None:
    plan = make_plan()
    speech = plan.services[0].model_copy(update={"start": date(2027, 1, 4)})
    plan = plan.model_copy(update={"services": (speech, *plan.services[1:])})
    report = build_report(plan, entries, PERIOD)
    assert minutes(report, "speech") == dict.fromkeys(
        ("required", "delivered", "missed", "unaccounted", "owed"), 0)
    assert report.as_json()["items"][-1]["status"] == "inactive"


def test_warnings_name_items_not_in_the_plan_with_live_entries_in_the_period(entries) -> None:
    report = build_report(make_plan(), entries, PERIOD)
    assert list(report.warnings) == [
        "1 entry names 'old-item', which is not in the plan",
        "3 entries name 'reading-group', which is not in the plan",
    ]


def test_warnings_about_the_calendar_and_the_plans_dates() -> None:
    bare = make_plan(calendar=None)  # no [calendar] table at all
    report = build_report(bare, [], Period(since=date(2026, 8, 1), until=date(2026, 9, 1)))
    assert report.warnings == (
        ("the period runs outside the plan's dates (24 Aug 2026 to 18 Jun 2027); days outside "
        "them owe nothing"),
        ("the plan has no [calendar]: minutes assume school every Monday to Friday with no "
        "holidays; add no_school dates for exact figures"),
    )


def test_json_has_designs_shape_and_order(entries) -> None:
    document = build_report(make_plan(), entries, PERIOD).as_json()
    assert list(document) == ["student", "plan", "period", "items", "summary", "totals",
                              "warnings", "method", "goals"]
    assert document["student"] == "Sam Test"
    assert document["plan"] == {"kind": "IEP", "start": "2026-08-24", "end": "2027-06-18"}
    assert document["period"] == {"since": "2026-11-04", "until": "2026-12-01"}
    assert list(document["summary"]) == list(SUMMARY_KEYS)
    assert document["summary"] == {"items": 5, "ok": 2, "minutes-short": 1, "partial": 0,
                                   "stale": 0, "no-evidence": 1, "not-implemented": 1,
                                   "inactive": 0}
    # ext's only support (Wed 18 Nov) is 4 school days old on Tue 1 Dec (Thanksgiving week
    # off): fresh. Speech has fresh evidence, but 36 of its 156 minutes are undocumented,
    # more than one 30-minute session.
    assert [(i["id"], i["status"]) for i in document["items"]] == [
        ("reading", "not-implemented"), ("art", "no-evidence"), ("speech", "minutes-short"),
        ("counseling", "ok"), ("ext", "ok")]
    speech = document["items"][2]
    assert list(speech) == ["id", "kind", "name", "status", "evidence_count", "last_evidence",
                            "last_finding", "reason", "minutes"]
    assert speech | {"minutes": None} == {
        "id": "speech", "kind": "service", "name": "Speech", "status": "minutes-short",
        "evidence_count": 3, "last_evidence": "2026-12-01", "last_finding": "implemented",
        "reason": "36 of 156 minutes undocumented", "minutes": None}
    assert list(speech["minutes"]) == ["required", "delivered", "missed", "unaccounted", "owed"]
    # totals over services with minutes: speech 156/90/30/36/66, reading 585/0/45/540/585,
    # counseling 51/60/0/0/0
    assert document["totals"] == {"required": 792, "delivered": 150, "missed": 75,
                                  "unaccounted": 576, "owed": 651}


def test_the_method_is_stated_in_words_with_the_owed_caveat() -> None:
    method = build_report(make_plan(), [], PERIOD).method
    for words in ("shared evenly by the school days of that week", "no school owes nothing",
                  "still divide",
                  "rounded to whole minutes once", "Days the child was logged absent",
                  "a provider's absence or a cancelled session does not reduce", OWED_CAVEAT):
        assert words in method
    assert "not the measure a hearing officer must use" in OWED_CAVEAT


def test_the_summary_line(entries) -> None:
    report = build_report(make_plan(), entries, PERIOD)
    # ext's only support (18 Nov) is 13 days old on 1 Dec, but only 4 school days: fresh.
    # Owed: 66 + 585 + 0 = 651.
    assert summary_line(report) == ("1 of 5 items in effect has no supporting evidence since "
                                    "4 Nov; 1 seen not implemented; 1 with minutes undocumented; "
                                    "651 service minutes owed")


def test_a_report_across_a_change_uses_each_days_terms() -> None:
    # Speech 2 × 30 a week, 3 × 30 from Wed 13 Jan 2027 (see test_schedule): 4–8 Jan owe 60,
    # 11–15 Jan owe 12 + 12 + 18 + 18 + 18 = 78, 18–22 Jan owe 90 (no holidays here).
    plan = make_plan(services=[{"id": "speech", "name": "Speech", "minutes": 30, "times": 2,
                                "per": "week", "changes": [{"from": "2027-01-13", "times": 3}]}])
    report = build_report(plan, [], Period(since=date(2027, 1, 4), until=date(2027, 1, 22)))
    assert minutes(report, "speech")["required"] == 60 + 78 + 90
    assert "A dated change to a service applies from its day on" in report.method
    assert "A dated change" not in build_report(make_plan(), [], PERIOD).method


# --- minutes-short ---------------------------------------------------------------------------

def _status(report, item_id: str):
    return next(i for i in report.items if i.item.id == item_id)


def test_a_childs_word_without_service_logs_is_minutes_short(tmp_path: Path) -> None:
    # OT 30 a week; Maya says "I went" yesterday; no service log: 0 of the week's minutes
    # documented. The interview makes it fresh, the minutes make it short.
    plan = make_plan(services=[{"id": "ot", "name": "OT", "minutes": 30, "per": "week"}])
    entries = write_log(tmp_path / "t.log.json", entry("2026-11-19", "ot"))
    report = build_report(plan, entries, Period(since=date(2026, 11, 2),
                                                until=date(2026, 11, 20)))
    ot = _status(report, "ot")
    assert (ot.status, ot.reason) == ("minutes-short", "90 of 90 minutes undocumented")
    assert report.summary["minutes-short"] == 1 and ot in report.gaps


def test_one_session_undocumented_is_not_yet_short(tmp_path: Path) -> None:
    # 2 × 30 a week, 2–20 Nov with 11 Nov off: 180 owed; 150 logged: 30 undocumented = one
    # session: ok. 120 logged: 60 undocumented: minutes-short.
    week = Period(since=date(2026, 11, 2), until=date(2026, 11, 20))
    logged = write_log(tmp_path / "a.log.json",
                       entry("2026-11-19", "speech", kind="service-log", minutes=150))
    assert _status(build_report(make_plan(), logged, week), "speech").status == "ok"
    short = write_log(tmp_path / "b.log.json",
                      entry("2026-11-19", "speech", kind="service-log", minutes=120))
    speech = _status(build_report(make_plan(), short, week), "speech")
    assert (speech.status, speech.reason) == ("minutes-short", "60 of 180 minutes undocumented")


def test_minutes_short_uses_the_session_length_at_the_windows_end(tmp_path: Path) -> None:
    # 30-minute sessions until 15 Nov, 60-minute ones from 16 Nov (once a week): 2–20 Nov owe
    # 30 + 30 + 60 = 120; 75 logged leaves 45, less than one 60-minute session.
    plan = make_plan(services=[{"id": "ot", "name": "OT", "minutes": 30, "per": "week",
                                "changes": [{"from": "2026-11-16", "minutes": 60}]}])
    entries = write_log(tmp_path / "t.log.json",
                        entry("2026-11-19", "ot", kind="service-log", minutes=75))
    report = build_report(plan, entries, Period(date(2026, 11, 2), date(2026, 11, 20)))
    assert _status(report, "ot").minutes.unaccounted == 45
    assert _status(report, "ot").status == "ok"


def test_weaker_statuses_come_before_minutes_short(tmp_path: Path) -> None:
    entries = write_log(tmp_path / "t.log.json",
                        entry("2026-11-19", "speech", finding="partial"))
    report = build_report(make_plan(), entries, Period(date(2026, 11, 2), date(2026, 11, 20)))
    speech = _status(report, "speech")
    assert (speech.status, speech.reason) == ("partial", None)


# --- service logs covering a range -----------------------------------------------------------

RANGE_PLAN = {"calendar": {"no_school": ["2026-09-07"]},
              "services": [{"id": "speech", "name": "Speech", "minutes": 30, "times": 2,
                            "per": "week"}],
              "accommodations": []}


def test_a_range_log_gives_each_period_its_share(tmp_path: Path) -> None:
    # docs/minutes.md: 240 minutes for 1–30 Sep 2026, 2 × 30 a week, Labor Day off: 1–15 Sep
    # weighs 132 of 264: 120 minutes; 16–30 Sep the other 120.
    plan = make_plan(**RANGE_PLAN)
    entries = write_log(tmp_path / "t.log.json",
                        entry("2026-09-30", "speech", kind="service-log", minutes=240,
                              covers_from=date(2026, 9, 1)))
    first = build_report(plan, entries, Period(date(2026, 9, 1), date(2026, 9, 15)))
    second = build_report(plan, entries, Period(date(2026, 9, 16), date(2026, 9, 30)))
    assert _status(first, "speech").minutes.delivered == 120
    assert _status(second, "speech").minutes.delivered == 120
    assert _status(first, "speech").last_evidence == date(2026, 9, 15)


def test_a_range_log_before_the_period_credits_nothing(tmp_path: Path) -> None:
    # "17 Aug – 30 Oct: 1,680 min" entered on 16 Nov must not credit a 2–20 Nov report.
    entries = write_log(tmp_path / "t.log.json",
                        entry("2026-10-30", "speech", kind="service-log", minutes=1680,
                              covers_from=date(2026, 8, 17)))
    report = build_report(make_plan(), entries, Period(date(2026, 11, 2), date(2026, 11, 20)))
    speech = _status(report, "speech")
    assert (speech.status, speech.minutes.delivered, speech.evidence_count) == (
        "no-evidence", 0, 0)


def test_range_shares_know_the_childs_absences_outside_the_period(tmp_path: Path) -> None:
    # 240 for 1–30 Sep; the child was absent the whole week of 21 Sep (no share there), so
    # the 204 counted weight of 1–30 Sep is 132 in 1–15 Sep: 240 × 132 / 204 = 155.29 -> 155.
    plan = make_plan(**RANGE_PLAN)
    entries = write_log(tmp_path / "t.log.json",
                        *(entry(f"2026-09-{d}", kind="absence") for d in range(21, 26)),
                        entry("2026-09-30", "speech", kind="service-log", minutes=240,
                              covers_from=date(2026, 9, 1)))
    first = build_report(plan, entries, Period(date(2026, 9, 1), date(2026, 9, 15)))
    assert _status(first, "speech").minutes.delivered == 155


def test_delivered_sums_exact_shares_and_rounds_once(tmp_path: Path) -> None:
    # Three range logs of 100 minutes over 1–30 Sep each give 1–15 Sep 50 exactly; with
    # 60 a month (every school day weighs 60/21), each gives 100 × 10/21 = 47.62: summed
    # exactly 142.86 -> 143 (rounding each first would give 144).
    plan = make_plan(services=[{"id": "speech", "name": "Speech", "minutes": 60,
                                "per": "month"}], calendar={"no_school": ["2026-09-07"]},
                     accommodations=[])
    entries = write_log(tmp_path / "t.log.json",
                        *(entry("2026-09-30", "speech", kind="service-log", minutes=100,
                                covers_from=date(2026, 9, 1)) for _ in range(3)))
    first = build_report(plan, entries, Period(date(2026, 9, 1), date(2026, 9, 15)))
    assert _status(first, "speech").minutes.delivered == 143


def test_more_delivered_than_owed_warns_of_a_double_entry(tmp_path: Path) -> None:
    # 2–20 Nov owe 180 (11 Nov off); the September-to-November range log repeats sessions
    # logged one by one.
    entries = write_log(tmp_path / "t.log.json",
                        *(entry(f"2026-11-{d}", "speech", kind="service-log", minutes=30)
                          for d in ("03", "05", "10", "12", "17", "19")),
                        entry("2026-11-20", "speech", kind="service-log", minutes=180,
                              covers_from=date(2026, 11, 2)))
    report = build_report(make_plan(), entries, Period(date(2026, 11, 2), date(2026, 11, 20)))
    assert _status(report, "speech").minutes.delivered == 360
    assert report.warnings[-1] == (
        "Speech (speech): 360 minutes delivered but 180 owed in the weeks or months of the "
        "period; possible double entry (a session logged twice, or a service log over a range "
        "repeating sessions already logged)")


def test_a_monthly_service_delivered_early_in_its_month_is_not_a_double_entry(
        tmp_path: Path) -> None:
    # Counseling's 60 for December, both sessions on 1 Dec: the period's own share is 3,
    # but December owes 60.
    entries = write_log(tmp_path / "t.log.json",
                        entry("2026-12-01", "counseling", kind="service-log", minutes=60))
    report = build_report(make_plan(), entries, Period(date(2026, 12, 1), date(2026, 12, 1)))
    assert not any("double entry" in w for w in report.warnings)


def test_totals_sum_the_services_with_minutes(tmp_path: Path) -> None:
    report = build_report(make_plan(accommodations=[]), [], PERIOD)
    totals = report.totals
    assert totals is not None
    assert totals.required == sum(i.minutes.required for i in report.items if i.minutes)
    assert build_report(make_plan(services=[]), [], PERIOD).totals is None
    assert build_report(make_plan(services=[]), [], PERIOD).as_json()["totals"] is None
