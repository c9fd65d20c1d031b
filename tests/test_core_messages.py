"""The core's sentences in the reader's language: reminders, report notes, refusals and
pydantic's own words read in Spanish, while what goes into the log stays English
(docs/languages.md). Through the real entry point with fixed dates, and the pure core under
`speaking`."""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from iepcheck.language import messages
from iepcheck.store.catalogue import load

FRIDAY = "2026-11-20"


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    """Whatever a test installs, the next test reads English again."""
    yield
    messages.use(gettext.NullTranslations(), messages.ENGLISH)


@pytest.fixture
def spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "es")


def test_due_next_steps_read_in_spanish(cli, example_plan, spanish) -> None:
    done = cli("due", "--plan", example_plan, "--as-of", FRIDAY)
    assert done.code == 0, done.stderr
    assert "Pregúntele a Maya si recibió" in done.stdout
    assert "pídale el registro a Dr. Green" in done.stdout
    assert "Ask " not in done.stdout and "Visit or email" not in done.stdout


def test_report_notes_and_minute_accounting_read_in_spanish(cli, example_plan, spanish) -> None:
    done = cli("report", "--plan", example_plan, "--as-of", FRIDAY, "--format", "markdown")
    assert done.code == 0, done.stderr
    assert "no tienen pruebas a favor desde el" in done.stdout
    assert "Los minutos requeridos salen de" in done.stdout
    assert "funcionario de audiencias" in done.stdout
    assert "Required minutes come from" not in done.stdout


def test_a_missing_plan_is_refused_in_spanish(cli, tmp_path: Path, spanish) -> None:
    done = cli("report", "--plan", tmp_path / "nope.toml", "--as-of", FRIDAY)
    assert done.code == 2
    assert "no hay ningún plan en" in done.stderr
    assert "ejecute 'iepcheck init'" in done.stderr


def test_verify_sums_up_in_spanish(cli, example_plan, spanish) -> None:
    cli("log", "speech", "-k", "visit", "--date", FRIDAY, "--plan", example_plan,
        "--as-of", FRIDAY)
    done = cli("verify", "--plan", example_plan)
    assert done.code == 0, done.stderr
    assert "verificación CORRECTA: 1 anotación en orden" in done.stdout


def test_the_interview_asks_in_spanish_and_logs_the_english_question(cli, example_plan,
                                                                     spanish) -> None:
    from iepcheck.store.logbook import read_log

    listed = cli("ask", "--list", "--plan", example_plan, "--as-of", FRIDAY)
    ot = "occupational therapy (fine motor, handwriting)"
    assert f"2. ¿Hoy fuiste a {ot} con Ms. Chen?  [ot]" in listed.stdout
    done = cli("ask", "--plan", example_plan, "--as-of", FRIDAY, stdin="s\nsí\n")
    assert done.code == 0, done.stderr
    assert "se anotó 1 respuesta: #1" in done.stdout
    entry = read_log(example_plan.with_name(example_plan.stem + ".log.json"))[0]
    assert (entry.items, entry.finding) == (("ot",), "implemented")
    assert entry.note == f'Asked: "Did you go to {ot} with Ms. Chen today?" Answer: yes.'


def test_pydantic_words_and_did_you_mean_in_spanish() -> None:
    from pydantic import ValidationError

    from iepcheck.errors import did_you_mean, validation_words
    from iepcheck.plan.model import Plan

    plan = {"student": {"name": "Maya"}, "plan": {"kind": "IEP", "start": "2026-08-24",
                                                  "end": "2027-08-19", "records_days": 99}}
    with pytest.raises(ValidationError) as english:
        Plan.model_validate(plan)
    with messages.speaking(load("es"), "es"):
        with pytest.raises(ValidationError) as spanish:
            Plan.model_validate(plan)
        words = validation_words(spanish.value)
        assert did_you_mean("speach", ["speech", "ot"]) == " (¿quiso decir speech?)"
    assert "Input should be less than or equal to 45" in validation_words(english.value)
    assert "El valor debe ser menor o igual que 45 (se encontró 99)" in words, words


def test_the_status_meanings_and_reminder_dates_follow_the_reader() -> None:
    from iepcheck.due.reminders import plan_dates
    from iepcheck.plan.model import Plan
    from iepcheck.vocabulary import Status

    plan = Plan.model_validate({
        "student": {"name": "Maya"},
        "plan": {"kind": "IEP", "start": date(2026, 8, 24), "end": date(2027, 8, 19),
                 "progress_reports": [date(2026, 11, 6)]},
    })
    english = [d.event for d in plan_dates(plan)]
    with messages.speaking(load("es"), "es"):
        assert Status.no_evidence.meaning == "nada en el período muestra que se cumplió"
        spanish = [d.event for d in plan_dates(plan)]
    assert english[0] == "progress report" and spanish[0] == "informe de progreso"
    assert Status.no_evidence.meaning == "nothing in the period shows it was done"
