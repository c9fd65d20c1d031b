"""The README's promises about the shipped example hold."""

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_PLAN, ROOT, run_process

EXAMPLE_LOG = ROOT / "examples" / "plan.log.json"


def test_example_report_shows_every_status(cli) -> None:
    done = cli("report", "--plan", EXAMPLE_PLAN, "--as-of", "2026-11-20", "--format", "json")
    assert done.code == 0, done.stderr
    report = json.loads(done.stdout)
    statuses = {item["status"] for item in report["items"]}
    assert statuses == {"not-implemented", "no-evidence", "stale", "partial", "minutes-short",
                        "ok", "inactive"}
    assert report["warnings"] == []


def test_example_log_verifies(cli, tmp_path: Path) -> None:
    """Copied as a whole (log + evidence folder), the example's seals and attachment hold."""
    for name in ("plan.toml", "plan.log.json"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    shutil.copytree(ROOT / "examples" / "plan.evidence", tmp_path / "plan.evidence")
    done = cli("verify", "--plan", tmp_path / "plan.toml")
    assert done.code == 0, done.stdout + done.stderr


def test_example_log_uses_every_kind() -> None:
    kinds = {e["kind"] for e in json.loads(EXAMPLE_LOG.read_text())["entries"]}
    assert kinds == {"interview", "visit", "email-sent", "email-received", "call", "meeting",
                     "service-log", "progress-report", "work-sample", "note", "absence"}


def test_readme_report_excerpt_matches_the_tool() -> None:
    """The table pasted in the README is what the tool prints for the example."""
    readme = (ROOT / "README.md").read_text()
    shown = re.search(r"```text\n(.*?)```", readme, re.DOTALL).group(1)
    done = run_process("report", "--plan", EXAMPLE_PLAN, "--as-of", "2026-11-20",
                       env={"COLUMNS": "118"})
    printed = "\n".join(line.rstrip() for line in done.stdout.splitlines())
    assert shown.strip() in printed


def test_readme_meeting_request_is_what_the_tool_writes() -> None:
    """The letter pasted in the README's Letters section is the tool's, word for word."""
    readme = (ROOT / "README.md").read_text()
    command = "iepcheck letter meeting-request --plan examples/plan.toml --as-of 2026-11-20"
    after = readme[readme.index(command):]
    shown = re.search(r"```text\n(.*?)```", after, re.DOTALL).group(1)
    done = run_process("letter", "meeting-request", "--plan", EXAMPLE_PLAN, "--as-of",
                       "2026-11-20")
    assert done.code == 0, done.stderr
    assert shown == done.stdout


def test_example_report_shows_the_goals(cli) -> None:
    """The example's progress report measures both goals: one behind, one on track."""
    done = cli("report", "--plan", EXAMPLE_PLAN, "--as-of", "2026-11-20", "--format", "json")
    goals = {g["id"]: (g["latest"]["value"], g["expected"], g["verdict"])
             for g in json.loads(done.stdout)["goals"]}
    # 62 → 90 over 284 days, day 81: 62 + 28 × 81 ÷ 284 = 69.99; a tenth is 2.8
    # 12 → 2 over 349 days (to the plan's end), day 70: 12 − 10 × 70 ÷ 349 = 9.99; a tenth is 1
    assert goals == {"reading-fluency": (66, 69.99, "behind"), "reversals": (9, 9.99, "on-track")}
    assert json.loads(EXAMPLE_LOG.read_text())["version"] == 3


#: What a rebuild changes by nature: a new random id, the time of recording, and the seals.
REBUILT_FIELDS = ("id", "recorded_at", "hash")


@pytest.mark.skipif(not shutil.which("bash"), reason="needs bash")
def test_the_example_log_is_what_its_script_builds(tmp_path: Path) -> None:
    """examples/make_example_log.sh rebuilds the shipped log through the CLI, entry for entry:
    the example holds nothing the CLI would refuse today."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "examples"
    shutil.copytree(ROOT / "examples", folder)
    scripts = Path(sys.executable).parent
    if not (scripts / "iepcheck").exists():
        pytest.skip("needs the installed iepcheck command beside this Python")
    done = subprocess.run(["bash", str(folder / "make_example_log.sh")], capture_output=True,
                          text=True, timeout=600, check=False,
                          env={**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ['PATH']}"})
    assert done.returncode == 0, done.stderr

    def content(path: Path) -> list[dict[str, object]]:
        """Each entry's fields, less those a rebuild makes anew; a field a later log version
        added reads as null in an older log, so a null field and an absent one are the same."""
        return [{k: v for k, v in entry.items() if k not in REBUILT_FIELDS and v is not None}
                for entry in json.loads(path.read_text())["entries"]]

    assert content(folder / "plan.log.json") == content(EXAMPLE_LOG)
    assert sorted(p.name for p in (folder / "plan.evidence").iterdir()) == sorted(
        p.name for p in (ROOT / "examples" / "plan.evidence").iterdir())


def test_the_readme_starts_with_commands_that_work_on_a_stock_system() -> None:
    """Python's version first, then pipx (a bare `pip install .` is refused by PEP 668 on
    Debian and Ubuntu), then the report whose output the README shows, as of its day."""
    readme = (ROOT / "README.md").read_text()
    first = readme[readme.index("## Try it"):readme.index("## Five minutes")]
    commands = re.search(r"```sh\n(.*?)```", first, re.DOTALL).group(1)
    assert first.index("Python 3.11") < first.index("```sh")
    assert "pipx install ." in commands and "pip install ." not in commands
    assert "iepcheck report --plan examples/plan.toml --as-of 2026-11-20" in commands
    shown = readme[readme.index("## The evidence report"):]
    assert "`iepcheck report --plan examples/plan.toml --as-of 2026-11-20`" in shown
    assert "python3 -m venv" in first and "pip install '.[test]' && pytest" in first
