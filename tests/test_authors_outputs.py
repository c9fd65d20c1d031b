"""Two parents keep one record (docs/authors.md): what letters, the bundle and verify say
once a second author's log is real. Every citation is the entry's own reference (`#3` in
the owner's log, `dad#3` in dad's); the bundle checks every author's log; a copied log is
counted once.

The record, built through `iepcheck log` (the letters' plan of tests/test_letters.py):

| ref | date | entry |
|---|---|---|
| #1 | Wed 4 Nov | speech service-log, 30 min (owner) |
| #2 | Fri 13 Nov | extended-time interview, not-implemented, "No extra time" (owner) |
| dad#1 | Tue 10 Nov | speech not-implemented, 30 min, provider-absent, "Out sick" (dad) |
| dad#2 | Thu 12 Nov | email-sent to Ms. Lee about extended-time, "Extra time?" (dad) |

Dad's email of 12 Nov, reply within 3 school days (13, 16, 17 Nov), is 3 days overdue on
20 Nov. No owner entry #2 is an email, so a letter that cited dad's email as `#2` would
name the owner's interview.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from iepcheck.store.logbook import read_log
from tests.conftest import write_plan
from tests.test_letters import LETTER_PLAN

AS_OF = "2026-11-20"
FOLDER = f"iepcheck-bundle-{AS_OF}"


@pytest.fixture
def sam(tmp_path: Path) -> Path:
    return write_plan(tmp_path, "sam", LETTER_PLAN)


def _log(cli, plan: Path, *args: str, author: str | None = None) -> None:
    done = cli("log", *args, "--plan", plan, "--as-of", AS_OF,
               *(("--author", author) if author else ()))
    assert done.code == 0, done.stderr


@pytest.fixture
def two_authors(cli, sam: Path) -> Path:
    _log(cli, sam, "speech", "-k", "service-log", "-d", "2026-11-04", "--minutes", "30")
    _log(cli, sam, "extended-time", "-k", "interview", "-f", "not-implemented",
         "-d", "2026-11-13", "--note", "No extra time")
    _log(cli, sam, "speech", "-k", "service-log", "-d", "2026-11-10", "-f", "not-implemented",
         "--reason", "provider-absent", "--minutes", "30", "--note", "Out sick", author="dad")
    _log(cli, sam, "extended-time", "-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-12",
         "--note", "Extra time?", author="dad")
    return sam


def _letter(cli, plan: Path, *args: str) -> str:
    done = cli("letter", *args, "--plan", plan, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    return done.stdout


def test_letters_cite_each_entry_by_its_own_reference(cli, two_authors) -> None:
    facts = _letter(cli, two_authors, "complaint-facts")
    assert "not provided on 13 Nov 2026 (#2, interview: “No extra time”)" in facts
    assert "not provided on 10 Nov 2026 (dad#1, service-log: 30 min" in facts
    assert ("- 12 Nov 2026 (dad#2): I emailed Ms. Lee, 4th grade teacher: “Extra time?”. "
            "No reply is recorded; 3 days overdue as of 20 Nov 2026.") in facts
    assert "(#1, service-log" not in facts or "4 Nov 2026 (#1" in facts
    escalation = _letter(cli, two_authors, "escalation", "ms-lee")
    assert "12 Nov 2026 (dad#2), about extended time on tests: “Extra time?”" in escalation
    assert "(#2)" not in escalation
    meeting = _letter(cli, two_authors, "meeting-request")
    assert "(dad#1, service-log" in meeting and "(#2, interview" in meeting


def test_the_same_letter_reads_the_same_whoever_drafts_it(cli, two_authors,
                                                           monkeypatch) -> None:
    owners = _letter(cli, two_authors, "complaint-facts")
    monkeypatch.setenv("IEPCHECK_AUTHOR", "dad")
    assert _letter(cli, two_authors, "complaint-facts") == owners


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {i.filename.removeprefix(f"{FOLDER}/"): archive.read(i)
                for i in archive.infolist()}


@pytest.fixture
def attached(cli, sam: Path) -> Path:
    sheet = sam.with_name("sheet.pdf")
    sheet.write_bytes(b"%PDF-1.4 owner's sheet")
    _log(cli, sam, "speech", "-k", "service-log", "-d", "2026-11-04", "--minutes", "30",
         "--attach", sheet)
    note = sam.with_name("note.pdf")
    note.write_bytes(b"%PDF-1.4 dad's note")
    _log(cli, sam, "speech", "-k", "service-log", "-d", "2026-11-05", "--minutes", "30",
         "--attach", note, author="dad")
    return sam


def test_the_bundle_names_originals_by_their_entrys_reference(cli, attached) -> None:
    out = attached.with_name("b.zip")
    done = cli("bundle", "-o", out, "--plan", attached, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    found = _members(out)
    assert found["evidence/0001-sheet.pdf"] == b"%PDF-1.4 owner's sheet"
    assert found["evidence/dad#0001-note.pdf"] == b"%PDF-1.4 dad's note"
    manifest = json.loads(found["manifest.json"])
    whats = {f["name"]: f["what"] for f in manifest["files"]}
    assert whats["evidence/dad#0001-note.pdf"].startswith("the original attached to dad#1 ")
    assert "verify OK: every author's log (2 logs)" in done.stderr


def test_a_second_author_bundles_the_originals_of_the_shared_evidence_folder(
        cli, attached, monkeypatch) -> None:
    monkeypatch.setenv("IEPCHECK_AUTHOR", "dad")
    out = attached.with_name("b.zip")
    done = cli("bundle", "-o", out, "--plan", attached, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    assert "not in the evidence folder" not in done.stderr
    found = _members(out)
    assert {"evidence/0001-sheet.pdf", "evidence/dad#0001-note.pdf"} <= found.keys()
    assert not attached.with_name("sam.dad.evidence").exists()


def test_the_bundle_fails_when_any_authors_log_was_altered(cli, attached) -> None:
    dads = attached.with_name("sam.dad.log.json")
    dads.write_text(dads.read_text().replace("2026-11-05", "2026-11-06"))
    assert cli("verify", "--plan", attached).code == 1
    out = attached.with_name("b.zip")
    done = cli("bundle", "-o", out, "--plan", attached, "--as-of", AS_OF)
    assert done.code == 1
    assert "verify FAILED: dad's log (sam.dad.log.json)" in done.stderr
    assert "dad#1: its seal does not match" in done.stderr
    verify = _members(out)["verify.txt"].decode()
    assert "sam.log.json (owner's log): verify OK" in verify
    assert "verify FAILED: dad's log (sam.dad.log.json)" in verify
    assert json.loads(_members(out)["manifest.json"])["verify"]["ok"] is False


def test_a_receipt_naming_a_log_that_is_gone_fails_verify(cli, two_authors) -> None:
    dads = two_authors.with_name("sam.dad.log.json")
    last = read_log(dads)[-1]
    dads.unlink()
    done = cli("verify", "--plan", two_authors, "--receipt", f"dad#{last.n}:{last.hash[:16]}")
    assert done.code == 1, done.stderr
    assert "verify FAILED: dad's log is missing" in done.stdout
    assert "Traceback" not in done.stderr


def test_a_copy_of_the_owners_log_under_another_name_is_counted_once(cli, sam) -> None:
    _log(cli, sam, "speech", "-k", "service-log", "-d", "2026-11-04", "--minutes", "30")
    _log(cli, sam, "speech", "-k", "service-log", "-d", "2026-11-05", "--minutes", "30")
    alone = json.loads(cli("report", "--format", "json", "--plan", sam,
                           "--as-of", AS_OF).stdout)
    sam.with_name("sam.dad.log.json").write_bytes(sam.with_name("sam.log.json").read_bytes())
    done = cli("report", "--format", "json", "--plan", sam, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    assert json.loads(done.stdout) == alone
    assert "2 entries of dad's log repeat owner's word for word" in done.stderr
    assert done.stderr.count("warning") == 1


def test_a_letter_is_signed_with_its_authors_own_name(cli, two_authors, monkeypatch) -> None:
    owners = _letter(cli, two_authors, "meeting-request")
    assert "Kind regards,\nAna Rivera\n" in owners
    done = cli("config", "name", "Ben Park")
    assert done.code == 0, done.stderr
    assert "name = Ben Park" in cli("config").stdout
    monkeypatch.setenv("IEPCHECK_AUTHOR", "dad")
    bens = _letter(cli, two_authors, "meeting-request")
    assert "Kind regards,\nBen Park\n" in bens and "Ana Rivera" not in bens
    out = two_authors.with_name("check-in.eml")
    draft = cli("draft-email", "ms-lee", "-o", out, "--plan", two_authors, "--as-of", AS_OF)
    assert draft.code == 0, draft.stderr
    raw = out.read_bytes().decode()
    assert "Ben Park" in raw and "ana@example.com" not in raw
    assert cli("config", "name", "").code == 0
    assert "Kind regards,\nAna Rivera\n" in _letter(cli, two_authors, "meeting-request")


def test_a_signing_name_on_two_lines_is_refused(cli) -> None:
    done = cli("config", "name", "Ben\nPark\x1b[31m")
    assert done.code == 2 and "cannot sign a letter" in done.stderr


def test_a_cloned_record_is_made_private_again_when_read(cli, attached) -> None:
    import stat

    logs = [attached.with_name("sam.log.json"), attached.with_name("sam.dad.log.json")]
    evidence = attached.with_name("sam.evidence")
    for path in (*logs, *evidence.iterdir()):
        path.chmod(0o644)  # as git checks them out
    evidence.chmod(0o755)
    attached.chmod(0o644)
    done = cli("report", "--plan", attached, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    assert done.stderr.count("private again") == 1
    assert "made 5 record files private again" in done.stderr
    assert {stat.S_IMODE(p.stat().st_mode) for p in (*logs, *evidence.iterdir())} == {0o600}
    assert stat.S_IMODE(evidence.stat().st_mode) == 0o700
    assert stat.S_IMODE(attached.stat().st_mode) == 0o644  # the plan is the user's to share
    assert "private again" not in cli("report", "--plan", attached, "--as-of", AS_OF).stderr


@pytest.mark.parametrize("form", ["csv", "markdown", "html"])
def test_the_chronology_shows_a_range_service_log_as_its_range(cli, sam, form) -> None:
    done = cli("log", "speech", "-k", "service-log", "--from", "2026-11-02", "--to",
               "2026-11-13", "--minutes", "90", "--plan", sam, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    shown = cli("timeline", "--format", form, "--plan", sam, "--as-of", AS_OF)
    assert shown.code == 0, shown.stderr
    assert "2026-11-02 to 2026-11-13" in shown.stdout


def test_a_meeting_request_cites_every_goal_behind_with_its_measurements(cli, tmp_path) -> None:
    """Fluency: baseline 60 on 1 Sep 2026, target 90 on 28 Jun 2027 (300 days). The
    school's report on 2 Nov (62 days in) says 62, where the line expects 60 + 30 × 62/300 =
    66.2, more than a tenth of the way (3) below: behind, the verdict of record. Dad's own
    probe on 3 Nov (63) is cited among the measurements, by its own reference."""
    from tests.test_cli_goals import WORKED_PLAN

    plan = write_plan(tmp_path, "ada", WORKED_PLAN)
    _log(cli, plan, "fluency=62", "-k", "progress-report", "-d", "2026-11-02",
         "--who", "mrs-patel")
    _log(cli, plan, "fluency=63", "-k", "note", "-d", "2026-11-03", "--note", "probe",
         author="dad")
    done = cli("letter", "meeting-request", "--plan", plan, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    assert ("Annual goal “Reads a grade-level passage at 90 words correct per minute” "
            "(fluency): behind. The line from the baseline, 60 wcpm on 1 Sep 2026, to the "
            "target, 90 wcpm by 28 Jun 2027, expects 66.2 wcpm on 2 Nov 2026; measured: "
            "62 wcpm on 2 Nov 2026 (#1, progress-report); 63 wcpm on 3 Nov 2026 (dad#1, note)."
            ) in " ".join(done.stdout.split())
