"""Nothing lost, ever: outputs never land on the record, a lost log is never replaced by an
empty one, protected and odd files are refused, and stale temp files are cleared."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from iepcheck.record.log_format import LOG_VERSION
from iepcheck.store.logbook import backups_of, evidence_dir, read_log
from tests.conftest import AS_OF, NOW, log_through_cli, snapshot

#: A day before the real clock's today that the plan is in effect (draft-email --record).
EARLY = "2026-11-20"


@pytest.fixture
def log_path(plan_path: Path) -> Path:
    return plan_path.with_name("sam.log.json")


@pytest.fixture
def two_days(cli, plan_path, log_path) -> Path:
    """Two entries and one dated backup, written through the real command."""
    add = log_through_cli(cli, plan_path, AS_OF)
    add("speech", "-k", "visit", "-d", "2026-11-02")
    add("speech", "-k", "visit", "-d", "2026-11-03")
    assert backups_of(log_path)
    return log_path


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail, not hang, if a command waits on a pipe or reads a device forever."""
    def alarm(*_: object) -> None:
        raise TimeoutError("the command blocked")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _refused(done, *says: str) -> None:
    assert done.code == 2, (done.stdout, done.stderr)
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    for text in says:
        assert text in done.stderr, done.stderr


def _everything(folder: Path) -> dict[str, object]:
    """Every file's bytes and every link's target under `folder`: proof nothing was written."""
    found: dict[str, object] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            if path.is_symlink():
                found[str(path)] = os.readlink(path)
            elif path.is_file():
                found[str(path)] = (path.read_bytes(), stat.S_IMODE(path.stat().st_mode))
            else:
                found[str(path)] = "folder"
    return found


# 1. Outputs never clobber the record ----------------------------------------------------


OUTPUTS = {
    "report onto the log": (["report", "--format", "json"], "sam.log.json"),
    "timeline onto the plan": (["timeline"], "sam.toml"),
    "calendar onto the plan": (["calendar"], "sam.toml"),
    "report onto today's backup": (["report", "--format", "csv"], "sam.log.json.{today}.bak"),
    "report onto a backup not yet written": (["report", "--format", "csv"],
                                             "sam.log.json.2031-01-01.bak"),
    "report onto the user's own backup": (["report", "--format", "csv"],
                                          "sam.log.json.1-before-my-edit.bak"),
    "timeline onto the log's lock": (["timeline"], ".sam.log.json.lock"),
    "calendar onto the plan's lock": (["calendar"], ".sam.toml.lock"),
    "report into the evidence folder": (["report", "--format", "html"], "sam.evidence/r.html"),
    "report onto an attachment": (["report", "--format", "html"], "sam.evidence/{attachment}"),
    "draft onto the log": (["draft-email", "ms-lee"], "sam.log.json"),
}


@pytest.mark.parametrize("case", OUTPUTS)
def test_no_output_lands_on_the_record(cli, plan_path, two_days, tmp_path, case) -> None:

    sheet = tmp_path / "sheet.txt"
    sheet.write_text("October\n")
    assert cli("log", "speech", "-k", "service-log", "--attach", sheet, "--plan", plan_path,
               "--as-of", AS_OF).code == 0
    attachment = next(evidence_dir(two_days).iterdir()).name
    command, name = OUTPUTS[case]
    target = tmp_path / name.format(today=NOW.date().isoformat(), attachment=attachment)
    before = _everything(tmp_path)
    extra = ["--as-of", AS_OF] if command[0] != "calendar" else []
    done = cli(*command, "-o", target, "--plan", plan_path, *extra)
    _refused(done, str(target), "choose another file name")
    assert _everything(tmp_path) == before


@pytest.mark.parametrize("spelling", ["./sam.log.json", "sub/../sam.log.json", "link-to-log",
                                      "linked-folder/sam.toml", "hard-link-to-plan",
                                      "./sam.evidence/../sam.evidence/x.ics"])
def test_every_spelling_of_the_record_is_refused(cli, plan_path, two_days, tmp_path,
                                                 monkeypatch, spelling) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    evidence_dir(two_days).mkdir()
    (tmp_path / "link-to-log").symlink_to(two_days)
    (tmp_path / "linked-folder").symlink_to(tmp_path, target_is_directory=True)
    os.link(plan_path, tmp_path / "hard-link-to-plan")
    monkeypatch.setenv("IEPCHECK_LOG", str(two_days))  # calendar has no --log: the env's log
    before = _everything(tmp_path)
    done = cli("calendar", "-o", spelling, "--plan", plan_path)
    _refused(done, str(Path(spelling)), "choose another file name")
    assert _everything(tmp_path) == before


def test_draft_email_record_checks_its_output_before_writing_anything(cli, plan_path,
                                                                       two_days) -> None:
    before = _everything(plan_path.parent)
    done = cli("draft-email", "ms-lee", "-o", two_days, "--record", "--plan", plan_path,
               "--as-of", EARLY)
    _refused(done, "is the observation log")
    assert _everything(plan_path.parent) == before


def test_other_outputs_are_still_written_privately(cli, plan_path, two_days, tmp_path) -> None:
    out = tmp_path / "report.json"
    done = cli("report", "--format", "json", "-o", out, "--plan", plan_path, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    assert json.loads(out.read_text()) and stat.S_IMODE(out.stat().st_mode) == 0o600


def test_refuse_protected_compares_real_paths(tmp_path) -> None:
    from iepcheck.errors import UserError
    from iepcheck.store.files import Guard, refuse_protected

    log = tmp_path / "a.log.json"
    guards = [Guard(log, "the log"), Guard(tmp_path / "a.evidence", "in the evidence folder",
                                           inside=True),
              Guard(tmp_path / "a.log.json.*.bak", "a backup", pattern=True)]
    for refused in (log, tmp_path / "." / "a.log.json", tmp_path / "a.evidence" / "x" / "y",
                    tmp_path / "a.log.json.2026-01-01.bak"):
        with pytest.raises(UserError, match="choose another file name"):
            refuse_protected(refused, guards)
    for allowed in (tmp_path / "a.log.json.txt", tmp_path / "a.evidence.md",
                    tmp_path / "b.log.json.2026-01-01.bak"):
        refuse_protected(allowed, guards)


# 2. Only the tool's own dated backups are listed or pruned ---------------------------------


def test_a_users_own_backup_is_never_pruned_or_listed(cli, plan_path, two_days) -> None:
    mine = two_days.with_name("sam.log.json.1-before-my-edit.bak")
    almost = two_days.with_name("sam.log.json.2026-1-01.bak")
    for path in (mine, almost):
        path.write_text('{"entries": []}')
    for day in ("2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"):
        two_days.with_name(f"sam.log.json.{day}.bak").write_text('{"entries": []}')
    for old in backups_of(two_days):
        if old.name == f"sam.log.json.{NOW.date()}.bak":
            old.unlink()  # today's: so the next write backs up and prunes
    assert cli("log", "speech", "-k", "call", "--plan", plan_path, "--as-of", AS_OF).code == 0
    assert mine.exists() and almost.exists()
    listed = [p.name for p in backups_of(two_days)]
    assert mine.name not in listed and almost.name not in listed and len(listed) == 3


# 3. A lost log is never silently replaced by an empty one -----------------------------------


READERS_AND_WRITERS = [
    ["log", "speech", "-k", "visit", "--as-of", AS_OF],
    ["history"],
    ["retract", "1", "--reason", "x", "--as-of", AS_OF],
    ["report", "--as-of", AS_OF],
    ["timeline", "--as-of", AS_OF],
    ["due", "--as-of", AS_OF],
    ["draft-email", "ms-lee", "--record", "--as-of", EARLY],
    ["import-email", "{tmp}/reply.eml", "--as-of", AS_OF],
    ["verify"],
]


@pytest.fixture
def reply(tmp_path: Path) -> Path:
    """A saved email from staff, for import-email."""
    path = tmp_path / "reply.eml"
    path.write_text("From: Ms. Lee <lee@school.example.org>\nTo: a@b.c\nSubject: hi\n"
                    "Date: Tue, 10 Nov 2026 16:05:00 -0500\n\nYes.\n")
    return path


@pytest.mark.parametrize("args", READERS_AND_WRITERS, ids=lambda a: a[0])
def test_a_log_moved_away_from_its_backups_is_refused(cli, plan_path, two_days, reply,
                                                      args) -> None:
    os.rename(two_days, two_days.with_name("moved.json"))
    newest = backups_of(two_days)[0]
    before = _everything(plan_path.parent)
    done = cli(*[a.format(tmp=reply.parent) for a in args], "--plan", plan_path)
    _refused(done, f"{two_days} is missing", newest.name, f"cp {newest} {two_days}",
             "move the backups to another folder")
    assert _everything(plan_path.parent) == before


def test_a_new_log_is_started_once_the_backups_are_moved_aside(cli, plan_path, two_days,
                                                               tmp_path) -> None:
    two_days.unlink()
    aside = tmp_path / "old"
    aside.mkdir()
    for backup in backups_of(two_days):
        shutil.move(backup, aside)
    assert cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF).code == 0
    assert [e.n for e in read_log(two_days)] == [1]


def test_a_users_own_backup_beside_a_missing_log_is_named(cli, plan_path, log_path) -> None:
    mine = log_path.with_name("sam.log.json.mine.bak")
    mine.write_text("{}")
    _refused(cli("history", "--plan", plan_path), "sam.log.json.mine.bak")


@pytest.mark.parametrize("args", READERS_AND_WRITERS, ids=lambda a: a[0])
def test_a_dangling_link_as_log_is_refused(cli, plan_path, log_path, tmp_path, reply,
                                          args) -> None:
    log_path.symlink_to(tmp_path / "unmounted-drive" / "sam.log.json")
    done = cli(*[a.format(tmp=tmp_path) for a in args], "--plan", plan_path)
    _refused(done, f"{log_path} is a link to", "which is missing")
    assert not (tmp_path / "unmounted-drive").exists()


@pytest.mark.parametrize("args", [["log", "speech", "-k", "visit", "--as-of", AS_OF],
                                  ["history"], ["verify"], ["report", "--as-of", AS_OF]],
                         ids=lambda a: a[0])
def test_a_link_loop_as_log_is_one_line(cli, plan_path, log_path, tmp_path, args) -> None:
    log_path.symlink_to(tmp_path / "other.json")
    (tmp_path / "other.json").symlink_to(log_path)
    _refused(cli(*args, "--plan", plan_path), "ELOOP")


@pytest.mark.parametrize("args", [["items"], ["add-item", "accommodation", "Breaks",
                                              "--staff", "ms-lee"]], ids=lambda a: a[0])
def test_a_link_loop_as_plan_is_one_line(cli, tmp_path, args) -> None:
    plan = tmp_path / "loop.toml"
    plan.symlink_to(tmp_path / "other.toml")
    (tmp_path / "other.toml").symlink_to(plan)
    _refused(cli(*args, "--plan", plan), "ELOOP")


# 4. A file its owner made read-only is never replaced ----------------------------------------


@pytest.mark.parametrize("args", [
    ["log", "speech", "-k", "visit", "--as-of", AS_OF],
    ["retract", "1", "--reason", "x", "--as-of", AS_OF],
    ["draft-email", "ms-lee", "--record", "-o", "{tmp}/draft.eml", "--as-of", EARLY],
    ["import-email", "{tmp}/reply.eml", "--as-of", AS_OF],
], ids=lambda a: a[0])
def test_a_read_only_log_is_refused(cli, plan_path, two_days, tmp_path, reply, args) -> None:
    two_days.chmod(0o400)
    before = _everything(tmp_path)
    done = cli(*[a.format(tmp=tmp_path) for a in args], "--plan", plan_path)
    _refused(done, f"{two_days} is read-only", "chmod u+w")
    assert _everything(tmp_path) == before
    assert stat.S_IMODE(two_days.stat().st_mode) == 0o400


def test_a_read_only_plan_is_refused(cli, plan_path) -> None:
    plan_path.chmod(0o444)
    before = snapshot(plan_path)
    done = cli("add-item", "accommodation", "Breaks", "--staff", "ms-lee", "--plan", plan_path)
    _refused(done, f"{plan_path} is read-only")
    assert snapshot(plan_path) == before and stat.S_IMODE(plan_path.stat().st_mode) == 0o444


# 5. Stale temp files of the tool's own naming are cleared under the lock --------------------


def test_stale_temp_files_are_cleared_on_the_next_write(cli, plan_path, two_days) -> None:
    folder = plan_path.parent
    evidence = evidence_dir(two_days)
    evidence.mkdir()
    stale = [folder / ".sam.log.json.ab12_xyz.tmp", folder / ".sam.log.json.2026-11-19.bak.q1w2e3r4.tmp",
             evidence / ".iepcheck-zz99yy88.tmp", evidence / ".k3j4h5g6.tmp"]
    kept = [folder / ".sam.log.json.mine.tmp", folder / "notes.tmp", folder / ".other.json.ab12_xyz.tmp",
            folder / ".sam.log.json.ab12_xyz.tmp.keep", evidence / ".iepcheck-short.tmp"]
    for path in stale + kept:
        path.write_text("partial")
    assert cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF).code == 0
    assert [p for p in stale if p.exists()] == []
    assert all(p.exists() for p in kept)
    plan_temp = folder / ".sam.toml.a1b2c3d4.tmp"
    plan_temp.write_text("partial")
    assert cli("add-item", "accommodation", "Breaks", "--staff", "ms-lee", "--plan",
               plan_path).code == 0
    assert not plan_temp.exists()


def test_attachment_copies_are_named_as_the_tools_own(tmp_path, monkeypatch) -> None:
    import tempfile

    from iepcheck.store import attachments

    made = []
    real = tempfile.mkstemp

    def record(*args, **kwargs):
        fd, name = real(*args, **kwargs)
        made.append(Path(name).name)
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", record)
    source = tmp_path / "letter.pdf"
    source.write_bytes(b"%PDF")
    attachments.store(source, tmp_path / "x.evidence", tmp_path)
    assert made and all(attachments.STALE_TEMP.fullmatch(n) and n.startswith(".iepcheck-")
                        for n in made)


# 6. Pipes and devices are refused at once, never read ---------------------------------------


@pytest.mark.parametrize("args", [["history"], ["verify"],
                                  ["log", "speech", "-k", "visit", "--as-of", AS_OF]],
                         ids=lambda a: a[0])
@pytest.mark.parametrize("odd", ["fifo", "/dev/zero"])
def test_a_pipe_or_device_as_log_is_refused(cli, plan_path, tmp_path, no_hang, args, odd) -> None:
    log = tmp_path / "pipe.json"
    if odd == "fifo":
        os.mkfifo(log)
    else:
        log = Path(odd)
    done = cli(*args, "--plan", plan_path, "--log", log)
    _refused(done, str(log), "not a log file")


@pytest.mark.parametrize("odd", ["fifo", "/dev/zero"])
def test_a_pipe_or_device_as_plan_is_refused(cli, tmp_path, no_hang, odd) -> None:
    plan = tmp_path / "plan.toml"
    if odd == "fifo":
        os.mkfifo(plan)
    else:
        plan = Path(odd)
    _refused(cli("items", "--plan", plan), str(plan), "not a plan file")


@pytest.mark.parametrize("odd", ["fifo", "/dev/zero"])
def test_a_pipe_or_device_as_attachment_is_refused(cli, plan_path, log_path, tmp_path,
                                                   no_hang, odd) -> None:
    source = tmp_path / "pipe.pdf"
    if odd == "fifo":
        os.mkfifo(source)
    else:
        source = Path(odd)
    done = cli("log", "speech", "-k", "service-log", "--attach", source, "--plan", plan_path,
               "--as-of", AS_OF)
    _refused(done, f"--attach: {source} is a", "not a file")
    assert not log_path.exists() and not evidence_dir(log_path).exists()


def test_open_regular_never_blocks_on_a_pipe(tmp_path, no_hang) -> None:
    from iepcheck.store.files import NotRegularFile, open_regular

    os.mkfifo(tmp_path / "p")
    with pytest.raises(NotRegularFile, match="named pipe"):
        open_regular(tmp_path / "p")


# 7. The log's version is a strict integer this iepcheck reads -------------------------------

CURRENT = b'"version": %d' % LOG_VERSION


@pytest.mark.parametrize("version", ["true", '"1"', "1.0"])
def test_a_version_that_is_not_a_whole_number_is_refused(cli, plan_path, two_days,
                                                         version) -> None:
    two_days.write_bytes(two_days.read_bytes().replace(CURRENT, f'"version": {version}'.encode()))
    before = snapshot(two_days)
    for args in (["history"], ["log", "speech", "-k", "visit", "--as-of", AS_OF], ["verify"]):
        _refused(cli(*args, "--plan", plan_path), "version: must be a whole number", version)
    assert snapshot(two_days) == before


@pytest.mark.parametrize("version, says", [
    ("0", "0 is not a log version"),
    (str(LOG_VERSION + 1), (f"written by a newer iepcheck (log version {LOG_VERSION + 1}; this "
                           f"one reads up to {LOG_VERSION})")),
])
def test_verify_refuses_a_version_it_does_not_read(cli, plan_path, two_days, version,
                                                   says) -> None:
    two_days.write_bytes(two_days.read_bytes().replace(CURRENT, f'"version": {version}'.encode()))
    _refused(cli("verify", "--plan", plan_path), says)
    _refused(cli("history", "--plan", plan_path), says)


def test_verify_reads_the_version_from_the_one_constant(cli, plan_path, two_days,
                                                        monkeypatch) -> None:
    from iepcheck.store import validation as log_validation

    newer = LOG_VERSION + 1
    two_days.write_bytes(two_days.read_bytes().replace(CURRENT, b'"version": %d' % newer))
    monkeypatch.setattr(log_validation, "LOG_VERSION", newer)
    done = cli("verify", "--plan", plan_path)
    assert done.code == 0, done.stderr


def test_an_unreadable_attachment_is_not_called_missing() -> None:
    from iepcheck.store.verify import UNREADABLE, attachment_state, verify_entries

    def fails(error: OSError):
        def read() -> str:
            raise error
        return read

    assert attachment_state(lambda: "a" * 64) == "a" * 64
    assert attachment_state(fails(FileNotFoundError(errno.ENOENT, "gone"))) is None
    assert attachment_state(fails(NotADirectoryError(errno.ENOTDIR, "no"))) is None
    assert attachment_state(fails(PermissionError(errno.EACCES, "denied"))) == UNREADABLE
    entries = [{"n": 1, "hash": None,
                "attachments": [{"path": "e/x.pdf", "sha256": "a" * 64, "name": "x.pdf"}]}]
    problems = verify_entries(entries, lambda _: UNREADABLE).problems
    [(number, what)] = [p for p in problems if "attachment" in p[1]]
    assert number == 1 and "unreadable" in what and "missing" not in what


def test_verify_says_unreadable_for_a_folder_it_may_not_read(cli, plan_path, log_path, tmp_path,
                                                            monkeypatch) -> None:
    from iepcheck.store import attachments

    sheet = tmp_path / "sheet.txt"
    sheet.write_text("October\n")
    assert cli("log", "speech", "-k", "service-log", "--attach", sheet, "--plan", plan_path,
               "--as-of", AS_OF).code == 0

    def denied(path: Path) -> str:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(attachments, "file_sha256", denied)  # root reads a mode-000 folder
    done = cli("verify", "--plan", plan_path)
    assert done.code == 1 and "is there but unreadable" in done.stdout
    assert "missing" not in done.stdout


# 8. An empty log is an error, not "no entries" ----------------------------------------------


def test_an_empty_log_without_backups_is_still_an_error(cli, plan_path, log_path) -> None:
    log_path.write_bytes(b"")
    _refused(cli("history", "--plan", plan_path), "is empty")
    _refused(cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF),
             "is empty")
    assert log_path.read_bytes() == b""
