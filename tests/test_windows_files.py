"""Files a Windows editor saved: CRLF line ends and a UTF-8 byte order mark read the same as
the file saved on Linux or macOS, for every kind of text file iepcheck reads (docs/storage.md,
"Files saved on Windows")."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

import pytest

from iepcheck.store.logbook import read_log
from tests import school_logs
from tests.conftest import AS_OF, MINIMAL_PLAN

BOM = b"\xef\xbb\xbf"


def windows(raw: bytes, *, bom: bool = True) -> bytes:
    """The bytes as Notepad saves them: every line end CRLF, a byte order mark first."""
    crlf = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return (BOM if bom else b"") + crlf


def _email(message_id: str = "<r1@s.org>", body: str = "Yes, extended time was given.\n",
           subject: str = "Extended time") -> bytes:
    message = EmailMessage()
    message["From"], message["To"] = "Ms. Lee <lee@school.example.org>", "Ana <ana@example.com>"
    message["Subject"], message["Date"] = subject, "Tue, 10 Nov 2026 16:05:00 -0500"
    message["Message-ID"] = message_id
    message.set_content(body)
    return message.as_bytes()


def _mbox(*messages: bytes) -> bytes:
    return b"".join(b"From x@y Tue Nov 10 16:05:00 2026\n" + m.rstrip(b"\n") + b"\n\n"
                    for m in messages)


def _entries(log: Path) -> list[tuple[object, ...]]:
    """What a log says, without what differs between two runs (ids, times, seals, paths)."""
    return [(e.n, e.date, e.kind, e.items, e.finding, e.minutes, e.who, e.note, e.message_id)
            for e in read_log(log)]


@pytest.mark.parametrize("bom", [True, False], ids=["crlf and bom", "crlf"])
def test_a_plan_saved_on_windows_reads_and_an_append_keeps_its_line_ends(
        cli, tmp_path, bom) -> None:
    unix, win = tmp_path / "unix", tmp_path / "win"
    unix.mkdir(), win.mkdir()
    (unix / "sam.toml").write_text(MINIMAL_PLAN)
    (win / "sam.toml").write_bytes(windows(MINIMAL_PLAN.encode(), bom=bom))
    shown = [cli("items", "--plan", folder / "sam.toml") for folder in (unix, win)]
    assert shown[0].code == 0 and shown[0] == shown[1], shown
    for folder in (unix, win):
        done = cli("add-item", "service", "Occupational therapy", "--id", "ot",
                   "--minutes", "30", "--times", "1", "--per", "week", "--plan",
                   folder / "sam.toml")
        assert done.code == 0, done
        done = cli("add-item", "break", "Winter break", "--from", "2026-12-21", "--to",
                   "2027-01-01", "--plan", folder / "sam.toml")
        assert done.code == 0, done
    after = (win / "sam.toml").read_bytes()
    assert after.startswith(BOM) == bom
    assert b"\n" not in after.replace(b"\r\n", b""), "a line end other than CRLF was written"
    assert after.replace(b"\r\n", b"\n").removeprefix(BOM) == (unix / "sam.toml").read_bytes()


@pytest.mark.parametrize("suffix", [".eml", ".txt", ".mbox"])
def test_an_email_saved_on_windows_imports_as_the_same_entry(cli, tmp_path, suffix) -> None:
    entries = []
    for name, transform in (("unix", lambda b: b), ("win", windows)):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "sam.toml").write_text(MINIMAL_PLAN)
        raw = _mbox(_email(), _email("<r2@s.org>", "Second.\n")) if suffix == ".mbox" \
            else _email()
        saved = folder / f"reply{suffix}"
        saved.write_bytes(transform(raw))
        done = cli("import-email", saved, "--plan", folder / "sam.toml", "--as-of", AS_OF)
        assert done.code == 0, (name, done)
        entries.append(_entries(folder / "sam.log.json"))
    assert entries[0] == entries[1] and entries[0], entries


def test_a_school_log_saved_on_windows_imports_as_the_same_rows(cli, tmp_path) -> None:
    entries = []
    for name, transform in (("unix", lambda b: b.removeprefix(BOM).replace(b"\r\n", b"\n")),
                            ("win", windows)):
        folder = tmp_path / name
        folder.mkdir()
        plan = folder / "robin.toml"
        plan.write_text(school_logs.PLAN)
        export = school_logs.samegoal_csv(folder)
        export.write_bytes(transform(export.read_bytes()))
        done = cli("import-log", export, "--plan", plan, "--as-of", AS_OF)
        assert done.code == 1 and "imported 17" in done.stderr, (name, done)
        entries.append([(e.date, e.kind, e.items, e.minutes, e.note,
                         e.school_row.row if e.school_row else None)
                        for e in read_log(folder / "robin.log.json")])
    assert entries[0] == entries[1]


def test_a_log_saved_on_windows_reads_verifies_and_takes_the_next_entry(
        cli, plan_path) -> None:
    for day in ("2026-11-02", "2026-11-03"):
        assert cli("log", "speech", "-k", "visit", "-d", day, "--plan", plan_path,
                   "--as-of", AS_OF).code == 0
    log = plan_path.with_name("sam.log.json")
    before = _entries(log)
    log.write_bytes(windows(log.read_bytes()))
    assert cli("history", "--plan", plan_path).code == 0
    done = cli("verify", "--plan", plan_path)
    assert done.code == 0, done
    assert cli("log", "speech", "-k", "visit", "-d", "2026-11-04", "--plan", plan_path,
               "--as-of", AS_OF).code == 0
    assert _entries(log)[:2] == before and len(_entries(log)) == 3
    assert cli("verify", "--plan", plan_path).code == 0


def test_settings_saved_on_windows_read(cli, plan_path, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert cli("config", "author", "dad").code == 0
    settings = tmp_path / "config" / "iepcheck" / "config.toml"
    settings.write_bytes(windows(settings.read_bytes()))
    done = cli("config", "author")
    assert done.code == 0 and "dad" in done.stdout, done
    assert cli("log", "speech", "-k", "visit", "-d", "2026-11-02", "--plan", plan_path,
               "--as-of", AS_OF).code == 0
    assert plan_path.with_name("sam.dad.log.json").exists()
    assert json.loads(plan_path.with_name("sam.dad.log.json").read_bytes())["entries"]
