"""The log on disk: damaged files refused and never overwritten, concurrent writers, kills."""

import json
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from iepcheck.record.log_format import LOG_VERSION
from iepcheck.store.logbook import backups_of, default_log_path, evidence_dir, read_log, record
from tests.conftest import AS_OF, MINIMAL_PLAN, NOW, snapshot

TODAY = date(2026, 11, 20)


@pytest.fixture
def log_path(plan_path: Path) -> Path:
    return plan_path.with_name("sam.log.json")


def test_default_paths() -> None:
    assert default_log_path(Path("/x/maya.toml")) == Path("/x/maya.log.json")
    assert evidence_dir(Path("/x/maya.log.json")) == Path("/x/maya.evidence")


def test_missing_log_is_empty(tmp_path: Path) -> None:
    assert read_log(tmp_path / "none.log.json") == []


def _valid_log(cli, plan_path: Path) -> None:
    for day in ("2026-11-02", "2026-11-03"):
        assert cli("log", "speech", "-k", "visit", "-d", day, "--plan", plan_path, "--as-of", AS_OF).code == 0


DAMAGE = {
    "empty": (lambda raw: b"", "is empty"),
    "whitespace": (lambda raw: b"  \n", "is empty"),
    "truncated": (lambda raw: raw[: len(raw) // 2], "not valid JSON"),
    "not json": (lambda raw: b"hello", "line 1, column 1: not valid JSON"),
    "binary": (lambda raw: b"\xff\xfe\x00garbage", "not UTF-8"),
    "a list": (lambda raw: b"[]", "the document"),
    "no format": (lambda raw: json.dumps({"version": 1, "entries": []}).encode(), "format: is missing"),
    "wrong format": (lambda raw: json.dumps({"format": "jrnl", "version": 1, "entries": []}).encode(), "format:"),
    "newer version": (lambda raw: raw.replace(b'"version": %d' % LOG_VERSION, b'"version": %d' % (LOG_VERSION + 1)), f"written by a newer iepcheck (log version {LOG_VERSION + 1}"),
    "newer version, new shape": (lambda raw: json.dumps({"format": "iepcheck-log", "version": LOG_VERSION + 1, "entries": [{"x": 1}]}).encode(), "newer iepcheck"),
    "bad entry date": (lambda raw: raw.replace(b'"2026-11-03"', b'"2026-11-31"'), "entries[2].date"),
    "renumbered": (lambda raw: raw.replace(b'"n": 2', b'"n": 5'), "entry 2 is numbered 5"),
    "unknown kind": (lambda raw: raw.replace(b'"visit"', b'"vizit"', 1), "entries[1].kind"),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_log_is_refused_and_never_overwritten(cli, plan_path, log_path, damage) -> None:
    _valid_log(cli, plan_path)
    change, message = DAMAGE[damage]
    log_path.write_bytes(change(log_path.read_bytes()))
    before = snapshot(plan_path, log_path)
    for args in (["log", "speech", "-k", "visit"], ["history"], ["retract", "1", "--reason", "x"]):
        done = cli(*args, "--plan", plan_path, "--as-of", AS_OF)
        assert done.code == 2, (args, done)
        assert message in done.stderr, done.stderr
        assert str(log_path) in done.stderr
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert snapshot(plan_path, log_path) == before


def test_recovery_hint_names_the_backups(cli, plan_path, log_path) -> None:
    _valid_log(cli, plan_path)
    log_path.write_text("{")
    done = cli("history", "--plan", plan_path)
    assert f"{log_path.name}.{NOW.date().isoformat()}.bak" in done.stderr


def test_backups_are_dated_private_and_never_shrink(cli, plan_path, log_path) -> None:
    _valid_log(cli, plan_path)
    [backup] = backups_of(log_path)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert len(json.loads(backup.read_text())["entries"]) == 1  # the log before today's 2nd write
    # older backups beyond the newest three are pruned, unless they hold more than the log
    for day, count in (("2026-01-01", 9), ("2026-01-02", 0), ("2026-01-03", 0), ("2026-01-04", 0)):
        entries = json.loads(log_path.read_text())["entries"][:1] * count
        backup.with_name(f"{log_path.name}.{day}.bak").write_text(json.dumps({"entries": entries}))
    backup.unlink()
    cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF)
    names = sorted(p.name.split(".")[-2] for p in backups_of(log_path))
    assert names == ["2026-01-01", "2026-01-03", "2026-01-04", NOW.date().isoformat()]


def test_new_files_are_private(cli, plan_path, log_path, tmp_path) -> None:
    evidence = tmp_path / "letter.pdf"
    evidence.write_bytes(b"%PDF-1.4 letter")
    os.umask(0o022)
    cli("log", "speech", "-k", "service-log", "--attach", evidence, "--plan", plan_path, "--as-of", AS_OF)
    assert stat.S_IMODE(log_path.stat().st_mode) == 0o600
    folder = evidence_dir(log_path)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())


def test_no_temp_files_are_left_behind(cli, plan_path, log_path) -> None:
    _valid_log(cli, plan_path)
    assert not [p for p in plan_path.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_refused_draft_leaves_the_log_untouched(log_path) -> None:
    from iepcheck.errors import UserError
    from iepcheck.record.drafts import EntryDraft

    fine = EntryDraft(kind="note", date=TODAY, note="fine")
    dangling = EntryDraft(kind="note", date=TODAY, retracts=7, note="no such entry")
    with pytest.raises(UserError, match="no entry #7"):
        record(log_path, [fine, dangling], now=datetime.now().astimezone())
    assert not log_path.exists()  # the whole batch is refused: nothing half-written


WRITER = textwrap.dedent("""
    import sys
    from iepcheck.cli import main
    plan, log, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for i in range(count):
        try:
            main(["log", "speech", "-k", "visit", "--note", f"writer {sys.argv[4]} entry {i}",
                  "--plan", plan, "--log", log, "--as-of", "2026-11-20"])
        except SystemExit as done:
            assert done.code == 0, done.code
""")


def test_four_writers_at_once_lose_nothing(plan_path, log_path) -> None:
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(plan_path), str(log_path), "25", str(w)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for w in range(4)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err.decode()
    entries = read_log(log_path)
    assert [e.n for e in entries] == list(range(1, 101))
    assert len({e.note for e in entries}) == 100
    assert len({e.id for e in entries}) == 100


KILLED_WRITER = textwrap.dedent("""
    import sys
    from datetime import date, datetime, timezone
    from pathlib import Path
    from iepcheck.store.logbook import read_log, record
    from iepcheck.record.drafts import EntryDraft
    log = Path(sys.argv[1])
    draft = EntryDraft(kind="visit", date=date(2026, 11, 20), items=("speech",),
                       finding="implemented", note="x" * 200)
    now = datetime(2026, 11, 20, 10, tzinfo=timezone.utc)
    record(log, [], now=now)  # everything imported and warmed up before the clock starts
    read_log(log)
    print("ready", flush=True)
    while True:
        [written] = record(log, [draft], now=now)
        print(written.entry.n, flush=True)
""")


def test_a_writer_killed_at_random_moments_never_loses_a_written_entry(log_path) -> None:
    chance = random.Random(20261120)
    reported = 0
    for _ in range(24):
        writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(log_path)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert writer.stdout.readline() == "ready\n"  # the clock starts once it is writing
        time.sleep(chance.uniform(0.02, 0.3))
        writer.send_signal(signal.SIGKILL)
        out, err = writer.communicate(timeout=60)
        assert "Traceback" not in err, err
        numbers = [int(line) for line in out.split()]  # those it saw written before the kill
        reported = max([reported, *numbers])
        entries = read_log(log_path)  # always loads
        assert len(entries) >= reported
        assert [e.n for e in entries] == list(range(1, len(entries) + 1))
    assert reported > 0  # the writers did get work done between kills


def test_plan_written_by_hand_is_untouched_by_logging(cli, plan_path) -> None:
    before = plan_path.read_bytes()
    _valid_log(cli, plan_path)
    assert plan_path.read_bytes() == before == MINIMAL_PLAN.encode()


def test_a_log_laid_out_by_hand_still_loads(cli, plan_path, log_path) -> None:
    """Pretty-printed (or otherwise re-laid-out) logs take the whole-document path."""
    _valid_log(cli, plan_path)
    document = json.loads(log_path.read_text())
    log_path.write_text(json.dumps(document, indent=2))
    assert [e.n for e in read_log(log_path)] == [1, 2]
    assert cli("log", "speech", "-k", "call", "--plan", plan_path, "--as-of", AS_OF).code == 0
    assert [e.n for e in read_log(log_path)] == [1, 2, 3]


def test_chunked_reading_checks_numbers_across_chunks(cli, plan_path, log_path, monkeypatch) -> None:
    from iepcheck.store import validation as log_validation

    monkeypatch.setattr(log_validation, "BLOCK_BYTES", 300)  # about one entry a block
    for _ in range(5):
        _valid_log(cli, plan_path)
    assert [e.n for e in read_log(log_path)] == list(range(1, 11))
    lines = log_path.read_bytes().split(b"\n")
    lines[4], lines[5] = lines[5], lines[4]  # entries 4 and 5 swapped
    log_path.write_bytes(b"\n".join(lines))
    done = cli("history", "--plan", plan_path)
    assert done.code == 2 and "entry 4 is numbered 5" in done.stderr


def test_trailing_text_after_the_log_is_refused(cli, plan_path, log_path) -> None:
    _valid_log(cli, plan_path)
    log_path.write_bytes(log_path.read_bytes() + b"junk\n")
    done = cli("history", "--plan", plan_path)
    assert done.code == 2 and "not valid JSON" in done.stderr


def test_block_boundaries_anywhere_read_the_same_log(cli, plan_path, log_path, monkeypatch) -> None:
    from iepcheck.store import validation as log_validation

    for _ in range(3):
        _valid_log(cli, plan_path)
    expected = read_log(log_path)
    calls = []
    original = log_validation._validate_document
    monkeypatch.setattr(log_validation, "_validate_document",
                        lambda *a: calls.append(a) or original(*a))
    for size in range(1, len(log_path.read_bytes()) + 2, 7):
        monkeypatch.setattr(log_validation, "BLOCK_BYTES", size)
        assert read_log(log_path) == expected
    assert calls == []  # the fast path read it every time


def test_a_version_1_log_is_read_and_migrated_on_first_write(cli, example_plan) -> None:
    """The example log as version 1 wrote it (tests/fixtures/log-v1): read as it is; the first
    write backs it up whole, carries every entry forward unchanged, and the seals still hold."""
    import shutil

    from tests.conftest import ROOT

    old = ROOT / "tests" / "fixtures" / "log-v1"
    log = example_plan.with_name("maya.log.json")
    shutil.copy(old / "plan.log.json", log)
    shutil.copytree(old / "plan.evidence", example_plan.with_name("plan.evidence"))
    original = log.read_bytes()
    assert json.loads(original)["version"] == 1
    before = read_log(log)
    assert cli("report", "--plan", example_plan, "--as-of", "2026-11-20").code == 0
    assert log.read_bytes() == original  # reading never writes
    done = cli("log", "speech", "-k", "interview", "--plan", example_plan, "--as-of", "2026-11-20")
    assert done.code == 0, done.stderr
    assert log.with_name("maya.log.json.v1.bak").read_bytes() == original
    migrated = json.loads(log.read_bytes())
    assert migrated["version"] == LOG_VERSION
    assert migrated["entries"][:-1] == json.loads(original)["entries"]
    assert read_log(log)[:-1] == before
    verified = cli("verify", "--plan", example_plan)
    assert verified.code == 0, verified.stdout + verified.stderr


def test_a_version_2_log_is_read_and_migrated_on_first_write(cli, plan_path) -> None:
    """A log as version 2 wrote it (no `values` key): read as it is, its entries reading with
    no measurements; the first write keeps it whole as NAME.v2.bak, carries every entry
    forward byte for byte, and the seals still hold (docs/log-format.md)."""
    import uuid

    from iepcheck.record.drafts import EntryDraft, entry_fields
    from iepcheck.record.log_format import serialise_log
    from iepcheck.record.seal import seal

    drafts = [EntryDraft(kind="visit", date=date(2026, 11, 2), items=("speech",)),
              EntryDraft(kind="service-log", date=date(2026, 11, 6), items=("speech",),
                         minutes=60, covers_from=date(2026, 11, 2))]
    previous, old_entries = "", []
    for n, draft in enumerate(drafts, start=1):
        fields = entry_fields(draft, n=n, entry_id=str(uuid.uuid4()), recorded_at=NOW)
        del fields["values"], fields["source"], fields["school_row"]  # not in version 2
        fields["hash"] = previous = seal(fields, previous)
        old_entries.append(fields)
    log = plan_path.with_name("sam.log.json")
    original = serialise_log(old_entries, version=2)
    log.write_bytes(original)
    assert verified(cli, plan_path)
    assert [e.values for e in read_log(log)] == [{}, {}]
    assert cli("report", "--plan", plan_path, "--as-of", AS_OF).code == 0
    assert log.read_bytes() == original  # reading never writes
    done = cli("log", "speech", "-k", "interview", "--plan", plan_path, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    assert log.with_name("sam.log.json.v2.bak").read_bytes() == original
    migrated = json.loads(log.read_bytes())
    assert migrated["version"] == LOG_VERSION
    assert migrated["entries"][:2] == old_entries
    assert "values" not in migrated["entries"][0] and migrated["entries"][2]["values"] == {}
    kept = [line.rstrip(b",") for line in log.read_bytes().splitlines()[1:3]]
    assert kept == [line.rstrip(b",") for line in original.splitlines()[1:3]]  # byte for byte
    assert verified(cli, plan_path)


def test_a_version_3_log_is_read_and_migrated_on_first_write(cli, plan_path) -> None:
    """A log as version 3 wrote it (no `source`, no `school_row`): its entries read as the
    family's own; the first write keeps it whole as NAME.v3.bak, carries every entry forward
    byte for byte, and the seals still hold (docs/log-format.md)."""
    import uuid

    from iepcheck.record.drafts import EntryDraft, entry_fields
    from iepcheck.record.log_format import serialise_log
    from iepcheck.record.seal import seal

    drafts = [EntryDraft(kind="visit", date=date(2026, 11, 2), items=("speech",)),
              EntryDraft(kind="service-log", date=date(2026, 11, 6), items=("speech",),
                         minutes=60, covers_from=date(2026, 11, 2))]
    previous, old_entries = "", []
    for n, draft in enumerate(drafts, start=1):
        fields = entry_fields(draft, n=n, entry_id=str(uuid.uuid4()), recorded_at=NOW)
        del fields["source"], fields["school_row"]  # version 3 had no such keys
        fields["hash"] = previous = seal(fields, previous)
        old_entries.append(fields)
    log = plan_path.with_name("sam.log.json")
    original = serialise_log(old_entries, version=3)
    log.write_bytes(original)
    assert verified(cli, plan_path)
    assert [(e.source, e.school_row) for e in read_log(log)] == [(None, None)] * 2
    assert cli("report", "--plan", plan_path, "--as-of", AS_OF).code == 0
    assert log.read_bytes() == original  # reading never writes
    done = cli("log", "speech", "-k", "interview", "--plan", plan_path, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    assert log.with_name("sam.log.json.v3.bak").read_bytes() == original
    migrated = json.loads(log.read_bytes())
    assert migrated["version"] == LOG_VERSION == 4
    assert migrated["entries"][:2] == old_entries
    assert "source" not in migrated["entries"][0] and migrated["entries"][2]["source"] is None
    kept = [line.rstrip(b",") for line in log.read_bytes().splitlines()[1:3]]
    assert kept == [line.rstrip(b",") for line in original.splitlines()[1:3]]  # byte for byte
    assert verified(cli, plan_path)


def verified(cli, plan_path) -> bool:
    done = cli("verify", "--plan", plan_path)
    return done.code == 0


def test_a_backup_is_counted_by_its_lines_without_parsing_it(tmp_path) -> None:
    """Pruning counts a backup's entries; one laid out as iepcheck writes it is counted by its
    lines (a 100,000-entry backup is not parsed whole), any other layout by parsing."""
    from iepcheck.record.log_format import serialise_log
    from iepcheck.store.backups import _entry_count

    for count in (0, 1, 3):
        laid_out = tmp_path / f"{count}.bak"
        laid_out.write_bytes(serialise_log([{"n": n, "note": "two\nlines"}
                                            for n in range(1, count + 1)]))
        assert _entry_count(laid_out) == count
    by_hand = tmp_path / "hand.bak"
    by_hand.write_text('{"format": "iepcheck-log", "version": 1, "entries": [{"n": 1}, {"n": 2}]}')
    assert _entry_count(by_hand) == 2
    broken = tmp_path / "broken.bak"
    broken.write_text("{")
    assert _entry_count(broken) > 10**9  # unreadable: never pruned
