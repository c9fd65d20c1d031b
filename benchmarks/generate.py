"""Benchmark data: a plan and a school year of observations, valid and sealed.

Entries are drafted and laid out by `iepcheck.record.drafts` (`EntryDraft`, `entry_fields`: the
factory every recording command uses), checked one by one with
`iepcheck.record.entries.validate_entry`, sealed with `iepcheck.record.seal.chain`, and written with
`iepcheck.record.log_format.serialise_log`, so every log here is one iepcheck itself would accept.
The mix (kinds, items, findings, minutes, replies, retractions, an attachment now and
then) follows what a parent records over a year; a fixed seed makes every run the same.

The mailbox for `import-email` (`write_mbox`) is plain text made with the standard library
alone: messages between the parent and the example plan's staff, on school days, each with
its own Message-ID.

usage: python benchmarks/generate.py N OUTDIR     (writes OUTDIR/plan.toml, plan.log.json)
       python benchmarks/generate.py --mbox N FILE (writes an mbox of N messages)
       python benchmarks/generate.py --attachments N KIB OUTDIR (1,000 entries, N originals)
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sys
import tomllib
import uuid
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PLAN = ROOT / "examples" / "plan.toml"
SCHOOL_YEAR = (date(2026, 8, 24), date(2027, 6, 18))  # inside the example plan's dates
NO_SCHOOL = [(date(2026, 9, 7),) * 2, (date(2026, 10, 12),) * 2,
             (date(2026, 11, 25), date(2026, 11, 27)), (date(2026, 12, 21), date(2027, 1, 1)),
             (date(2027, 1, 18),) * 2, (date(2027, 4, 5), date(2027, 4, 9))]
GENERATOR_VERSION = 1

# The example plan's ids: services with (minutes per session, provider), accommodations
# with the staff responsible.
SERVICES = {"speech": (30, "mr-ortiz"), "ot": (30, "ms-chen"), "reading": (45, "mrs-patel"),
            "counseling": (30, "dr-green"), "social-skills": (40, "dr-green")}
ACCOMMODATIONS = {"extended-time": "ms-lee", "seating": "ms-lee", "notes": "ms-lee",
                  "read-aloud": "mrs-patel", "breaks": "ms-lee", "chunking": "ms-lee",
                  "check-in": "mrs-patel", "planner": "ms-lee", "separate-room": "mrs-patel"}
STAFF = ["ms-lee", "mr-ortiz", "ms-chen", "mrs-patel", "dr-green"]
# Kinds by share of a year's log (retractions are added on top, about 1 in 200).
KIND_WEIGHTS = {"interview": 24, "service-log": 20, "work-sample": 11, "email-sent": 10,
                "email-received": 9, "note": 8, "visit": 5, "call": 4, "absence": 3,
                "meeting": 2, "progress-report": 2}
FINDINGS = (["implemented"] * 70 + ["partial"] * 14 + ["not-implemented"] * 11
            + ["unclear"] * 5)
REASONS = ["provider-absent", "cancelled", "student-refused", "other"]
NOTES = ["Asked at pickup; she said it happened.", "Session held as scheduled.",
         "Teacher confirmed by email.", "No notes sent home this week.",
         "Test taken in the hallway, not the quiet room.", "Extra time given on the quiz.",
         "Provider out sick; no substitute.", "Planner not initialed Mon-Wed.",
         "Worksheet came home broken into parts.", None, None, None]


def school_days() -> list[date]:
    first, last = SCHOOL_YEAR
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5 and not any(a <= day <= b for a, b in NO_SCHOOL):
            days.append(day)
        day += timedelta(days=1)
    return days


def _items_for(kind: str, rnd: random.Random, day: date) -> list[str]:
    services = [s for s in SERVICES if s != "social-skills" or day >= date(2027, 1, 4)]
    if kind == "service-log":
        return [rnd.choice(services)]
    if kind in ("absence", "email-sent", "email-received") and rnd.random() < 0.3:
        return []
    if kind in ("interview", "visit", "work-sample"):
        pool = list(ACCOMMODATIONS) + services
        picked = rnd.sample(pool, rnd.choice([1, 1, 1, 2, 2, 3]))
    else:
        picked = rnd.sample(list(ACCOMMODATIONS) + services, rnd.choice([1, 1, 2]))
    if rnd.random() < 0.002:
        picked.append("reading-group")  # an item an amendment removed: a report warning
    return picked


def _entry(rnd: random.Random, day: date, kind: str, state: dict[str, Any]) -> dict[str, Any]:
    from iepcheck.record.drafts import (  # the copy under test, not this repo's
        EntryDraft,
        entry_fields,
    )

    items = _items_for(kind, rnd, day)
    finding = None if kind in ("email-sent", "absence") else rnd.choice(FINDINGS)
    minutes = reason = reply_to = None
    who = rnd.choice(STAFF)
    if kind == "service-log":
        per_session, who = SERVICES[items[0]]
        minutes = per_session * rnd.choice([1, 1, 1, 2, 4])
    elif kind == "absence":
        who = None
    elif items and items[0] in SERVICES and rnd.random() < 0.5:
        minutes = SERVICES[items[0]][0]
    if finding == "not-implemented" and rnd.random() < 0.7:
        reason = rnd.choice(REASONS)
    if kind == "email-sent":
        state["emails"].append(state["n"])
    elif kind == "email-received" and state["emails"] and rnd.random() < 0.6:
        reply_to = rnd.choice(state["emails"][-20:])
    stamp = datetime(day.year, day.month, day.day, 19, rnd.randrange(60),
                     tzinfo=timezone(timedelta(hours=-5)))
    attachments = []
    if kind in ("service-log", "work-sample", "progress-report") and rnd.random() < 0.05:
        attachments = [state["attachment"]]
    draft = EntryDraft(kind=kind, date=day, items=tuple(items), finding=finding,
                       minutes=minutes, reason=reason, who=who, note=rnd.choice(NOTES),
                       reply_to=reply_to)
    return entry_fields(draft, n=state["n"], recorded_at=stamp, attachments=attachments,
                        entry_id=str(uuid.UUID(int=rnd.getrandbits(128), version=4)))


def _retraction(rnd: random.Random, day: date, state: dict[str, Any],
                entries: list[dict[str, Any]]) -> dict[str, Any] | None:
    from iepcheck.record.drafts import EntryDraft, entry_fields

    recent = [e for e in entries[-30:]
              if e["retracts"] is None and e["n"] not in state["retracted"]]
    if not recent:
        return None
    target = rnd.choice(recent)
    state["retracted"].add(target["n"])
    draft = EntryDraft(kind="note", date=day, items=tuple(target["items"]),
                       note="Logged under the wrong item", retracts=target["n"])
    stamp = datetime(day.year, day.month, day.day, 21, tzinfo=timezone(timedelta(hours=-5)))
    return entry_fields(draft, n=state["n"], recorded_at=stamp,
                        entry_id=str(uuid.UUID(int=rnd.getrandbits(128), version=4)))


def build_entries(count: int, attachment: dict[str, str], seed: int = 7) -> list[dict[str, Any]]:
    """`count` raw entries over the school year, oldest first, numbered 1..count."""
    rnd = random.Random(seed)
    days = school_days()
    per_day = sorted(rnd.randrange(len(days)) for _ in range(count))
    kinds, weights = zip(*KIND_WEIGHTS.items())
    state: dict[str, Any] = {"n": 0, "emails": [], "retracted": set(), "attachment": attachment}
    entries: list[dict[str, Any]] = []
    for index in per_day:
        state["n"] += 1
        day = days[index]
        entry = None
        if entries and rnd.random() < 0.005:
            entry = _retraction(rnd, day, state, entries)
        if entry is None:
            entry = _entry(rnd, day, rnd.choices(kinds, weights)[0], state)
        entries.append(entry)
    return entries


def seal_and_check(entries: list[dict[str, Any]]) -> None:
    """Validate each entry as `iepcheck log` would, then write its seal into it."""
    from iepcheck.record.entries import validate_entry as validate
    from iepcheck.record.seal import chain

    for entry, value in chain(entries):
        entry["hash"] = value
        validate(entry)


def write_data(count: int, folder: Path) -> Path:
    """plan.toml, plan.log.json and one evidence file in `folder`; returns the log's path."""
    from iepcheck.record.log_format import serialise_log

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(EXAMPLE_PLAN, folder / "plan.toml")
    evidence = folder / "plan.evidence"
    evidence.mkdir(exist_ok=True)
    payload = b"Speech log, October: 5 sessions held, 1 cancelled.\n"
    sha = hashlib.sha256(payload).hexdigest()
    (evidence / f"{sha}.txt").write_bytes(payload)
    attachment = {"path": f"plan.evidence/{sha}.txt", "sha256": sha, "name": "speech-log.txt"}
    entries = build_entries(count, attachment)
    seal_and_check(entries)
    log = folder / "plan.log.json"
    log.write_bytes(serialise_log(entries))
    log.chmod(0o600)
    return log


def write_attachments(count: int, kib: int, folder: Path, entries: int = 1000) -> Path:
    """The `entries`-entry data set, with `count` originals of `kib` KiB each, every one its
    own file (photos and scans, which the bundle stores as they are, and one in five a text
    file, which it deflates), attached to entries spread over the year; sealed again."""
    from iepcheck.record.log_format import serialise_log

    write_data(entries, folder)
    rnd = random.Random(11)
    log = folder / "plan.log.json"
    import json

    kept = json.loads(log.read_bytes())["entries"]
    step = max(1, len(kept) // max(count, 1))
    for number in range(count):
        entry = kept[(number * step) % len(kept)]
        suffix = (".txt", ".jpg", ".pdf", ".jpg", ".pdf")[number % 5]
        payload = (f"Service log page {number}: session held, 30 minutes.\n".encode()
                   * (kib * 1024 // 48) if suffix == ".txt" else rnd.randbytes(kib * 1024))
        sha = hashlib.sha256(payload).hexdigest()
        (folder / "plan.evidence" / f"{sha}{suffix}").write_bytes(payload)
        entry["attachments"] = [*entry["attachments"], {
            "path": f"plan.evidence/{sha}{suffix}", "sha256": sha,
            "name": f"original-{number:03d}{suffix}"}]
    for entry in kept:
        entry.pop("hash", None)
    seal_and_check(kept)
    log.write_bytes(serialise_log(kept))
    return log


MBOX_VERSION = 2
#: The last day a message carries. iepcheck records nothing dated after the real today,
#: whatever --as-of says, so what the benchmark records is dated in the autumn of the
#: example plan's year: fixed, so every run imports the same mailbox.
RECORD_UNTIL = date(2026, 11, 20)
SUBJECTS = ["Speech this week", "Extended time on the unit test", "Planner not initialed",
            "OT session moved", "Guided notes for science", "Reading group schedule",
            "Check-in this morning", "Question about the quiz"]
BODIES = ["Hi, did {item} happen this week? She said it did not.",
          "Thanks for the update. Could you confirm the minutes for {item}?",
          "Following up on my note about {item}; I have not heard back.",
          "Yes, {item} was provided on Tuesday and Thursday.",
          "We had to cancel {item} today; we will make it up next week."]


def _mbox_people() -> tuple[tuple[str, str], list[tuple[str, str]]]:
    """(parent, staff) as (name, address), read from the example plan."""
    plan = tomllib.loads(EXAMPLE_PLAN.read_text(encoding="utf-8"))
    parent = (plan["parent"]["name"], plan["parent"]["email"])
    return parent, [(s["name"], s["email"]) for s in plan["staff"] if s.get("email")]


def mbox_messages(count: int, seed: int = 11) -> list[bytes]:
    """`count` messages, half from staff to the parent and half the other way, dated on
    school days up to RECORD_UNTIL, every Message-ID different: all new to a log."""
    rnd = random.Random(seed)
    (parent_name, parent_email), staff = _mbox_people()
    days = [d for d in school_days() if d <= RECORD_UNTIL]
    items = list(SERVICES) + list(ACCOMMODATIONS)
    messages = []
    for n in range(1, count + 1):
        day = days[(n - 1) * len(days) // count]
        name, address = rnd.choice(staff)
        sent = datetime(day.year, day.month, day.day, 7 + rnd.randrange(12), rnd.randrange(60),
                        tzinfo=timezone(timedelta(hours=-5)))
        sender, recipient = ((name, address), (parent_name, parent_email))
        if n % 2:
            sender, recipient = recipient, sender
        subject = rnd.choice(SUBJECTS)
        body = rnd.choice(BODIES).format(item=rnd.choice(items))
        messages.append(
            f"From {sender[1]} {sent:%a %b %d %H:%M:%S %Y}\n"
            f"From: {sender[0]} <{sender[1]}>\n"
            f"To: {recipient[0]} <{recipient[1]}>\n"
            f"Subject: {'Re: ' if n % 3 == 0 else ''}{subject}\n"
            f"Date: {format_datetime(sent)}\n"
            f"Message-ID: <bench-{n:06d}.{seed}@lincoln.example.org>\n"
            "MIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=utf-8\n"
            "\n"
            f"{body}\n\n{sender[0]}\n\n".encode()
        )
    return messages


def write_mbox(count: int, path: Path) -> Path:
    """An mbox of `count` messages at `path` (see mbox_messages)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(mbox_messages(count)))
    return path


if __name__ == "__main__":
    usage = __doc__.strip().splitlines()[-3:]
    if len(sys.argv) == 4 and sys.argv[1] == "--mbox":
        print(write_mbox(int(sys.argv[2]), Path(sys.argv[3])))
    elif len(sys.argv) == 5 and sys.argv[1] == "--attachments":
        print(write_attachments(int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])))
    elif len(sys.argv) == 3:
        print(write_data(int(sys.argv[1]), Path(sys.argv[2])))
    else:
        sys.exit("\n".join(usage))
