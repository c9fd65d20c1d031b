"""`iepcheck report` through the real entry point: five formats with the same facts, exit status,
bad input, and a log and plan that stay byte for byte what they were."""

from __future__ import annotations

import csv
import html
import io
import json
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from iepcheck.dates import long, short
from tests.conftest import log_through_cli, snapshot, write_plan

AS_OF = "2026-11-20"  # a Friday
UNTIL = date(2026, 11, 20)

PLAN = """\
[student]
name = "Sam O'Neil"

[plan]
kind = "IEP"
start = 2026-08-24
end = 2027-06-18

[calendar]
no_school = [2026-11-11]

[[services]]
id = "speech"
name = "Speech therapy"
minutes = 30
times = 2
per = "week"

[[services]]
id = "reading"
name = "Reading <small group> | daily"
minutes = 45
per = "day"

[[services]]
id = "counseling"
name = "Counseling"
minutes = 30
times = 2
per = "month"

[[services]]
id = "social-skills"
name = "Social skills group"
minutes = 40
per = "week"
start = 2027-01-04

[[accommodations]]
id = "ext"
name = "Extended time & quiet room"

[[accommodations]]
id = "seating"
name = "Preferential seating"

[[accommodations]]
id = "notes"
name = "Copy of notes"
"""


@pytest.fixture
def sam(tmp_path: Path) -> Path:
    return write_plan(tmp_path, "sam", PLAN)


@pytest.fixture
def logged(cli, sam):
    return log_through_cli(cli, sam, AS_OF)


@pytest.fixture
def a_term(logged) -> None:
    """One item in every status as of Fri 20 Nov 2026."""
    logged("speech", "-k", "service-log", "--minutes", "30", "-d", "2026-11-18")  # minutes-short
    logged("reading", "-k", "interview", "-f", "partial", "--minutes", "20",
           "-d", "2026-11-19")                                                          # partial
    # stale: monthly, so checked every 31 days = 23 school days; 2 Oct is 33 school days back
    logged("counseling", "-k", "service-log", "--minutes", "60", "-d", "2026-10-02")
    logged("ext", "-k", "interview", "-f", "not-implemented", "-d", "2026-11-10")       # not-impl.
    logged("notes", "-k", "visit", "-d", "2026-11-16")                                  # ok
    # seating: nothing (no-evidence); social-skills starts in January (inactive)


def report(cli, sam: Path, *args: str) -> str:
    done = cli("report", "--plan", sam, "--as-of", AS_OF, *args)
    assert done.code == 0, done.stderr
    return done.stdout


def as_json(cli, sam: Path, *args: str) -> dict:
    return json.loads(report(cli, sam, "--format", "json", *args))


def test_every_status_in_gaps_first_order(cli, sam, a_term) -> None:
    document = as_json(cli, sam)
    assert document["period"] == {"since": "2026-08-24", "until": AS_OF}
    assert [(i["id"], i["status"]) for i in document["items"]] == [
        ("ext", "not-implemented"), ("seating", "no-evidence"), ("counseling", "stale"),
        ("reading", "partial"), ("speech", "minutes-short"), ("notes", "ok"),
        ("social-skills", "inactive")]
    assert document["summary"] == {"items": 7, "ok": 1, "minutes-short": 1, "partial": 1,
                                   "stale": 1, "no-evidence": 1, "not-implemented": 1,
                                   "inactive": 1}
    assert list(document["summary"]) == ["items", "ok", "minutes-short", "partial", "stale",
                                         "no-evidence", "not-implemented", "inactive"]
    # speech: 13 weeks from 24 Aug with school every weekday but 11 Nov, 60 a week = 780;
    # one session of 30 logged: 750 undocumented, more than one 30-minute session.
    speech = next(i for i in document["items"] if i["id"] == "speech")
    assert speech["reason"] == "750 of 780 minutes undocumented"
    assert all(i["reason"] is None for i in document["items"] if i["id"] != "speech")


def test_minutes_through_the_cli(cli, sam, a_term) -> None:
    # Period Wed 4 Nov .. Fri 20 Nov: school days 4, 5, 6, 9, 10, 12, 13, 16–20 = 12 (11 Nov off).
    # speech: each week's 60 shared by its school days: 4–6 Nov 3 × 12 = 36, the 4-day week of
    # 9 Nov 60, 16–20 Nov 60 = 156 (144 under the old 12-a-day rule); delivered 30 ->
    # unaccounted 126, owed 126.
    # reading: 12 × 45 = 540; the partial session delivered 20 -> owed 520.
    document = as_json(cli, sam, "--since", "2026-11-04")
    by_id = {i["id"]: i["minutes"] for i in document["items"]}
    assert by_id["speech"] == {"required": 156, "delivered": 30, "missed": 0,
                               "unaccounted": 126, "owed": 126}
    assert by_id["reading"] == {"required": 540, "delivered": 20, "missed": 0,
                                "unaccounted": 520, "owed": 520}
    assert by_id["ext"] is None and by_id["social-skills"]["required"] == 0


# Every format carries the facts of the JSON.

def _last(item: dict, human) -> str:
    return human(date.fromisoformat(item["last_evidence"])) if item["last_evidence"] else "none"


def _minute_cells(item: dict) -> list[str]:
    minutes = item["minutes"]
    keys = ("required", "delivered", "missed", "unaccounted", "owed")
    return [str(minutes[k]) for k in keys] if minutes else ["—"] * 5


def _age(item: dict) -> int:
    return (UNTIL - date.fromisoformat(item["last_evidence"])).days


def _common_facts(text: str, document: dict) -> None:
    assert document["student"] in text
    assert f"report for {long(date.fromisoformat(document['period']['since']))} to {long(UNTIL)}" in text
    assert "1 of 6 items in effect has no supporting evidence since 24 Aug" in text
    assert "not the measure a hearing officer must use" in text


def test_csv_has_the_jsons_facts(cli, sam, a_term) -> None:
    document = as_json(cli, sam)
    rows = list(csv.DictReader(io.StringIO(report(cli, sam, "--format", "csv"))))
    total = rows.pop()
    assert total == {"since": "2026-08-24", "until": AS_OF, "id": "", "kind": "total",
                     "name": "Total (services with minutes)", "status": "",
                     "evidence_count": "", "last_evidence": "", "last_finding": "",
                     **{f"minutes_{k}": str(v) for k, v in document["totals"].items()},
                     "reason": ""}
    assert len(rows) == len(document["items"])
    for row, item in zip(rows, document["items"], strict=True):
        minutes = item["minutes"] or {}
        assert row == {
            "since": "2026-08-24", "until": AS_OF, "id": item["id"], "kind": item["kind"],
            "name": item["name"], "status": item["status"],
            "evidence_count": str(item["evidence_count"]),
            "last_evidence": item["last_evidence"] or "", "last_finding": item["last_finding"] or "",
            **{f"minutes_{k}": str(minutes.get(k, "")) for k in
               ("required", "delivered", "missed", "unaccounted", "owed")},
            "reason": item["reason"] or "",
        }


def test_markdown_has_the_jsons_facts(cli, sam, a_term) -> None:
    document = as_json(cli, sam)
    text = report(cli, sam, "--format", "markdown")
    _common_facts(text, document)
    rows = [line for line in text.splitlines() if line.startswith("| **")]
    total = rows.pop()
    assert [c.strip() for c in total.strip("|").split(" | ")] == [
        "**Total**", "services with minutes", "", "", "", "", "",
        *(f"**{v}**" for v in document["totals"].values())]
    assert len(rows) == len(document["items"])
    for row, item in zip(rows, document["items"], strict=True):
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        name = item["name"].replace("<", "\\<").replace(">", "\\>").replace("|", "\\|")
        assert cells == [
            f"**{item['status']}**", f"{name} (`{item['id']}`)", str(item["evidence_count"]),
            _last(item, long), str(_age(item)) if item["last_evidence"] else "—",
            item["last_finding"] or "—", item["reason"] or "—", *_minute_cells(item)]


class _Cells(HTMLParser):
    """The text of every <td>, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_html_has_the_jsons_facts_escaped(cli, sam, a_term) -> None:
    document = as_json(cli, sam)
    text = report(cli, sam, "--format", "html")
    parser = _Cells()
    parser.feed(text)
    _common_facts(html.unescape(text), document)
    rows = [r for r in parser.rows if r]
    foot = text[text.index("<tfoot>"):text.index("</tfoot>")]
    assert "services with minutes</th>" in foot or "service with minutes</th>" in foot
    assert [f'<th class="n">{v}</th>' in foot for v in document["totals"].values()] == [True] * 5
    assert len(rows) == len(document["items"])
    for row, item in zip(rows, document["items"], strict=True):
        assert row == [
            item["status"], f"{item['name']} ({item['id']})", str(item["evidence_count"]),
            _last(item, long), str(_age(item)) if item["last_evidence"] else "—",
            item["last_finding"] or "—", item["reason"] or "—", *_minute_cells(item)]
    assert "Reading &lt;small group&gt; | daily" in text and "<small group>" not in text
    assert "Extended time &amp; quiet room" in text
    assert "<script" not in text and "http" not in text  # self-contained
    assert "@media print" in text and "break-inside: avoid" in text


def test_the_table_has_the_jsons_facts_in_words(cli, sam, a_term) -> None:
    document = as_json(cli, sam)
    text = report(cli, sam)
    assert "\x1b[" not in text
    _common_facts(" ".join(text.split()), document)
    lines = text.splitlines()
    for item in document["items"]:
        label = f"{item['name']} ({item['id']})"
        row = next(line for line in lines if label in line and item["status"] in line)
        last = f"{_last(item, short)} ({_age(item)}d)" if item["last_evidence"] else "none"
        assert row.split(label)[1].split() == [
            str(item["evidence_count"]), *last.split(), item["last_finding"] or "—"]
        if item["reason"]:  # under the item's name
            assert lines[lines.index(row) + 1].split() == item["reason"].split()
        if item["minutes"]:
            minute_row = next(line for line in lines if label in line and line is not row)
            assert minute_row.split(label)[1].split() == _minute_cells(item)
    assert "Service minutes" in text
    total = next(line for line in lines if line.lstrip().startswith("total"))
    assert total.split() == ["total", *(str(v) for v in document["totals"].values())]


def test_warnings_appear_in_every_format(cli, sam, a_term, tmp_path) -> None:
    log = sam.with_name("sam.log.json")
    raw = json.loads(log.read_text())
    # A plan amendment removed an item: its entries now name something not in the plan.
    (tmp_path / "old.toml").write_text(PLAN.replace('id = "notes"', 'id = "guided-notes"'))
    old = tmp_path / "old.toml"
    warning = "1 entry names 'notes', which is not in the plan"
    for form in ("json", "markdown", "html", "table"):
        done = cli("report", "--plan", old, "--log", log, "--as-of", AS_OF, "--format", form)
        assert done.code == 0 and warning in done.stdout.replace("&#x27;", "'"), form
    done = cli("report", "--plan", old, "--log", log, "--as-of", AS_OF, "--format", "csv")
    assert done.code == 0 and warning in done.stderr and warning not in done.stdout
    assert json.loads(log.read_text()) == raw


# Exit status and safety.

def test_fail_on_gaps_exits_1_only_when_there_are_gaps(cli, sam, a_term, plan_path) -> None:
    for form in ("table", "json"):
        done = cli("report", "--fail-on-gaps", "--format", form, "--plan", sam, "--as-of", AS_OF)
        assert done.code == 1 and done.stdout, form
    assert cli("report", "--plan", sam, "--as-of", AS_OF).code == 0
    # The minimal plan: both items seen this week, but speech's minutes undocumented (780
    # owed since 24 Aug): minutes-short is a gap.
    for item in ("speech", "extended-time"):
        assert cli("log", item, "-k", "interview", "-d", "2026-11-19", "--plan", plan_path,
                   "--as-of", AS_OF).code == 0
    done = cli("report", "--fail-on-gaps", "--plan", plan_path, "--as-of", AS_OF)
    assert done.code == 1 and "minutes-short" in done.stdout, done.stdout
    # The provider's log accounts for all but one session -> no gaps -> exit 0.
    assert cli("log", "speech", "-k", "service-log", "--minutes", "750", "-d", "2026-11-19",
               "--plan", plan_path, "--as-of", AS_OF).code == 0
    done = cli("report", "--fail-on-gaps", "--plan", plan_path, "--as-of", AS_OF)
    assert done.code == 0, done.stdout
    # A stale item is a gap again three weeks later.
    assert cli("report", "--fail-on-gaps", "--plan", plan_path, "--as-of", "2026-12-11").code == 1


def test_inactive_items_are_not_gaps(cli, tmp_path) -> None:
    plan = tmp_path / "later.toml"
    plan.write_text(PLAN.split("[[services]]")[0] + '[[services]]\nid = "x"\nname = "X"\n'
                    'start = 2027-01-04\n')
    done = cli("report", "--fail-on-gaps", "--format", "json", "--plan", plan, "--as-of", AS_OF)
    assert done.code == 0 and json.loads(done.stdout)["summary"]["inactive"] == 1


def test_the_report_never_writes_the_log_or_the_plan(cli, sam, a_term, tmp_path) -> None:
    log = sam.with_name("sam.log.json")
    before = snapshot(sam, log)
    listing = sorted(p.name for p in tmp_path.iterdir())
    for form in ("table", "json", "markdown", "csv", "html"):
        report(cli, sam, "--format", form)
        out = tmp_path / f"out.{form}"
        done = cli("report", "--plan", sam, "--as-of", AS_OF, "--format", form, "--output", out)
        assert done.code == 0 and done.stdout == "" and out.read_text(), form
        assert "\x1b[" not in out.read_text()
        out.unlink()
    assert snapshot(sam, log) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_output_file_is_private(cli, sam, a_term, tmp_path) -> None:
    out = tmp_path / "report.html"
    assert cli("report", "--format", "html", "-o", out, "--plan", sam, "--as-of", AS_OF).code == 0
    assert out.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(("args", "named"), [
    (["--since", "someday"], "--since"),
    (["--until", "2026-13-01"], "--until"),
    (["--as-of", "nope"], "--as-of"),
    (["--since", "2026-11-20", "--until", "2026-11-01"], "--since"),
    (["--until", "2026-12-01"], "--until"),                 # after --as-of: not yet happened
    (["--as-of", "2026-08-01"], "--until"),                 # before the plan starts
    (["--format", "pdf"], "--format"),
    (["--output", "no-such-folder/r.html", "--format", "html"], "--output"),
])
def test_bad_input_exits_2_with_one_line_naming_the_option(cli, sam, a_term, args, named,
                                                           monkeypatch) -> None:
    monkeypatch.chdir(sam.parent)
    before = snapshot(sam, sam.with_name("sam.log.json"))
    full = ["report", "--plan", sam, *(["--as-of", AS_OF] if "--as-of" not in args else []), *args]
    done = cli(*full)
    assert done.code == 2, done.stdout
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and named in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(sam, sam.with_name("sam.log.json")) == before


def test_a_missing_plan_exits_2_naming_it(cli, tmp_path) -> None:
    done = cli("report", "--plan", tmp_path / "nope.toml", "--as-of", AS_OF)
    assert done.code == 2 and "nope.toml" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_damaged_log_is_refused_not_read_as_empty(cli, sam) -> None:
    sam.with_name("sam.log.json").write_text("")
    done = cli("report", "--plan", sam, "--as-of", AS_OF)
    assert done.code == 2 and "sam.log.json" in done.stderr


def test_report_json_loads_no_rich(sam, a_term) -> None:
    script = (
        "import sys\n"
        "from iepcheck.cli import main\n"
        "try:\n"
        f"    main(['report', '--format', 'json', '--plan', {str(sam)!r}, '--as-of', '{AS_OF}'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('HEAVY', [m for m in ('rich', 'rich.table') if m in sys.modules], file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=False)
    assert "HEAVY []" in done.stderr, done.stderr
    assert json.loads(done.stdout)["student"] == "Sam O'Neil"


# Bare `iepcheck` beside a plan.

def test_status_counts_and_the_most_urgent_item(sam, a_term, capsys) -> None:
    from iepcheck.cli.status import print_status

    print_status(sam, as_of=UNTIL)
    out = capsys.readouterr().out
    assert "Sam O'Neil's IEP" in out
    assert ("1 not-implemented · 1 no-evidence · 1 stale · 1 partial · 1 minutes-short · 1 ok · "
            "1 inactive" in out)
    assert "Most urgent: Extended time & quiet room (ext) is not-implemented" in out
    assert "iepcheck report" in out


def test_status_before_the_plan_starts(sam, capsys) -> None:
    from iepcheck.cli.status import print_status

    print_status(sam, as_of=date(2026, 8, 1))
    assert "starts on 2026-08-24" in capsys.readouterr().out


def test_bare_iepcheck_beside_a_plan_prints_the_status(cli, sam, a_term, monkeypatch) -> None:
    monkeypatch.setenv("IEPCHECK_PLAN", str(sam))
    monkeypatch.chdir(sam.parent)
    done = cli()
    assert done.code == 0, done.stderr
    assert "Sam O'Neil's IEP" in done.stdout and "Usage:" not in done.stdout


# --- minutes-short, range logs and an empty plan, through the command ------------------------

def test_the_childs_word_alone_is_minutes_short_in_every_format(cli, sam, logged) -> None:
    logged("speech", "-k", "interview", "-d", "2026-11-19", "--note", "I went")
    document = as_json(cli, sam, "--since", "2026-11-16")
    [speech] = [i for i in document["items"] if i["id"] == "speech"]
    assert (speech["status"], speech["reason"]) == ("minutes-short",
                                                     "60 of 60 minutes undocumented")
    assert document["summary"]["minutes-short"] == 1
    for form in ("table", "markdown", "html", "csv"):
        text = report(cli, sam, "--since", "2026-11-16", "--format", form)
        assert "minutes-short" in text and "60 of 60 minutes undocumented" in text, form
    done = cli("report", "--fail-on-gaps", "--since", "2026-11-16", "--format", "json",
               "--plan", sam, "--as-of", AS_OF)
    assert done.code == 1


def test_a_range_log_credits_only_its_share_of_the_period(cli, sam) -> None:
    from iepcheck.record.drafts import EntryDraft
    from tests.conftest import record_entries

    log = sam.with_name("sam.log.json")
    record_entries(log, EntryDraft(kind="service-log", date=date(2026, 10, 30),
                                   items=("speech",), finding="implemented", minutes=1680,
                                   covers_from=date(2026, 8, 17), who="Mr. Ortiz",
                                   note="17 Aug – 30 Oct: 1,680 min"))
    november = as_json(cli, sam, "--since", "2026-11-02")
    [speech] = [i for i in november["items"] if i["id"] == "speech"]
    assert (speech["status"], speech["minutes"]["delivered"]) == ("no-evidence", 0)
    # Over the term: the range 17 Aug – 30 Oct is in the plan from 24 Aug: 10 weeks of 60 =
    # 600 owed of the range's weight (the week of 17 Aug is before the plan and owes
    # nothing), so all 1,680 minutes fall in the plan's days: delivered 1,680 > 600 required
    # by 30 Oct: a warning.
    term = as_json(cli, sam, "--until", "2026-10-30")
    [speech] = [i for i in term["items"] if i["id"] == "speech"]
    assert speech["minutes"]["delivered"] == 1680 and speech["last_evidence"] == "2026-10-30"
    assert any("possible double entry" in w for w in term["warnings"])
    # September's share: 1–4 Sep 4 × 12, three full weeks 3 × 60, 28–30 Sep 3 × 12 = 264 of
    # the range's 600: 1,680 × 264 / 600 = 739.2 -> 739, dated at September's end.
    september = as_json(cli, sam, "--since", "2026-09-01", "--until", "2026-09-30")
    [speech] = [i for i in september["items"] if i["id"] == "speech"]
    assert speech["minutes"]["delivered"] == 739
    assert speech["last_evidence"] == "2026-09-30"


def test_a_plan_with_no_items_says_so_and_how_to_add_them(cli, tmp_path, monkeypatch) -> None:
    empty = write_plan(tmp_path, "leo", '[student]\nname = "Leo"\n\n[plan]\nkind = "504"\n'
                       "start = 2026-08-24\nend = 2027-06-18\n")
    for form in ("table", "json", "markdown", "html"):
        done = cli("report", "--plan", empty, "--as-of", AS_OF, "--format", form)
        assert done.code == 0, done.stderr
        assert "no services or accommodations yet" in done.stdout, form
        assert "iepcheck add-item" in done.stdout.replace("&#x27;", "'"), form
    monkeypatch.setenv("IEPCHECK_PLAN", str(empty))
    monkeypatch.chdir(tmp_path)
    done = cli()
    assert done.code == 0, done.stderr
    assert "no services or accommodations yet" in done.stdout
    assert "iepcheck add-item" in done.stdout and "Nothing urgent" not in done.stdout
