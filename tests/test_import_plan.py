"""`import-plan` through the real entry point, on documents built at test time in several
layouts (tests/iep_documents.py, fictional children): each imports to the expected services
exactly, every value beside its source, and nothing is written until the parent says yes."""

import shutil
import tomllib
from pathlib import Path

import pytest

from iepcheck.plan.frequency import numbers_in
from tests import iep_documents as documents
from tests.conftest import MINIMAL_PLAN

pytest.importorskip("pdfplumber", reason="import-plan needs the pdf extra (pdfplumber)")
pytest.importorskip("docx", reason="Word forms need the docx extra (python-docx)")
pytest.importorskip("reportlab", reason="the test PDFs are built with reportlab")
pytest.importorskip("fpdf", reason="the New York test PDF is built with fpdf2")


def _services(cli, path: Path) -> list[dict]:
    done = cli("import-plan", path)
    assert done.code == 0, done.stderr
    return tomllib.loads(done.stdout).get("services", [])


def _amount(service: dict) -> tuple | None:
    if "per" not in service:
        return None
    return service.get("minutes"), service.get("times"), service["per"]


def _expected(name: str, amount: tuple | None, location: str | None, provider: str | None,
              days: tuple | None, **more: object) -> dict:
    """A service as the proposal must hold it, built from the fixture's own cells."""
    minutes, times, per = amount or (None, None, None)
    service = {"name": name, "minutes": minutes, "times": times, "per": per,
               "cycle_days": 6 if per == "cycle" else None, "location": location,
               "provider": provider, "start": days[0] if days else None,
               "end": days[1] if days else None, **more}
    return {key: value for key, value in service.items() if value is not None}


def _exact(services: list[dict]) -> list[dict]:
    return [{key: value for key, value in s.items() if key != "id"} for s in services]


def test_every_layout_imports_to_the_expected_plan_exactly(cli, tmp_path: Path) -> None:
    """Every service's minutes, times, per, dates, provider and location, and nothing else."""
    california = [_expected(row[0], amount, row[2], row[1], documents.dates(row[4], row[5]))
                  for row, amount in zip(documents.CALIFORNIA_ROWS, documents.CALIFORNIA_AMOUNTS,
                                         strict=True)]
    assert _exact(_services(cli, documents.california_pdf(tmp_path))) == california
    new_york = [_expected(row[0], amount, row[3], None, documents.dates(row[4], row[5]),
                          **({"esy": True} if section.startswith("Extended") else {}))
                for section, rows in documents.NEW_YORK_SECTIONS.items() for row in rows
                for amount in [documents.NEW_YORK_AMOUNTS[
                    [r for rs in documents.NEW_YORK_SECTIONS.values() for r in rs].index(row)]]]
    assert _exact(_services(cli, documents.new_york_pdf(tmp_path))) == new_york
    word = [_expected(row[0], amount, row[2], row[3].partition(" (")[0],
                      documents.dates(*row[4].split(" - ")), **delivery)
            for row, amount, delivery in zip(documents.WORD_ROWS, documents.WORD_AMOUNTS,
                                             documents.WORD_DELIVERY, strict=True)]
    assert _exact(_services(cli, documents.word_form(tmp_path))) == word
    unruled = [_expected(name, amount, row[2], row[3], None)
               for name, amount, row in zip(documents.UNRULED_NAMES, documents.UNRULED_AMOUNTS,
                                            documents.UNRULED_ROWS, strict=True)]
    assert _exact(_services(cli, documents.unruled_pdf(tmp_path))) == unruled


def test_every_proposal_is_a_valid_plan_once_added(cli, plan_path: Path, tmp_path: Path) -> None:
    from iepcheck.store.plan_file import load_plan

    for build in (documents.california_pdf, documents.new_york_pdf, documents.word_form,
                  documents.unruled_pdf):
        target = tmp_path / f"{build.__name__}.toml"
        target.write_bytes(plan_path.read_bytes())
        done = cli("import-plan", build(tmp_path), "--into", target, "--yes")
        assert done.code == 0, done.stderr
        assert load_plan(target).services


def test_a_ruled_california_grid_over_a_page_break(cli, tmp_path: Path) -> None:
    services = _services(cli, documents.california_pdf(tmp_path))
    assert [s["name"] for s in services] == [row[0] for row in documents.CALIFORNIA_ROWS]
    assert [_amount(s) for s in services] == documents.CALIFORNIA_AMOUNTS
    for service, row in zip(services, documents.CALIFORNIA_ROWS, strict=True):
        assert (service["provider"], service["location"]) == (row[1], row[2])
        assert (service["start"], service["end"]) == documents.dates(row[4], row[5])


def test_the_page_break_and_the_refusal_are_cited(cli, tmp_path: Path) -> None:
    done = cli("import-plan", documents.california_pdf(tmp_path))
    assert '# p.2 row 1: "Occupational Therapy |' in done.stdout
    assert 'cycle_days = 6  # p.2 row 3: "1 x 30 / 6-day cycle"' in done.stdout
    assert 'per = "cycle"  # p.2 row 3: "1 x 30 / 6-day cycle"' in done.stdout
    assert 'minutes = 30  # p.1 row 2: "2 x 30 min weekly"' in done.stdout


def test_a_new_york_grid_with_section_rows(cli, tmp_path: Path) -> None:
    services = _services(cli, documents.new_york_pdf(tmp_path))
    rows = [row for section in documents.NEW_YORK_SECTIONS.values() for row in section]
    assert [s["name"] for s in services] == [row[0] for row in rows]
    assert [_amount(s) for s in services] == documents.NEW_YORK_AMOUNTS
    for service, row in zip(services, rows, strict=True):
        assert service["location"] == row[3]
        assert (service["start"], service["end"]) == documents.dates(row[4], row[5])


def test_a_word_form_table(cli, tmp_path: Path) -> None:
    done = cli("import-plan", documents.word_form(tmp_path))
    services = tomllib.loads(done.stdout)["services"]
    assert [s["name"] for s in services] == [row[0] for row in documents.WORD_ROWS]
    assert [_amount(s) for s in services] == documents.WORD_AMOUNTS
    assert [s["provider"] for s in services] == [
        row[3].partition(" (")[0] for row in documents.WORD_ROWS]
    assert "# refused: p.1 row 4: 'as needed': 'as needed' names no amount owed" in done.stdout
    assert 'delivery = "consult"  # p.1 row 5: "Consult"' in done.stdout
    assert 'group = 3  # p.1 row 2: "Direct, group of 3"' in done.stdout
    assert "# refused: p.1 row 4: 'Individual': individual sessions, but the cell writes no " \
        "group size" in done.stdout


def test_the_word_forms_providers_and_accommodations_table_are_proposed(cli, tmp_path: Path) -> None:
    done = cli("import-plan", documents.word_form(tmp_path))
    proposal = tomllib.loads(done.stdout)
    assert [(s["name"], s.get("role")) for s in proposal["staff"]] == documents.WORD_STAFF
    assert [s["id"] for s in proposal["staff"]] == ["ms-park", "mr-diaz", "dr-wu"]
    assert [(a["name"], a.get("applies_to")) for a in proposal["accommodations"]] == (
        documents.WORD_ACCOMMODATIONS_EXPECTED)
    assert ('applies_to = ["Math", "science", "state tests"]  # p.1 row 3: "Math, science; '
            'state tests"') in done.stdout
    assert '# p.1 row 4: "Dr. Wu (School Psychologist)"' in done.stdout


def test_the_word_forms_goals_table_is_proposed_or_refused_row_by_row(cli, tmp_path: Path) -> None:
    done = cli("import-plan", documents.word_form(tmp_path))
    goals = tomllib.loads(done.stdout)["goals"]
    assert [{k: v for k, v in g.items() if k != "id"} for g in goals] == (
        documents.WORD_GOALS_EXPECTED)
    assert ('baseline = {value = 62, date = 2026-09-09}  # p.1 row 2: "62 wcpm on 09/09/2026"'
            in done.stdout)
    assert ("# refused: p.1 row 4: goal 'Writes a five-sentence paragraph with a topic "
            "sentence': the row gives no baseline written as one number and one date; add it "
            "with 'iepcheck add-item goal'") in done.stdout
    assert "[[goals]]" not in done.stdout.partition("# p.1 row 4: \"Writing")[2]


def test_a_role_alone_names_no_one_and_proposes_no_staff(cli, tmp_path: Path) -> None:
    proposal = tomllib.loads(cli("import-plan", documents.california_pdf(tmp_path)).stdout)
    assert "staff" not in proposal  # "Speech-Language Pathologist" is a role, not a person


def test_into_leaves_out_the_staff_the_plan_already_has(cli, plan_path: Path,
                                                        tmp_path: Path) -> None:
    from iepcheck.store.plan_file import load_plan

    plan_path.write_text(plan_path.read_text().replace('name = "Ms. Lee"', 'name = "Ms. Park"'))
    done = cli("import-plan", documents.word_form(tmp_path), "--into", plan_path, "--yes")
    assert done.code == 0, done.stderr
    plan = load_plan(plan_path)
    assert [s.name for s in plan.staff] == ["Ms. Park", "Mr. Diaz", "Dr. Wu"]
    assert plan.staff_named("Dr. Wu").role == "School Psychologist"  # type: ignore[union-attr]
    assert plan.staff_named(plan.item("counseling").provider).id == "dr-wu"  # type: ignore[union-attr]


def test_an_esy_section_marks_its_rows_with_their_own_dates(cli, tmp_path: Path) -> None:
    done = cli("import-plan", documents.new_york_pdf(tmp_path))
    assert 'esy = true  # p.1 row 8: "Extended School Year Services"' in done.stdout
    esy = [s for s in tomllib.loads(done.stdout)["services"] if s.get("esy")]
    assert [(s["start"], s["end"]) for s in esy] == [documents.dates("2027-07-06", "2027-08-13")]


def test_an_unruled_text_column_grid(cli, tmp_path: Path) -> None:
    done = cli("import-plan", documents.unruled_pdf(tmp_path))
    services = tomllib.loads(done.stdout)["services"]
    assert [s["name"] for s in services] == documents.UNRULED_NAMES
    assert [_amount(s) for s in services] == documents.UNRULED_AMOUNTS
    assert [(s["location"], s["provider"]) for s in services] == [
        (row[2], row[3]) for row in documents.UNRULED_ROWS]
    assert 'per = "year"  # p.1 row 2: "45 sessions @ 30 min yearly"' in done.stdout
    assert 'times = 45  # p.1 row 2: "45 sessions @ 30 min yearly"' in done.stdout


def test_a_504_plan_with_a_bulleted_accommodations_list(cli, tmp_path: Path) -> None:
    done = cli("import-plan", documents.plan_504_pdf(tmp_path))
    proposal = tomllib.loads(done.stdout)
    assert "services" not in proposal
    assert [a["name"] for a in proposal["accommodations"]] == documents.ACCOMMODATIONS_504
    assert "# No services grid found" in done.stdout
    assert '# p.1 line 5: "Preferential seating near the teacher and away from distractions' in (
        done.stdout)


def test_a_504_list_goes_into_the_plan(cli, plan_path: Path, tmp_path: Path) -> None:
    done = cli("import-plan", documents.plan_504_pdf(tmp_path), "--into", plan_path, "--yes")
    assert done.code == 0, done.stderr
    from iepcheck.store.plan_file import load_plan

    names = [a.name for a in load_plan(plan_path).accommodations]
    assert names == ["Extended time", *documents.ACCOMMODATIONS_504]


def test_a_proposal_never_holds_a_number_absent_from_its_cell(tmp_path: Path) -> None:
    from iepcheck.plan.proposal import propose
    from iepcheck.store.plan_document import read_document

    for build in (documents.california_pdf, documents.new_york_pdf, documents.word_form,
                  documents.unruled_pdf):
        for service in propose(read_document(build(tmp_path))).services:
            for value in service.values:
                if isinstance(value.value, int) and not isinstance(value.value, bool):
                    assert value.value in numbers_in(value.cell), value
        for goal in propose(read_document(build(tmp_path))).goals:
            for value in goal.values:
                if isinstance(value.value, dict):
                    assert value.value["value"] in numbers_in(value.cell), value


def test_the_proposal_records_the_documents_sha256(cli, tmp_path: Path) -> None:
    import hashlib

    path = documents.word_form(tmp_path)
    done = cli("import-plan", path)
    assert f"# sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}" in done.stdout


def test_a_scan_is_refused_naming_ocr(cli, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: cannot rasterise a page")
    done = cli("import-plan", documents.scanned_pdf(tmp_path))
    assert done.code == 2
    assert "page 1 has no text layer" in done.stderr and "ocrmypdf" in done.stderr
    assert done.stderr.count("\n") == 1 and done.stdout == ""


def test_into_appends_after_yes_and_keeps_every_byte(cli, plan_path: Path, tmp_path: Path) -> None:
    before = plan_path.read_bytes()
    form = documents.word_form(tmp_path)
    refused = cli("import-plan", form, "--into", plan_path, stdin="n\n")
    assert refused.code == 1 and plan_path.read_bytes() == before
    done = cli("import-plan", form, "--into", plan_path, "--yes")
    assert done.code == 0, done.stderr
    text = plan_path.read_text()
    assert text.startswith(MINIMAL_PLAN) and "# refused: p.1 row 4" in text
    from iepcheck.store.plan_file import load_plan

    assert load_plan(plan_path).item("resource-room-program").times == 2


def test_into_twice_is_refused_with_the_plan_untouched(cli, plan_path: Path, tmp_path: Path) -> None:
    form = documents.word_form(tmp_path)
    assert cli("import-plan", form, "--into", plan_path, "--yes").code == 0
    after = plan_path.read_bytes()
    again = cli("import-plan", form, "--into", plan_path, "--yes")
    assert again.code == 2 and "already used" in again.stderr
    assert plan_path.read_bytes() == after


def test_output_writes_the_proposal_to_a_file(cli, tmp_path: Path) -> None:
    target = tmp_path / "proposal.toml"
    done = cli("import-plan", documents.word_form(tmp_path), "-o", target)
    assert done.code == 0, done.stderr
    assert tomllib.loads(target.read_text())["services"][0]["times"] == 3


def test_a_file_that_is_no_plan_document_is_refused(cli, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    done = cli("import-plan", path)
    assert done.code == 2 and "not a PDF or a Word (.docx) file" in done.stderr


def test_attach_keeps_the_document_by_its_sha256(cli, plan_path: Path, tmp_path: Path) -> None:
    import hashlib

    form = documents.word_form(tmp_path)
    done = cli("import-plan", form, "--attach", "--plan", plan_path)
    assert done.code == 0, done.stderr
    sha = hashlib.sha256(form.read_bytes()).hexdigest()
    kept = plan_path.parent / "sam.evidence" / f"{sha}.docx"
    assert kept.read_bytes() == form.read_bytes()
    assert f"# kept in the evidence folder: sam.evidence/{sha}.docx" in done.stdout


def test_plan_diff_between_two_documents(cli, tmp_path: Path) -> None:
    import docx

    old = documents.word_form(tmp_path)
    form = docx.Document(str(old))
    form.tables[0].rows[1].cells[1].text = "2 sessions weekly for 20 minutes each"
    new = tmp_path / "this-year.docx"
    form.save(str(new))
    done = cli("plan", "diff", old, new)
    assert done.code == 0, done.stderr
    assert done.stdout.splitlines() == [
        ("changed: service Speech/Language Therapy (speech-language-therapy): times 3 → 2; "
        "60 min a week → 40 min a week")]
