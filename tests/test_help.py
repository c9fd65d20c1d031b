"""Help that teaches, in the reader's language: every command's help, arguments and options
are translated, its examples run on the example plan, and `--man` is the same text in roff."""

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from iepcheck.cli import COMMANDS
from iepcheck.cli.command_help import EXAMPLES, NOT_RUN
from tests.conftest import run_process

ROOT = Path(__file__).resolve().parent.parent

#: Prints, as JSON, each command's help and each of its parameters' help as `--help` shows
#: them, in the language named by argv[1] (built the way `iepcheck` builds them).
DUMP = """
import json, sys
import typer.main
from iepcheck.language import messages
from iepcheck.store import catalogue
messages.use(catalogue.load(sys.argv[1]), sys.argv[1])
from iepcheck.cli import COMMANDS, build_app
group = typer.main.get_command(build_app(COMMANDS))
print(json.dumps({name: {"help": command.help, "epilog": command.epilog,
                         "params": {p.name: getattr(p, "help", None) for p in command.params}}
                  for name, command in group.commands.items()}))
"""


def _helps(language: str) -> dict:
    done = subprocess.run([sys.executable, "-c", DUMP, language], capture_output=True,
                          text=True, check=True, timeout=120)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def english() -> dict:
    return _helps("en")


@pytest.fixture(scope="module")
def spanish() -> dict:
    return _helps("es")


def test_every_command_and_parameter_has_help(english: dict) -> None:
    assert list(english) == list(COMMANDS)
    for name, command in english.items():
        assert command["help"], name
        for param, text in command["params"].items():
            assert text, f"{name} {param}: an argument or option without help"


def test_every_help_text_is_translated_into_spanish(english: dict, spanish: dict) -> None:
    """Every command's help, argument, option and examples heading reads differently in
    Spanish: a text left out of the catalogue would read the same in both."""
    for name, command in english.items():
        theirs = spanish[name]
        assert theirs["help"] != command["help"], name
        assert "Ejemplos:" in theirs["epilog"] and "Examples:" in command["epilog"], name
        for param, text in command["params"].items():
            if param != "help":  # click's own words: translated with click's, elsewhere
                assert theirs["params"][param] != text, f"{name} {param}: {text!r}"


def test_spanish_help_of_a_command_on_the_screen() -> None:
    done = run_process("letter", "--help", env={"LANGUAGE": "es"})
    assert done.code == 0, done.stderr
    assert "Redactar el borrador de una carta" in done.stdout
    assert "KIND es uno de:" in done.stdout and "  visit-request  " in done.stdout
    assert "Qué carta: uno de los tipos de la lista de arriba." in done.stdout
    listing = run_process("--help", env={"LANGUAGE": "es"})
    assert "Registrar una observación con fecha y mostrar su número." in listing.stdout


def test_arguments_show_their_help() -> None:
    done = run_process("letter", "--help", env={"LANGUAGE": "en"})
    assert "Which letter: one of the kinds listed above." in done.stdout
    assert done.stdout.count("KIND     Which letter") == 1  # one Arguments section, not two
    assert "meeting-request    an IEP or 504 meeting" in done.stdout


def test_every_command_ends_its_help_with_examples() -> None:
    for name in COMMANDS:
        assert 1 <= len(EXAMPLES[name]) <= 3, name
        assert all(line.startswith(f"iepcheck {name}") for line in EXAMPLES[name]), name
    done = run_process("report", "--help", env={"LANGUAGE": "en"})
    assert done.stdout.rstrip().endswith(
        "iepcheck report --plan examples/plan.toml --since 2026-09-01 --until 2026-10-31 "
        "--as-of 2026-11-20")


RUNNABLE = [line for name in COMMANDS for line in EXAMPLES[name] if line not in NOT_RUN]


@pytest.mark.parametrize("line", RUNNABLE)
def test_each_example_runs_on_the_example_plan(cli, tmp_path: Path, monkeypatch, line) -> None:
    """The examples are real commands: each runs on a copy of examples/ (exit 1 is a finding,
    such as something due; 2 would be a refusal)."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANGUAGE", "en")
    done = cli(*shlex.split(line)[1:])
    assert done.code in (0, 1), f"{line}\n{done.stderr}"


def test_the_manual_page_holds_every_command_and_renders() -> None:
    done = run_process("--man", env={"LANGUAGE": "en"})
    assert done.code == 0, done.stderr
    page = done.stdout
    assert page.startswith(".TH IEPCHECK 1")
    for name in COMMANDS:
        assert f".SS iepcheck {name}\n" in page, name
    assert r"\fB\-\-plan FILE\fR" in page and "Examples:" in page
    groff = shutil.which("groff")
    if groff is None:
        pytest.skip("groff is not installed: the page was built but not rendered")
    shown = subprocess.run([groff, "-k", "-man", "-Tutf8"], input=page, capture_output=True,
                           text=True, check=False, timeout=60)
    problems = [line for line in shown.stderr.splitlines()
                if "cannot adjust line" not in line]  # a long --columns example: no harm
    assert shown.returncode == 0 and problems == [], shown.stderr
    assert "iepcheck report --plan examples/plan.toml --as-of 2026-11-20" in shown.stdout


def test_the_manual_page_in_spanish() -> None:
    page = run_process("--man", env={"LANGUAGE": "es"}).stdout
    assert ".SH NOMBRE" in page and ".SH COMANDOS" in page and "Ejemplos:" in page
    assert "Redactar el borrador de una carta a partir del registro" in page
