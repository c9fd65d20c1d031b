"""Print- and phone-ready pages: the report's totals row and charts, and, where chromium and
poppler are installed, the real thing: each page printed to PDF at Letter and at A4 portrait,
every word inside the paper and the rightmost column there (docs/bundle.md, "Printing")."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

AS_OF = "2026-11-28"
LONG_NAME = ("Occupational-therapy-fine-motor-handwriting-visual-motor-integration-and-"
             "sensory-diet-consultation")
LONG_FILE = "Progress-report-fall-2026-occupational-therapy-goal-3b-signed-by-the-team.pdf"


@pytest.fixture
def example(tmp_path: Path, cli) -> Path:
    """The example plan, log and evidence, with a long unbroken item name, a note holding a
    long URL and an attachment with a long name: what squeezes a printed table."""
    for name in ("plan.toml", "plan.log.json"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    shutil.copytree(ROOT / "examples" / "plan.evidence", tmp_path / "plan.evidence")
    plan = tmp_path / "plan.toml"
    assert cli("add-item", "service", LONG_NAME, "--id", "ot-consult", "--minutes", "30",
               "--times", "1", "--per", "month", "--plan", plan).code == 0
    (tmp_path / LONG_FILE).write_bytes(b"%PDF-1.4 stand-in")
    note = ("See https://district.example.org/special-education/progress-reports/2026/fall/"
            "maya-rivera/occupational-therapy-goal-3b-signed-copy.pdf " + "and more " * 30)
    assert cli("log", "ot-consult", "-k", "progress-report", "-f", "partial", "--minutes", "30",
               "--date", "2026-11-20", "--note", note, "--attach", tmp_path / LONG_FILE,
               "--plan", plan, "--as-of", AS_OF).code == 0
    return plan


def page(cli, plan: Path, what: str) -> str:
    done = cli(what, "--format", "html", "--plan", plan, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    return done.stdout


def test_the_report_page_adds_up_the_minutes_in_its_foot(cli, example) -> None:
    html = page(cli, example, "report")
    document = json.loads(cli("report", "--format", "json", "--plan", example,
                              "--as-of", AS_OF).stdout)
    timed = [i["minutes"] for i in document["items"] if i["minutes"]]
    foot = re.search(r"<tfoot>(.*?)</tfoot>", html, re.DOTALL)
    assert foot is not None
    cells = re.findall(r'<th class="n">(\d+)</th>', foot.group(1))
    assert [int(c) for c in cells] == [sum(m[k] for m in timed) for k in
                                       ("required", "delivered", "missed", "unaccounted", "owed")]
    assert f"Total, {len(timed)} services with minutes" in foot.group(1)


def test_the_report_page_draws_a_chart_per_service_in_effect(cli, example) -> None:
    html = page(cli, example, "report")
    # speech, ot, reading, counseling, ot-consult; the social skills group starts in January
    assert html.count('<figure class="chart"><svg role="img"') == 5
    assert "http" not in html and "<script" not in html and "<?xml" not in html
    assert page(cli, example, "report") == html  # no time of making, no random ids


def test_a_service_name_is_text_in_the_chart_never_markup(cli, tmp_path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text((ROOT / "examples" / "plan.toml").read_text().replace(
        'name = "Speech and language therapy"', 'name = "Speech </svg><script>x</script> $a^2$"'))
    html = page(cli, plan, "report")
    assert "<script" not in html and "</svg><script>" not in html
    assert "&lt;/svg&gt;&lt;script&gt;x&lt;/script&gt; $a^2$" in html  # mathtext off: $ stays


def test_the_pages_fit_a_phone(cli, example) -> None:
    for what in ("report", "timeline"):
        html = page(cli, example, what)
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        assert '<div class="scroll">' in html and "@media (max-width: 40em)" in html
        assert "@media print" in html and "thead { display: table-header-group; }" in html


def test_a_timeline_cell_never_holds_a_raw_line_break(cli, example) -> None:
    assert "<br" not in page(cli, example, "timeline")
    done = cli("timeline", "--plan", example, "--as-of", AS_OF)  # Markdown
    assert "<br" not in done.stdout


TOOLS = ("chromium", "pdftotext", "pdfinfo")


def print_pdf(html: str, paper: str, folder: Path) -> Path:
    """The page printed by headless chromium on `paper` (its @page size added for the test)."""
    source = folder / f"{paper}.html"
    source.write_text(html.replace("</head>", f"<style>@page {{ size: {paper} portrait }}"
                                              "</style></head>", 1))
    pdf = folder / f"{paper}.pdf"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
             source.as_uri()], capture_output=True, timeout=120, check=True)
    return pdf


@pytest.mark.skipif(not all(shutil.which(t) for t in TOOLS), reason="needs chromium and poppler")
@pytest.mark.parametrize("paper", ["letter", "A4"])
@pytest.mark.parametrize(("what", "rightmost"), [("report", "Owed"), ("timeline", "Windows")])
def test_printed_on_letter_and_a4_nothing_is_cut(cli, example, tmp_path, paper: str, what: str,
                                                 rightmost: str) -> None:
    pdf = print_pdf(page(cli, example, what), paper, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 2 <= pages <= 6, info
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    widths = [float(w) for w in re.findall(r'<page width="([\d.]+)"', boxes)]
    assert len(widths) == pages and (paper == "A4") == (round(widths[0]) == 595)
    sheets = boxes.split("<page ")[1:]
    for width, sheet in zip(widths, sheets):
        right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', sheet)]
        assert max(right_edges, default=0) <= width - 20  # inside the 12 mm margin
    assert f">{rightmost}</word>" in sheets[0]
    words = re.findall(r">([^<]+)</word>", boxes)
    if what == "report":
        document = json.loads(cli("report", "--format", "json", "--plan", example,
                                  "--as-of", AS_OF).stdout)
        owed = sum(i["minutes"]["owed"] for i in document["items"] if i["minutes"])
        assert "Total," in words and str(owed) in words  # the totals row, to its last column
        assert "Nov" in words  # the charts' text is text, on the paper too
    else:
        assert words.count("S") >= 20  # the windows column, entry by entry
        # the header is repeated on every page that continues the table
        continued = [s for s in sheets[1:] if ">2026-" in s]
        assert continued and all(f">{rightmost}</word>" in s for s in continued)


def test_a_long_chart_title_wraps_instead_of_running_off_the_chart() -> None:
    from iepcheck.render.minutes_chart import TITLE_WIDTH, title_lines

    lines = title_lines(f"{LONG_NAME} (ot-consult)").split("\n")
    assert len(lines) >= 2 and all(len(line) <= TITLE_WIDTH for line in lines)
    assert "".join(lines) == f"{LONG_NAME} (ot-consult)"
    assert title_lines("Speech (speech)") == "Speech (speech)"
