"""Plan entries proposed from an IEP document's services grid (docs/import-plan.md).

Pure: the document's tables in (read by `store/plan_document.py`), proposals out. A grid is
a table whose header row names a service column and a frequency column; each column's role
comes from its header words (`_ROLES`). Every value proposed keeps the cell it came from, so
the parent can check each one against the page before anything enters the plan; whatever
cannot be read exactly is refused with the cell quoted, never guessed. The refusals are
written into the plan file as comments, so, like everything the plan holds, they stay in
English whatever the reader's language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from iepcheck.plan.accommodation_lists import bulleted_items, places, table_rows
from iepcheck.plan.frequency import Frequency, parse_frequency
from iepcheck.plan.goal_tables import GoalRow, goal_rows
from iepcheck.plan.providers import people_named, person_in

if TYPE_CHECKING:
    from iepcheck.plan.model import Plan

Table = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Document:
    """What a document holds for iepcheck: its name, SHA-256, and each page's tables."""

    name: str
    sha256: str
    pages: tuple[tuple[Table, ...], ...]
    lines: tuple[tuple[str, ...], ...] = ()  # each page's lines of text


@dataclass(frozen=True)
class Value:
    """One proposed plan value and the cell it was read from."""

    key: str
    value: str | int | bool | date | tuple[str, ...] | dict[str, object]
    cell: str


@dataclass(frozen=True)
class ServiceProposal:
    """One grid row: where it is (page, row of its table), the row quoted, what it says."""

    page: int
    row: int
    quote: str
    values: tuple[Value, ...]
    refusals: tuple[str, ...]
    table: str = "services"  # "accommodations": `row` is then the page's line; or "staff"
    unit: str = ""  # "row" or "line", where the table alone does not say

    @property
    def where(self) -> str:
        unit = self.unit or ("row" if self.table == "services" else "line")
        return f"p.{self.page} {unit} {self.row}"


@dataclass(frozen=True)
class Proposal:
    document: Document
    services: tuple[ServiceProposal, ...]
    accommodations: tuple[ServiceProposal, ...] = ()
    staff: tuple[ServiceProposal, ...] = ()
    goals: tuple[ServiceProposal, ...] = ()  # a refused goal has no values, only its reason

    @property
    def entries(self) -> tuple[ServiceProposal, ...]:
        """Staff first (services may name them), then services, accommodations and goals."""
        return (*self.staff, *self.services, *self.accommodations, *self.goals)

    @property
    def added(self) -> int:
        """How many entries the proposal adds (a refused goal adds nothing)."""
        return sum(1 for entry in self.entries if entry.values)


#: Column roles by header words, tried in this order (a "Service Provider" column is the
#: provider, not the service).
_ROLES: tuple[tuple[str, str], ...] = (
    ("provider", r"provider|responsible|staff|provided by|personnel"),
    ("location", r"location|setting|where"),
    ("frequency", r"frequency|freq|amount|sessions"),
    ("duration", r"duration|minutes|length|time"),
    ("dates", r"date|start|end|begin|initiat|through|projected"),
    ("delivery", r"group|individual|ratio|delivery|size|consult|direct|model"),
    ("service", r"service|program|related|support"),
)
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
_ESY = re.compile(r"\b(esy|extended school year)\b", re.IGNORECASE)


def propose(document: Document, known_people: Collection[str] = ()) -> Proposal:
    """Every services-grid row of the document as a proposed `[[services]]` entry, the people
    its providers column names as `[[staff]]` (but those in `known_people`: the plan the
    proposal goes into has them), and its accommodations."""
    found: list[ServiceProposal] = []
    roles: dict[int, str] | None = None
    width = 0
    for page_number, tables in enumerate(document.pages, start=1):
        for index, table in enumerate(tables):
            header = next((i for i, row in enumerate(table) if _is_header(_roles_of(row))), None)
            if header is not None:
                roles, rows, first_row = _roles_of(table[header]), table[header + 1:], header + 2
                width = len(table[header])
            elif roles is not None and index == 0 and table and len(table[0]) == width:
                rows, first_row = table, 1  # the grid goes on over a page break
                rows = _join_split_row(found, rows, roles)
            else:
                continue
            found.extend(_row_proposals(page_number, first_row, rows, roles, found))
    accommodations = _accommodations(document, found)
    taken: set[object] = {v.value for p in (*found, *accommodations) for v in p.values
                          if v.key == "id"}
    staff = _staff(tuple(found), known_people, taken)
    return Proposal(document, tuple(found), accommodations, staff, _goals(document, taken))


def _roles_of(row: tuple[str, ...]) -> dict[int, str]:
    roles: dict[int, str] = {}
    for column, text in enumerate(row):
        words = text.lower()
        role = next((name for name, pattern in _ROLES if re.search(pattern, words)), None)
        if role is not None and (role == "dates" or role not in roles.values()):
            roles[column] = role  # first and last day may be columns of their own
    return roles


def _is_header(roles: dict[int, str]) -> bool:
    return "service" in roles.values() and "frequency" in roles.values()


def _join_split_row(found: list[ServiceProposal], rows: Table,
                    roles: dict[int, str]) -> Table:
    """A row cut by a page break continues with an empty service cell: it is not a service
    of its own, so its text is left to the row above (quoted, never read as a new row)."""
    service_column = next(c for c, r in roles.items() if r == "service")
    if rows and not rows[0][service_column].strip() and found:
        return rows[1:]
    return rows


def _row_proposals(page: int, first_row: int, rows: Table, roles: dict[int, str],
                   found: list[ServiceProposal]) -> list[ServiceProposal]:
    proposals = []
    taken: set[object] = {v.value for p in found for v in p.values if v.key == "id"}
    section = ""
    for offset, row in enumerate(rows):
        if sum(bool(cell.strip()) for cell in row) <= 1:
            # a section row ("Related Services", "Extended School Year Services") or an
            # empty one: the rows under it belong to its section
            section = " ".join(" ".join(row).split())
            continue
        cells: dict[str, str] = {}
        for column, role in roles.items():
            if column < len(row):
                cells[role] = " ".join(filter(None, (cells.get(role, ""), row[column])))
        if not cells.get("service", "").strip():
            continue
        proposal = _service(page, first_row + offset, row, cells, taken, section)
        taken.update(v.value for v in proposal.values if v.key == "id")
        proposals.append(proposal)
    return proposals


def _service(page: int, row_number: int, row: tuple[str, ...], cells: dict[str, str],
             taken: set[object], section: str = "") -> ServiceProposal:
    where = f"p.{page} row {row_number}"
    name = cells["service"]
    values = [Value("id", _unique(_slug(name) or "service", taken), name), Value("name", name, name)]
    refusals: list[str] = []
    amount = " ".join(filter(None, (cells.get("frequency", ""), cells.get("duration", ""))))
    values.extend(proposed_amount(where, amount, refusals))
    for key in ("location", "provider"):
        if cells.get(key, "").strip():
            values.append(Value(key, cells[key], cells[key]))
    person = person_in(cells.get("provider", ""))
    if person is not None and person[1]:  # "Dr. Wu (School Psychologist)": the person, whom
        values[-1] = Value("provider", person[0], cells["provider"])  # the staff entry names
    values.extend(_dates(where, cells.get("dates", ""), refusals))
    values.extend(proposed_delivery(where, cells.get("delivery", ""), refusals))
    values.extend(_esy(where, name, section, values, refusals))
    return ServiceProposal(page, row_number, " | ".join(row), tuple(values), tuple(refusals))


def proposed_amount(where: str, cell: str, refusals: list[str]) -> list[Value]:
    """`minutes`, `times`, `per` (and `cycle_days`) from a frequency cell, or a refusal."""
    reading = parse_frequency(cell)
    if not isinstance(reading, Frequency):
        refusals.append(f"{where}: '{cell}': {reading.reason}; entered as a comment")
        return []
    refused = _out_of_bounds(reading)
    if refused:
        refusals.append(f"{where}: '{cell}': {refused}; entered as a comment")
        return []
    values = [Value("minutes", reading.minutes, cell)] if reading.minutes else []
    if reading.times:
        values.append(Value("times", reading.times, cell))
    values.append(Value("per", reading.per, cell))
    if reading.cycle_days:
        values.append(Value("cycle_days", reading.cycle_days, cell))
    return values


def _out_of_bounds(reading: Frequency) -> str | None:
    """Why the plan cannot hold a reading as written (None when it can)."""
    from iepcheck.plan.fields import MAX_CYCLE_DAYS, MAX_MINUTES, MAX_TIMES, MAX_YEAR_MINUTES

    most = MAX_YEAR_MINUTES if reading.per == "year" else MAX_MINUTES
    if reading.minutes is not None and reading.minutes > most:
        return ("more minutes than a day holds in one entry; enter it yourself")
    if reading.times is not None and reading.times > MAX_TIMES:
        return (f"more than {MAX_TIMES} sessions in one period; enter it yourself")
    if reading.cycle_days is not None and not 2 <= reading.cycle_days <= MAX_CYCLE_DAYS:
        return (f"a cycle of 2 to {MAX_CYCLE_DAYS} school days is what the plan holds; ask the team "
                 "how often the service is owed")
    return None


#: A delivery cell's words: consult (time with the staff), direct, and group sizes written
#: as a number ("Group of 3", "Small group (4)", "Group size: 5", "3:1", "12:1:1").
_CONSULT = re.compile(r"\b(consult|consultation|consultative|indirect)\b", re.IGNORECASE)
_DIRECT = re.compile(r"\bdirect\b", re.IGNORECASE)
_GROUP_OF = re.compile(r"\bgroups?\s*(?:of|size|:|\()?\s*(?:size\s*)?:?\s*(\d+)\b|"
                       r"^\s*(\d+)\s*(?:students?|children)?\s*$|"
                       r"\b(\d+)\s*:\s*1(?:\s*:\s*1)?\b", re.IGNORECASE)
_INDIVIDUAL = re.compile(r"\b(individual|indiv|1\s*:\s*1|one-on-one|one to one)\b",
                         re.IGNORECASE)


def proposed_delivery(where: str, cell: str, refusals: list[str]) -> list[Value]:
    """`delivery` and `group` from the grid's individual/group/consult column. A group size
    is proposed only as a number the cell writes: "Individual" writes none, so `group` is
    left for the parent (a refusal says so), and a bare "Group" is refused the same way."""
    from iepcheck.plan.fields import MAX_GROUP

    text = " ".join(cell.split())
    if not text:
        return []
    values: list[Value] = []
    if _CONSULT.search(text):
        values.append(Value("delivery", "consult", cell))
    elif _DIRECT.search(text):
        values.append(Value("delivery", "direct", cell))
    found = _GROUP_OF.search(text)
    size = next((int(n) for n in found.groups() if n), None) if found else None
    if size is not None and 1 <= size <= MAX_GROUP:
        values.append(Value("group", size, cell))
    elif _INDIVIDUAL.search(text):
        refusals.append(f"{where}: '{text}': individual sessions, but the cell writes no "
                          "group size; add group = 1 yourself if you want it kept")
    elif re.search(r"\bgroup\b|:", text, re.IGNORECASE):
        refusals.append(f"{where}: '{text}': the group size is not written as one number; "
                          "ask the team how many children share a session")
    elif not values:
        refusals.append(f"{where}: '{text}': not read as individual, group or consult; "
                          "kept as this comment")
    return values


def _esy(where: str, name: str, section: str, values: list[Value],
         refusals: list[str]) -> list[Value]:
    """`esy = true` for a row named or filed under extended school year (ESY), which is owed
    only between its own dates: a row without both dates is refused as ESY."""
    source = name if _ESY.search(name) else section if _ESY.search(section) else None
    if source is None:
        return []
    keys = {value.key for value in values}
    if {"start", "end"} <= keys:
        return [Value("esy", True, source)]
    refusals.append(f"{where}: '{source}': an extended-school-year service needs its first and "
                      "last day, and this row gives no start and end; enter them yourself "
                      "with esy = true")
    return []


def _dates(where: str, cell: str, refusals: list[str]) -> list[Value]:
    days = []
    for found in _DATE.finditer(cell):
        month, day, year, iso_year, iso_month, iso_day = found.groups()
        try:
            days.append(date(int(year), int(month), int(day)) if year else
                        date(int(iso_year), int(iso_month), int(iso_day)))
        except ValueError:
            refusals.append(f"{where}: '{found.group()}' is not a date; entered as a comment")
            return []
    if not days:
        return []
    if len(days) > 2 or (len(days) == 2 and days[1] < days[0]):
        refusals.append(f"{where}: '{cell}': not one first and last day; entered as a comment")
        return []
    first = [Value("start", days[0], cell)]
    return first + ([Value("end", days[1], cell)] if len(days) == 2 else [])


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48].strip("-")


def _unique(slug: str, taken: set[object]) -> str:
    candidate, count = slug, 1
    while candidate in taken:
        count += 1
        candidate = f"{slug}-{count}"
    return candidate


def _accommodations(document: Document,
                    services: list[ServiceProposal]) -> tuple[ServiceProposal, ...]:
    """Each bulleted line under an accommodations heading, its wrapped lines joined, then
    each row of an accommodations table (`plan/accommodation_lists.py`)."""
    taken: set[object] = {v.value for p in services for v in p.values if v.key == "id"}
    found: list[ServiceProposal] = []
    for page_number, lines in enumerate(document.lines, start=1):
        for start, text in bulleted_items(lines):
            name = text.rstrip(";.")
            slug = _unique(_slug(name) or "accommodation", taken)
            taken.add(slug)
            values = (Value("id", slug, name), Value("name", name, name))
            found.append(ServiceProposal(page_number, start, text, values, (), "accommodations"))
    for page_number, tables in enumerate(document.pages, start=1):
        for table in tables:
            for row, name, where, quote in table_rows(table):
                slug = _unique(_slug(name) or "accommodation", taken)
                taken.add(slug)
                row_values = [Value("id", slug, name), Value("name", name, name)]
                if places(where):
                    row_values.append(Value("applies_to", places(where), where))
                found.append(ServiceProposal(page_number, row, quote, tuple(row_values), (),
                                             "accommodations", "row"))
    return tuple(found)


def _goals(document: Document, taken: set[object]) -> tuple[ServiceProposal, ...]:
    """Each row of a goals table (`plan/goal_tables.py`) as a `[[goals]]` entry, or, when a
    cell the plan needs is missing, the row quoted with what is missing."""
    found = []
    for page_number, tables in enumerate(document.pages, start=1):
        for table in tables:
            for goal in goal_rows(table):
                where = f"p.{page_number} row {goal.row}"
                if goal.refusal is not None:
                    refusal = (f"{where}: goal '{goal.cells['statement']}': {goal.refusal}; "
                               "add it with 'iepcheck add-item goal'")
                    found.append(ServiceProposal(page_number, goal.row, goal.quote, (),
                                                 (refusal,), "goals", "row"))
                    continue
                found.append(ServiceProposal(page_number, goal.row, goal.quote,
                                             _goal_values(goal, taken), (), "goals", "row"))
    return tuple(found)


def _goal_values(goal: GoalRow, taken: set[object]) -> tuple[Value, ...]:
    cells = goal.cells
    assert goal.baseline is not None and goal.target is not None
    statement = cells["statement"]
    slug = _unique(_slug(statement) or "goal", taken)
    taken.add(slug)
    baseline: dict[str, object] = {"value": goal.baseline[0], "date": goal.baseline[1]}
    target: dict[str, object] = {"value": goal.target[0]}
    if goal.target[1] is not None:
        target["date"] = goal.target[1]
    values = [Value("id", slug, statement), Value("area", cells["area"], cells["area"]),
              Value("statement", statement, statement),
              Value("measure", cells["measure"], cells["measure"]),
              Value("baseline", baseline, cells["baseline"]),
              Value("target", target, cells["target"])]
    if goal.target[0] < goal.baseline[0]:  # the numbers say fewer is better
        values.append(Value("direction", "down", cells["target"]))
    return tuple(values)


def _staff(services: tuple[ServiceProposal, ...], known: Collection[str],
           taken: set[object]) -> tuple[ServiceProposal, ...]:
    """A `[[staff]]` entry for each person the providers column names (`plan/providers.py`),
    cited by the first row that names them."""
    cells = [(s.page, s.row, v.cell) for s in services for v in s.values
             if v.key == "provider"]
    found = []
    taken.update(known)  # an id the plan already uses is not proposed again
    for page, row, cell, name, role in people_named(cells, known):
        slug = _unique(_slug(name) or "staff", taken)
        taken.add(slug)
        values = [Value("id", slug, cell), Value("name", name, cell)]
        if role:
            values.append(Value("role", role, cell))
        found.append(ServiceProposal(page, row, cell, tuple(values), (), "staff", "row"))
    return tuple(found)


def proposed_plan(proposal: Proposal) -> Plan:
    """The proposal as a plan of its items alone, for `plan diff` between two documents.

    The document's own dates are not read, so both sides get the same wide dates and the
    same default calendar: the diff then says what changed in the items and nothing about the
    plan's dates. An entry the plan's rules refuse is left out (it is a refusal already)."""
    from pydantic import ValidationError

    from iepcheck.plan.model import Accommodation, Goal, Plan, PlanTerms, Service, Student

    services, accommodations, goals = [], [], []
    for entry in (*proposal.services, *proposal.accommodations, *proposal.goals):
        fields = {value.key: value.value for value in entry.values}  # staff: not compared
        try:
            if entry.table == "services":
                services.append(Service.model_validate(fields))
            elif entry.table == "goals" and fields:
                goals.append(Goal.model_validate(fields))
            elif entry.table == "accommodations":
                accommodations.append(Accommodation.model_validate(fields))
        except ValidationError:
            continue
    terms = PlanTerms(kind="IEP", start=date(1900, 1, 1), end=date(2200, 12, 31))
    return Plan(student=Student(name=proposal.document.name), plan=terms,
                services=tuple(services), accommodations=tuple(accommodations),
                goals=tuple(goals))
