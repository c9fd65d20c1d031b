"""The two language settings (docs/languages.md): the language the parent reads (`config
language`, else the environment, else English) and the language of what goes to the school
(`--lang en|es|both` on `letter` and `draft-email`, English unless chosen)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iepcheck.cli import HELP
from tests.conftest import AS_OF

SPANISH_HELP = "¿Cumple la escuela lo que dice el IEP"
TRANSLATION_HEADING = "Traducción para la familia"


@pytest.fixture(autouse=True)
def _no_language_from_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(("environment", "language"), [
    ({}, "en"),
    ({"LANGUAGE": "es"}, "es"),
    ({"LANGUAGE": "fr:es:en"}, "es"),
    ({"LANG": "es_US.UTF-8"}, "es"),
    ({"LC_ALL": "es-MX"}, "es"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "es_US.UTF-8"}, "en"),
])
def test_the_environment_names_the_readers_language(environment: dict[str, str],
                                                    language: str) -> None:
    from iepcheck.store.catalogue import language_from_environment

    assert language_from_environment(environment) == language


def test_the_environment_speaks_spanish(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "es_US.UTF-8")
    assert SPANISH_HELP in " ".join(cli("--help").stdout.split())


def test_config_language_wins_over_the_environment(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    done = cli("config", "language", "es")
    assert done.code == 0, done.stderr
    assert SPANISH_HELP in " ".join(cli("--help").stdout.split())
    assert "language = es" in cli("config").stdout
    monkeypatch.setenv("LANGUAGE", "es")
    assert cli("config", "language", "EN").code == 0
    assert HELP.split("?")[0] in " ".join(cli("--help").stdout.split())


def test_a_language_iepcheck_does_not_speak_is_refused(cli) -> None:
    done = cli("config", "language", "klingon")
    assert done.code == 2
    assert "iepcheck config language es" in done.stderr
    assert done.stderr.count("\n") == 1


def test_an_unreadable_settings_file_leaves_the_language_to_the_environment(
        cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from iepcheck.store.user_config import config_path

    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("language = [\n")
    monkeypatch.setenv("LANGUAGE", "es")
    assert SPANISH_HELP in " ".join(cli("--help").stdout.split())
    done = cli("config")
    assert done.code == 2 and "Traceback" not in done.stderr


def test_both_is_the_english_letter_then_a_spanish_copy_for_the_family(
        cli, example_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "es")  # the reader's language changes nothing sent
    english = cli("letter", "meeting-request", "--plan", example_plan, "--as-of", AS_OF,
                  "--lang", "en")
    both = cli("letter", "meeting-request", "--plan", example_plan, "--as-of", AS_OF,
               "--lang", "both")
    assert english.code == both.code == 0, both.stderr
    assert both.stdout.startswith(english.stdout.rstrip())
    copy = both.stdout[len(english.stdout.rstrip()):]
    assert TRANSLATION_HEADING in copy and "inglés" in copy


@pytest.mark.parametrize("command", [("letter", "meeting-request"), ("draft-email", "ms-lee")])
def test_both_is_refused_for_an_email_draft(cli, example_plan: Path,
                                            command: tuple[str, ...]) -> None:
    out = example_plan.parent / "draft.eml"
    done = cli(*command, "--plan", example_plan, "--as-of", AS_OF, "--lang", "both", "-o", out)
    assert done.code == 2 and "--lang both" in done.stderr
    assert not out.exists()


def test_both_is_refused_for_a_word_letter(cli, example_plan: Path) -> None:
    """A Word letter is what gets sent, as a draft is: one letter, never the two."""
    out = example_plan.parent / "letter.docx"
    done = cli("letter", "meeting-request", "--plan", example_plan, "--as-of", AS_OF,
               "--lang", "both", "-o", out)
    assert done.code == 2 and done.stdout == "", done
    assert done.stderr.splitlines() == [
        ("iepcheck: error: --lang both: a draft or Word letter to send holds one letter; use "
         "--lang en (or es) for it, and --lang both without it to read the two one after the "
         "other")]
    assert not out.exists()


def test_the_weekly_draft_in_both(cli, example_plan: Path) -> None:
    english = cli("draft-email", "ms-lee", "--plan", example_plan, "--as-of", AS_OF)
    both = cli("draft-email", "ms-lee", "--plan", example_plan, "--as-of", AS_OF,
               "--lang", "both")
    assert both.code == 0, both.stderr
    assert both.stdout.startswith(english.stdout.rstrip())
    assert TRANSLATION_HEADING in both.stdout


def test_an_unknown_letter_language_is_refused(cli, example_plan: Path) -> None:
    done = cli("letter", "meeting-request", "--plan", example_plan, "--as-of", AS_OF,
               "--lang", "fr")
    assert done.code == 2 and "--lang" in done.stderr


def _notes(log: Path) -> list[str]:
    return [json.loads(line)["note"] for line in log.read_text().splitlines()[1:-1]
            if line.startswith("{")]


def test_what_is_logged_is_english_whatever_the_letter(cli, example_plan: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A Spanish letter sent is logged in English: the log never depends on a language."""
    import shutil

    from tests.test_pseudo_locale import Pseudo

    pseudo = Pseudo({}, {})
    pseudo.gettext = lambda message: f"⟦{message}⟧"  # type: ignore[method-assign]
    from iepcheck.store import catalogue

    english = catalogue.load
    monkeypatch.setattr(catalogue, "load",
                        lambda language: english(language) if language == "en" else pseudo)
    other = example_plan.parent / "other"
    other.mkdir()
    twin = other / example_plan.name
    shutil.copy(example_plan, twin)
    for plan, lang in ((example_plan, "en"), (twin, "es")):
        done = cli("letter", "meeting-request", "--plan", plan, "--as-of", AS_OF,
                   "--lang", lang, "--record")
        assert done.code == 0, done.stderr
    logged = [_notes(p.with_suffix(".log.json"))[-1] for p in (example_plan, twin)]
    assert logged[0] == logged[1]
    assert "⟦" not in logged[1]


@pytest.fixture
def spanish() -> Iterator[object]:
    """The Spanish catalogue in use for the test, English again after it."""
    from iepcheck.language import messages
    from iepcheck.store.catalogue import load

    with messages.speaking(load("es"), "es"):
        yield messages


def test_dates_in_spanish(spanish: object) -> None:
    from datetime import date

    from iepcheck import dates

    day = date(2026, 11, 20)
    assert dates.long(day) == "20 de noviembre de 2026"
    assert dates.short(day) == "20 nov"
    assert dates.weekday_short(day) == "vie 20 nov"
    assert dates.with_weekday(day) == "vie 20 nov 2026"
    assert dates.full_weekday(day) == "viernes 20 de noviembre de 2026"
    assert dates.compact(date(2026, 9, 1)) == "1 sept 2026"
    assert dates.weekday_and_day(date(2026, 11, 18)) == "mié 18"


def test_numbers_in_english_and_in_us_spanish(spanish: object) -> None:
    from iepcheck.language.messages import ENGLISH, number, speaking

    assert number(1215) == "1,215"
    assert number(2.5, 1) == "2.5"
    import gettext

    with speaking(gettext.NullTranslations(), ENGLISH):
        assert number(1234567) == "1,234,567"


ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                  "Dec")
ENGLISH_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@given(st.dates())
def test_english_dates_read_as_they_always_did(day: object) -> None:
    """The catalogue changed how dates are made, not how an English reader sees them."""
    from datetime import date

    from iepcheck import dates

    assert isinstance(day, date)
    month, weekday = ENGLISH_MONTHS[day.month - 1], ENGLISH_DAYS[day.weekday()]
    assert dates.short(day) == f"{day.day} {month}"
    assert dates.long(day) == f"{day.day} {month} {day.year}"
    assert dates.weekday_short(day) == f"{weekday} {day.day} {month}"
    assert dates.with_weekday(day) == f"{weekday} {day.day} {month} {day.year}"
    assert dates.full_weekday(day).startswith(dates.weekday_name(day) + " ")


def test_no_date_a_person_reads_goes_through_strftime() -> None:
    """`%b` and `%a` follow the process's locale (and `setlocale` is process-global): every
    month and weekday name comes from the catalogue (iepcheck.dates)."""
    import re

    from tests.conftest import ROOT

    found = [f"{path.relative_to(ROOT)}:{n}" for path in (ROOT / "src").rglob("*.py")
             for n, line in enumerate(path.read_text().splitlines(), start=1)
             if re.search(r"%[aAbB]\b|setlocale\(", line) and "never" not in line]
    assert found == []


def test_clicks_own_words_in_spanish(cli, example_plan: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "es")
    help_text = cli("--help").stdout
    assert help_text.startswith("Uso: iepcheck") and "\nOpciones:\n" in help_text
    assert "Comandos:" in help_text and "Mostrar este mensaje y salir." in help_text
    assert "Instalar el autocompletado" in help_text
    done = cli("report", "--bogus", "--plan", example_plan)
    assert done.code == 2 and "No existe la opción '--bogus'" in done.stderr
    assert "¿Quiso decir 'report'?" in cli("reprot").stderr
    assert "Falta un argumento 'STAFF'" in cli("draft-email").stderr
    assert "[predeterminado: table]" in " ".join(cli("due", "--help").stdout.split())


def test_clicks_words_are_english_again_in_english(cli, example_plan: Path) -> None:
    assert cli("--help").stdout.startswith("Usage: iepcheck")
    assert "No such option '--bogus'" in cli("report", "--bogus", "--plan", example_plan).stderr


def test_click_still_translates_through_the_names_iepcheck_points_elsewhere() -> None:
    """`speak_through_click` rebinds `_` and `ngettext` in click's and typer's modules: in a
    fresh interpreter each must still be gettext's own, or a click release moved them."""
    import subprocess
    import sys

    from iepcheck.cli.click_words import TRANSLATING_MODULES

    script = (
        "import gettext, importlib\n"
        f"for name in {TRANSLATING_MODULES!r}:\n"
        "    module = importlib.import_module(name)\n"
        "    assert module._ is gettext.gettext, name\n"
        "import click.core, click.exceptions\n"
        "assert click.core.ngettext is gettext.ngettext\n"
        "assert click.exceptions.ngettext is gettext.ngettext\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


def test_the_catalogue_holds_clicks_words_exactly_as_click_writes_them() -> None:
    """A word click renames would silently stay English: every one iepcheck lists must be
    one click or typer still asks for."""
    import click
    import typer
    from babel.messages.extract import extract_from_file

    asked: set[str] = set()
    for package in (click, typer):
        folder = Path(package.__file__).parent
        for path in folder.glob("*.py"):
            for _line, message, _comments, _context in extract_from_file(
                    "python", str(path), keywords={"_": None, "ngettext": (1, 2)}):
                asked.update(message if isinstance(message, tuple) else (message,))
    source = Path(click_words_file())
    ours: set[str] = set()
    for _line, message, _comments, _context in extract_from_file(
            "python", str(source), keywords={"N_": None, "n_": (1, 2)}):
        ours.update(message if isinstance(message, tuple) else (message,))
    from iepcheck.cli.click_words import COMPLETION_HELP

    assert len(ours) > 50
    assert ours - asked - set(COMPLETION_HELP.values()) == set()


def click_words_file() -> str:
    from iepcheck.cli import click_words

    return click_words.__file__


def test_the_installed_package_holds_the_compiled_catalogue(tmp_path: Path) -> None:
    """`pip install .` needs no GNU gettext and no Babel: the .mo is in the wheel."""
    import shutil
    import subprocess
    import sys
    import zipfile

    from tests.conftest import ROOT

    source = tmp_path / "source"
    shutil.copytree(ROOT / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q",
                           "-w", str(tmp_path / "wheel")], capture_output=True, text=True,
                          check=False, timeout=300)
    if done.returncode != 0 and "No matching distribution" in done.stderr:
        pytest.skip(f"no package index to build the wheel with: {done.stderr[-200:]}")
    assert done.returncode == 0, done.stderr[-2000:]
    wheel = next((tmp_path / "wheel").glob("iepcheck-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "iepcheck/language/locale/es/LC_MESSAGES/iepcheck.mo" in names
    assert not [n for n in names if n.endswith(".po")]


@pytest.mark.parametrize("command", [("report",), ("due",), ("items",)])
def test_spanish_tables_fit_in_100_columns(cli, monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path, command: tuple[str, ...]) -> None:
    """Spanish runs longer than English: its tables still fit a 100-column terminal."""
    import shutil

    from tests.conftest import EXAMPLE_PLAN

    monkeypatch.setenv("LANGUAGE", "es")
    monkeypatch.setenv("COLUMNS", "100")
    folder = Path(shutil.copytree(EXAMPLE_PLAN.parent, tmp_path / "example"))
    done = cli(*command, "--plan", folder / "plan.toml", "--as-of", AS_OF)
    assert done.code in (0, 1), done.stderr
    wide = [line for line in done.stdout.splitlines() if len(line) > 100]
    assert wide == []


def test_every_catalogue_passes_msgfmt() -> None:
    """GNU msgfmt's checks: a translation that renames or drops a placeholder fails."""
    import shutil
    import subprocess

    from tests.catalogue import po_files

    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (Debian's gettext) is not installed")
    for po in po_files():
        done = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr


def test_every_catalogue_is_complete_and_compiled(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.catalogue import check

    assert check() == 0, capsys.readouterr().out
