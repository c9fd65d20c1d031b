"""A narrow terminal (docs/terminal.md): at 60 columns, or 40, the report wraps, never cuts:
every item's name and id, every status and every figure is there, whole."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import EXAMPLE_PLAN

AS_OF = "2026-11-20"


def _report(cli, monkeypatch, columns: int, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    done = cli("report", "--plan", str(EXAMPLE_PLAN), "--as-of", AS_OF, *args)
    assert done.code == 0, done.stderr
    return done.stdout


def _flowed(text: str) -> str:
    """The lines joined, runs of spaces as one: a name wrapped over two lines reads whole."""
    return " ".join(" ".join(line.split()) for line in text.splitlines())


@pytest.mark.parametrize("columns", [60, 40])
def test_a_narrow_report_keeps_every_name_and_number_whole(cli, monkeypatch, columns) -> None:
    found = json.loads(_report(cli, monkeypatch, 200, "--format", "json"))
    text = _report(cli, monkeypatch, columns)
    assert max(len(line.rstrip()) for line in text.splitlines()) <= columns
    assert "…" not in text
    flowed = _flowed(text)
    for item in found["items"]:
        assert f"{item['name']} ({item['id']})" in flowed, item["id"]
        assert re.search(rf"\b{item['status']}\s+{re.escape(item['name'].split()[0])}", flowed)
        assert f"evidence {item['evidence_count']} · last" in flowed
        for column, figure in (item["minutes"] or {}).items():
            assert f"{column} {figure}" in flowed, (item["id"], column)
    for key, figure in found["totals"].items() if isinstance(found.get("totals"), dict) else ():
        if isinstance(figure, int) and key.endswith("minutes"):
            assert str(figure) in flowed
    for goal in found["goals"]:
        assert f"({goal['id']})" in flowed and goal["verdict"] in flowed
    assert "owed 1215" in flowed or "owed 1,215" in flowed


def test_a_wide_report_keeps_its_columns(cli, monkeypatch) -> None:
    text = _report(cli, monkeypatch, 120)
    header = next(line for line in text.splitlines() if line.lstrip().startswith("status"))
    assert header.split() == ["status", "item", "evidence", "last", "evidence", "last",
                              "finding"]
    assert "evidence 2 · last" not in text


def test_the_narrow_form_is_chosen_by_the_room_the_wide_table_needs(cli, monkeypatch) -> None:
    at_80 = _report(cli, monkeypatch, 80)
    assert "…" not in at_80 and max(len(line.rstrip()) for line in at_80.splitlines()) <= 80
    assert "90 by 4 Jun 2027" in _flowed(at_80)  # the goals' target, cut at 80 by a table


@pytest.mark.parametrize("command", ["items", "due"])
def test_every_table_wraps_at_60_columns(cli, monkeypatch, command) -> None:
    """Any table too wide for the screen is printed a block per row, each cell beside its
    column's name: nothing cut, however narrow."""
    monkeypatch.setenv("COLUMNS", "60")
    done = cli(command, "--plan", str(EXAMPLE_PLAN), "--as-of", AS_OF)
    assert done.code in (0, 1), done.stderr
    assert "…" not in done.stdout
    assert max(len(line.rstrip()) for line in done.stdout.splitlines()) <= 60
    flowed = _flowed(done.stdout)
    found = json.loads(cli("items", "--plan", str(EXAMPLE_PLAN), "--as-of", AS_OF,
                           "--format", "json").stdout)
    if command == "items":
        for item in found["items"]:
            assert f"name: {item['name']}" in flowed, item["id"]
    else:
        assert "status: not-implemented" in flowed and "next step: Email Ms. Chen" in flowed
