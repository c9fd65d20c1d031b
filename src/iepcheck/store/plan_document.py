"""An IEP or 504 document's tables, read from its bytes: PDF through pdfplumber, Word through
python-docx (docs/import-plan.md).

Both libraries are extras (`iepcheck[pdf]`, `iepcheck[docx]`), imported only here, inside
the function that needs them; without one, one line says how to install it. A PDF page with
no text layer (a scan or a phone photo) is refused, naming OCR (`ocrmypdf`) as the way
forward: reading pixels would be guessing. What the cells mean is `plan/proposal.py`.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Any

from iepcheck.errors import UserError
from iepcheck.language.messages import _
from iepcheck.store.files import read_regular

if TYPE_CHECKING:
    from pathlib import Path

    from iepcheck.plan.proposal import Document


def read_document(path: Path) -> Document:
    """The document's SHA-256 and, page by page, its tables as rows of cell text."""
    from iepcheck.plan.proposal import Document

    try:
        raw = read_regular(path)
    except OSError as error:
        raise UserError(_("{path}: cannot read it ({reason}); check the path").format(
            path=path, reason=error.strerror)) from None
    digest = hashlib.sha256(raw).hexdigest()
    suffix = path.suffix.lower()
    if suffix == ".pdf" or raw.startswith(b"%PDF"):
        return Document(path.name, digest, *_pdf_pages(path))
    if suffix == ".docx":
        return Document(path.name, digest, *_docx_pages(path))
    raise UserError(_("{path}: not a PDF or a Word (.docx) file; save the plan as one of "
                      "them (an old .doc: open it in Word and save as .docx)").format(path=path))


#: Each page's tables (rows of cells), and each page's lines of text.
Pages = tuple[tuple[tuple[tuple[tuple[str, ...], ...], ...], ...], tuple[tuple[str, ...], ...]]


def _pdf_pages(path: Path) -> Pages:
    try:
        import pdfplumber
    except ImportError:
        raise UserError(_("reading a PDF needs the pdf extra: pip install "
                          "'iepcheck[pdf]'")) from None
    pages, lines = [], []
    try:
        document = pdfplumber.open(path)
    except Exception:  # noqa: BLE001 - pdfminer raises many kinds for a damaged file
        raise UserError(_("{path}: not a PDF iepcheck can open (damaged or "
                          "password-protected); save an unprotected copy and try again").format(
                              path=path)) from None
    with document:
        for number, page in enumerate(document.pages, start=1):
            text = page.extract_text() or ""
            if not text.strip():
                raise UserError(_("{path}: page {number} has no text layer (a scan or a "
                                  "photo); run OCR first, e.g. 'ocrmypdf in.pdf out.pdf', then "
                                  "import out.pdf").format(path=path, number=number))
            tables = [_rows(table) for table in page.extract_tables()]
            if not tables:
                tables = _unruled(page)
            pages.append(tuple(tables))
            lines.append(tuple(text.splitlines()))
    return tuple(pages), tuple(lines)


def _unruled(page: Any) -> list[tuple[tuple[str, ...], ...]]:
    """A page without ruled tables may still hold a grid of text columns."""
    from iepcheck.plan.text_grid import Word, grid_from_words

    words = [Word(w["x0"], w["x1"], w["top"], w["text"]) for w in page.extract_words()]
    grid = grid_from_words(words)
    return [grid] if grid else []


def _docx_pages(path: Path) -> Pages:
    """A Word file has no pages: its tables and paragraphs are read as one page, in document
    order; a list paragraph (style "List …") reads as a bulleted line."""
    try:
        import docx
    except ImportError:
        raise UserError(_("reading a Word file needs the docx extra: pip install "
                          "'iepcheck[docx]'")) from None
    try:
        document = docx.Document(str(path))
    except Exception:  # noqa: BLE001 - python-docx raises zipfile and lxml errors
        raise UserError(_("{path}: not a Word file iepcheck can open; save it again as "
                          ".docx").format(path=path)) from None
    tables = [tuple(tuple(cell.text for cell in row.cells) for row in table.rows)
              for table in document.tables]
    lines = tuple(("• " if paragraph.style is not None and paragraph.style.name.startswith("List")
                   else "") + paragraph.text for paragraph in document.paragraphs)
    return (tuple(_rows(list(map(list, table))) for table in tables),), (lines,)


def _rows(table: list[list[str | None]]) -> tuple[tuple[str, ...], ...]:
    """Cells as one line of text each: wrapped lines joined (a line ending in a hyphen joined
    without a space: "Speech-" + "Language"), merged (None) cells empty."""
    return tuple(tuple(" ".join(re.sub(r"-\n\s*", "-", cell or "").split()) for cell in row)
                 for row in table)
