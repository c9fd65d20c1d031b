"""Nothing lost, nothing injected, no traceback, whatever the input: random and damaged plans,
logs and emails through the real commands (in-process, `iepcheck.cli:main`).

Plans start from examples/plan.toml and the tests' MINIMAL_PLAN; logs from a log the tool
itself wrote (entries, an attachment, a reply, a retraction, an imported email); emails from
the interpreter's own test mails and a staff reply. Each is changed a few ways (bytes
flipped, cut, duplicated, lines reordered, values of the wrong type, odd dates, huge numbers,
deep nesting, control characters, a BOM, NULs) and every command is run on it. The rules
each run must keep are in tests/hostile.py.

The examples are fixed (derandomized) so CI is repeatable and takes well under a minute;
`IEPCHECK_FUZZ=2000 pytest tests/test_fuzz.py` searches further with a random seed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.conftest import AS_OF, EXAMPLE_PLAN, MINIMAL_PLAN
from tests.hostile import TALLY, check_outcome, folder_state

_MORE = int(os.environ.get("IEPCHECK_FUZZ", "0"))


def _settings(examples: int) -> settings:
    return settings(
        max_examples=_MORE or examples,
        derandomize=not _MORE,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate] if _MORE else list(Phase),  # a search: no shrink
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                               HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


# --- what every command is run as ---------------------------------------------------------

#: What the runs are counted as (tests/redteam_table.py).
PLANS, LOGS, MAIL = "fuzz: damaged plans", "fuzz: damaged logs", "fuzz: damaged emails"

#: Commands that only read: the folder must be byte for byte the same after each.
READERS: list[list[str]] = [
    ["items"], ["items", "--format", "json"],
    ["report"], ["report", "--format", "json"], ["report", "--format", "markdown"],
    ["report", "--format", "csv"], ["report", "--format", "html", "--fail-on-gaps"],
    ["due"], ["due", "--format", "json", "--fail-if-due"],
    ["history"], ["history", "--format", "json"],
    ["timeline"], ["timeline", "--format", "csv"], ["timeline", "--format", "html"],
    ["calendar"], ["verify"], ["draft-email", "ms-lee"],
]
#: Commands that take --as-of (items, calendar and verify have none).
DATED = {"report", "due", "history", "timeline", "draft-email", "log", "import-email"}


def run(cli, folder: Path, args: list[str], *, tally: str, as_of: str | None = AS_OF,
        writes: bool = False):
    """Run `iepcheck ARGS --plan sam.toml [--as-of]` and check the rules of tests/hostile.py."""
    full = [*args, "--plan", str(folder / "sam.toml")]
    if as_of is not None and args[0] in DATED:
        full += ["--as-of", as_of]
    before = folder_state(folder)
    try:
        done = cli(*full)
    except Exception:
        TALLY[tally, "traceback"] += 1
        raise
    check_outcome(done, full, before, folder_state(folder), writes=writes, tally=tally)
    return done


@contextmanager
def scratch() -> Iterator[Path]:
    """A fresh folder per example (hypothesis runs many examples in one test)."""
    folder = Path(tempfile.mkdtemp(prefix="iepcheck-fuzz-"))
    try:
        yield folder
    finally:
        for root, dirs, _ in os.walk(folder):
            for name in dirs:
                os.chmod(Path(root) / name, 0o700)
        shutil.rmtree(folder, ignore_errors=True)


# --- a real log, written once by the tool -------------------------------------------------

REPLY = b"""\
From: Ms. Lee <lee@lincoln.example.org>
To: Ana Rivera <ana.rivera@example.com>
Subject: Re: extended time on the math test
Date: Tue, 10 Nov 2026 16:05:00 -0500
Message-ID: <reply-1@lincoln.example.org>
Content-Type: text/plain; charset=utf-8

Yes, Maya had extended time on Friday's test.

> Did Maya get extended time?
"""

_REAL: dict[str, bytes] = {}


def real_log(cli) -> dict[str, bytes]:
    """The example plan's log after a few weeks' use, written through the real commands:
    relative path -> bytes, for every file in the folder."""
    if _REAL:
        return _REAL
    with scratch() as folder:
        shutil.copy(EXAMPLE_PLAN, folder / "sam.toml")
        sheet = folder / "sheet.txt"
        sheet.write_text("October: 7 sessions\n")
        (folder / "reply.eml").write_bytes(REPLY)
        for args in (
            ["log", "speech", "-k", "visit", "-d", "2026-11-02", "--note", "saw the session"],
            ["log", "speech", "-k", "service-log", "--from", "2026-10-01", "--to", "2026-10-31",
             "--minutes", "210", "--attach", str(sheet)],
            ["log", "extended-time", "-k", "email-sent", "--who", "ms-lee", "-d", "2026-11-05",
             "--note", "Did Maya get extended time?"],
            ["import-email", str(folder / "reply.eml"), "extended-time"],
            ["log", "ot", "-k", "call", "-f", "not-implemented", "--reason", "cancelled",
             "--minutes", "30", "-d", "2026-11-12", "--who", "ms-chen"],
            ["log", "speech", "ot=partial", "-k", "meeting", "-f", "implemented", "-d",
             "2026-11-13"],
            ["retract", "1", "--reason", "wrong day"],
        ):
            done = cli(*args, "--plan", str(folder / "sam.toml"), "--as-of", AS_OF)
            assert done.code == 0, (args, done.stderr)
        sheet.unlink()
        (folder / "reply.eml").unlink()
        for path in folder.rglob("*"):
            if path.is_file() and path.name != "sam.toml":
                _REAL[str(path.relative_to(folder))] = path.read_bytes()
    return _REAL


def lay_out(folder: Path, files: dict[str, bytes], plan: bytes | None = None) -> None:
    (folder / "sam.toml").write_bytes(plan if plan is not None else EXAMPLE_PLAN.read_bytes())
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.write_bytes(data)


# --- ways to damage bytes -----------------------------------------------------------------

Draw = Callable[[st.SearchStrategy], object]

SNIPPETS = [
    b"\xef\xbb\xbf", b"\x00", b"\x1b]0;pwned\x07", b"\x1b[2J", b"\xc2\x9b31m", b"\r", b"\r\n",
    b"\xe2\x80\xae", b"\xff\xfe", b"\xed\xa0\x80", b'"', b"'", b"[", b"]", b"{", b"}", b",",
    b"=", b"\\", b"\\u001b", b"\\u0000", b"\\ud800", b"[/]", b"[link=http://evil]x[/link]",
    b"=HYPERLINK(\"http://evil\")", b"<script>", b"[x](javascript:alert(1))",
    b"99999999999999999999999", b"-1", b"1e400", b"NaN", b"0001-01-01", b"9999-12-31",
]


def flip(draw: Draw, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 4))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


def cut(draw: Draw, raw: bytes) -> bytes:
    return raw[: draw(st.integers(0, len(raw)))]


def insert(draw: Draw, raw: bytes) -> bytes:
    at = draw(st.integers(0, len(raw)))
    what = draw(st.one_of(st.sampled_from(SNIPPETS), st.binary(max_size=12),
                          st.text(max_size=12).map(lambda t: t.encode("utf-8", "surrogatepass"))))
    return raw[:at] + what + raw[at:]


def delete(draw: Draw, raw: bytes) -> bytes:
    at = draw(st.integers(0, len(raw)))
    return raw[:at] + raw[at + draw(st.integers(1, 40)):]


def _lines(raw: bytes) -> list[bytes]:
    return raw.split(b"\n")


def duplicate_line(draw: Draw, raw: bytes) -> bytes:
    lines = _lines(raw)
    at = draw(st.integers(0, len(lines) - 1))
    return b"\n".join([*lines[: at + 1], lines[at], *lines[at + 1:]])


def swap_lines(draw: Draw, raw: bytes) -> bytes:
    lines = _lines(raw)
    a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    lines[a], lines[b] = lines[b], lines[a]
    return b"\n".join(lines)


def drop_line(draw: Draw, raw: bytes) -> bytes:
    lines = _lines(raw)
    del lines[draw(st.integers(0, len(lines) - 1))]
    return b"\n".join(lines)


def replace_match(draw: Draw, raw: bytes, pattern: bytes, choices: list[bytes]) -> bytes:
    found = list(re.finditer(pattern, raw))
    if not found:
        return raw
    match = draw(st.sampled_from(found))
    return raw[: match.start()] + draw(st.sampled_from(choices)) + raw[match.end():]


BYTE_DAMAGE = [flip, cut, insert, delete, duplicate_line, swap_lines, drop_line]


# --- plans --------------------------------------------------------------------------------

HUGE = [b"99999999999999999999999", b"9223372036854775808", b"-9223372036854775809", b"-1",
        b"0", b"1e400", b"inf", b"nan", b"1.5", b"0x7fffffffffffffff", b"1_000_000"]
ODD_DATES = [b"0001-01-01", b"9999-12-31", b"2026-02-30", b"2028-02-29", b"1900-01-01",
             b"2200-12-31", b"2026-08-24T10:00:00Z", b"2026-08-24T10:00:00", b"10:00:00",
             b"2026-13-01", b'"2026-08-24"', b'"someday"', b'"2026-08-24..2026-08-20"',
             b'"0001-01-01..9999-12-31"', b"1899-12-31", b"2201-01-01"]


def toml_string(text: str) -> bytes:
    """`text` as a TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text).encode()


def plan_values(draw: Draw, raw: bytes) -> bytes:
    which = draw(st.sampled_from(["number", "date", "string", "nest", "bom"]))
    if which == "number":
        return replace_match(draw, raw, rb"(?<![\w.-])\d+(?![\w.-])", HUGE)
    if which == "date":
        return replace_match(draw, raw, rb"\d{4}-\d{2}-\d{2}", ODD_DATES)
    if which == "string":
        text = draw(st.one_of(st.text(max_size=30), st.sampled_from(
            ["", "   ", "a\r\nBEGIN:VEVENT", "[/]", "[link=http://evil]x[/link]", "=1+1",
             "\uff1dcmd", "a@x.example, evil@y.example", "\x1b]0;x\x07", "\u202e", "\x00",
             "x" * 5000])))
        return replace_match(draw, raw, rb'"[^"\n]*"', [toml_string(text)])
    if which == "nest":
        depth = draw(st.sampled_from([1, 50, 500, 999, 1000, 1001, 5000, 20000]))
        opening, closing = draw(st.sampled_from([(b"[", b"]"), (b"{ a = ", b" }")]))
        at = raw.find(b"\n[") if draw(st.booleans()) else len(raw)
        at = len(raw) if at < 0 else at
        return raw[:at] + b"\nnested = " + opening * depth + b"1" + closing * depth + b"\n" + raw[at:]
    return b"\xef\xbb\xbf" + raw


def plans() -> st.SearchStrategy[bytes]:
    @st.composite
    def build(draw: Draw) -> bytes:
        raw = draw(st.sampled_from([EXAMPLE_PLAN.read_bytes(), MINIMAL_PLAN.encode()]))
        for _ in range(draw(st.integers(1, 3))):
            damage = draw(st.sampled_from([plan_values, plan_values, *BYTE_DAMAGE]))
            raw = damage(draw, raw)
        return raw

    return build()


AS_OF_VALUES = [AS_OF, AS_OF, AS_OF, "2027-06-30", "9999-12-31", "0001-01-03", "3d ago",
                "99999d ago", "2026-02-29", "today", "nonsense", "1900-01-01", "2200-12-31", ""]


@_settings(25)
@given(plan=plans(), as_of=st.sampled_from(AS_OF_VALUES))
def test_a_damaged_plan_through_every_command(cli, plan: bytes, as_of: str) -> None:
    with scratch() as folder:
        lay_out(folder, real_log(cli), plan)
        for args in READERS:
            run(cli, folder, args, as_of=as_of, tally=PLANS)
        run(cli, folder, ["log", "speech", "-k", "visit", "-d", "2026-11-10"], as_of=as_of,
            writes=True, tally=PLANS)
        run(cli, folder, ["add-item", "accommodation", "Quiet room"], writes=True, tally=PLANS)


# --- logs ---------------------------------------------------------------------------------

WRONG_VALUES: list[object] = [None, True, False, "1", 1.0, -1, 0, 2**70, [], {}, "", "x",
                              "\x1b]0;pwned\x07[/]", "=cmd|'/c calc'!A1", "9999-12-31",
                              "0001-01-01", "2026-02-30", "\ud800", [1, 2], {"a": 1},
                              [{"path": "../../etc/passwd", "sha256": "0" * 64, "name": "x"}]]
KEYS = ["n", "id", "date", "recorded_at", "kind", "items", "finding", "minutes", "reason", "who",
        "note", "attachments", "reply_to", "retracts", "findings", "covers_from", "message_id",
        "hash", "extra-key"]
VERSIONS = [0, 1, 2, 3, True, "1", 1.0, None, 10**30, -1, "2"]


def log_values(draw: Draw, raw: bytes) -> bytes:
    """Change values, keeping valid JSON: a key of an entry, the version, the format; the
    chain resealed or not."""
    from iepcheck.record.log_format import serialise_log
    from iepcheck.record.seal import chain

    document = json.loads(raw)
    entries = document["entries"]
    which = draw(st.sampled_from(["entry", "entry", "version", "format", "drop-hash"]))
    if which == "entry" and entries:
        entry = draw(st.sampled_from(entries))
        key = draw(st.sampled_from(KEYS))
        if draw(st.booleans()) or key not in entry:
            entry[key] = draw(st.sampled_from(WRONG_VALUES))
        else:
            del entry[key]
    elif which == "drop-hash":
        for entry in entries:
            entry.pop("hash", None)
    version = document.get("version", 2)
    if which == "version":
        version = draw(st.sampled_from(VERSIONS))
    if which != "drop-hash" and draw(st.booleans()):  # as if whoever changed it resealed
        for entry, value in list(chain(entries)):
            entry["hash"] = value
    if which == "format" or not isinstance(version, int) or isinstance(version, bool):
        document["version"] = version
        if which == "format":
            document["format"] = draw(st.sampled_from(["", "iepcheck", None, 1]))
        return json.dumps(document).encode("utf-8", "surrogatepass")
    try:
        return serialise_log(entries, version)
    except UnicodeEncodeError:
        return json.dumps(document).encode()


def logs(cli) -> st.SearchStrategy[dict[str, bytes]]:
    @st.composite
    def build(draw: Draw) -> dict[str, bytes]:
        files = dict(real_log(cli))
        raw = files["sam.log.json"]
        for _ in range(draw(st.integers(1, 3))):
            damage = draw(st.sampled_from([log_values, log_values, *BYTE_DAMAGE]))
            try:
                raw = damage(draw, raw)
            except (ValueError, KeyError, TypeError, AttributeError):
                pass  # a value change needs JSON: this damage follows a byte-level one
        files["sam.log.json"] = raw
        if draw(st.booleans()):  # backups: kept, damaged the same way, or gone
            for name in [n for n in files if n.endswith(".bak")]:
                files[name] = draw(st.sampled_from([files[name], raw, b"", b"{}"]))
        return files

    return build()


@_settings(40)
@given(data=st.data())
def test_a_damaged_log_through_every_command(cli, data) -> None:
    files = data.draw(logs(cli))
    with scratch() as folder:
        lay_out(folder, files)
        (folder / "reply.eml").write_bytes(REPLY.replace(b"reply-1", b"reply-2"))
        for args in READERS:
            run(cli, folder, args, tally=LOGS)
        run(cli, folder, ["log", "speech", "-k", "visit", "-d", "2026-11-10"], writes=True,
            tally=LOGS)
        run(cli, folder, ["import-email", str(folder / "reply.eml")], writes=True, tally=LOGS)
        run(cli, folder, ["retract", "2", "--reason", "typo"], writes=True, tally=LOGS)


# --- emails -------------------------------------------------------------------------------

def _stdlib_mails() -> list[bytes]:
    try:
        import test
    except ImportError:
        return []
    folder = Path(os.path.dirname(test.__file__)) / "test_email" / "data"
    return [p.read_bytes() for p in sorted(folder.glob("msg_*.txt"))]


MAILS = [REPLY, *_stdlib_mails()]
MAIL_SNIPPETS = [b"=?", b"=?utf-8?b?", b"?=", b"<", b">", b'"', b"(", b")", b"\r\n", b"\n\n",
                 b"\x00", b"\x1b]0;pwned\x07", b"\x1b[2J", b"\nFrom \n", b"\n--", b"boundary=",
                 b"charset=", b"Content-Type: multipart/mixed; boundary=x\n",
                 b"Content-Transfer-Encoding: base64\n", b"Message-ID: <reply-1@lincoln.example.org>",
                 b"Date: Tue, 10 Nov 0001 16:05:00 -0500\n", b"Date: Fri, 31 Dec 9999 23:59:59 +9999\n",
                 b"From: lee@lincoln.example.org, evil@y.example\n", b"[/]", b"=HYPERLINK(1)"]


def mail_damage(draw: Draw, raw: bytes) -> bytes:
    at = draw(st.integers(0, len(raw)))
    which = draw(st.sampled_from(["insert", "flip", "delete", "cut", "date"]))
    if which == "insert":
        return raw[:at] + draw(st.sampled_from(MAIL_SNIPPETS)) + raw[at:]
    if which == "flip":
        return flip(draw, raw)
    if which == "delete":
        return delete(draw, raw)
    if which == "date":
        return replace_match(draw, raw, rb"(?m)^Date:.*$", [
            b"Date: Tue, 10 Nov 0001 16:05:00 -0500", b"Date: Tue, 10 Nov 26 16:05:00 -0500",
            b"Date: 31 Dec 9999 23:59:59 +0000", b"Date: <HR>", b"Date: Tue, 10 Nov 2026 59:05:00",
            b"Date: Tue, 10 Nov 2026 16:05:00 +9999", b"Date:"])
    return raw[:at]


def mailboxes() -> st.SearchStrategy[bytes]:
    @st.composite
    def build(draw: Draw) -> bytes:
        count = draw(st.integers(1, 4))
        messages = []
        for _ in range(count):
            raw = draw(st.sampled_from(MAILS))
            for _ in range(draw(st.integers(0, 3))):
                raw = mail_damage(draw, raw)
            messages.append(raw)
        if count == 1:
            return messages[0]
        return b"".join(b"From sender@example.org Tue Nov 10 16:05:00 2026\n" + m.rstrip(b"\n")
                        + b"\n\n" for m in messages)

    return build()


IMPORT_OPTIONS = st.sampled_from([[], ["--kind", "email-received"], ["--date", "2026-11-10"],
                                  ["--kind", "email-sent", "--finding", "implemented"],
                                  ["extended-time", "--kind", "email-received", "--finding",
                                   "partial"], ["nope"], ["--date", "9999-12-31"]])


@_settings(60)
@given(mail=mailboxes(), options=IMPORT_OPTIONS, existing=st.booleans())
def test_a_damaged_email_through_import_and_every_reader(cli, mail: bytes, options: list[str],
                                                         existing: bool) -> None:
    with scratch() as folder:
        lay_out(folder, real_log(cli) if existing else {})
        mbox = folder / "in.mbox"
        mbox.write_bytes(mail)
        done = run(cli, folder, ["import-email", str(mbox), *options], writes=True, tally=MAIL)
        if done.code == 2:
            return
        summary = next(line for line in reversed(done.stderr.splitlines())
                       if line.startswith("imported "))
        imported = int(re.match(r"imported (\d+), ", summary).group(1))  # type: ignore[union-attr]
        assert len(done.stdout.splitlines()) == imported, (done.stdout, done.stderr)
        for args in (["history"], ["timeline"], ["timeline", "--format", "csv"], ["report"]):
            run(cli, folder, args, tally=MAIL)
        verified = run(cli, folder, ["verify"], tally=MAIL)
        assert verified.code == 0, verified.stdout  # nothing imported breaks the record
        again = run(cli, folder, ["import-email", str(mbox), *options], writes=True, tally=MAIL)
        if again.code != 2:
            assert again.stdout == "", again.stdout  # a second import records nothing
            assert again.stderr.splitlines()[-1].startswith("imported 0, "), again.stderr


# --- odd file names, reply encodings, locales and a second author --------------------------

ODD = "fuzz: odd names, encodings, locales, authors"

#: File name bytes as old zips, USB sticks and SMB shares give them: Latin-1 and CP1252
#: letters that are not UTF-8, mixed with ASCII (never `/` or NUL).
NAME_BYTES = st.lists(st.sampled_from([b"a", b"-", b" ", b".", b"\xe9", b"\xfc", b"\x80",
                                       b"\xff", b"\xc3", "é".encode()]), min_size=1, max_size=12)


def _reply(form: str, receipt: str) -> bytes:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"], message["To"] = "Ms. Lee <lee@school.example.org>", "ana@example.com"
    message["Subject"], message["Date"] = "Re: week", "Tue, 10 Nov 2026 16:05:00 -0500"
    message["Message-ID"] = "<odd-reply@school.example.org>"
    if form.startswith("html"):
        message.set_content(f"<p>Yes.</p><blockquote>{receipt.replace(' ', '&nbsp;')}"
                            "</blockquote>", subtype="html",
                            cte="base64" if form == "html base64" else "quoted-printable")
    else:
        message.set_content(f"Yes.\n\n> {receipt}\n", cte="base64" if form == "base64"
                            else "quoted-printable")
    return message.as_bytes()


def _locale_envs() -> list[dict[str, str]]:
    import subprocess

    found = shutil.which("locale") and subprocess.run(
        ["locale", "-a"], capture_output=True, text=True, check=False).stdout.split()
    return [{"LC_ALL": name} for name in found or []] + [{"PYTHONIOENCODING": "latin-1"},
                                                        {"PYTHONIOENCODING": "ascii"}]


@_settings(8)
@given(stem=NAME_BYTES, suffix=st.sampled_from([b".pdf", b".eml", b".txt", b""]),
       form=st.sampled_from(["base64", "quoted-printable", "html base64", "html qp"]),
       author=st.sampled_from([None, "dad"]), env=st.sampled_from(_locale_envs()))
def test_odd_names_encodings_locales_and_a_second_author(cli, stem, suffix, form, author,
                                                         env) -> None:
    import subprocess
    import sys

    from iepcheck.record.seal import receipt_line

    with scratch() as folder:
        (folder / "sam.toml").write_text(MINIMAL_PLAN)
        who = ["--author", author] if author else []
        odd = Path(os.fsdecode(bytes(folder) + b"/" + b"".join(stem) + suffix))
        odd.write_bytes(b"%PDF-1.4 a scan")
        run(cli, folder, ["log", "speech", "-k", "visit", "--attach", str(odd), *who],
            writes=True, tally=ODD)
        log = folder / ("sam.dad.log.json" if author else "sam.log.json")
        head = json.loads(log.read_bytes())["entries"][-1]["hash"]
        reply = Path(os.fsdecode(bytes(folder) + b"/r" + b"".join(stem) + b".eml"))
        reply.write_bytes(_reply(form, receipt_line(1, head, author)))
        run(cli, folder, ["import-email", str(reply), *who], writes=True, tally=ODD)
        for args in (["history"], ["timeline"], ["report"], ["history", "--format", "json"],
                     ["bundle", "-o", str(folder / "b.zip")]):
            run(cli, folder, args, tally=ODD, writes=args[0] == "bundle")
        assert run(cli, folder, ["verify"], tally=ODD).code == 0
        done = subprocess.run([sys.executable, "-m", "iepcheck", "timeline", "--plan",
                               str(folder / "sam.toml"), "--as-of", AS_OF],
                              capture_output=True, check=False, timeout=120,
                              env={**os.environ, "NO_COLOR": "1", **env})
        ended = "traceback" if b"Traceback" in done.stderr else (
            "handled" if done.returncode == 0 else "wrong")
        TALLY[ODD, ended] += 1
        assert ended == "handled", done.stderr.decode("latin-1")
        entries = json.loads(log.read_bytes())["entries"]
        entries[0]["note"] = "never happened"
        from iepcheck.record.seal import chain

        for entry, value in list(chain(entries)):
            entry["hash"] = value  # resealed from the top: only the reply's receipt shows it
        from iepcheck.record.log_format import serialise_log

        for backup in folder.glob("*.bak"):
            backup.unlink()
        log.write_bytes(serialise_log(entries))
        forged = run(cli, folder, ["verify"], tally=ODD)
        assert forged.code == 1, forged.stdout


# --- receipts however they came, and no false alarm on an untouched record -----------------

SIBLING_PLAN_ID = "6fa459ea-ee8a-4ca4-894e-db77e160355e"
OWN_PLAN_ID = "1b4e28ba-2fa1-41d2-883f-0016d3cca427"
REPLY_FORMS = ["base64", "quoted-printable", "html base64", "html qp", "txt", "mbox",
               "windows"]


def _kept_reply(form: str, receipt: str, folder: Path, stem: bytes) -> Path:
    """The reply as a mail client or a parent saved it: .eml, .txt, a mailbox, or a
    Windows editor's copy (CRLF, a byte order mark), under a name that need not be UTF-8."""
    raw = _reply("base64" if form in ("txt", "mbox", "windows") else form, receipt)
    suffix = {"txt": b".txt", "mbox": b".mbox"}.get(form, b".eml")
    if form == "mbox":
        raw = b"From x@y Tue Nov 10 16:05:00 2026\n" + raw
    if form == "windows":
        raw = b"\xef\xbb\xbf" + raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    path = Path(os.fsdecode(bytes(folder) + b"/r" + stem + suffix))
    path.write_bytes(raw)
    return path


def _record(cli, folder: Path, plan_id: str, who: list[str]) -> Path:
    folder.mkdir()
    (folder / "sam.toml").write_text(MINIMAL_PLAN.replace("[plan]", f'[plan]\nid = "{plan_id}"'))
    for day in ("2026-11-02", "2026-11-03"):
        run(cli, folder, ["log", "speech", "-k", "visit", "-d", day, *who], writes=True,
            tally=ODD)
    return folder / ("sam.dad.log.json" if who else "sam.log.json")


@_settings(16)
@given(stem=NAME_BYTES, form=st.sampled_from(REPLY_FORMS), author=st.sampled_from([None, "dad"]),
       whose=st.sampled_from(["own", "sibling named", "sibling unnamed", "merged copy"]))
def test_an_untouched_record_never_fails_verify_however_the_receipt_came(
        cli, stem, form, author, whose) -> None:
    """A receipt of this record, of a sibling's (naming its record or, older, none) or of a
    merged conflict copy, in a reply kept in any encoding under any name: verify says OK
    on the untouched record; resealed by a forger, the record fails."""
    import shutil as sh

    from iepcheck.record.seal import receipt_line, record_tag

    with scratch() as top:
        who = ["--author", author] if author else []
        own = _record(cli, top / "own", OWN_PLAN_ID, who)
        folder = own.parent
        if whose.startswith("sibling"):
            other = _record(cli, top / "sibling", SIBLING_PLAN_ID, who)
            head = json.loads(other.read_bytes())["entries"][-1]["hash"]
            named = record_tag(SIBLING_PLAN_ID) if whose == "sibling named" else None
            receipt = receipt_line(2, head, author, named)
        elif whose == "merged copy":
            copy = own.with_name(own.name.replace(".json", " (conflicted copy 2026-11-20).json"))
            sh.copy(own, copy)
            run(cli, folder, ["log", "speech", "-k", "visit", "-d", "2026-11-05", "--log",
                              str(copy), *who], writes=True, tally=ODD)
            run(cli, folder, ["log", "speech", "-k", "visit", "-d", "2026-11-06", *who],
                writes=True, tally=ODD)
            receipt = receipt_line(3, json.loads(copy.read_bytes())["entries"][2]["hash"],
                                   author, record_tag(OWN_PLAN_ID))
        else:
            head = json.loads(own.read_bytes())["entries"][-1]["hash"]
            receipt = receipt_line(2, head, author, record_tag(OWN_PLAN_ID))
        reply = _kept_reply(form, receipt, folder, b"".join(stem))
        run(cli, folder, ["import-email", str(reply), *who], writes=True, tally=ODD)
        if whose == "merged copy":
            run(cli, folder, ["merge-copy", str(copy), *who], writes=True, tally=ODD)
            copy.unlink()
        done = run(cli, folder, ["verify"], tally=ODD)
        assert done.code == 0, (done.stdout, done.stderr)
        if whose.startswith("sibling"):
            return  # the sibling's receipt vouches for nothing here: no forgery shows by it
        from iepcheck.record.log_format import serialise_log
        from iepcheck.record.seal import chain

        entries = json.loads(own.read_bytes())["entries"]
        entries[0]["note"] = "never happened"
        for entry, value in list(chain(entries)):
            entry["hash"] = value
        for backup in folder.glob("*.bak"):
            backup.unlink()
        own.write_bytes(serialise_log(entries))
        forged = run(cli, folder, ["verify"], tally=ODD)
        assert forged.code == 1, (forged.stdout, forged.stderr)


LOCALE_ENVS = _locale_envs()


@pytest.mark.parametrize("env", LOCALE_ENVS, ids=[next(iter(e.items()))[1] for e in LOCALE_ENVS])
def test_every_locale_the_machine_has_reads_odd_names_and_receipts(cli, env) -> None:
    """Every locale `locale -a` lists, and terminals that are Latin-1 or ASCII only: an
    attachment and an email whose names are not UTF-8, a second author, every reader and
    verify, as separate processes: never a traceback, always the documented exit."""
    import subprocess
    import sys

    with scratch() as folder:
        (folder / "sam.toml").write_text(MINIMAL_PLAN)
        odd = Path(os.fsdecode(bytes(folder) + b"/scan-\xe9t\xe9.pdf"))
        odd.write_bytes(b"%PDF-1.4 a scan")
        reply = Path(os.fsdecode(bytes(folder) + b"/r\xe9ponse.eml"))
        reply.write_bytes(_reply("html base64", "Log seal dad#1 0000000000000000"))
        commands = [["log", "speech", "-k", "visit", "--attach", str(odd), "--note", "vu — é"],
                    ["log", "speech", "-k", "visit", "--author", "dad"],
                    ["import-email", str(reply)], ["history"], ["timeline"], ["report"],
                    ["due"], ["verify"]]
        for args in commands:
            full = [sys.executable, "-m", "iepcheck", *args, "--plan", str(folder / "sam.toml")]
            if args[0] in DATED:
                full += ["--as-of", AS_OF]
            done = subprocess.run(full, capture_output=True, check=False, timeout=120,
                                  env={**os.environ, "NO_COLOR": "1", **env})
            wrong = done.returncode != (1 if args[0] == "verify" else 0)
            ended = "traceback" if b"Traceback" in done.stderr else (
                "wrong" if wrong else "handled")
            TALLY[ODD, ended] += 1
            assert ended == "handled", (args, done.returncode, done.stderr.decode("latin-1"))
