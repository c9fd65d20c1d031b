"""`init`, `add-item` and `items` through the real entry point."""

import json
import stat
import tomllib
from pathlib import Path

import pytest

from iepcheck.store.plan_file import load_plan
from tests.conftest import MINIMAL_PLAN


def test_init_writes_a_private_commented_plan_and_never_overwrites(cli, tmp_path: Path) -> None:
    path = tmp_path / "kid.toml"
    done = cli("init", "--plan", path)
    assert done.code == 0, done.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "# " in path.read_text()
    load_plan(path)  # the starter plan is valid as written
    before = path.read_bytes()
    again = cli("init", "--plan", path)
    assert again.code == 2
    assert "already exists" in again.stderr and again.stderr.count("\n") == 1
    assert path.read_bytes() == before


def test_add_item_keeps_every_byte_and_appends_a_valid_item(cli, plan_path: Path) -> None:
    before = plan_path.read_bytes()
    done = cli("add-item", "service", "Occupational Therapy", "--minutes", "30", "--times", "1",
               "--per", "week", "--provider", "ms-lee", "--location", "OT room",
               "--plan", plan_path)
    assert done.code == 0, done.stderr
    assert done.stdout.strip() == "occupational-therapy"
    after = plan_path.read_bytes()
    assert after.startswith(before)  # comments and layout untouched
    service = load_plan(plan_path).item("occupational-therapy")
    assert (service.minutes, service.times, service.per, service.location) == (30, 1, "week", "OT room")


def test_add_accommodation_with_lists_after_other_tables(cli, plan_path: Path) -> None:
    """A one-element list must not corrupt the file when appended after other tables."""
    before = plan_path.read_bytes()
    done = cli("add-item", "accommodation", "Preferential seating", "--id", "seating",
               "--staff", "ms-lee", "--applies-to", "math", "--check-every", "14d",
               "--start", "2026-09-01", "--plan", plan_path)
    assert done.code == 0, done.stderr
    assert plan_path.read_bytes().startswith(before)
    plan = load_plan(plan_path)
    seating = plan.item("seating")
    assert seating.staff == ("ms-lee",) and seating.applies_to == ("math",)
    assert plan.check_every(seating) == 14 and str(seating.start) == "2026-09-01"
    # and the next append still works
    assert cli("add-item", "accommodation", "Breaks", "--plan", plan_path).code == 0
    assert [i.id for i in load_plan(plan_path).accommodations] == ["extended-time", "seating", "breaks"]


def test_add_item_to_a_plan_without_final_newline(cli, tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(MINIMAL_PLAN.rstrip("\n") + "  # last line, no newline")
    before = path.read_bytes()
    assert cli("add-item", "accommodation", "Breaks", "--plan", path).code == 0
    assert path.read_bytes().startswith(before)
    assert load_plan(path).item("breaks")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["service", "Speech", "--id", "speech"], "--id: 'speech' is already used"),
        (["accommodation", "Anything", "--id", "ms-lee"], "--id: 'ms-lee' is already used"),
        (["service", "X", "--id", "Not A Slug"], "--id: 'Not A Slug' is not a valid id"),
        (["service", "!!!"], "--id: cannot make an id"),
        (["accommodation", "X", "--staff", "mr-nobody"], "--staff: 'mr-nobody' is not a staff id"),
        (["service", "X", "--minutes", "30", "--per", "fortnight"], "'fortnight' is not one of"),
        (["service", "X", "--minutes", "-5", "--per", "week"], "--minutes: "),
        (["service", "X", "--minutes", "0", "--per", "week"], "--minutes: "),
        (["service", "X", "--minutes", "30"], "needs per"),
        (["service", "X", "--times", "0", "--minutes", "3", "--per", "day"], "--times: "),
        (["accommodation", "X", "--minutes", "30"], "--minutes: only for a service"),
        (["service", "X", "--applies-to", "math"], "--applies-to: only for an accommodation"),
        (["service", "X", "--check-every", "weekly"], "--check-every: expected an interval"),
        (["service", "X", "--start", "2026-13-40"], "--start: '2026-13-40' is not a date"),
        (["service", "X", "--start", "2026-10-01", "--end", "2026-09-01"], "--start/--end: end"),
        (["therapy", "X"], "'therapy' is not one of"),
    ],
)
def test_add_item_refusals_leave_the_plan_unchanged(cli, plan_path: Path, args, message) -> None:
    before = plan_path.read_bytes()
    done = cli("add-item", *args, "--plan", plan_path)
    assert done.code == 2
    assert message in done.stderr
    assert done.stderr.startswith("iepcheck: error: ") and done.stderr.count("\n") == 1
    assert plan_path.read_bytes() == before


def test_add_item_refuses_a_broken_plan_without_touching_it(cli, tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(MINIMAL_PLAN.replace('per = "week"', 'per = "sometimes"'))
    before = path.read_bytes()
    done = cli("add-item", "accommodation", "Breaks", "--plan", path)
    assert done.code == 2 and "services[1].per" in done.stderr
    assert path.read_bytes() == before


def test_add_item_keeps_the_plan_file_mode(cli, plan_path: Path) -> None:
    plan_path.chmod(0o640)
    assert cli("add-item", "accommodation", "Breaks", "--plan", plan_path).code == 0
    assert stat.S_IMODE(plan_path.stat().st_mode) == 0o640


def test_items_table_and_json(cli, plan_path: Path) -> None:
    table = cli("items", "--plan", plan_path)
    assert table.code == 0 and "speech" in table.stdout and "30 min × 2 per week" in table.stdout
    assert "\x1b[" not in table.stdout  # no colour codes when not a terminal
    data = json.loads(cli("items", "--plan", plan_path, "--format", "json").stdout)
    assert [i["id"] for i in data["items"]] == ["speech", "extended-time"]
    assert data["items"][0]["minutes"] == 30 and data["items"][0]["per"] == "week"
    assert data["staff"][0]["id"] == "ms-lee"


def test_plan_from_environment(cli, plan_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IEPCHECK_PLAN", str(plan_path))
    assert "extended-time" in cli("items").stdout


def test_missing_plan_is_one_line(cli, tmp_path: Path) -> None:
    done = cli("items", "--plan", tmp_path / "nope.toml")
    assert done.code == 2 and done.stderr.count("\n") == 1
    assert "iepcheck init" in done.stderr


def test_generated_toml_is_parseable_by_tomllib(cli, plan_path: Path) -> None:
    cli("add-item", "service", 'Reading "intensive" \\ group', "--minutes", "45", "--per", "day",
        "--plan", plan_path)
    document = tomllib.loads(plan_path.read_text())
    assert document["services"][-1]["name"] == 'Reading "intensive" \\ group'


def test_version(cli) -> None:
    done = cli("--version")
    assert done.code == 0 and done.stdout.startswith("iepcheck ")


def test_a_change_outside_the_services_dates_is_one_line(cli, tmp_path: Path) -> None:
    path = tmp_path / "changed.toml"
    path.write_text(MINIMAL_PLAN.replace(
        'provider = "ms-lee"\n', 'provider = "ms-lee"\nchanges = [{from = 2027-09-01, times = 3}]\n'))
    done = cli("report", "--plan", path, "--as-of", "2026-11-20")
    assert done.code == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "services[1].changes[1].from: 2027-09-01 is outside the dates" in done.stderr


@pytest.mark.parametrize(("per", "says"), [("weekly", None), ("Monthly", None), ("daily", None),
                                           ("wekly", "did you mean week?"), ("fortnight", "day, week, month")])
def test_per_is_read_as_people_write_it(cli, plan_path, per, says) -> None:
    done = cli("add-item", "service", "Reading", "--minutes", "30", "--per", per,
               "--plan", plan_path)
    if says is None:
        assert done.code == 0, done.stderr
    else:
        assert done.code == 2 and says in done.stderr
