"""`plan check` and `plan diff` through the real entry point (docs/plan-check.md)."""

from pathlib import Path

import pytest

from tests.conftest import MINIMAL_PLAN

CLEAR_SERVICE = """
[[services]]
id = "ot"
name = "Occupational therapy"
minutes = 30
per = "week"
location = "OT room"
provider = "ms-lee"
"""


def _plan(tmp_path: Path, text: str, name: str = "plan.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_the_example_plan_raises_one_question(cli, example_plan: Path) -> None:
    done = cli("plan", "check", "--plan", example_plan)
    assert done.code == 1
    assert done.stdout.splitlines() == [
        ("seating: In which classes, tests or situations does Preferential seating near "
        "instruction, away from the door (seating) apply?")]


def test_a_clear_plan_has_no_questions(cli, tmp_path: Path) -> None:
    text = MINIMAL_PLAN.replace('provider = "ms-lee"\n', 'provider = "ms-lee"\nlocation = "room 4"\n')
    text = text.replace('staff = ["ms-lee"]\n', 'staff = ["ms-lee"]\napplies_to = ["math"]\n')
    done = cli("plan", "check", "--plan", _plan(tmp_path, text))
    assert done.code == 0, done.stdout
    assert done.stdout.startswith("No questions")


@pytest.mark.parametrize(("addition", "question"), [
    ('\n[[services]]\nid = "counsel"\nname = "Counseling"\nlocation = "office"\nprovider = "ms-lee"\n',
     "counsel: The plan gives no amount for Counseling (counsel): how many minutes"),
    ('\n[[services]]\nid = "ot"\nname = "OT as needed"\nlocation = "room"\nprovider = "ms-lee"\n',
     "ot: OT as needed (ot) is 'as needed': who decides"),
    (CLEAR_SERVICE.replace('location = "OT room"\n', ""), "ot: Where is Occupational therapy (ot) given"),
    (CLEAR_SERVICE.replace('provider = "ms-lee"\n', ""), "ot: Who provides Occupational therapy (ot)"),
    (CLEAR_SERVICE.replace('"ms-lee"', '"ms-le"'), "ot: No one on the plan's staff has the id or name 'ms-le'"),
    (CLEAR_SERVICE.replace('per = "week"\n', 'per = "week"\nstart = 2027-06-21\nend = 2027-07-30\n'),
     "ot: Occupational therapy (ot) starts on 2027-06-21, outside the plan's dates"),
    ('\n[[accommodations]]\nid = "breaks"\nname = "Breaks"\n',
     "breaks: In which classes, tests or situations does Breaks (breaks) apply?"),
])
def test_each_gap_is_one_question(cli, tmp_path: Path, addition: str, question: str) -> None:
    done = cli("plan", "check", "--plan", _plan(tmp_path, MINIMAL_PLAN + addition))
    assert done.code == 1
    assert any(line.startswith(question) for line in done.stdout.splitlines()), done.stdout
    assert all(line.endswith("?") for line in done.stdout.splitlines())


def test_an_accommodation_that_names_its_condition_is_not_asked(cli, tmp_path: Path) -> None:
    text = MINIMAL_PLAN + '\n[[accommodations]]\nid = "breaks"\nname = "Breaks when requested"\n'
    done = cli("plan", "check", "--plan", _plan(tmp_path, text))
    assert "breaks:" not in done.stdout


def test_diff_lists_changes_removals_and_additions(cli, tmp_path: Path) -> None:
    old = _plan(tmp_path, MINIMAL_PLAN, "old.toml")
    new_text = MINIMAL_PLAN.replace("minutes = 30\ntimes = 2", "minutes = 30\ntimes = 3")
    new_text = new_text.replace('id = "extended-time"\nname = "Extended time"\nstaff = ["ms-lee"]\n',
                                "").replace("[[accommodations]]\n", "") + CLEAR_SERVICE
    new = _plan(tmp_path, new_text.replace("end = 2027-06-18", "end = 2027-06-25"), "new.toml")
    done = cli("plan", "diff", old, new)
    assert done.code == 0, done.stderr
    assert done.stdout.splitlines() == [
        "plan: end 2027-06-18 → 2027-06-25",
        "changed: service Speech therapy (speech): times 2 → 3; 60 min a week → 90 min a week",
        "removed: accommodation Extended time (extended-time)",
        "added: service Occupational therapy (ot): 30 min a week",
    ]


def test_diff_of_a_plan_with_itself_says_no_changes(cli, example_plan: Path) -> None:
    done = cli("plan", "diff", example_plan, example_plan)
    assert done.code == 0 and done.stdout.startswith("No changes")


def test_diff_needs_two_plans(cli, example_plan: Path) -> None:
    done = cli("plan", "diff", example_plan)
    assert done.code == 2 and "give two plan files" in done.stderr
