"""`timeline --format json` (docs/json.md): the chronology's facts, entry by entry, exactly
`json.dumps(document, indent=2)`, each entry cited by its own reference."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLE_PLAN
from tests.test_authors_outputs import sam, two_authors  # noqa: F401 - fixtures

AS_OF = "2026-11-20"


def _timeline(cli, plan: Path, *args: str) -> str:
    done = cli("timeline", "--plan", str(plan), "--as-of", AS_OF, *args)
    assert done.code == 0, done.stderr
    return done.stdout


def test_the_json_is_the_chronology_laid_out_as_json_dumps_would(cli) -> None:
    text = _timeline(cli, EXAMPLE_PLAN, "--format", "json")
    document = json.loads(text)
    assert text == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert list(document)[:2] == ["format", "version"]
    assert document["format"] == "iepcheck-timeline" and document["version"] == 1
    assert (document["student"], document["period"]) == (
        "Maya Rivera", {"since": "2026-08-24", "until": AS_OF})
    assert len(document["entries"]) == 27
    by_ref = {e["ref"]: e for e in document["entries"]}
    assert (by_ref["3"]["kind"], by_ref["3"]["minutes"], by_ref["3"]["reason"]) == (
        "service-log", 30, "cancelled")
    assert by_ref["26"]["retracted_by"] == "27" and by_ref["27"]["retracts"] == "26"
    assert [w["key"] for w in document["windows"]] == ["state_complaint", "ocr", "due_process"]


def test_the_csv_and_the_json_hold_the_same_entries(cli) -> None:
    rows = _timeline(cli, EXAMPLE_PLAN, "--format", "csv").splitlines()[1:]
    entries = json.loads(_timeline(cli, EXAMPLE_PLAN, "--format", "json"))["entries"]
    assert [row.split(",")[0] for row in rows] == [e["ref"] for e in entries]


def test_an_item_filter_with_no_entries_is_an_empty_list(cli) -> None:
    text = _timeline(cli, EXAMPLE_PLAN, "--item", "social-skills", "--format", "json")
    document = json.loads(text)
    assert document["entries"] == [] and document["items"] == ["social-skills"]
    assert text == json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def test_another_authors_entries_are_cited_by_their_own_reference(
        cli, two_authors) -> None:  # noqa: F811 - the fixture imported above
    entries = json.loads(_timeline(cli, two_authors, "--format", "json"))["entries"]
    assert {(e["ref"], e["author"]) for e in entries} == {
        ("1", None), ("2", None), ("dad#1", "dad"), ("dad#2", "dad")}


def test_o_file_json_writes_it(cli, tmp_path) -> None:
    out = tmp_path / "chronology.json"
    done = cli("timeline", "--plan", str(EXAMPLE_PLAN), "--as-of", AS_OF, "-o", str(out))
    assert done.code == 0, done.stderr
    assert json.loads(out.read_text())["format"] == "iepcheck-timeline"
