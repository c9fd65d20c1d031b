"""The storage layer where Unix-only calls are missing (docs/storage.md, "Every platform"):
no `fcntl` (Windows) and none of the POSIX-only `os` flags and calls. Entries are recorded,
read back, sealed and verified, and nothing is lost."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

AS_OF = "2026-11-20"

#: Run iepcheck with fcntl unimportable and the POSIX-only names gone from `os`, before any
#: of iepcheck (or tempfile, or filelock) is imported.
WITHOUT_POSIX = """
import os, sys
sys.modules["fcntl"] = None
for name in ("O_NONBLOCK", "O_CLOEXEC", "O_DIRECTORY", "O_NOFOLLOW"):
    if hasattr(os, name):
        delattr(os, name)
from iepcheck.cli import main
main(sys.argv[1:])
"""


def run_without_posix(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", WITHOUT_POSIX, *map(str, args)],
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"})


@pytest.fixture
def example(tmp_path: Path) -> Path:
    for name in ("plan.toml", "plan.log.json"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    shutil.copytree(ROOT / "examples" / "plan.evidence", tmp_path / "plan.evidence")
    return tmp_path / "plan.toml"


def test_the_log_is_written_and_read_without_fcntl_or_posix_flags(example: Path) -> None:
    log = example.with_name("plan.log.json")
    before = json.loads(log.read_text())["entries"]
    attachment = example.with_name("note.txt")
    attachment.write_text("a note from school\r\n")
    for day in ("2026-11-19", "2026-11-20"):
        done = run_without_posix("log", "speech", "-k", "service-log", "--minutes", "30",
                                 "--date", day, "--attach", attachment, "--plan", example,
                                 "--as-of", AS_OF)
        assert done.returncode == 0, done.stderr
    after = json.loads(log.read_text())["entries"]
    assert after[:len(before)] == before and len(after) == len(before) + 2
    kept = [p for p in example.with_name("plan.evidence").iterdir() if p.read_bytes() ==
            attachment.read_bytes()]
    assert len(kept) == 1  # the original kept once, by its SHA-256
    if os.name == "posix":
        assert (kept[0].stat().st_mode & 0o777) == 0o600  # a new file is private
    verified = run_without_posix("verify", "--plan", example)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    listed = run_without_posix("history", "--plan", example, "--as-of", AS_OF)
    assert listed.returncode == 0 and listed.stdout.count("service-log") >= 2, listed.stderr
    assert not list(example.parent.glob("*.tmp")) and not list(example.parent.glob(".*.tmp"))
