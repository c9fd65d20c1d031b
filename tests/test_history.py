"""`iepcheck history`: which entries it shows (pure), how it lays them out, and the command."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from iepcheck.record.drafts import EntryDraft
from iepcheck.record.history import HistoryQuery, recorded_by, select
from iepcheck.render import listing
from tests.conftest import record_entries, snapshot

EASTERN = timezone(timedelta(hours=-5))


def at(day: str, hour: int = 18) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=EASTERN)


@pytest.fixture
def log_path(plan_path: Path) -> Path:
    return plan_path.with_name("sam.log.json")


@pytest.fixture
def dated_log(log_path: Path) -> Path:
    """#1 seen 2 Nov, written that evening; #2 seen 3 Nov, written 10 Nov; #3 (written
    15 Nov) retracts #1; #4 a service log for 2..13 Nov, item by item findings, written 13 Nov
    at 23:30 Eastern (already 14 Nov in UTC)."""
    record_entries(log_path, EntryDraft(kind="visit", date=date(2026, 11, 2), items=("speech",),
                                        finding="implemented", note="Saw the session"),
                   now=at("2026-11-02"))
    record_entries(log_path, EntryDraft(kind="interview", date=date(2026, 11, 3),
                                        items=("extended-time",), finding="partial"),
                   now=at("2026-11-10"))
    record_entries(log_path, EntryDraft(kind="note", date=date(2026, 11, 15), items=("speech",),
                                        note="It was OT", retracts=1), now=at("2026-11-15"))
    record_entries(log_path, EntryDraft(
        kind="service-log", date=date(2026, 11, 13), covers_from=date(2026, 11, 2),
        items=("speech", "extended-time"), finding="implemented",
        findings=(("extended-time", "not-implemented"),), minutes=240, who="ms-lee"),
        now=at("2026-11-13", 23).replace(minute=30))
    return log_path


def entries_of(path: Path):
    from iepcheck.store.logbook import read_log

    return read_log(path)


# --- selection (pure) -----------------------------------------------------------------------


def test_recorded_by_uses_the_writers_own_calendar_day(dated_log: Path) -> None:
    entries = entries_of(dated_log)
    assert [e.n for e in recorded_by(entries, date(2026, 11, 9))] == [1]
    assert [e.n for e in recorded_by(entries, date(2026, 11, 13))] == [1, 2, 4]  # 23:30 local
    assert [e.n for e in recorded_by(entries, date(2026, 11, 1))] == []


def test_a_later_retraction_is_not_in_the_log_recorded_by_before_it(dated_log: Path) -> None:
    entries = entries_of(dated_log)
    shown, gone = select(entries, HistoryQuery(recorded_by=date(2026, 11, 14)))
    assert [e.n for e in shown] == [1, 2, 4] and gone == frozenset()
    shown, gone = select(entries, HistoryQuery(recorded_by=date(2026, 11, 15)))
    assert [e.n for e in shown] == [1, 2, 3, 4] and gone == {1}


def test_as_of_applies_every_retraction_whenever_recorded(dated_log: Path) -> None:
    """--as-of means what it means everywhere: today is that day, the record is as it
    stands now, so #1 (withdrawn on 15 Nov) is withdrawn in a view as of 14 Nov too."""
    entries = entries_of(dated_log)
    shown, gone = select(entries, HistoryQuery(as_of=date(2026, 11, 14)))
    assert [e.n for e in shown] == [1, 2, 4] and gone == {1}


def test_last_keeps_the_last_n_after_the_filters(dated_log: Path) -> None:
    entries = entries_of(dated_log)
    shown, _ = select(entries, HistoryQuery(items=frozenset({"speech"}), last=2))
    assert [e.n for e in shown] == [3, 4]
    shown, _ = select(entries, HistoryQuery(last=10))
    assert [e.n for e in shown] == [1, 2, 3, 4]
    shown, _ = select(entries, HistoryQuery(kinds=frozenset({"visit", "interview"}),
                                            since=date(2026, 11, 3), until=date(2026, 11, 3)))
    assert [e.n for e in shown] == [2]


# --- layout ---------------------------------------------------------------------------------


def test_lines_show_ranges_per_item_findings_and_retractions(dated_log: Path) -> None:
    entries = entries_of(dated_log)
    count, lines = listing.history_text(entries, frozenset({1}))
    text = list(lines)
    assert count == len(text) == 5
    assert text[0].split() == list(listing.HISTORY_COLUMNS)
    assert "implemented (retracted)" in text[1]
    assert "retracts #1: It was OT" in text[3]
    assert "2026-11-02..2026-11-13" in text[4]
    assert "speech: implemented; extended-time: not-implemented" in text[4]
    assert text[1].index("Saw the session") == text[0].index("note")  # one column for notes


def test_multi_line_notes_continue_under_the_note_column() -> None:
    from iepcheck.record.entries import validate_entry

    entry = validate_entry({"n": 1, "id": "0" * 32, "date": "2026-11-02",
                            "recorded_at": "2026-11-02T18:00:00+00:00", "kind": "note",
                            "note": "first\r\nsecond\rthird \x1b]0;x\x07", "who": "a\nb"})
    count, lines = listing.history_text([entry], frozenset())
    text = list(lines)
    assert count == len(text) == 4
    column = text[0].index("note")
    assert [line[column:] for line in text[1:]] == ["first", "second", "third ␛]0;x␇"]
    assert text[2][:column].strip() == "" and "a␊b" in text[1]
    assert all("\x1b" not in line and "\r" not in line for line in text)


def test_wide_characters_keep_columns_aligned() -> None:
    assert listing.cell_width("abc") == 3
    assert listing.cell_width("学校") == 4
    assert listing.cell_width("e\u0301") == 1  # e and a combining accent


def test_json_is_exactly_the_indented_document(dated_log: Path) -> None:
    from iepcheck.record.entries import entry_json

    entries = entries_of(dated_log)
    rows = [{**entry_json(e), "retracted": e.n == 1} for e in entries]
    head = {"format": "iepcheck-history", "version": 1}
    expected = json.dumps({**head, "entries": rows}, indent=2, ensure_ascii=False) + "\n"
    assert listing.history_json(entries, frozenset({1})) == expected
    assert listing.history_json([], frozenset()) == json.dumps(
        {**head, "entries": []}, indent=2) + "\n"


# --- the command ----------------------------------------------------------------------------


def history(cli, plan_path: Path, *args: str, as_of: str = "2026-12-01") -> list[str]:
    done = cli("history", *args, "--plan", plan_path, "--as-of", as_of)
    assert done.code == 0, done.stderr
    return done.stdout.splitlines()


def test_recorded_by_shows_the_log_as_it_stood(cli, plan_path: Path, dated_log: Path) -> None:
    numbers = [line.split()[0] for line in history(cli, plan_path, "--recorded-by",
                                                        "2026-11-12", as_of="2026-11-12")[1:]]
    assert numbers == ["1", "2"]
    assert "(retracted)" not in "\n".join(history(cli, plan_path, "--recorded-by",
                                                   "2026-11-12", as_of="2026-11-12"))
    assert "(retracted)" in "\n".join(history(cli, plan_path, as_of="2026-11-12"))
    done = json.loads("\n".join(history(cli, plan_path, "--format", "json", as_of="2026-11-15")))
    assert [(e["n"], e["retracted"]) for e in done["entries"]] == [
        (1, True), (2, False), (3, False), (4, False)]
    assert history(cli, plan_path, as_of="2026-11-01") == ["No observations match."]


def test_last_n(cli, plan_path: Path, dated_log: Path) -> None:
    lines = history(cli, plan_path, "-n", "2")
    assert [line.split()[0] for line in lines[1:]] == ["3", "4"]
    done = json.loads("\n".join(history(cli, plan_path, "--last", "1", "--item", "speech",
                                        "--format", "json")))
    assert [e["n"] for e in done["entries"]] == [4]


@pytest.mark.parametrize("value", ["0", "-3"])
def test_last_must_be_one_or_more(cli, plan_path: Path, dated_log: Path, value: str) -> None:
    before = snapshot(plan_path, dated_log)
    done = cli("history", "--last", value, "--plan", plan_path, "--as-of", "2026-12-01")
    assert done.code == 2 and "--last:" in done.stderr and done.stderr.count("\n") == 1
    assert snapshot(plan_path, dated_log) == before


def test_a_pipe_never_gets_a_pager(cli, plan_path: Path, dated_log: Path, monkeypatch,
                                   tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"tee {paged}")
    lines = history(cli, plan_path)
    assert len(lines) == 5 and not paged.exists()


def test_a_terminal_gets_the_pager_for_long_output(cli, plan_path: Path, dated_log: Path,
                                                   monkeypatch, tmp_path: Path) -> None:
    from iepcheck.cli import pager

    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"dd status=none of={paged}")
    monkeypatch.setattr(pager, "stdout_is_terminal", lambda: True)
    monkeypatch.setattr(pager, "screen_lines", lambda: 3)
    assert history(cli, plan_path) == []
    assert "retracts #1: It was OT" in paged.read_text() and len(paged.read_text().splitlines()) == 5
    paged.unlink()
    assert len(history(cli, plan_path, "--no-pager")) == 5 and not paged.exists()
    monkeypatch.setattr(pager, "screen_lines", lambda: 40)  # fits: printed as it is
    assert len(history(cli, plan_path)) == 5 and not paged.exists()


def test_a_pager_that_cannot_start_prints_directly(cli, plan_path: Path, dated_log: Path,
                                                  monkeypatch) -> None:
    from iepcheck.cli import pager

    monkeypatch.setenv("PAGER", "/nonexistent/pager")
    monkeypatch.setattr(pager, "stdout_is_terminal", lambda: True)
    monkeypatch.setattr(pager, "screen_lines", lambda: 3)
    assert len(history(cli, plan_path)) == 5


@pytest.mark.parametrize(("value", "command"), [
    (None, ["less", "-FRX"]), ("", None), ("cat", None), ("more -s", ["more", "-s"]),
    ("'unbalanced", None)])
def test_pager_command(value: str | None, command: list[str] | None) -> None:
    from iepcheck.cli.pager import pager_command

    assert pager_command({} if value is None else {"PAGER": value}) == command


def test_history_to_a_pipe_loads_no_rich(tmp_path: Path, plan_path: Path, dated_log: Path) -> None:
    from tests.test_startup import loaded, modules_after

    modules = modules_after(tmp_path, "history", "--as-of", "2026-12-01", "--plan", str(plan_path))
    assert "iepcheck.record.history" in modules and not loaded(modules, {"rich"})


def test_utc_written_entries_count_on_their_own_day(log_path: Path) -> None:
    record_entries(log_path, EntryDraft(kind="visit", date=date(2026, 11, 2), items=("speech",)),
                   now=datetime(2026, 11, 3, 1, tzinfo=UTC))
    assert recorded_by(entries_of(log_path), date(2026, 11, 2)) == []


def test_history_of_a_goal_shows_its_measurements(cli) -> None:
    """`--item GOAL` finds the entries that measured it (the example's progress report)."""
    from tests.conftest import EXAMPLE_PLAN

    done = cli("history", "--item", "reading-fluency", "--plan", EXAMPLE_PLAN)
    assert done.code == 0, done.stderr
    assert "progress-report" in done.stdout and len(done.stdout.strip().splitlines()) >= 2
