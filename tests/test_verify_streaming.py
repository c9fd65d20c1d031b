"""verify reads a log laid out as iepcheck writes it a line at a time, and any other layout
whole: both say the same thing about the same entries (docs/verify.md)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iepcheck.record.log_format import serialise_log
from iepcheck.store.raw_lines import NotLaidOut, raw_entries
from tests.test_verify import _entries, _log, _verify


def _by_hand(log: Path, entries: list[dict]) -> None:
    """The same entries as a person's editor would lay them out: indented."""
    log.write_text(json.dumps({"format": "iepcheck-log", "version": 4, "entries": entries},
                              indent=2, ensure_ascii=False))


def test_a_log_laid_out_by_hand_verifies_as_the_written_one(cli, plan_path, tmp_path):
    log = _log(cli, plan_path, tmp_path)
    written = _verify(cli, plan_path)
    _by_hand(log, _entries(log))
    again = _verify(cli, plan_path)
    assert (again.code, again.stdout) == (written.code, written.stdout)


def test_a_changed_entry_is_named_alike_in_either_layout(cli, plan_path, tmp_path):
    log = _log(cli, plan_path, tmp_path)
    log.write_bytes(log.read_bytes().replace(b'"second"', b'"secand"'))
    written = _verify(cli, plan_path)
    _by_hand(log, _entries(log))
    again = _verify(cli, plan_path)
    assert written.code == 1 and "#2: its seal does not match" in written.stdout
    assert (again.code, again.stdout) == (written.code, written.stdout)


def test_a_backup_laid_out_by_hand_is_compared_alike(cli, plan_path, tmp_path):
    log = _log(cli, plan_path, tmp_path)
    backup = log.with_name("sam.log.json.2026-11-21.bak")
    backup.write_bytes(log.read_bytes())
    log.write_bytes(serialise_log(_entries(log)[:2]))
    written = _verify(cli, plan_path)
    _by_hand(backup, _entries(backup))
    again = _verify(cli, plan_path)
    assert "#3 is in the backup sam.log.json.2026-11-21.bak but no longer" in written.stdout
    assert (again.code, again.stdout) == (written.code, written.stdout)


def test_a_truncated_backup_is_not_compared_at_all(cli, plan_path, tmp_path):
    """Cut after its first line, it is unreadable: no half comparison is reported."""
    log = _log(cli, plan_path, tmp_path)
    entries = _entries(log)
    entries[0]["note"] = "not what the log says"
    backup = log.with_name("sam.log.json.2026-11-21.bak")
    backup.write_bytes(serialise_log(entries)[:-40])
    done = _verify(cli, plan_path)
    assert done.code == 0 and "backup sam.log.json.2026-11-21.bak is unreadable" in done.stderr
    assert "differs from the backup" not in done.stdout


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                max_size=3),
    max_leaves=8)


@given(st.lists(st.dictionaries(st.text(max_size=6), _values, max_size=4), max_size=6))
def test_a_written_log_reads_line_by_line_as_it_reads_whole(entries: list[dict]) -> None:
    raw = serialise_log(entries)
    assert list(raw_entries(io.BytesIO(raw))) == json.loads(raw)["entries"]


@pytest.mark.parametrize("raw", [
    b'{"format": "iepcheck-log", "version": 4, "entries": [{"n": 1}]}',  # one line
    serialise_log([{"n": 1}, {"n": 2}])[:-3],  # truncated
    serialise_log([{"n": 1}]) + b"\n",  # something after the end
    serialise_log([{"n": 1}]).replace(b'{"n": 1}', b"[1]"),  # not an entry
    serialise_log([{"n": 1}], version=9),  # a version this iepcheck does not read
])
def test_anything_else_is_read_whole(raw: bytes) -> None:
    with pytest.raises(NotLaidOut):
        list(raw_entries(io.BytesIO(raw)))
