"""What the parent reads comes out in Spanish with LANGUAGE=es (the report in every human
format, due, history, letters, the weekly draft, the calendar, the bundle's page), while what
is stored or parsed stays English: CSV, the log's notes, statuses as ids (docs/languages.md).

Run on the example plan and its log, through the real entry point, on fixed dates."""

from __future__ import annotations

import gettext
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from iepcheck.language import messages
from iepcheck.store.logbook import read_log
from iepcheck.vocabulary import FINDING_VALUES, KIND_VALUES, REASON_VALUES, Status
from tests.conftest import EXAMPLE_PLAN

AS_OF = "2026-11-20"
EXAMPLE_LOG = EXAMPLE_PLAN.with_name("plan.log.json")

#: Sentences of the English templates: none may be left in a Spanish output.
ENGLISH_TEMPLATES = ("Dear ", "Kind regards", "I have no record", "Draft from iepcheck",
                     "What the statuses mean", "How minutes are counted", "Service minutes",
                     "Annual goals", "Thank you", "recorded as delivered", "Evidence report")


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """A Spanish run in this process leaves its catalogue installed: put English back, so the
    tests after these read what they expect."""
    yield
    messages.use(gettext.NullTranslations(), messages.ENGLISH)


@pytest.fixture
def spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "es")


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "en")


@pytest.fixture
def maya(tmp_path: Path) -> Path:
    """The example plan and its log in a fresh folder (a --record must not touch examples/)."""
    plan = tmp_path / "plan.toml"
    shutil.copy(EXAMPLE_PLAN, plan)
    shutil.copy(EXAMPLE_LOG, tmp_path / "plan.log.json")
    shutil.copytree(EXAMPLE_PLAN.with_name("plan.evidence"), tmp_path / "plan.evidence")
    return plan


def _ok(done) -> str:
    assert done.code == 0, done.stderr
    return done.stdout


def _no_english(text: str) -> None:
    left = [t for t in ENGLISH_TEMPLATES if t in text]
    assert not left, left


@pytest.mark.parametrize("args", [["meeting-request"], ["records-request"],
                                  ["make-up-request"], ["escalation", "mrs-patel"],
                                  ["complaint-facts"], ["records-questions"]])
def test_every_letter_is_written_in_spanish(cli, spanish, args) -> None:
    done = cli("letter", *args, "--lang", "es", "--plan", EXAMPLE_PLAN, "--as-of", AS_OF)
    if done.code == 2:  # the example has nothing for this kind to say: the refusal is Spanish
        assert done.stderr.startswith("iepcheck: ") and "the " not in done.stderr, done.stderr
        return
    text = _ok(done)
    _no_english(text)
    assert "Log seal #27 " in text  # the receipt is the record's, whatever the language


def test_the_meeting_request_in_spanish_is_formal_and_keeps_the_record(cli, spanish) -> None:
    text = _ok(cli("letter", "meeting-request", "--lang", "es", "--plan", EXAMPLE_PLAN, "--as-of", AS_OF))
    assert "Estimado(a) Mrs. Patel:" in text and "Atentamente," in text
    assert "Le escribo para solicitar una reunión del equipo del IEP (Programa de Educación " \
           "Individualizado)" in text
    assert "(#9, entrevista: 30 min, proveedor ausente," in text  # the kind in Spanish words
    assert "no tengo constancia de que se haya prestado" in text  # never more than the record


def test_the_records_request_keeps_its_legal_citation(cli, spanish) -> None:
    text = _ok(cli("letter", "records-request", "--lang", "es", "--plan", EXAMPLE_PLAN, "--as-of", AS_OF))
    assert "(IDEA, 34 CFR 300.613)" in text and "registros escolares" in text


def test_a_letter_recorded_in_spanish_leaves_an_english_note_in_the_log(cli, spanish,
                                                                        maya) -> None:
    _ok(cli("letter", "meeting-request", "--lang", "es", "--plan", maya, "--as-of", AS_OF, "--record"))
    note = read_log(maya.with_name("plan.log.json"))[-1].note or ""
    assert note == "Meeting request: Request for an IEP meeting: Maya Rivera"


def test_the_report_reads_in_spanish_in_every_human_format(cli, spanish, tmp_path) -> None:
    for name in ("report.md", "report.html", "report.txt"):
        out = tmp_path / name
        _ok(cli("report", "--plan", EXAMPLE_PLAN, "--as-of", AS_OF, "-o", out))
        text = out.read_text()
        _no_english(text)
        assert "Metas anuales" in text and "sin pruebas" in text
    page = (tmp_path / "report.html").read_text()
    assert '<html lang="es">' in page and "Qué significa cada estado" in page
    assert 'class="status no-evidence">sin pruebas<' in page  # the CSS class stays the id


def test_english_output_is_unchanged(cli, english, tmp_path) -> None:
    out = tmp_path / "report.html"
    _ok(cli("report", "--plan", EXAMPLE_PLAN, "--as-of", AS_OF, "-o", out))
    page = out.read_text()
    assert '<html lang="en">' in page and 'class="status no-evidence">no-evidence<' in page
    assert "What the statuses mean" in page


def test_csv_is_the_same_in_every_language(cli, monkeypatch, tmp_path) -> None:
    outputs = {}
    for language in ("en", "es"):
        monkeypatch.setenv("LANGUAGE", language)
        out = tmp_path / f"report-{language}.csv"
        _ok(cli("report", "--plan", EXAMPLE_PLAN, "--as-of", AS_OF, "-o", out))
        outputs[language] = out.read_bytes()
    assert outputs["en"] == outputs["es"]


def test_due_history_and_items_in_spanish_fit_100_columns(cli, spanish, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    for command, words in (("due", "Revise estos elementos"), ("history", "fecha"),
                           ("items", "elementos del IEP")):
        text = _ok(cli(command, "--plan", EXAMPLE_PLAN, "--as-of", AS_OF))
        assert words in text, command
        if command != "history":  # history prints each note whole, by design
            assert max(len(line) for line in text.splitlines()) <= 100, command


def test_the_weekly_draft_in_spanish(cli, spanish) -> None:
    text = _ok(cli("draft-email", "mrs-patel", "--lang", "es", "--plan", EXAMPLE_PLAN, "--as-of", AS_OF))
    _no_english(text)
    assert "¿Se le dio a Maya la adaptación" in text


def test_the_calendar_titles_and_the_bundle_page_in_spanish(cli, spanish, maya,
                                                            tmp_path) -> None:
    calendar = tmp_path / "maya.ics"
    _ok(cli("calendar", "--plan", maya, "-o", calendar))
    assert "SUMMARY:IEP de Maya: consulta semanal" in calendar.read_text()
    bundle = tmp_path / "maya.zip"
    _ok(cli("bundle", "--plan", maya, "--as-of", AS_OF, "-o", bundle))
    with zipfile.ZipFile(bundle) as package:
        readme = next(n for n in package.namelist() if n.endswith("README.html"))
        page = package.read(readme).decode()
        manifest = package.read(readme.replace("README.html", "manifest.json")).decode()
    assert "¿Está intacto el registro?" in page and '<html lang="es">' in page
    assert "this page: what each file is and how to check it" in manifest  # stays English


def test_a_status_is_shown_by_its_id_in_english_and_by_a_word_in_spanish() -> None:
    from iepcheck.render.words import status_label, verdict_label
    from iepcheck.store.catalogue import load

    assert [status_label(s) for s in Status] == [s.value for s in Status]
    assert verdict_label("on-track") == "on-track" and verdict_label("unknown") == "unknown"
    with messages.speaking(load("es"), "es"):
        assert status_label(Status.no_evidence) == "sin pruebas"
        assert verdict_label("behind") == "atrasada"


def test_a_weekly_draft_recorded_in_spanish_leaves_an_english_note(cli, spanish, maya,
                                                                  tmp_path) -> None:
    out = tmp_path / "patel.eml"
    _ok(cli("draft-email", "mrs-patel", "--lang", "es", "-o", out, "--record", "--plan", maya,
            "--as-of", AS_OF))
    note = read_log(maya.with_name("plan.log.json"))[-1].note or ""
    assert note == "Weekly check-in: Maya's IEP: weekly check-in, week of 16 Nov"
    assert "consulta semanal" in out.read_text()


def test_the_bundle_page_names_each_original_in_spanish(cli, spanish, maya, tmp_path) -> None:
    bundle = tmp_path / "maya.zip"
    _ok(cli("bundle", "--plan", maya, "--as-of", AS_OF, "-o", bundle))
    with zipfile.ZipFile(bundle) as package:
        readme = next(n for n in package.namelist() if n.endswith("README.html"))
        page = package.read(readme).decode()
        manifest = package.read(readme.replace("README.html", "manifest.json")).decode()
    assert "el original adjunto a #" in page
    assert "the original attached to #" in manifest and "el original" not in manifest


def test_kinds_findings_and_reasons_are_ids_in_english_and_words_in_spanish() -> None:
    from iepcheck.store.catalogue import load
    from iepcheck.vocabulary import finding_word, kind_word, reason_word

    pairs = [(kind_word, KIND_VALUES), (finding_word, FINDING_VALUES),
             (reason_word, REASON_VALUES)]
    for word, values in pairs:
        assert [word(v) for v in values] == list(values)  # English reads as it always did
    with messages.speaking(load("es"), "es"):
        for word, values in pairs:
            shown = [word(v) for v in values]
            assert not set(shown) & set(values), shown  # every id has a Spanish word
        assert kind_word("work-sample") == "muestra de trabajo"
        assert finding_word("not-implemented") == "no se hizo"
        assert reason_word("provider-absent") == "proveedor ausente"
        assert kind_word("unknown-kind") == "unknown-kind"


def test_the_record_words_are_spanish_in_the_report_history_and_timeline(cli, spanish,
                                                                        tmp_path) -> None:
    report = _ok(cli("report", "--plan", EXAMPLE_PLAN, "--as-of", AS_OF))
    assert "no se hizo" in report and "not-implemented" not in report
    history = _ok(cli("history", "--plan", EXAMPLE_PLAN))
    assert "muestra de trabajo" in history and "work-sample" not in history
    for name in ("timeline.md", "timeline.html"):
        out = tmp_path / name
        _ok(cli("timeline", "--plan", EXAMPLE_PLAN, "--as-of", AS_OF, "-o", out))
        text = out.read_text()
        assert "registro de servicios" in text and "service-log" not in text, name
        assert "proveedor ausente" in text and "provider-absent" not in text, name


def test_the_record_words_stay_ids_in_json_whatever_the_language(cli, monkeypatch) -> None:
    outputs = {}
    for language in ("en", "es"):
        monkeypatch.setenv("LANGUAGE", language)
        outputs[language] = _ok(cli("timeline", "--plan", EXAMPLE_PLAN, "--as-of", AS_OF,
                                    "--format", "json"))
    assert outputs["en"] == outputs["es"] and '"work-sample"' in outputs["es"]
