"""The red-team list, through the real entry point: each hostile input is refused with one
line, exit 2 and nothing written, or does what the docs say.

Cases already tested elsewhere are not repeated here; tests/redteam_table.py lists where
each one is (and counts them all). These fill the gaps: the attack reaching the command that
shows or writes it, not only the function that guards it.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import re
from email.message import EmailMessage
from pathlib import Path

import pytest

from iepcheck.store.logbook import backups_of, evidence_dir, read_log
from tests.conftest import AS_OF, MINIMAL_PLAN, write_plan
from tests.hostile import check_outcome, folder_state

ESC = "\x1b"
LEE = "Ms. Lee <lee@school.example.org>"


def _run(cli, folder: Path, *args: str, writes: bool = False):
    """Run a command and hold it to tests/hostile.py's rules."""
    before = folder_state(folder)
    done = cli(*args)
    check_outcome(done, [str(a) for a in args], before, folder_state(folder), writes=writes)
    return done


def _refused(cli, folder: Path, *args: str, says: str = ""):
    done = _run(cli, folder, *args)
    assert done.code == 2, (done.stdout, done.stderr)
    assert says in done.stderr, done.stderr
    return done


def _email(subject: str = "Extended time", body: str = "Yes.\n", message_id: str = "<r1@s.org>",
           date: str = "Tue, 10 Nov 2026 16:05:00 -0500", sender: str = LEE) -> bytes:
    message = EmailMessage()
    message["From"], message["To"] = sender, "Ana <ana@example.com>"
    message["Subject"], message["Date"] = "SUBJECT", date
    message["Message-ID"] = message_id
    message.set_content(body)
    return message.as_bytes().replace(b"Subject: SUBJECT", f"Subject: {subject}".encode())


def _mbox(*messages: bytes) -> bytes:
    return b"".join(b"From x@y Tue Nov 10 16:05:00 2026\n" + m.rstrip(b"\n") + b"\n\n"
                    for m in messages)


def _import(cli, plan: Path, path: Path, *args: str, writes: bool = True):
    return _run(cli, plan.parent, "import-email", path, *args, "--plan", plan, "--as-of", AS_OF,
                writes=writes)


# --- outputs and backups --------------------------------------------------------------------

@pytest.mark.parametrize("target", ["sam.log.json.2026-11-20.bak", "sam.evidence/x.eml",
                                    "sam.toml", ".sam.log.json.lock"])
def test_draft_email_record_never_writes_its_draft_onto_the_record(cli, plan_path,
                                                                   target) -> None:
    assert cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF).code == 0
    _refused(cli, plan_path.parent, "draft-email", "ms-lee", "--record", "-o",
             plan_path.parent / target, "--plan", plan_path, "--as-of", AS_OF,
             says="choose another file name")


def test_a_full_disk_during_a_mailbox_import_records_nothing_and_says_so(
        cli, plan_path, tmp_path, monkeypatch) -> None:
    """The mailbox is one locked write: when it fails, no message is recorded, the log and its
    folder are as they were, and the one line says so (and not "imported 2")."""
    from iepcheck.store import files as storage

    assert cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF).code == 0
    mbox = tmp_path / "term.mbox"
    mbox.write_bytes(_mbox(_email(message_id="<a@s.org>"), _email(message_id="<b@s.org>"),
                           _email(message_id="<c@s.org>", sender="p@elsewhere.example")))
    log = plan_path.with_name("sam.log.json")
    real = storage._atomic_write

    def full(path, payload, **kwargs):
        if Path(path).name == log.name:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, payload, **kwargs)

    monkeypatch.setattr(storage, "_atomic_write", full)
    before = log.read_bytes()
    done = cli("import-email", mbox, "--plan", plan_path, "--as-of", AS_OF)
    assert done.code == 2 and done.stdout == "", done
    [line] = done.stderr.splitlines()
    assert "No space left on device" in line and "none of the 2 messages was recorded" in line
    assert "imported 2" not in line
    assert log.read_bytes() == before and [e.n for e in read_log(log)] == [1]


def test_a_full_disk_while_keeping_an_original_records_nothing(cli, plan_path, tmp_path,
                                                               monkeypatch) -> None:
    from iepcheck.store import files as storage

    mbox = tmp_path / "term.mbox"
    mbox.write_bytes(_mbox(_email(message_id="<a@s.org>"), _email(message_id="<b@s.org>")))
    real = storage._atomic_write
    copies = []

    def full(path, payload, **kwargs):
        copies.append(path)
        if len(copies) == 2:  # the second original
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, payload, **kwargs)

    monkeypatch.setattr(storage, "_atomic_write", full)
    done = cli("import-email", mbox, "--plan", plan_path, "--as-of", AS_OF)
    assert done.code == 2 and done.stdout == "" and "none of the 2" in done.stderr, done
    assert not plan_path.with_name("sam.log.json").exists()


# --- damaged and hostile inputs -------------------------------------------------------------

def _plan_with(tmp_path: Path, old: str, new: str) -> Path:
    assert old in MINIMAL_PLAN
    return write_plan(tmp_path, "sam", MINIMAL_PLAN.replace(old, new, 1))


@pytest.mark.parametrize("args", [["calendar"], ["due", "--as-of", AS_OF],
                                  ["report", "--as-of", AS_OF], ["items"]],
                         ids=lambda a: a[0])
def test_year_9999_in_the_plan_is_one_line(cli, tmp_path, args) -> None:
    plan = _plan_with(tmp_path, "end = 2027-06-18", "end = 9999-12-31")
    _refused(cli, tmp_path, *args, "--plan", plan, says="outside the years 1900-2200")


@pytest.mark.parametrize("args", [
    ["due", "--as-of", "9999-12-31"],
    ["history", "--as-of", "0001-01-02", "--since", "3d ago"],
    ["report", "--as-of", "0001-01-04", "--since", "3d ago"],
    ["due", "--as-of", "0001-01-01", "--within", "3d"],
    ["log", "speech", "-k", "call", "--as-of", "0001-01-04", "--date", "3d ago"],
], ids=lambda a: " ".join(a))
def test_years_1_and_9999_on_the_command_line_are_one_line(cli, plan_path, args) -> None:
    _refused(cli, plan_path.parent, *args, "--plan", plan_path, says="outside the years")


@pytest.mark.parametrize("args", [["items"], ["report", "--as-of", AS_OF], ["calendar"],
                                  ["due", "--as-of", AS_OF]], ids=lambda a: a[0])
def test_a_student_name_of_only_spaces_is_one_line(cli, tmp_path, args) -> None:
    plan = _plan_with(tmp_path, 'name = "Sam Test"', 'name = " \\t "')
    _refused(cli, tmp_path, *args, "--plan", plan, says="student.name")
    plan = _plan_with(tmp_path, 'name = "Sam Test"', 'name = "   "')
    _refused(cli, tmp_path, *args, "--plan", plan, says="student.name: is empty or only spaces")


@pytest.mark.parametrize(("old", "new", "says"), [
    ('name = "Ms. Lee"', 'name = "Ms. Lee\\r\\nBcc: evil@x.example"', "staff[1].name"),
    ("[plan]", '[parent]\nname = "Ana\\nBcc: evil@x.example"\n\n[plan]', "parent.name"),
    ('email = "lee@school.example.org"', 'email = "lee@school.example.org, evil@y.example"',
     "staff[1].email: 'lee@school.example.org, evil@y.example' is not one email address"),
])
def test_draft_email_refuses_names_and_addresses_that_would_add_a_header(cli, tmp_path, old,
                                                                         new, says) -> None:
    plan = _plan_with(tmp_path, old, new)
    out = tmp_path / "lee.eml"
    _refused(cli, tmp_path, "draft-email", "ms-lee", "-o", out, "--record", "--plan", plan,
             "--as-of", AS_OF, says=says)
    assert not out.exists()


def test_a_student_name_with_a_line_break_never_reaches_the_calendar(cli, tmp_path) -> None:
    plan = _plan_with(tmp_path, 'name = "Sam Test"', 'name = "Sam\\r\\nATTACH:http://evil"')
    _refused(cli, tmp_path, "calendar", "--plan", plan, says="student.name")


@pytest.mark.parametrize("args", [
    ["log", "speech", "-k", "service-log", "--minutes", "99999999999999999999999"],
    ["add-item", "service", "Reading", "--minutes", "30", "--per", "week",
     "--times", str(2**64)],
    ["add-item", "service", "Reading", "--minutes", str(-2**63 - 1), "--per", "week"],
    ["log", "speech", "-k", "call", "--reply-to", str(2**64)],
    ["retract", str(2**64), "--reason", "x"],
    ["history", "--last", str(2**64)],
], ids=lambda a: " ".join(a[:2] + a[-2:-1]))
def test_integers_beyond_64_bits_are_one_line_or_handled(cli, plan_path, args) -> None:
    """Python's integers have no limit, but the plan's bounds and the log's entries do."""
    dated = ["--as-of", AS_OF] if args[0] in ("log", "retract") else []
    done = _run(cli, plan_path.parent, *args, *dated, "--plan", plan_path)
    if args[0] == "history":
        assert done.code == 0, done.stderr  # show at most all of them
    else:
        assert done.code == 2, done


def test_a_bom_and_nul_in_the_plan(cli, tmp_path) -> None:
    plan = tmp_path / "sam.toml"
    plan.write_bytes(b"\xef\xbb\xbf" + MINIMAL_PLAN.encode())
    assert _run(cli, tmp_path, "calendar", "--plan", plan).code == 0
    plan.write_bytes(MINIMAL_PLAN.encode().replace(b"Sam Test", b"Sam\x00Test"))
    _refused(cli, tmp_path, "items", "--plan", plan, says=str(plan))


# --- emails ---------------------------------------------------------------------------------

def _nested(depth: int) -> bytes:
    head = b"From: " + LEE.encode() + b"\nTo: a@b.example\nSubject: deep\n" \
        b"Date: Tue, 10 Nov 2026 16:05:00 -0500\nMessage-ID: <deep@s.org>\n"
    parts = b"".join(b"Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (i, i)
                     for i in range(depth))
    return head + parts + b"Content-Type: text/plain\n\nhello\n"


def test_a_message_nested_a_thousand_parts_deep(cli, plan_path, tmp_path) -> None:
    deep = tmp_path / "deep.eml"
    deep.write_bytes(_nested(1200))
    done = _import(cli, plan_path, deep)
    assert done.code == 2 and "nested too deeply" in done.stderr, done.stderr
    mbox = tmp_path / "term.mbox"
    mbox.write_bytes(_mbox(_nested(1200), _email()))
    done = _import(cli, plan_path, mbox)
    assert done.code == 1 and done.stdout.count("\n") == 1, done  # the good one is recorded
    assert "message 1" in done.stderr and "nested too deeply" in done.stderr


def test_a_message_id_line_in_a_body_does_not_make_a_later_message_a_duplicate(
        cli, plan_path, tmp_path) -> None:
    quoting = tmp_path / "a.eml"
    quoting.write_bytes(_email(message_id="<a@s.org>",
                               body="See below.\nMessage-ID: <b@s.org>\n"))
    later = tmp_path / "b.eml"
    later.write_bytes(_email(subject="Later", message_id="<b@s.org>", body="New.\n"))
    assert _import(cli, plan_path, quoting).code == 0
    done = _import(cli, plan_path, later)
    assert done.code == 0 and done.stdout.startswith("#2 "), done
    assert done.stderr == "imported 1, skipped 0 as already imported, refused 0\n"


def test_a_year_0001_date_in_a_single_message_is_one_line(cli, plan_path, tmp_path) -> None:
    old = tmp_path / "old.eml"
    old.write_bytes(_email().replace(b"10 Nov 2026", b"10 Nov 0001"))
    done = _import(cli, plan_path, old)
    assert done.code == 2 and "year 0001 is outside 1900–2200" in done.stderr


@pytest.mark.parametrize("where", ["subject", "body"])
def test_escapes_in_an_imported_email_are_shown_in_every_output(cli, plan_path, tmp_path,
                                                                where) -> None:
    attack = f"{ESC}]0;pwned\x07{ESC}[2J\x9b31m\u202eevil"
    raw = _email(subject="Hi " + attack if where == "subject" else "Hi",
                 body=f"Hello {attack}\n" if where == "body" else "Hello\n")
    eml = tmp_path / "reply.eml"
    eml.write_bytes(raw)
    assert _import(cli, plan_path, eml, "extended-time").code == 0
    folder = plan_path.parent
    for args in (["history"], ["history", "--format", "json"], ["timeline"],
                 ["timeline", "--format", "csv"], ["timeline", "--format", "html"],
                 ["report"], ["due"], ["verify"]):
        dated = ["--as-of", AS_OF] if args[0] in ("timeline", "report", "due") else []
        done = _run(cli, folder, *args, *dated, "--plan", plan_path)
        assert done.code == 0, (args, done.stderr)
    again = _import(cli, plan_path, eml)
    assert again.code == 0 and "skipped" in again.stderr  # the message line shows it inert


def test_csv_formulas_in_every_form_are_text_in_report_and_timeline(cli, tmp_path) -> None:
    attacks = ["=1+1", "+1", "@SUM(A1)", "-1", " =1", "\uff1dcmd", "\uff20x", "a\n=HYPERLINK(1)"]
    plan = write_plan(tmp_path, "sam", MINIMAL_PLAN.replace(
        'name = "Speech therapy"', 'name = "=HYPERLINK(\\"http://evil\\")"').replace(
        'name = "Extended time"', 'name = " \uff0bcmd"'))
    for attack in attacks:
        done = cli("log", "speech", "-k", "call", "--note", attack, "--who", attack,
                   "-d", "2026-11-02", "--plan", plan, "--as-of", AS_OF)
        assert done.code == 0, done.stderr
    report = _run(cli, tmp_path, "report", "--format", "csv", "--plan", plan, "--as-of", AS_OF)
    timeline = _run(cli, tmp_path, "timeline", "--format", "csv", "--plan", plan,
                    "--as-of", AS_OF)
    cells = [cell for done in (report, timeline)
             for row in csv.reader(io.StringIO(done.stdout)) for cell in row]
    formula = re.compile(r"^\s*[=+\-@\uff1d\uff0b\uff0d\uff20\t\r]")
    risky = [cell for cell in cells  # the rule: a cell any line of which starts a formula
             if any(formula.match(line) for line in cell.split("\n"))  # starts with '
             and not cell.startswith("'") and not re.fullmatch(r"-?\d+", cell)]
    assert not risky, risky
    assert "'=HYPERLINK(\"http://evil\")" in cells and "' \uff0bcmd" in cells


def test_markdown_links_and_images_in_a_note_are_text_in_the_timeline(cli, plan_path) -> None:
    note = "[click](javascript:alert(1)) ![x](http://evil/t.png) <http://evil> [a]: http://evil"
    assert cli("log", "speech", "-k", "call", "--note", note, "-d", "2026-11-02", "--plan",
               plan_path, "--as-of", AS_OF).code == 0
    page = _run(cli, plan_path.parent, "timeline", "--plan", plan_path, "--as-of", AS_OF).stdout
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(page)
    assert "<a " not in html and "<img" not in html and "javascript:" in html


# --- the log's version --------------------------------------------------------------------

def test_log_versions_below_one_and_above_this_ones_are_refused(cli, plan_path) -> None:
    from iepcheck.record.log_format import LOG_VERSION

    assert cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF).code == 0
    log = plan_path.with_name("sam.log.json")
    for version, says in ((0, "0 is not a log version"),
                          (LOG_VERSION + 1, f"this one reads up to {LOG_VERSION}"), (1, "")):
        log.write_bytes(re.sub(rb'"version": \d+', f'"version": {version}'.encode(),
                               log.read_bytes()))
        done = _run(cli, plan_path.parent, "verify", "--plan", plan_path)
        assert done.code == (0 if version == 1 else 2) and says in done.stderr, done


def test_verify_names_the_version_it_reads_in_its_refusal(cli, plan_path) -> None:
    assert cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF).code == 0
    log = plan_path.with_name("sam.log.json")
    from iepcheck.record.log_format import LOG_VERSION

    log.write_bytes(log.read_bytes().replace(b'"version": %d' % LOG_VERSION,
                                             b'"version": "%d"' % LOG_VERSION))
    done = _refused(cli, plan_path.parent, "verify", "--plan", plan_path)
    assert f"such as {LOG_VERSION}" in done.stderr


# --- tamper: what verify shows, and what only a backup or a receipt can -------------------

def _three(cli, plan_path) -> Path:
    for day in ("2026-11-02", "2026-11-03", "2026-11-04"):
        assert cli("log", "speech", "-k", "visit", "-d", day, "--note", f"seen {day}",
                   "--plan", plan_path, "--as-of", AS_OF).code == 0
    return plan_path.with_name("sam.log.json")


def _rewrite(log: Path, change, *, reseal: bool) -> None:
    from iepcheck.record.log_format import serialise_log
    from iepcheck.record.seal import chain

    entries = json.loads(log.read_bytes())["entries"]
    entries = change(entries)
    if reseal:
        for entry, value in list(chain(entries)):
            entry["hash"] = value
    log.write_bytes(serialise_log(entries))


def _edit(entries):
    entries[1]["note"] = "never happened"
    return entries


def _reorder(entries):
    entries[0], entries[1] = entries[1], entries[0]
    for position, entry in enumerate(entries, start=1):
        entry["n"] = position  # renumbered, as a careful forger would
    return entries


def _drop_last(entries):
    return entries[:-1]


def _strip(entries):
    for entry in entries:
        entry.pop("hash")
    return entries


TAMPER = {"edited": _edit, "reordered": _reorder, "last removed": _drop_last,
          "hashes stripped": _strip}


FORGERIES = [(tamper, reseal) for tamper in TAMPER for reseal in (False, True)
             if not (reseal and tamper == "hashes stripped")]


@pytest.mark.parametrize(("tamper", "reseal"), FORGERIES,
                         ids=[f"{t}{', resealed' * r}" for t, r in FORGERIES])
@pytest.mark.parametrize("witness", ["none", "backup", "receipt", "receipt in an email"])
def test_tampering_is_caught_when_anything_witnessed_the_log(cli, plan_path, tamper, reseal,
                                                            witness) -> None:
    """verify fails on every change the chain, a dated backup or a receipt can show. What
    none of them can: the last entry removed, or any change resealed from the top, with no
    backup and no receipt (docs: a receipt in someone else's mailbox is the defence)."""
    from iepcheck.record.seal import receipt_line

    log = _three(cli, plan_path)
    entries = json.loads(log.read_bytes())["entries"]
    receipt = []
    for backup in backups_of(log):
        if witness == "backup":  # the day's backup holds the log before the last write:
            backup.write_bytes(log.read_bytes())  # as it stands after a later day's first write
        else:
            backup.unlink()
    if witness == "receipt":
        receipt = ["--receipt", f"3:{entries[2]['hash'][:16]}"]
    elif witness == "receipt in an email":
        kept = evidence_dir(log)
        kept.mkdir(mode=0o700)
        (kept / ("0" * 64 + ".eml")).write_text(
            f"From: lee@school.example.org\n\n> {receipt_line(3, entries[2]['hash'])}\n")
    _rewrite(log, TAMPER[tamper], reseal=reseal)
    done = _run(cli, plan_path.parent, "verify", *receipt, "--plan", plan_path)
    undetectable = witness == "none" and (tamper == "last removed" or reseal)
    assert done.code == (0 if undetectable else 1), (done.stdout, done.stderr)
    assert done.stdout.splitlines()[-1].startswith("verify OK" if undetectable else "verify FAILED")


def test_a_receipt_for_an_entry_beyond_the_log_says_entries_were_removed(cli, plan_path) -> None:
    log = _three(cli, plan_path)
    head = json.loads(log.read_bytes())["entries"][2]["hash"]
    _rewrite(log, _drop_last, reseal=False)
    done = _run(cli, plan_path.parent, "verify", "--receipt", f"3:{head[:16]}",
                "--plan", plan_path)
    assert done.code == 1 and "entries were removed" in done.stdout


# --- the pure rules behind the fixes above --------------------------------------------------

def test_minutes_fit_in_the_days_an_entry_covers() -> None:
    from datetime import date

    from iepcheck.errors import UserError
    from iepcheck.record.drafts import EntryDraft, check_minutes

    day = date(2026, 11, 10)
    check_minutes(EntryDraft(kind="service-log", date=day, minutes=1440))
    check_minutes(EntryDraft(kind="service-log", date=day, covers_from=date(2026, 11, 1),
                             minutes=14400))
    for minutes, first in ((1441, None), (14401, date(2026, 11, 1)), (10**30, None)):
        with pytest.raises(UserError, match="--minutes: .* more than"):
            check_minutes(EntryDraft(kind="service-log", date=day, covers_from=first,
                                     minutes=minutes))


def test_a_message_id_with_8bit_bytes_is_text_that_can_be_sealed() -> None:
    from iepcheck.mail.importing import read_messages
    from iepcheck.record.seal import canonical

    raw = _email().replace(b"<r1@s.org>", b"<\x80r1@s.\xe9org>")
    [found] = read_messages(raw, "x.eml")
    assert found.message_id is not None and found.message_id.encode("utf-8")
    canonical({"message_id": found.message_id})  # no lone surrogate left to fail on


def test_last_beyond_what_fits_in_memory_is_everything() -> None:
    from types import SimpleNamespace

    from iepcheck.record.history import HistoryQuery, select

    entries = [SimpleNamespace(items=(), kind="visit", date=None, retracts=None, n=n)
               for n in (1, 2)]
    shown, _ = select(entries, HistoryQuery(last=2**64))  # type: ignore[arg-type]
    assert [e.n for e in shown] == [1, 2]


@pytest.mark.parametrize(("key", "value"), [
    ("note", "\ud800"), ("hash", "\u00e9\ud800"), ("hash", 7),
    ("attachments", [{"path": "sam.evidence/a\u0000b", "sha256": "0" * 64, "name": "x"}]),
], ids=["lone surrogate in a note", "non-hex seal", "seal not text", "NUL in a path"])
def test_values_no_iepcheck_writes_fail_verify_not_crash_it(cli, plan_path, key, value) -> None:
    log = _three(cli, plan_path)
    entries = json.loads(log.read_bytes())["entries"]
    entries[0][key] = value
    log.write_bytes(json.dumps({"format": "iepcheck-log", "version": 2, "entries": entries})
                    .encode())
    done = _run(cli, plan_path.parent, "verify", "--plan", plan_path)
    assert done.code == 1 and "#1" in done.stdout, done
    for args in (["history"], ["log", "speech", "-k", "visit", "--as-of", AS_OF]):
        _run(cli, plan_path.parent, *args, "--plan", plan_path, writes=True)


def test_a_seal_over_text_with_a_lone_surrogate_is_stable() -> None:
    from iepcheck.record.seal import canonical, seal

    assert canonical({"note": "é"}) == '{"note":"é"}'.encode()
    assert seal({"note": "\ud800"}, "") == seal({"note": "\ud800"}, "")
    assert seal({"n": 1}, "\u00e9") != seal({"n": 1}, "")


# --- round three: names that are not UTF-8, locales -----------------------------------------

LATIN1_NAMES = [b"scan-\xe9t\xe9.pdf", b"r\xe9ponse.eml", b"bo\xeete.mbox"]


def _latin1(folder: Path, name: bytes, payload: bytes) -> Path:
    import os

    path = Path(os.fsdecode(bytes(folder).rstrip(b"/") + b"/" + name))
    path.write_bytes(payload)
    return path


@pytest.mark.parametrize("name", LATIN1_NAMES, ids=lambda n: n.decode("latin-1"))
def test_a_file_name_that_is_not_utf8_never_locks_the_log(cli, plan_path, tmp_path,
                                                          name) -> None:
    """The name is kept as text with U+FFFD for each byte that is not UTF-8, and its own bytes
    beside it in hex: the log reads back, every command works on it, verify holds."""
    if name.endswith(b".pdf"):
        path = _latin1(tmp_path, name, b"%PDF-1.4 scan")
        args = ["log", "speech", "-k", "visit", "--attach", path]
    else:
        message = _email(message_id="<latin@s.org>")
        path = _latin1(tmp_path, name, _mbox(message) if name.endswith(b".mbox") else message)
        args = ["import-email", path]
    assert _run(cli, tmp_path, *args, "--plan", plan_path, "--as-of", AS_OF,
                writes=True).code == 0
    [entry] = read_log(plan_path.with_name("sam.log.json"))
    [kept] = entry.attachments
    kept_as = name.replace(b".mbox", b"-001.eml")  # a mailbox keeps each message apart
    assert kept.name == kept_as.decode("utf-8", "replace")
    assert bytes.fromhex(kept.name_bytes or "") == kept_as
    for command in (["history"], ["timeline"], ["report"], ["history", "--format", "json"]):
        done = _run(cli, tmp_path, *command, "--plan", plan_path, "--as-of", AS_OF)
        assert done.code == 0, done
    assert cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF).code == 0
    assert cli("verify", "--plan", plan_path).code == 0


def test_a_log_an_earlier_version_wrote_with_such_a_name_reads_unchanged(cli, plan_path,
                                                                         tmp_path) -> None:
    """Earlier versions wrote the name as a `\\udce9` escape, which pydantic's parser refuses:
    such a log reads again, byte for byte as it was, and its seals still hold."""
    path = _latin1(tmp_path, b"scan-\xe9t\xe9.pdf", b"%PDF-1.4 scan")
    assert cli("log", "speech", "-k", "visit", "--attach", path, "--plan", plan_path,
               "--as-of", AS_OF).code == 0
    log = plan_path.with_name("sam.log.json")
    lines = log.read_bytes().splitlines(keepends=True)
    entry = json.loads(lines[1])
    entry["attachments"][0]["name"] = "scan-\udce9t\udce9.pdf"
    del entry["attachments"][0]["name_bytes"]
    from iepcheck.record.seal import seal

    entry["hash"] = seal(entry, "")
    log.write_bytes(lines[0] + json.dumps(entry).encode() + b"\n" + b"".join(lines[2:]))
    before = log.read_bytes()
    assert b"\\udce9" in before
    assert _run(cli, tmp_path, "history", "--plan", plan_path, "--as-of", AS_OF).code == 0
    assert read_log(log)[0].attachments[0].name == "scan-\ufffdt\ufffd.pdf"
    assert cli("verify", "--plan", plan_path).code == 0
    assert cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF).code == 0
    assert log.read_bytes().startswith(before[: -len(b"\n]}\n")])
    assert cli("verify", "--plan", plan_path).code == 0


def test_a_plan_whose_name_is_not_utf8_refuses_an_attachment_before_writing(
        cli, tmp_path) -> None:
    plan = _latin1(tmp_path, b"r\xe9.toml", MINIMAL_PLAN.encode())
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4")
    _refused(cli, tmp_path, "log", "speech", "-k", "visit", "--attach", scan, "--plan", plan,
             "--as-of", AS_OF, says="is not UTF-8 text")


def _locales() -> list[dict[str, str]]:
    """Every locale the machine has, and a Latin-1 and an ASCII terminal whether it has
    them or not (PYTHONIOENCODING is what Python reads the locale's encoding into)."""
    import subprocess

    found = subprocess.run(["locale", "-a"], capture_output=True, text=True,
                           check=False).stdout.split() if _has("locale") else []
    return ([{"LC_ALL": name} for name in found]
            + [{"PYTHONIOENCODING": "latin-1"}, {"PYTHONIOENCODING": "ascii"}])


def _has(program: str) -> bool:
    import shutil

    return shutil.which(program) is not None


@pytest.mark.parametrize("env", _locales(), ids=lambda e: next(iter(e.values())))
def test_every_locale_prints_or_replaces_never_a_traceback(plan_path, tmp_path, env) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import run_process

    scan = _latin1(tmp_path, b"scan-\xe9t\xe9.pdf", b"%PDF-1.4")
    common = ["--plan", str(plan_path), "--as-of", AS_OF]
    assert run_process("log", "speech", "-k", "visit", "--note", "Ms. Lee — “late” …",
                       "--attach", str(scan), *common).code == 0
    for args in (["history"], ["timeline"], ["report"], ["due"], ["log", "nope", "-k", "x"]):
        done = subprocess.run([sys.executable, "-m", "iepcheck", *args, *common],
                              capture_output=True, check=False, timeout=120,
                              env={**os.environ, "NO_COLOR": "1", **env})
        stderr = done.stderr.decode("latin-1")
        assert "Traceback" not in stderr and done.returncode in (0, 2), (args, stderr)


# --- round three: encoded words in header-bound plan text -----------------------------------

BCC_WORD = "=?utf-8?q?Ms=2E_Lee=0D=0ABcc:_spy@evil.example?="


@pytest.mark.parametrize(("old", "new", "says"), [
    ('name = "Ms. Lee"', f'name = "{BCC_WORD}"', "staff[1].name"),
    ("[plan]", f'[parent]\nname = "{BCC_WORD}"\nemail = "ana@example.com"\n\n[plan]',
     "parent.name"),
    ('name = "Sam Test"', f'name = "{BCC_WORD.replace("Ms=2E_Lee", "Sam")}"', "student.name"),
    ('name = "Extended time"', 'name = "=?utf-8?b?WA0KQmNjOiBzcHlAZXZpbC5leGFtcGxl?="',
     "accommodations[1].name"),
], ids=["staff", "parent", "student", "item in a subject"])
@pytest.mark.parametrize("command", [["draft-email", "ms-lee"], ["letter", "meeting", "ms-lee"]],
                         ids=["draft-email", "letter"])
def test_an_encoded_word_in_plan_text_never_reaches_an_eml(cli, tmp_path, old, new, says,
                                                           command) -> None:
    plan = _plan_with(tmp_path, old, new)
    out = tmp_path / "lee.eml"
    _refused(cli, tmp_path, *command, "-o", out, "--plan", plan, "--as-of", AS_OF,
             says=f"{says}: contains '=?")
    assert not out.exists()


@pytest.mark.parametrize("name", [BCC_WORD, "Ms. Lee\r\nBcc: spy@evil.example",
                                  "=?utf-8?b?TXMuIExlZQ0KQmNjOiBzcHlAZXZpbC5leGFtcGxl?="])
def test_every_generated_header_block_holds_only_the_headers_set(name) -> None:
    """Whatever the email package does while folding (3.11.7 decodes an encoded word), the
    draft is checked: a header nobody set stops it, on every Python version."""
    from datetime import UTC, datetime

    from iepcheck.errors import UserError
    from iepcheck.render import eml

    to = [eml.mailbox(name, "lee@school.example.org", "ms-lee's email")]
    written = datetime(2026, 11, 20, tzinfo=UTC)
    try:
        raw, _ = eml.compose(to, [], None, "Weekly check-in", "Hello.\n", written)
    except UserError as refused:
        assert "a header it was not given" in str(refused)
    else:
        from email import message_from_bytes

        assert message_from_bytes(raw).get_all("Bcc") is None
    forged = b"To: a@b.example\r\nBcc: spy@evil.example\r\nSubject: x\r\n\r\nbody\r\n"
    with pytest.raises(UserError, match=r"\(bcc\)"):
        eml.check_headers(forged, ["To", "Subject"])


# --- round three: receipts in replies, however the mail client kept them --------------------

def _reply_quoting(receipt: str, form: str) -> tuple[str, bytes]:
    """A reply from the school quoting a letter's receipt, as a mail client saves it."""
    message = EmailMessage()
    message["From"], message["To"] = LEE, "Ana <ana@example.com>"
    message["Subject"], message["Date"] = "Re: meeting", "Tue, 10 Nov 2026 16:05:00 -0500"
    message["Message-ID"] = f"<reply-{form.replace(' ', '-')}@s.org>"
    words = receipt.split(" (")[0]
    if form.startswith("html"):
        quoted = words.replace(" ", "&nbsp;")
        message.set_content(f"<div>Received.</div><blockquote>{quoted}<br>(lets anyone check)"
                            "</blockquote>", subtype="html", cte="base64"
                            if form == "html base64" else "quoted-printable")
    else:
        body = f"Received, thanks.\n\n> On Monday Ana wrote:\n> {words}\n> (lets anyone)\n"
        if form == "wrapped":
            head, _, digits = words.rpartition(" ")
            body = f"Received.\n\n> {head}\n> {digits}\n"
        message.set_content(body, cte={"base64": "base64", "txt": "8bit",
                                       "mbox": "quoted-printable"}.get(form, "quoted-printable"))
    raw = message.as_bytes()
    if form == "mbox":
        return "term.mbox", _mbox(raw)
    return ("reply.txt" if form == "txt" else "reply.eml"), raw


@pytest.mark.parametrize("form", ["quoted-printable", "base64", "html base64",
                                  "html quoted-printable", "txt", "mbox", "wrapped"])
def test_a_receipt_quoted_in_a_reply_catches_a_resealed_log_in_any_encoding(
        cli, plan_path, tmp_path, form) -> None:
    from iepcheck.record.seal import receipt_line

    log = _three(cli, plan_path)
    entries = json.loads(log.read_bytes())["entries"]
    name, raw = _reply_quoting(receipt_line(3, entries[2]["hash"]), form)
    (tmp_path / name).write_bytes(raw)
    done = _import(cli, plan_path, tmp_path / name)
    assert done.code == 0, done
    assert _run(cli, tmp_path, "verify", "--plan", plan_path).code == 0
    for backup in backups_of(log):
        backup.unlink()
    kept = json.loads(log.read_bytes())["entries"]
    _rewrite(log, lambda e: _edit(e[:3]) + e[3:], reseal=True)
    assert json.loads(log.read_bytes())["entries"][2]["hash"] != kept[2]["hash"]
    done = _run(cli, tmp_path, "verify", "--plan", plan_path)
    assert done.code == 1, (done.stdout, done.stderr)
    assert "receipt in" in done.stdout and "verify FAILED" in done.stdout


# --- round three: outputs onto special files, writes that race a sync tool -----------------

def _special(tmp_path: Path, kind: str, name: str = "out.txt") -> Path:
    import os

    path = tmp_path / name
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link to a device":
        path.symlink_to("/dev/null")
    elif kind == "link to a fifo":
        os.mkfifo(tmp_path / "pipe")
        path.symlink_to(tmp_path / "pipe")
    else:
        return Path("/dev/null")
    return path


@pytest.mark.parametrize("kind", ["device", "fifo", "link to a device", "link to a fifo"])
@pytest.mark.parametrize("args", [["report", "--as-of", AS_OF], ["timeline", "--as-of", AS_OF],
                                  ["draft-email", "ms-lee", "--record", "--as-of", AS_OF],
                                  ["calendar"], ["bundle", "--as-of", AS_OF]],
                         ids=lambda a: a[0])
def test_an_output_onto_a_device_pipe_or_link_to_one_is_refused(cli, plan_path, tmp_path,
                                                                kind, args) -> None:
    import stat

    assert cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF).code == 0
    target = _special(tmp_path, kind, "out.zip" if args[0] == "bundle" else "out.txt")
    _refused(cli, tmp_path, *args, "-o", target, "--plan", plan_path,
             says="does not end in .zip" if target.suffix != ".zip" and args[0] == "bundle"
             else "not a regular file")
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    assert len(read_log(plan_path.with_name("sam.log.json"))) == 1


def test_a_write_that_lands_during_the_fsync_stops_the_write(cli, plan_path,
                                                             monkeypatch) -> None:
    """A sync tool writing the log while iepcheck's copy is synced: iepcheck stops with one
    line and the sync tool's bytes stand (they are not overwritten)."""
    import os

    from iepcheck.store import files as storage

    assert cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF).code == 0
    log = plan_path.with_name("sam.log.json")
    real = os.fsync
    landed = []

    def sync_tool_writes(fd: int) -> None:
        real(fd)
        synced_file = os.readlink(f"/proc/self/fd/{fd}")
        if not landed and re.fullmatch(r"\.sam\.log\.json\.\w{8}\.tmp",
                                       Path(synced_file).name):
            landed.append(True)
            log.write_bytes(log.read_bytes() + b" ")  # what the sync tool put there

    monkeypatch.setattr(storage.os, "fsync", sync_tool_writes)
    done = cli("log", "speech", "-k", "visit", "-d", "2026-11-19", "--plan", plan_path,
               "--as-of", AS_OF)
    monkeypatch.setattr(storage.os, "fsync", real)
    synced = log.read_bytes()
    assert landed and done.code == 2, done
    assert "changed while iepcheck was writing it" in done.stderr, done
    assert len(done.stderr.splitlines()) == 1 and synced.endswith(b"]}\n ")
    assert not [p for p in log.parent.iterdir() if p.name.endswith(".tmp")]


# --- round three: a Message-ID repeated with other content ----------------------------------

def test_a_different_email_with_a_known_message_id_is_recorded_with_a_warning(
        cli, plan_path, tmp_path) -> None:
    """Same Message-ID, other content (a collision, or a spoof): recorded, with a warning
    naming the earlier entry, never skipped as "already imported". The same message again,
    byte for byte or as another client exported it, is still skipped."""
    first, spoof = tmp_path / "first.eml", tmp_path / "spoof.eml"
    first.write_bytes(_email(body="Yes, extended time was given.\n"))
    spoof.write_bytes(_email(body="No. We will not give extended time.\n"))
    assert _import(cli, plan_path, first).code == 0
    done = _import(cli, plan_path, spoof)
    assert done.code == 0, done
    assert "its Message-ID is that of #1, but its content differs" in done.stderr
    assert "recorded as #2" in done.stderr and "imported 1, skipped 0" in done.stderr
    re_export = tmp_path / "again.eml"
    re_export.write_bytes(b"X-Mailer: another client\n" + first.read_bytes())
    for again in (first, spoof, re_export):
        done = _import(cli, plan_path, again)
        assert "imported 0, skipped 1" in done.stderr and "warning" not in done.stderr, done
    assert [e.n for e in read_log(plan_path.with_name("sam.log.json"))] == [1, 2]


# --- round three: a clock far off, the chart library's folder, long names in a bundle ------

@pytest.mark.parametrize("year", [1899, 2263])
@pytest.mark.parametrize("args", [["log", "speech", "-k", "visit"], ["bundle", "-o", "b.zip"],
                                  ["report"], ["draft-email", "ms-lee", "--record"]],
                         ids=lambda a: a[0])
def test_a_clock_outside_1900_to_2200_is_one_line_and_writes_nothing(
        cli, plan_path, monkeypatch, year, args) -> None:
    from datetime import datetime

    from iepcheck.cli import options

    assert cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF).code == 0

    far_off = datetime(year, 6, 1, 12).astimezone()
    monkeypatch.setattr(options, "clock", lambda: options.believable(far_off))
    args = [a if a != "b.zip" else str(plan_path.with_name("b.zip")) for a in args]
    _refused(cli, plan_path.parent, *args, "--plan", plan_path, says=f"clock says {year}")


def test_the_chart_library_folder_is_private_under_umask_000(plan_path, tmp_path) -> None:
    import os
    import stat
    import subprocess
    import sys

    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "MPLCONFIGDIR"}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_CACHE_HOME=str(home / ".cache"), NO_COLOR="1")
    out = tmp_path / "report.html"
    script = ("import os, sys; os.umask(0); from iepcheck.cli import main; "
              "main(sys.argv[1:])")
    done = subprocess.run([sys.executable, "-c", script, "report", "--format", "html", "-o",
                           str(out), "--plan", str(plan_path), "--as-of", AS_OF], env=env,
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    for root, dirs, _ in os.walk(home):
        for name in dirs:
            mode = stat.S_IMODE((Path(root) / name).stat().st_mode)
            assert not mode & 0o077, (Path(root) / name, oct(mode))


def test_bundle_entry_names_fit_in_255_bytes(cli, plan_path, tmp_path) -> None:
    import zipfile

    scan = tmp_path / ("報告書" * 27 + "報告.pdf")  # 253 bytes: the most a disk holds
    scan.write_bytes(b"%PDF-1.4")
    assert cli("log", "speech", "-k", "visit", "--attach", scan, "--plan", plan_path,
               "--as-of", AS_OF).code == 0
    out = tmp_path / "b.zip"
    assert _run(cli, tmp_path, "bundle", "-o", out, "--plan", plan_path, "--as-of", AS_OF,
                writes=True).code == 0
    names = zipfile.ZipFile(out).namelist()
    assert any(name.endswith(".pdf") for name in names)
    for name in names:
        assert all(len(part.encode()) <= 255 for part in name.split("/")), name
        assert len(name.encode()) <= 1024


def test_merge_copy_shows_a_copys_name_with_its_escapes_never_sends_them(cli, plan_path) -> None:
    import shutil

    assert cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF).code == 0
    log = plan_path.with_name("sam.log.json")
    copy = log.with_name(f"sam.log (conflicted copy {ESC}]0;owned{ESC}\\ 2026-11-20).json")
    shutil.copy(log, copy)
    done = _run(cli, plan_path.parent, "merge-copy", copy, "--plan", plan_path, writes=True)
    assert done.code == 0 and "merged 0 entries" in done.stderr, done


# --- round three: scratch files never outlive their command --------------------------------

def test_a_killed_bundle_leaves_no_copy_once_the_next_write_runs(cli, plan_path,
                                                                 tmp_path) -> None:
    """A write killed mid-way leaves `.NAME.<random>.tmp` (here made by hand, as kill -9
    would leave it): the next write of that output removes it; one being written (locked by
    its writer) is kept."""
    import fcntl
    import os

    assert cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF).code == 0
    out = tmp_path / "b.zip"
    left = tmp_path / ".b.zip.abcd1234.tmp"
    live = tmp_path / ".b.zip.live5678.tmp"
    left.write_bytes(b"PK a whole copy of the bundle")
    live.write_bytes(b"PK being written")
    fd = os.open(live, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        assert cli("bundle", "-o", out, "--plan", plan_path, "--as-of", AS_OF).code == 0
    finally:
        os.close(fd)
    assert out.exists() and not left.exists() and live.exists()


def test_a_mailbox_import_keeps_no_scratch_in_tmpdir_and_clears_a_killed_ones(
        cli, plan_path, tmp_path, monkeypatch) -> None:
    import os
    import stat

    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmpdir))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    evidence = plan_path.with_name("sam.evidence")
    evidence.mkdir(mode=0o700)
    killed = evidence / ".iepcheck-scratch-dead0001"  # what kill -9 mid-import leaves
    killed.mkdir()
    (killed / "term-001.eml").write_bytes(_email())
    seen = []
    from iepcheck.store import scratch as storage

    real = storage.scratch_file

    def watch(folder, name, payload):
        path = real(folder, name, payload)
        seen.append((folder, stat.S_IMODE(folder.stat().st_mode),
                     stat.S_IMODE(path.stat().st_mode)))
        return path

    monkeypatch.setattr(storage, "scratch_file", watch)
    mbox = tmp_path / "term.mbox"
    mbox.write_bytes(_mbox(_email(message_id="<a@s.org>"), _email(message_id="<b@s.org>")))
    old = os.umask(0)
    try:
        done = cli("import-email", mbox, "--plan", plan_path, "--as-of", AS_OF)
    finally:
        os.umask(old)
    assert done.code == 0, done
    assert list(tmpdir.iterdir()) == []
    assert seen and all(f.parent == evidence and d == 0o700 and m == 0o600
                        for f, d, m in seen)
    assert not [p for p in evidence.iterdir() if p.name.startswith(".")]


def test_a_full_tmpdir_does_not_stop_a_mailbox_import(cli, plan_path, tmp_path,
                                                      monkeypatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path / "no-such-folder"))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    mbox = tmp_path / "term.mbox"
    mbox.write_bytes(_mbox(_email(message_id="<a@s.org>"), _email(message_id="<b@s.org>")))
    done = _import(cli, plan_path, mbox)
    assert done.code == 0 and "imported 2" in done.stderr, done


def test_draft_email_record_on_a_full_disk_leaves_no_draft_and_one_line(
        cli, plan_path, tmp_path, monkeypatch) -> None:
    from iepcheck.store import files as storage

    assert cli("log", "speech", "-k", "visit", "--plan", plan_path, "--as-of", AS_OF).code == 0
    log = plan_path.with_name("sam.log.json")
    real = storage._atomic_write

    def full(path, payload, **kwargs):
        if Path(path).name == log.name:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, payload, **kwargs)

    monkeypatch.setattr(storage, "_atomic_write", full)
    out = tmp_path / "lee.eml"
    before = log.read_bytes()
    done = cli("draft-email", "ms-lee", "--record", "-o", out, "--plan", plan_path,
               "--as-of", AS_OF)
    assert done.code == 2 and done.stdout == "", done
    [line] = done.stderr.splitlines()
    assert "No space left on device" in line and "was removed again" in line
    assert not out.exists() and log.read_bytes() == before


# --- round three: receipts name their record ------------------------------------------------

PLAN_ID = "1b4e28ba-2fa1-41d2-883f-0016d3cca427"
SIBLING_ID = "6fa459ea-ee8a-4ca4-894e-db77e160355e"


def test_a_siblings_receipt_in_an_email_kept_in_both_records_is_no_false_alarm(
        cli, tmp_path) -> None:
    """Sam's and Mia's plans carry ids; an email quoting Mia's letter's receipt is imported
    into both records. Sam's untouched record verifies OK; Mia's forged one still fails."""
    from iepcheck.record.seal import receipt_line, record_tag

    sam_dir, mia_dir = tmp_path / "sam", tmp_path / "mia"
    sam_dir.mkdir(), mia_dir.mkdir()
    sam = _plan_with(sam_dir, "[plan]", f'[plan]\nid = "{PLAN_ID}"')
    mia = _plan_with(mia_dir, "[plan]", f'[plan]\nid = "{SIBLING_ID}"')
    _three(cli, sam)
    mia_log = _three(cli, mia)
    cli("log", "speech", "-k", "visit", "-d", "2026-11-05", "--plan", mia, "--as-of", AS_OF)
    letter = cli("letter", "meeting-request", "ms-lee", "--plan", mia, "--as-of", AS_OF).stdout
    head = json.loads(mia_log.read_bytes())["entries"][3]["hash"]
    assert receipt_line(4, head, record=record_tag(SIBLING_ID)) in letter
    reply = tmp_path / "reply.eml"
    reply.write_bytes(_email(body="Got it.\n\n> " + receipt_line(
        4, head, record=record_tag(SIBLING_ID)) + "\n"))
    for plan in (sam, mia):
        assert _import(cli, plan, reply).code == 0
    assert _run(cli, sam_dir, "verify", "--plan", sam).code == 0
    assert _run(cli, mia_dir, "verify", "--plan", mia).code == 0
    for backup in backups_of(mia_log):
        backup.unlink()
    _rewrite(mia_log, lambda e: _edit(e[:4]) + e[4:], reseal=True)
    done = _run(cli, mia_dir, "verify", "--plan", mia)
    assert done.code == 1 and "receipt in" in done.stdout, done


def test_a_receipt_drafted_on_a_conflict_copy_is_no_false_alarm(cli, plan_path) -> None:
    """Two machines wrote the same log: the copy's #4 was drafted and sent with its receipt.
    Until merge-copy, that receipt is the copy's: noted, not a failure of the log."""
    import shutil

    from iepcheck.record.seal import receipt_line

    log = _three(cli, plan_path)
    copy = log.with_name("sam.log (conflicted copy 2026-11-20).json")
    shutil.copy(log, copy)
    assert cli("log", "speech", "-k", "visit", "-d", "2026-11-05", "--note", "laptop",
               "--log", copy, "--plan", plan_path, "--as-of", AS_OF).code == 0
    assert cli("log", "speech", "-k", "visit", "-d", "2026-11-06", "--note", "phone",
               "--plan", plan_path, "--as-of", AS_OF).code == 0
    head = json.loads(copy.read_bytes())["entries"][3]["hash"]
    kept = evidence_dir(log)
    kept.mkdir(mode=0o700, exist_ok=True)
    (kept / ("1" * 64 + ".eml")).write_text(
        f"From: lee@school.example.org\n\n> {receipt_line(4, head)}\n")
    done = _run(cli, plan_path.parent, "verify", "--plan", plan_path)
    assert done.code == 0, (done.stdout, done.stderr)
    assert "conflict copy" in done.stderr


# --- round four: no false alarm from a merged copy, an old receipt or a sibling's ----------

def _conflict_with_receipt(cli, plan_path) -> tuple[Path, Path, str]:
    """The owner's log forked by a sync tool: the copy's #4 (written on the laptop) was
    sent with its receipt, kept in the evidence folder; the log's #4 was written elsewhere."""
    import shutil

    from iepcheck.record.seal import receipt_line

    log = _three(cli, plan_path)
    copy = log.with_name("sam.log (conflicted copy 2026-11-20).json")
    shutil.copy(log, copy)
    assert cli("log", "speech", "-k", "visit", "-d", "2026-11-05", "--note", "laptop",
               "--log", copy, "--plan", plan_path, "--as-of", AS_OF).code == 0
    assert cli("log", "speech", "-k", "visit", "-d", "2026-11-06", "--note", "phone",
               "--plan", plan_path, "--as-of", AS_OF).code == 0
    head = json.loads(copy.read_bytes())["entries"][3]["hash"]
    kept = evidence_dir(log)
    kept.mkdir(mode=0o700, exist_ok=True)
    (kept / ("1" * 64 + ".eml")).write_text(
        f"From: lee@school.example.org\n\n> {receipt_line(4, head)}\n")
    return log, copy, head


def test_a_receipt_of_a_merged_copy_is_no_false_alarm_once_the_copy_is_deleted(
        cli, plan_path) -> None:
    """The documented recovery: merge-copy, then delete the copy. The receipt drafted on the
    copy stays vouched for (merge-copy kept the copy in the evidence folder); an edit of
    the merged entry, resealed, still fails."""
    log, copy, _ = _conflict_with_receipt(cli, plan_path)
    merged = _run(cli, plan_path.parent, "merge-copy", copy, "--plan", plan_path, writes=True)
    assert merged.code == 0, merged
    copy.unlink()
    done = _run(cli, plan_path.parent, "verify", "--plan", plan_path)
    assert done.code == 0, (done.stdout, done.stderr)
    assert "merged into it" in done.stderr and "verify OK: 5 entries" in done.stdout
    again = _run(cli, plan_path.parent, "merge-copy", next(evidence_dir(log).glob("*.json")),
                 "--plan", plan_path, writes=True)
    assert "merged 0 entries" in again.stderr, again
    assert len(list(evidence_dir(log).glob("*.json"))) == 1
    for backup in backups_of(log):
        backup.unlink()

    def forge(entries):
        entries[4]["note"] = "never happened"
        return entries

    _rewrite(log, forge, reseal=True)
    done = _run(cli, plan_path.parent, "verify", "--plan", plan_path)
    assert done.code == 1 and "receipt in" in done.stdout, (done.stdout, done.stderr)


def test_an_edit_of_the_log_is_never_excused_by_a_copy_beside_it(cli, plan_path) -> None:
    """A forger who keeps the original beside the rewritten log as a 'conflict copy': the
    copy holds the receipt, but the log holds its entry #2 differently: verify fails."""
    import shutil

    from iepcheck.record.seal import receipt_line

    log = _three(cli, plan_path)
    head = json.loads(log.read_bytes())["entries"][2]["hash"]
    kept = evidence_dir(log)
    kept.mkdir(mode=0o700)
    (kept / ("2" * 64 + ".eml")).write_text(f"> {receipt_line(3, head)}\n")
    shutil.copy(log, log.with_name("sam.log (conflicted copy 2026-11-20).json"))
    for backup in backups_of(log):
        backup.unlink()
    _rewrite(log, _edit, reseal=True)
    done = _run(cli, plan_path.parent, "verify", "--plan", plan_path)
    assert done.code == 1 and "receipt in" in done.stdout, (done.stdout, done.stderr)


def _siblings(cli, tmp_path) -> tuple[Path, Path, Path]:
    sam_dir, mia_dir = tmp_path / "sam", tmp_path / "mia"
    sam_dir.mkdir(), mia_dir.mkdir()
    sam = _plan_with(sam_dir, "[plan]", f'[plan]\nid = "{PLAN_ID}"')
    mia = _plan_with(mia_dir, "[plan]", f'[plan]\nid = "{SIBLING_ID}"')
    _three(cli, sam)
    return sam, mia, _three(cli, mia)


def test_an_old_receipt_naming_no_record_matches_its_own_and_is_no_alarm_in_a_siblings(
        cli, tmp_path) -> None:
    """A receipt drafted before receipts named their record, quoted in a reply imported
    into both children's records: Mia's (whose it is) matches; Sam's untouched record says
    whose it is, one note, and verifies OK; Mia's log rewritten still fails."""
    from iepcheck.record.seal import receipt_line

    sam, mia, mia_log = _siblings(cli, tmp_path)
    head = json.loads(mia_log.read_bytes())["entries"][2]["hash"]
    reply = tmp_path / "reply.eml"
    reply.write_bytes(_email(body=f"Got it.\n\n> {receipt_line(3, head)}\n"))
    for plan in (sam, mia):
        assert _import(cli, plan, reply).code == 0
    done = _run(cli, sam.parent, "verify", "--plan", sam)
    assert done.code == 0, (done.stdout, done.stderr)
    assert "belongs to another record (mia/sam.log.json)" in done.stderr
    done = _run(cli, mia.parent, "verify", "--plan", mia)
    assert done.code == 0 and "belongs" not in done.stderr, (done.stdout, done.stderr)
    for backup in backups_of(mia_log):
        backup.unlink()
    _rewrite(mia_log, _edit, reseal=True)
    done = _run(cli, mia.parent, "verify", "--plan", mia)
    assert done.code == 1 and "receipt in" in done.stdout, (done.stdout, done.stderr)


def test_a_siblings_receipt_is_said_to_be_the_siblings(cli, tmp_path) -> None:
    """Quoted in an email kept in this record: one note naming the record it belongs to.
    Pasted to --receipt: one line, exit 2, naming it; nothing is called tampering."""
    from iepcheck.record.seal import receipt_line, record_tag

    sam, mia, mia_log = _siblings(cli, tmp_path)
    line = receipt_line(3, json.loads(mia_log.read_bytes())["entries"][2]["hash"],
                        record=record_tag(SIBLING_ID))
    reply = tmp_path / "reply.eml"
    reply.write_bytes(_email(body=f"Got it.\n\n> {line}\n"))
    assert _import(cli, sam, reply).code == 0
    done = _run(cli, sam.parent, "verify", "--plan", sam)
    assert done.code == 0 and "belongs to record 6fa459ea" in done.stderr, done
    done = _refused(cli, sam.parent, "verify", "--receipt", line.split(" (")[0], "--plan", sam,
                    says="this receipt belongs to record 6fa459ea, not this one (1b4e28ba)")
    assert "FAILED" not in done.stdout
    assert _run(cli, mia.parent, "verify", "--receipt", line, "--plan", mia).code == 0


# --- round four: Message-IDs inside one mailbox, a second author's entry named as its own --

def test_two_different_messages_with_one_message_id_in_one_mailbox_are_both_recorded(
        cli, plan_path, tmp_path) -> None:
    """Inside one mailbox as across imports: other content under a known Message-ID is
    recorded with a warning naming the first; the same message twice is one message."""
    first = _email(body="Yes, extended time was given.\n")
    spoof = _email(body="No. We will not give extended time.\n")
    again = b"X-Folder: Archive\n" + first
    mbox = tmp_path / "term.mbox"
    mbox.write_bytes(_mbox(first, spoof, again))
    done = _import(cli, plan_path, mbox)
    assert done.code == 0, done
    assert ("its Message-ID is that of message 1 of this file (#1), but its content differs"
            in done.stderr), done.stderr
    assert "recorded as #2" in done.stderr
    assert "skipped 1 message already imported" in done.stderr  # message 3: one summary line
    assert done.stderr.splitlines()[-1] == "imported 2, skipped 1 as already imported, refused 0"
    assert [e.n for e in read_log(plan_path.with_name("sam.log.json"))] == [1, 2]
    again_done = _import(cli, plan_path, mbox)
    assert "imported 0, skipped 3" in again_done.stderr, again_done


def test_a_message_already_in_a_second_authors_log_is_named_by_its_own_reference(
        cli, plan_path, tmp_path, monkeypatch) -> None:
    """Dad imported the reply; the owner imports it too: skipped as dad#1, never '#1'
    (the owner's #1 is another entry)."""
    reply = tmp_path / "reply.eml"
    reply.write_bytes(_email())
    assert cli("log", "speech", "-k", "visit", "-d", "2026-11-02", "--plan", plan_path,
               "--as-of", AS_OF).code == 0
    monkeypatch.setenv("IEPCHECK_AUTHOR", "dad")
    assert _import(cli, plan_path, reply).code == 0
    monkeypatch.delenv("IEPCHECK_AUTHOR")
    done = _import(cli, plan_path, reply)
    assert "already imported as dad#1 (same Message-ID)" in done.stderr, done.stderr
    again = tmp_path / "copy.eml"
    again.write_bytes(reply.read_bytes())
    done = _import(cli, plan_path, again)
    assert "already imported as dad#1 (same" in done.stderr, done.stderr


def test_the_original_planted_as_another_record_excuses_no_rewrite(cli, tmp_path) -> None:
    """A forger rewrites Sam's log and plants its original in a folder beside, as if a
    sibling's: the old receipt (naming no record) still fails Sam's log, since that log
    shares Sam's entries and so is no other record's."""
    import shutil

    from iepcheck.record.seal import receipt_line

    (tmp_path / "sam").mkdir()
    sam = _plan_with(tmp_path / "sam", "[plan]", f'[plan]\nid = "{PLAN_ID}"')
    log = _three(cli, sam)
    head = json.loads(log.read_bytes())["entries"][2]["hash"]
    reply = tmp_path / "reply.eml"
    reply.write_bytes(_email(body=f"Got it.\n\n> {receipt_line(3, head)}\n"))
    assert _import(cli, sam, reply).code == 0
    (tmp_path / "planted").mkdir()
    shutil.copy(log, tmp_path / "planted" / "mia.log.json")
    for backup in backups_of(log):
        backup.unlink()
    _rewrite(log, _edit, reseal=True)
    done = _run(cli, sam.parent, "verify", "--plan", sam)
    assert done.code == 1 and "receipt in" in done.stdout, (done.stdout, done.stderr)
    assert "names no record" in done.stderr


def test_a_bundle_of_a_record_holding_a_siblings_receipt_says_verify_ok(cli, tmp_path) -> None:
    """The bundle's own verify reads the receipt the same way `verify` does."""
    import zipfile

    from iepcheck.record.seal import receipt_line, record_tag

    sam, _, mia_log = _siblings(cli, tmp_path)
    line = receipt_line(3, json.loads(mia_log.read_bytes())["entries"][2]["hash"],
                        record=record_tag(SIBLING_ID))
    reply = tmp_path / "reply.eml"
    reply.write_bytes(_email(body=f"Got it.\n\n> {line}\n"))
    assert _import(cli, sam, reply).code == 0
    out = tmp_path / "sam.zip"
    done = _run(cli, tmp_path, "bundle", "-o", out, "--plan", sam, "--as-of", AS_OF,
                writes=True)
    assert done.code == 0, done
    with zipfile.ZipFile(out) as bundle:
        text = "\n".join(bundle.read(n).decode("utf-8", "replace") for n in bundle.namelist()
                         if n.endswith((".txt", ".md", ".html")))
    assert "verify OK" in text and "verify FAILED" not in text, text[:2000]
