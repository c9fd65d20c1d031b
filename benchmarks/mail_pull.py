"""Time `iepcheck mail pull` against a real IMAP server: a first pull of a mailbox holding N
staff messages (half in INBOX, half in Sent), then a second pull (every message already
recorded), and the messages per second of the first.

The server is Debian's dovecot on 127.0.0.1, started as in the tests (tests/dovecot.py); the
messages are `mbox_import.py`'s, between the example plan's staff and the parent. Each pull is
a fresh process on a fresh copy of the example plan; the figure is wall time from start to exit.

usage: python benchmarks/mail_pull.py [--messages 2000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def seed(server: object, count: int) -> None:
    """APPEND the messages: the parent's to Sent, the staff's to INBOX."""
    from mbox_import import mailbox

    from iepcheck.mail.importing import split_messages

    client = server.client()  # type: ignore[attr-defined]
    for raw in split_messages(mailbox(count)):
        sent = b"\nfrom: ana.rivera@example.com" in b"\n" + raw.split(b"\n\n", 1)[0].lower()
        client.append("Sent" if sent else "INBOX", raw)
    client.logout()


def pull(plan: Path, env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "iepcheck", "mail", "pull", "--plan", str(plan)],
                          capture_output=True, text=True, env=env, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"mail pull failed: {done.stderr.strip()[-500:]}")
    return took, done.stderr.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()
    from tests import dovecot

    server = dovecot.start()
    work = Path(tempfile.mkdtemp(prefix="iepcheck-bench-"))
    try:
        seed(server, args.messages)
        plan = work / "maya.toml"
        shutil.copy(ROOT / "examples" / "plan.toml", plan)
        env = {**os.environ, "XDG_CONFIG_HOME": str(work / "config"),
               "IEPCHECK_MAIL_PASSWORD": dovecot.PASSWORD,
               "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
        for key, value in (("mail.server", server.url), ("mail.user", dovecot.USER)):
            subprocess.run([sys.executable, "-m", "iepcheck", "config", key, value], env=env,
                           check=True, capture_output=True)
        first, said = pull(plan, env)
        second, again = pull(plan, env)
        print(f"mailbox: {args.messages} staff messages on dovecot at 127.0.0.1")
        print(f"first pull:  {first:6.2f} s  ({args.messages / first:,.0f} messages/s)  {said}")
        print(f"second pull: {second:6.2f} s  {again}")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
