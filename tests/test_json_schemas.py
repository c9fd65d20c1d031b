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
