"""`-o FILE` picks the format from its extension; a disagreeing `--format` is refused; `-o -`
is standard output (docs/outputs.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

AS_OF = "2026-11-20"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    for name in ("plan.toml", "plan.log.json"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    shutil.copytree(ROOT / "examples" / "plan.evidence", tmp_path / "plan.evidence")
    return tmp_path / "plan.toml"


@pytest.mark.parametrize(("command", "name", "starts"), [
    ("report", "r.html", "<!DOCTYPE html>"), ("report", "r.csv", "since,until,"),
    ("report", "r.json", "{"), ("report", "r.md", "# "), ("timeline", "t.html", "<!DOCTYPE"),
    ("timeline", "t.csv", ""), ("report", "r.txt", "Maya Rivera"),
])
def test_the_extension_picks_the_format(cli, example: Path, command: str, name: str,
                                        starts: str) -> None:
    output = example.with_name(name)
    done = cli(command, "--plan", example, "--as-of", AS_OF, "-o", output)
    assert done.code == 0, done.stderr
    text = output.read_text(encoding="utf-8-sig")
    assert text.startswith(starts), text[:80]
    if name.endswith(".json"):
        assert json.loads(text)["student"] == "Maya Rivera"


def test_a_format_that_disagrees_with_the_extension_is_refused(cli, example: Path) -> None:
    output = example.with_name("r.json")
    done = cli("report", "--plan", example, "--as-of", AS_OF, "-o", output, "--format", "csv")
    assert done.code == 2 and not output.exists()
    assert "--format csv disagrees with --output" in done.stderr and "r.csv" in done.stderr


def test_a_format_that_agrees_or_an_unknown_extension_is_written(cli, example: Path) -> None:
    for name, form in (("r.csv", "csv"), ("report.out", "json")):
        output = example.with_name(name)
        done = cli("report", "--plan", example, "--as-of", AS_OF, "-o", output,
                   "--format", form)
        assert done.code == 0, done.stderr


@pytest.mark.parametrize("command", ["report", "timeline", "letter"])
def test_dash_is_standard_output(cli, example: Path, command: str) -> None:
    args = ["letter", "meeting-request"] if command == "letter" else [command]
    done = cli(*args, "--plan", example, "--as-of", AS_OF, "-o", "-")
    assert done.code == 0, done.stderr
    assert done.stdout.strip() and not example.with_name("-").exists()


def test_caseload_takes_its_format_from_the_extension(cli, tmp_path: Path) -> None:
    child = tmp_path / "children" / "maya"
    child.mkdir(parents=True)
    for name in ("plan.toml", "plan.log.json"):
        shutil.copy(ROOT / "examples" / name, child / name)
    output = tmp_path / "caseload.html"
    done = cli("caseload", tmp_path / "children", "--as-of", AS_OF, "-o", output)
    assert done.code == 0, done.stderr
    assert output.read_text().startswith("<!DOCTYPE html>")


def test_a_csv_file_starts_with_a_bom_and_stdout_does_not(cli, example: Path) -> None:
    import csv

    output = example.with_name("report.csv")
    assert cli("report", "--plan", example, "--as-of", AS_OF, "-o", output).code == 0
    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfsince,until,")
    shown = cli("report", "--plan", example, "--as-of", AS_OF, "--format", "csv").stdout
    assert shown.startswith("since,until,")
    assert raw.decode("utf-8-sig").replace("\r\n", "\n") == shown.replace("\r\n", "\n")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    speech = next(r for r in rows if r["id"] == "speech")
    assert speech["minutes_required"] == "756"  # a bare number, never quoted
    assert '"756"' not in raw.decode("utf-8-sig")
