"""The entry model's fast path for the usual entry is the full rules, not a second copy of
them: for any combination of the fields the rules look at, an entry is accepted exactly
when the full rules (`_finding_fits_kind`) accept it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from iepcheck.record.entries import Observation, validate_entry
from iepcheck.vocabulary import Finding, Kind, Reason

DAY = dt.date(2026, 11, 16)
ITEMS = ("speech", "ot", "extended-time")

findings = st.sampled_from([f.value for f in Finding])
entries = st.fixed_dictionaries({
    "kind": st.sampled_from([k.value for k in Kind]),
    "items": st.lists(st.sampled_from(ITEMS), max_size=2, unique=True).map(tuple),
    "finding": st.none() | findings,
    "findings": st.dictionaries(st.sampled_from(ITEMS), findings, max_size=2),
    "covers_from": st.none() | st.sampled_from([DAY - dt.timedelta(days=3), DAY,
                                                DAY + dt.timedelta(days=1)]),
    "values": st.dictionaries(st.sampled_from(["wpm", "accuracy"]),
                              st.floats(0, 100, allow_nan=False), max_size=1),
    "reason": st.none() | st.sampled_from([r.value for r in Reason]),
})


def _full_rules_accept(fields: dict[str, Any]) -> bool:
    """The full rules, run on an entry built without the validator (and so without the
    fast path): what the fast path must agree with."""
    entry = object.__new__(Observation)
    for name, value in {"date": DAY, **fields}.items():
        object.__setattr__(entry, name, value)
    try:
        entry._finding_fits_kind()
    except ValueError:
        return False
    return True


@settings(max_examples=600, deadline=None)
@given(entries)
def test_the_fast_path_accepts_exactly_what_the_full_rules_accept(fields: dict[str, Any]) -> None:
    try:
        validate_entry({"n": 1, "id": "0" * 32, "date": DAY.isoformat(),
                        "recorded_at": "2026-11-16T18:00:00+00:00", **fields})
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == _full_rules_accept(fields)
