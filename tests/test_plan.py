"""Plan parsing: every rule of docs/plan-format.md, and errors that name the file and the line or key."""

from datetime import date
from pathlib import Path

import pytest

from iepcheck.errors import PlanError
from iepcheck.store.plan_file import load_plan, parse_plan
from tests.conftest import EXAMPLE_PLAN, MINIMAL_PLAN

P = Path("kid.toml")


def test_example_plan_is_valid_and_realistic() -> None:
    plan = load_plan(EXAMPLE_PLAN)
    assert plan.student.name == "Maya Rivera"
    assert len([s for s in plan.services if s.minutes]) >= 4
    assert len(plan.accommodations) >= 8
    assert plan.plan.check_every == 7 and plan.plan.reply_within == 3
    assert plan.calendar.is_no_school(date(2026, 11, 26))
    assert plan.calendar.is_no_school(date(2027, 1, 18))
    assert not plan.calendar.is_no_school(date(2026, 11, 24))
    assert plan.check_every(plan.item("counseling")) == 14
    assert plan.check_every(plan.item("speech")) == 7
    assert sum(s.case_manager for s in plan.staff) == 1


def test_minimal_plan_defaults() -> None:
    plan = parse_plan(MINIMAL_PLAN, P)
    assert plan.calendar.school_days == ("mon", "tue", "wed", "thu", "fri")
    assert plan.calendar.no_school == ()
    assert [i.id for i in plan.items] == ["speech", "extended-time"]
    assert plan.item("speech").kind == "service"


def _replace(old: str, new: str) -> str:
    assert old in MINIMAL_PLAN
    return MINIMAL_PLAN.replace(old, new)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_replace('per = "week"', 'per = "fortnight"'), r"services\[1\]\.per: .*'day', 'week', 'month', 'year' or 'cycle'"),
        (_replace("minutes = 30", "minutes = -30"), r"services\[1\]\.minutes: .*greater than 0"),
        (_replace("minutes = 30", 'minutes = "thirty"'), r"services\[1\]\.minutes: .*integer"),
        (_replace("times = 2", "times = 2.5"), r"services\[1\]\.times: .*integer"),
        (_replace("minutes = 30", "minutes = true"), r"services\[1\]\.minutes: .*integer"),
        (_replace('name = "Sam Test"', "name = 3"), r"student\.name: .*string"),
        (_replace('kind = "504"', 'kind = "IFSP"'), r"plan\.kind: .*'IEP' or '504'"),
        (_replace("end = 2027-06-18", "end = 2026-01-01"), r"plan: end \(2026-01-01\) is before start"),
        (_replace("start = 2026-08-24", 'start = "next monday"'), r"plan\.start: expected a date"),
        (_replace("start = 2026-08-24", "start = 2026-08-24T09:00:00"), r"plan\.start: .*not a date and time"),
        (_replace('id = "speech"', 'id = "Speech Therapy"'), r"services\[1\]\.id: 'Speech Therapy' is not a valid id"),
        (_replace('id = "speech"', 'id = "extended-time"'), r"accommodations\[1\]\.id: id 'extended-time' is already used by services\[1\]\.id"),
        (_replace('staff = ["ms-lee"]', 'staff = ["mr-nobody"]'), r"accommodations\[1\]\.staff: 'mr-nobody' is not a staff id"),
        (_replace('staff = ["ms-lee"]', 'staff = "ms-lee"'), r"accommodations\[1\]\.staff: .*tuple"),
        (_replace("[plan]\n", "[plan]\ncheck_every = 7\n"), r"plan\.check_every: expected an interval"),
        (_replace("[plan]\n", '[plan]\ncheck_every = "1 week"\n'), r"plan\.check_every: expected an interval such as 7d"),
        (_replace("[plan]\n", "[plan]\nstrat = 2026-01-01\n"), r"plan\.strat: is not a key iepcheck knows"),
        (MINIMAL_PLAN.replace('[student]\nname = "Sam Test"   # the child\n', ""), r"student: is required but missing"),
        (MINIMAL_PLAN + '\n[calendar]\nno_school = ["2026-11-27..2026-11-23"]\n', r"calendar\.no_school: expected a date"),
        (MINIMAL_PLAN + '\n[calendar]\nschool_days = ["mon", "funday"]\n', r"calendar\.school_days\[2\]"),
        (MINIMAL_PLAN + "\n[[staff]]\nid = \"ms-lee\"\nname = \"Again\"\n", r"staff\[2\]\.id: id 'ms-lee' is already used"),
        (MINIMAL_PLAN + "\n[[staff]]\nid = \"a\"\nname = \"A\"\ncase_manager = true\n[[staff]]\nid = \"b\"\nname = \"B\"\ncase_manager = true\n", "only one staff member"),
        (_replace('per = "week"\n', ""), r"services\[1\]: a service with minutes needs per"),
    ],
)
def test_plan_rules_are_enforced_with_the_key_path(text: str, message: str) -> None:
    with pytest.raises(PlanError, match=message) as caught:
        parse_plan(text, P)
    assert str(str(caught.value)).startswith("kid.toml: ")
    assert "\n" not in str(caught.value)


def test_toml_syntax_error_names_the_line() -> None:
    line = MINIMAL_PLAN.splitlines().index("times = 2") + 1
    broken = MINIMAL_PLAN.replace("times = 2", "times = = 2")
    with pytest.raises(PlanError, match=rf"kid.toml: line {line}, column \d+: .*fix the TOML syntax"):
        parse_plan(broken, P)


def test_missing_plan_suggests_init(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match=r"no plan at .*run 'iepcheck init'"):
        load_plan(tmp_path / "absent.toml")


def test_non_utf8_plan_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(MINIMAL_PLAN.encode() + b'\n# caf\xe9\n')
    line = MINIMAL_PLAN.count("\n") + 2
    with pytest.raises(PlanError, match=rf"line {line}: not UTF-8"):
        load_plan(path)


def test_item_activity_respects_plan_and_item_dates() -> None:
    plan = load_plan(EXAMPLE_PLAN)
    social = plan.item("social-skills")
    assert not plan.in_effect(social, date(2026, 12, 1))
    assert plan.in_effect(social, date(2027, 1, 4))
    assert not plan.in_effect(plan.item("speech"), date(2027, 8, 20))
    assert plan.window(social, date(2026, 12, 1), date(2027, 1, 31))[0] == social.start


# Dated changes to an item's terms.

def _changes(changes: str, where: str = "speech") -> str:
    """The minimal plan with `changes = [...]` on the service or the accommodation."""
    anchor = 'provider = "ms-lee"\n' if where == "speech" else 'staff = ["ms-lee"]\n'
    return _replace(anchor, f"{anchor}changes = [{changes}]\n")


def test_terms_on_a_day_apply_every_change_from_on_or_before_it() -> None:
    plan = parse_plan(_changes('{from = 2027-03-01, minutes = 45, location = "room 4"}, '
                               "{from = 2027-01-10, times = 3}"), P)
    speech = plan.item("speech")
    assert (speech.terms_on(date(2027, 1, 9)).times, speech.terms_on(date(2027, 1, 9)).minutes) == (2, 30)
    assert speech.terms_on(date(2027, 1, 10)).times == 3
    assert speech.terms_on(date(2027, 3, 1)).model_dump(include={"minutes", "times", "location"}) == {
        "minutes": 45, "times": 3, "location": "room 4"}
    assert speech.terms_on(date(2027, 3, 1)).changes == () and speech.changes != ()
    assert speech.terms_on(date(2027, 3, 1)).id == "speech"


def test_segments_cut_a_range_at_each_change() -> None:
    speech = parse_plan(_changes('{from = 2027-03-01, minutes = 45}, {from = 2027-01-10, times = 3}'),
                        P).item("speech")
    runs = [(a, b, t.minutes, t.times) for a, b, t in speech.segments(date(2027, 1, 4), date(2027, 3, 5))]
    assert runs == [(date(2027, 1, 4), date(2027, 1, 9), 30, 2),
                    (date(2027, 1, 10), date(2027, 2, 28), 30, 3),
                    (date(2027, 3, 1), date(2027, 3, 5), 45, 3)]
    assert [(a, b) for a, b, _ in speech.segments(date(2027, 1, 12), date(2027, 1, 20))] == [
        (date(2027, 1, 12), date(2027, 1, 20))]
    assert list(speech.segments(date(2027, 1, 20), date(2027, 1, 12))) == []


def test_an_accommodation_changes_what_it_applies_to_and_who() -> None:
    text = _changes('{from = 2026-11-02, applies_to = ["math"], staff = []}', "ext") + (
        '\n[[staff]]\nid = "mr-x"\nname = "Mr X"\n')
    ext = parse_plan(text, P).item("extended-time")
    assert ext.terms_on(date(2026, 11, 1)).staff == ("ms-lee",)
    assert ext.terms_on(date(2026, 11, 2)).model_dump(include={"applies_to", "staff"}) == {
        "applies_to": ("math",), "staff": ()}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_changes("{from = 2027-09-01, times = 3}"),
         (r"services\[1\]\.changes\[1\]\.from: 2027-09-01 is outside the dates the service is in "
         r"effect \(2026-08-24 to 2027-06-18\)")),
        (_changes("{from = 2027-01-10, times = 3}, {from = 2027-01-10, minutes = 40}"),
         r"services\[1\]\.changes\[2\]\.from: changes\[1\] is also from 2027-01-10; put both in one"),
        (_changes('{from = 2027-01-10, applies_to = ["math"]}'),
         (r"services\[1\]\.changes\[1\]: 'applies_to' cannot change in a service; a change may set "
         r"minutes, times, per, cycle_days, location, provider, staff \(and needs from\)$")),
        (_changes("{from = 2027-01-10, minutes = 40}", "ext"),
         r"accommodations\[1\]\.changes\[1\]: 'minutes' cannot change in an accommodation"),
        (_changes("{from = 2027-01-10}"), r"services\[1\]\.changes\[1\]: the change from 2027-01-10 changes nothing"),
        (_changes("{times = 3}"), r"services\[1\]\.changes\[1\]: a change needs from = YYYY-MM-DD"),
        (_changes('{from = "soon", times = 3}'), r"services\[1\]\.changes\[1\]\.from: expected a date"),
        (_changes("{from = 2027-01-10, minutes = 0}"), r"services\[1\]\.changes\[1\]\.minutes: .*greater than 0"),
        (_changes("{from = 2027-01-10, minutes = 5000}"), r"services\[1\]\.changes\[1\]\.minutes: .*less than or equal to 1440"),
        (_changes("{from = 2027-01-10, times = 500}"), r"services\[1\]\.changes\[1\]\.times: .*less than or equal to 100"),
        (_changes('{from = 2027-01-10, provider = "Ms\\u001b[2J"}'), r"services\[1\]\.changes\[1\]\.provider: .*control character \(U\+001B\)"),
        (_changes('{from = 2026-11-02, applies_to = ["math\\u0007"]}', "ext"), r"accommodations\[1\]\.changes\[1\]\.applies_to\[1\]: .*control character"),
        (_changes('{from = 2027-01-10, per = "fortnight"}'), r"services\[1\]\.changes\[1\]\.per: .*'day', 'week', 'month', 'year' or 'cycle'"),
        (_changes('{from = 2027-01-10, staff = ["mr-nobody"]}'),
         r"services\[1\]\.changes\[1\]\.staff: 'mr-nobody' is not a staff id"),
        (_replace('per = "week"\n', "").replace("minutes = 30\n", "")
         .replace('provider = "ms-lee"\n', 'provider = "ms-lee"\nchanges = [{from = 2027-01-10, minutes = 30}]\n'),
         r"services\[1\]\.changes\[1\]: from 2027-01-10 the service has minutes but no per"),
        (_changes('{from = 2027-01-10, times = 3}').replace("changes = [", "start = 2027-02-01\nchanges = ["),
         r"services\[1\]\.changes\[1\]\.from: 2027-01-10 is outside the dates the service is in effect \(2027-02-01"),
    ],
)
def test_change_rules_are_enforced_with_the_key_path(text: str, message: str) -> None:
    with pytest.raises(PlanError, match=message) as caught:
        parse_plan(text, P)
    assert "\n" not in str(caught.value)


def test_changes_may_be_written_in_any_order_or_as_tables() -> None:
    tables = MINIMAL_PLAN.replace(
        '[[accommodations]]',
        '[[services.changes]]\nfrom = 2027-03-01\nminutes = 45\n\n'
        '[[services.changes]]\nfrom = 2027-01-10\ntimes = 3\n\n[[accommodations]]')
    speech = parse_plan(tables, P).item("speech")
    assert [since for since, _ in speech.versions()][1:] == [date(2027, 1, 10), date(2027, 3, 1)]
