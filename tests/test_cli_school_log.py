"""import-log through the real entry point: the school's rows kept as the school's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iepcheck.store.logbook import evidence_dir, read_log
from tests import school_logs

AS_OF = "2026-11-20"


@pytest.fixture
def robin(tmp_path: Path) -> Path:
    path = tmp_path / "robin.toml"
    path.write_text(school_logs.PLAN)
    return path


def _import(cli, plan: Path, *args: object):
    return cli("import-log", *map(str, args), "--plan", str(plan), "--as-of", AS_OF)


def test_a_samegoal_export_imports_as_the_schools_rows(cli, robin) -> None:
    export = school_logs.samegoal_csv(robin.parent)
    done = _import(cli, robin, export)
    assert done.code == 1, done.stderr  # two rows refused, the rest recorded
    assert "SameGoal servicelog.csv" in done.stderr
    assert "refused servicelog.csv row 16: the service 'Counseling'" in done.stderr
    assert "refused servicelog.csv row 17: the attendance code 'Snowed In'" in done.stderr
    assert "imported 17, skipped 0 as already imported, refused 2" in done.stderr
    entries = read_log(robin.with_name("robin.log.json"))
    assert len(entries) == 17
    assert all(e.source == "school" and e.kind == "service-log" for e in entries)
    by_row = {e.school_row.row: e for e in entries}
    assert (by_row[3].finding, by_row[3].reason, by_row[3].minutes) == (
        "not-implemented", "provider-absent", 30)
    assert (by_row[15].finding, by_row[15].reason) == ("not-implemented", "student-absent")
    assert (by_row[8].finding, by_row[8].reason) == ("not-implemented", "cancelled")
    assert by_row[8].school_row.code == "Cancelled - Testing"
    assert by_row[5].finding == "implemented" and str(by_row[5].school_row.makes_up) == "2026-09-30"
    assert (by_row[14].finding, by_row[14].minutes) == (None, 0)  # a holiday: no session
    assert by_row[10].school_row.setting == "group" and by_row[2].who == "Ms. Park"
    assert by_row[2].note == "servicelog.csv row 2: Present"
    assert by_row[2].school_row.citation == "servicelog.csv row 2"
    kept = evidence_dir(robin.with_name("robin.log.json")) / Path(
        by_row[2].attachments[0].path).name
    assert kept.read_bytes() == export.read_bytes()  # the original, kept whole


def test_importing_the_same_file_twice_records_nothing_new(cli, robin) -> None:
    export = school_logs.samegoal_csv(robin.parent)
    _import(cli, robin, export)
    log = robin.with_name("robin.log.json")
    before = log.read_bytes()
    again = _import(cli, robin, export)
    assert "imported 0, skipped 17 as already imported, refused 2" in again.stderr
    assert "skipped servicelog.csv row 2: already imported as #1" in again.stderr
    assert log.read_bytes() == before


def test_a_dry_run_prints_and_records_nothing(cli, robin) -> None:
    export = school_logs.samegoal_csv(robin.parent)
    done = _import(cli, robin, export, "--dry-run")
    assert ("would record row 3: 2026-09-30 speech, 30 min, Provider Absent → not-implemented "
            "(provider-absent)") in done.stdout
    assert "would import 17" in done.stderr
    assert not robin.with_name("robin.log.json").exists()


def test_infinite_campus_and_sesis_shapes_are_recognised(cli, robin) -> None:
    campus = _import(cli, robin, school_logs.campus_csv(robin.parent))
    assert campus.code == 0, campus.stderr
    assert "Infinite Campus service log" in campus.stderr
    sesis = _import(cli, robin, school_logs.sesis_csv(robin.parent), "--service", "speech")
    assert sesis.code == 0, sesis.stderr
    assert "SESIS encounter list" in sesis.stderr
    entries = read_log(robin.with_name("robin.log.json"))
    assert [(e.items, e.minutes, e.finding) for e in entries] == [
        (("ot",), 30, "implemented"), (("ot",), 30, "not-implemented"),
        (("speech",), 30, "implemented"), (("speech",), 45, "implemented")]
    assert entries[3].school_row.setting == "group" and entries[3].school_row.start == "1:00 PM"


def test_other_columns_are_named_with_columns(cli, robin, tmp_path) -> None:
    export = tmp_path / "mine.csv"
    export.write_bytes(school_logs.to_csv(["When", "Mins", "What"],
                                          [["2026-10-01", "25", "ot"]]))
    refused = _import(cli, robin, export)
    assert refused.code == 2 and "--columns" in refused.stderr
    done = _import(cli, robin, export, "--columns", "date=When,minutes=Mins,service=What")
    assert done.code == 0, done.stderr
    assert read_log(robin.with_name("robin.log.json"))[0].minutes == 25


def test_an_xlsx_export_imports_like_its_csv(cli, robin) -> None:
    pytest.importorskip("python_calamine", reason="the xlsx extra is not installed")
    pytest.importorskip("openpyxl", reason="openpyxl writes the test workbook")
    done = _import(cli, robin, school_logs.samegoal_xlsx(robin.parent))
    assert "imported 17" in done.stderr, done.stderr
    entries = read_log(robin.with_name("robin.log.json"))
    assert [(e.date, e.minutes, e.finding) for e in entries][:3] == [
        (e.date, e.minutes, e.finding) for e in _csv_entries(robin)][:3]


def test_a_printed_log_imports_like_its_csv(cli, robin) -> None:
    """A PDF printout of the same export, over two pages with its header repeated: the same
    entries as the CSV, each citing its row counted down the printout."""
    pytest.importorskip("pdfplumber", reason="the pdf extra is not installed")
    pytest.importorskip("reportlab", reason="reportlab builds the test printout")
    done = _import(cli, robin, school_logs.samegoal_pdf(robin.parent))
    assert "imported 17" in done.stderr, done.stderr
    entries = read_log(robin.with_name("robin.log.json"))
    assert [(e.date, e.minutes, e.finding, e.reason) for e in entries] == [
        (e.date, e.minutes, e.finding, e.reason) for e in _csv_entries(robin)]
    assert "servicelog.pdf row" in (entries[0].note or "")


@pytest.mark.parametrize(("shape", "service", "preset"), [
    ("CAMPUS", None, "Infinite Campus service log"), ("SESIS", "speech", "SESIS encounter list")])
def test_the_other_presets_import_from_xlsx_too(cli, robin, shape, service, preset) -> None:
    pytest.importorskip("python_calamine", reason="the xlsx extra is not installed")
    pytest.importorskip("openpyxl", reason="openpyxl writes the test workbook")
    book = school_logs.as_xlsx(robin.parent, f"{shape.lower()}.xlsx",
                               *getattr(school_logs, shape))
    done = _import(cli, robin, book, *(("--service", service) if service else ()))
    assert done.code == 0, done.stderr
    assert preset in done.stderr and "imported 2" in done.stderr


def _csv_entries(robin: Path):
    from datetime import date

    from iepcheck.evidence.school_rows import Source, layout_of, plan_rows
    from iepcheck.store.plan_file import load_plan
    from iepcheck.store.school_log import table_of_csv

    header, rows = table_of_csv(school_logs.to_csv(school_logs.SAMEGOAL_HEADER,
                                                   school_logs.samegoal_rows()))
    planned = plan_rows(rows, layout_of(header), Source("s.csv", "0" * 64),
                        load_plan(robin), [], today=date(2026, 11, 20))
    return [d for _, d in planned.to_record]


_ROW = st.tuples(st.dates(min_value=__import__("datetime").date(2026, 9, 1),
                          max_value=__import__("datetime").date(2026, 11, 20)),
                 st.integers(0, 600), st.sampled_from(["Present", "Provider Absent",
                                                       "Student Absent", "Cancelled", "Make-up",
                                                       "Bogus"]))


@settings(max_examples=50, deadline=None)
@given(st.lists(_ROW, max_size=30))
def test_the_minutes_recorded_are_the_files_minutes_for_every_accepted_row(rows) -> None:
    import tomllib
    from datetime import date

    from iepcheck.evidence.school_rows import Source, layout_of, plan_rows
    from iepcheck.plan.model import Plan
    from iepcheck.store.school_log import table_of_csv

    plan = Plan.model_validate(tomllib.loads(school_logs.PLAN))
    raw = school_logs.to_csv(["Service Date", "Service", "Duration Mins", "Provider Name",
                              "Attendance"],
                             [[d.isoformat(), "ot", str(m), "Mr. Ode", c] for d, m, c in rows])
    header, table = table_of_csv(raw)
    planned = plan_rows(table, layout_of(header), Source("f.csv", "0" * 64), plan, [],
                        today=date(2026, 11, 20))
    accepted = {n for n, _ in planned.to_record}
    assert accepted | {n for n, _ in planned.refused} == {n for n, _ in table}
    for number, draft in planned.to_record:
        assert draft.minutes == rows[number - 2][1]
    assert {n for n, _ in planned.refused} == {n for n, (_, _, c) in
                                               zip(range(2, len(rows) + 2), rows) if c == "Bogus"}
    assert json.dumps(len(accepted))  # every accepted row is one draft


def _term(cli, robin: Path) -> None:
    """The SameGoal term imported, and the family's own evidence beside it."""
    _import(cli, robin, school_logs.samegoal_csv(robin.parent))
    for args in (("speech", "-k", "absence", "-d", "2026-10-27"),
                 ("speech", "-k", "visit", "-d", "2026-10-29", "-f", "not-implemented"),
                 ("speech", "-k", "service-log", "-d", "2026-09-28", "--minutes", "30")):
        done = cli("log", *args, "--plan", str(robin), "--as-of", AS_OF)
        assert done.code == 0, done.stderr


def _reconcile(cli, robin: Path, *args: str):
    done = cli("reconcile", "--since", "2026-09-28", "--until", "2026-11-06", *args,
               "--plan", str(robin), "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    return done


def test_reconcile_lists_each_planted_conflict_once_with_both_sides(cli, robin) -> None:
    _term(cli, robin)
    found = json.loads(_reconcile(cli, robin, "--format", "json").stdout)
    conflicts = [(c["day"], c["service"], c["kind"], c["school"], c["family"])
                 for c in found["conflicts"]]
    assert conflicts == [
        ("2026-10-05", "ot", "week-skipped", [], []),
        ("2026-10-06", "speech", "overlap",
         ["#5 servicelog.csv row 6", "#6 servicelog.csv row 7"], []),
        ("2026-10-12", "ot", "week-skipped", [], []),
        ("2026-10-12", "speech", "no-school-day", ["#8 servicelog.csv row 9"], []),
        ("2026-10-14", "speech", "group-not-individual", ["#9 servicelog.csv row 10"], []),
        ("2026-10-15", "speech", "longer-than-a-day", ["#10 servicelog.csv row 11"], []),
        ("2026-10-19", "speech", "week-skipped", [], []),
        ("2026-10-22", "ot", "too-many-in-a-day",
         ["#15 servicelog.csv row 18", "#16 servicelog.csv row 19",
          "#17 servicelog.csv row 20"], []),
        ("2026-10-26", "ot", "week-skipped", [], []),
        ("2026-10-27", "speech", "family-absence", ["#11 servicelog.csv row 12"],
         ["#18 absence"]),
        ("2026-10-29", "speech", "family-says-not", ["#12 servicelog.csv row 13"],
         ["#19 visit"]),
        ("2026-11-02", "ot", "week-skipped", [], []),
    ]


def test_reconcile_shows_both_voices_never_summed(cli, robin) -> None:
    _term(cli, robin)
    found = json.loads(_reconcile(cli, robin, "--service", "speech", "--format", "json").stdout)
    first = found["weeks"][0]
    assert (first["owed_minutes"], first["school_minutes"], first["family_minutes"]) == (
        60, 60, 30)  # 09-28 and the 10-02 make-up; the family's own 30 on 09-28
    assert {w["service"] for w in found["weeks"]} == {"speech"}
    text = _reconcile(cli, robin, "--service", "speech").stdout
    assert "school's log claims" in text and "family's evidence" in text
    for format in ("markdown", "csv", "html"):
        shown = _reconcile(cli, robin, "--format", format).stdout
        assert "servicelog.csv row 13" in shown and "#19 visit" in shown


def test_records_questions_asks_about_each_conflict_citing_both_sides(cli, robin) -> None:
    _term(cli, robin)
    done = cli("letter", "records-questions", "ms-park", "--since", "2026-09-28",
               "--until", "2026-11-06", "--plan", str(robin), "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    questions = [line for line in done.stdout.splitlines() if line[:1].isdigit()]
    assert len(questions) == 12
    assert ("10. Speech-Language Therapy, 27 Oct 2026: the log records a session on a day I "
            "recorded Robin as absent (the school's log: #11 servicelog.csv row 12; my "
            "record: #18 absence).") in questions
    assert any("480 min logged for one session" in q and "row 11" in q for q in questions)
    assert "I am not assuming either record is wrong" in done.stdout


def test_records_questions_with_nothing_to_ask_is_one_line(cli, robin) -> None:
    done = cli("letter", "records-questions", "ms-park", "--plan", str(robin), "--as-of", AS_OF)
    assert done.code == 2 and "no conflict" in done.stderr


def test_the_report_shows_both_voices_in_every_format(cli, robin) -> None:
    _term(cli, robin)
    args = ("report", "--since", "2026-09-28", "--until", "2026-11-06", "--plan", str(robin),
            "--as-of", AS_OF)
    document = json.loads(cli(*args, "--format", "json").stdout)
    assert document["delivered_by_source"] == [{"id": "speech", "school": 720, "family": 30},
                                               {"id": "ot", "school": 120, "family": 0}]
    warning = ("speech: the school's log reports 720 min and the family's evidence shows 30 "
               "min; 'delivered' counts a day both recorded once (the larger), so compare the "
               "two columns ('iepcheck reconcile' sets them week by week)")
    assert [w for w in document["warnings"] if "both recorded once" in w] == [warning]
    table = cli(*args).stdout
    assert "as the school's log reports" in table and "as the family's evidence shows" in table
    assert "delivered_school,delivered_family" in cli(*args, "--format", "csv").stdout
    for format in ("markdown", "html"):
        assert "never added together" in cli(*args, "--format", format).stdout


def test_a_record_without_the_schools_log_reports_as_before(cli, robin) -> None:
    cli("log", "speech", "-k", "visit", "-d", "2026-10-01", "--plan", str(robin), "--as-of", AS_OF)
    done = cli("report", "--plan", str(robin), "--as-of", AS_OF, "--format", "json")
    assert "delivered_by_source" not in json.loads(done.stdout)


def test_the_readme_reconcile_table_is_what_the_tool_prints(cli, robin) -> None:
    from tests.conftest import ROOT

    _term(cli, robin)
    shown = _reconcile(cli, robin, "--service", "speech").stdout
    readme = (ROOT / "README.md").read_text()
    pasted = readme.split("service  week  ", 1)[1].split("```", 1)[0]
    assert "service  week  " + pasted.rstrip("\n") in shown


def test_a_missing_file_or_a_printout_is_one_line(cli, robin, tmp_path) -> None:
    missing = _import(cli, robin, tmp_path / "nothere.csv")
    assert missing.code == 2 and "no service log at" in missing.stderr
    printout = tmp_path / "log.pdf"
    printout.write_bytes(b"%PDF-1.4\n")  # a damaged printout
    refused = _import(cli, robin, printout)
    assert refused.code == 2 and refused.stderr.count("\n") == 1, refused.stderr
    if "extra" not in refused.stderr:  # without pdfplumber: how to install it
        assert "not a PDF iepcheck can open" in refused.stderr
    assert not robin.with_name("robin.log.json").exists()


def test_a_session_both_sides_recorded_is_delivered_once() -> None:
    """The school logs a 30-min session and the parent's visit saw the same session: the
    report's `delivered` is 30, not 60; a day only one side recorded counts as it is."""
    from datetime import date

    from iepcheck.evidence.tally import ItemTally, count_sessions_once

    counts = ItemTally(window=(date(2026, 10, 1), date(2026, 10, 31)), delivered=180,
                       school_days={date(2026, 10, 5): 30, date(2026, 10, 6): 60},
                       family_days={date(2026, 10, 5): 30, date(2026, 10, 6): 30,
                                    date(2026, 10, 7): 30})
    count_sessions_once(counts)
    assert counts.delivered == 30 + 60 + 30  # each day once: the larger of the two voices
