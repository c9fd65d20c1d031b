"""Open-ended input: any text round-trips exactly; any bytes as a file give exit 2, never a traceback."""

import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iepcheck.store.logbook import read_log
from iepcheck.store.plan_file import load_plan
from tests.conftest import AS_OF, MINIMAL_PLAN

PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
# Text a person can type: no lone surrogates (not valid UTF-8); NUL is allowed in notes.
TYPED = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200)
# A name in the plan: no control characters (Cc) and no bidirectional override or isolate.
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
NAME = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=BIDI),
               min_size=1, max_size=200)


@PROPERTY
@given(note=TYPED, who=TYPED)
def test_any_note_and_who_round_trip_exactly(cli, tmp_path_factory, note: str, who: str) -> None:
    """A note is kept exactly; `who` becomes the staff id it names, or the name as written
    (spacing folded); an id-like word naming nobody, and an empty note, are refused."""
    import re

    folder = tmp_path_factory.mktemp("rt")
    plan = folder / "p.toml"
    plan.write_text(MINIMAL_PLAN)
    done = cli("log", "speech", "-k", "call", "--who", who, "--note", "-", "--plan", plan,
               "--as-of", AS_OF, stdin=note)
    written = " ".join(who.split())
    refused = (not note.rstrip("\n").strip() or not written
               or (re.fullmatch(r"[a-z0-9][a-z0-9-]*", written) and written != "ms-lee"))
    if refused:
        assert done.code == 2 and not (folder / "p.log.json").exists(), done.stderr
        return
    assert done.code == 0, done.stderr
    [entry] = read_log(folder / "p.log.json")
    staff = written.casefold() in ("ms-lee", "ms. lee", "lee@school.example.org")
    assert entry.who == ("ms-lee" if staff else written)
    assert entry.note == note.rstrip("\n")


@PROPERTY
@given(name=NAME.filter(lambda s: s.strip() != ""))
def test_any_item_name_round_trips_through_the_plan(cli, tmp_path_factory, name: str) -> None:
    folder = tmp_path_factory.mktemp("nm")
    plan = folder / "p.toml"
    plan.write_text(MINIMAL_PLAN)
    done = cli("add-item", "accommodation", "--id", "new-item", "--plan", plan, "--", name)
    assert done.code == 0, done.stderr
    assert load_plan(plan).item("new-item").name == name
    assert tomllib.loads(plan.read_text())["accommodations"][-1]["name"] == name


@PROPERTY
@given(before=NAME, control=st.characters(categories=("Cc",)) | st.sampled_from(BIDI), after=NAME)
def test_an_item_name_with_a_control_character_is_refused(cli, tmp_path_factory, before: str,
                                                          control: str, after: str) -> None:
    folder = tmp_path_factory.mktemp("nc")
    plan = folder / "p.toml"
    plan.write_text(MINIMAL_PLAN)
    done = cli("add-item", "accommodation", "--id", "new-item", "--plan", plan, "--",
               before + control + after)
    assert done.code == 2 and "control character" in done.stderr, done
    assert done.stderr.count("\n") == 1 and plan.read_text() == MINIMAL_PLAN


@PROPERTY
@given(raw=st.binary(max_size=400))
def test_any_bytes_as_a_plan_exit_2(cli, tmp_path_factory, raw: bytes) -> None:
    folder = tmp_path_factory.mktemp("pb")
    plan = folder / "p.toml"
    plan.write_bytes(raw)
    done = cli("items", "--plan", plan)
    assert done.code == 2, done
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert plan.read_bytes() == raw


@PROPERTY
@given(raw=st.one_of(st.binary(max_size=400),
                     st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                                  lambda kids: st.lists(kids, max_size=3)
                                  | st.dictionaries(st.sampled_from(["format", "version", "entries", "n", "date"]), kids, max_size=3),
                                  max_leaves=10).map(lambda v: json.dumps(v).encode())))
def test_any_bytes_as_a_log_exit_2_and_stay(cli, tmp_path_factory, raw: bytes) -> None:
    folder = tmp_path_factory.mktemp("lb")
    plan = folder / "p.toml"
    plan.write_text(MINIMAL_PLAN)
    log = folder / "p.log.json"
    log.write_bytes(raw)
    for args in (["history"], ["log", "speech", "-k", "visit", "--as-of", AS_OF]):
        done = cli(*args, "--plan", plan)
        assert done.code == 2, (raw, done)
        assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
        assert log.read_bytes() == raw


@pytest.mark.parametrize("text", ["line one\nline two", "tab\there", "quote \" and \\ back"])
def test_control_characters_in_notes(cli, plan_path: Path, text: str) -> None:
    assert cli("log", "speech", "-k", "note", "--note", text, "--plan", plan_path, "--as-of", AS_OF).code == 0
    assert read_log(plan_path.with_name("sam.log.json"))[-1].note == text
