"""Annual goals through the real entry point: the plan, measurements, the report, due.

The worked example (docs/goals.md) is computed by hand in the docstring of
`test_worked_example_two_goals_three_progress_reports`.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import snapshot, write_plan
from tests.test_startup import loaded, modules_after

WORKED_PLAN = """\
[student]
name = "Ada Test"

[plan]
kind = "IEP"
start = 2026-08-24
end = 2027-06-30
progress_reports = [2026-10-31, 2027-01-29, 2027-04-29]

[[staff]]
id = "mrs-patel"
name = "Mrs. Patel"
case_manager = true

[[services]]
id = "reading"
name = "Reading instruction"
minutes = 45
times = 1
per = "day"
provider = "mrs-patel"

[[goals]]
id = "fluency"
area = "reading"
statement = "Reads a grade-level passage at 90 words correct per minute"
measure = "wcpm"
baseline = {value = 60, date = 2026-09-01}
target = {value = 90, date = 2027-06-28}
services = ["reading"]

[[goals]]
id = "seat"
area = "behavior"
statement = "Leaves her seat without permission at most twice a week"
measure = "times a week"
baseline = {value = 10, date = 2026-09-01}
target = {value = 2, date = 2027-06-28}
direction = "down"
"""


@pytest.fixture
def worked(cli, tmp_path: Path) -> Path:
    """The worked example's plan, and its log written through `iepcheck log`."""
    plan = write_plan(tmp_path, "ada", WORKED_PLAN)
    for args in (
        ["fluency=62", "seat=9", "-d", "2026-10-31", "--who", "mrs-patel"],       # 1
        ["fluency", "--value", "71", "-d", "2027-01-29", "--who", "mrs-patel"],  # 2
        ["seat=7", "-d", "2027-02-03", "--who", "mrs-patel"],                    # 3: late
    ):
        done = cli("log", *args, "-k", "progress-report", "--plan", plan, "--as-of", "2027-05-10")
        assert done.code == 0, done.stderr
    done = cli("log", "fluency=70", "-k", "note", "-d", "2027-03-15", "--note", "my own probe",
               "--plan", plan, "--as-of", "2027-05-10")                          # 4: a probe
    assert done.code == 0, done.stderr
    done = cli("log", "fluency=81", "seat=2", "reading", "-k", "progress-report", "-d",
               "2027-04-29", "--who", "mrs-patel", "--plan", plan, "--as-of", "2027-05-10")  # 5
    assert done.code == 0, done.stderr
    assert done.stdout.startswith("#5 2027-04-29 progress-report reading fluency seat: "
                                  "implemented, fluency = 81; seat = 2")
    return plan


def _json(cli, *args: str) -> dict:
    done = cli(*args, "--format", "json")
    assert done.code == 0, done.stderr
    return json.loads(done.stdout)


def test_worked_example_two_goals_three_progress_reports(cli, worked: Path) -> None:
    """Two goals, three progress reports, one goal behind twice in a row.

    Both goals run from 1 Sep 2026 to 28 Jun 2027: 300 days. Progress reports fall on day 60
    (31 Oct), day 150 (29 Jan) and day 240 (29 Apr).

    fluency (up): 60 → 90, distance 30, a tenth of it 3.
      expected = 60 + 30 × day ÷ 300 = 60 + day ÷ 10
      day 60: 66, behind below 63: measured 62 → behind
      day 150: 75, behind below 72: measured 71 → behind  (twice in a row: meeting request)
      day 195 (15 Mar, the parent's own probe, a note): 70, shown beside the report of
        record (29 Jan: 71, expected 75 → behind), which stays the verdict
      day 240: 84, behind below 81: measured 81, exactly a tenth short → on-track
    seat (down): 10 → 2, distance 8, a tenth of it 0.8.
      expected = 10 − 8 × day ÷ 300
      day 60: 8.4, behind above 9.2: measured 9 → on-track
      the report of 29 Jan measures it only on 3 Feb (day 155): 10 − 8 × 155 ÷ 300
        = 5.8666…, behind above 6.6666…: measured 7 → behind (once: the report before was
        on-track, so no meeting request)
      day 240: measured 2 = the target → met

    due as of 30 Jan 2027: the report of 29 Jan has measured fluency only (seat's
    measurement is dated 3 Feb, after 30 Jan) → ask for it for seat; fluency behind at
    31 Oct (62, expected 66) and 29 Jan (71, expected 75) → meeting request.
    due as of 5 Feb: every goal measured since 29 Jan → no report to ask for; the meeting
    request stands (the probe of 15 Mar is not a progress report, and is not yet known).
    due as of 1 May: fluency on-track at 29 Apr → no meeting request.
    """
    early = _json(cli, "due", "--plan", worked, "--as-of", "2027-01-30")
    assert early["progress_reports"] == [{
        "date": "2027-01-29", "goals": ["seat"], "ask": "mrs-patel",
        "next_step": "Ask Mrs. Patel for the progress report of 29 Jan 2027: no measurement of "
                     "seat logged from it yet"}]
    assert early["meeting_requests"] == [{
        "goal": "fluency",
        "reports": [
            {"date": "2026-10-31", "value": 62, "measured_on": "2026-10-31", "entry": 1,
             "expected": 66.0, "verdict": "behind"},
            {"date": "2027-01-29", "value": 71, "measured_on": "2027-01-29", "entry": 2,
             "expected": 75.0, "verdict": "behind"}],
        "next_step": "Write to Mrs. Patel requesting an IEP meeting: fluency was behind at the "
                     "progress reports of 31 Oct 2026 (62 wcpm, expected 66) and 29 Jan 2027 "
                     "(71 wcpm, expected 75)"}]

    february = _json(cli, "due", "--plan", worked, "--as-of", "2027-02-05")
    assert february["progress_reports"] == []
    assert [m["goal"] for m in february["meeting_requests"]] == ["fluency"]

    march = _json(cli, "report", "--plan", worked, "--as-of", "2027-03-20")
    assert [(g["id"], g["latest"]["value"], g["latest"]["date"], g["latest"]["entry"],
             g["latest"]["kind"], g["expected"], g["verdict"]) for g in march["goals"]] == [
        ("fluency", 71, "2027-01-29", 2, "progress-report", 75.0, "behind"),
        ("seat", 7, "2027-02-03", 3, "progress-report", 5.87, "behind"),
    ]
    assert [(g["newer"] or {}).get("entry") for g in march["goals"]] == [4, None]

    may = _json(cli, "due", "--plan", worked, "--as-of", "2027-05-01")
    assert may["meeting_requests"] == [] and may["progress_reports"] == []
    report = _json(cli, "report", "--plan", worked, "--as-of", "2027-05-01")
    assert report["goals"] == [
        {"id": "fluency", "area": "reading",
         "statement": "Reads a grade-level passage at 90 words correct per minute",
         "measure": "wcpm", "direction": "up",
         "baseline": {"value": 60, "date": "2026-09-01"},
         "target": {"value": 90, "date": "2027-06-28"},
         "latest": {"value": 81, "date": "2027-04-29", "entry": 5, "kind": "progress-report",
                    "who": "mrs-patel"},
         "expected": 84.0, "verdict": "on-track", "newer": None},
        {"id": "seat", "area": "behavior",
         "statement": "Leaves her seat without permission at most twice a week",
         "measure": "times a week", "direction": "down",
         "baseline": {"value": 10, "date": "2026-09-01"},
         "target": {"value": 2, "date": "2027-06-28"},
         "latest": {"value": 2, "date": "2027-04-29", "entry": 5, "kind": "progress-report",
                    "who": "mrs-patel"},
         "expected": 3.6, "verdict": "met", "newer": None},
    ]


def test_due_shows_the_rows_in_its_table(cli, worked: Path) -> None:
    done = cli("due", "--plan", worked, "--as-of", "2027-01-30")
    assert done.code == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "Goals behind at two progress reports: request a meeting" in text
    assert "Progress reports to ask for" in text
    assert "fluency was behind at the progress reports of 31 Oct 2026" in text


def test_every_report_format_carries_the_goals(cli, worked: Path) -> None:
    args = ("report", "--plan", worked, "--as-of", "2027-03-20")
    table = " ".join(cli(*args).stdout.split())
    assert "Annual goals (2 goals: 2 behind)" in table
    assert "71 on 29 Jan" in table and "75" in table
    assert "newer, not the verdict: 70 on 15 Mar" in table and "#4 note" in table
    markdown = cli(*args, "--format", "markdown").stdout
    assert "## Annual goals" in markdown
    assert "| **behind** | Reads a grade-level passage" in markdown
    rows = list(csv.DictReader(io.StringIO(cli(*args, "--format", "csv").stdout)))
    goals = [r for r in rows if r["kind"] == "goal"]
    assert [(r["id"], r["status"], r["latest_value"], r["latest_entry"], r["expected"])
            for r in goals] == [("fluency", "behind", "71", "2", "75.0"),
                                ("seat", "behind", "7", "3", "5.87")]
    assert all(r["goal_area"] == "" for r in rows if r["kind"] != "goal")
    html = cli(*args, "--format", "html").stdout
    assert html.count("<figure class=\"goal\">") == 2 and "<script" not in html
    assert '<td class="status behind">behind</td>' in html
    assert "<metadata>" not in html


def test_the_html_chart_is_the_same_bytes_every_time(cli, worked: Path) -> None:
    args = ("report", "--plan", worked, "--as-of", "2027-03-20", "--format", "html")
    assert cli(*args).stdout == cli(*args).stdout


def test_the_timeline_shows_measurements_with_their_source(cli, worked: Path) -> None:
    done = cli("timeline", "--plan", worked, "--as-of", "2027-05-10", "--item", "seat")
    assert done.code == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and "seat =" in line]
    assert [row.split(" | ")[1:6] for row in rows] == [
        ["2026-10-31", "progress-report", "", "Mrs. Patel", "fluency = 62 wcpm; seat = 9 times a week"],
        ["2027-02-03", "progress-report", "", "Mrs. Patel", "seat = 7 times a week"],
        ["2027-04-29", "progress-report", "reading", "Mrs. Patel",
         "implemented, fluency = 81 wcpm; seat = 2 times a week"],
    ]
    sheet = cli("timeline", "--plan", worked, "--as-of", "2027-05-10", "--format", "csv")
    measured = [r["measurements"] for r in csv.DictReader(io.StringIO(sheet.stdout))]
    assert "fluency = 70 wcpm" in measured


def test_a_retracted_measurement_counts_for_nothing(cli, worked: Path) -> None:
    assert cli("retract", "4", "--reason", "misread the stopwatch", "--plan", worked,
               "--as-of", "2027-05-10").code == 0
    march = _json(cli, "report", "--plan", worked, "--as-of", "2027-03-20")
    assert march["goals"][0]["latest"]["entry"] == 2


# Refusals: one line, exit 2, nothing written ------------------------------------------------


@pytest.mark.parametrize("args, says", [
    (["fluency", "-k", "progress-report"], "'fluency' is a goal: give the value measured"),
    (["reading", "-k", "progress-report", "--value", "3"], "--value: name the goal it measures"),
    (["fluency", "seat", "-k", "progress-report", "--value", "3"], "exactly one goal"),
    (["fluency=3", "-k", "progress-report", "--value", "3"], "exactly one goal"),
    (["fluency=3", "-k", "visit"], "--kind: a 'visit' measures no goal"),
    (["fluency=3", "-k", "email-received"], "measures no goal"),
    (["fluency=3", "-k", "service-log", "--minutes", "30"], "--minutes: a measurement"),
    (["fluency=3", "-k", "note", "--finding", "partial"], "--finding: a finding is about"),
    (["reading=62", "-k", "progress-report"], "reading=62: 'reading' is a service, not a goal"),
    (["fluency=implemented", "-k", "progress-report"], "fluency=implemented: not a measured"),
    (["fluency=nan", "-k", "progress-report"], "fluency=nan: not a measured value"),
    (["fluency=1e99", "-k", "progress-report"], "at most 1,000,000,000"),
    (["fluency", "-k", "note", "--value", "inf"], "--value inf: not a measured value"),
    (["fluncy=3", "-k", "note"], "unknown item 'fluncy' (did you mean fluency?)"),
    (["fluency=3", "fluency=4", "-k", "note"], "named twice"),
])
def test_a_bad_measurement_is_refused(cli, worked: Path, args: list[str], says: str) -> None:
    log = worked.with_name("ada.log.json")
    before = snapshot(log)
    done = cli("log", *args, "--plan", worked, "--as-of", "2027-05-10")
    assert done.code == 2 and says in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert snapshot(log) == before


# add-item goal and amend ---------------------------------------------------------------------


def test_add_item_goal_appends_a_goals_table(cli, worked: Path) -> None:
    done = cli("add-item", "goal", "Solves 20 facts a minute", "--id", "math-facts",
               "--area", "math", "--measure", "facts a minute", "--baseline", "8@2026-09-01",
               "--target", "20", "--services", "reading", "--plan", worked)
    assert done.code == 0, done.stderr
    assert done.stdout == "math-facts\n"
    assert worked.read_text().endswith(
        '\n[[goals]]\nid = "math-facts"\narea = "math"\nstatement = "Solves 20 facts a minute"\n'
        'measure = "facts a minute"\nbaseline = {value = 8, date = 2026-09-01}\n'
        'target = {value = 20}\nservices = [\n    "reading",\n]\n')
    report = _json(cli, "report", "--plan", worked, "--as-of", "2027-05-01")
    added = report["goals"][2]
    assert added["target"] == {"value": 20, "date": "2027-06-30"}  # the plan's end
    assert added["verdict"] == "no-data" and added["latest"] is None
    down = cli("add-item", "goal", "Fewer outbursts", "--id", "outbursts", "--area", "behavior",
               "--measure", "a week", "--baseline", "6.5@2026-09-01", "--target",
               "1.5@2027-06-01", "--direction", "down", "--plan", worked)
    assert down.code == 0, down.stderr
    assert 'baseline = {value = 6.5, date = 2026-09-01}\ntarget = {value = 1.5, date = ' \
           '2027-06-01}\ndirection = "down"\n' in worked.read_text()


@pytest.mark.parametrize("args, says", [
    (["--area", "math", "--measure", "x", "--baseline", "8@2026-09-01", "--target", "20"],
     "--id: a goal needs a short id"),
    (["--id", "g", "--measure", "x", "--baseline", "8@2026-09-01", "--target", "20"],
     "--area: a goal needs"),
    (["--id", "g", "--area", "math", "--measure", "x", "--baseline", "8", "--target", "20"],
     "--baseline: give the value and the day it was measured"),
    (["--id", "g", "--area", "math", "--measure", "x", "--baseline", "eight@2026-09-01",
      "--target", "20"], "--baseline eight: not a measured value"),
    (["--id", "g", "--area", "math", "--measure", "x", "--baseline", "8@2026-09-01",
      "--target", "2"], ("--direction: target.value (2) is below baseline.value (8) but direction "
                        "is \"up\"; give --direction down")),
    (["--id", "g", "--area", "math", "--measure", "x", "--baseline", "8@2026-09-01",
      "--target", "8"], "target.value equals baseline.value"),
    (["--id", "g", "--area", "math", "--measure", "x", "--baseline", "8@2026-09-01",
      "--target", "20@2027-08-01"], "--target: 2027-08-01 is outside the plan's dates"),
    (["--id", "g", "--area", "math", "--measure", "x", "--baseline", "8@2027-06-30",
      "--target", "20"], "--target: 2027-06-30 is not after baseline.date"),
    (["--id", "g", "--area", "math", "--measure", "x", "--baseline", "8@2026-09-01",
      "--target", "20", "--services", "speech"], "--services: 'speech' is not a service id"),
    (["--id", "seat", "--area", "math", "--measure", "x", "--baseline", "8@2026-09-01",
      "--target", "20"], "--id: id 'seat' is already used by goals[2].id"),
    (["--id", "g", "--area", "a\x1b[2Jb", "--measure", "x", "--baseline", "8@2026-09-01",
      "--target", "20"], "--area: contains a control character (U+001B)"),
    (["--id", "g", "--area", "math", "--measure", "x", "--baseline", "8@2026-09-01",
      "--target", "20", "--minutes", "30"], "--minutes: only for a service or accommodation"),
])
def test_add_item_goal_refuses_bad_options(cli, worked: Path, args: list[str], says: str) -> None:
    before = snapshot(worked)
    done = cli("add-item", "goal", "A goal", *args, "--plan", worked)
    assert done.code == 2 and says in done.stderr, done.stderr
    assert snapshot(worked) == before


def test_goal_options_are_refused_for_other_items(cli, worked: Path) -> None:
    before = snapshot(worked)
    done = cli("add-item", "service", "OT", "--minutes", "30", "--per", "week", "--area", "x",
               "--plan", worked)
    assert done.code == 2 and "--area: only for a goal" in done.stderr
    assert snapshot(worked) == before


def test_items_lists_the_goals(cli, worked: Path) -> None:
    table = " ".join(cli("items", "--plan", worked).stdout.split())
    assert "Annual goals" in table and "60 on 2026-09-01" in table
    data = json.loads(cli("items", "--plan", worked, "--format", "json").stdout)
    assert [(g["id"], g["target"], g["direction"]) for g in data["goals"]] == [
        ("fluency", {"value": 90, "date": "2027-06-28"}, "up"),
        ("seat", {"value": 2, "date": "2027-06-28"}, "down")]


def test_amend_refuses_a_goal(cli, worked: Path) -> None:
    before = snapshot(worked)
    done = cli("amend", "fluency", "--from", "2027-01-10", "--times", "3", "--plan", worked,
               "--as-of", "2027-05-01")
    assert done.code == 2 and "'fluency' is a goal" in done.stderr
    assert "iepcheck add-item goal" in done.stderr
    assert snapshot(worked) == before


SEAT_TERMS = ('baseline = {value = 10, date = 2026-09-01}\n'
              'target = {value = 2, date = 2027-06-28}\ndirection = "down"\n')


@pytest.mark.parametrize("old, new, says", [
    ('direction = "down"\n', "", ("goals[2]: target.value (2) is below baseline.value (10) but "
                                "direction is \"up\"; set direction = \"down\"")),
    ("value = 10,", "value = inf,", "goals[2].baseline.value: expected a finite number"),
    ("value = 10,", 'value = "10",', "goals[2].baseline.value: expected a number such as 62"),
    ("value = 10,", "value = true,", "goals[2].baseline.value: expected a number such as 62"),
    ("value = 2,", "value = 10,", "target.value equals baseline.value"),
    ("date = 2027-06-28", "date = 2026-09-01", "goals[2].target.date: 2026-09-01 is not after"),
    ("date = 2027-06-28", "date = 2027-07-01", "goals[2].target.date: 2027-07-01 is outside"),
    ('direction = "down"\n', 'direction = "down"\nservices = ["nobody"]\n',
     "goals[2].services: 'nobody' is not a service id"),
    ('direction = "down"\n', 'direction = "sideways"\n', "goals[2].direction:"),
    ('direction = "down"\n', 'direction = "down"\ncolour = "red"\n', "goals[2].colour:"),
])
def test_the_plan_refuses_a_bad_goal(cli, tmp_path: Path, old: str, new: str, says: str) -> None:
    """Each rule of a goal, broken in the plan file by hand (the second goal's terms)."""
    assert SEAT_TERMS in WORKED_PLAN
    plan = write_plan(tmp_path, "bad", WORKED_PLAN.replace(SEAT_TERMS,
                                                           SEAT_TERMS.replace(old, new, 1)))
    done = cli("items", "--plan", plan)
    assert done.code == 2 and says in done.stderr, done.stderr


def test_a_goals_baseline_may_predate_the_plan(cli, tmp_path: Path) -> None:
    """Present levels are measured before the plan is written."""
    plan = write_plan(tmp_path, "early", WORKED_PLAN.replace("value = 60, date = 2026-09-01",
                                                             "value = 60, date = 2026-05-20"))
    assert cli("items", "--plan", plan).code == 0


# Start-up: only the HTML report loads the chart library ------------------------------------------


def test_only_the_html_report_loads_the_chart_library(tmp_path: Path, worked: Path) -> None:
    for args in (["report"], ["report", "--format", "json"], ["due"],
                 ["log", "fluency=80", "-k", "note"]):
        modules = modules_after(tmp_path, *args, "--plan", str(worked), "--as-of", "2027-05-01")
        assert not loaded(modules, {"leather"}), args
    modules = modules_after(tmp_path, "report", "--format", "html", "--plan", str(worked),
                            "--as-of", "2027-05-01")
    assert loaded(modules, {"leather"})


def test_goal_text_is_inert_in_every_format(cli, tmp_path: Path) -> None:
    """A statement and measure written to look like a formula, a link, HTML or math text."""
    hostile = "=HYPERLINK(1) [x](javascript:alert(1)) <script>|"
    text = WORKED_PLAN.replace("Reads a grade-level passage at 90 words correct per minute",
                               hostile).replace('measure = "wcpm"', 'measure = "$x$ <b>"')
    plan = write_plan(tmp_path, "odd", text)
    assert cli("log", "fluency=62", "-k", "progress-report", "-d", "2026-10-31", "--plan", plan,
               "--as-of", "2027-05-10").code == 0
    args = ("report", "--plan", plan, "--as-of", "2027-05-01")
    html = cli(*args, "--format", "html").stdout
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html
    markdown = cli(*args, "--format", "markdown").stdout
    assert "\\[x\\](javascript:alert(1))" in markdown and "<script>" not in markdown
    rows = list(csv.DictReader(io.StringIO(cli(*args, "--format", "csv").stdout)))
    assert next(r["name"] for r in rows if r["kind"] == "goal").startswith("'=HYPERLINK")
    assert json.loads(cli(*args, "--format", "json").stdout)["goals"][0]["statement"] == hostile
