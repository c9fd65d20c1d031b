"""Appending adds one line after the existing bytes, and the file is the same as when every
entry is written out again (logbook._spliced); any other layout takes the careful path."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from iepcheck.logbook import append, read_log, serialise_log
from iepcheck.seal import chain

DAY = date(2026, 11, 20)


def _fields(note: str | None = None) -> dict:
    return {"n": 0, "id": "77017c52-80da-4d61-b47c-2fcc1df6bcb3", "date": "2026-11-02",
            "recorded_at": "2026-11-02T19:00:00-05:00", "kind": "interview",
            "items": ["speech"], "finding": "implemented", "minutes": None, "reason": None,
            "who": None, "note": note, "attachments": [], "reply_to": None, "retracts": None}


def _append_three(path: Path, notes: list[str | None]) -> None:
    for note in notes:
        append(path, lambda entries, note=note: _fields(note), today=DAY)


def test_appending_writes_what_serialise_log_writes(tmp_path: Path) -> None:
    log = tmp_path / "a.log.json"
    _append_three(log, ["first", "Café ✓", None])
    raw = json.loads(log.read_bytes())
    assert log.read_bytes() == serialise_log("iepcheck-log", 1, raw["entries"])
    assert [e.n for e in read_log(log)] == [1, 2, 3]
    assert [h for _, h in chain(raw["entries"])] == [e["hash"] for e in raw["entries"]]


def test_a_hand_laid_out_log_is_rewritten_whole(tmp_path: Path) -> None:
    log = tmp_path / "a.log.json"
    _append_three(log, ["first"])
    document = json.loads(log.read_bytes())
    log.write_text(json.dumps(document, indent=2))
    _append_three(log, ["entries", None])
    assert [e.n for e in read_log(log)] == [1, 2, 3]
    assert log.read_bytes() == serialise_log("iepcheck-log", 1,
                                             json.loads(log.read_bytes())["entries"])


def test_an_unsealed_last_entry_is_chained_over_all(tmp_path: Path) -> None:
    log = tmp_path / "a.log.json"
    _append_three(log, ["first", "second"])
    entries = json.loads(log.read_bytes())["entries"]
    del entries[-1]["hash"]
    log.write_bytes(serialise_log("iepcheck-log", 1, entries))
    _append_three(log, ["third"])
    raw = json.loads(log.read_bytes())["entries"]
    assert raw[-1]["hash"] == [h for _, h in chain(raw)][-1]
