"""How often a service is owed, read from the words of an IEP's services grid.

One table-driven parser (docs/frequency.md): a cell is first put in a canonical form
(number words as digits, every spelling of "minutes", "sessions" and the period as one
token), then matched against `_READINGS`, a table of patterns in which each slot says which
number it is. A cell no pattern reads is refused with the cell quoted and the reason, never
guessed: a parent may show the reading to a hearing officer, so it never says more than the
cell does. For the same reason a reading holds only numbers the cell itself writes (as
digits or words); "daily 45 min" has no count, and `times` stays None (once per period).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Period = Literal["day", "week", "month", "year", "cycle"]


@dataclass(frozen=True)
class Frequency:
    """A cell's reading: `times` sessions of `minutes` each per `per` (None: not written).

    Without `times`, `minutes` is what is owed per period ("850 minutes per week": 850 a
    week, however many sessions). `cycle_days` is the length of a `per = "cycle"` cycle.
    """

    cell: str
    per: Period
    minutes: int | None = None
    times: int | None = None
    cycle_days: int | None = None

    def numbers(self) -> tuple[int, ...]:
        """The numbers this reading asserts (each must appear in the cell)."""
        return tuple(n for n in (self.minutes, self.times, self.cycle_days) if n is not None)


@dataclass(frozen=True)
class Refusal:
    """A cell not read, with the reason in words a parent can take to the team."""

    cell: str
    reason: str


#: Number words as IEP forms write them; "once" and "twice" are counts of sessions.
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90,
}
_COUNT_WORDS = {"once": 1, "twice": 2, "thrice": 3}

#: Cells that name no amount: refused, each with its reason (checked first, in order).
_REFUSALS: tuple[tuple[str, str], ...] = (
    (r"\b(as needed|as necessary|prn|p\.r\.n|when needed|if needed|as required)\b",
     "'as needed' names no amount owed; ask the team how many minutes and how often"),
    (r"\b(ongoing|throughout the day|all day|at all times|as appropriate)\b",
     "names no amount of time; ask the team how many minutes and how often"),
    (r"\bup to\b|\bmax(imum)?\b|\bat most\b",
     "'up to' is a ceiling, not an amount owed; ask the team what is owed"),
    (r"\bat least\b|\bminimum\b",
     "'at least' is a floor; enter the floor yourself if the team agrees it is what is owed"),
    (r"\b(hours?|hrs?)\b",
     ("written in hours; iepcheck enters only minutes a document states, so enter the minutes "
     "yourself")),
    (r"\bbi-?weekly\b|\bbi-?monthly\b",
     "'biweekly' may mean twice a week or every other week; ask the team which"),
    (r"\bevery other\b|\balternat",
     ("every other week or day is not a period the plan can hold; ask the team for a count "
     "per month")),
    (r"\b(quarter|quarterly|trimester|semester|grading period|marking period)\b",
     "that period is not one the plan can hold (day, week, month, year or N-day cycle)"),
    (r"\d\s*(-|–|to|or)\s*\d",
     "a range is not one amount; ask the team which number is owed"),
)

_PERIOD_WORDS = {
    "day": r"days?|daily",
    "week": r"weeks?|wks?|weekly|wkly",
    "month": r"months?|mos?|monthly|mthly",
    "year": r"(?:iep |school )?years?|yrs?|yearly|annually|annual",
}
_CONNECTOR = r"(?:(?<!\w)(?:per|a|an|each|every|in a|in an)\b|/)"


def _canonical(cell: str) -> str:
    """The cell with one spelling per meaning: '2 x 30 min /week', '1 x 30 /cycle6'."""
    text = " " + cell.lower().replace("×", " x ").replace("\u00a0", " ") + " "
    text = re.sub(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)", " ", text)
    text = re.sub(r"(\d+)\s*-?\s*day\s+(?:cycle|rotation)", r" cycle\1 ", text)
    text = re.sub(_CONNECTOR + r"\s*cycle(\d+)", r" /cycle\1 ", text)
    text = re.sub(r"\b(\d+)\s+days?\s+" + _CONNECTOR + r"\s*(?:weeks?|wk)\b", r" \1 x /week ", text)
    text = re.sub(r"\b(?:per|a|each|/)\s*session\b", " ", text)
    for word, number in sorted(NUMBER_WORDS.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(rf"\b{word}\b", str(number), text)
    for word, number in _COUNT_WORDS.items():
        text = re.sub(rf"\b{word}\b", f" {number} x ", text)
    text = re.sub(r"(\d+)\s*-\s*(?=min)", r"\1 ", text)
    text = re.sub(r"\b(minutes?|mins?|mns?)\b\.?", " min ", text)
    text = re.sub(r"(\d)\s*x\b", r"\1 x", text)
    text = re.sub(r"\bx\s*(\d)", r"x \1", text)
    text = re.sub(r"(\d)(min)\b", r"\1 \2", text)
    text = re.sub(r"\b(sessions?|times?|visits?|lessons?|periods?)\b", " x ", text)
    for period, words in _PERIOD_WORDS.items():
        text = re.sub(rf"(?:{_CONNECTOR}\s*)?\b(?:{words})\b", f" /{period} ", text)
    text = re.sub(r"\b(for|of|at|lasting)\b|@", " @ ", text)
    text = re.sub(r"\b(each|individual|group|direct|sessions?)\b|[,;:()]|\.(?!\d)", " ", text)
    return " ".join(text.split())


_N = r"(?P<n>\d+)"
_M = r"(?P<m>\d+)"
_P = r"(?P<p>/(?:day|week|month|year|cycle\d+))"
_X = r"(?: x)?"
_AT = r"(?: @)?"

#: The readings: each pattern is matched against the whole canonical cell; its slots say
#: which number is which (n: sessions, m: minutes, p: period). Order does not matter: the
#: patterns are exclusive.
_READINGS: tuple[str, ...] = (
    rf"{_N} x{_AT} {_M}(?: min)?{_X} {_P}",           # 2 x 30 min weekly; 1 x 30 / 6-day cycle
    rf"{_M} min{_X} {_N} x {_P}",                     # 30 min 2x weekly
    rf"{_M} min{_X} x {_N} {_P}",                     # 30 min x 2 weekly
    rf"{_N} {_M} min x {_P}",                         # two 30 minute sessions, weekly
    rf"{_N} x {_P}(?: @| x)? {_M} min",               # 3 sessions weekly for 20 minutes each
    rf"{_P} {_N} x{_AT} {_M} min",                    # weekly 2 sessions of 30 min
    rf"{_M} min {_P}",                                # 850 minutes per week
    rf"{_M} min x {_P}",                              # 30 minute session weekly
    rf"{_P}{_AT} {_M} min",                           # daily 45 min
    rf"{_M} min {_P}{_AT} {_N} x",                    # 30 min weekly, 2 sessions
    rf"{_N} x {_P}",                                  # 1 session per 6-day cycle
)
_COMPILED = tuple(re.compile(pattern) for pattern in _READINGS)


def parse_frequency(cell: str) -> Frequency | Refusal:
    """The reading of one frequency cell, or why it is refused (the cell quoted)."""
    words = " ".join(cell.split())
    if not words:
        return Refusal(cell, "the cell is empty: no frequency is written")
    lowered = words.lower()
    for pattern, reason in _REFUSALS:
        if re.search(pattern, lowered):
            return Refusal(cell, reason)
    canonical = _canonical(words)
    for reader in _COMPILED:
        found = reader.fullmatch(canonical)
        if found:
            return _reading(cell, found)
    return Refusal(cell, "iepcheck cannot read this as a frequency; enter it yourself with "
                         "--minutes, --times and --per")


def _reading(cell: str, found: re.Match[str]) -> Frequency | Refusal:
    slots = found.groupdict()
    period = slots["p"][1:]
    cycle_days = None
    if period.startswith("cycle"):
        cycle_days, period = int(period[len("cycle"):]), "cycle"
    minutes = int(slots["m"]) if slots.get("m") else None
    times = int(slots["n"]) if slots.get("n") else None
    if 0 in (minutes, times, cycle_days):
        return Refusal(cell, "a zero is not an amount owed; ask the team what is owed")
    return Frequency(cell, period, minutes, times, cycle_days)  # type: ignore[arg-type]


def numbers_in(cell: str) -> set[int]:
    """Every number a cell writes, as digits or as words ('two', 'twice')."""
    lowered = cell.lower()
    found = {int(n) for n in re.findall(r"\d+", lowered)}
    words = {**NUMBER_WORDS, **_COUNT_WORDS}
    found.update(n for w, n in words.items() if re.search(rf"\b{w}\b", lowered))
    return found


def describe(reading: Frequency) -> str:
    """The reading in the plan's words: '2 x 30 min per week', '30 min per 6-day cycle'."""
    period = f"{reading.cycle_days}-day cycle" if reading.per == "cycle" else reading.per
    count = f"{reading.times} x " if reading.times else ""
    minutes = f"{reading.minutes} min " if reading.minutes else ""
    return f"{count}{minutes}per {period}".strip()
