"""Progress on long work (docs/terminal.md): a bar on stderr only when stderr is a terminal,
and a mailbox's skipped messages in one line, not one line each."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from iepcheck.cli.evidence_cmds import skipped_line
from tests.test_cli_evidence import ANA, _email, _import, _mbox


def test_the_summary_counts_thousands_with_commas() -> None:
    assert skipped_line(1204, 18311) == (
        "skipped 1,204 messages already imported and 18,311 not to or from the plan's staff")
    assert skipped_line(1, 0) == "skipped 1 message already imported"
    assert skipped_line(0, 2) == "skipped 2 messages not to or from the plan's staff"
    assert skipped_line(0, 0) is None


def _term_mbox(tmp_path: Path) -> Path:
    """Two staff messages and two about nothing in the plan (a club, a shop)."""
    staff = [_email(tmp_path, f"s{n}.eml", message_id=f"<s{n}@s.org>") for n in (1, 2)]
    others = [_email(tmp_path, f"o{n}.eml", sender=f"news{n}@club.example", to=ANA,
                     message_id=f"<o{n}@club.example>") for n in (1, 2)]
    mbox = tmp_path / "year.mbox"
    mbox.write_bytes(_mbox(*staff, *others))
    return mbox


def test_a_mailbox_says_what_it_skipped_in_one_line(cli, plan_path, tmp_path) -> None:
    mbox = _term_mbox(tmp_path)
    first = _import(cli, plan_path, mbox)
    assert first.code == 1 and len(first.stdout.splitlines()) == 2, first.stderr
    assert first.stderr.splitlines() == [
        "skipped 2 messages not to or from the plan's staff",
        "imported 2, skipped 0 as already imported, refused 2"]
    again = _import(cli, plan_path, mbox)
    assert again.stderr.splitlines() == [
        "skipped 2 messages already imported and 2 not to or from the plan's staff",
        "imported 0, skipped 2 as already imported, refused 2"]


def _on_a_terminal(*args: str, cwd: Path) -> tuple[int, str]:
    """Run iepcheck with stderr on a pseudo-terminal: its exit status and what it drew."""
    leader, follower = os.openpty()
    drawn: list[bytes] = []

    def read() -> None:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            drawn.append(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        done = subprocess.run([sys.executable, "-m", "iepcheck", *args], cwd=cwd,
                              stdout=subprocess.DEVNULL, stderr=follower, timeout=120,
                              check=False, env={**os.environ, "TERM": "xterm",
                                                "COLUMNS": "100"})
    finally:
        os.close(follower)
    reader.join(timeout=10)
    os.close(leader)
    return done.returncode, b"".join(drawn).decode("utf-8", "replace")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (POSIX)")
def test_a_terminal_sees_the_mailbox_being_read(plan_path, tmp_path) -> None:
    mbox = _term_mbox(tmp_path)
    code, drawn = _on_a_terminal("import-email", str(mbox), "--plan", str(plan_path),
                                 "--as-of", "2026-11-20", cwd=tmp_path)
    assert code == 1
    assert "reading the mailbox" in drawn and "imported 2" in drawn


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (POSIX)")
def test_a_terminal_sees_the_caseload_being_read(plan_path, tmp_path) -> None:
    code, drawn = _on_a_terminal("caseload", str(tmp_path), "--as-of", "2026-11-20",
                                 cwd=tmp_path)
    assert code == 0 and "reading the plans" in drawn
