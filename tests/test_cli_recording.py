"""Only evidence counts as evidence: findings by kind, one finding per item, replies that
answer something asked, who said it, and dates no later than the day they are written down."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iepcheck.store.logbook import read_log
from tests.conftest import AS_OF, snapshot


@pytest.fixture
def log_path(plan_path: Path) -> Path:
    return plan_path.with_name("sam.log.json")


def _log(cli, plan_path, *args: str, stdin: str = ""):
    return cli("log", *args, "--plan", plan_path, "--as-of", AS_OF, stdin=stdin)


def _status(cli, plan_path, item: str) -> str:
    done = cli("report", "--format", "json", "--plan", plan_path, "--as-of", AS_OF)
    return next(i["status"] for i in json.loads(done.stdout)["items"] if i["id"] == item)


@pytest.mark.parametrize("kind", ["note", "email-received", "call", "meeting"])
def test_a_record_without_a_finding_is_not_evidence(cli, plan_path, kind) -> None:
    done = _log(cli, plan_path, "speech", "-k", kind, "--note", "Reminder: ask about make-up sessions")
    assert done.code == 0 and done.stdout.strip().endswith(f"{kind} speech")
    assert "recorded with no finding" in done.stderr and "--finding implemented" in done.stderr
    assert _status(cli, plan_path, "speech") == "no-evidence"
    assert _log(cli, plan_path, "speech", "-k", kind, "-f", "implemented").code == 0
    assert _status(cli, plan_path, "speech") != "no-evidence"


@pytest.mark.parametrize("kind", ["visit", "interview", "service-log", "work-sample", "progress-report"])
def test_what_was_seen_or_read_in_records_is_implemented_by_default(cli, plan_path, kind) -> None:
    done = _log(cli, plan_path, "speech", "-k", kind)
    assert done.code == 0 and done.stdout.strip().endswith("speech: implemented")
    assert done.stderr == ""


def test_one_visit_with_a_finding_per_item(cli, plan_path, log_path) -> None:
    done = _log(cli, plan_path, "speech", "extended-time=not-implemented", "-k", "visit")
    assert done.code == 0, done.stderr
    [entry] = read_log(log_path)
    assert entry.items == ("speech", "extended-time") and entry.finding == "implemented"
    assert entry.findings == {"extended-time": "not-implemented"}
    assert _status(cli, plan_path, "speech") != "not-implemented"
    assert _status(cli, plan_path, "extended-time") == "not-implemented"


@pytest.mark.parametrize(("args", "says"), [
    (["extended-time=partal", "-k", "visit"], "did you mean partial?"),
    (["-k", "vist"], "did you mean visit?"),
    (["speech", "-k", "visit", "-f", "implemnted"], "did you mean implemented?"),
    (["speech", "-k", "visit", "-f", "not-implemented", "--reason", "cancelld"], "did you mean cancelled?"),
    (["speach", "-k", "visit"], "did you mean speech?"),
    (["speech", "-k", "email-sent", "-f", "implemented"], "carries no finding"),
    (["speech", "-k", "absence", "speech=implemented"], "carries no finding"),
])
def test_words_that_are_not_choices_are_refused_with_the_closest(cli, plan_path, log_path, args, says) -> None:
    done = _log(cli, plan_path, *args)
    assert done.code == 2 and says in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and not log_path.exists()


def test_a_reply_must_answer_something_asked_on_or_before_it(cli, plan_path, log_path) -> None:
    assert _log(cli, plan_path, "speech", "-k", "service-log", "-d", "2026-11-02").code == 0
    assert _log(cli, plan_path, "-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-16").code == 0
    before = snapshot(log_path)
    late = _log(cli, plan_path, "-k", "email-received", "--who", "ms-lee", "-d", "2026-11-12",
                "--reply-to", "2")
    assert late.code == 2 and "#2 (email-sent, 2026-11-16)" in late.stderr and "2026-11-12" in late.stderr
    not_asked = _log(cli, plan_path, "-k", "email-received", "--reply-to", "1")
    assert not_asked.code == 2 and "#1 is a 'service-log'" in not_asked.stderr
    not_a_reply = _log(cli, plan_path, "speech", "-k", "visit", "--reply-to", "2")
    assert not_a_reply.code == 2 and "answers nothing" in not_a_reply.stderr
    assert snapshot(log_path) == before
    follow_up = _log(cli, plan_path, "-k", "email-sent", "--who", "ms-lee", "--reply-to", "2")
    assert follow_up.code == 0, follow_up.stderr


@pytest.mark.parametrize(("who", "stored"), [
    ("ms-lee", "ms-lee"), ("Ms. Lee", "ms-lee"), ("MS. LEE", "ms-lee"),
    ("lee@school.example.org", "ms-lee"), ("Dr. Smith, principal", "Dr. Smith, principal"),
    ("  Dr.   Smith ", "Dr. Smith"),
])
def test_who_names_staff_by_id_email_or_name(cli, plan_path, log_path, who, stored) -> None:
    assert _log(cli, plan_path, "-k", "call", "--who", who).code == 0
    assert read_log(log_path)[0].who == stored


@pytest.mark.parametrize("who", ["ms-penna", "lee", "pena"])
def test_a_mistyped_staff_id_is_refused_not_stored(cli, plan_path, log_path, who) -> None:
    done = _log(cli, plan_path, "-k", "call", "--who", who)
    assert done.code == 2 and "is not a staff id in the plan" in done.stderr
    assert "in quotes" in done.stderr and not log_path.exists()
    if who == "ms-penna":
        assert "did you mean ms-lee?" in done.stderr


def test_nothing_is_dated_after_the_day_it_is_written_down(cli, plan_path, log_path) -> None:
    done = cli("log", "speech", "-k", "visit", "--as-of", "2199-03-01", "--date", "2199-02-26",
               "--plan", plan_path)
    assert done.code == 2 and "whatever --as-of says" in done.stderr and not log_path.exists()


def test_a_service_log_covers_a_range_of_days(cli, plan_path, log_path) -> None:
    done = _log(cli, plan_path, "speech", "-k", "service-log", "--minutes", "240",
                "--from", "2026-09-01", "--to", "2026-09-30")
    assert done.code == 0, done.stderr
    [entry] = read_log(log_path)
    assert (str(entry.covers_from), str(entry.date), entry.minutes) == ("2026-09-01", "2026-09-30", 240)


@pytest.mark.parametrize(("args", "says"), [
    (["-k", "visit", "--from", "2026-09-01", "--to", "2026-09-30"], "only a service-log"),
    (["-k", "service-log", "--from", "2026-09-30", "--to", "2026-09-01"], "runs forwards"),
    (["-k", "service-log", "--from", "2026-09-01"], "give both"),
    (["-k", "service-log", "--from", "2026-09-01", "--to", "2026-09-30", "-d", "2026-09-02"], "no --date"),
])
def test_bad_ranges_are_refused(cli, plan_path, log_path, args, says) -> None:
    done = _log(cli, plan_path, "speech", *args)
    assert done.code == 2 and says in done.stderr and not log_path.exists()


def test_notes_fail_as_one_line(cli, plan_path, log_path, tmp_path, monkeypatch) -> None:
    both = _log(cli, plan_path, "speech", "-k", "visit", "--note", "-", "--edit")
    assert both.code == 2 and "one way" in both.stderr
    empty = _log(cli, plan_path, "speech", "-k", "visit", "--note", "-", stdin="  \n\n")
    assert empty.code == 2 and "the note is empty" in empty.stderr
    failing = tmp_path / "false-editor.sh"
    failing.write_text("#!/bin/sh\nexit 1\n")
    failing.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(failing))
    monkeypatch.setenv("VISUAL", str(failing))
    broken = _log(cli, plan_path, "speech", "-k", "visit", "--edit")
    assert broken.code == 2 and broken.stderr.startswith("iepcheck: error: --edit:")
    assert len(broken.stderr.strip().splitlines()) == 1 and not log_path.exists()


@pytest.mark.parametrize("receipt", ["54", "54:xyz", "#:3f9a1c2d4e5f6a7b", "54:3f9a"])
def test_a_receipt_that_is_not_one_is_refused_in_one_line(cli, plan_path, log_path, receipt) -> None:
    assert _log(cli, plan_path, "speech", "-k", "visit").code == 0
    before = snapshot(log_path)
    done = cli("verify", "--receipt", receipt, "--plan", plan_path)
    assert done.code == 2 and "--receipt" in done.stderr and done.stderr.count("\n") == 1
    assert snapshot(log_path) == before
