"""record/witnesses.py: whose chain a receipt that does not match the log is of. The rules
must excuse an honest copy or another record, and never a rewritten log."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from iepcheck.record.seal import chain
from iepcheck.record.witnesses import another_records, copy_vouches, seals_hold

NOTES = st.lists(st.text(max_size=20), min_size=1, max_size=8)


def _log(notes: list[str], prefix: str = "e") -> list[dict[str, Any]]:
    entries = [{"n": n, "id": f"{prefix}{n:031d}", "date": "2026-11-02", "kind": "visit",
                "note": note, "recorded_at": f"2026-11-02T10:{n:02d}:00+00:00"}
               for n, note in enumerate(notes, start=1)]
    for entry, value in list(chain(entries)):
        entry["hash"] = value
    return entries


@given(NOTES, st.data())
def test_a_copy_the_log_holds_unchanged_vouches_and_an_edit_never_does(notes, data) -> None:
    log = _log(notes)
    number = data.draw(st.integers(1, len(log)))
    prefix = log[number - 1]["hash"][:16]
    assert seals_hold(log, len(log))
    assert copy_vouches(log, log, number, prefix) == 0
    merged = [{**e, "n": e["n"] + 10, "recorded_at": "2026-12-01T00:00:00+00:00"} for e in log]
    assert copy_vouches(merged, log, number, prefix) == 0  # renumbered, resealed: the same
    assert copy_vouches(log[: number - 1], log, number, prefix) == 1  # still to merge
    edited = data.draw(st.integers(1, number))
    forged = [dict(e) for e in log]
    forged[edited - 1]["note"] += " (changed)"
    assert copy_vouches(forged, log, number, prefix) is None
    assert not another_records(forged, log, number, prefix)  # the original is no sibling


@given(NOTES, NOTES, st.data())
def test_another_records_log_excuses_only_its_own_receipt(notes, others, data) -> None:
    log, sibling = _log(notes), _log(others, prefix="f")
    number = data.draw(st.integers(1, len(sibling)))
    prefix = sibling[number - 1]["hash"][:16]
    assert another_records(log, sibling, number, prefix)
    tampered = [dict(e) for e in sibling]
    tampered[0]["note"] += "!"
    assert not another_records(log, tampered, number, prefix)  # its seals must hold
