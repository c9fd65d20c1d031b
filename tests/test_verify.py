"""verify: the seal and the attachments show that nothing changed after it was written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iepcheck.record.log_format import serialise_log
from iepcheck.record.seal import chain
from iepcheck.store.verify import summary, verify_entries
from tests.conftest import AS_OF, snapshot


def _log(cli, plan_path: Path, tmp_path: Path) -> Path:
    """Three sealed entries; the second has an attachment."""
    sheet = tmp_path / "log-oct.txt"
    sheet.write_text("October: 5 sessions\n")
    for args in (
        ["speech", "-k", "visit", "--note", "first", "--date", "2026-11-02"],
        ["speech", "-k", "service-log", "--note", "second", "--attach", sheet],
        ["extended-time", "-k", "interview", "--note", "third"],
    ):
        assert cli("log", *args, "--plan", plan_path, "--as-of", AS_OF).code == 0
    return plan_path.with_name("sam.log.json")


def _entries(log: Path) -> list[dict]:
    return json.loads(log.read_bytes())["entries"]


def _write(log: Path, entries: list[dict]) -> None:
    log.write_bytes(serialise_log(entries))


def _verify(cli, plan_path):
    return cli("verify", "--plan", plan_path)


def test_an_untouched_log_verifies(cli, plan_path, tmp_path):
    log = _log(cli, plan_path, tmp_path)
    before = snapshot(*(p for p in plan_path.parent.rglob("*") if p.is_file()))
    done = _verify(cli, plan_path)
    assert done.code == 0, done.stdout
    assert done.stdout.splitlines() == [
        (
            "verify OK: 3 entries in order, every seal holds, 1 attachment unchanged, "
            "checked against 1 backup"
        )
    ]
    assert (
        snapshot(*(p for p in plan_path.parent.rglob("*") if p.is_file())) == before
    )  # verify only reads
    assert log.exists()


def test_one_changed_byte_in_a_note_names_that_entry_only(cli, plan_path, tmp_path):
    log = _log(cli, plan_path, tmp_path)
    log.write_bytes(log.read_bytes().replace(b'"second"', b'"secand"'))
    done = _verify(cli, plan_path)
    assert done.code == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith("#2: its seal does not match")
    assert lines[-1] == "verify FAILED: 1 of 3 entries fails (#2)"


def test_one_changed_byte_in_an_attachment_names_that_entry(cli, plan_path, tmp_path):
    log = _log(cli, plan_path, tmp_path)
    stored = plan_path.parent / _entries(log)[1]["attachments"][0]["path"]
    data = bytearray(stored.read_bytes())
    data[0] ^= 1
    stored.write_bytes(bytes(data))
    done = _verify(cli, plan_path)
    assert done.code == 1
    assert done.stdout.splitlines()[0].startswith("#2: attachment log-oct.txt was changed")
    assert done.stdout.splitlines()[-1].endswith("(#2)")


def test_a_missing_attachment_names_its_entry(cli, plan_path, tmp_path):
    log = _log(cli, plan_path, tmp_path)
    (plan_path.parent / _entries(log)[1]["attachments"][0]["path"]).unlink()
    done = _verify(cli, plan_path)
    assert done.code == 1 and "#2: attachment log-oct.txt is missing" in done.stdout


def test_a_changed_date_is_caught(cli, plan_path, tmp_path):
    log = _log(cli, plan_path, tmp_path)
    entries = _entries(log)
    entries[0]["date"] = "2026-11-01"
    _write(log, entries)
    done = _verify(cli, plan_path)
    assert done.code == 1 and done.stdout.startswith("#1: its seal does not match")


def test_an_entry_removed_from_the_middle_is_named(cli, plan_path, tmp_path):
    log = _log(cli, plan_path, tmp_path)
    entries = _entries(log)
    _write(log, [entries[0], entries[2]])
    done = _verify(cli, plan_path)
    assert done.code == 1
    assert "#2 missing" in done.stdout
    assert "FAILED" in done.stdout.splitlines()[-1]


def test_removed_and_renumbered_still_fails(cli, plan_path, tmp_path):
    log = _log(cli, plan_path, tmp_path)
    entries = _entries(log)
    entries[2]["n"] = 2
    _write(log, [entries[0], entries[2]])
    done = _verify(cli, plan_path)
    assert done.code == 1 and "#2: its seal does not match" in done.stdout


def test_reordered_entries_are_named(cli, plan_path, tmp_path):
    log = _log(cli, plan_path, tmp_path)
    entries = _entries(log)
    _write(log, [entries[0], entries[2], entries[1]])
    done = _verify(cli, plan_path)
    assert done.code == 1
    assert "#2 stands in place 3" in done.stdout
    assert "entries were removed or reordered" in done.stdout


def test_an_entry_cut_from_the_end_is_caught_by_a_backup(cli, plan_path, tmp_path):
    log = _log(cli, plan_path, tmp_path)
    log.with_name("sam.log.json.2026-11-21.bak").write_bytes(log.read_bytes())
    _write(log, _entries(log)[:2])
    done = _verify(cli, plan_path)
    assert done.code == 1
    assert (
        "#3: #3 is in the backup sam.log.json.2026-11-21.bak but no longer in the log: removed"
    ) in done.stdout


def test_an_unreadable_backup_is_mentioned_not_failed(cli, plan_path, tmp_path):
    log = _log(cli, plan_path, tmp_path)
    log.with_name("sam.log.json.2026-11-21.bak").write_text("{")
    done = _verify(cli, plan_path)
    assert done.code == 0 and "backup sam.log.json.2026-11-21.bak is unreadable" in done.stderr


def _hand_made(count: int) -> list[dict]:
    return [
        {
            "n": n,
            "id": f"{n:032x}",
            "date": "2026-11-0" + str(n),
            "kind": "note",
            "recorded_at": "2026-11-10T09:00:00+00:00",
            "items": [],
            "finding": "unclear",
            "note": f"hand-made {n}",
        }
        for n in range(1, count + 1)
    ]


def test_unsealed_entries_fail_because_nothing_vouches_for_them(cli, plan_path):
    """iepcheck seals every entry it writes: an entry without a seal was written by hand or
    had its seal stripped, and verify cannot say it is unchanged."""
    _write(plan_path.with_name("sam.log.json"), _hand_made(2))
    done = _verify(cli, plan_path)
    assert done.code == 1
    assert "#1: it has no seal" in done.stdout and "#2: it has no seal" in done.stdout
    assert done.stdout.strip().endswith(
        "unsealed (written without a seal, checked only through later seals): #1, #2"
    )


def test_an_altered_unsealed_entry_breaks_the_next_seal(cli, plan_path):
    log = plan_path.with_name("sam.log.json")
    _write(log, _hand_made(2))
    assert cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF).code == 0
    entries = _entries(log)
    entries[1]["note"] = "rewritten"
    _write(log, entries)
    done = _verify(cli, plan_path)
    assert done.code == 1
    assert "#3: its seal does not match: it, or the unsealed entry" in done.stdout
    assert "#2: it has no seal" in done.stdout


@pytest.mark.parametrize(
    "content",
    [
        b"{",
        b"",
        b"[]",
        b'{"format": "other", "entries": []}',
        b'{"format": "iepcheck-log", "entries": [1]}',
        b"\xff\xfe",
    ],
)
def test_a_log_that_does_not_parse_exits_2_with_one_line(cli, plan_path, content):
    log = plan_path.with_name("sam.log.json")
    log.write_bytes(content)
    done = _verify(cli, plan_path)
    assert done.code == 2, done.stdout
    assert len(done.stderr.strip().splitlines()) == 1 and "sam.log.json" in done.stderr
    assert log.read_bytes() == content


def test_a_missing_log_exits_2(cli, plan_path):
    done = _verify(cli, plan_path)
    assert done.code == 2 and "no log here" in done.stderr


def test_verify_entries_is_pure_and_checks_each_link():
    entries = _hand_made(3)
    for entry, value in chain(list(entries)):
        entry["hash"] = value
    entries[2]["attachments"] = [{"path": "e/x.pdf", "sha256": "a" * 64, "name": "x.pdf"}]
    entries[2]["hash"] = next(v for e, v in chain(entries) if e is entries[2])
    result = verify_entries(entries, {"e/x.pdf": "a" * 64}.get)
    assert not result.failed and result.attachments == 1
    assert summary(result) == (
        "verify OK: 3 entries in order, every seal holds, 1 attachment unchanged"
    )
    entries[0]["note"] = "changed"
    result = verify_entries(entries, {}.get)
    assert [n for n, _ in result.problems] == [1, 3]  # the altered entry, the missing file
