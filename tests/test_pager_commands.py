"""report, due, items and timeline go through the pager on a terminal as `history` does,
never when piped (docs/terminal.md, cli/pager.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_PLAN

AS_OF = "2026-11-20"
COMMANDS = ("report", "due", "items", "timeline")


def _run(cli, command: str, *args: str):
    return cli(command, "--plan", str(EXAMPLE_PLAN), "--as-of", AS_OF, *args)


@pytest.fixture
def terminal(monkeypatch, tmp_path: Path) -> Path:
    """A terminal of 3 lines whose pager writes what it is given to a file."""
    from iepcheck.cli import pager

    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"dd status=none of={paged}")
    monkeypatch.setattr(pager, "stdout_is_terminal", lambda: True)
    monkeypatch.setattr(pager, "screen_lines", lambda: 3)
    return paged


@pytest.mark.parametrize("command", COMMANDS)
def test_long_output_on_a_terminal_goes_through_the_pager(cli, terminal, command) -> None:
    done = _run(cli, command)
    assert done.code in (0, 1) and done.stdout == "", done.stderr
    shown = terminal.read_text()
    assert len(shown.splitlines()) > 3 and "speech" in shown


@pytest.mark.parametrize("command", COMMANDS)
def test_no_pager_or_a_pipe_prints_directly(cli, terminal, monkeypatch, command) -> None:
    piped = _run(cli, command, "--no-pager")
    assert piped.stdout and not terminal.exists()
    from iepcheck.cli import pager

    monkeypatch.setattr(pager, "stdout_is_terminal", lambda: False)
    assert _run(cli, command).stdout == piped.stdout and not terminal.exists()


def test_output_that_fits_the_screen_is_printed_as_it_is(cli, terminal, monkeypatch) -> None:
    from iepcheck.cli import pager

    monkeypatch.setattr(pager, "screen_lines", lambda: 10_000)
    assert "Maya Rivera" in _run(cli, "report").stdout and not terminal.exists()


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (POSIX)")
def test_a_real_terminal_pages_the_report(tmp_path: Path) -> None:
    """On a pseudo-terminal of 10 lines the report goes to $PAGER, colours and all."""
    paged = tmp_path / "paged.txt"
    leader, follower = os.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "iepcheck", "report", "--plan", str(EXAMPLE_PLAN),
             "--as-of", AS_OF], stdout=follower, stderr=subprocess.PIPE, text=True,
            timeout=120, check=False,
            env={**os.environ, "PAGER": f"{shutil.which('dd') or 'dd'} status=none "
                 f"of={paged}", "LINES": "10", "COLUMNS": "100", "TERM": "xterm"})
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 0, done.stderr
    assert "Maya Rivera" in paged.read_text()
