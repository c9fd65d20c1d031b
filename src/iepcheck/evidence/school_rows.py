"""The school's own service log, row by row: what each row claims, as a draft entry marked
as the school's (docs/school-logs.md).

Pure: the rows arrive as text (the file's reading is `store/school_log.py`). A row keeps the
school's words verbatim (its attendance code, its times) beside what they mean here, so an
output never says more than the school's record shows, and never less.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from iepcheck.dates import MINUTES_PER_DAY
from iepcheck.errors import UserError, did_you_mean
from iepcheck.language.messages import _
from iepcheck.record.drafts import EntryDraft
from iepcheck.vocabulary import SCHOOL

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from iepcheck.plan.model import Plan
    from iepcheck.record.entries import Observation

#: What each column means, and the headers that name it in the exports parents receive.
ROLES = ("date", "service", "minutes", "start", "end", "provider", "setting", "code", "makes_up")
_ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("service date", "date", "session date", "encounter date"),
    "service": ("service", "service name", "service type", "mandate"),
    "minutes": ("duration mins", "minutes served", "minutes", "duration", "session minutes"),
    "start": ("start time", "start"),
    "end": ("end time", "end"),
    "provider": ("provider name", "provider", "staff", "therapist"),
    "setting": ("setting", "session type", "group/individual", "grouping"),
    "code": ("attendance", "attendance code", "status", "session status", "attendance status"),
    "makes_up": ("make-up for", "makeup for", "make-up date", "makeup date", "makes up"),
}
#: Exports recognised from their header row: the headers each must have.
PRESETS: dict[str, frozenset[str]] = {
    "SameGoal servicelog.csv": frozenset({"service date", "service", "duration mins",
                                          "provider name"}),
    "Infinite Campus service log": frozenset({"date", "service", "provider", "minutes served"}),
    "SESIS encounter list": frozenset({"date", "session type", "start time", "end time",
                                       "service"}),
}


@dataclass(frozen=True)
class Layout:
    """Which column holds which role (0-based), and the preset it was recognised as."""

    columns: Mapping[str, int]
    preset: str | None


def _key(header: str) -> str:
    return " ".join(header.strip().lower().replace("_", " ").split())


def layout_of(header: Sequence[str], columns: Mapping[str, str] | None = None) -> Layout:
    """The columns of a header row: from a preset, from the aliases, or as `--columns` says.

    A file neither recognised nor described is refused: guessing which number is the minutes
    would put words in the school's mouth."""
    keys = [_key(h) for h in header]
    given = {role: _find(keys, _key(name), role, header) for role, name in
             (columns or {}).items()}
    preset = next((name for name, need in PRESETS.items() if need <= set(keys)), None)
    found = dict(given)
    for role in ROLES:
        if role not in found:
            for alias in _ALIASES[role]:
                if alias in keys and keys.index(alias) not in found.values():
                    found[role] = keys.index(alias)
                    break
    if "date" not in found or ("minutes" not in found and "start" not in found):
        raise UserError(_("the file's header row is not a service log iepcheck knows "
                          "(SameGoal, Infinite Campus, SESIS); name its columns with --columns "
                          "date=HEADER,minutes=HEADER,service=HEADER (nothing was recorded)"))
    return Layout(found, preset)


def _find(keys: list[str], wanted: str, role: str, header: Sequence[str]) -> int:
    if role not in ROLES:
        raise UserError(_("--columns: '{role}' is not a column iepcheck reads; use "
                          "{roles}{did_you_mean}").format(role=role, roles=", ".join(ROLES),
                                                         did_you_mean=did_you_mean(role, ROLES)))
    if wanted not in keys:
        raise UserError(_("--columns: the file has no column '{wanted}'; its columns are "
                          "{columns}").format(wanted=wanted,
                                              columns=", ".join(h.strip() for h in header)))
    return keys.index(wanted)


def parse_columns(text: str | None) -> dict[str, str]:
    """`date=Session Date,minutes=Mins` as role → header."""
    if not text:
        return {}
    pairs = {}
    for part in text.split(","):
        role, sep, name = part.partition("=")
        if not sep or not name.strip():
            raise UserError(_("--columns: '{part}' is not ROLE=HEADER; for example "
                              "date=Session Date,minutes=Mins").format(part=part))
        pairs[role.strip().lower().replace("-", "_")] = name.strip()
    return pairs


@dataclass(frozen=True)
class Meaning:
    """What an attendance code means: the finding, the reason, and whether a session was
    held at all (a holiday row says there was none)."""

    finding: str | None
    reason: str | None = None
    session: bool = True
    make_up: bool = False


#: The school's attendance codes, normalised (lower case, words only) → their meaning.
_CODES: dict[str, Meaning] = {
    "": Meaning("implemented"), "present": Meaning("implemented"),
    "delivered": Meaning("implemented"), "attended": Meaning("implemented"),
    "served": Meaning("implemented"), "completed": Meaning("implemented"),
    "provider absent": Meaning("not-implemented", "provider-absent"),
    "student absent": Meaning("not-implemented", "student-absent"),
    "cancelled": Meaning("not-implemented", "cancelled"),
    "school holiday": Meaning(None, session=False), "holiday": Meaning(None, session=False),
    "school closed": Meaning(None, session=False),
    "make up": Meaning("implemented", make_up=True),
}


def code_meaning(code: str) -> Meaning | None:
    """The meaning of an attendance code as exports write it ('Cancelled - Snow Day',
    'Make-Up', 'Canceled'); None for a code iepcheck does not know."""
    words = " ".join(re.sub(r"[^a-z]+", " ", code.lower()).split())
    words = words.replace("canceled", "cancelled").replace("makeup", "make up")
    if words in _CODES:
        return _CODES[words]
    for known in ("cancelled", "make up", "provider absent", "student absent",
                  "school holiday"):
        if words.startswith(known):
            return _CODES[known]
    return None


def read_day(text: str) -> date | None:
    """2026-09-14, 9/14/2026, 09/14/26, or an ISO date-time (a spreadsheet's cell)."""
    text = text.strip()
    for form in ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def read_time(text: str) -> int | None:
    """Minutes after midnight: 9:00, 09:00:00, 9:00 AM, 1:30 PM."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2})?\s*([AaPp][Mm])?", text.strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if match.group(3):
        hour = hour % 12 + (12 if match.group(3).lower() == "pm" else 0)
    return hour * 60 + minute if hour < 24 and minute < 60 else None


@dataclass(frozen=True)
class Source:
    """The file the rows came from: its name (as cited) and SHA-256 (how a re-import is
    known)."""

    name: str
    sha256: str


@dataclass(frozen=True)
class RowPlan:
    """What an import would do: rows to record (number, draft), rows already recorded
    (number, entry reference), rows refused (number, why)."""

    preset: str | None
    to_record: list[tuple[int, EntryDraft]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)


def plan_rows(rows: Sequence[tuple[int, Sequence[str]]], layout: Layout, source: Source,
              plan: Plan, entries: Sequence[Observation], *, today: date,
              service: str | None = None) -> RowPlan:
    """Each row as a draft, or why it is refused; rows of this file already in the log are
    skipped, so importing the same file twice records nothing new."""
    from iepcheck.record.authors import OWNER, label

    held = {e.school_row.row: e for e in entries
            if e.school_row is not None and e.school_row.sha256 == source.sha256}
    result = RowPlan(layout.preset)
    for number, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        if number in held:
            result.skipped.append((number, label(held[number].author, held[number].n, OWNER)))
            continue
        try:
            draft = row_draft(number, cells, layout, source, plan, today=today, service=service)
        except UserError as error:
            result.refused.append((number, str(error)))
            continue
        result.to_record.append((number, draft))
    return result


def _cell(cells: Sequence[str], layout: Layout, role: str) -> str:
    column = layout.columns.get(role)
    return cells[column].strip() if column is not None and column < len(cells) else ""


def row_draft(number: int, cells: Sequence[str], layout: Layout, source: Source, plan: Plan,
              *, today: date, service: str | None = None) -> EntryDraft:
    """One row as the school's `service-log` entry; UserError says why a row cannot be."""
    day = read_day(_cell(cells, layout, "date"))
    if day is None:
        raise UserError(_("the date '{text}' is not a date").format(
            text=_cell(cells, layout, "date")))
    if day > today:
        raise UserError(_("{day} is after today ({today})").format(day=day, today=today))
    code = _cell(cells, layout, "code")
    meaning = code_meaning(code)
    if meaning is None:
        raise UserError(_("the attendance code '{code}' is not one iepcheck knows (Present, "
                          "Provider Absent, Student Absent, Cancelled, School Holiday, "
                          "Make-up)").format(code=code))
    item = service or match_service(_cell(cells, layout, "service"), plan)
    minutes = _minutes(cells, layout, meaning)
    makes_up = read_day(_cell(cells, layout, "makes_up")) if meaning.make_up else None
    setting = _setting(_cell(cells, layout, "setting"))
    row = {"file": source.name, "sha256": source.sha256, "row": number, "code": code or None,
           "start": _cell(cells, layout, "start") or None,
           "end": _cell(cells, layout, "end") or None, "setting": setting,
           "makes_up": makes_up.isoformat() if makes_up else None}
    note = f"{source.name} row {number}" + (f": {code}" if code else "")
    if not meaning.session:
        note += " (no session)"
    provider = _cell(cells, layout, "provider")
    return EntryDraft(kind="service-log", date=day, items=(item,), finding=meaning.finding,
                      minutes=minutes, reason=meaning.reason, who=provider or None, note=note,
                      source=SCHOOL, school_row=row)


def _minutes(cells: Sequence[str], layout: Layout, meaning: Meaning) -> int | None:
    """The row's minutes: its minutes column, else its end time less its start time."""
    if not meaning.session:
        return 0
    text = _cell(cells, layout, "minutes")
    if text:
        try:
            value = float(text)
        except ValueError:
            raise UserError(_("the minutes '{text}' are not a number").format(
                text=text)) from None
        if not value.is_integer() or value < 0:
            raise UserError(_("the minutes '{text}' are not a whole number of minutes").format(
                text=text))
        minutes = int(value)
    else:
        start, end = (read_time(_cell(cells, layout, r)) for r in ("start", "end"))
        if start is None or end is None or end < start:
            raise UserError(_("the row gives no minutes and no start and end times"))
        minutes = end - start
    if minutes > MINUTES_PER_DAY:
        raise UserError(_("{minutes} minutes is more than a day holds").format(
            minutes=minutes))
    return minutes


def _setting(text: str) -> str | None:
    words = text.lower()
    if "group" in words:
        return "group"
    if "individual" in words or words in {"ind", "indiv", "1:1", "one-on-one"}:
        return "individual"
    return text or None


def match_service(name: str, plan: Plan) -> str:
    """The plan service a row's service name means: its id, its name, or the one service
    whose name it contains or that contains it; else the row is refused with the closest."""
    services = plan.services
    if not name:
        raise UserError(_("the row names no service; pass --service ID for a file about one"))
    wanted = _key(name)
    for service in services:
        if wanted in (service.id, _key(service.name)):
            return service.id
    near = [s for s in services if wanted in _key(s.name) or _key(s.name) in wanted
            or s.id in wanted.split()]
    if len(near) == 1:
        return near[0].id
    ids = [s.id for s in services]
    raise UserError(_("the service '{name}' is not a service of the plan ({services})"
                      "{did_you_mean}; pass --service ID").format(
                          name=name, services=", ".join(ids) or _("none"),
                          did_you_mean=did_you_mean(wanted, ids)))


def dry_run_line(number: int, draft: EntryDraft) -> str:
    """'row 14: 2026-09-14 speech, 30 min, Provider Absent → not-implemented (provider-absent)'."""
    row = draft.school_row or {}
    what = draft.finding or _("no session")
    if draft.reason:
        what += f" ({draft.reason})"
    code = row.get("code") or _("(no code)")
    return _("row {number}: {day} {items}, {minutes} min, {code} → {finding}").format(
        number=number, day=draft.date, items=" ".join(draft.items), minutes=draft.minutes,
        code=code, finding=what)

