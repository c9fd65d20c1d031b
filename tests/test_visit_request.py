"""`letter visit-request` through the real entry point: where, when, the visitor policy, and
nothing from the log; its answer date tracked by `due` like a records request's."""

from __future__ import annotations

import json

AS_OF = "2026-11-20"  # a Friday before Thanksgiving week


def _letter(cli, plan, *args: str) -> str:
    done = cli("letter", "visit-request", "ms-lee", *args, "--plan", plan, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    return done.stdout


def test_the_letter_proposes_dates_and_asks_for_the_visitor_policy(cli, example_plan) -> None:
    text = _letter(cli, example_plan, "--item", "speech", "--item", "seating")
    assert "Subject: Request to observe in class: Maya Rivera" in text
    assert "- Speech and language therapy with Mr. Ortiz (Pull-out, speech room)." in text
    assert ("- Ms. Lee's class, where these accommodations apply: Preferential seating near "
            "instruction, away from the door.") in text
    # Answer due 3 school days on (Thanksgiving closed): Mon 30 Nov; visits proposed after it.
    assert "an answer by 30 Nov 2026" in text
    assert "Tuesday 1 Dec 2026, Wednesday 2 Dec 2026, Thursday 3 Dec 2026" in text
    assert "visitor or classroom observation policy" in text


def test_the_letter_cites_nothing_from_the_log(cli, example_plan) -> None:
    done = cli("log", "seating", "-k", "visit", "-f", "not-implemented", "--note",
               "SECRET-NOTE by the door", "--plan", example_plan, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    text = _letter(cli, example_plan)
    body = text.split("Log seal")[0]  # every letter ends with the log's seal receipt
    assert "SECRET-NOTE" not in text and "#1" not in body and "not-implemented" not in text


def test_due_tracks_the_answer_date(cli, example_plan) -> None:
    _letter(cli, example_plan, "-o", example_plan.with_name("visit.eml"), "--record")

    def due(as_of: str) -> dict:
        done = cli("due", "--format", "json", "--within", "14d", "--plan", example_plan,
                   "--as-of", as_of)
        assert done.code == 0, done.stderr
        return json.loads(done.stdout)

    before = due("2026-11-23")
    assert {"date": "2026-11-30", "event": "visit answer due from Ms. Lee (request #1)"} in (
        before["upcoming"])
    after = due("2026-12-01")
    assert after["records_overdue"] == [{"n": 1, "who": "ms-lee", "sent": "2026-11-20",
                                         "due": "2026-11-30", "overdue_days": 1,
                                         "what": "visit"}]
    table = cli("due", "--plan", example_plan, "--as-of", "2026-12-01").stdout
    assert "Visit requests overdue" in table
    assert "Records requests overdue" not in table
