"""`log`, `history`, `retract` through the real entry point, and every bad input refused."""

import json
import stat
from pathlib import Path

import pytest

from iepcheck.record.log_format import LOG_VERSION
from iepcheck.record.seal import chain
from iepcheck.store.logbook import read_log
from tests.conftest import AS_OF, snapshot


@pytest.fixture
def log_path(plan_path: Path) -> Path:
    return plan_path.with_name("sam.log.json")


def test_log_prints_the_number_and_writes_a_sealed_private_entry(cli, plan_path, log_path) -> None:
    done = cli("log", "speech", "--kind", "service-log", "--minutes", "30", "--date", "2026-11-18",
               "--who", "ms-lee", "--note", "Session held", "--plan", plan_path, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    assert done.stdout.startswith("#1 2026-11-18 service-log speech: implemented, 30 min")
    assert stat.S_IMODE(log_path.stat().st_mode) == 0o600
    document = json.loads(log_path.read_text())
    assert (document["format"], document["version"]) == ("iepcheck-log", LOG_VERSION)
    entry = document["entries"][0]
    assert entry["finding"] == "implemented" and entry["items"] == ["speech"]
    assert entry["recorded_at"][-6] in "+-"  # an offset, not a naive time
    assert len(entry["id"]) == 36
    [(_, expected)] = list(chain(document["entries"]))
    assert entry["hash"] == expected


def test_numbers_count_up_and_history_filters(cli, plan_path) -> None:
    for args in (["speech", "-k", "visit", "-d", "2026-11-02"],
                 ["extended-time", "-k", "interview", "-d", "2026-11-10", "-f", "not-implemented"],
                 ["-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-12"],
                 ["speech", "extended-time", "-k", "progress-report", "-d", "2026-11-13", "-f", "partial"]):
        assert cli("log", *args, "--plan", plan_path, "--as-of", AS_OF).code == 0
    everything = json.loads(cli("history", "--plan", plan_path, "--format", "json").stdout)
    assert [e["n"] for e in everything["entries"]] == [1, 2, 3, 4]
    speech = json.loads(cli("history", "--item", "speech", "--plan", plan_path, "--format", "json").stdout)
    assert [e["n"] for e in speech["entries"]] == [1, 4]
    window = json.loads(cli("history", "--since", "2026-11-05", "--until", "2026-11-12",
                            "--plan", plan_path, "--format", "json").stdout)
    assert [e["n"] for e in window["entries"]] == [2, 3]
    emails = cli("history", "--kind", "email-sent", "--plan", plan_path)
    assert "ms-lee" in emails.stdout and "visit" not in emails.stdout


def test_email_sent_and_absence_carry_no_finding(cli, plan_path, log_path) -> None:
    cli("log", "-k", "email-sent", "--who", "ms-lee", "--plan", plan_path, "--as-of", AS_OF)
    cli("log", "-k", "absence", "--note", "flu", "--plan", plan_path, "--as-of", AS_OF)
    assert [e.finding for e in read_log(log_path)] == [None, None]


def test_retract_records_a_new_entry_and_history_marks_it(cli, plan_path, log_path) -> None:
    cli("log", "speech", "-k", "visit", "-d", "2026-11-02", "--plan", plan_path, "--as-of", AS_OF)
    done = cli("retract", "1", "--reason", "It was OT, not speech", "--plan", plan_path)
    assert done.code == 0 and done.stdout.strip() == "#2 retracts #1 2026-11-02 visit speech: implemented"
    entries = read_log(log_path)
    assert entries[0].finding == "implemented"  # never edited in place
    assert entries[1].retracts == 1 and entries[1].note == "It was OT, not speech"
    history = json.loads(cli("history", "--plan", plan_path, "--format", "json").stdout)
    assert [e["retracted"] for e in history["entries"]] == [True, False]
    again = cli("retract", "1", "--reason", "twice", "--plan", plan_path)
    assert again.code == 2 and "already retracted" in again.stderr
    of_retraction = cli("retract", "2", "--reason", "undo", "--plan", plan_path)
    assert of_retraction.code == 2 and "is itself a retraction" in of_retraction.stderr


def test_note_from_stdin_keeps_it_out_of_the_command_line(cli, plan_path, log_path) -> None:
    secret = "Maya cried after speech;\nshe said the room was locked."
    assert cli("log", "speech", "-k", "interview", "--note", "-", "--plan", plan_path,
               "--as-of", AS_OF, stdin=secret + "\n").code == 0
    assert read_log(log_path)[0].note == secret


def test_unicode_text_round_trips(cli, plan_path, log_path) -> None:
    note = "Señora Lee dijo «sí» — 100% 😊 <b>&amp;"
    cli("log", "speech", "-k", "call", "--who", "Sra. Núñez", "--note", note, "--plan", plan_path,
        "--as-of", AS_OF)
    [entry] = read_log(log_path)
    assert (entry.note, entry.who) == (note, "Sra. Núñez")


def test_reply_to_must_exist(cli, plan_path) -> None:
    cli("log", "-k", "email-sent", "--who", "ms-lee", "--plan", plan_path, "--as-of", AS_OF)
    ok = cli("log", "-k", "email-received", "--who", "ms-lee", "--reply-to", "1", "--plan",
             plan_path, "--as-of", AS_OF)
    assert ok.code == 0


BAD_LOG_ARGS = [
    (["nope", "-k", "visit"], "unknown item 'nope'"),
    (["speech", "-k", "visit", "-d", "2026-11-21"], "--date: 2026-11-21 is in the future"),
    (["speech", "-k", "visit", "-d", "2026-02-30"], "--date: '2026-02-30' is not a date"),
    (["speech", "-k", "visit", "-d", "last tuesday"], "--date: 'last tuesday' is not a date"),
    (["speech", "-k", "vist"], "'vist' is not one of"),
    (["speech", "-k", "visit", "-f", "done"], "'done' is not one of"),
    (["speech", "-k", "email-sent", "-f", "implemented"], "--finding: a 'email-sent' entry carries no finding"),
    (["speech", "-k", "visit", "--minutes", "-5"], "--minutes: "),
    (["speech", "-k", "visit", "--minutes", "thirty"], "'thirty' is not a valid integer"),
    (["speech", "-k", "visit", "--reason", "cancelled"], "--reason: goes with --finding not-implemented"),
    (["speech", "-k", "visit", "--attach", "/no/such/file.pdf"], "--attach: no file at /no/such/file.pdf"),
    (["-k", "email-received", "--reply-to", "7"], "--reply-to: there is no entry #7"),
    (["speech", "speech", "-k", "visit"], "named twice"),
    (["speech"], "--kind is required"),
    (["speech", "-k", "visit", "--bogus"], "No such option '--bogus'"),
]


@pytest.mark.parametrize(("args", "message"), BAD_LOG_ARGS)
def test_bad_log_input_exits_2_with_one_line_and_writes_nothing(cli, plan_path, log_path, args, message) -> None:
    cli("log", "speech", "-k", "visit", "-d", "2026-11-02", "--plan", plan_path, "--as-of", AS_OF)
    before = snapshot(plan_path, log_path, log_path.with_name("sam.evidence"))
    done = cli("log", *args, "--plan", plan_path, "--as-of", AS_OF)
    assert done.code == 2
    assert message in done.stderr
    assert done.stderr.startswith("iepcheck: error: ") and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
    assert snapshot(plan_path, log_path, log_path.with_name("sam.evidence")) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["retract", "5", "--reason", "x"], "there is no entry #5"),
        (["retract", "1", "--reason", "   "], "--reason: say why"),
        (["retract", "1"], "Missing option '--reason'"),
        (["history", "--since", "soon"], "--since: 'soon' is not a date"),
        (["history", "--item", "nope"], "unknown item 'nope'"),
        (["history", "--format", "xml"], "'xml' is not one of"),
    ],
)
def test_bad_history_and_retract_input(cli, plan_path, log_path, args, message) -> None:
    cli("log", "speech", "-k", "visit", "-d", "2026-11-02", "--plan", plan_path, "--as-of", AS_OF)
    before = snapshot(plan_path, log_path)
    done = cli(*args, "--plan", plan_path)
    assert done.code == 2 and message in done.stderr and done.stderr.count("\n") == 1
    assert snapshot(plan_path, log_path) == before


def test_log_needs_a_plan(cli, tmp_path: Path) -> None:
    done = cli("log", "speech", "-k", "visit", "--plan", tmp_path / "none.toml")
    assert done.code == 2 and "iepcheck init" in done.stderr
    assert not (tmp_path / "none.log.json").exists()


def test_log_path_from_option_and_environment(cli, plan_path, tmp_path, monkeypatch) -> None:
    elsewhere = tmp_path / "other.json"
    cli("log", "speech", "-k", "visit", "--plan", plan_path, "--log", elsewhere, "--as-of", AS_OF)
    assert len(read_log(elsewhere)) == 1
    monkeypatch.setenv("IEPCHECK_LOG", str(tmp_path / "env.json"))
    cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF)
    assert len(read_log(tmp_path / "env.json")) == 1


def test_symlinked_log_is_written_through(cli, plan_path, tmp_path) -> None:
    real = tmp_path / "real.log.json"
    cli("log", "speech", "-k", "visit", "--plan", plan_path, "--log", real, "--as-of", AS_OF)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    cli("log", "speech", "-k", "call", "--plan", plan_path, "--log", link, "--as-of", AS_OF)
    assert link.is_symlink() and len(read_log(real)) == 2


def test_empty_history_says_how_to_start(cli, plan_path) -> None:
    done = cli("history", "--plan", plan_path)
    assert done.code == 0 and "iepcheck log" in done.stdout


def test_bad_as_of(cli, plan_path, log_path) -> None:
    done = cli("log", "speech", "-k", "visit", "--as-of", "someday", "--plan", plan_path)
    assert done.code == 2 and "--as-of: 'someday' is not a date" in done.stderr
    assert not log_path.exists()


def test_an_unwritable_log_folder_is_one_line(cli, plan_path, tmp_path) -> None:
    done = cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF,
               "--log", tmp_path / "missing-folder" / "x.log.json")
    assert done.code == 2 and done.stderr.count("\n") == 1
    assert "cannot write" in done.stderr and "missing-folder" in done.stderr


def test_a_full_disk_leaves_the_log_as_it_was(cli, plan_path, log_path) -> None:
    import os

    cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF)
    before = log_path.read_bytes()
    real_replace = os.replace

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    os.replace = full_disk
    try:
        done = cli("log", "speech", "-k", "call", "--plan", plan_path, "--as-of", AS_OF)
    finally:
        os.replace = real_replace
    assert done.code == 2 and "No space left on device" in done.stderr
    assert done.stderr.count("\n") == 1
    assert log_path.read_bytes() == before
    assert not [p for p in log_path.parent.iterdir() if p.name.endswith(".tmp")]
