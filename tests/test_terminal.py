"""The terminal and the pipe (docs/terminal.md): a reader that leaves early is not an error,
and a stray COLUMNS is ignored, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_process

AS_OF = "2026-11-20"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    for name in ("plan.toml", "plan.log.json"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    shutil.copytree(ROOT / "examples" / "plan.evidence", tmp_path / "plan.evidence")
    return tmp_path / "plan.toml"


@pytest.mark.parametrize("command", ["report", "items", "due", "timeline", "history"])
def test_a_closed_pipe_is_exit_0_and_silent(example: Path, command: str) -> None:
    """`iepcheck due | head -1`: the reader has gone before the first line is written (its end
    of the pipe is closed before the start), the way `head` leaves a long output."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        done = subprocess.run([sys.executable, "-m", "iepcheck", command, "--plan",
                               str(example), "--as-of", AS_OF], stdout=writing,
                              stderr=subprocess.PIPE, text=True, timeout=120, check=False,
                              env={**os.environ, "NO_COLOR": "1", "COLUMNS": "80"})
    finally:
        os.close(writing)
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.skipif(not shutil.which("bash") or not shutil.which("head"),
                    reason="needs bash and head")
def test_head_reads_the_first_line_and_everyone_exits_0(example: Path) -> None:
    done = subprocess.run(f'"{sys.executable}" -m iepcheck report --plan "{example}" '
                          f"--as-of {AS_OF} | head -1; exit ${{PIPESTATUS[0]}}",
                          shell=True, executable=shutil.which("bash"), capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0 and done.stderr == "" and "Maya Rivera" in done.stdout


@pytest.mark.parametrize("columns", ["", "abc", "0", "-5", " "])
def test_a_stray_columns_is_ignored(example: Path, columns: str) -> None:
    wide = run_process("report", "--plan", example, "--as-of", AS_OF)
    for command in ("report", "due", "items"):
        done = run_process(command, "--plan", example, "--as-of", AS_OF,
                           env={"COLUMNS": columns})
        assert done.code == 0 and "Traceback" not in done.stderr, (columns, done.stderr)
    done = run_process("report", "--plan", example, "--as-of", AS_OF, env={"COLUMNS": columns})
    assert done.stdout.splitlines()[0].startswith(wide.stdout.splitlines()[0][:40])
