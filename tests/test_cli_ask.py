"""`ask`: the evening interview through the real entry point, answers piped or typed in a
real terminal (tmux), with fixed dates."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iepcheck.due.interview import ANSWERS, finding_of, recorded_line
from iepcheck.errors import UserError
from iepcheck.store.logbook import read_log
from tests.conftest import snapshot

FRIDAY = "2026-11-20"
THANKSGIVING = "2026-11-26"


def _log(plan: Path) -> Path:
    return plan.with_name(plan.stem + ".log.json")


def test_list_shows_the_days_questions_in_dues_order(cli, example_plan) -> None:
    done = cli("ask", "--list", "--plan", example_plan, "--as-of", FRIDAY)
    assert done.code == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Questions for Fri 20 Nov 2026:"
    assert lines[1] == "1. Did you go to speech with Mr. Ortiz today?  [speech]"
    assert "Did you get extra time on your tests today?  [extended-time]" in done.stdout
    assert "Did you get movement breaks when requested today?  [breaks]" in done.stdout
    assert not _log(example_plan).exists()


def test_piped_answers_become_interview_entries(cli, example_plan) -> None:
    done = cli("ask", "--plan", example_plan, "--as-of", FRIDAY, stdin="y\nn\np\n?\n\ns\n")
    assert done.code == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "recorded 4 answers: #1–#4"
    entries = read_log(_log(example_plan))
    assert [(e.kind, e.items, e.finding, e.minutes) for e in entries] == [
        ("interview", ("speech",), "implemented", None),
        ("interview", ("ot",), "not-implemented", 30),  # a "no": one session missed
        ("interview", ("reading",), "partial", None),
        ("interview", ("counseling",), "unclear", None),
    ]
    assert all(e.date == date(2026, 11, 20) for e in entries)
    assert entries[0].note == 'Asked: "Did you go to speech with Mr. Ortiz today?" Answer: yes.'


def test_answered_items_are_not_asked_again(cli, example_plan) -> None:
    """A "yes" is recent evidence: the accommodation is no longer due that day (a service may
    stay due while its minutes are short)."""
    cli("ask", "--plan", example_plan, "--as-of", FRIDAY, stdin="\n\n\n\ny\n")
    again = cli("ask", "--list", "--plan", example_plan, "--as-of", FRIDAY)
    assert "[extended-time]" not in again.stdout
    assert "[seating]" in again.stdout


def test_a_day_without_school_asks_nothing(cli, example_plan) -> None:
    done = cli("ask", "--plan", example_plan, "--as-of", THANKSGIVING, stdin="y\n")
    assert done.code == 0, done.stderr
    assert done.stdout == "Thu 26 Nov 2026: no school that day; nothing to ask\n"
    assert not _log(example_plan).exists()


def test_all_skipped_records_nothing(cli, example_plan) -> None:
    done = cli("ask", "--plan", example_plan, "--as-of", FRIDAY, stdin="")
    assert done.code == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "recorded no answers; nothing was written"
    assert not _log(example_plan).exists()


def test_a_word_that_is_no_answer_writes_nothing(cli, example_plan) -> None:
    before = snapshot(_log(example_plan))
    done = cli("ask", "--plan", example_plan, "--as-of", FRIDAY, stdin="y\nmaybe\n")
    assert done.code == 2
    assert "answer 2: 'maybe' is not an answer" in done.stderr
    assert snapshot(_log(example_plan)) == before


def test_the_plans_own_question_replaces_the_kinds(cli, example_plan) -> None:
    text = example_plan.read_text().replace(
        'name = "Movement breaks when requested"\n',
        'name = "Movement breaks when requested"\nask = "Did you take a walk break today?"\n')
    example_plan.write_text(text)
    done = cli("ask", "--list", "--plan", example_plan, "--as-of", FRIDAY)
    assert "Did you take a walk break today?  [breaks]" in done.stdout


@given(st.sampled_from(sorted(ANSWERS)), st.sampled_from(["", " ", "  "]))
def test_every_answer_word_is_read_whatever_its_case_and_spaces(word: str, pad: str) -> None:
    assert finding_of(f"{pad}{word.upper()}{pad}", "answer 1") == ANSWERS[word]


@given(st.text(min_size=1).filter(lambda t: " ".join(t.strip().casefold().split()) not in ANSWERS
                                  and " ".join(t.strip().casefold().replace("’", "'").split())
                                  not in ANSWERS))
def test_any_other_word_is_refused(word: str) -> None:
    with pytest.raises(UserError):
        finding_of(word, "answer 1")


def test_recorded_line_names_the_entries() -> None:
    assert recorded_line(["#41", "#42", "#43"]) == "recorded 3 answers: #41–#43"
    assert recorded_line(["#41"]) == "recorded 1 answer: #41"
    assert recorded_line(["#41", "#43", "#44"]) == "recorded 3 answers: #41, #43, #44"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed: the real-"
                    "terminal test of `ask` did not run")
def test_ask_in_a_real_terminal(example_plan: Path, tmp_path: Path) -> None:
    """Typed answers at a terminal: a wrong word is asked again, Enter skips."""
    session = f"iepcheck-ask-{tmp_path.name}"
    command = (f"{sys.executable} -m iepcheck ask --plan {example_plan} --as-of {FRIDAY}; "
               "echo EXIT=$?; sleep 30")
    tmux = ["tmux", "-L", session]
    subprocess.run([*tmux, "new-session", "-d", "-s", session, "-x", "160", "-y", "50",
                    command], check=True, env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1",
                                               "TERM": "xterm", "HOME": str(tmp_path)})
    try:
        def screen() -> str:
            return subprocess.run([*tmux, "capture-pane", "-p", "-t", session], check=True,
                                  capture_output=True, text=True).stdout

        def wait_for(text: str) -> str:
            for _ in range(300):
                shown = screen()
                if text in shown:
                    return shown
                time.sleep(0.1)
            raise AssertionError(f"{text!r} never appeared:\n{screen()}")

        wait_for("1. ")
        for keys, expect in (("y", "2. "), ("maybe", "is not an answer"), ("n", "3. "),
                             ("", "4. ")):
            subprocess.run([*tmux, "send-keys", "-t", session, keys, "Enter"], check=True)
            wait_for(expect)
        subprocess.run([*tmux, "send-keys", "-t", session, "C-d"], check=True)
        shown = wait_for("EXIT=")
        assert "recorded 2 answers" in shown, shown
        assert "EXIT=0" in shown
    finally:
        subprocess.run([*tmux, "kill-server"], check=False)
    entries = read_log(_log(example_plan))
    assert [(e.items, e.finding) for e in entries] == [(("speech",), "implemented"),
                                                      (("ot",), "not-implemented")]


def test_the_examples_evening_is_the_one_the_readme_shows(cli) -> None:
    from tests.conftest import EXAMPLE_PLAN, ROOT

    done = cli("ask", "--list", "--plan", EXAMPLE_PLAN, "--as-of", FRIDAY)
    assert done.code == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1].startswith("1. Did you go to occupational therapy (fine motor, "
                               "handwriting) with Ms. Chen today?")
    assert lines[2].startswith("2. Did you get extra time on your tests today?")
    assert lines[-1].startswith("10. Did you go to speech with Mr. Ortiz today?")
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert '"10. Did you go to speech with Mr. Ortiz today?"' in readme
