"""Accommodations as plan documents list them: bulleted lines under a heading (a district
504 template), or a table with an accommodations column (the New York State form's testing
accommodations). Pure: lines and tables in, each accommodation's text and where it applies
out, with the line or row it came from (docs/import-plan.md).
"""

from __future__ import annotations

import re

Table = tuple[tuple[str, ...], ...]

#: A heading that opens a list of accommodations ("Accommodations:", "3. Accommodations and
#: Supports"), and a bulleted line.
_HEADING = re.compile(
    r"^\s*(\d+\.\s*)?(accommodations?|supports|modifications)\b[^.]{0,50}:?\s*$", re.IGNORECASE)
#: "(cid:127)" is how pdfminer shows a bullet drawn from a font without a Unicode map.
_BULLET = re.compile(r"^\s*(?:[•●▪◦\-*–]|\(cid:\d+\))\s*(?P<text>\S.*)$")

#: An accommodations table's columns, by their header words: the accommodation itself, and
#: where or when it applies. A table with a frequency column is a services grid instead.
_NAME_COLUMN = re.compile(r"\b(accommodations?|modifications?)\b", re.IGNORECASE)
_WHERE_COLUMN = re.compile(r"\b(settings?|class(es)?|subjects?|conditions?|applies|where|"
                           r"when|location|tests?)\b", re.IGNORECASE)
_FREQUENCY_COLUMN = re.compile(r"\b(frequency|freq|duration|minutes)\b", re.IGNORECASE)


def bulleted_items(lines: tuple[str, ...]) -> list[tuple[int, str]]:
    """(line number, text) of each bulleted line under an accommodations heading; a line
    that starts in lower case continues the one above (a wrapped line); the list ends at the
    first other line."""
    items: list[tuple[int, str]] = []
    inside = False
    for number, line in enumerate(lines, start=1):
        bullet = _BULLET.match(line)
        if _HEADING.match(line):
            inside = True
        elif inside and bullet:
            items.append((number, " ".join(bullet["text"].split())))
        elif inside and items and line.strip()[:1].islower():
            items[-1] = (items[-1][0], f"{items[-1][1]} {' '.join(line.split())}")
        elif inside and line.strip():
            inside = items == []  # a line before the first bullet; else the list has ended
    return items


def table_rows(table: Table) -> list[tuple[int, str, str, str]]:
    """(row number, accommodation, where it applies, the row quoted) for each row of an
    accommodations table; [] for any other table. A row with only a heading's words in it
    ("Testing Accommodations") is a section row, not an accommodation."""
    header = next((i for i, row in enumerate(table) if _is_header(row)), None)
    if header is None:
        return []
    columns = table[header]
    name = next(c for c, text in enumerate(columns) if _NAME_COLUMN.search(text))
    where = next((c for c, text in enumerate(columns)
                  if c != name and _WHERE_COLUMN.search(text)), None)
    found = []
    for number, row in enumerate(table[header + 1:], start=header + 2):
        text = " ".join(row[name].split()) if name < len(row) else ""
        if not text or _is_section(row, text):
            continue
        applies = " ".join(row[where].split()) if where is not None and where < len(row) else ""
        found.append((number, text, applies, " | ".join(" ".join(c.split()) for c in row)))
    return found


def _is_header(row: tuple[str, ...]) -> bool:
    return (any(_NAME_COLUMN.search(text) for text in row)
            and not any(_FREQUENCY_COLUMN.search(text) for text in row))


def _is_section(row: tuple[str, ...], text: str) -> bool:
    filled = [cell for cell in row if cell.strip()]
    heading = bool(re.search(r"\b(accommodations|modifications|supports)\b", text, re.IGNORECASE))
    return len(filled) == 1 and len(row) > 1 and heading and len(text.split()) <= 5


def places(cell: str) -> tuple[str, ...]:
    """Where an accommodation applies, as the plan's `applies_to` holds it: the cell's parts
    between commas and semicolons ("Math, science; tests" is three places)."""
    return tuple(part for part in (" ".join(p.split()) for p in re.split(r"[;,]", cell)) if part)
