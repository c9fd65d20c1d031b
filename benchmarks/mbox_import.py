"""Time `iepcheck import-email` on a large mailbox: a first import, then the same file again
(every message a duplicate).

The mailbox holds N messages between the example plan's staff and the parent, each with its
own Message-ID, dated inside the plan and on or before today (a message dated after today is
refused). Each run is a fresh process on a fresh copy of the example plan; the figure is
wall time from start to exit.

usage: python benchmarks/mbox_import.py [--messages 5000] [--runs 3] [--src SRC]
  --src: a source tree's `src` folder to put first on PYTHONPATH (to time another commit)
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from datetime import date, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PLAN = ROOT / "examples" / "plan.toml"


def mailbox(count: int, seed: int = 7) -> bytes:
    """`count` messages as one mbox: staff replies and the parent's questions, in date order."""
    from datetime import datetime, timezone

    plan = tomllib.loads(EXAMPLE_PLAN.read_text())
    staff = [s["email"] for s in plan["staff"]]
    parent = plan["parent"]["email"]
    first = plan["plan"]["start"]
    last = min(plan["plan"]["end"], date.today() - timedelta(days=1))
    span = (last - first).days + 1
    chance = random.Random(seed)
    out = []
    for number in range(count):
        day = first + timedelta(days=number * span // count)
        when = datetime(day.year, day.month, day.day, 8 + chance.randrange(10),
                        chance.randrange(60), tzinfo=timezone(timedelta(hours=-5)))
        teacher = chance.choice(staff)
        sender, to = (teacher, parent) if number % 2 else (parent, teacher)
        message = EmailMessage()
        message["From"], message["To"] = sender, to
        message["Subject"] = f"Check-in {number}: services this week"
        message["Date"] = format_datetime(when)
        message["Message-ID"] = f"<bench-{number}-{seed}@lincoln.example.org>"
        message.set_content(f"Message {number}.\nSpeech went ahead on {day:%A}.\n\n> earlier\n")
        raw = message.as_bytes().replace(b"\nFrom ", b"\n>From ")
        out.append(b"From " + sender.encode() + b" " + when.strftime("%a %b %d %H:%M:%S %Y")
                   .encode() + b"\n" + raw.rstrip(b"\n") + b"\n\n")
    return b"".join(out)


def timed(args: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "iepcheck", *args], capture_output=True,
                          text=True, env=env, check=False)
    return time.perf_counter() - start, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--src", type=Path, default=None)
    options = parser.parse_args()
    env = {**os.environ, "NO_COLOR": "1"}
    if options.src is not None:
        env["PYTHONPATH"] = str(options.src.resolve())
    firsts, agains = [], []
    with tempfile.TemporaryDirectory(prefix="iepcheck-mbox-") as scratch:
        box = Path(scratch) / "term.mbox"
        box.write_bytes(mailbox(options.messages))
        size = box.stat().st_size
        for run in range(options.runs):
            folder = Path(scratch) / f"run{run}"
            folder.mkdir()
            plan = folder / "maya.toml"
            shutil.copy(EXAMPLE_PLAN, plan)
            first, done = timed(["import-email", str(box), "--plan", str(plan)], env)
            summary = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
            again, redo = timed(["import-email", str(box), "--plan", str(plan)], env)
            resummary = redo.stderr.strip().splitlines()[-1] if redo.stderr.strip() else ""
            print(f"run {run + 1}: first {first:.2f} s (exit {done.returncode}: {summary}); "
                  f"again {again:.2f} s (exit {redo.returncode}: {resummary})")
            firsts.append(first)
            agains.append(again)
    print(f"median of {options.runs}: first import {statistics.median(firsts):.2f} s, "
          f"re-import {statistics.median(agains):.2f} s ({options.messages:,} messages, "
          f"{size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
