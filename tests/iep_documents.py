"""Test IEP documents, built at test time in several layouts (fictional children only).

Each builder writes one document into a folder and returns its path; `EXPECTED` says what
the services grid must import as. The builders need the `test` extra (reportlab,
fpdf2, python-docx); the scan needs pdftoppm (poppler-utils).
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

#: (name, provider, location, frequency cell, start, end) as the California grid writes them.
CALIFORNIA_ROWS = [
    ("Speech-Language", "Speech-Language Pathologist", "Pull-out", "2 x 30 min weekly",
     "09/08/2026", "09/07/2027"),
    ("Specialized Academic Instruction in reading and written language, small group",
     "Special Education Teacher", "Resource room", "850 minutes per week",
     "09/08/2026", "09/07/2027"),
    ("Occupational Therapy", "Occupational Therapist", "General education classroom",
     "30 min 2x weekly", "09/08/2026", "09/07/2027"),
    ("Counseling", "School Psychologist", "Counseling office", "twice monthly for 30 minutes",
     "09/08/2026", "09/07/2027"),
    ("Adapted Physical Education", "APE Teacher", "Gym", "1 x 30 / 6-day cycle",
     "09/08/2026", "09/07/2027"),
]
#: Space above the grid, so that it starts near the foot of page 1 and goes on to page 2.
CALIFORNIA_SPACE = 500

#: What each California row imports as: (minutes, times, per) or None when refused.
CALIFORNIA_AMOUNTS = [(30, 2, "week"), (850, None, "week"), (30, 2, "week"), (30, 2, "month"),
                      (30, 1, "cycle")]

NEW_YORK_SECTIONS = {
    "Special Education Program": [
        ("Integrated Co-Teaching Services", "Daily", "45 min", "General Education Classroom",
         "2026-09-09", "2027-06-25"),
    ],
    "Related Services": [
        ("Speech/Language Therapy", "2 x weekly", "30 min", "Separate Location",
         "2026-09-09", "2027-06-25"),
        ("Counseling Services", "1 x weekly", "30 min", "Separate Location",
         "2026-09-09", "2027-06-25"),
    ],
    "Extended School Year Services": [
        ("Speech/Language Therapy", "2 x weekly", "30 min", "Separate Location",
         "2027-07-06", "2027-08-13"),
    ],
}
NEW_YORK_AMOUNTS = [(45, None, "day"), (30, 2, "week"), (30, 1, "week"), (30, 2, "week")]

WORD_ROWS = [
    ("Speech/Language Therapy", "3 sessions weekly for 20 minutes each", "Therapy room",
     "Ms. Park", "09/09/2026 - 06/25/2027", "Direct, group of 3"),
    ("Resource Room Program", "Two 30 minute sessions, weekly", "Resource room", "Mr. Diaz",
     "09/09/2026 - 06/25/2027", "Direct, 12:1:1"),
    ("Counseling", "as needed", "Counseling office", "Dr. Wu (School Psychologist)",
     "09/09/2026 - 06/25/2027", "Individual"),
    ("Speech-Language Consultation", "1 x 30 min monthly", "General education classroom",
     "Ms. Park", "09/09/2026 - 06/25/2027", "Consult"),
]
WORD_AMOUNTS = [(20, 3, "week"), (30, 2, "week"), None, (30, 1, "month")]


#: What else each Word row's "Service Delivery" cell imports as ("Individual" writes no
#: group size: refused, so nothing).
WORD_DELIVERY = [{"delivery": "direct", "group": 3}, {"delivery": "direct", "group": 12}, {},
                 {"delivery": "consult"}]


#: The Word form's testing-accommodations table: (accommodation, where it applies).
WORD_ACCOMMODATIONS_HEADER = ("Testing Accommodations", "Conditions / Tests")
WORD_ACCOMMODATIONS = [
    ("Extended time (1.5x)", "All tests and quizzes"),
    ("Directions read aloud", "Math, science; state tests"),
    ("Use of a calculator", ""),
]
#: What the accommodations table imports as: (name, applies_to).
WORD_ACCOMMODATIONS_EXPECTED = [
    ("Extended time (1.5x)", ["All tests and quizzes"]),
    ("Directions read aloud", ["Math", "science", "state tests"]),
    ("Use of a calculator", None),
]
#: The Word form's goals table: (area, goal, baseline, target, measure).
WORD_GOALS_HEADER = ("Area", "Measurable Annual Goal", "Baseline", "Target", "Measure")
WORD_GOALS = [
    ("Reading", "Reads a grade-3 passage aloud at 90 words correct per minute",
     "62 wcpm on 09/09/2026", "90 by 06/11/2027", "wcpm"),
    ("Behavior", "Leaves the classroom without permission no more than once a week",
     "4 times a week, 09/15/2026", "1", "times a week"),
    ("Writing", "Writes a five-sentence paragraph with a topic sentence",
     "writes two sentences", "80% of trials", "rubric"),
]
#: What the goals table imports as (the third row writes its baseline as no number or date:
#: refused).
WORD_GOALS_EXPECTED = [
    {"area": "Reading", "statement": WORD_GOALS[0][1], "measure": "wcpm",
     "baseline": {"value": 62, "date": date(2026, 9, 9)},
     "target": {"value": 90, "date": date(2027, 6, 11)}},
    {"area": "Behavior", "statement": WORD_GOALS[1][1], "measure": "times a week",
     "baseline": {"value": 4, "date": date(2026, 9, 15)}, "target": {"value": 1},
     "direction": "down"},
]
#: The people the Word form's providers column names: (name, role).
WORD_STAFF = [("Ms. Park", None), ("Mr. Diaz", None), ("Dr. Wu", "School Psychologist")]


def california_pdf(folder: Path) -> Path:
    """A ruled SEIS-style grid with wrapped cells, carried over a page break."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    path = folder / "california.pdf"
    style = getSampleStyleSheet()["BodyText"]
    header = ["Service", "Provider", "Location", "Frequency", "Start Date", "End Date"]
    rows = [[Paragraph(cell, style) for cell in row] for row in CALIFORNIA_ROWS]
    table = Table([header, *rows], colWidths=[120, 110, 90, 80, 65, 65], repeatRows=0)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [Paragraph("Individualized Education Program: Alex Sample (fictional)", style)]
    story += [Spacer(1, CALIFORNIA_SPACE), Paragraph("Services", style), table]
    SimpleDocTemplate(str(path), pagesize=letter).build(story)
    return path


def new_york_pdf(folder: Path) -> Path:
    """A ruled New York-style grid with section rows spanning the table."""
    from fpdf import FPDF

    path = folder / "new-york.pdf"
    pdf = FPDF(format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    pdf.cell(0, 8, "IEP: Jordan Example (fictional). Recommended Programs and Services")
    pdf.ln(10)
    header = ("Programs/Services", "Frequency", "Duration", "Location", "Initiation Date",
              "Projected Date of Review")
    with pdf.table(col_widths=(50, 25, 20, 35, 30, 30), first_row_as_headings=False) as table:
        table.row(header)
        for section, rows in NEW_YORK_SECTIONS.items():
            table.row().cell(section, colspan=len(header))
            for row in rows:
                table.row(row)
    pdf.output(str(path))
    return path


def word_form(folder: Path) -> Path:
    """A Word form's services table, with the dates in one cell."""
    import docx

    path = folder / "form.docx"
    document = docx.Document()
    document.add_paragraph("Individualized Education Program: Casey Placeholder (fictional)")
    table = document.add_table(rows=1, cols=6)
    for cell, text in zip(table.rows[0].cells,
                          ("Service", "Frequency", "Location", "Provider", "Dates",
                           "Service Delivery"), strict=True):
        cell.text = text
    for row in WORD_ROWS:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    document.add_paragraph("Testing accommodations")
    accommodations = document.add_table(rows=1, cols=2)
    for cell, text in zip(accommodations.rows[0].cells, WORD_ACCOMMODATIONS_HEADER, strict=True):
        cell.text = text
    for row in WORD_ACCOMMODATIONS:
        for cell, text in zip(accommodations.add_row().cells, row, strict=True):
            cell.text = text
    document.add_paragraph("Measurable annual goals")
    goals = document.add_table(rows=1, cols=len(WORD_GOALS_HEADER))
    for cell, text in zip(goals.rows[0].cells, WORD_GOALS_HEADER, strict=True):
        cell.text = text
    for row in WORD_GOALS:
        for cell, text in zip(goals.add_row().cells, row, strict=True):
            cell.text = text
    document.save(str(path))
    return path


#: An unruled grid: (service, frequency, location, provider), the service name wrapping.
UNRULED_ROWS = [
    (("Speech and language", "therapy"), "45 sessions @ 30 min yearly", "Therapy room",
     "Ms. Park"),
    (("Reading support",), "daily 45 min", "Resource room", "Mr. Diaz"),
    (("Occupational therapy",), "1 x 45 min per week", "OT room", "Ms. Ng"),
]
UNRULED_NAMES = ["Speech and language therapy", "Reading support", "Occupational therapy"]
UNRULED_AMOUNTS = [(30, 45, "year"), (45, None, "day"), (45, 1, "week")]


def unruled_pdf(folder: Path) -> Path:
    """Text columns without rules, as some district forms print the services grid."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    path = folder / "unruled.pdf"
    sheet = canvas.Canvas(str(path), pagesize=letter)
    sheet.setFont("Helvetica", 10)
    sheet.drawString(72, 740, "Section 5. Services for Riley Fictional")
    columns = (72, 200, 360, 470)
    for x, header in zip(columns, ("Service", "Frequency", "Location", "Provider"), strict=True):
        sheet.drawString(x, 700, header)
    y = 686
    for names, *cells in UNRULED_ROWS:
        for line, name in enumerate(names):
            sheet.drawString(columns[0], y - 12 * line, name)
        for x, cell in zip(columns[1:], cells, strict=True):
            sheet.drawString(x, y, cell)
        y -= 12 * len(names) + 4
    sheet.drawString(72, y - 60, "Signatures of the team members follow on the next page.")
    sheet.save()
    return path


#: A 504 plan's accommodations, as bulleted lines (the second wraps onto a second line).
ACCOMMODATIONS_504 = [
    "Extended time (1.5x) on tests and quizzes",
    "Preferential seating near the teacher and away from distractions in all classes",
    "Breaks when requested, up to 5 minutes",
    "Copy of class notes provided",
]
ACCOMMODATION_WRAP = 52


def plan_504_pdf(folder: Path) -> Path:
    """A district 504 template: a bulleted accommodations list, wrapped lines and all."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    path = folder / "504.pdf"
    sheet = canvas.Canvas(str(path), pagesize=letter)
    sheet.setFont("Helvetica", 11)
    y = 740
    for line in ("Section 504 Plan for Morgan Fictional, grade 6",
                 "Disability: ADHD. The team met on 09/10/2026.", "", "Accommodations:"):
        sheet.drawString(72, y, line)
        y -= 16
    for text in ACCOMMODATIONS_504:
        first, rest = text[:ACCOMMODATION_WRAP], text[ACCOMMODATION_WRAP:]
        if rest and not first.endswith(" "):
            first, _, carried = first.rpartition(" ")
            rest = carried + rest
        sheet.drawString(80, y, "\u2022 " + first.strip())
        y -= 14
        if rest:
            sheet.drawString(92, y, rest.strip())
            y -= 14
    sheet.drawString(72, y - 20, "Signatures")
    sheet.save()
    return path


def scanned_pdf(folder: Path) -> Path:
    """The California document rasterised (pdftoppm), as a scan or phone photo would be."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    source = california_pdf(folder)
    subprocess.run([shutil.which("pdftoppm") or "pdftoppm", "-png", "-r", "50", "-f", "1",
                    "-l", "1", str(source), str(folder / "page")], check=True)
    image = next(folder.glob("page*.png"))
    path = folder / "scan.pdf"
    sheet = canvas.Canvas(str(path), pagesize=letter)
    sheet.drawImage(str(image), 0, 0, *letter)
    sheet.save()
    return path


def dates(first: str, last: str) -> tuple[date, date]:
    """A row's two dates as the import reads them (mm/dd/yyyy or yyyy-mm-dd)."""
    def one(text: str) -> date:
        if "/" in text:
            month, day, year = map(int, text.split("/"))
            return date(year, month, day)
        return date.fromisoformat(text)
    return one(first), one(last)
