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


def _pages(cli, plan: Path, as_of: str) -> list[dict]:
    import json

    done = cli("due", "--format", "json", "--plan", plan, "--as-of", as_of)
    assert done.code == 0, done.stderr
    return json.loads(done.stdout)["at_a_glance"]


def test_due_suggests_the_page_until_it_is_recorded_as_sent(cli, example_plan) -> None:
    pages = _pages(cli, example_plan, AS_OF)
    assert [p["id"] for p in pages] == ["ms-lee", "mr-ortiz", "ms-chen", "mrs-patel", "dr-green"]
    assert pages[0]["why"] == "the plan started" and pages[0]["since"] == "2026-08-24"
    assert pages[0]["next_step"] == "iepcheck at-a-glance ms-lee -o ms-lee.eml --record"
    _glance(cli, example_plan, "ms-lee", "-o", example_plan.with_name("lee.eml"), "--record")
    assert "ms-lee" not in [p["id"] for p in _pages(cli, example_plan, AS_OF)]


def test_an_amendment_adding_an_item_asks_for_a_fresh_page(cli, example_plan) -> None:
    _glance(cli, example_plan, "dr-green", "-o", example_plan.with_name("green.eml"), "--record")
    assert "dr-green" not in [p["id"] for p in _pages(cli, example_plan, AS_OF)]
    [green] = [p for p in _pages(cli, example_plan, "2027-01-05") if p["id"] == "dr-green"]
    assert (green["why"], green["since"]) == ("an amendment added social-skills", "2027-01-04")


def test_a_new_school_year_asks_again(cli, example_plan) -> None:
    text = example_plan.read_text().replace(
        'school_days = ["mon", "tue", "wed", "thu", "fri"]\n',
        'school_days = ["mon", "tue", "wed", "thu", "fri"]\nyear_start = 2027-08-16\n')
    example_plan.write_text(text)
    _glance(cli, example_plan, "ms-lee", "-o", example_plan.with_name("lee.eml"), "--record")
    assert "ms-lee" not in [p["id"] for p in _pages(cli, example_plan, "2027-06-01")]
    [lee] = [p for p in _pages(cli, example_plan, "2027-08-17") if p["id"] == "ms-lee"]
    assert (lee["why"], lee["since"]) == ("the school year started", "2027-08-16")


def test_pages_to_send_never_make_fail_if_due_fail(cli, example_plan) -> None:
    """A page is a suggestion, listed after the line scripts read; not a gap."""
    from tests.conftest import MINIMAL_PLAN

    plan = example_plan.with_name("sam.toml")
    plan.write_text(MINIMAL_PLAN.replace("[[services]]\nid = \"speech\"\nname = \"Speech therapy\""
                                         "\nminutes = 30\ntimes = 2\nper = \"week\"\nprovider = "
                                         "\"ms-lee\"\n", ""))
    for args in (("extended-time", "-k", "visit", "-d", "2026-11-19"),
                 ("extended-time", "-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-19")):
        assert cli("log", *args, "--plan", plan, "--as-of", AS_OF).code == 0
    done = cli("due", "--fail-if-due", "--within", "1d", "--plan", plan, "--as-of", AS_OF)
    assert done.code == 0, done.stdout
    assert done.stdout.startswith("Nothing due as of 20 Nov 2026")
    assert "Send the plan at a glance" in done.stdout


def test_plan_text_is_inert_in_html_and_markdown(cli, example_plan) -> None:
    text = example_plan.read_text().replace('name = "Movement breaks when requested"',
                                            'name = "<script>alert(1)</script> **breaks**"')
    example_plan.write_text(text)
    html = example_plan.with_name("lee.html")
    _glance(cli, example_plan, "ms-lee", "-o", html)
    assert "<script>" not in html.read_text()
    assert "&lt;script&gt;" in html.read_text()
    md = example_plan.with_name("lee.md")
    _glance(cli, example_plan, "ms-lee", "-o", md)
    assert "\\*\\*breaks\\*\\*" in md.read_text() and "\\<script\\>" in md.read_text()
