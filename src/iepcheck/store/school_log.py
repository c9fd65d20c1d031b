"""The school's service-log export read from disk: its header row and its rows, each with the
row number a spreadsheet shows (the header is row 1), as text (docs/school-logs.md).

CSV through the standard library; `.xlsx` through python-calamine (the `xlsx` extra),
imported only here, only for a spreadsheet; a printed log (`.pdf`) through import-plan's
table reading (the `pdf` extra).
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from iepcheck.errors import UserError
from iepcheck.language.messages import _
from iepcheck.store.files import read_file

#: A term's service log is kilobytes; a file this large is not one (or not the right one).
MAX_FILE_BYTES = 64 << 20

#: (header, [(row number, cells)]): what every reader gives.
Table = tuple[list[str], list[tuple[int, list[str]]]]


def read_school_log(path: Path) -> tuple[bytes, Table]:
    """The file's bytes (to keep and hash) and its table."""
    raw = read_file(path, "service log", option="FILE", limit=MAX_FILE_BYTES,
                    missing=_("give the school's export (.csv or .xlsx)"))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        return raw, _spreadsheet(raw, path)
    if suffix == ".pdf" or raw.startswith(b"%PDF"):
        return raw, _printout(path)
    return raw, table_of_csv(raw)


def _printout(path: Path) -> Table:
    """A printed log (PDF with a text layer) through import-plan's table reading
    (`store/plan_document.py`): every table's rows down the pages, in order, as one table.
    The header is row 1 and rows are counted down the printout; a header the printout
    repeats at the top of a later page is not a row. A scan is refused, naming OCR."""
    from iepcheck.store.plan_document import read_document

    document = read_document(path)
    records: list[list[str]] = []
    header: list[str] | None = None
    for tables in document.pages:
        for table in tables:
            for row in table:
                cells = list(row)
                if header is not None and _same_row(cells, header):
                    continue
                if header is None and any(cell.strip() for cell in cells):
                    header = cells
                records.append(cells)
    if header is None:
        raise UserError(_("{path}: no table found in the printout; ask the school for the "
                          "CSV or spreadsheet export (nothing was recorded)").format(path=path))
    return _split(records)


def _same_row(cells: list[str], header: list[str]) -> bool:
    return [c.strip().casefold() for c in cells] == [h.strip().casefold() for h in header]


def table_of_csv(raw: bytes) -> Table:
    """A CSV export: UTF-8 (with or without its byte-order mark), else Windows-1252, which
    school systems still write. Row numbers count records, as a spreadsheet shows them."""
    import csv
    import io

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    records = list(csv.reader(io.StringIO(text, newline="")))
    return _split(records)


def _split(records: list[list[str]]) -> Table:
    """The first non-empty row is the header; the rest keep their row numbers."""
    for index, header in enumerate(records):
        if any(cell.strip() for cell in header):
            rows = [(number, cells) for number, cells in enumerate(records[index + 1:],
                                                                   start=index + 2)]
            return header, rows
    raise UserError(_("the file has no header row; it is empty (nothing was recorded)"))


def _spreadsheet(raw: bytes, path: Path) -> Table:
    """The first sheet of a workbook, every cell as the text it shows."""
    try:
        from python_calamine import (
            CalamineError,
            CalamineWorkbook,
            PasswordError,
            XmlError,
            ZipError,
        )
    except ImportError:
        raise UserError(_("reading .xlsx needs the xlsx extra: pip install 'iepcheck[xlsx]' "
                          "(or export the sheet as CSV)")) from None
    import io

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        sheet = book.get_sheet_by_index(0).to_python()
    except (CalamineError, PasswordError, XmlError, ZipError, ValueError, IndexError) as error:
        raise UserError(_("{path} is not a spreadsheet iepcheck can read ({error})").format(
            path=path, error=error)) from None
    return _split([[_text(cell) for cell in row] for row in sheet])


def _text(cell: object) -> str:
    """A cell as text: dates as ISO, times as HH:MM, whole numbers without '.0'."""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time() else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, time):
        return cell.strftime("%H:%M")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell)
