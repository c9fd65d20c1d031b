"""Appending adds one line after the existing bytes, and the file is the same as when every
entry is written out again (logbook._spliced); any other layout takes the careful path."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from iepcheck.logbook import read_log
from iepcheck.logformat import serialise_log
from iepcheck.recording import EntryDraft
from iepcheck.seal import chain
from tests.conftest import record_entries


def _append_three(path: Path, notes: list[str | None]) -> None:
    for note in notes:
        record_entries(path, EntryDraft(kind="interview", date=date(2026, 11, 2),
                                        items=("speech",), finding="implemented", note=note))


def test_a_batch_is_one_write_numbered_in_order(tmp_path: Path) -> None:
    log = tmp_path / "a.log.json"
    drafts = [EntryDraft(kind="note", date=date(2026, 11, 2), note=str(i)) for i in range(5)]
    record_entries(log, *drafts)
    assert [(e.n, e.note) for e in read_log(log)] == [(i + 1, str(i)) for i in range(5)]
    assert not list(tmp_path.glob("*.bak"))  # one write: no earlier state of the day to keep


def test_appending_writes_what_serialise_log_writes(tmp_path: Path) -> None:
    log = tmp_path / "a.log.json"
    _append_three(log, ["first", "Café ✓", None])
    raw = json.loads(log.read_bytes())
    assert log.read_bytes() == serialise_log(raw["entries"])
    assert [e.n for e in read_log(log)] == [1, 2, 3]
    assert [h for _, h in chain(raw["entries"])] == [e["hash"] for e in raw["entries"]]


def test_a_hand_laid_out_log_is_rewritten_whole(tmp_path: Path) -> None:
    log = tmp_path / "a.log.json"
    _append_three(log, ["first"])
    document = json.loads(log.read_bytes())
    log.write_text(json.dumps(document, indent=2))
    _append_three(log, ["entries", None])
    assert [e.n for e in read_log(log)] == [1, 2, 3]
    assert log.read_bytes() == serialise_log(json.loads(log.read_bytes())["entries"])


def test_an_unsealed_last_entry_is_chained_over_all(tmp_path: Path) -> None:
    log = tmp_path / "a.log.json"
    _append_three(log, ["first", "second"])
    entries = json.loads(log.read_bytes())["entries"]
    del entries[-1]["hash"]
    log.write_bytes(serialise_log(entries))
    _append_three(log, ["third"])
    raw = json.loads(log.read_bytes())["entries"]
    assert raw[-1]["hash"] == [h for _, h in chain(raw)][-1]
