"""Shared fixtures: plans in tmp_path and the real entry point, run in-process or as a process."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from iepcheck.record.drafts import EntryDraft
    from iepcheck.record.entries import Observation

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PLAN = ROOT / "examples" / "plan.toml"
AS_OF = "2026-11-20"

MINIMAL_PLAN = """\
# a hand-written plan with comments that must survive
[student]
name = "Sam Test"   # the child

[plan]
kind = "504"
start = 2026-08-24
end = 2027-06-18

[[staff]]
id = "ms-lee"
name = "Ms. Lee"
email = "lee@school.example.org"

[[services]]
id = "speech"
name = "Speech therapy"
minutes = 30
times = 2
per = "week"
provider = "ms-lee"

[[accommodations]]
id = "extended-time"
name = "Extended time"
staff = ["ms-lee"]
"""


#: When test entries say they were written: after every date the tests observe.
RECORDED = datetime(2027, 12, 31, 18, tzinfo=UTC)


def record_entries(path: Path, *drafts: EntryDraft, now: datetime = RECORDED) -> list[Observation]:
    """Write drafts through the log's one recording path (`logbook.record`), as `log` does."""
    from iepcheck.store.logbook import record

    return [o.entry for o in record(path, drafts, now=now) if o.entry is not None]


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


#: The real clock as in-process tests see it: after every date the tests observe, so no test
#: depends on the day it runs. Tests that need another moment set `iepcheck.cli.options.clock`.
NOW = datetime(2027, 12, 31, 18, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Deterministic output: no colour, a fixed width, no IEPCHECK_* from the developer's shell,
    none of the developer's own settings (an empty config folder), and a fixed clock. English
    again after each test: a command run in-process in Spanish installs its catalogue for the
    whole process, and a pure renderer tested next must not read in it."""
    monkeypatch.setattr("iepcheck.cli.options.clock", lambda: NOW)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("LANGUAGE", "en")  # English whatever the shell's language (docs/languages.md)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    for name in ("IEPCHECK_PLAN", "IEPCHECK_LOG", "IEPCHECK_AUTHOR"):
        monkeypatch.delenv(name, raising=False)
    yield
    from iepcheck.language import messages
    from iepcheck.store.catalogue import load

    messages.use(load(messages.ENGLISH), messages.ENGLISH)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run `iepcheck ARGS…` through the real entry point (`iepcheck.cli:main`), in-process."""
    from iepcheck.cli import main

    def run(*args: str, stdin: str = "") -> Result:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


def run_process(*args: str, cwd: Path | None = None, stdin: str = "",
                env: dict[str, str] | None = None) -> Result:
    """Run the installed `iepcheck` as a separate process (for locking, signals, start-up)."""
    command = [sys.executable, "-m", "iepcheck", *map(str, args)]
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    done = subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, text=True, check=False,
                          env=full_env, timeout=120)
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    """A small hand-commented plan in a fresh folder."""
    path = tmp_path / "sam.toml"
    path.write_text(MINIMAL_PLAN)
    return path


@pytest.fixture
def example_plan(tmp_path: Path) -> Path:
    """A copy of examples/plan.toml in a fresh folder."""
    path = tmp_path / "maya.toml"
    shutil.copy(EXAMPLE_PLAN, path)
    return path


def snapshot(*paths: Path) -> dict[Path, bytes | None]:
    """The bytes of files (None when absent), to prove a failed command wrote nothing."""
    return {p: (p.read_bytes() if p.exists() else None) for p in paths}


def write_plan(folder: Path, name: str, text: str) -> Path:
    """The plan `text` as `NAME.toml` in `folder`; its log will be `NAME.log.json` beside it."""
    path = folder / f"{name}.toml"
    path.write_text(text)
    return path


def log_through_cli(cli, plan: Path, as_of: str):
    """`add(*args)`: run `iepcheck log ARGS --plan PLAN --as-of AS_OF` and insist it succeeds.

    Entries go in through the real command, so a test's log is one a parent could have written.
    """
    def add(*args: str) -> None:
        done = cli("log", *args, "--plan", plan, "--as-of", as_of)
        assert done.code == 0, done.stderr

    return add
