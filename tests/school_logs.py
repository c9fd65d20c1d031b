"""School service-log exports made for the tests: one term of a fictional child's sessions in
each preset's shape, with every kind of conflict `reconcile` looks for planted once."""

from __future__ import annotations

import csv
import io
from pathlib import Path

PLAN = """\
[student]
name = "Robin Example"

[plan]
kind = "IEP"
start = 2026-09-01
end = 2027-06-18

[calendar]
no_school = [2026-10-12]

[[staff]]
id = "ms-park"
name = "Ms. Park"

[[services]]
id = "speech"
name = "Speech-Language Therapy"
minutes = 30
times = 2
per = "week"
location = "individual, therapy room"
provider = "ms-park"

[[services]]
id = "ot"
name = "Occupational Therapy"
minutes = 30
times = 1
per = "week"
"""

SAMEGOAL_HEADER = ["Student Name", "Service Date", "Service", "Start Time", "End Time",
                   "Duration Mins", "Setting", "Provider Name", "Attendance", "Make-up For"]

#: (date, service, start, end, minutes, setting, provider, code, makes up): a term of rows.
#: Planted: 10-12 is a no-school day with a session logged (row 9); 10-06 logged twice
#: (rows 6, 7: a duplicate); 10-14 a group session where the plan says individual (row 10);
#: 10-15 a session of 480 minutes (row 11: longer than a school day); the week of 10-19 has
#: no speech row at all; 10-27 a session on the day the family recorded Robin absent (row
#: 12); 10-29 a session on a day the family's visit says it did not happen (row 13); 10-22
#: three OT sessions in one day (rows 18-20) where the plan gives one a week; and OT has no
#: row in the weeks of 10-05, 10-12, 10-26 and 11-02.
SAMEGOAL_ROWS = [
    ("2026-09-28", "Speech-Language Therapy", "09:00", "09:30", "30", "Individual", "Ms. Park", "Present", ""),
    ("2026-09-30", "Speech-Language Therapy", "09:00", "09:30", "30", "Individual", "Ms. Park", "Provider Absent", ""),
    ("2026-10-01", "Occupational Therapy", "10:00", "10:30", "30", "Individual", "Mr. Ode", "Present", ""),
    ("2026-10-02", "Speech-Language Therapy", "09:00", "09:30", "30", "Individual", "Ms. Park", "Make-up", "2026-09-30"),
    ("2026-10-06", "Speech-Language Therapy", "09:00", "09:30", "30", "Individual", "Ms. Park", "Present", ""),
    ("2026-10-06", "Speech-Language Therapy", "09:00", "09:30", "30", "Individual", "Ms. Park", "Present", ""),
    ("2026-10-08", "Speech-Language Therapy", "09:00", "09:30", "30", "Individual", "Ms. Park", "Cancelled - Testing", ""),
    ("2026-10-12", "Speech-Language Therapy", "09:00", "09:30", "30", "Individual", "Ms. Park", "Present", ""),
    ("2026-10-14", "Speech-Language Therapy", "09:00", "09:30", "30", "Group", "Ms. Park", "Present", ""),
    ("2026-10-15", "Speech-Language Therapy", "08:00", "16:00", "480", "Individual", "Ms. Park", "Present", ""),
    ("2026-10-27", "Speech-Language Therapy", "09:00", "09:30", "30", "Individual", "Ms. Park", "Present", ""),
    ("2026-10-29", "Speech-Language Therapy", "09:00", "09:30", "30", "Individual", "Ms. Park", "Present", ""),
    ("2026-11-02", "Speech-Language Therapy", "", "", "", "", "", "School Holiday", ""),
    ("2026-11-03", "Speech-Language Therapy", "09:00", "09:30", "30", "Individual", "Ms. Park", "Student Absent", ""),
    ("2026-11-04", "Counseling", "09:00", "09:30", "30", "Individual", "Ms. Park", "Present", ""),
    ("2026-11-05", "Speech-Language Therapy", "09:00", "09:30", "30", "Individual", "Ms. Park", "Snowed In", ""),
    ("2026-10-22", "Occupational Therapy", "09:00", "09:30", "30", "Individual", "Mr. Ode", "Present", ""),
    ("2026-10-22", "Occupational Therapy", "10:00", "10:30", "30", "Individual", "Mr. Ode", "Present", ""),
    ("2026-10-22", "Occupational Therapy", "13:00", "13:30", "30", "Individual", "Mr. Ode", "Present", ""),
]
#: Rows every import refuses: an unknown service name (16) and an unknown code (17).
REFUSED_ROWS = {16, 17}


def samegoal_rows() -> list[list[str]]:
    return [["Robin Example", d, s, st, en, m, se, p, c, mu]
            for d, s, st, en, m, se, p, c, mu in SAMEGOAL_ROWS]


def to_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode("utf-8-sig")


def samegoal_csv(folder: Path, name: str = "servicelog.csv") -> Path:
    path = folder / name
    path.write_bytes(to_csv(SAMEGOAL_HEADER, samegoal_rows()))
    return path


#: The Infinite Campus shape: Date, Service, Provider, Minutes Served (US dates).
CAMPUS = (["Student", "Date", "Service", "Provider", "Minutes Served", "Status"],
          [["Robin Example", "10/01/2026", "Occupational Therapy", "Mr. Ode", "30", "Present"],
           ["Robin Example", "10/08/2026", "Occupational Therapy", "Mr. Ode", "30", "Cancelled"]])
#: The SESIS shape: Date, Session Type, Start/End Time, Service (no minutes column).
SESIS = (["Date", "Session Type", "Start Time", "End Time", "Service", "Attendance"],
         [["10/01/2026", "Individual", "9:00 AM", "9:30 AM", "Speech", "Present"],
          ["10/05/2026", "Group", "1:00 PM", "1:45 PM", "Speech", "Present"]])


def campus_csv(folder: Path) -> Path:
    path = folder / "campus.csv"
    path.write_bytes(to_csv(*CAMPUS))
    return path


def sesis_csv(folder: Path) -> Path:
    path = folder / "sesis.csv"
    path.write_bytes(to_csv(*SESIS))
    return path


def as_xlsx(folder: Path, name: str, header: list[str], rows: list[list[str]]) -> Path:
    """The same rows as a workbook of text cells."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (header, *rows):
        sheet.append(row)
    path = folder / name
    book.save(path)
    return path


def samegoal_xlsx(folder: Path) -> Path:
    """The SameGoal rows as a workbook, dates as real date cells."""
    from datetime import date

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(SAMEGOAL_HEADER)
    for row in samegoal_rows():
        sheet.append([row[0], date.fromisoformat(row[1]), *row[2:5],
                      int(row[5]) if row[5] else None, *row[6:]])
    path = folder / "servicelog.xlsx"
    book.save(path)
    return path


def samegoal_pdf(folder: Path, name: str = "servicelog.pdf") -> Path:
    """The SameGoal rows as a printout: a ruled table over two pages, its header repeated at
    the top of the second, as school systems print them."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    path = folder / name
    table = Table([SAMEGOAL_HEADER, *samegoal_rows()], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("FONTSIZE", (0, 0), (-1, -1), 6)]))
    document = SimpleDocTemplate(str(path), pagesize=landscape(letter), topMargin=300)
    document.build([table])
    return path
