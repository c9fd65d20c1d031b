"""Two parents and an advocate keep one record (docs/authors.md): each appends only to their
own log, every reader merges them, and neither git nor a folder sync ever meets a conflict.

The sync tests use the real engines: git (a bare repository and two clones) and `cp`."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from iepcheck.errors import UserError
from iepcheck.record.authors import (
    OWNER,
    author_of,
    check_author,
    conflict_copy_of,
    label,
    log_name,
    parse_reference,
)
from iepcheck.record.drafts import EntryDraft, entry_fields
from iepcheck.record.entries import Observation, by_author, retracted_keys, validate_entry
from iepcheck.record.merging import carry_over, merge
from iepcheck.store.logbook import read_log
from tests.conftest import AS_OF, MINIMAL_PLAN, snapshot

GIT = shutil.which("git")


# --- names (pure) ---------------------------------------------------------------------------


def test_an_author_writes_a_log_of_their_own_beside_the_owners() -> None:
    assert log_name("maya.log.json", OWNER) == "maya.log.json"
    assert log_name("maya.log.json", "dad") == "maya.dad.log.json"
    assert author_of("maya.log.json", "maya.dad.log.json") == "dad"
    assert author_of("maya.log.json", "maya.log.json") == OWNER
    for name in ("maya.log.json.2026-11-20.bak", ".maya.dad.log.json.lock", "maya.toml",
                 "other.dad.log.json", "maya.Dad.log.json", "maya.log.log.json",
                 "maya.owner.log.json", "maya.a.b.log.json"):
        assert author_of("maya.log.json", name) is None, name


@pytest.mark.parametrize("name", ["dad", "mom", "advocate-2", "owner"])
def test_author_names_are_slugs(name: str) -> None:
    assert check_author(name) == name


@pytest.mark.parametrize(("name", "hint"), [("Dad", "'dad'"), ("ms lee", "'ms-lee'"),
                                            ("../x", "'x'"), ("", "'dad'"), ("log", "'dad'"),
                                            ("9lives", "'dad'")])
def test_other_author_names_are_refused_with_one_that_would_do(name: str, hint: str) -> None:
    with pytest.raises(UserError, match=f"cannot be an author's name.*e.g. {hint}"):
        check_author(name)


@pytest.mark.parametrize(("name", "original"), [
    ("maya.log (conflicted copy 2027-01-05).json", "maya.log.json"),
    ("maya.log (Dad's conflicted copy 2027-01-05).json", "maya.log.json"),
    ("maya.log (conflicted copy 2027-01-05 101112).json", "maya.log.json"),
    ("maya.log.sync-conflict-20270105-101112-ABCDEFG.json", "maya.log.json"),
    ("maya.dad.log.sync-conflict-20270105-101112-ABCDEFG.json", "maya.dad.log.json"),
    ("maya.dad.log (conflicted copy 2027-01-05).json", "maya.dad.log.json"),
    ("maya.log_conflict-20270105-101112.json", "maya.log.json"),
])
def test_sync_tools_conflict_copies_are_recognised(name: str, original: str) -> None:
    assert conflict_copy_of("maya.log.json", name) == original


@pytest.mark.parametrize("name", ["maya.log.json", "maya.dad.log.json", "maya.conflict.log.json",
                                  "maya.log.json.2027-01-05.bak", "notes-conflict.json",
                                  "maya.logbook conflict.json", "sam.log (conflicted copy).json"])
def test_other_files_are_not_conflict_copies(name: str) -> None:
    assert conflict_copy_of("maya.log.json", name) is None


def test_entries_are_named_as_the_reader_sees_them() -> None:
    assert parse_reference("12", "dad", "--reply-to") == ("dad", 12)
    assert parse_reference("#12", OWNER, "--reply-to") == (OWNER, 12)
    assert parse_reference("owner#3", "dad", "--reply-to") == (OWNER, 3)
    assert parse_reference("mom#7", OWNER, "retract") == ("mom", 7)
    assert (label("dad", 12, "dad"), label("dad", 12, OWNER)) == ("#12", "dad#12")
    for bad in ("dad#", "#0", "Dad#3", "3a", "dad#-1"):
        with pytest.raises(UserError, match="is not an entry"):
            parse_reference(bad, OWNER, "--reply-to")


# --- the merged record (pure) ---------------------------------------------------------------


def _entry(n: int, day: str, *, author: str = OWNER, at: str = "2027-01-10T18:00:00+00:00",
           machine: int = 0, **draft: object) -> Observation:
    """Entry `n` of `author`'s log (written on `machine`), made by the one entry factory."""
    kind = str(draft.pop("kind", "visit"))
    ident = f"{sum(map(ord, author)):08x}-{machine:04x}-4000-8000-{n:012x}"
    fields = entry_fields(EntryDraft(kind=kind, date=date.fromisoformat(day), **draft),  # type: ignore[arg-type]
                          n=n, entry_id=ident, recorded_at=datetime.fromisoformat(at))
    [entry] = by_author([validate_entry(fields)], author)
    return entry


def test_one_log_is_read_in_its_own_order_several_are_merged_by_date_then_when_written() -> None:
    own = [_entry(1, "2026-11-05"), _entry(2, "2026-11-02")]
    assert merge([own]) == own  # one author: exactly as before
    dads = [_entry(1, "2026-11-02", author="dad", at="2027-01-09T18:00:00+00:00"),
            _entry(2, "2026-11-05", author="dad", at="2027-01-11T18:00:00+00:00")]
    merged = merge([own, dads])
    assert [(e.author, e.n) for e in merged] == [("dad", 1), (OWNER, 2), (OWNER, 1), ("dad", 2)]
    assert merge([dads, own]) == merged  # the same on every copy of the record


def test_a_retraction_withdraws_only_its_own_authors_entry() -> None:
    entries = [_entry(1, "2026-11-02"), _entry(1, "2026-11-02", author="dad"),
               _entry(2, "2026-11-03", author="dad", kind="note", retracts=1, note="wrong day")]
    assert retracted_keys(entries) == {("dad", 1)}
    assert retracted_keys(entries[:1] + [_entry(2, "2026-11-03", kind="note", retracts=1)]) == {1}


def test_a_reply_in_one_log_answers_the_email_in_another() -> None:
    from iepcheck.due.replies import unanswered
    from iepcheck.store.plan_file import parse_plan

    plan = parse_plan(MINIMAL_PLAN, Path("sam.toml"))
    mine = _entry(1, "2026-11-02", kind="email-sent", who="ms-lee")
    dads_email = _entry(1, "2026-11-02", author="dad", kind="email-sent", who="ms-lee")
    answer = _entry(2, "2026-11-03", author="dad", kind="email-received", who="ms-lee",
                    reply_to=1, reply_to_author=OWNER)
    listed = unanswered(plan, [mine, dads_email, answer], date(2026, 11, 20))
    assert [(u.author, u.n) for u in listed] == [("dad", 1)]


def test_entries_from_a_conflict_copy_are_carried_over_renumbered() -> None:
    log = [_entry(1, "2026-11-02"), _entry(2, "2026-11-03", kind="email-sent", who="ms-lee")]
    phone = [log[0], _entry(2, "2026-11-04", kind="email-sent", who="ms-lee", machine=1),
             _entry(3, "2026-11-05", kind="email-received", who="ms-lee", reply_to=2, machine=1),
             _entry(4, "2026-11-06", kind="note", retracts=1, note="not speech", machine=1),
             _entry(5, "2026-11-06", kind="note", retracts=2, note="not sent", machine=1)]
    carried = carry_over(phone, log, {}, lambda p: Path("/evidence") / p)
    assert carried.from_copy == (2, 3, 4, 5) and carried.held == 1
    assert [d.entry_id for d in carried.drafts] == [e.id for e in phone[1:]]
    # the phone's #2 becomes the log's #3, and what answers or withdraws it follows it
    assert [(d.reply_to, d.retracts) for d in carried.drafts] == [
        (None, None), (3, None), (None, 1), (None, 3)]
    written = [validate_entry(entry_fields(d, n=3 + i, entry_id=str(d.entry_id),
                                           recorded_at=datetime(2027, 1, 12, tzinfo=UTC)))
               for i, d in enumerate(carried.drafts)]
    again = carry_over(phone, log + written, {}, lambda p: Path(p))
    assert again.drafts == () and again.held == 5
    withdrawn_twice = carry_over([*phone[:4], _entry(5, "2026-11-07", kind="note", retracts=1,
                                                     note="again", machine=2)],
                                 log + written[:2], {}, lambda p: Path(p))
    assert [d.retracts for d in withdrawn_twice.drafts] == [1]
    assert withdrawn_twice.left_out == ("#5 (it withdraws #1, which the log already withdrew)",)


def test_a_copy_of_someone_elses_log_is_theirs_to_merge() -> None:
    dads = [_entry(1, "2026-11-02", author="dad")]
    with pytest.raises(UserError, match="copy of dad's log, so dad merges it"):
        carry_over(dads, [], {"dad": dads}, lambda p: Path(p))


# --- through the command line ---------------------------------------------------------------


@pytest.fixture
def sam(tmp_path: Path) -> Path:
    path = tmp_path / "sam.toml"
    path.write_text(MINIMAL_PLAN)
    return path


def _run(cli, plan: Path, *args: str, author: str | None = None):
    return cli(*args, "--plan", plan, *(("--author", author) if author else ()))


def _ok(done):
    assert done.code == 0, done.stderr
    return done


def _log(cli, plan: Path, *args: str, author: str | None = None):
    return _ok(_run(cli, plan, "log", *args, "--as-of", AS_OF, author=author))


def test_each_author_writes_only_their_own_log_and_reads_everyones(cli, sam) -> None:
    _log(cli, sam, "speech", "-k", "visit", "-d", "2026-11-02")
    dad = _log(cli, sam, "-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-03", author="dad")
    assert dad.stdout.startswith("#1 2026-11-03 email-sent")
    assert [e.kind for e in read_log(sam.with_name("sam.log.json"))] == ["visit"]
    dads_log = sam.with_name("sam.dad.log.json")
    assert [e.kind for e in read_log(dads_log)] == ["email-sent"]
    assert stat.S_IMODE(dads_log.stat().st_mode) == 0o600
    mine = json.loads(_run(cli, sam, "history", "--format", "json").stdout)["entries"]
    assert [(e["n"], e.get("author")) for e in mine] == [(1, None), (1, "dad")]
    lines = _run(cli, sam, "history").stdout.splitlines()
    assert lines[1].split()[0] == "1" and lines[2].split()[0] == "dad#1"
    his = _run(cli, sam, "history", author="dad").stdout.splitlines()
    assert his[1].split()[0] == "owner#1" and his[2].split()[0] == "1"


def test_the_author_comes_from_the_option_the_environment_or_the_settings(
        cli, sam, monkeypatch) -> None:
    done = _ok(cli("config", "author", "advocate"))
    settings = Path(os.environ["XDG_CONFIG_HOME"]) / "iepcheck" / "config.toml"
    assert settings.read_text().endswith('author = "advocate"\n')
    assert stat.S_IMODE(settings.stat().st_mode) == 0o600 and "advocate" in done.stdout
    assert "author = advocate" in _ok(cli("config")).stdout
    _log(cli, sam, "speech", "-k", "visit")
    monkeypatch.setenv("IEPCHECK_AUTHOR", "mom")
    _log(cli, sam, "speech", "-k", "visit")
    _log(cli, sam, "speech", "-k", "visit", author="dad")
    assert {p.name for p in sam.parent.glob("*.log.json")} == {
        "sam.advocate.log.json", "sam.mom.log.json", "sam.dad.log.json"}
    monkeypatch.delenv("IEPCHECK_AUTHOR")
    _ok(cli("config", "author", "owner"))
    assert "not set" in _ok(cli("config")).stdout
    _log(cli, sam, "speech", "-k", "visit")
    assert sam.with_name("sam.log.json").exists()


@pytest.mark.parametrize(("args", "says"), [
    (["config", "author", "Dad Smith"], "author: 'Dad Smith' cannot be an author's name"),
    (["config", "autor", "dad"], "unknown setting 'autor' (did you mean author?)"),
    (["history", "--author", "../x"], "--author: '../x' cannot be an author's name"),
    (["retract", "dad#1", "--reason", "no"],
     "only its author withdraws an entry: ask them, or log a note that disputes it"),
    (["retract", "dad1", "--reason", "no"], "retract: 'dad1' is not an entry"),
    (["log", "-k", "email-received", "--reply-to", "dad#9", "--as-of", AS_OF],
     "--reply-to: there is no entry dad#9 (dad's log has 1)"),
    (["log", "-k", "email-received", "--reply-to", "mom#1", "--as-of", AS_OF],
     "--reply-to: there is no log by 'mom'"),
    (["report", "-o", "sam.mom.log.json", "--as-of", AS_OF], "is an author's observation log"),
])
def test_bad_author_input_is_one_line_and_writes_nothing(cli, sam, args, says,
                                                         monkeypatch) -> None:
    monkeypatch.chdir(sam.parent)
    _log(cli, sam, "-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-03", author="dad")
    settings = Path(os.environ["XDG_CONFIG_HOME"]) / "iepcheck" / "config.toml"
    watched = [sam, sam.with_name("sam.log.json"), sam.with_name("sam.dad.log.json"),
               sam.with_name("sam.mom.log.json"), settings]
    before = snapshot(*watched)
    done = cli(*args, *(["--plan", sam] if args[0] != "config" else []))
    assert done.code == 2 and says in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert snapshot(*watched) == before


def test_a_reply_names_another_authors_entry_and_answers_it(cli, sam) -> None:
    _log(cli, sam, "-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-03")
    _log(cli, sam, "-k", "email-received", "--who", "ms-lee", "-d", "2026-11-10",
         "--reply-to", "owner#1", author="dad")
    [reply] = read_log(sam.with_name("sam.dad.log.json"))
    assert (reply.reply_to, reply.reply_to_author) == (1, OWNER)
    due = json.loads(_run(cli, sam, "due", "--format", "json", "--as-of", AS_OF).stdout)
    assert due["unanswered"] == []


def test_retract_withdraws_your_own_entry_only_and_the_report_counts_each_log_apart(
        cli, sam) -> None:
    _log(cli, sam, "speech", "-k", "visit", "-d", "2026-11-18", "-f", "not-implemented")
    _log(cli, sam, "speech", "-k", "visit", "-d", "2026-11-18", author="dad")
    done = _ok(_run(cli, sam, "retract", "1", "--reason", "it was OT", "--as-of", AS_OF,
                    author="dad"))
    assert done.stdout.startswith("#2 retracts #1")
    report = json.loads(_run(cli, sam, "report", "--format", "json", "--as-of", AS_OF).stdout)
    speech = next(i for i in report["items"] if i["id"] == "speech")
    assert speech["status"] == "not-implemented"  # the owner's #1 stands; dad's #1 is withdrawn
    timeline = _run(cli, sam, "timeline", "--format", "csv", "--as-of", AS_OF).stdout
    assert "dad#1" in timeline and "dad#2" in timeline


def test_verify_checks_every_log_and_names_the_author_of_a_failure(cli, sam) -> None:
    _log(cli, sam, "speech", "-k", "visit", "-d", "2026-11-02")
    _log(cli, sam, "speech", "-k", "visit", "-d", "2026-11-03", author="dad")
    _log(cli, sam, "speech", "-k", "visit", "-d", "2026-11-04", author="dad")
    done = _ok(_run(cli, sam, "verify"))
    assert "sam.log.json (owner's log): verify OK: 1 entry" in done.stdout
    assert "sam.dad.log.json (dad's log): verify OK: 2 entries" in done.stdout
    dads = sam.with_name("sam.dad.log.json")
    dads.write_text(dads.read_text().replace("2026-11-03", "2026-11-01"))
    failed = _run(cli, sam, "verify")
    assert failed.code == 1 and "dad#1: its seal does not match" in failed.stdout
    assert "sam.log.json (owner's log): verify OK" in failed.stdout


def test_attachments_of_every_author_go_to_one_evidence_folder_once(cli, sam) -> None:
    original = sam.with_name("log-sheet.pdf")
    original.write_bytes(b"%PDF-1.4 speech log, November")
    _log(cli, sam, "speech", "-k", "service-log", "--attach", original)
    _log(cli, sam, "speech", "-k", "service-log", "--attach", original, author="dad")
    assert len(list(sam.with_name("sam.evidence").iterdir())) == 1
    assert not sam.with_name("sam.dad.evidence").exists()
    [dads] = read_log(sam.with_name("sam.dad.log.json"))
    assert dads.attachments[0].path.startswith("sam.evidence/")
    checked = _ok(_run(cli, sam, "verify")).stdout.splitlines()
    assert [line.endswith("1 attachment unchanged") for line in checked] == [True, True]


def test_a_conflict_copy_is_reported_and_merged_once(cli, sam) -> None:
    original = sam.with_name("note.txt")
    original.write_bytes(b"what the teacher said")
    _log(cli, sam, "speech", "-k", "visit", "-d", "2026-11-02")
    log = sam.with_name("sam.log.json")
    laptop = log.read_bytes()
    _log(cli, sam, "speech", "-k", "visit", "-d", "2026-11-03", "--attach", original)
    _log(cli, sam, "-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-04")
    phone = log.read_bytes()
    log.write_bytes(laptop)  # the sync kept the laptop's log ...
    copy = sam.with_name("sam.log (conflicted copy 2027-01-05).json")
    copy.write_bytes(phone)  # ... and the phone's as a copy
    _log(cli, sam, "extended-time", "-k", "interview", "-d", "2026-11-05")
    report = _run(cli, sam, "report", "--format", "json", "--as-of", AS_OF)
    assert "warning: sam.log (conflicted copy 2027-01-05).json is a copy of sam.log.json" in (
        report.stderr)
    assert "merge-copy" in _run(cli, sam, "verify").stderr
    merged = _ok(_run(cli, sam, "merge-copy", copy))
    assert merged.stdout.splitlines() == [
        "#3 from the copy's #2: 2026-11-03 visit speech",
        "#4 from the copy's #3: 2026-11-04 email-sent (general)"]
    assert "merged 2 entries" in merged.stderr and "1 were there already" in merged.stderr
    entries = read_log(log)
    assert [e.date.day for e in entries] == [2, 5, 3, 4]
    phones = read_log(copy)
    assert entries[2].id == phones[1].id and entries[2].attachments == phones[1].attachments
    again = _ok(_run(cli, sam, "merge-copy", copy))
    assert again.stdout == "" and "merged 0 entries" in again.stderr
    assert _ok(_run(cli, sam, "verify")).code == 0


def test_someone_elses_conflict_copy_is_theirs_to_merge(cli, sam) -> None:
    _log(cli, sam, "speech", "-k", "visit", author="dad")
    copy = sam.with_name("sam.dad.log.sync-conflict-20270105-101112-ABCDEFG.json")
    shutil.copy(sam.with_name("sam.dad.log.json"), copy)
    before = snapshot(sam.with_name("sam.log.json"))
    done = _run(cli, sam, "merge-copy", copy)
    assert done.code == 2 and "is a copy of dad's log" in done.stderr
    assert snapshot(sam.with_name("sam.log.json")) == before


def test_a_version_2_log_still_reads_beside_an_authors_log(cli, sam) -> None:
    _log(cli, sam, "speech", "-k", "visit", "-d", "2026-11-02")
    log = sam.with_name("sam.log.json")
    log.write_bytes(log.read_bytes().replace(b'"version": 4', b'"version": 2').replace(
        b', "reply_to_author": null', b"").replace(b', "source": null, "school_row": null', b""))  # as version 2 wrote it (its seal aside)
    _log(cli, sam, "speech", "-k", "visit", "-d", "2026-11-03", author="dad")
    assert len(json.loads(_run(cli, sam, "history", "--format", "json").stdout)["entries"]) == 2


# --- with the real sync engines -------------------------------------------------------------


def _git(folder: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "parent", "GIT_AUTHOR_EMAIL": "p@example.org",
           "GIT_COMMITTER_NAME": "parent", "GIT_COMMITTER_EMAIL": "p@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, env=env,
                          check=False, timeout=60)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


GITIGNORE = ".*.lock\n.*.tmp\n"


@pytest.fixture
def clones(tmp_path: Path) -> tuple[Path, Path]:
    """A bare repository holding the plan, and two clones: the owner's and dad's."""
    if GIT is None:
        pytest.skip("git is not installed")
    hub = tmp_path / "hub.git"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(hub))
    mom, dad = tmp_path / "mom", tmp_path / "dad"
    _git(tmp_path, "clone", "-q", str(hub), str(mom))
    (mom / "sam.toml").write_text(MINIMAL_PLAN)
    (mom / ".gitignore").write_text(GITIGNORE)
    _git(mom, "add", "-A")
    _git(mom, "commit", "-q", "-m", "the plan")
    _git(mom, "push", "-q", "origin", "main")
    _git(tmp_path, "clone", "-q", str(hub), str(dad))
    return mom, dad


def _sync(clone: Path, how: str) -> None:
    """Commit what this parent recorded, take the other's, and push: never a conflict."""
    _git(clone, "add", "-A")
    if _git(clone, "status", "--porcelain"):
        _git(clone, "commit", "-q", "-m", "observations")
    _git(clone, "pull", "-q", "--no-rebase" if how == "merge" else "--rebase", "origin", "main")
    _git(clone, "push", "-q", "origin", "main")


def _same_record(cli, *folders: Path) -> None:
    reports = [_ok(cli("report", "--format", "json", "--as-of", AS_OF, "--plan",
                       f / "sam.toml")).stdout for f in folders]
    assert all(r == reports[0] for r in reports)
    for folder, author in zip(folders, ("owner", "dad"), strict=False):
        done = _ok(cli("verify", "--plan", folder / "sam.toml", "--author", author))
        assert "FAILED" not in done.stdout and done.stderr == ""


@pytest.mark.parametrize("how", ["merge", "rebase"])
def test_two_parents_share_the_record_through_git_without_a_conflict(cli, clones, how) -> None:
    mom, dad = clones
    sheet = mom.parent / "log-sheet.pdf"
    sheet.write_bytes(b"%PDF-1.4 the same sheet, sent to both parents")
    # in turns
    _log(cli, mom / "sam.toml", "speech", "-k", "visit", "-d", "2026-11-02")
    _sync(mom, how)
    _sync(dad, how)
    _log(cli, dad / "sam.toml", "-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-03",
         author="dad")
    _sync(dad, how)
    _sync(mom, how)
    _same_record(cli, mom, dad)
    # at the same time: both record, both commit, one pushes first, the other pulls and merges
    _log(cli, mom / "sam.toml", "speech", "-k", "service-log", "-d", "2026-11-04",
         "--attach", sheet)
    _log(cli, dad / "sam.toml", "speech", "-k", "service-log", "-d", "2026-11-04",
         "--attach", sheet, author="dad")
    _log(cli, dad / "sam.toml", "-k", "email-received", "--who", "ms-lee", "-d", "2026-11-05",
         "--reply-to", "1", author="dad")
    _log(cli, mom / "sam.toml", "extended-time", "-k", "interview", "-d", "2026-11-05",
         "-f", "not-implemented")
    for clone in (mom, dad):
        _git(clone, "add", "-A")
        _git(clone, "commit", "-q", "-m", "observations")
    _sync(mom, how)
    _sync(dad, how)  # dad's pull merges mom's commit: different files, the same evidence file
    _sync(mom, how)
    _same_record(cli, mom, dad)
    assert len(list((mom / "sam.evidence").iterdir())) == 1
    dads_view = _ok(cli("history", "--plan", dad / "sam.toml", "--author", "dad")).stdout
    assert "owner#1" in dads_view
    due = json.loads(_ok(cli("due", "--format", "json", "--as-of", AS_OF, "--plan",
                             mom / "sam.toml")).stdout)
    assert due["unanswered"] == []  # dad's reply answers dad's email
    assert _git(mom, "log", "--oneline", "--merges").count("\n") >= (1 if how == "merge" else 0)


def _copy_newer(source: Path, target: Path) -> None:
    """What a file-sync tool does: every file that is newer (or missing) on one side is
    copied to the other, times kept (`cp -p -u`)."""
    subprocess.run(["cp", "-pRu", f"{source}/.", str(target)], check=True, timeout=60)


def test_two_parents_share_the_record_through_a_synced_folder(cli, tmp_path) -> None:
    if shutil.which("cp") is None:
        pytest.skip("no cp")
    mom, dad = tmp_path / "mom", tmp_path / "dad"
    mom.mkdir()
    (mom / "sam.toml").write_text(MINIMAL_PLAN)
    dad.mkdir()
    _copy_newer(mom, dad)
    sheet = tmp_path / "sheet.pdf"
    sheet.write_bytes(b"%PDF-1.4 a sheet")
    for day in ("2026-11-02", "2026-11-09"):
        _log(cli, mom / "sam.toml", "speech", "-k", "visit", "-d", day, "--attach", sheet)
        _log(cli, dad / "sam.toml", "speech", "-k", "service-log", "-d", day, "--attach", sheet,
             author="dad")
        _copy_newer(mom, dad)
        _copy_newer(dad, mom)
        _same_record(cli, mom, dad)
    assert {p.name for p in mom.glob("*.json")} == {"sam.log.json", "sam.dad.log.json"}
    assert sorted(p.read_bytes() for p in mom.glob("*.log.json")) == sorted(
        p.read_bytes() for p in dad.glob("*.log.json"))


def test_a_log_that_is_gone_while_its_backups_remain_is_never_left_out(cli, sam) -> None:
    _log(cli, sam, "speech", "-k", "visit", "-d", "2026-11-02")
    _log(cli, sam, "speech", "-k", "visit", "-d", "2026-11-03")
    _log(cli, sam, "speech", "-k", "visit", "-d", "2026-11-04", author="dad")
    _log(cli, sam, "speech", "-k", "visit", "-d", "2026-11-05", author="dad")
    for name in ("sam.log.json", "sam.dad.log.json"):
        log = sam.with_name(name)
        log.unlink()
        for reader in ("owner", "dad", "mom"):
            done = _run(cli, sam, "report", "--as-of", AS_OF, author=reader)
            assert done.code == 2 and f"{name} is missing, but its backups" in done.stderr
        shutil.copy(max(sam.parent.glob(f"{name}.*.bak")), log)


def test_merge_copy_refuses_what_it_cannot_merge_and_writes_nothing(cli, sam) -> None:
    sheet = sam.with_name("sheet.pdf")
    sheet.write_bytes(b"%PDF-1.4 sheet")
    _log(cli, sam, "speech", "-k", "visit", "-d", "2026-11-02")
    log = sam.with_name("sam.log.json")
    laptop = log.read_bytes()
    _log(cli, sam, "speech", "-k", "service-log", "--attach", sheet)
    copy = sam.with_name("sam.log (conflicted copy 2027-01-05).json")
    copy.write_bytes(log.read_bytes())
    log.write_bytes(laptop)
    shutil.rmtree(sam.with_name("sam.evidence"))  # the sync has not brought it yet
    cases = [(copy, "attaches sheet.pdf, which is not in the evidence folder"),
             (sam.with_name("nothing.json"), "merge-copy: no file at"),
             (sam.with_name("damaged.json"), "damaged.json: line 1")]
    sam.with_name("damaged.json").write_text('{"format": "iepcheck-log", "version": 3, "entr')
    for path, says in cases:
        before = snapshot(log)
        done = _run(cli, sam, "merge-copy", path)
        assert done.code == 2 and says in done.stderr, done.stderr
        assert done.stderr.count("\n") == 1 and snapshot(log) == before


def test_settings_that_cannot_be_read_are_named(cli, sam) -> None:
    settings = Path(os.environ["XDG_CONFIG_HOME"]) / "iepcheck" / "config.toml"
    settings.parent.mkdir(parents=True)
    for text, says in (("author = dad\n", "not a settings file iepcheck can read"),
                       ("author = 3\n", "author must be text in quotes"),
                       ('author = "Dad"\n', "'Dad' cannot be an author's name")):
        settings.write_text(text)
        done = _run(cli, sam, "history")
        assert done.code == 2 and says in done.stderr and str(settings) in done.stderr


def test_a_thread_runs_across_logs_and_a_receipt_names_its_log(cli, sam) -> None:
    _log(cli, sam, "-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-02")
    _log(cli, sam, "-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-05",
         "--reply-to", "owner#1", author="dad")
    due = json.loads(_run(cli, sam, "due", "--format", "json", "--as-of", "2026-11-30").stdout)
    assert [(u["n"], u["thread"], u.get("author")) for u in due["unanswered"]] == [
        (1, [1, "dad#1"], None)]
    draft = _ok(_run(cli, sam, "draft-email", "ms-lee", "--as-of", AS_OF, author="dad")).stdout
    [receipt] = [line for line in draft.splitlines() if line.startswith("Log seal ")]
    assert receipt.startswith("Log seal dad#1 ")
    seal = receipt.split()[3]
    assert _run(cli, sam, "verify", "--receipt", f"dad#1:{seal}").code == 0
    wrong = _run(cli, sam, "verify", "--receipt", f"1:{seal}")
    assert wrong.code == 1 and "#1: the seal of #1 is not the one the receipt" in wrong.stdout
    unknown = _run(cli, sam, "verify", "--receipt", f"mom#1:{seal}")
    assert unknown.code == 1 and "verify FAILED: mom's log is missing" in unknown.stdout
