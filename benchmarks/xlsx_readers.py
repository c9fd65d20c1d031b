"""How fast each candidate reader opens a term's service-log workbook: the figure that chose
python-calamine for `import-log` (docs/school-logs.md). Prints seconds per read."""

from __future__ import annotations

import io
import time
from datetime import date, timedelta


def _workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Service Date", "Service", "Start Time", "End Time", "Duration Mins",
                  "Setting", "Provider Name", "Attendance"])
    for n in range(rows):
        sheet.append([date(2026, 9, 1) + timedelta(days=n % 200), "Speech", "09:00", "09:30",
                      30, "Individual", "Ms. Park", "Present"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _calamine(raw: bytes) -> int:
    from python_calamine import CalamineWorkbook

    return len(CalamineWorkbook.from_filelike(io.BytesIO(raw)).get_sheet_by_index(0).to_python())


def _openpyxl(raw: bytes) -> int:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    return sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))


def main() -> None:
    for rows in (200, 5_000):
        raw = _workbook(rows)
        for name, read in (("python-calamine", _calamine), ("openpyxl", _openpyxl)):
            start = time.perf_counter()
            read(raw)  # the first read pays for the import, as a real run does
            first = time.perf_counter() - start
            print(f"{rows:>6} rows  {name:<16} {first * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
