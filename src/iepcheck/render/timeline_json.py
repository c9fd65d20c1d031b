"""The chronology as JSON (docs/json.md, `iepcheck-timeline`): the plan, the period, the
complaint windows, then one object per entry, streamed as the rows are made so a year of
entries never sits in memory at once."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from iepcheck.render.escape import json_text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from iepcheck.evidence.timeline import Row, Timeline


def json_pieces(timeline: Timeline) -> Iterator[str]:
    """What `json.dumps(document, indent=2)` would give, the entries last, one at a time."""
    from iepcheck.render.formats import json_header

    encoder = json.JSONEncoder(indent=2, ensure_ascii=False)
    head = encoder.encode({**json_header("timeline"), **_head(timeline), "entries": []})
    yield json_text(head[:-len("]\n}")])  # up to the entries' opening bracket
    separator = "\n    "
    for row in timeline.rows:
        yield separator + json_text(encoder.encode(row_json(row))).replace("\n", "\n    ")
        separator = ",\n    "
    yield "\n  ]\n}\n" if separator.startswith(",") else "]\n}\n"


def _head(timeline: Timeline) -> dict[str, Any]:
    return {
        "student": timeline.student,
        "school": timeline.school,
        "plan": {"kind": timeline.plan_kind, "start": timeline.plan_start.isoformat(),
                 "end": timeline.plan_end.isoformat()},
        "period": {"since": timeline.since.isoformat(), "until": timeline.until.isoformat()},
        "as_of": timeline.as_of.isoformat(),
        "items": list(timeline.items),
        "windows": [{"key": w.key, "mark": w.mark, "name": w.name, "rule": w.rule,
                     "start": w.start.isoformat()} for w in timeline.windows],
        "outside_period": timeline.outside,
        "summary": timeline.summary,
    }


def row_json(row: Row) -> dict[str, Any]:
    """One entry as the chronology shows it: its reference (`12`, or `dad#12` in another
    author's log), the day (and the first day a service log covers), the facts, the windows
    the day falls in."""
    from iepcheck.evidence.timeline import number

    return {
        "ref": number(row, row.n), "n": row.n, "author": row.author or None,
        "date": row.date.isoformat(),
        "covers_from": row.covers_from.isoformat() if row.covers_from else None,
        "kind": row.kind, "items": list(row.items), "who": row.who, "finding": row.finding,
        "minutes": row.minutes, "reason": row.reason, "note": row.note,
        "attachments": list(row.attachments),
        "retracted_by": number(row, row.retracted_by) or None,
        "retracts": number(row, row.retracts) or None,
        "measurements": row.measurements, "windows": list(row.windows),
    }
