"""`iepcheck caseload`: the rules of `due/caseload.py`, and the command through the real entry point."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from iepcheck.due.caseload import (
    CaseRow,
    broken_row,
    case_row,
    caseload,
    is_candidate,
    is_plan_document,
    last_observation,
    looks_like_plan_text,
    skip_folder,
    urgency,
)
from iepcheck.due.reminders import PlanDate, due
from iepcheck.evidence.report import build_report
from iepcheck.evidence.tally import Period
from iepcheck.record.drafts import EntryDraft, entry_fields
from iepcheck.record.entries import validate_entry
from iepcheck.store.plan_file import parse_plan
from tests.conftest import MINIMAL_PLAN, record_entries, snapshot

AS_OF = "2026-11-20"  # a Friday
TODAY = date(2026, 11, 20)


# --- the folder of children ---------------------------------------------------------------------

def _plan_for(name: str) -> str:
    return MINIMAL_PLAN.replace('name = "Sam Test"', f'name = "{name}"')


def fine_child(folder: Path, name: str = "Ada Fine") -> Path:
    """Both items seen done this week, Ms. Lee answered: nothing due on AS_OF."""
    folder.mkdir(parents=True)
    plan = folder / "plan.toml"
    plan.write_text(_plan_for(name))
    record_entries(
        folder / "plan.log.json",
        EntryDraft(kind="email-sent", date=date(2026, 11, 2), items=("speech",), who="ms-lee"),
        EntryDraft(kind="email-received", date=date(2026, 11, 3), items=("speech",),
                   who="ms-lee"),
        EntryDraft(kind="service-log", date=date(2026, 11, 19), items=("speech",),
                   finding="implemented", minutes=780, covers_from=date(2026, 8, 24)),
        EntryDraft(kind="visit", date=date(2026, 11, 19), items=("extended-time",),
                   finding="implemented"),
    )
    return plan


def gaps_child(folder: Path, name: str = "Ben Gaps") -> Path:
    """Extended time seen not done, speech never shown, an email unanswered for days."""
    folder.mkdir(parents=True)
    plan = folder / "ben.toml"
    plan.write_text(_plan_for(name))
    record_entries(
        folder / "ben.log.json",
        EntryDraft(kind="interview", date=date(2026, 11, 10), items=("extended-time",),
                   finding="not-implemented"),
        EntryDraft(kind="email-sent", date=date(2026, 11, 12), items=("extended-time",),
                   who="ms-lee"),
    )
    return plan


def broken_plan_child(folder: Path) -> Path:
    folder.mkdir(parents=True)
    plan = folder / "plan.toml"
    plan.write_text(MINIMAL_PLAN.replace('per = "week"', 'per = "fortnight"'))
    return plan


def broken_log_child(folder: Path, name: str = "Cy Broken") -> Path:
    folder.mkdir(parents=True)
    plan = folder / "plan.toml"
    plan.write_text(_plan_for(name))
    (folder / "plan.log.json").write_text('{"format": "iepcheck-log"\n')
    return plan


@pytest.fixture
def kids(tmp_path: Path) -> Path:
    """Four children: fine, with gaps, a broken plan, a broken log; and things to skip."""
    root = tmp_path / "kids"
    fine_child(root / "ada")
    gaps_child(root / "ben")
    broken_plan_child(root / "dee")
    broken_log_child(root / "cy")
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (root / "notes.toml").write_text("not = [toml\n")  # not TOML, not a plan: skipped quietly
    hidden = root / ".old"
    hidden.mkdir()
    (hidden / "plan.toml").write_text(_plan_for("Hidden Child"))
    evidence = root / "ada" / "plan.evidence"
    evidence.mkdir()
    (evidence / "attached.toml").write_text(_plan_for("Evidence Child"))
    return root


def _json(cli, root: Path, *args: str) -> dict:
    done = cli("caseload", root, "--as-of", AS_OF, "--format", "json", *args)
    assert done.code == 0, done.stderr
    return json.loads(done.stdout)


# --- through the command ----------------------------------------------------------------------

def test_rows_are_sorted_by_urgency_with_broken_ones_first(cli, kids: Path) -> None:
    document = _json(cli, kids)
    assert document["folder"] == str(kids) and document["as_of"] == AS_OF
    assert [row["path"] for row in document["plans"]] == [
        "cy/plan.toml", "dee/plan.toml", "ben/ben.toml", "ada/plan.toml"]
    cy, dee, ben, ada = document["plans"]
    assert cy["student"] == "Cy Broken" and cy["plan"]["kind"] == "504"
    assert "cy/plan.log.json: line 2" in cy["error"] and cy["items"] is None
    assert dee["student"] is None and dee["plan"] is None
    assert "dee/plan.toml: services[1].per: Input should be" in dee["error"]
    assert ben["items"] == {"not-implemented": 1, "no-evidence": 1, "stale": 0, "partial": 0,
                            "minutes-short": 0}
    assert (ben["unanswered"], ben["oldest_overdue_days"], ben["due"]) == (1, 3, True)
    assert ben["last_observation"] == "2026-11-12" and ben["error"] is None
    assert ada["items"] == {"not-implemented": 0, "no-evidence": 0, "stale": 0, "partial": 0,
                            "minutes-short": 0}
    assert (ada["unanswered"], ada["oldest_overdue_days"], ada["due"]) == (0, None, False)
    assert ada["next_date"] == {"date": "2027-04-19", "event": "request the school's service "
                                "logs in writing before the annual review"}
    assert ada["last_observation"] == "2026-11-19"
    assert ada["plan"] == {"kind": "504", "start": "2026-08-24", "end": "2027-06-18"}


def test_the_json_row_has_the_documented_keys(cli, kids: Path) -> None:
    row = _json(cli, kids)["plans"][2]
    assert list(row) == ["path", "student", "plan", "items", "minutes_owed", "unanswered",
                         "oldest_overdue_days", "next_date", "last_observation", "due", "error"]
    assert isinstance(row["minutes_owed"], int) and row["minutes_owed"] > 0


def test_the_table_shows_every_child_and_says_what_is_wrong(cli, kids: Path) -> None:
    done = cli("caseload", kids, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    out = done.stdout
    assert out.startswith(f"Caseload under {kids} as of 20 Nov 2026: 4 plans, "
                          "1 with something due, 2 not read")
    assert "Could not be read: fix these first" in out
    assert "Input should be 'day', 'week', 'month', 'year' or 'cycle'" in out and "not valid JSON" in out
    assert out.index("Ben Gaps") < out.index("Ada Fine")
    assert "1 (3d)" in out and "19 Nov" in out
    assert "Hidden Child" not in out and "Evidence Child" not in out
    assert "Order: plans or logs that could not be read first" in out


def test_csv_has_one_row_per_child_in_the_same_order(cli, kids: Path) -> None:
    done = cli("caseload", kids, "--as-of", AS_OF, "--format", "csv")
    assert done.code == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["path"] for r in rows] == ["cy/plan.toml", "dee/plan.toml", "ben/ben.toml",
                                        "ada/plan.toml"]
    ben = rows[2]
    assert (ben["not_implemented"], ben["no_evidence"], ben["unanswered"],
            ben["oldest_overdue_days"], ben["due"]) == ("1", "1", "1", "3", "yes")
    assert rows[3]["oldest_overdue_days"] == "" and rows[3]["due"] == "no"
    assert "not valid JSON" in rows[0]["error"] and rows[0]["not_implemented"] == ""


def test_html_is_one_escaped_page_with_every_child(cli, kids: Path) -> None:
    done = cli("caseload", kids, "--as-of", AS_OF, "--format", "html")
    assert done.code == 0, done.stderr
    page = done.stdout
    assert page.startswith("<!DOCTYPE html>") and page.count("<tr") == 5  # header + 4
    assert page.index("Ben Gaps") < page.index("Ada Fine")
    assert "Input should be &#x27;day&#x27;" in page
    assert '<tr class="broken">' in page


@pytest.mark.parametrize("format", ["table", "json", "csv", "html"])
def test_output_file_in_every_format(cli, kids: Path, tmp_path: Path, format: str) -> None:
    target = tmp_path / f"caseload.{format}"
    done = cli("caseload", kids, "--as-of", AS_OF, "--format", format, "-o", target)
    assert done.code == 0, done.stderr
    assert done.stdout == ""
    text = target.read_text()
    assert "Ben Gaps" in text and "Ada Fine" in text
    assert "\x1b[" not in text
    assert target.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("victim", ["ben/ben.toml", "ben/ben.log.json", "ada/plan.evidence/x",
                                    "ada/plan.log.json.2026-11-20.bak"])
def test_output_never_lands_on_a_childs_record(cli, kids: Path, victim: str) -> None:
    target = kids / victim
    before = snapshot(target)
    done = cli("caseload", kids, "--as-of", AS_OF, "--format", "csv", "-o", target)
    assert done.code == 2 and done.stderr.startswith("iepcheck: error: ")
    assert len(done.stderr.strip().splitlines()) == 1
    assert snapshot(target) == before


def test_fail_if_due(cli, kids: Path, tmp_path: Path) -> None:
    assert cli("caseload", kids, "--as-of", AS_OF, "--fail-if-due").code == 1
    calm = tmp_path / "calm"
    fine_child(calm / "ada")
    fine_child(calm / "eve", name="Eve Fine")
    done = cli("caseload", calm, "--as-of", AS_OF, "--fail-if-due")
    assert done.code == 0, done.stdout + done.stderr
    assert "0 with something due" in done.stdout
    # a broken log alone is enough: nothing can be said to be in order
    broken_log_child(calm / "cy")
    assert cli("caseload", calm, "--as-of", AS_OF, "--fail-if-due").code == 1
    assert cli("caseload", calm, "--as-of", AS_OF).code == 0


def test_fail_if_due_agrees_with_due_for_each_child(cli, kids: Path) -> None:
    for plan, expected in ((kids / "ada" / "plan.toml", 0), (kids / "ben" / "ben.toml", 1)):
        assert cli("due", "--plan", plan, "--as-of", AS_OF, "--fail-if-due").code == expected
        one = plan.parent.parent / f"only-{plan.parent.name}"
        one.mkdir()
        os.symlink(plan.parent, one / plan.parent.name)
        assert cli("caseload", one, "--as-of", AS_OF, "--fail-if-due").code == expected


def test_an_empty_folder_is_one_line_and_exit_0(cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "pyproject.toml").write_text('[project]\nname = "x"\n')
    done = cli("caseload", empty, "--as-of", AS_OF)
    assert done.code == 0 and done.stderr == ""
    assert done.stdout.startswith(f"No plans found under {empty} ")
    assert len(done.stdout.strip().splitlines()) == 1
    assert cli("caseload", empty, "--as-of", AS_OF, "--fail-if-due").code == 0
    scripted = cli("caseload", empty, "--as-of", AS_OF, "--format", "json")
    assert scripted.code == 0 and json.loads(scripted.stdout)["plans"] == []
    assert scripted.stderr.startswith("No plans found")


@pytest.mark.parametrize("what", ["missing", "file"])
def test_dir_not_a_folder_is_one_line_and_exit_2(cli, tmp_path: Path, what: str) -> None:
    path = tmp_path / "kids"
    if what == "file":
        path.write_text("hello")
    done = cli("caseload", path, "--as-of", AS_OF)
    assert done.code == 2 and done.stdout == ""
    assert done.stderr == (f"iepcheck: error: DIR: {path} "
                           f"{'does not exist' if what == 'missing' else 'is not a folder'}; "
                           "pass the folder that holds each child's folder\n")


def test_bad_as_of_is_one_line_and_exit_2(cli, kids: Path) -> None:
    done = cli("caseload", kids, "--as-of", "someday")
    assert done.code == 2 and len(done.stderr.splitlines()) == 1
    assert "--as-of" in done.stderr


def test_each_log_is_read_once(cli, kids: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import iepcheck.store.logbook

    real = iepcheck.store.logbook.read_log
    calls: list[Path] = []

    def counting(path: Path):
        calls.append(path)
        return real(path)

    monkeypatch.setattr(iepcheck.store.logbook, "read_log", counting)
    assert cli("caseload", kids, "--as-of", AS_OF, "--format", "json").code == 0
    assert sorted(p.name for p in calls) == ["ben.log.json", "plan.log.json", "plan.log.json"]


def test_plan_files_are_never_written(cli, kids: Path) -> None:
    files = sorted(p for p in kids.rglob("*") if p.is_file())
    before = snapshot(*files)
    cli("caseload", kids, "--as-of", AS_OF)
    assert sorted(p for p in kids.rglob("*") if p.is_file()) == files
    assert snapshot(*files) == before


def test_a_plan_that_is_not_toml_but_looks_like_one_is_a_row(cli, tmp_path: Path) -> None:
    root = tmp_path / "kids"
    root.mkdir()
    (root / "maya.toml").write_text('[student]\nname = "Maya\n\n[plan]\nkind = "IEP"\n')
    (root / "latin1.toml").write_bytes(b'[student]\nname = "Jos\xe9"\n[plan]\n')
    (root / "other.toml").write_bytes(b"\xff\xfe not a plan")
    rows = _json(cli, root)["plans"]
    assert [r["path"] for r in rows] == ["latin1.toml", "maya.toml"]
    assert "not UTF-8" in rows[0]["error"]
    assert "line 2" in rows[1]["error"]


def test_linked_folders_are_followed_once_and_cannot_loop(cli, tmp_path: Path) -> None:
    root = tmp_path / "kids"
    gaps_child(root / "ben")
    os.symlink(root, root / "ben" / "loop")
    os.symlink(root / "ben", root / "ben-again")
    rows = _json(cli, root)["plans"]
    assert len(rows) == 1 and rows[0]["student"] == "Ben Gaps"


def test_an_unreadable_folder_is_a_row_not_the_end(cli, kids: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (kids / "zed").mkdir()
    real = os.scandir

    def refusing(path=".", *args):
        if str(path).endswith("zed"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args)

    monkeypatch.setattr(os, "scandir", refusing)  # root reads any folder, whatever its mode
    rows = _json(cli, kids)["plans"]
    assert [r["path"] for r in rows] == ["cy/plan.toml", "dee/plan.toml", "zed", "ben/ben.toml",
                                        "ada/plan.toml"]
    assert rows[2]["error"] == (f"cannot read the folder {kids / 'zed'}: Permission denied; "
                                "check its permissions")


def test_user_text_is_inert_in_every_format(cli, tmp_path: Path) -> None:
    root = tmp_path / "kids"
    folder = root / "=HYPERLINK(1)<script>[bold]"
    gaps_child(folder, name="[red]Maya[/] <b>=1+1</b>")
    broken_plan_child(root / "@evil<i>")
    table = cli("caseload", root, "--as-of", AS_OF).stdout
    assert "[red]Maya[/] <b>=1+1</b>" in table and "[bold]" in table
    page = cli("caseload", root, "--as-of", AS_OF, "--format", "html").stdout
    assert "<script>" not in page and "<b>=1" not in page and "<i>" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;=1+1&lt;/b&gt;" in page
    rows = list(csv.reader(io.StringIO(
        cli("caseload", root, "--as-of", AS_OF, "--format", "csv").stdout)))[1:]
    assert rows[0][1].startswith("'@evil") and rows[1][1].startswith("'=HYPERLINK")
    document = json.loads(cli("caseload", root, "--as-of", AS_OF, "--format", "json").stdout)
    assert document["plans"][1]["student"] == "[red]Maya[/] <b>=1+1</b>"


def test_caseload_json_loads_no_table_library(tmp_path: Path, kids: Path) -> None:
    probe = ("import json, sys\nfrom iepcheck.cli import main\ntry:\n    main(sys.argv[2:])\n"
             "except SystemExit:\n    pass\njson.dump(sorted(sys.modules), open(sys.argv[1], 'w'))")
    listing = tmp_path / "modules.json"
    subprocess.run([sys.executable, "-c", probe, str(listing), "caseload", str(kids),
                    "--as-of", AS_OF, "--format", "json"], check=True, capture_output=True,
                   timeout=60)
    modules = set(json.loads(listing.read_text()))
    assert "iepcheck.due.caseload" in modules
    assert not {m for m in modules if m == "rich" or m.startswith("rich.")}


def test_every_html_colour_meets_wcag_aa() -> None:
    from iepcheck.render.caseload_html import STYLE
    from tests.test_output_safety import _contrast

    light, _, dark = STYLE.partition("@media screen and (prefers-color-scheme: dark)")
    colours = re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", light)
    assert colours
    for colour in colours:
        assert _contrast(colour) >= 4.5 and _contrast(colour, "#eeeeee") >= 4.5, colour
    for colour in re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", dark):
        assert _contrast(colour, "#121212") >= 4.5 and _contrast(colour, "#2a2a2a") >= 4.5, colour


# --- the pure rules ----------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "skipped"), [(".git", True), (".Trash", True),
                                               ("maya.evidence", True), ("plan.evidence", True),
                                               ("maya", False), ("evidence", False)])
def test_skip_folder(name: str, skipped: bool) -> None:
    assert skip_folder(name) is skipped


@pytest.mark.parametrize(("name", "candidate"), [("plan.toml", True), ("Maya.TOML", True),
                                                 (".plan.toml", False), ("plan.toml.bak", False),
                                                 ("plan.log.json", False)])
def test_is_candidate(name: str, candidate: bool) -> None:
    assert is_candidate(name) is candidate


def test_is_plan_document() -> None:
    assert is_plan_document({"student": {}, "plan": {}})
    assert not is_plan_document({"student": {}})
    assert not is_plan_document({"project": {}, "tool": {}})
    assert not is_plan_document({"student": "x", "plan": {}})


@pytest.mark.parametrize(("text", "looks"), [
    ("[student]\nname = \"x\n[plan]\n", True),
    ("  [ student ]  # the child\r\n[plan]\r\n", True),
    ("[student]\n", False),
    ("[students]\n[plan]\n", False),
    ("name = '[student]'\n[plan]\n", False),
])
def test_looks_like_plan_text(text: str, looks: bool) -> None:
    assert looks_like_plan_text(text) is looks


def _entries(*drafts: EntryDraft):
    from datetime import UTC, datetime

    now = datetime(2027, 12, 31, tzinfo=UTC)
    return [validate_entry(entry_fields(d, n=n, entry_id=f"00000000-0000-4000-8000-{n:012d}",
                                        recorded_at=now))
            for n, d in enumerate(drafts, start=1)]


SAMPLE = (
    EntryDraft(kind="interview", date=date(2026, 11, 10), items=("extended-time",),
               finding="not-implemented"),
    EntryDraft(kind="email-sent", date=date(2026, 11, 12), items=("extended-time",),
               who="ms-lee"),
    EntryDraft(kind="visit", date=date(2026, 11, 18), items=("speech",), finding="implemented",
               minutes=30),
    EntryDraft(kind="note", date=date(2026, 11, 19), note="wrong", retracts=3),
)


@pytest.mark.parametrize("as_of", [date(2026, 8, 1), date(2026, 11, 13), TODAY,
                                   date(2027, 6, 18), date(2027, 9, 1)])
def test_a_row_agrees_with_report_and_due(as_of: date) -> None:
    plan = parse_plan(MINIMAL_PLAN, Path("sam.toml"))
    entries = _entries(*SAMPLE)
    row = case_row("sam/sam.toml", plan, entries, as_of)
    found = due(plan, entries, as_of, 14)
    assert row.due is found.anything
    assert row.unanswered == len(found.unanswered)
    assert row.oldest_overdue_days == max((u.overdue_days for u in found.unanswered),
                                          default=None)
    if as_of < plan.plan.start:
        assert (row.not_implemented, row.no_evidence, row.minutes_owed) == (0, 0, 0)
        return
    report = build_report(plan, entries, Period(plan.plan.start, min(as_of, plan.plan.end)))
    assert row.not_implemented == report.summary["not-implemented"]
    assert row.no_evidence == report.summary["no-evidence"]
    assert row.stale == report.summary["stale"]
    assert row.partial == report.summary["partial"]
    assert row.minutes_short == report.summary["minutes-short"]
    assert row.minutes_owed == sum(i.minutes.owed for i in report.items if i.minutes)


def test_the_next_date_is_the_first_on_or_after_as_of() -> None:
    plan = parse_plan(MINIMAL_PLAN.replace('end = 2027-06-18',
                                           'end = 2027-06-18\nprogress_reports = [2026-11-20]'),
                      Path("sam.toml"))
    assert case_row("p", plan, [], TODAY).next_date == PlanDate(
        date(2026, 11, 20), "progress report", "progress-report-1")
    assert case_row("p", plan, [], date(2026, 11, 21)).next_date.event.startswith("request")
    assert case_row("p", plan, [], date(2027, 6, 19)).next_date is None


def test_last_observation_ignores_withdrawn_and_later_entries() -> None:
    entries = _entries(*SAMPLE)
    assert last_observation(entries, TODAY) == date(2026, 11, 12)  # #3 retracted, #4 a retraction
    assert last_observation(entries, date(2026, 11, 11)) == date(2026, 11, 10)
    assert last_observation(entries, date(2026, 11, 1)) is None


def test_a_plan_without_timed_services_owes_no_minutes() -> None:
    untimed = MINIMAL_PLAN.replace("minutes = 30\ntimes = 2\nper = \"week\"\n", "")
    plan = parse_plan(untimed, Path("sam.toml"))
    assert case_row("p", plan, [], TODAY).minutes_owed is None


def _row(path: str, **figures: int | None) -> CaseRow:
    base = {"not_implemented": 0, "no_evidence": 0, "stale": 0, "partial": 0,
            "minutes_short": 0, "minutes_owed": 0, "unanswered": 0,
            "oldest_overdue_days": None}
    return CaseRow(path=path, student=path, kind="IEP", start=TODAY, end=TODAY,
                   **{**base, **figures}, due=False)


def test_urgency_order() -> None:
    rows = [
        _row("calm"),
        _row("stale", stale=3),
        _row("owed", minutes_owed=100),
        _row("owed-more", minutes_owed=500),
        _row("no-evidence", no_evidence=2, minutes_owed=0),
        _row("late-reply", unanswered=1, oldest_overdue_days=20),
        _row("later-reply", unanswered=1, oldest_overdue_days=30),
        _row("two-replies", unanswered=2, oldest_overdue_days=2),
        _row("not-done", not_implemented=1),
        broken_row("broken", "it is broken"),
        _row("partial", partial=1),
        _row("short", minutes_short=1),
    ]
    ordered = [r.path for r in caseload("kids", TODAY, rows).rows]
    assert ordered == ["broken", "not-done", "two-replies", "later-reply", "late-reply",
                       "no-evidence", "owed-more", "owed", "stale", "partial", "short", "calm"]
    assert sorted(rows, key=urgency) == list(caseload("kids", TODAY, reversed(rows)).rows)


def test_a_broken_row_is_due_and_carries_its_message() -> None:
    row = broken_row("x/plan.toml", "x/plan.toml: line 3: bad")
    assert row.due and row.error == "x/plan.toml: line 3: bad"
    assert row.as_json()["items"] is None and row.as_json()["plan"] is None
    assert caseload("kids", TODAY, [row]).anything_due
    assert not caseload("kids", TODAY, [_row("calm")]).anything_due


def test_readme_caseload_excerpt_matches_the_tool(cli, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's caseload: the example plan and log, a copy with no log, a broken plan."""
    from tests.conftest import EXAMPLE_PLAN, ROOT

    root = tmp_path / "caseload"
    for child in ("maya", "leo", "sam"):
        (root / child).mkdir(parents=True)
    text = EXAMPLE_PLAN.read_text()
    (root / "maya" / "plan.toml").write_text(text)
    (root / "maya" / "plan.log.json").write_bytes(
        (ROOT / "examples" / "plan.log.json").read_bytes())
    (root / "leo" / "plan.toml").write_text(text.replace("Maya Rivera", "Leo Park"))
    (root / "sam" / "plan.toml").write_text(
        text.replace("Maya Rivera", "Sam Ortiz").replace('per = "week"', 'per = "weekly?"'))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    done = cli("caseload", "caseload", "--as-of", AS_OF)
    readme = (ROOT / "README.md").read_text()
    shown = next(block for block in re.findall(r"```text\n(.*?)```", readme, re.DOTALL)
                 if block.startswith("Caseload under"))
    printed = "\n".join(line.rstrip() for line in done.stdout.splitlines())
    assert shown.strip() == printed.strip()


def test_a_childs_toml_that_cannot_be_parsed_is_a_row_never_dropped(cli, tmp_path: Path) -> None:
    root = tmp_path / "kids"
    (root / "ben").mkdir(parents=True)
    (root / "cai").mkdir()
    (root / "ben" / "plan.toml").write_text('student = \n')  # a half-saved plan
    (root / "cai" / "cai.toml").write_bytes(b"\xff\xfe[student")
    (root / "tools.toml").write_text("not = toml = at all")  # beside the children: not one
    rows = _json(cli, root)["plans"]
    assert [r["path"] for r in rows] == ["ben/plan.toml", "cai/cai.toml"]
    assert "fix the TOML syntax" in rows[0]["error"]
    assert "not UTF-8" in rows[1]["error"]
