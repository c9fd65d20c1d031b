"""`iepcheck bundle`: what goes in, names safe to unzip, the same log gives the same bytes,
and every refusal is one line with nothing written (docs/bundle.md)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import stat
import zipfile
from datetime import date
from pathlib import Path

import pytest

from iepcheck.render.bundle import BundleFile, Checked, assemble, zip_bytes, zip_time
from iepcheck.render.bundle_originals import Original, original_files, original_names, safe_name
from tests.conftest import ROOT, snapshot

AS_OF = "2026-11-28"
FOLDER = f"iepcheck-bundle-{AS_OF}"
CHECKED = Checked(ok=True, lines=("verify OK: 1 entry",), entries=1, seal="ab" * 32)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example plan, log and evidence folder, copied whole."""
    for name in ("plan.toml", "plan.log.json"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    shutil.copytree(ROOT / "examples" / "plan.evidence", tmp_path / "plan.evidence")
    return tmp_path / "plan.toml"


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {i.filename.removeprefix(f"{FOLDER}/"): archive.read(i) for i in archive.infolist()}


# --- the pure part ------------------------------------------------------------------------------

@pytest.mark.parametrize(("given", "expected"), [
    ("scan.pdf", "scan.pdf"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\me\\notes.txt", "notes.txt"),
    (".bashrc", "bashrc"),
    ("bad\x1b[2Jname\u202e.txt", "bad_[2Jname_.txt"),
    ('a<b>c:d"e|f?g*h.txt', "a_b_c_d_e_f_g_h.txt"),
    ("trailing. ", "trailing"),
    ("", "file"), ("..", "file"),
    ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
])
def test_safe_name(given: str, expected: str) -> None:
    assert safe_name(given) == expected


def test_originals_are_named_by_entry_and_never_collide() -> None:
    day = date(2026, 11, 2)
    found = [Original(3, day, "scan.pdf", "e/1.pdf", "1" * 64),
             Original(3, day, "SCAN.pdf", "e/2.pdf", "2" * 64),
             Original(3, day, "README", "e/3", "3" * 64),
             Original(3, day, "readme", "e/4", "4" * 64),
             Original(12, day, "scan.pdf", "e/1.pdf", "1" * 64)]
    assert original_names(found) == [
        "evidence/0003-scan.pdf", "evidence/0003-SCAN-2.pdf", "evidence/0003-README",
        "evidence/0003-readme-2", "evidence/0012-scan.pdf"]


def test_a_missing_or_changed_original_is_said_so() -> None:
    data = b"the signed page"
    found = [Original(1, date(2026, 11, 2), "a.pdf", "e/a.pdf", hashlib.sha256(data).hexdigest()),
             Original(2, date(2026, 11, 3), "b.pdf", "e/b.pdf", "0" * 64),
             Original(3, date(2026, 11, 4), "c.pdf", "e/c.pdf", "0" * 64)]
    files, notes = original_files(found, {"e/a.pdf": data, "e/b.pdf": b"changed", "e/c.pdf": None})
    assert [f.name for f in files] == ["evidence/0001-a.pdf", "evidence/0002-b.pdf"]
    assert "differs from the one the log recorded" in files[1].what
    assert notes == [
        ("#2: b.pdf differs from the file recorded (its SHA-256 does not match the log); "
        "included as it is now"),
        "#3: c.pdf is not in the evidence folder (e/c.pdf); it is not in this bundle"]


def test_zip_dates_stay_within_the_zip_format() -> None:
    assert zip_time(date(2026, 11, 28)) == (2026, 11, 28, 0, 0, 0)
    assert zip_time(date(1950, 6, 1)) == (1980, 1, 1, 0, 0, 0)
    assert zip_time(date(2150, 6, 1)) == (2107, 1, 1, 0, 0, 0)


def test_the_zip_is_sorted_private_dated_and_the_same_every_time() -> None:
    files = assemble([BundleFile("report.html", b"<p>r</p>", "the report"),
                      BundleFile("charts/speech.svg", b"<svg/>", "a chart")],
                     {"student": "Sam <Test>", "as_of": AS_OF}, CHECKED, [])
    first = zip_bytes(files, "b", date(2026, 11, 28))
    assert first == zip_bytes(list(reversed(files)), "b", date(2026, 11, 28))
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {i.date_time for i in infos} == {(2026, 11, 28, 0, 0, 0)}
        assert {stat.S_IMODE(i.external_attr >> 16) for i in infos} == {0o600}
        sums = archive.read("b/SHA256SUMS").decode()
        manifest = json.loads(archive.read("b/manifest.json"))
        readme = archive.read("b/README.html").decode()
    listed = {line.split("  ")[1]: line.split("  ")[0] for line in sums.splitlines()}
    assert set(listed) == {"README.html", "charts/speech.svg", "manifest.json", "report.html",
                           "verify.txt"}
    for file in files:
        if file.name != "SHA256SUMS":
            assert listed[file.name] == hashlib.sha256(file.data).hexdigest()
    assert {f["name"] for f in manifest["files"]} == set(listed) - {"manifest.json"}
    assert manifest["verify"] == {"ok": True, "summary": "verify OK: 1 entry", "entries": 1,
                                  "seal": "ab" * 32}
    assert "Sam &lt;Test&gt;" in readme and "<Test>" not in readme
    for name in listed:
        assert name in readme


# --- the command --------------------------------------------------------------------------------

def test_bundle_holds_the_report_the_chronology_the_originals_and_the_proof(cli, example) -> None:
    out = example.parent / "maya-2026-11-28.zip"
    done = cli("bundle", "-o", out, "--plan", example, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    assert done.stdout == ""
    assert f"wrote {out}: " in done.stderr and "verify OK" in done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    found = members(out)
    assert {"README.html", "SHA256SUMS", "manifest.json", "verify.txt", "report.html",
            "report.csv", "report.json", "chronology.html", "chronology.csv",
            "charts/speech.svg", "evidence/0002-speech-log-october.txt"} <= set(found)
    original = (ROOT / "examples" / "originals" / "speech-log-october.txt").read_bytes()
    assert found["evidence/0002-speech-log-october.txt"] == original
    same = cli("report", "--format", "json", "--plan", example, "--as-of", AS_OF).stdout
    assert json.loads(found["report.json"]) == json.loads(same)
    chronology = cli("timeline", "--format", "csv", "--plan", example, "--as-of", AS_OF).stdout
    assert found["chronology.csv"].decode() == chronology
    page = found["report.html"].decode()
    assert page.count("<svg ") == 4 + 2  # a chart per service with minutes, one per goal and "Service minutes week by week" in page
    log = json.loads((example.parent / "plan.log.json").read_text())["entries"]
    verify = found["verify.txt"].decode()
    assert f"Seal head: entry #{len(log)}, seal {log[-1]['hash']}" in verify


def test_bundling_twice_gives_the_same_bytes(cli, example) -> None:
    first, second = example.parent / "a.zip", example.parent / "b.zip"
    for out in (first, second):
        assert cli("bundle", "-o", out, "--plan", example, "--as-of", AS_OF).code == 0
    assert first.read_bytes() == second.read_bytes()


def test_since_and_until_choose_the_entries_and_originals(cli, example) -> None:
    out = example.parent / "nov.zip"
    assert cli("bundle", "-o", out, "--since", "2026-11-01", "--plan", example,
               "--as-of", AS_OF).code == 0
    found = members(out)
    assert not [name for name in found if name.startswith("evidence/")]  # #2 is 30 Oct
    assert "2026-10-30" not in found["chronology.csv"].decode()


@pytest.mark.parametrize("name", ["maya.tar", "maya", "maya.zip.html"])
def test_an_output_not_ending_in_zip_is_refused(cli, example, name: str) -> None:
    out = example.parent / name
    done = cli("bundle", "-o", out, "--plan", example, "--as-of", AS_OF)
    assert done.code == 2 and not out.exists()
    assert done.stderr.count("\n") == 1 and "does not end in .zip" in done.stderr


def test_no_output_is_refused(cli, example) -> None:
    done = cli("bundle", "--plan", example, "--as-of", AS_OF)
    assert done.code == 2 and "--output" in done.stderr and done.stderr.count("\n") == 1


def test_the_bundle_never_lands_in_the_evidence_folder(cli, example) -> None:
    before = snapshot(*sorted((example.parent / "plan.evidence").iterdir()))
    out = example.parent / "plan.evidence" / "x.zip"
    done = cli("bundle", "-o", out, "--plan", example, "--as-of", AS_OF)
    assert done.code == 2 and not out.exists() and "evidence folder" in done.stderr
    assert snapshot(*sorted((example.parent / "plan.evidence").iterdir())) == before


def test_no_log_is_refused(cli, plan_path) -> None:
    out = plan_path.parent / "x.zip"
    done = cli("bundle", "-o", out, "--plan", plan_path, "--as-of", AS_OF)
    assert done.code == 2 and not out.exists() and "no log at" in done.stderr


def test_an_altered_log_is_bundled_saying_so_and_exits_1(cli, example) -> None:
    log = example.parent / "plan.log.json"
    log.write_text(log.read_text().replace('"Sept: 4 sessions"', '"Sept: 5 sessions"'))
    out = example.parent / "x.zip"
    done = cli("bundle", "-o", out, "--plan", example, "--as-of", AS_OF)
    assert done.code == 1 and "verify FAILED" in done.stderr
    found = members(out)
    assert "verify FAILED" in found["verify.txt"].decode()
    assert json.loads(found["manifest.json"])["verify"]["ok"] is False


def test_an_attachment_path_outside_the_evidence_folder_is_left_out(cli, example) -> None:
    secret = example.parent / "secret.txt"
    secret.write_text("not evidence")
    log = example.parent / "plan.log.json"
    stored = "plan.evidence/8efc9048337864473925e2f01d7695e29ccacb4a63d4a5cab0f320314e3635ef.txt"
    log.write_text(log.read_text().replace(stored, "secret.txt"))
    out = example.parent / "x.zip"
    done = cli("bundle", "-o", out, "--plan", example, "--as-of", AS_OF)
    assert done.code == 1  # verify also says the seal and the attachment changed
    assert "not in the evidence folder (secret.txt)" in done.stderr
    assert b"not evidence" not in out.read_bytes()
    assert not [n for n in members(out) if n.startswith("evidence/")]


def test_bundle_refuses_a_read_only_existing_zip_with_one_line(cli, example) -> None:
    out = example.parent / "x.zip"
    out.write_bytes(b"old")
    out.chmod(0o400)
    done = cli("bundle", "-o", out, "--plan", example, "--as-of", AS_OF)
    assert done.code == 2 and out.read_bytes() == b"old"
