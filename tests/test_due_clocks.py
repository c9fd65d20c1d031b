"""Which clock an email runs on, and whom `due` and the escalation letter name
(docs/letters.md), through the installed entry point. The letters' plan of
tests/test_letters.py: Mrs. Patel the case manager, Mr. Baker the principal, reply within 3
school days, Veterans Day (11 Nov) off.

A records request sent Friday 20 Nov 2026 is due 45 days later, Monday 4 Jan 2027: on
Friday 27 Nov (3 school days would have run out on Wednesday 25 Nov) it is not overdue.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import log_through_cli, write_plan
from tests.test_letters import LETTER_PLAN

AS_OF = "2026-11-20"


@pytest.fixture
def sam(tmp_path: Path) -> Path:
    return write_plan(tmp_path, "sam", LETTER_PLAN)


def _due(cli, sam: Path, as_of: str) -> dict:
    done = cli("due", "--format", "json", "--plan", sam, "--as-of", as_of)
    assert done.code == 0, done.stderr
    return json.loads(done.stdout)


def test_a_records_request_runs_on_its_own_date_not_the_reply_clock(cli, sam) -> None:
    done = cli("letter", "records-request", "-o", sam.with_name("r.eml"), "--record",
               "--plan", sam, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    later = _due(cli, sam, "2026-12-04")
    assert later["unanswered"] == []
    assert later["records_overdue"] == []
    assert {"date": "2027-01-04", "event": "records answer due from Mrs. Patel (request #1)"} in (
        _due(cli, sam, "2026-12-21")["upcoming"])
