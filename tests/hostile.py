"""What every run of a command must do, whatever it was given: the checks the fuzz and
red-team tests share.

* exit 0, 2, or 1 where the command documents 1 (`verify` finding a problem,
  `report --fail-on-gaps`, `due --fail-if-due`, a mailbox partly imported);
* never a traceback, never an escape sequence sent to the terminal;
* on exit 2: one line on stderr, and not one file in the folder changed.

One thing may appear on a refusal: the empty lock sidecar `.NAME.lock` a writer takes before
it reads the log afresh and checks the entry against it (docs/storage.md, step 1). It holds
no data and is there after any write anyway.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from pathlib import Path

#: Commands that document exit status 1 (the first word, or the flag that asks for it).
EXIT_1 = ("verify", "--fail-on-gaps", "--fail-if-due", "import-email")
#: What no output may carry to a terminal: ESC, and the one-byte CSI.
ESCAPES = ("\x1b", "\x9b")


def folder_state(folder: Path) -> dict[str, object]:
    """Every file's bytes and mode, every link's target, under `folder`."""
    found: dict[str, object] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            if path.is_symlink():
                found[str(path)] = ("link", os.readlink(path))
            elif path.is_file():
                found[str(path)] = (path.read_bytes(), stat.S_IMODE(path.stat().st_mode))
            elif path.is_dir():
                found[str(path)] = "folder"
            else:
                found[str(path)] = "special"
    return found


def _new_lock(path: str, before: dict[str, object], after: dict[str, object]) -> bool:
    """An empty lock sidecar that was not there before (see the module's docstring)."""
    name = Path(path).name
    return (path not in before and name.startswith(".") and name.endswith(".lock")
            and isinstance(after.get(path), tuple) and after[path][0] == b"")  # type: ignore[index]


def _made_private(path: str, before: dict[str, object], after: dict[str, object]) -> bool:
    """The same bytes, only made 0600: a record file that others could read, tightened
    after a command that succeeded (docs/storage.md)."""
    was, now = before.get(path), after.get(path)
    return (isinstance(was, tuple) and isinstance(now, tuple) and was[0] == now[0]
            and now[1] == 0o600 and was[1] != 0o600)


def allowed_codes(args: list[str]) -> set[int]:
    return {0, 1, 2} if any(a in EXIT_1 for a in args) else {0, 2}


#: Runs checked, by (what was tried, verdict): tests/redteam_table.py counts the fuzz from it.
TALLY: Counter[tuple[str, str]] = Counter()


def verdict(done, args: list[str], before: dict[str, object], after: dict[str, object],
            *, writes: bool) -> tuple[str, str]:
    """("handled", "") or (what went wrong: "traceback", "wrong" or "lost", why)."""
    output = done.stdout + done.stderr
    if "Traceback" in output:
        return "traceback", "a traceback was printed"
    if done.code not in allowed_codes(args):
        return "wrong", f"exit status {done.code}"
    if any(escape in output for escape in ESCAPES):
        return "wrong", "an escape sequence reached the terminal"
    if done.code == 2:
        lines = done.stderr.splitlines()
        if len(lines) != 1:  # a mailbox whose every message was refused: documented
            if not (args[0] == "import-email" and lines and lines[-1].startswith("imported 0, ")
                    and all(line.startswith(("refused ", "skipped ")) for line in lines[:-1])):
                return "wrong", "exit 2 without exactly one line on stderr"
        elif not lines[0].startswith("iepcheck: error: "):
            return "wrong", "exit 2 without an error line"
    if done.code == 2 or not writes:
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k)
                         and not _new_lock(k, before, after)
                         and not (done.code != 2 and _made_private(k, before, after)))
        if changed:
            return "lost", f"changed: {changed}"
    return "handled", ""


def check_outcome(done, args: list[str], before: dict[str, object], after: dict[str, object],
                  *, writes: bool, tally: str | None = None) -> None:
    """The rules above; `writes`: the command may change the folder when it succeeds."""
    found, why = verdict(done, args, before, after, writes=writes)
    if tally is not None:
        TALLY[tally, found] += 1
    shown = f"{args}\n--- stdout\n{done.stdout[-2000:]}\n--- stderr\n{done.stderr[-2000:]}"
    assert found == "handled", f"{found}: {why}\n{shown}"
