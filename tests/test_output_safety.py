"""User and imported text is inert in every output; the plan refuses what could break one.

The escapers are unit-tested here and then followed through the commands that print them.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iepcheck.errors import PlanError, UserError
from iepcheck.render.escape import (
    csv_cell,
    html_text,
    ics_text,
    json_text,
    markdown_cell,
    markdown_text,
    terminal,
    terminal_line,
)
from iepcheck.store.plan_file import parse_plan
from tests.conftest import AS_OF, MINIMAL_PLAN, ROOT, snapshot, write_plan

P = Path("kid.toml")
ESC = "\x1b"
#: What an imported email could hold to take over a terminal: a window title (OSC 0), a fake
#: link (OSC 8), clear screen (CSI 2J), a one-byte C1 CSI, a carriage return that overwrites
#: the line, and a right-to-left override that reorders it.
TERMINAL_ATTACKS = (f"{ESC}]0;pwned\x07", f"{ESC}]8;;http://evil\x07click{ESC}]8;;\x07",
                    f"{ESC}[2J", "\x9b2J", "safe\roverwritten", "abc\u202edcba")


# --- the escapers -----------------------------------------------------------------------------

@pytest.mark.parametrize("attack", TERMINAL_ATTACKS)
def test_terminal_shows_every_control_character_instead_of_sending_it(attack: str) -> None:
    for shown in (terminal(attack), terminal_line(attack)):
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", shown), repr(shown)
    assert terminal(f"{ESC}]0;t\x07") == "␛]0;t␇"
    assert terminal("\x9b") == "⟨U+009B⟩"


def test_terminal_keeps_line_breaks_and_tabs_and_terminal_line_shows_them() -> None:
    assert terminal("one\r\ntwo\tthree") == "one\ntwo\tthree"
    assert terminal_line("one\ntwo\tthree") == "one␊two␉three"
    assert terminal("Ms. Lee — café") == "Ms. Lee — café"


MARKDOWN_ATTACKS = ("[click](javascript:alert(1))", "![x](http://evil.example/pixel.png)",
                    "<img src=x onerror=alert(1)>", "<script>alert(1)</script>",
                    "[x]: http://evil.example", "a | b", "&lt;b&gt;bold&lt;/b&gt;",
                    "- a list\n# a heading\n> a quote\n1. numbered", "`code` *em* _em_ ~~s~~")


def _markdown_html(text: str) -> str:
    """The HTML a CommonMark viewer with GFM tables makes of `text` (markdown-it, rich's)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").render(text)


@pytest.mark.parametrize("attack", MARKDOWN_ATTACKS)
def test_markdown_text_renders_as_the_same_characters_and_nothing_else(attack: str) -> None:
    rendered = _markdown_html(markdown_text(attack))
    assert re.fullmatch(r"<p>[^<]*</p>\n", rendered), rendered  # one paragraph of plain text
    import html

    shown = html.unescape(rendered[3:-5])
    assert shown == " / ".join(line for line in attack.splitlines())


@pytest.mark.parametrize("attack", MARKDOWN_ATTACKS)
def test_markdown_cell_stays_in_its_cell_with_no_br(attack: str) -> None:
    table = f"| a | b |\n|---|---|\n| {markdown_cell(attack)} | end |\n"
    rendered = _markdown_html(table)
    assert rendered.count("<td>") == 2 and "<td>end</td>" in rendered, rendered
    assert not re.search(r"<(?!/?(table|thead|tbody|tr|th|td)\b)", rendered), rendered
    assert "<br" not in markdown_cell(attack) and "\n" not in markdown_cell(attack)


@pytest.mark.parametrize(("text", "cell"), [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\n=1"), ("\n=1", "'\n=1"), ("  =1", "'  =1"),
    ("\u3000=1", "'\u3000=1"), ("＝1+2", "'＝1+2"), ("＋1", "'＋1"), ("－1", "'－1"),
    ("＠x", "'＠x"), ("fine\n=HYPERLINK(\"http://evil\")", "'fine\n=HYPERLINK(\"http://evil\")"),
    ("fine\n  @x", "'fine\n  @x"), ("plain text", "plain text"), ("a-b = c", "a-b = c"),
    ("", ""), (None, ""), (f"{ESC}[2J", "␛[2J"),
])
def test_csv_cell_is_the_owasp_rule(text: str | None, cell: str) -> None:
    assert csv_cell(text) == cell
    buffer = io.StringIO()
    csv.writer(buffer).writerow([csv_cell(text)])
    assert next(csv.reader(io.StringIO(buffer.getvalue())), [""]) in ([cell], [])


def test_html_text_escapes_markup_and_quotes_and_shows_controls() -> None:
    assert html_text('<a href="x">\x1b') == "&lt;a href=&quot;x&quot;&gt;␛"


def test_ics_text_leaves_nothing_that_ends_a_line() -> None:
    assert ics_text("Sam\r\nBEGIN:VALARM\x00\x1b\u2028x") == "Sam BEGIN:VALARM x"
    assert ics_text("Speech  therapy") == "Speech therapy"


def test_json_text_escapes_c1_and_bidi_and_means_the_same() -> None:
    document = {"note": "a\x9b2J\u202eb\x1b", "name": "café"}
    text = json_text(json.dumps(document, ensure_ascii=False))
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e]", text.replace("\n", ""))
    assert json.loads(text) == document and "café" in text


# --- rich never reads markup, the terminal never gets an escape --------------------------------

MARKUP_PLAN = (MINIMAL_PLAN
               .replace('name = "Sam Test"', 'name = "Sam [/] [link=http://evil]x[/link]"')
               .replace('name = "Speech therapy"', 'name = "Speech [/] [bold]therapy"')
               .replace('name = "Ms. Lee"', 'name = "Ms. [/]Lee :smile:"')
               .replace('[[services]]', '[[staff]]\nid = "ot"\nname = "[red]OT[/red]"\n\n'
                        '[[services]]', 1))


@pytest.fixture
def markup_plan(tmp_path: Path) -> Path:
    return write_plan(tmp_path, "sam", MARKUP_PLAN)


def test_markup_in_the_plan_and_log_is_printed_as_text(cli, markup_plan: Path) -> None:
    note = f"[/] [link=http://evil]click[/link] {ESC}]0;pwned\x07 {ESC}[2J"
    done = cli("log", "speech", "-k", "email-sent", "--who", "[/]ms-lee", "--note", note,
               "--date", "2026-11-01", "--plan", markup_plan, "--as-of", AS_OF)
    assert done.code == 0, done.stderr
    runs = {command: cli(command, "--plan", markup_plan, "--as-of", AS_OF)
            for command in ("report", "due")}
    # the entry was written now (real clock); `history --as-of` shows what was written by then
    runs["history"] = cli("history", "--plan", markup_plan)
    runs["items"] = cli("items", "--plan", markup_plan)
    for command, done in runs.items():
        assert done.code == 0, (command, done.stderr)
        assert ESC not in done.stdout + done.stderr and "\x1b]8;" not in done.stdout, command
    assert "Speech [/] [bold]therapy" in runs["report"].stdout
    assert "Sam [/] [link=http://evil]x[/link]" in runs["items"].stdout
    assert "[red]OT[/red]" in runs["items"].stdout and ":smile:" in runs["items"].stdout
    assert "[/]ms-lee" in runs["due"].stdout  # the unanswered email's "to"
    history = runs["history"].stdout
    assert "[link=http://evil]click[/link]" in history and "␛]0;pwned␇" in history


def test_cells_are_text_even_on_a_console_that_reads_markup(markup_plan: Path) -> None:
    """Not only our consoles: the renderables themselves carry no markup to interpret."""
    from rich.console import Console

    from iepcheck.evidence.report import build_report
    from iepcheck.evidence.tally import Period
    from iepcheck.render.console import make_console
    from iepcheck.render.listing import items_tables
    from iepcheck.render.report_table import report_renderables
    from iepcheck.store.plan_file import load_plan

    plan = load_plan(markup_plan)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="truecolor", width=200)
    report = build_report(plan, [], Period(since=date(2026, 8, 24), until=date(2026, 11, 20)))
    for renderable in [*items_tables(plan), *report_renderables(report)]:
        console.print(renderable)
    out = buffer.getvalue()
    assert "\x1b]8;" not in out  # no OSC 8 hyperlink
    assert "[link=http://evil]x[/link]" in out and "Speech [/] [bold]therapy" in out
    made = make_console()
    assert not made._markup and not made._emoji


def _eml(tmp_path: Path, subject: str, sender: str = "Ms. Lee <lee@school.example.org>") -> Path:
    message = EmailMessage()
    message["From"], message["To"] = sender, "ana@example.com"
    message["Subject"], message["Date"] = subject, "Tue, 10 Nov 2026 16:05:00 -0500"
    message["Message-ID"] = "<r1@s.org>"
    message.set_content("Body.\n")
    path = tmp_path / "reply.eml"
    raw = message.as_bytes().replace(b"SUBJECT-HERE", subject.encode())
    path.write_bytes(raw)
    return path


@pytest.mark.parametrize("attack", [f"{ESC}]0;pwned\x07", f"{ESC}]8;;http://e\x07x{ESC}]8;;\x07",
                                    f"{ESC}[2J"])
def test_import_email_messages_show_a_subjects_escape_codes(cli, plan_path: Path, tmp_path: Path,
                                                            attack: str) -> None:
    eml = _eml(tmp_path, "SUBJECT-HERE")
    eml.write_bytes(eml.read_bytes().replace(b"SUBJECT-HERE", f"Hi {attack}".encode()))
    first = cli("import-email", eml, "--plan", plan_path, "--as-of", AS_OF)
    again = cli("import-email", eml, "--plan", plan_path, "--as-of", AS_OF)
    assert first.code == 0 and again.code == 0, (first.stderr, again.stderr)
    assert "skipped reply.eml" in again.stderr and "␛" in again.stderr
    for done in (first, again):
        assert ESC not in done.stdout + done.stderr
    unknown = _eml(tmp_path, "SUBJECT-HERE", sender="p@elsewhere.example")
    unknown.write_bytes(unknown.read_bytes().replace(b"SUBJECT-HERE", f"Hi {attack}".encode())
                        .replace(b"<r1@s.org>", b"<r2@s.org>"))
    refused = cli("import-email", unknown, "--plan", plan_path, "--as-of", AS_OF)
    assert refused.code == 2 and ESC not in refused.stderr and refused.stderr.count("\n") == 1


def test_timeline_markdown_printed_carries_no_escape_or_html(cli, plan_path: Path) -> None:
    note = f"{ESC}]0;pwned\x07 <img src=http://evil/x.png> ![t](http://evil/t.png) a|b"
    assert cli("log", "speech", "-k", "call", "--note", note, "--date", "2026-11-02",
               "--plan", plan_path, "--as-of", AS_OF).code == 0
    for form in ("markdown", "csv", "html"):
        done = cli("timeline", "--format", form, "--plan", plan_path, "--as-of", AS_OF)
        assert done.code == 0 and ESC not in done.stdout, form
    markdown = cli("timeline", "--plan", plan_path, "--as-of", AS_OF).stdout
    assert "\\<img" in markdown and not re.search(r"(?<!\\)<img", markdown)
    assert "\\!\\[t\\]" in markdown and "<br>" not in markdown


# --- iCalendar ----------------------------------------------------------------------------------

HOSTILE_ICS = r"""
import sys
from datetime import UTC, datetime
from iepcheck.store.plan_file import parse_plan
from iepcheck.due.reminders import plan_dates
from iepcheck.render.ics import render_ics
from pathlib import Path

plan = parse_plan(open(sys.argv[1]).read(), Path(sys.argv[1]))
# Past the plan's own checks, as if a future code path let a name through unchecked:
student = plan.student.model_copy(update={"name": "Sam\r\nATTACH:http://evil\r\nX-A:1"})
item = plan.services[0].model_copy(update={"name": "Speech\nBEGIN:VALARM\x00"})
plan = plan.model_copy(update={"student": student, "services": (item,)})
sys.stdout.write(render_ics(plan, plan_dates(plan), datetime(2026, 11, 20, tzinfo=UTC)))
"""


@pytest.mark.parametrize("flags", [[], ["-O"]])
def test_no_text_injects_an_icalendar_property_even_under_python_O(example_plan: Path,
                                                                   flags: list[str]) -> None:
    done = subprocess.run([sys.executable, *flags, "-c", HOSTILE_ICS, str(example_plan)],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    names = {line.split(":")[0].split(";")[0] for line in done.stdout.splitlines()
             if line and not line.startswith(" ")}
    assert "ATTACH" not in names and "X-A" not in names
    assert done.stdout.count("BEGIN:VALARM") == 1  # only the annual review's own alarm
    assert "Sam ATTACH:http://evil X-A:1: IEP" in " ".join(done.stdout.split("\n "))


def test_the_calendar_reads_in_an_independent_parser(cli, example_plan: Path) -> None:
    vobject = pytest.importorskip("vobject")
    import icalendar

    done = cli("calendar", "--plan", example_plan)
    assert done.code == 0, done.stderr
    parsed = vobject.readOne(done.stdout)
    events = parsed.contents["vevent"]
    ours = icalendar.Calendar.from_ical(done.stdout).walk("VEVENT")
    assert len(events) == len(ours) > 5
    assert {e.summary.value for e in events} == {str(e["summary"]) for e in ours}
    assert parsed.contents["x-wr-calname"][0].value == "Maya Rivera: IEP"


# --- the plan's rules ---------------------------------------------------------------------------

def _plan(old: str, new: str) -> str:
    assert old in MINIMAL_PLAN, old
    return MINIMAL_PLAN.replace(old, new, 1)


STAFF = 'email = "lee@school.example.org"'


@pytest.mark.parametrize(("text", "message"), [
    (_plan('name = "Sam Test"', r'name = "Sam\u001b]0;x\u0007"'),
     r"student\.name: contains a control character \(U\+001B\) at position 4"),
    (_plan('name = "Sam Test"', r'name = "Sam\r\nBEGIN:VEVENT"'), r"student\.name: .*U\+000D"),
    (_plan('name = "Sam Test"', r'name = "Sam\u202eTest"'), r"student\.name: .*U\+202E"),
    (_plan('name = "Sam Test"', 'name = "   "'), r"student\.name: is empty or only spaces"),
    (_plan('name = "Ms. Lee"', 'name = " "'), r"staff\[1\]\.name: is empty or only spaces"),
    (_plan('name = "Speech therapy"', 'name = "\t"'), r"services\[1\]\.name: .*U\+0009"),
    (_plan('name = "Extended time"', 'name = "  "'), r"accommodations\[1\]\.name: is empty"),
    (_plan(STAFF, STAFF + '\nrole = "teacher\\u0085"'), r"staff\[1\]\.role: .*U\+0085"),
    (_plan('provider = "ms-lee"', 'provider = "ms-lee\\u001b[2J"'), r"services\[1\]\.provider"),
    (_plan('per = "week"', 'per = "week"\nlocation = "room\\n2"'), r"services\[1\]\.location"),
    (_plan('staff = ["ms-lee"]', 'staff = ["ms-lee"]\napplies_to = ["math\\u0007"]'),
     r"accommodations\[1\]\.applies_to\[1\]: .*U\+0007"),
    (_plan("[plan]", '[parent]\nname = "Ana\\u0000"\n\n[plan]'), r"parent\.name: .*U\+0000"),
    (_plan("[plan]", '[student.x]\n[plan]'), r"student\.x"),
    (_plan('id = "speech"', 'id = "speech\\n"'), r"services\[1\]\.id: contains a control"),
    (_plan(STAFF, 'email = "lee@school.example.org, evil@x.example"'),
     r"staff\[1\]\.email: 'lee@school.example.org, evil@x.example' is not one email address"),
    (_plan(STAFF, 'email = "Ms Lee <lee@school.example.org>"'), r"staff\[1\]\.email: .*not one"),
    (_plan(STAFF, 'email = "lee@school.example.org\\r\\nBcc: evil@x.example"'),
     r"staff\[1\]\.email: contains a control character"),
    (_plan(STAFF, 'email = "lee"'), r"staff\[1\]\.email: 'lee' is not one email address"),
    (_plan(STAFF, 'email = "lee@localhost"'), r"staff\[1\]\.email: .*not one"),
    (_plan(STAFF, 'email = "a@b@school.example.org"'), r"staff\[1\]\.email: .*not one"),
    (_plan("[plan]", '[parent]\nemail = "ana@x.example;evil@y.example"\n\n[plan]'),
     r"parent\.email: .*not one email address"),
    (_plan("minutes = 30", "minutes = 1441"), r"services\[1\]\.minutes: .*less than or equal to 1440"),
    (_plan("minutes = 30", "minutes = 99999999999999999999"), r"services\[1\]\.minutes"),
    (_plan("times = 2", "times = 101"), r"services\[1\]\.times: .*less than or equal to 100"),
    (_plan("start = 2026-08-24", "start = 1899-12-31"),
     r"plan\.start: 1899-12-31 is outside the years 1900-2200"),
    (_plan("end = 2027-06-18", "end = 2201-01-01"), r"plan\.end: 2201-01-01 is outside"),
    (_plan("end = 2027-06-18", 'end = "9999-12-31"'), r"plan\.end: 9999-12-31 is outside"),
    (_plan("end = 2027-06-18", "end = 2027-06-18\nprogress_reports = [9999-01-01]"),
     r"plan\.progress_reports\[1\]: 9999-01-01 is outside"),
    (MINIMAL_PLAN + "\n[calendar]\nno_school = [2300-01-01]\n", r"calendar\.no_school: .*"),
    (MINIMAL_PLAN + '\n[calendar]\nno_school = ["2026-12-21..2201-01-01"]\n', r"calendar\.no_school"),
    (_plan('per = "week"', 'per = "week"\nstart = 0001-01-01'), r"services\[1\]\.start: 0001-01-01"),
    (_plan('staff = ["ms-lee"]', 'staff = ["ms-lee"]\nend = 9999-12-31'), r"accommodations\[1\]\.end"),
    ("a = " + "[" * 5000 + "]" * 5000, r"nested too deeply"),
    ("[a]\nb = " + "{ c = " * 3000 + "1" + " }" * 3000, r"nested too deeply"),
])
def test_the_plan_refuses_what_could_break_an_output(text: str, message: str) -> None:
    with pytest.raises(PlanError, match=message) as caught:
        parse_plan(text, P)
    assert "\n" not in str(caught.value) and ESC not in str(caught.value)


@pytest.mark.parametrize("change", [
    (STAFF, 'email = "lée@école.example"'),          # non-ASCII, an IDN domain
    (STAFF, 'email = "lee+iep@school.example.org"'),
    (STAFF, 'email = ""'),                            # the starter plan's "not given"
    ("minutes = 30", "minutes = 1440"), ("times = 2", "times = 100"),
    ("start = 2026-08-24", "start = 1900-01-01"), ("end = 2027-06-18", "end = 2200-12-31"),
    ('name = "Sam Test"', 'name = "Zoë Ñúñez-O\'Brien 李"'),
    ('per = "week"', 'per = "week"\nnotes = """two\nlines\twith a tab"""'),
])
def test_the_plan_still_accepts_what_people_write(change: tuple[str, str]) -> None:
    parse_plan(_plan(*change), P)


def test_a_plan_saved_with_a_byte_order_mark_reads(cli, tmp_path: Path) -> None:
    plan = tmp_path / "sam.toml"
    plan.write_bytes(b"\xef\xbb\xbf" + MINIMAL_PLAN.encode())
    done = cli("items", "--plan", plan)
    assert done.code == 0 and "Speech therapy" in done.stdout, done.stderr
    assert cli("add-item", "accommodation", "Quiet room", "--plan", plan).code == 0
    assert plan.read_bytes().startswith(b"\xef\xbb\xbf") and "quiet-room" in cli(
        "items", "--plan", plan).stdout


def test_a_deeply_nested_plan_is_one_line_not_a_traceback(cli, tmp_path: Path) -> None:
    plan = tmp_path / "deep.toml"
    plan.write_text("a = " + "[" * 5000 + "]" * 5000)
    done = cli("items", "--plan", plan)
    assert done.code == 2 and done.stderr.count("\n") == 1 and "nested too deeply" in done.stderr


@pytest.mark.parametrize(("args", "named"), [
    (("--minutes", "99999999999999999999999", "--per", "week"), "--minutes"),
    (("--minutes", "30", "--per", "week", "--times", "1000"), "--times"),
    (("--minutes", "0", "--per", "week"), "--minutes"),
    (("--location", "room\x1b[2J"), "--location"),
    (("--start", "9999-01-01"), "--start"),
])
def test_add_item_refuses_out_of_bounds_values_before_writing(cli, plan_path: Path,
                                                             args: tuple[str, ...],
                                                             named: str) -> None:
    before = snapshot(plan_path)
    done = cli("add-item", "service", "Reading", *args, "--plan", plan_path)
    assert done.code == 2 and done.stderr.startswith(f"iepcheck: error: {named}"), done.stderr
    assert done.stderr.count("\n") == 1 and ESC not in done.stderr
    assert snapshot(plan_path) == before


def test_add_item_refuses_a_blank_name(cli, plan_path: Path) -> None:
    before = snapshot(plan_path)
    done = cli("add-item", "accommodation", "   ", "--id", "blank", "--plan", plan_path)
    assert done.code == 2 and "only spaces" in done.stderr and snapshot(plan_path) == before


@pytest.mark.parametrize("args", [
    ("due", "--as-of", "9999-12-31"), ("report", "--as-of", "0001-01-01"),
    ("report", "--since", "1899-12-31"), ("history", "--since", "99999d ago"),
    ("log", "speech", "-k", "call", "--date", "1066-10-14"),
    ("timeline", "--until", "2500-01-01"),
])
def test_dates_outside_1900_to_2200_are_one_line(cli, plan_path: Path, args) -> None:
    log = plan_path.with_name("sam.log.json")
    before = snapshot(plan_path, log)
    as_of = () if "--as-of" in args else ("--as-of", AS_OF)
    done = cli(*args, *as_of, "--plan", plan_path)
    assert done.code == 2, done
    assert done.stderr.count("\n") == 1 and "outside the years 1900-2200" in done.stderr
    assert snapshot(plan_path, log) == before


def test_days_ago_near_the_first_year_does_not_overflow() -> None:
    from iepcheck.dates import parse_date

    with pytest.raises(UserError, match="outside the years"):
        parse_date("99999d ago", today=date(1900, 1, 1), option="--since")


# --- HTML ---------------------------------------------------------------------------------------

def _contrast(foreground: str, background: str = "#ffffff") -> float:
    def luminance(colour: str) -> float:
        digits = colour.lstrip("#")
        digits = "".join(c * 2 for c in digits) if len(digits) == 3 else digits
        channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("module", ["report_html", "timeline_html"])
def test_every_text_colour_meets_wcag_aa_on_white_and_on_the_header_grey(module: str) -> None:
    import importlib

    style = importlib.import_module(f"iepcheck.render.{module}").STYLE
    light, _, dark = style.partition("@media screen and (prefers-color-scheme: dark)")
    colours = re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", light)
    assert colours
    for colour in colours:
        assert _contrast(colour) >= 4.5 and _contrast(colour, "#eeeeee") >= 4.5, colour
    for colour in re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", dark):
        assert _contrast(colour, "#121212") >= 4.5 and _contrast(colour, "#2a2a2a") >= 4.5, colour


def test_the_html_report_has_a_viewport_and_dates_that_do_not_break(cli, plan_path: Path) -> None:
    assert cli("log", "speech", "-k", "call", "-f", "implemented", "--date", "2026-11-02",
               "--plan", plan_path, "--as-of", AS_OF).code == 0
    page = cli("report", "--format", "html", "--plan", plan_path, "--as-of", AS_OF).stdout
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "td.date { white-space: nowrap; }" in page and '<td class="date">2 Nov 2026</td>' in page
    chronology = cli("timeline", "--format", "html", "--plan", plan_path, "--as-of", AS_OF).stdout
    assert '<td class="date">2026-11-02</td>' in chronology and "td.date" in chronology


def test_a_plan_with_nothing_to_escape_exports_as_before(example_plan: Path) -> None:
    """The example plan has nothing to escape: its calendar reads as before."""
    from iepcheck.due.reminders import plan_dates
    from iepcheck.render.ics import render_ics
    from iepcheck.store.plan_file import load_plan

    plan = load_plan(example_plan)
    text = render_ics(plan, plan_dates(plan), datetime(2026, 11, 20, tzinfo=UTC))
    assert "X-WR-CALNAME:Maya Rivera: IEP" in text


def test_a_recorded_entry_is_echoed_with_its_control_characters_shown(capsys) -> None:
    """A log hand-edited to hold an item id with an escape still prints one inert line."""
    from types import SimpleNamespace

    from iepcheck.cli.options import say
    from iepcheck.record.drafts import describe

    entry = SimpleNamespace(n=3, date=date(2026, 11, 2), kind="visit", finding="implemented",
                            minutes=None, findings={}, values={},
                            items=(f"speech{ESC}]0;x\x07",))
    say(describe(entry))  # type: ignore[arg-type]
    entry.items = ("speech",)
    say(describe(entry))  # type: ignore[arg-type]
    assert capsys.readouterr().out.splitlines() == [
        "#3 2026-11-02 visit speech␛]0;x␇: implemented", "#3 2026-11-02 visit speech: implemented"]


_LOCAL = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=10)


@settings(max_examples=2000)
@given(st.lists(_LOCAL, min_size=3, max_size=5),
       st.sampled_from(["", ".", "'", "!", "=?utf-8?q?", "?=", "%", "é", "#", "..", "\u200b"]))
def test_every_address_the_plan_accepts_is_one_bare_address_to_the_mail_library(
        parts: list[str], extra: str) -> None:
    """A plan's email becomes a To/From/Cc header. The plan's own rule (one regular
    expression, no email parser at start-up) accepts nothing that Python's email library
    would read as a name, a group, or more or fewer than one address."""
    from email.utils import getaddresses

    from iepcheck.plan.fields import ADDRESS

    address = parts[0] + extra + "@" + ".".join(parts[1:])
    if ADDRESS.fullmatch(address):
        assert getaddresses([address]) == [("", address)]


@pytest.mark.parametrize("address", ["lee@school.example.org", "müller@schule.example.de",
                                     "o'brien+iep@x.example", "a.b-c@d-e.example.co.uk"])
def test_ordinary_addresses_are_accepted_and_read_back_unchanged(address: str) -> None:
    from email.utils import getaddresses

    from iepcheck.plan.fields import ADDRESS

    assert ADDRESS.fullmatch(address) and getaddresses([address]) == [("", address)]
