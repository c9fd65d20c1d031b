"""`add-item staff` and `add-item break` through the real entry point: the first steps after
`init` without editing TOML, every byte of the parent's file kept."""

from datetime import date
from pathlib import Path

import pytest

from iepcheck.store.plan_file import load_plan
from tests.conftest import MINIMAL_PLAN


def test_add_staff_appends_a_staff_member_keeping_every_byte(cli, plan_path: Path) -> None:
    before = plan_path.read_bytes()
    done = cli("add-item", "staff", "Mr. Ortiz", "--email", "ortiz@school.example.org",
               "--role", "SLP", "--case-manager", "--plan", plan_path)
    assert done.code == 0, done.stderr
    assert done.stdout.strip() == "mr-ortiz"
    assert plan_path.read_bytes().startswith(before)
    member = load_plan(plan_path).staff_member("mr-ortiz")
    assert member is not None
    assert (member.name, member.email, member.role, member.case_manager) == (
        "Mr. Ortiz", "ortiz@school.example.org", "SLP", True)
    # the new staff member can be named by a service at once
    assert cli("add-item", "service", "OT", "--staff", "mr-ortiz", "--plan", plan_path).code == 0


@pytest.mark.parametrize(("args", "message"), [
    (("staff", "Ms. Lee"), "--id: 'ms-lee' is already used"),
    (("staff", "Mr. Ortiz", "--email", "not-an-address"), "--email"),
    (("staff", "Mr. Ortiz", "--minutes", "30"), "--minutes"),
    (("staff", "Mr. Ortiz", "--from", "2026-12-21"), "--from: only for 'add-item break'"),
    (("service", "OT", "--email", "a@b.org"), "--email: only for 'add-item staff'"),
    (("break", "Winter break"), "--from: say the first day off"),
    (("break", "Winter break", "--from", "2026-12-21", "--to", "2026-12-01"), "--to"),
    (("break", "Winter break", "--from", "2026-12-21", "--id", "winter"), "--id"),
    (("break", "Winter break", "--from", "2026-12-21", "--case-manager"), "--case-manager"),
])
def test_refusals_leave_the_plan_unchanged(cli, plan_path: Path, args, message) -> None:
    before = plan_path.read_bytes()
    done = cli("add-item", *args, "--plan", plan_path)
    assert done.code == 2
    assert message in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert plan_path.read_bytes() == before


def test_a_second_case_manager_is_refused(cli, plan_path: Path) -> None:
    assert cli("add-item", "staff", "Ms. Kim", "--case-manager", "--plan", plan_path).code == 0
    done = cli("add-item", "staff", "Mr. Ortiz", "--case-manager", "--plan", plan_path)
    assert done.code == 2 and "Ms. Kim (ms-kim) is already the case manager" in done.stderr


def test_a_break_makes_a_calendar_when_the_plan_has_none(cli, plan_path: Path) -> None:
    before = plan_path.read_bytes()
    done = cli("add-item", "break", "Winter break", "--from", "2026-12-21", "--to", "2027-01-01",
               "--plan", plan_path)
    assert done.code == 0, done.stderr
    assert done.stdout.strip() == "2026-12-21..2027-01-01"
    text = plan_path.read_text()
    assert text.startswith(before.decode()) and "# Winter break" in text
    calendar = load_plan(plan_path).calendar
    assert calendar.is_no_school(date(2026, 12, 25)) and not calendar.is_no_school(date(2027, 1, 4))


def test_single_days_and_breaks_add_up_in_order(cli, plan_path: Path) -> None:
    assert cli("add-item", "break", "MLK Day", "--from", "2027-01-18", "--plan", plan_path).code == 0
    assert cli("add-item", "break", "Spring break", "--from", "2027-03-29", "--to", "2027-04-02",
               "--plan", plan_path).code == 0
    assert load_plan(plan_path).calendar.no_school == (
        (date(2027, 1, 18), date(2027, 1, 18)), (date(2027, 3, 29), date(2027, 4, 2)))


@pytest.mark.parametrize("calendar", [
    '[calendar]\nschool_days = ["mon", "tue", "wed", "thu", "fri"]\n',
    '[calendar]  # our district\n',
    '[calendar]\nno_school = []\n',
    '[calendar]\nno_school = [2026-11-26]  # Thanksgiving\n',
    '[calendar]\nno_school = [\n  2026-11-26,  # Thanksgiving, "quoted"\n  "2026-11-27..2026-11-27"\n]\n',
    '[calendar]\nno_school = [\n  2026-11-26,\n]\nschool_days = ["mon", "tue"]\n',
    '[calendar]\nno_school = ["2026-11-26"] # a ] in a comment\n',
])
def test_a_break_joins_the_calendar_as_written(cli, tmp_path: Path, calendar: str) -> None:
    path = tmp_path / "plan.toml"
    head, _, rest = MINIMAL_PLAN.partition("[[staff]]")
    path.write_text(f"{head}{calendar}\n[[staff]]{rest}")
    old = load_plan(path).calendar.no_school
    done = cli("add-item", "break", "Winter break", "--from", "2026-12-21", "--to", "2027-01-01",
               "--plan", path)
    assert done.code == 0, done.stderr
    text = path.read_text()
    assert _only_added_to(f"{head}{calendar}\n[[staff]]{rest}", text)
    assert "# Winter break" in text
    assert load_plan(path).calendar.no_school == (*old, (date(2026, 12, 21), date(2027, 1, 1)))


def _only_added_to(old: str, new: str) -> bool:
    """Every character the parent wrote is still there, in order: text was only inserted."""
    remaining = iter(new)
    return all(char in remaining for char in old)


def test_the_readmes_first_steps_work_typed_in_order(cli, tmp_path: Path, monkeypatch) -> None:
    """Every command of the README's first steps, up to recording, in the order it shows."""
    import shlex

    readme = (Path(__file__).parent.parent / "README.md").read_text()
    steps = readme.partition("## Five minutes")[2].partition("Now record what you learn")[0]
    blocks = [block.partition("\n")[2] for block in steps.split("```sh")[1:]]
    text = "\n".join(block.partition("```")[0] for block in blocks).replace("\\\n", " ")
    commands = [shlex.split(line, comments=True) for line in text.splitlines()]
    commands = [words for words in commands if words and words[0] == "iepcheck"]
    assert len(commands) >= 10
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("IEPCHECK_PLAN", raising=False)
    from datetime import UTC, datetime

    # a day inside the starter plan's dates, as when a parent types these in the school year
    monkeypatch.setattr("iepcheck.cli.options.clock", lambda: datetime(2026, 11, 20, 9, tzinfo=UTC))
    for words in commands:
        done = cli(*words[1:])
        assert done.code == 0, (words, done.stderr, done.stdout)
