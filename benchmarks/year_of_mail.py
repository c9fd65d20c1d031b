"""A year of a family's mail in one import: a Google-Takeout-sized mbox, most of it not
about school, staff mail scattered through it.

Builds (once, cached under the temp folder) an mbox of N messages (20,000 by default, about
200 MB): one in fifty between the parent and the example plan's staff, the rest newsletters,
receipts and family mail with ~10 KB bodies and now and then a base64 attachment. Imports it
into a fresh copy of the example plan with the installed `iepcheck` (or `--src`), and prints
the wall time, messages per second (all, and of the mail not about staff), and the peak
memory of the process, each beside its goal.

usage: python benchmarks/year_of_mail.py [--messages 20000] [--src SRC]
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import EXAMPLE_PLAN, mbox_messages  # stdlib only

GOAL_MIB, GOAL_RATE = 150, 500
STAFF_SHARE = 50  # one message in this many is staff mail
WORDS = ["sale", "newsletter", "receipt", "order", "shipped", "soccer", "practice", "grandma", "photos", "dinner", "weekend", "recipe", "invoice", "account", "update", "reminder", "club", "meeting", "library"]


def other_mail(n: int, rnd: random.Random) -> bytes:
    """One message not about school: a newsletter, a receipt, family mail."""
    sent = datetime(2026, 9, 1, 8, tzinfo=timezone(timedelta(hours=-5))) + timedelta(
        minutes=n * 23)
    body = "\n".join(" ".join(rnd.choices(WORDS, k=12)) for _ in range(110))
    attachment = ""
    if n % 10 == 0:
        blob = base64.encodebytes(rnd.randbytes(30_000)).decode()
        attachment = ("\n--b\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64"
                      f"\nContent-Disposition: attachment; filename=r{n}.pdf\n\n{blob}")
    return (f"From shop{n % 97}@store.example {sent:%a %b %d %H:%M:%S %Y}\n"
            f"From: Store {n % 97} <shop{n % 97}@store.example>\n"
            "To: Ana Rivera <ana.rivera@example.com>\n"
            f"Subject: Your order {n}\nDate: {sent:%a, %d %b %Y %H:%M:%S -0500}\n"
            f"Message-ID: <other-{n:06d}@store.example>\nMIME-Version: 1.0\n"
            'Content-Type: multipart/mixed; boundary="b"\n\n--b\n'
            f"Content-Type: text/plain; charset=utf-8\n\n{body}\n{attachment}\n--b--\n\n"
            ).encode()


def build(count: int, path: Path) -> tuple[int, int]:
    """The mbox at `path`: (staff messages, all messages)."""
    rnd = random.Random(5)
    staff = mbox_messages(count // STAFF_SHARE)
    with path.open("wb") as out:
        for n in range(count):
            if n % STAFF_SHARE == STAFF_SHARE // 2 and staff:
                out.write(staff.pop(0))
            else:
                out.write(other_mail(n, rnd))
    return count // STAFF_SHARE, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--src", help="a source tree's src folder to put first on PYTHONPATH")
    args = parser.parse_args()
    cache = Path(tempfile.gettempdir()) / f"iepcheck-year-of-mail-{args.messages}.mbox"
    if not cache.exists():
        build(args.messages, cache)
    staff = args.messages // STAFF_SHARE
    work = Path(tempfile.mkdtemp(prefix="iepcheck-mail-bench-"))
    shutil.copy(EXAMPLE_PLAN, work / "plan.toml")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "IEPCHECK_"))}
    if args.src:
        env["PYTHONPATH"] = args.src
    beside = Path(sys.executable).with_name("iepcheck")
    iepcheck = str(beside) if beside.exists() else shutil.which("iepcheck") or "iepcheck"
    start = time.perf_counter()
    done = subprocess.run([iepcheck, "import-email", str(cache), "--plan",
                           str(work / "plan.toml"), "--as-of", "2027-06-18"], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary = done.stderr.decode(errors="replace").strip().splitlines()[-1:]
    size = cache.stat().st_size / 1e6
    print(f"mbox: {args.messages:,} messages, {size:.0f} MB, {staff:,} of them staff mail")
    print(f"import-email: {seconds:.1f} s, exit {done.returncode}, {' '.join(summary)}")
    rate = args.messages / seconds
    print(f"  messages per second: {rate:,.0f} (goal ≥ {GOAL_RATE}: "
          f"{'met' if rate >= GOAL_RATE else 'NOT met'})")
    print(f"  peak memory: {peak:.0f} MiB (goal ≤ {GOAL_MIB}: "
          f"{'met' if peak <= GOAL_MIB else 'NOT met'})")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
