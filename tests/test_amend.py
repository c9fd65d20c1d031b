"""`iepcheck amend`: a dated change placed after its own item, every other byte kept; and
`items` showing the changes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from iepcheck.errors import PlanError
from iepcheck.store.plan_file import insert_change, load_plan
from tests.conftest import AS_OF, MINIMAL_PLAN, snapshot, write_plan

#: Two services and an accommodation; comments lead into each table, a multi-line note holds
#: lines that look like table headers, and the file ends without a line break.
TWO_SERVICES = MINIMAL_PLAN.replace('provider = "ms-lee"\n', '''provider = "ms-lee"
notes = """
[[accommodations]]
[[services.changes]]
"""

# Occupational therapy, added at the October meeting
[[services]]
id = "ot"
name = "Occupational therapy"
minutes = 30
per = "month"
''', 1).rstrip("\n")


def assert_inserted(before: str, after: str, block: str) -> int:
    """`after` is `before` with `block` added in one piece: every byte of `before` kept in
    order. Returns where the block starts."""
    at = after.index(block)
    assert after[:at] + after[at + len(block):] == before
    return at


def amend(cli, plan: Path, *args: str):
    return cli("amend", *args, "--plan", plan, "--as-of", AS_OF)


def test_speech_from_twice_to_three_times_a_week(cli, plan_path: Path) -> None:
    """The README's example."""
    before = plan_path.read_text()
    done = amend(cli, plan_path, "speech", "--from", "2027-01-10", "--times", "3")
    assert done.code == 0, done.stderr
    assert done.stdout == "speech from 2027-01-10: times 3 (30 min × 3 per week)\n"
    text = plan_path.read_text()
    at = assert_inserted(before, text, "\n[[services.changes]]\nfrom = 2027-01-10\ntimes = 3\n")
    assert at < text.index("[[accommodations]]")
    speech = load_plan(plan_path).item("speech")
    assert (speech.terms_on(date(2027, 1, 9)).times, speech.terms_on(date(2027, 1, 10)).times) == (2, 3)


def test_the_change_goes_after_its_item_not_the_last_one(cli, tmp_path: Path) -> None:
    plan = write_plan(tmp_path, "sam", TWO_SERVICES)
    before = plan.read_text()
    assert amend(cli, plan, "speech", "--from", "2026-11-02", "--minutes", "45").code == 0
    text = plan.read_text()
    at = assert_inserted(before, text, "\n[[services.changes]]\nfrom = 2026-11-02\nminutes = 45\n")
    assert at < text.index("# Occupational therapy")  # the comment stays with its table
    assert amend(cli, plan, "ot", "--from", "2027-02-01", "--minutes", "60", "--times", "2").code == 0
    assert amend(cli, plan, "speech", "--from", "2027-03-01", "--staff", "ms-lee").code == 0
    current = load_plan(plan)
    assert [c.from_ for c in current.item("speech").changes] == [date(2026, 11, 2), date(2027, 3, 1)]
    assert current.item("ot").terms_on(date(2027, 2, 1)).model_dump(
        include={"minutes", "times", "per"}) == {"minutes": 60, "times": 2, "per": "month"}
    assert current.item("speech").notes == "[[accommodations]]\n[[services.changes]]\n"
    assert text.endswith('staff = ["ms-lee"]')  # the last line, with no line break, untouched


def test_an_accommodation_changes_what_it_applies_to(cli, plan_path: Path) -> None:
    done = amend(cli, plan_path, "extended-time", "--from", "2027-01-04", "--applies-to", "math",
                 "--applies-to", "science", "--staff", "ms-lee")
    assert done.code == 0, done.stderr
    assert done.stdout.strip() == ("extended-time from 2027-01-04: applies to math, science, "
                                   "staff ms-lee")
    assert plan_path.read_text().endswith(
        '[[accommodations.changes]]\nfrom = 2027-01-04\napplies_to = [\n    "math",\n    "science",\n]\n'
        'staff = [\n    "ms-lee",\n]\n')
    ext = load_plan(plan_path).item("extended-time")
    assert ext.terms_on(date(2027, 1, 4)).applies_to == ("math", "science")


def test_line_endings_and_a_byte_order_mark_are_kept(cli, tmp_path: Path) -> None:
    plan = tmp_path / "sam.toml"
    plan.write_bytes(b"\xef\xbb\xbf" + MINIMAL_PLAN.replace("\n", "\r\n").encode())
    before = plan.read_bytes()
    assert amend(cli, plan, "speech", "--from", "2027-01-10", "--times", "3").code == 0
    after = plan.read_bytes()
    assert after.startswith(before[:before.index(b"[[accommodations]]")])
    assert b"\r\n[[services.changes]]\r\nfrom = 2027-01-10\r\ntimes = 3\r\n\r\n" in after
    assert b"\n" not in after.replace(b"\r\n", b"")


def test_an_inline_changes_array_is_refused(cli, plan_path: Path) -> None:
    plan_path.write_text(MINIMAL_PLAN.replace(
        'provider = "ms-lee"\n', 'provider = "ms-lee"\nchanges = [{from = 2026-11-02, minutes = 40}]\n'))
    before = snapshot(plan_path)
    done = amend(cli, plan_path, "speech", "--from", "2027-01-10", "--times", "3")
    assert done.code == 2 and done.stderr.count("\n") == 1
    assert ("'speech' already lists its changes inline (changes = [...]); add "
            "{from = 2027-01-10, times = 3} inside that array by hand") in done.stderr
    assert snapshot(plan_path) == before


@pytest.mark.parametrize(("args", "message"), [
    (["spech", "--from", "2027-01-10", "--times", "3"], "unknown item 'spech' (did you mean speech?)"),
    (["extended-time", "--from", "2027-01-10", "--minutes", "40"],
     "--minutes: 'extended-time' is an accommodation, which cannot change minutes"),
    (["speech", "--from", "2027-01-10", "--applies-to", "math"],
     "--applies-to: 'speech' is a service, which cannot change applies to"),
    (["speech", "--from", "2027-07-01", "--times", "3"],
     "--from: 2027-07-01 is outside the dates 'speech' is in effect (2026-08-24 to 2027-06-18)"),
    (["speech", "--from", "2026-08-23", "--times", "3"], "--from: 2026-08-23 is outside the dates"),
    (["speech", "--from", "2027-01-10"],
     ("nothing to change: give at least one of --minutes, --times, --per, --location, "
      "--provider, --staff")),
    (["extended-time", "--from", "2027-01-10"],
     "nothing to change: give at least one of --applies-to, --staff"),
    (["speech", "--from", "someday", "--times", "3"], "--from: 'someday' is not a date"),
    (["speech", "--times", "3"], "Missing option '--from'"),
    (["speech", "--from", "2027-01-10", "--minutes", "0"], "--minutes: Input should be greater than 0"),
    (["speech", "--from", "2027-01-10", "--times", "101"], "--times: Input should be less than or equal to 100"),
    (["speech", "--from", "2027-01-10", "--per", "fortnight"], "'fortnight' is not one of"),
    (["speech", "--from", "2027-01-10", "--staff", "mr-nobody"], "--staff: 'mr-nobody' is not a staff id"),
    (["speech", "--from", "2027-01-10", "--provider", "Ms\x1b[2J"],
     "--provider: contains a control character (U+001B)"),
])
def test_bad_amendments_are_one_line_and_touch_nothing(cli, plan_path: Path, args, message) -> None:
    before = snapshot(plan_path)
    done = amend(cli, plan_path, *args)
    assert done.code == 2, done
    assert message in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(plan_path) == before


def test_a_second_change_on_the_same_day_is_refused(cli, plan_path: Path) -> None:
    assert amend(cli, plan_path, "speech", "--from", "2027-01-10", "--times", "3").code == 0
    before = snapshot(plan_path)
    done = amend(cli, plan_path, "speech", "--from", "2027-01-10", "--minutes", "40")
    assert done.code == 2 and "--from: 'speech' already has a change from 2027-01-10" in done.stderr
    assert snapshot(plan_path) == before


def test_minutes_given_to_a_service_without_per_need_per(cli, plan_path: Path) -> None:
    plan_path.write_text(MINIMAL_PLAN.replace("minutes = 30\n", "").replace('per = "week"\n', ""))
    before = snapshot(plan_path)
    done = amend(cli, plan_path, "speech", "--from", "2027-01-10", "--minutes", "30")
    assert done.code == 2 and "--per: from 2027-01-10 'speech' would have minutes but no per" in done.stderr
    assert snapshot(plan_path) == before
    assert amend(cli, plan_path, "speech", "--from", "2027-01-10", "--minutes", "30",
                 "--per", "week").code == 0


def test_a_broken_plan_is_refused_untouched(cli, plan_path: Path) -> None:
    plan_path.write_text(MINIMAL_PLAN + "oops = \n")
    before = snapshot(plan_path)
    done = amend(cli, plan_path, "speech", "--from", "2027-01-10", "--times", "3")
    assert done.code == 2 and "fix the TOML syntax" in done.stderr
    assert snapshot(plan_path) == before


def test_items_show_each_change_and_the_terms_in_effect(cli, plan_path: Path) -> None:
    assert amend(cli, plan_path, "speech", "--from", "2027-01-10", "--times", "3").code == 0
    assert amend(cli, plan_path, "speech", "--from", "2026-12-01", "--minutes", "20").code == 0
    before = cli("items", "--plan", plan_path, "--as-of", "2026-11-20").stdout
    after = cli("items", "--plan", plan_path, "--as-of", "2027-01-10").stdout
    assert "30 min × 2 per week" in before and "20 min × 3 per week" in after
    assert "from 2026-12-01: minutes 20" in after and "from 2027-01-10: times 3" in after
    items = json.loads(cli("items", "--plan", plan_path, "--format", "json").stdout)["items"]
    assert items[0]["changes"] == [{"from": "2026-12-01", "minutes": 20},
                                   {"from": "2027-01-10", "times": 3}]
    assert items[0]["times"] == 2 and items[1]["changes"] == []  # the terms as written


# --- placing the table (pure) ---------------------------------------------------------------


def test_services_written_as_an_inline_array_are_refused() -> None:
    text = MINIMAL_PLAN.replace(
        '[[services]]\nid = "speech"\nname = "Speech therapy"\nminutes = 30\ntimes = 2\nper = "week"\n'
        'provider = "ms-lee"\n', "").replace(
        "[plan]", 'services = [{id = "speech", name = "Speech"}]\n\n[plan]')
    with pytest.raises(PlanError, match=r"cannot add to .* changes = \[from = 2027-01-10, times = 3\]"):
        insert_change(text, "services", 0, "speech", {"from": date(2027, 1, 10), "times": 3})


def test_changes_already_written_as_tables_get_one_more_after_them() -> None:
    text = MINIMAL_PLAN.replace(
        "[[accommodations]]", "[[services.changes]]\nfrom = 2026-11-02\nminutes = 40\n"
        "\n# Accommodations: the comment leads into the next table\n[[accommodations]]")
    new = insert_change(text, "services", 0, "speech", {"from": date(2027, 1, 10), "times": 3})
    assert_inserted(text, new, "\n[[services.changes]]\nfrom = 2027-01-10\ntimes = 3\n")
    assert new.index("minutes = 40") < new.index("times = 3") < new.index("# Accommodations")


def test_an_item_at_the_very_end_without_a_line_break() -> None:
    text = MINIMAL_PLAN.rstrip("\n")
    new = insert_change(text, "accommodations", 0, "extended-time", {"from": date(2027, 1, 10),
                                                                      "staff": []})
    assert new == text + "\n\n[[accommodations.changes]]\nfrom = 2027-01-10\nstaff = []\n"


def test_the_readme_example_on_the_example_plan(cli, example_plan: Path) -> None:
    """speech from 2× to 3× a week from 10 Jan 2027, in the commented example plan."""
    before = example_plan.read_text()
    done = amend(cli, example_plan, "speech", "--from", "2027-01-10", "--times", "3")
    assert done.code == 0, done.stderr
    text = example_plan.read_text()
    at = assert_inserted(before, text, "\n[[services.changes]]\nfrom = 2027-01-10\ntimes = 3\n")
    assert text.rindex('id = "speech"', 0, at) > text.rindex("[[services]]", 0, at)
    speech = load_plan(example_plan).item("speech")
    assert speech.terms_on(date(2027, 1, 10)).times == 3
    shown = cli("items", "--plan", example_plan, "--as-of", "2027-01-11").stdout
    assert "30 min × 3 per week" in shown and "from 2027-01-10: times 3" in shown
