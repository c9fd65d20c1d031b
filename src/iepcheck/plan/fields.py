"""The plan's fields: what each kind of value in the plan file may hold (docs/plan-format.md).

Pure. The plan's text reaches every output (terminal, Markdown, CSV, HTML, iCalendar, email
headers), so it is refused here when it could break one: no control characters in any text
(a note may hold line breaks and tabs), no name that is only spaces, an email field holds
exactly one address, numbers and dates stay within the bounds below (docs/output-safety.md).
Each validator raises ValueError with the rule broken; pydantic names the key.
"""

import math
import re
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StrictStr

from iepcheck.dates import FIRST_YEAR, LAST_YEAR, MINUTES_PER_DAY, parse_interval
from iepcheck.errors import UserError
from iepcheck.language.messages import _

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


#: A service's minutes per session: at least one, at most a whole day.
MAX_MINUTES = MINUTES_PER_DAY


#: A yearly service's minutes ("1800 minutes yearly"): at most a whole year of whole days.
MAX_YEAR_MINUTES = MINUTES_PER_DAY * 366


#: The school days of a `per = "cycle"` cycle: a rotation of 2 to 30 school days.
MAX_CYCLE_DAYS = 30


#: A service's group size: 1 (individual) to a class-sized group.
MAX_GROUP = 40


#: Sessions per day, week or month: 100 is far beyond any plan and keeps every total small.
MAX_TIMES = 100


#: A goal's values (baseline, target, measurements): finite numbers of a sane size, so the
#: straight line between them never overflows.
MAX_VALUE = 1e9


#: C0 controls, DEL, C1 controls and the bidirectional overrides that reorder what is shown.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


#: One bare address: local@domain.tld, any script (IDN), no spaces, commas, brackets or quotes.
#: Every address it accepts, email.utils also reads as exactly that one bare address
#: (tests/test_output_safety.py checks this), so drafts put it in a header unchanged.
ADDRESS = re.compile(r"[^\s@<>(),;:\"\[\]\\]+@[^\s@<>(),;:\"\[\]\\.]+(\.[^\s@<>(),;:\"\[\]\\.]+)+")


def _refuse_controls(value: str, allowed: str = "") -> str:
    """A control character in plan text could rewrite a terminal, split an iCalendar line or
    an email header; refuse it, naming the character (never echoing it)."""
    for match in _CONTROL.finditer(value):
        if match.group() not in allowed:
            raise ValueError(_("contains a control character ({code}) at position {position}; "
                               "retype the text without it").format(
                                   code=f"U+{ord(match.group()):04X}", position=match.start() + 1))
    return value


#: An RFC 2047 encoded word, `=?charset?q?text?=`: some versions of Python's email package
#: decode one while folding a header, so `=0D=0A` in it would start a new header line.
_ENCODED_WORD = re.compile(r"=\?[^?\s]*\?[bBqQ]\?[^?]*\?=")


def _refuse_encoded_words(value: str) -> str:
    """Plan text goes into email headers (names, the subject): refuse what a mail library
    may decode into other headers, whatever the Python version (docs/output-safety.md)."""
    if _ENCODED_WORD.search(value):
        raise ValueError(_("contains '=?…?=', which mail programs read as encoded header "
                           "text; write the text itself"))
    return value


def _as_text(value: object) -> object:
    """Free text on one line: no control characters, no encoded header words."""
    return _refuse_encoded_words(_refuse_controls(value)) if isinstance(value, str) else value


def _as_name(value: object) -> object:
    """A name people read: one line, not empty and not only spaces."""
    if isinstance(value, str):
        _refuse_encoded_words(_refuse_controls(value))
        if not value.strip():
            raise ValueError(_("is empty or only spaces; write the name"))
    return value


def _as_note(value: object) -> object:
    """A note may run over several lines (a TOML multi-line string); nothing else is allowed."""
    return _refuse_controls(value, allowed="\n\t") if isinstance(value, str) else value


def _as_email(value: object) -> object:
    """Exactly one bare address, or "" for none: the field becomes a To or From header, so
    'a@x, b@y' (two recipients) or 'Name <a@x>' must not get through."""
    if not isinstance(value, str) or value == "":
        return value
    _refuse_controls(value)
    if not ADDRESS.fullmatch(value):
        raise ValueError(_("'{value}' is not one email address; write a single address such "
                           "as lee@school.example.org (no name, comma or second "
                           "address)").format(value=value))
    return value


def _as_date(value: object) -> object:
    """TOML dates arrive as `date`; a quoted ISO string is accepted; a date-time is not."""
    if isinstance(value, datetime):
        raise ValueError(_("expected a date such as 2026-08-24, not a date and time"))
    if isinstance(value, str):
        _refuse_controls(value)
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise ValueError(_("expected a date such as 2026-08-24, got {value}").format(
                value=f"'{value}'")) from None
    if not isinstance(value, date):
        raise ValueError(_("expected a date such as 2026-08-24, got {value}").format(
            value=repr(value)))
    return in_bounds(value)


def in_bounds(day: date) -> date:
    """Plan dates stay within FIRST_YEAR..LAST_YEAR, so date arithmetic never overflows."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(_("{day} is outside the years {first}-{last}; check the year").format(
            day=day.isoformat(), first=FIRST_YEAR, last=LAST_YEAR))
    return day


def _as_interval(value: object) -> object:
    if isinstance(value, str):
        try:
            return parse_interval(value)
        except UserError:
            raise ValueError(_("expected an interval such as 7d or 2w, got '{value}'").format(
                value=value)) from None
    raise ValueError(_("expected an interval such as \"7d\" or \"2w\" (in quotes)"))


def _as_slug(value: object) -> object:
    if isinstance(value, str):
        _refuse_controls(value)
    if isinstance(value, str) and not SLUG.fullmatch(value):
        raise ValueError(_("'{value}' is not a valid id: use lowercase letters, digits and "
                           "hyphens, starting with a letter or digit (e.g. "
                           "speech-therapy)").format(value=value))
    return value


def _as_plan_id(value: object) -> object:
    """A UUID in its usual written form, as `iepcheck init` writes it: calendar event UIDs
    derive from it, so it must never be mistyped into something else silently."""
    if isinstance(value, str):
        _refuse_controls(value)
        if not PLAN_ID.fullmatch(value):
            raise ValueError(_("'{value}' is not a plan id: use a UUID such as "
                               "'3f2b8c1e-6d4a-4f0e-9b7c-2a1d5e8f9c03' (as 'iepcheck init' "
                               "writes it), or remove the line").format(value=value[:40]))
    return value


#: A UUID written as 8-4-4-4-12 hexadecimal digits.
PLAN_ID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


def _as_value(value: object) -> object:
    """A measured value: a number (not a quoted one, not true/false), finite, of a sane size."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(_("expected a number such as 62 or 0.5 (no quotes)"))
    if not math.isfinite(value):
        raise ValueError(_("expected a finite number, not inf or nan"))
    if abs(value) > MAX_VALUE:
        raise ValueError(_("{value} is too large; a measured value is at most {most}").format(
            value=f"{value:g}", most=f"{MAX_VALUE:g}"))
    return value


PlanDate = Annotated[date, BeforeValidator(_as_date)]


Interval = Annotated[int, BeforeValidator(_as_interval)]


Slug = Annotated[StrictStr, BeforeValidator(_as_slug)]


PlanId = Annotated[StrictStr, BeforeValidator(_as_plan_id)]


Text = Annotated[StrictStr, Field(min_length=1), BeforeValidator(_as_name)]


FreeText = Annotated[StrictStr, BeforeValidator(_as_text)]


Note = Annotated[StrictStr, BeforeValidator(_as_note)]


Email = Annotated[StrictStr, BeforeValidator(_as_email)]


Positive = Annotated[StrictInt, Field(gt=0)]


Minutes = Annotated[StrictInt, Field(gt=0, le=MAX_MINUTES)]


Times = Annotated[StrictInt, Field(gt=0, le=MAX_TIMES)]


YearMinutes = Annotated[StrictInt, Field(gt=0, le=MAX_YEAR_MINUTES)]


CycleDays = Annotated[StrictInt, Field(ge=2, le=MAX_CYCLE_DAYS)]


GroupSize = Annotated[StrictInt, Field(ge=1, le=MAX_GROUP)]


Value = Annotated[int | float, BeforeValidator(_as_value)]


class Table(BaseModel):
    """A table of the plan file. Its validator is built when a plan is first read, not when
    the class is defined (`defer_build`): reading the plan then builds one validator for the
    whole plan, instead of one for each of the ~16 tables at start-up as well (2-3 ms of
    every command)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


def unknown_staff(where: str, staff_id: str, known: set[str]) -> str:
    """The sentence for a staff id that names nobody in the plan, with the ids that do."""
    choices = ", ".join(sorted(known)) or _("none yet: add a [[staff]] table")
    return _("{where}: '{staff_id}' is not a staff id in the plan (staff: {choices})").format(
        where=where, staff_id=staff_id, choices=choices)
