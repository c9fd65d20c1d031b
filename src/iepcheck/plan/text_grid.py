"""A grid drawn without rules, read from where its words stand (docs/import-plan.md).

Some district forms print the services grid as text columns with no lines between them, so
no table can be found from the rules. The header row says where the columns are: words of
one header stand close together, headers stand apart. Each following line's words fall in
the column whose header starts at or left of them; a line with nothing in the first column
continues the row above (a wrapped cell). The grid ends at the first wide vertical gap.
Pure: words and their positions in, rows of cell text out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple


class Word(NamedTuple):
    x0: float
    x1: float
    top: float
    text: str


#: A gap wider than this between two words of a line (in points) separates two headers.
HEADER_GAP = 12.0
#: A vertical gap wider than this many line heights ends the grid.
END_GAP_LINES = 2.5
_SERVICE = re.compile(r"service|program", re.IGNORECASE)
_FREQUENCY = re.compile(r"frequency|amount|sessions", re.IGNORECASE)


def grid_from_words(words: Sequence[Word]) -> tuple[tuple[str, ...], ...] | None:
    """The first unruled services grid among the page's words, as rows of cells, or None."""
    lines = _lines(words)
    for index, line in enumerate(lines):
        headers = _headers(line)
        names = [" ".join(w.text for w in header) for header in headers]
        if len(headers) >= 3 and any(_SERVICE.search(n) for n in names) and any(
                _FREQUENCY.search(n) for n in names):
            starts = [header[0].x0 for header in headers]
            rows = _rows(lines[index + 1:], starts, line)
            return (tuple(names), *rows)
    return None


def _lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into lines by their top (within 2 points), each line left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (round(w.top), w.x0)):
        if lines and abs(lines[-1][0].top - word.top) <= 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _headers(line: list[Word]) -> list[list[Word]]:
    headers: list[list[Word]] = []
    for word in line:
        if headers and word.x0 - headers[-1][-1].x1 < HEADER_GAP:
            headers[-1].append(word)
        else:
            headers.append([word])
    return headers


def _rows(lines: list[list[Word]], starts: list[float], header: list[Word]) -> list[tuple[str, ...]]:
    rows: list[list[str]] = []
    previous_top = header[0].top
    height = max(8.0, (lines[0][0].top - previous_top) if lines else 8.0)
    for line in lines:
        gap = line[0].top - previous_top
        if gap > END_GAP_LINES * height:
            break
        previous_top = line[0].top
        cells = [""] * len(starts)
        for word in line:
            column = max((i for i, start in enumerate(starts) if word.x0 >= start - 2), default=0)
            cells[column] = f"{cells[column]} {word.text}".strip()
        wrapped_name = (rows and not any(cells[1:]) and gap <= 1.2 * height
                        and sum(bool(c) for c in rows[-1]) >= 2)
        if rows and (not cells[0] or wrapped_name):
            rows[-1] = [f"{old} {new}".strip() for old, new in zip(rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
    return [tuple(row) for row in rows]
