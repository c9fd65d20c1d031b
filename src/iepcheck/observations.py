"""Observations: the dated entries of the log, and the log document that holds them (DESIGN 1.2).

Entries are values: never edited in place. A correction is a new entry that retracts an old one.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from iepcheck.vocabulary import FINDING_VALUES, KIND_VALUES, KINDS_WITHOUT_FINDING, REASON_VALUES

LOG_FORMAT = "iepcheck-log"
LOG_VERSION = 1

KindName = Literal[KIND_VALUES]  # type: ignore[valid-type]
FindingName = Literal[FINDING_VALUES]  # type: ignore[valid-type]
ReasonName = Literal[REASON_VALUES]  # type: ignore[valid-type]
EntryNumber = Annotated[int, Field(ge=1)]


class Attachment(BaseModel):
    """A copy of an original document in the evidence folder, by path relative to the log."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    path: str
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    name: str | None = None  # the original file name, for people reading a timeline


class Observation(BaseModel):
    """One dated thing the parent saw, heard, sent or received."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    n: EntryNumber
    id: Annotated[str, Field(pattern=r"^[0-9a-fA-F-]{32,36}$")]
    date: date
    recorded_at: AwareDatetime
    kind: KindName
    items: tuple[str, ...] = ()
    finding: FindingName | None = None
    minutes: Annotated[int, Field(ge=0)] | None = None
    reason: ReasonName | None = None
    who: str | None = None
    note: str | None = None
    attachments: tuple[Attachment, ...] = ()
    reply_to: EntryNumber | None = None
    retracts: EntryNumber | None = None
    hash: str | None = None

    @model_validator(mode="after")
    def _finding_fits_kind(self) -> Observation:
        if self.kind in KINDS_WITHOUT_FINDING and self.finding is not None:
            raise ValueError(f"a '{self.kind}' entry carries no finding")
        if self.reason is not None and self.finding != "not-implemented":
            raise ValueError("a reason goes with the finding 'not-implemented'")
        return self

    @property
    def is_retraction(self) -> bool:
        return self.retracts is not None


class LogDocument(BaseModel):
    """The whole log file. `version` lets later releases migrate old logs forward."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["iepcheck-log"]
    version: Annotated[int, Field(ge=1)]
    entries: list[Observation]

    @model_validator(mode="after")
    def _numbered_in_order(self) -> LogDocument:
        for position, entry in enumerate(self.entries, start=1):
            if entry.n != position:
                raise ValueError(f"entry {position} is numbered {entry.n}; entries must be "
                                 "numbered 1, 2, 3… in order")
        return self


def retracted_numbers(entries: list[Observation]) -> frozenset[int]:
    """Numbers withdrawn by a later retraction; the retraction entries themselves are live."""
    return frozenset(e.retracts for e in entries if e.retracts is not None)


def live_entries(entries: list[Observation]) -> list[Observation]:
    """What still stands: not retracted, and not itself a retraction."""
    gone = retracted_numbers(entries)
    return [e for e in entries if e.n not in gone and e.retracts is None]
