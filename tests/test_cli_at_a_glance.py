"""`at-a-glance` through the real entry point: one page per staff member, only their part, as
text, HTML (screenshots at phone and desk width), Markdown, Word and an email draft."""

from __future__ import annotations

import email
import shutil
import subprocess
import tempfile
from email import policy
from pathlib import Path

import pytest

from iepcheck.store.logbook import read_log

AS_OF = "2026-11-20"


def _glance(cli, plan: Path, *args: str):
    done = cli("at-a-glance", *args, "--plan", plan, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    return done


def test_the_page_holds_their_items_and_nothing_else(cli, example_plan) -> None:
    page = _glance(cli, example_plan, "ms-lee").stdout
    assert page.startswith("Maya Rivera's IEP at a glance for Ms. Lee\n")
    assert "Plan: IEP, in effect 24 Aug 2026 to 19 Aug 2027" in page
    assert "- Extended time (1.5x) on tests and quizzes (in math, science, all tests)" in page
    assert "- Movement breaks when requested (in every class)" in page
    assert "Mrs. Patel, Special education teacher (case manager), patel@lincoln" in page
    for not_hers in ("Speech", "Tests in a separate", "Daily check-in", "Services you provide"):
        assert not_hers not in page


def test_a_provider_sees_minutes_times_and_place(cli, example_plan) -> None:
    page = _glance(cli, example_plan, "dr-green").stdout
    assert ("- Social work / counseling (30 min, 2 times a month; Counselor's office; provided "
            "by Dr. Green)") in page
    assert ("- Social skills group (40 min, once a week; Pull-out, small group; provided by "
            "Dr. Green), from 4 Jan 2027") in page
    assert "Accommodations in your classes" not in page


def test_the_log_never_reaches_the_page(cli, example_plan) -> None:
    done = cli("log", "seating", "-k", "visit", "-f", "not-implemented", "--note",
               "SECRET-NOTE seat by the door", "--plan", example_plan, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    for suffix in (".html", ".md", ".txt"):
        out = example_plan.with_name(f"lee{suffix}")
        _glance(cli, example_plan, "ms-lee", "-o", out)
        assert "SECRET-NOTE" not in out.read_text()
        assert "not-implemented" not in out.read_text()


def test_unknown_staff_and_wrong_format_are_one_line(cli, example_plan) -> None:
    done = cli("at-a-glance", "ms-leee", "--plan", example_plan, "--as-of", AS_OF)
    assert done.code == 2 and "unknown staff 'ms-leee'" in done.stderr
    done = cli("at-a-glance", "ms-lee", "-o", example_plan.with_name("x.pdf"), "--plan",
               example_plan, "--as-of", AS_OF)
    assert done.code == 2 and ".docx or .eml" in done.stderr
    done = cli("at-a-glance", "ms-lee", "-o", example_plan.with_name("x.html"), "--record",
               "--plan", example_plan, "--as-of", AS_OF)
    assert done.code == 2 and "--record" in done.stderr


def test_eml_record_logs_an_email_sent_in_its_own_thread(cli, example_plan) -> None:
    out = example_plan.with_name("lee.eml")
    _glance(cli, example_plan, "ms-lee", "-o", out, "--record")
    message = email.message_from_bytes(out.read_bytes(), policy=policy.default)
    assert message["To"] == '"Ms. Lee" <lee@lincoln.example.org>'
    assert message["In-Reply-To"] is None and message["References"] is None
    assert message["X-Unsent"] == "1"
    assert "Extended time (1.5x)" in message.get_content()
    [entry] = read_log(example_plan.with_name("maya.log.json"))
    assert (entry.kind, entry.who) == ("email-sent", "ms-lee")
    assert entry.note is not None and entry.note.startswith("At a glance: ")
    assert "extended-time" in entry.items and "speech" not in entry.items


def test_docx_reads_back_with_python_docx(cli, example_plan) -> None:
    docx = pytest.importorskip("docx", reason="python-docx is not installed (the docx extra): "
                               "the Word page was not checked")
    out = example_plan.with_name("green.docx")
    _glance(cli, example_plan, "dr-green", "-o", out)
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Maya Rivera's IEP at a glance for Dr. Green"
    assert "Services you provide" in texts
    assert any(t.startswith("Social work / counseling: 30 min, 2 times a month") for t in texts)
    assert not any("Extended time" in t for t in texts)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed: the "
                    "page was not checked as screenshots")
@pytest.mark.parametrize("width", [390, 1280])
def test_html_page_renders_at_phone_and_desk_width(cli, example_plan, width: int) -> None:
    page = example_plan.with_name("lee.html")
    _glance(cli, example_plan, "ms-lee", "-o", page)
    shot = example_plan.with_name(f"lee-{width}.png")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                        f"--window-size={width},844", f"--screenshot={shot}",
                        page.as_uri()], check=True, capture_output=True, timeout=120)
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(png[16:20], "big") == width
    assert len(png) > 10_000  # a page of text, not a blank screen
