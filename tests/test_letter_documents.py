"""Letters where a parent edits them: every copy dated, Markdown that pastes without
backslashes, a Word document with the parent's address block (docs/letters.md)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iepcheck.render.escape import markdown_prose
from tests import school_logs
from tests.conftest import EXAMPLE_PLAN

AS_OF = "2026-11-20"
#: Every kind the example record can write, with the staff member it is written to.
EXAMPLE_KINDS = (("meeting-request",), ("records-request",), ("make-up-request",),
                 ("escalation", "mrs-patel"), ("complaint-facts",), ("visit-request",))


def _letter(cli, *args: object, plan: Path = EXAMPLE_PLAN) -> str:
    done = cli("letter", *map(str, args), "--plan", str(plan), "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    return done.stdout


def _records_questions_plan(cli, folder: Path) -> Path:
    """A plan whose school log and family record disagree: records-questions has work."""
    robin = folder / "robin.toml"
    robin.write_text(school_logs.PLAN)
    done = cli("import-log", str(school_logs.samegoal_csv(folder)), "--plan", str(robin),
               "--as-of", AS_OF)
    assert done.code in (0, 1), done.stderr
    done = cli("log", "speech", "-k", "absence", "-d", "2026-10-27", "--plan", str(robin),
               "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    return robin


# --- every letter carries its date ------------------------------------------------------------

@pytest.mark.parametrize("kind", EXAMPLE_KINDS, ids=lambda k: k[0])
def test_every_letter_printed_or_saved_carries_its_date(cli, tmp_path, kind) -> None:
    assert _letter(cli, *kind).startswith("Date: 20 Nov 2026\n")
    for name, line in (("l.md", "**Date:** 20 Nov 2026  \n"), ("l.txt", "Date: 20 Nov 2026\n"),
                       ("l.html", "<dt>Date</dt><dd>20 Nov 2026</dd>")):
        _letter(cli, *kind, "-o", tmp_path / name)
        assert line in (tmp_path / name).read_text(), name


def test_the_records_questions_letter_carries_its_date_too(cli, tmp_path) -> None:
    robin = _records_questions_plan(cli, tmp_path)
    text = _letter(cli, "records-questions", "ms-park", "--since", "2026-09-28", plan=robin)
    assert text.startswith("Date: 20 Nov 2026\n")


def test_the_date_is_the_day_the_letter_speaks_for(cli) -> None:
    done = cli("letter", "meeting-request", "--plan", str(EXAMPLE_PLAN), "--as-of", "2026-11-19")
    assert done.code == 0 and done.stdout.startswith("Date: 19 Nov 2026\n")


# --- Markdown that pastes into a document --------------------------------------------------

@pytest.mark.parametrize("kind", EXAMPLE_KINDS, ids=lambda k: k[0])
def test_a_letters_markdown_has_no_backslash_in_plain_sentences(cli, tmp_path, kind) -> None:
    out = tmp_path / "letter.md"
    _letter(cli, *kind, "-o", out)
    text = out.read_text()
    assert "\\" not in text
    assert "(#" in text or kind[0] == "visit-request"  # entry references as they read
    assert "<patel@lincoln.example.org>" in text or kind[0] == "complaint-facts"


def _markdown_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


#: Characters that mark Markdown up somewhere, among letters, digits and spaces.
PROSE_TEXT = st.text(st.sampled_from("ab1 .)-+=#>:!*_`~^$|[](){}<>&;\\/\"'\n\té"),
                     max_size=40)


@settings(max_examples=400, deadline=None)
@given(PROSE_TEXT)
def test_markdown_prose_renders_as_the_same_characters_and_nothing_else(text: str) -> None:
    shown = " / ".join(" ".join(line.split()) for line in text.split("\n") if line.split())
    rendered = _markdown_html(markdown_prose(text))
    if not shown:
        assert rendered == ""
        return
    assert re.fullmatch(r"<p>[^<]*</p>\n", rendered), (markdown_prose(text), rendered)
    assert html.unescape(rendered[3:-5]) == shown


@pytest.mark.parametrize("attack", [
    "[click](javascript:alert(1))", "![x](http://evil.example/p.png)", "<img src=x>",
    "<script>alert(1)</script>", "[x]: http://evil.example", "&lt;b&gt;", "# heading",
    "> quote", ": definition", "1. numbered", "- list", "`code` *em* _em_ ~~s~~",
    "[span]{.underline}", "x^2^ and H~2~O", "$x$ math", "| line block", "^[note]"])
def test_markdown_prose_is_inert_in_pandoc_too(attack: str) -> None:
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed (apt-get install pandoc)")
    shown = subprocess.run(["pandoc", "-f", "markdown", "-t", "html"],
                           input=f"Dear Ms. Lee,\n\n{markdown_prose(attack)}\n", text=True,
                           capture_output=True, check=True).stdout
    paragraphs = re.findall(r"<p>(.*?)</p>", shown, re.DOTALL)
    assert len(paragraphs) == 2 and "<" not in paragraphs[1], shown
    assert html.unescape(paragraphs[1]) == attack


def test_an_address_in_angle_brackets_stays_as_it_reads() -> None:
    assert markdown_prose("Mrs. Patel <patel@school.example.org>") == (
        "Mrs. Patel <patel@school.example.org>")
    assert markdown_prose("(#9, interview: 30 min, “time up”)") == (
        "(#9, interview: 30 min, “time up”)")
    assert markdown_prose("<javascript:alert(1)>") == "\\<javascript:alert(1)>"


# --- a Word document with the parent's address block ---------------------------------------

def _paragraphs(path: Path) -> list[str]:
    docx = pytest.importorskip("docx", reason="python-docx is the docx extra")
    return [p.text for p in docx.Document(str(path)).paragraphs]


def _set(cli, *args: str) -> None:
    done = cli("config", *args)
    assert done.code == 0, done.stderr


def test_a_word_letter_is_laid_out_as_a_printed_letter(cli, tmp_path) -> None:
    _set(cli, "address", "12 Oak Street; Springfield, IL 62701")
    _set(cli, "phone", "(555) 010-0199")
    out = tmp_path / "letter.docx"
    done = cli("letter", "meeting-request", "--plan", str(EXAMPLE_PLAN), "--as-of", AS_OF,
               "-o", str(out))
    assert done.code == 0, done.stderr
    assert done.stdout == "" and "open it in Word or Google Docs" in done.stderr
    paragraphs = _paragraphs(out)
    assert paragraphs[:5] == [
        ("Ana Rivera\n12 Oak Street\nSpringfield, IL 62701\nana.rivera@example.com\n"
        "(555) 010-0199"),
        "20 Nov 2026",
        ("Mrs. Patel\nSpecial education teacher (case manager)\nLincoln Elementary\n"
        "patel@lincoln.example.org"),
        "Request for an IEP meeting: Maya Rivera",
        "Dear Mrs. Patel,"]
    assert any(p.startswith("1. Occupational therapy") and "(#9, interview" in p
               for p in paragraphs)
    assert paragraphs[-2].startswith("[Draft from iepcheck")
    assert paragraphs[-1].startswith("Log seal #27 ")
    assert "Kind regards," in paragraphs and "Ana Rivera" in paragraphs


@pytest.mark.parametrize("kind", EXAMPLE_KINDS, ids=lambda k: k[0])
def test_every_word_letter_is_dated(cli, tmp_path, kind) -> None:
    out = tmp_path / "letter.docx"
    _letter(cli, *kind, "-o", out)
    assert "20 Nov 2026" in _paragraphs(out)


def test_the_address_and_phone_stay_out_of_the_plan_and_the_log(cli, tmp_path) -> None:
    plan = tmp_path / "maya.toml"
    shutil.copy(EXAMPLE_PLAN, plan)
    shutil.copy(EXAMPLE_PLAN.with_name("plan.log.json"), tmp_path / "maya.log.json")
    _set(cli, "address", "77 Private Lane; Hidden Town")
    _set(cli, "phone", "555 0123")
    out = tmp_path / "letter.docx"
    done = cli("letter", "meeting-request", "--plan", str(plan), "--as-of", AS_OF,
               "-o", str(out), "--record")
    assert done.code == 0, done.stderr
    assert "77 Private Lane\nHidden Town" in _paragraphs(out)[0]
    for path in (plan, tmp_path / "maya.log.json"):
        text = path.read_text()
        assert "Private Lane" not in text and "555 0123" not in text


def test_without_an_address_the_block_is_the_name_and_email(cli, tmp_path) -> None:
    out = tmp_path / "letter.docx"
    _letter(cli, "records-request", "-o", out)
    assert _paragraphs(out)[0] == "Ana Rivera\nana.rivera@example.com"


def test_an_address_or_phone_that_cannot_head_a_letter_is_refused(cli) -> None:
    for args in (("address", "a;b;c;d;e;f"), ("address", "x" * 81), ("phone", "call me")):
        done = cli("config", *args)
        assert done.code == 2 and len(done.stderr.splitlines()) == 1, done.stderr
    _set(cli, "phone", "+1 555 010 0199")
    _set(cli, "phone", "")
    assert "phone" not in cli("config").stdout


def test_without_python_docx_a_word_letter_is_one_line_naming_the_extra(
        cli, tmp_path, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "docx", None)
    out = tmp_path / "letter.docx"
    done = cli("letter", "meeting-request", "--plan", str(EXAMPLE_PLAN), "--as-of", AS_OF,
               "-o", str(out))
    assert done.code == 2 and not out.exists()
    assert done.stderr.splitlines() == [
        ("iepcheck: error: a .docx needs python-docx: pip install 'iepcheck[docx]', or write "
        "-o FILE.md or FILE.html instead")]
