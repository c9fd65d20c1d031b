"""The shell around the commands: prompts in a terminal only, completion from the plan, colour."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from iepcheck.store.logbook import read_log
from tests.conftest import AS_OF, run_process


def _complete(words: str, cwd: Path) -> list[str]:
    env = {**os.environ, "_IEPCHECK_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    done = subprocess.run([sys.executable, "-m", "iepcheck"], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=60, check=False)
    return done.stdout.split()


def test_completion_offers_item_and_staff_ids(example_plan: Path) -> None:
    folder = example_plan.parent
    assert _complete(f"iepcheck log --plan {example_plan.name} s", folder) == [
        "speech", "social-skills", "seating", "separate-room"]
    assert _complete(f"iepcheck add-item accommodation X --plan {example_plan.name} --staff ms", folder) == [
        "ms-lee", "ms-chen"]


def test_completion_is_silent_with_a_broken_plan(tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text("not = = toml")
    assert _complete("iepcheck log s", tmp_path) == []


def test_log_asks_for_kind_and_items_in_a_terminal(cli, plan_path, monkeypatch) -> None:
    monkeypatch.setattr("iepcheck.cli.log_cmds.interactive", lambda: True)
    done = cli("log", "--plan", plan_path, "--as-of", AS_OF, stdin="interview\nspeech extended-time\n")
    assert done.code == 0, done.stderr
    assert "Kind (interview, visit" in done.stdout and "(speech, extended-time)" in done.stdout
    [entry] = read_log(plan_path.with_name("sam.log.json"))
    assert (entry.kind, entry.items) == ("interview", ("speech", "extended-time"))


def test_log_never_prompts_without_a_terminal(plan_path) -> None:
    done = run_process("log", "--plan", plan_path, "--as-of", AS_OF, stdin="visit\n")
    assert done.code == 2 and "--kind is required" in done.stderr


def test_without_a_terminal_there_is_no_colour(plan_path) -> None:
    done = run_process("items", "--plan", plan_path, env={"NO_COLOR": "", "TERM": "xterm-256color"})
    assert done.code == 0 and "\x1b[" not in done.stdout


@pytest.mark.parametrize("args", [["--help"], ["log", "--help"], ["report", "--help"]])
def test_help_works(args) -> None:
    done = run_process(*args)
    assert done.code == 0 and "Usage:" in done.stdout


def test_edit_writes_the_note_in_the_editor(cli, plan_path, tmp_path, monkeypatch) -> None:
    editor = tmp_path / "fake-editor.sh"
    editor.write_text('#!/bin/sh\nprintf "Private detail\\nsecond line\\n# dropped\\n" > "$1"\n')
    editor.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setenv("VISUAL", str(editor))
    done = cli("log", "speech", "-k", "interview", "--edit", "--plan", plan_path, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    [entry] = read_log(plan_path.with_name("sam.log.json"))
    assert entry.note == "Private detail\nsecond line"


def test_help_lists_commands_in_the_order_of_the_routine() -> None:
    done = run_process("--help")
    listed = [line.split()[0] for line in done.stdout.split("Commands:")[1].splitlines() if line.strip()]
    assert listed[:8] == ["init", "add-item", "amend", "items", "log", "history", "retract",
                          "report"]
