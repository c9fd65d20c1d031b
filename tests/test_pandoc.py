"""The report's Markdown converted with pandoc reads as a report in Word: headings, the
summary, one table row per item with every figure, and no Markdown left showing."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_PLAN

AS_OF = "2026-11-20"


def _pandoc_docx(markdown: Path, out: Path) -> list[str]:
    """Every text of the converted document, paragraphs then table cells, read back."""
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed (apt-get install pandoc)")
    docx = pytest.importorskip("docx", reason="python-docx is the docx extra")
    subprocess.run(["pandoc", "-f", "markdown", str(markdown), "-o", str(out)], check=True,
                   capture_output=True, timeout=120)
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return texts


def _tables(path: Path) -> list:
    import docx

    return [row for table in docx.Document(str(path)).tables for row in table.rows]


def test_the_reports_markdown_becomes_a_readable_word_document(cli, tmp_path) -> None:
    markdown = tmp_path / "report.md"
    done = cli("report", "--plan", str(EXAMPLE_PLAN), "--as-of", AS_OF, "-o", str(markdown))
    assert done.code == 0, done.stderr
    texts = _pandoc_docx(markdown, tmp_path / "report.docx")
    assert texts[0] == "Evidence report: Maya Rivera"
    assert "Annual goals" in texts and "What the statuses mean" in texts
    found = json.loads(cli("report", "--plan", str(EXAMPLE_PLAN), "--as-of", AS_OF,
                           "--format", "json").stdout)
    cells = {text.replace(",", "") for text in texts}  # 1,215 or 1215: the figure either way
    rows = {tuple(cell.text for cell in row.cells) for row in _tables(tmp_path / "report.docx")}
    for item in found["items"]:
        row = next(r for r in rows if any(c.startswith(item["name"]) and item["id"] in c
                                          for c in r))
        for figure in (item["minutes"] or {}).values():
            assert str(figure) in {c.replace(",", "") for c in row}, (item["id"], figure)
    assert len(cells) > 50
    shown = "\n".join(texts)
    assert "\\" not in shown and "**" not in shown and "| ---" not in shown


def test_a_letters_markdown_becomes_a_word_document_as_it_reads(cli, tmp_path) -> None:
    markdown = tmp_path / "letter.md"
    done = cli("letter", "meeting-request", "--plan", str(EXAMPLE_PLAN), "--as-of", AS_OF,
               "-o", str(markdown))
    assert done.code == 0, done.stderr
    texts = _pandoc_docx(markdown, tmp_path / "letter.docx")
    assert texts[0].startswith("Date: 20 Nov 2026")
    assert any("(#9, interview: 30 min" in text for text in texts)
    assert "\\" not in "\n".join(texts)
