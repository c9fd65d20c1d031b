"""Attachments: original documents copied into the evidence folder by content ."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from iepcheck.errors import UserError
from iepcheck.store.attachments import file_sha256, store, stored_name
from iepcheck.store.logbook import evidence_dir, read_log
from tests.conftest import AS_OF, snapshot


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    path = tmp_path / "inbox" / "Service Log Oct.PDF"
    path.parent.mkdir()
    path.write_bytes(b"%PDF-1.4 October speech sessions: 5 held, 3 cancelled\n")
    return path


def test_store_copies_by_content_and_records_a_path_relative_to_the_log(tmp_path, letter):
    folder = tmp_path / "sam.evidence"
    record = store(letter, folder, tmp_path)
    sha = file_sha256(letter)
    assert record == {
        "path": f"sam.evidence/{sha}.pdf",
        "sha256": sha,
        "name": "Service Log Oct.PDF",
    }
    assert (tmp_path / record["path"]).read_bytes() == letter.read_bytes()


def test_the_same_file_twice_is_stored_once(tmp_path, letter):
    folder = tmp_path / "sam.evidence"
    first = store(letter, folder, tmp_path)
    again = store(shutil.copy(letter, tmp_path / "copy.pdf"), folder, tmp_path)
    assert first["path"] == again["path"]
    assert len(list(folder.iterdir())) == 1


def test_folder_is_0700_and_files_0600_whatever_the_umask(tmp_path, letter):
    old = os.umask(0o000)
    try:
        record = store(letter, tmp_path / "sam.evidence", tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "sam.evidence").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / record["path"]).stat().st_mode) == 0o600


def test_a_damaged_copy_is_replaced_by_a_good_one(tmp_path, letter):
    folder = tmp_path / "sam.evidence"
    record = store(letter, folder, tmp_path)
    (tmp_path / record["path"]).write_bytes(b"truncated")
    store(letter, folder, tmp_path)
    assert file_sha256(tmp_path / record["path"]) == record["sha256"]


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("a.PDF", "abc.pdf"),
        ("no-extension", "abc"),
        ("weird.ext with space", "abc"),
        ("archive.tar.gz", "abc.gz"),
        ("toolong.extension123", "abc"),
    ],
)
def test_stored_names_keep_a_plain_extension(original, expected):
    assert stored_name("abc", original) == expected


def test_store_refuses_a_missing_file(tmp_path):
    with pytest.raises(UserError, match="--attach: no file at"):
        store(tmp_path / "nope.pdf", tmp_path / "e", tmp_path)
    assert not (tmp_path / "e").exists()


def test_attach_then_move_the_original_and_verify_passes(cli, plan_path, letter, tmp_path):
    done = cli(
        "log",
        "speech",
        "-k",
        "service-log",
        "--minutes",
        "30",
        "--attach",
        letter,
        "--plan",
        plan_path,
        "--as-of",
        AS_OF,
    )
    assert done.code == 0, done.stderr
    letter.rename(tmp_path / "moved.pdf")
    (tmp_path / "moved.pdf").unlink()
    entry = read_log(plan_path.with_name("sam.log.json"))[0]
    assert entry.attachments[0].name == "Service Log Oct.PDF"
    assert (plan_path.parent / entry.attachments[0].path).exists()
    check = cli("verify", "--plan", plan_path)
    assert check.code == 0, check.stdout + check.stderr
    assert check.stdout.startswith("verify OK: 1 entry in order")
    assert "1 attachment unchanged" in check.stdout


def test_the_log_and_its_folder_can_move_together(cli, plan_path, letter, tmp_path):
    cli(
        "log",
        "speech",
        "-k",
        "service-log",
        "--attach",
        letter,
        "--plan",
        plan_path,
        "--as-of",
        AS_OF,
    )
    moved = tmp_path / "elsewhere"
    shutil.copytree(plan_path.parent, moved, ignore=shutil.ignore_patterns("elsewhere"))
    shutil.rmtree(evidence_dir(plan_path.with_name("sam.log.json")))
    check = cli("verify", "--plan", moved / "sam.toml")
    assert check.code == 0, check.stdout
    assert "1 attachment unchanged" in check.stdout


def test_attaching_a_missing_file_writes_nothing(cli, plan_path, tmp_path):
    log = plan_path.with_name("sam.log.json")
    before = snapshot(log)
    done = cli(
        "log",
        "speech",
        "-k",
        "visit",
        "--attach",
        tmp_path / "gone.pdf",
        "--plan",
        plan_path,
        "--as-of",
        AS_OF,
    )
    assert done.code == 2 and len(done.stderr.strip().splitlines()) == 1
    assert snapshot(log) == before
    assert not evidence_dir(log).exists()
