"""Appending adds one line after the existing bytes, and the file is the same as when every
entry is written out again (log_append.py); any other layout takes the careful path."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from iepcheck.record.drafts import EntryDraft
from iepcheck.record.log_format import serialise_log
from iepcheck.record.seal import chain
from iepcheck.store.logbook import read_log
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


def test_an_item_named_entries_is_appended_like_any_other(tmp_path: Path) -> None:
    """A log laid out as written is appended to by copying the file, whatever its entries
    hold: the word "entries" as an item id, a finding's key or a note changes nothing."""
    log = tmp_path / "a.log.json"
    for note in ['"entries"', None]:
        record_entries(log, EntryDraft(kind="interview", date=date(2026, 11, 2),
                                       items=("entries", "speech"), finding="implemented",
                                       findings={"entries": "partial"}, note=note))
    raw = log.read_bytes()
    assert raw == serialise_log(json.loads(raw)["entries"])
    assert [(e.n, e.findings) for e in read_log(log)] == [(1, {"entries": "partial"}),
                                                          (2, {"entries": "partial"})]


def test_the_days_backup_of_an_append_is_the_log_as_it_was(tmp_path: Path) -> None:
    """The first write of a day keeps the log as it was, byte for byte, before appending."""
    from datetime import UTC, datetime

    log = tmp_path / "a.log.json"
    _append_three(log, ["first", "second"])
    before = log.read_bytes()
    record_entries(log, EntryDraft(kind="note", date=date(2026, 11, 3), note="third"),
                   now=datetime(2026, 11, 4, 12, tzinfo=UTC))
    assert (tmp_path / "a.log.json.2026-11-04.bak").read_bytes() == before
    assert log.read_bytes().startswith(before[: -len(b"\n]}\n")])
    assert [e.note for e in read_log(log)] == ["first", "second", "third"]


def test_a_log_with_no_entries_yet_is_appended_to(tmp_path: Path) -> None:
    log = tmp_path / "a.log.json"
    log.write_bytes(serialise_log([]))
    _append_three(log, ["first"])
    raw = log.read_bytes()
    assert raw == serialise_log(json.loads(raw)["entries"])
    assert [e.note for e in read_log(log)] == ["first"]


def test_a_log_changed_by_another_program_meanwhile_is_not_copied(tmp_path: Path,
                                                                   monkeypatch) -> None:
    """An append copies the file it validated, and only that: if something other than
    iepcheck (which waits for the lock) rewrites the log in place between the check and the
    copy, the append stops, and what is on disk is left as that program left it."""
    import pytest

    from iepcheck.errors import LogError
    from iepcheck.store import logbook

    log = tmp_path / "a.log.json"
    _append_three(log, ["first"])
    checked = logbook.chain_head

    def rewritten_meanwhile(*args: object) -> str:
        head = checked(*args)  # type: ignore[arg-type]
        with log.open("r+b") as handle:  # in place, as an editor that keeps the inode would
            handle.seek(0, 2)
            handle.write(b"\n")
        return head

    monkeypatch.setattr(logbook, "chain_head", rewritten_meanwhile)
    left = log.read_bytes() + b"\n"
    with pytest.raises(LogError, match="changed while iepcheck was adding to it"):
        _append_three(log, ["second"])
    assert log.read_bytes() == left
    assert not list(tmp_path.glob(".*.tmp"))
