"""Every command's JSON is what docs/json.md's schema for it says, format and version first."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

AS_OF = "2026-11-20"


def schemas() -> dict[str, dict[str, object]]:
    text = (ROOT / "docs" / "json.md").read_text()
    found = re.findall(r"<!-- schema: (\S+) -->\n```json\n(.*?)```", text, re.DOTALL)
    return {name: json.loads(body) for name, body in found}


@pytest.fixture
def example(tmp_path: Path) -> Path:
    child = tmp_path / "children" / "maya"
    child.mkdir(parents=True)
    for name in ("plan.toml", "plan.log.json"):
        shutil.copy(ROOT / "examples" / name, child / name)
    shutil.copytree(ROOT / "examples" / "plan.evidence", child / "plan.evidence")
    return child / "plan.toml"


def test_the_docs_give_a_schema_per_document() -> None:
    assert set(schemas()) == {"iepcheck-report", "iepcheck-due", "iepcheck-items",
                              "iepcheck-history", "iepcheck-caseload", "iepcheck-timeline"}


@pytest.mark.parametrize(("name", "args"), [
    ("iepcheck-report", ["report"]), ("iepcheck-due", ["due"]),
    ("iepcheck-items", ["items"]), ("iepcheck-history", ["history"]),
    ("iepcheck-caseload", ["caseload"]), ("iepcheck-timeline", ["timeline"]),
])
def test_every_commands_json_validates(cli, example: Path, name: str, args: list[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    where = [example.parent.parent] if args == ["caseload"] else ["--plan", example]
    done = cli(*args, *where, "--as-of", AS_OF, "--format", "json")
    assert done.code == 0, done.stderr
    document = json.loads(done.stdout)
    assert list(document)[:2] == ["format", "version"]
    jsonschema.validate(document, schemas()[name],
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


NEWER_TERMS = """
[[services]]
id = "reading-year"
name = "Reading intervention"
minutes = 1800
per = "year"
group = 3

[[services]]
id = "ot-cycle"
name = "OT on the rotation"
minutes = 30
per = "cycle"
cycle_days = 6

[[services]]
id = "speech-consult"
name = "Speech consultation"
minutes = 30
per = "month"
delivery = "consult"

[[services]]
id = "esy-speech"
name = "ESY speech"
minutes = 30
times = 2
per = "week"
esy = true
start = 2027-07-06
end = 2027-07-30
"""


@pytest.mark.parametrize(("name", "args"), [("iepcheck-report", ["report"]),
                                            ("iepcheck-items", ["items"]),
                                            ("iepcheck-due", ["due"])])
def test_the_newer_plan_terms_validate(cli, example: Path, name: str, args: list[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    example.write_text(example.read_text() + NEWER_TERMS)
    done = cli(*args, "--plan", example, "--as-of", AS_OF, "--format", "json")
    assert done.code == 0, done.stderr
    document = json.loads(done.stdout)
    jsonschema.validate(document, schemas()[name],
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    if name == "iepcheck-report":
        assert document["consult_totals"]["required"] > 0
    if name == "iepcheck-items":
        by_id = {item["id"]: item for item in document["items"]}
        assert by_id["ot-cycle"]["cycle_days"] == 6 and by_id["reading-year"]["group"] == 3
        assert by_id["speech-consult"]["delivery"] == "consult" and by_id["esy-speech"]["esy"]
