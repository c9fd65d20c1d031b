"""Observations: the dated entries of the log, and the log document that holds them (docs/log-format.md).

Entries are values: never edited in place. A correction is a new entry that retracts an old one.

Entries are frozen, slotted pydantic dataclasses rather than BaseModels: a log can hold
100,000 of them, and a BaseModel's per-instance `__dict__` and fields-set bookkeeping cost
about 1 KB each. Validation is the same pydantic validation, through cached TypeAdapters.
"""

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Literal, NoReturn, Self

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    TypeAdapter,
    field_validator,
    model_validator,
)
from pydantic.dataclasses import dataclass

from iepcheck.language.messages import _
from iepcheck.record.authors import OWNER
from iepcheck.record.authors import reference as own_reference
from iepcheck.record.log_format import LOG_FORMAT
from iepcheck.vocabulary import (
    FINDING_VALUES,
    KIND_VALUES,
    KINDS_WITHOUT_FINDING,
    MEASURING_KINDS,
    REASON_VALUES,
    Finding,
)

KindName = Literal[KIND_VALUES]  # type: ignore[valid-type]
FindingName = Literal[FINDING_VALUES]  # type: ignore[valid-type]
ReasonName = Literal[REASON_VALUES]  # type: ignore[valid-type]
EntryNumber = Annotated[int, Field(ge=1)]
AuthorName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,31}$")]
GoalId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
#: A measured value: a JSON number, finite (never true/false, "62" or NaN).
MeasuredValue = StrictInt | Annotated[StrictFloat, Field(allow_inf_nan=False)]
_VALUE = ConfigDict(extra="forbid")

#: How an entry is known among every author's: its number in the owner's log, as always;
#: (author, number) in another author's (docs/authors.md).
EntryKey = int | tuple[str, int]


class _Nothing(dict[Any, Any]):
    """An empty mapping nobody can fill: entries are values, never changed once read."""

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("an entry is never changed; record a new entry instead")

    __setitem__ = __delitem__ = __ior__ = _refuse
    update = setdefault = pop = popitem = clear = _refuse


#: The one empty `findings`/`values` mapping every entry without any shares.
NOTHING: dict[Any, Any] = _Nothing()


@dataclass(frozen=True, slots=True, config=_VALUE)
class Attachment:
    """A copy of an original document in the evidence folder, by path relative to the log."""

    path: str
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    name: str | None = None  # the original file name, for people reading a timeline
    #: The name's own bytes in hex, when they are not UTF-8 (an old zip, a USB stick): `name`
    #: then shows them with U+FFFD, and these keep what the disk said (docs/log-format.md).
    name_bytes: Annotated[str, Field(pattern=r"^(?:[0-9a-f]{2})+$")] | None = None


@dataclass(frozen=True, slots=True, config=_VALUE)
class SchoolRow:
    """Where a `source = "school"` entry came from: one row of the school's own service log,
    with what the school wrote kept verbatim (docs/school-logs.md)."""

    file: str  # the original file's name, as the citation gives it
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    row: Annotated[int, Field(ge=1)]  # the row's line in the file, the header being row 1
    code: str | None = None  # the attendance code, as the school wrote it
    start: str | None = None  # the session's times, as written
    end: str | None = None
    setting: str | None = None  # `group` or `individual` when the row says which
    makes_up: dt.date | None = None  # the missed session a make-up stands for

    @property
    def citation(self) -> str:
        """'servicelog.csv row 14': how every output cites the row."""
        return f"{self.file} row {self.row}"


@dataclass(frozen=True, slots=True, config=_VALUE)
class Observation:
    """One dated thing the parent saw, heard, sent or received."""

    n: EntryNumber
    id: Annotated[str, Field(pattern=r"^[0-9a-fA-F-]{32,36}$")]
    date: dt.date  # `dt.`: the field's name would shadow the type inside the class
    recorded_at: AwareDatetime
    kind: KindName
    items: tuple[str, ...] = ()
    finding: FindingName | None = None
    findings: dict[str, FindingName] = Field(default_factory=dict)  # per item, over `finding`
    minutes: Annotated[int, Field(ge=0)] | None = None
    reason: ReasonName | None = None
    who: str | None = None
    note: str | None = None
    attachments: tuple[Attachment, ...] = ()
    reply_to: EntryNumber | None = None
    retracts: EntryNumber | None = None
    covers_from: dt.date | None = None  # a service log for covers_from..date (version 2)
    message_id: str | None = None  # an imported or drafted email's Message-ID (version 2)
    reply_to_author: AuthorName | None = None  # whose log `reply_to` is in (version 3)
    values: dict[GoalId, MeasuredValue] = Field(default_factory=dict)  # goal → value (version 3)
    source: Literal["school"] | None = None  # the school's own log, imported (version 4)
    school_row: SchoolRow | None = None  # the row of the school's file it was (version 4)
    hash: str | None = None
    #: Whose log the entry was read from (docs/authors.md): never a key in the file (the
    #: file's name says it), set once as the log is read (`by_author`).
    author: str = Field(default=OWNER, init=False, exclude=True, repr=False)

    @property
    def key(self) -> EntryKey:
        """What names the entry among every author's (`entry_key`)."""
        return entry_key(self.author, self.n)

    @property
    def reference(self) -> str:
        """The entry's own reference: `#12`, or `dad#12` in dad's log (`authors.reference`)."""
        return own_reference(self.author, self.n)

    @property
    def replies_to(self) -> EntryKey | None:
        """The entry this one answers: in its own log unless `reply_to_author` says whose."""
        if self.reply_to is None:
            return None
        return entry_key(self.reply_to_author or self.author, self.reply_to)

    def finding_for(self, item_id: str) -> str | None:
        """The finding about one item: its own when the entry gives one, else the entry's."""
        return self.findings.get(item_id, self.finding) if self.findings else self.finding

    @property
    def first_day(self) -> dt.date:
        """The first day the entry covers: `covers_from` for a range, else its date."""
        return self.covers_from or self.date

    @model_validator(mode="after")
    def _fields_fit_together(self) -> Self:
        """Runs for every entry read, so it is short for the usual entry: one finding its
        kind allows and nothing else returns at the first test (the full rules, below, would
        cost 70 ms more on 100,000 entries). `tests/test_entry_rules.py` shows that it accepts
        exactly what the full rules accept.

        Entries without per-item findings or measured values (nearly all) share one empty,
        read-only mapping rather than hold two empty dicts each (16 MB on 100,000 entries)."""
        if not self.findings:
            object.__setattr__(self, "findings", NOTHING)
        if not self.values:
            object.__setattr__(self, "values", NOTHING)
        if (self.finding is None or self.kind not in KINDS_WITHOUT_FINDING) and not (
                self.findings or self.covers_from is not None or self.values
                or self.reason is not None):
            return self
        return self._finding_fits_kind()

    def _finding_fits_kind(self) -> Self:
        if self.kind in KINDS_WITHOUT_FINDING and (self.finding is not None or self.findings):
            raise ValueError(_("a '{kind}' entry carries no finding").format(kind=self.kind))
        if set(self.findings) - set(self.items):
            raise ValueError(_("findings name an item the entry is not about"))
        if self.covers_from is not None and not (self.kind == "service-log"
                                                 and self.covers_from <= self.date):
            raise ValueError(_("covers_from goes with a service-log, on or before its date"))
        if self.values and self.kind not in MEASURING_KINDS:
            raise ValueError(_("a '{kind}' entry measures no goal (values go with "
                               "{kinds})").format(kind=self.kind,
                                                  kinds=", ".join(sorted(MEASURING_KINDS))))
        missed = Finding.not_implemented in (self.finding, *self.findings.values())
        if self.reason is not None and not missed:
            raise ValueError(_("a reason goes with the finding 'not-implemented'"))
        return self


def first_misnumbered(entries: list[Observation], start: int = 1) -> int | None:
    """The position (from `start`) of the first entry whose `n` is not its position."""
    for position, entry in enumerate(entries, start=start):
        if entry.n != position:
            return position
    return None


@functools.cache
def _entry_adapter() -> TypeAdapter[Observation]:
    return TypeAdapter(Observation)


@functools.cache
def _entries_adapter() -> TypeAdapter[list[Observation]]:
    return TypeAdapter(list[Observation])


def validate_entry(fields: dict[str, Any]) -> Observation:
    """One entry from Python values (raises pydantic's ValidationError)."""
    return _entry_adapter().validate_python(fields)


def validate_entries_json(array: bytes) -> list[Observation]:
    """A JSON array of entries (raises pydantic's ValidationError)."""
    return _entries_adapter().validate_json(array)


@functools.cache
def log_document() -> type[BaseModel]:
    """The whole log file as one model, built only when a log fails to read line by line:
    it then says exactly what is wrong, and where (log_validation.py)."""

    class LogDocument(BaseModel):
        """The whole log file. `version` lets later releases migrate old logs forward."""

        model_config = ConfigDict(extra="forbid")

        format: str
        version: Annotated[StrictInt, Field(ge=1)]  # `true`, "1" and 1.0 are not versions
        entries: list[Observation]

        @field_validator("format")
        @classmethod
        def _is_a_log(cls, value: str) -> str:
            if value != LOG_FORMAT:
                raise ValueError(_("this is not an iepcheck log (format is '{found}', not "
                                   "'{format}')").format(found=value, format=LOG_FORMAT))
            return value

        @model_validator(mode="after")
        def _numbered_in_order(self) -> Self:
            misnumbered = first_misnumbered(self.entries)
            if misnumbered is not None:
                raise ValueError(_("entry {position} is numbered {number}; entries must be "
                                   "numbered 1, 2, 3… in order").format(
                                       position=misnumbered,
                                       number=self.entries[misnumbered - 1].n))
            return self

    return LogDocument


def entry_json(entry: Observation) -> dict[str, Any]:
    """The entry as JSON-ready values, keys in the log's order."""
    dumped: dict[str, Any] = _entry_adapter().dump_python(entry, mode="json")
    return dumped



def entry_key(author: str, number: int) -> EntryKey:
    """The key of entry `number` of `author`'s log: the owner's keep their plain numbers, so
    a record with one author is keyed exactly as before there were several."""
    return number if author == OWNER else (author, number)


def retracted_keys(entries: Iterable[Observation]) -> frozenset[EntryKey]:
    """Keys of every entry withdrawn by a later retraction. A retraction always withdraws an
    entry of its own log: nobody retracts what someone else wrote."""
    return frozenset(entry_key(e.author, e.retracts) for e in entries if e.retracts is not None)


def live_entries(entries: Sequence[Observation]) -> list[Observation]:
    """What still stands: not retracted, and not itself a retraction. In log order.

    Every reading of the log starts here, once an entry: the entry's number is tested before
    its key is built, as few entries are ever retracted. With no retraction in `entries`
    (which includes entries already filtered here), everything stands: the same list."""
    gone = retracted_keys(entries)
    if not gone and isinstance(entries, list):
        return entries
    numbers = {key if isinstance(key, int) else key[1] for key in gone}
    return [e for e in entries
            if e.retracts is None and not (e.n in numbers and e.key in gone)]


def record_as_of(entries: Sequence[Observation], day: dt.date) -> list[Observation]:
    """The record as it stands, seen from `day`: what `--as-of DATE` means in every command
    ("act as if today were DATE, with everything recorded now"; docs/architecture.md).

    Entries about days after `day` are not yet known; every retraction counts whenever it was
    recorded, because a withdrawn entry was never evidence: no report, reminder or letter as
    of an earlier day may count or cite it. The audit view, the log as it was written by the
    end of a day, is `history.recorded_by`."""
    return [e for e in live_entries(entries) if e.date <= day]


def by_author(entries: list[Observation], author: str) -> list[Observation]:
    """The entries of `author`'s log, marked as theirs (in place: each entry is new, read a
    moment ago, and seen by nobody yet; marking costs nothing per entry beyond the store)."""
    if author != OWNER:
        for entry in entries:
            object.__setattr__(entry, "author", author)
    return entries
