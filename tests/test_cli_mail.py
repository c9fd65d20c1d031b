"""`mail pull` and `--to-drafts` against a real IMAP server (dovecot, tests/dovecot.py)."""

from __future__ import annotations

import re
import shutil
import socket
import threading
from collections.abc import Iterator
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from iepcheck.store.logbook import read_log
from tests import dovecot
from tests.conftest import AS_OF

FIXTURES = Path(__file__).parent / "fixtures" / "mail"
LEE = "Ms. Lee <lee@school.example.org>"
ANA = "Ana Rivera <ana@example.com>"


@pytest.fixture(autouse=True)
def _no_keychain(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch a real keychain: keyring's null backend keeps and finds nothing."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setenv("IEPCHECK_MAIL_PASSWORD", dovecot.PASSWORD)
    monkeypatch.setenv("IEPCHECK_MAIL_TIMEOUT", "5")


@pytest.fixture
def server() -> Iterator[dovecot.Dovecot]:
    running = dovecot.start()
    yield running
    running.stop()


@pytest.fixture
def names_only() -> Iterator[dovecot.Dovecot]:
    running = dovecot.start(special_use=False)
    yield running
    running.stop()


def _message(sender: str, to: str, subject: str, date: str, message_id: str,
             body: str = "Thanks.\n", **headers: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"], message["Message-ID"] = date, message_id
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


def _corpus(name: str, date: str, message_id: str) -> bytes:
    """A real message from the import tests' corpus, sent by Ms. Lee on `date`."""
    raw = (FIXTURES / name).read_bytes()
    raw = re.sub(rb"(?mi)^From:[^\n]*\n", f"From: {LEE}\n".encode(), raw, count=1)
    raw = re.sub(rb"(?mi)^Date:[^\n]*\n", f"Date: {date}\n".encode(), raw, count=1)
    return re.sub(rb"(?mi)^Message-Id:[^\n]*\n", f"Message-ID: {message_id}\n".encode(), raw,
                  count=1)


#: (folder, arrival, message): a term's mail, in the order it arrived.
TERM = [
    ("Sent", datetime(2026, 11, 2, 8), _message(
        ANA, LEE, "Speech this week", "Mon, 02 Nov 2026 08:00:00 -0500", "<q1@example.com>",
        "Did Sam have speech this week?\n")),
    ("INBOX", datetime(2026, 11, 3, 9), _message(
        LEE, ANA, "Re: Speech this week", "Tue, 03 Nov 2026 09:00:00 -0500", "<r1@s.org>",
        "Yes, twice.\n", In_Reply_To="<q1@example.com>", References="<q1@example.com>")),
    ("INBOX", datetime(2026, 11, 4, 9), _message(
        LEE, ANA, "Out of office", "Wed, 04 Nov 2026 09:00:00 -0500", "<ooo@s.org>",
        "I am away until Monday.\n", Auto_Submitted="auto-replied")),
    ("INBOX", datetime(2026, 11, 5, 9), _corpus(
        "shift_jis.eml", "Thu, 05 Nov 2026 09:00:00 +0900", "<sjis@s.org>")),
    ("INBOX", datetime(2026, 11, 6, 9), _corpus(
        "reply-below-the-quote.eml", "Fri, 06 Nov 2026 09:00:00 -0500", "<talon@s.org>")),
    ("INBOX", datetime(2026, 11, 6, 10), _message(
        "Coach <coach@club.example>", ANA, "Practice", "Fri, 06 Nov 2026 10:00:00 -0500",
        "<club@club.example>")),  # no staff address: not pulled
    ("INBOX", datetime(2026, 11, 30, 9), _message(
        LEE, ANA, "Later", "Mon, 30 Nov 2026 09:00:00 -0500", "<later@s.org>")),  # after --as-of
]


def _seed(server: dovecot.Dovecot, sent: str = "Sent") -> None:
    client = server.client()
    for folder, arrived, raw in TERM:
        client.append(sent if folder == "Sent" else folder, raw, msg_time=arrived)
    client.logout()


def _configure(cli, server: dovecot.Dovecot) -> None:
    assert cli("config", "mail.server", server.url).code == 0
    assert cli("config", "mail.user", dovecot.USER).code == 0


def _pull(cli, plan_path, *args):
    return cli("mail", "pull", *args, "--plan", plan_path, "--as-of", AS_OF)


def _facts(log: Path) -> list[tuple[object, ...]]:
    return [(e.kind, e.date, e.who, e.note, e.finding, e.message_id)
            for e in read_log(log)]


def test_a_pull_records_what_importing_the_same_mbox_records(cli, plan_path, server, tmp_path):
    _seed(server)
    _configure(cli, server)
    done = _pull(cli, plan_path)
    assert done.code == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "5 new: 1 sent, 4 received; 0 already recorded"
    pulled = _facts(plan_path.with_name("sam.log.json"))
    assert [kind for kind, *_ in pulled] == ["email-sent", *["email-received"] * 4]
    assert all(finding is None for *_, finding, _ in pulled)  # the out-of-office too
    other = tmp_path / "by-hand"
    other.mkdir()
    copy = other / "sam.toml"
    shutil.copy(plan_path, copy)
    mbox = other / "term.mbox"
    mbox.write_bytes(b"".join(b"From - Mon Nov  2 08:00:00 2026\n" + raw + b"\n"
                              for _, _, raw in TERM[:5]))
    imported = cli("import-email", mbox, "--plan", copy, "--as-of", AS_OF)
    assert imported.code == 0, imported.stderr
    assert pulled == _facts(copy.with_name("sam.log.json"))
    reply = read_log(plan_path.with_name("sam.log.json"))[1]
    assert reply.reply_to == 1  # threaded by In-Reply-To to the question pulled from Sent
    assert cli("verify", "--plan", plan_path).code == 0


def test_a_second_pull_records_nothing_and_nothing_is_marked_read(cli, plan_path, server):
    _seed(server)
    _configure(cli, server)
    assert _pull(cli, plan_path).code == 0
    log = plan_path.with_name("sam.log.json")
    before = log.read_bytes()
    again = _pull(cli, plan_path)
    assert again.code == 0, again.stderr
    assert again.stdout == ""
    assert again.stderr.splitlines()[-1] == "0 new: 0 sent, 0 received; 5 already recorded"
    assert log.read_bytes() == before
    client = server.client()
    for folder in ("INBOX", "Sent"):
        client.select_folder(folder, readonly=True)
        flags = client.get_flags(client.search())
        assert flags and not any(b"\\Seen" in f for f in flags.values())
    client.logout()


def test_a_dry_run_says_what_it_would_record_and_writes_nothing(cli, plan_path, server):
    _seed(server)
    _configure(cli, server)
    done = _pull(cli, plan_path, "--dry-run")
    assert done.code == 0, done.stderr
    assert done.stdout.count("would record") == 5
    assert done.stderr.splitlines()[-1] == "5 would be new: 1 sent, 4 received; 0 already recorded"
    assert not plan_path.with_name("sam.log.json").exists()


def test_since_limits_the_pull(cli, plan_path, server):
    _seed(server)
    _configure(cli, server)
    done = _pull(cli, plan_path, "--since", "2026-11-05")
    assert done.code == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "2 new: 0 sent, 2 received; 0 already recorded"


def test_the_weekly_draft_lands_in_drafts_once(cli, plan_path, server):
    _configure(cli, server)
    args = ("draft-email", "ms-lee", "--to-drafts", "--record", "--plan", plan_path,
            "--as-of", AS_OF)
    first = cli(*args)
    assert first.code == 0, first.stderr
    assert "Put the draft in Drafts" in first.stderr
    assert "when 'iepcheck mail pull' finds it" in first.stderr
    second = cli(*args)
    assert second.code == 0, second.stderr
    assert "already in Drafts" in second.stderr
    assert not plan_path.with_name("sam.log.json").exists()  # a draft is not an email sent
    client = server.client()
    client.select_folder("Drafts", readonly=True)
    flags = client.get_flags(client.search())
    assert len(flags) == 1
    assert b"\\Draft" in next(iter(flags.values()))
    client.logout()


def test_a_letter_lands_in_drafts_once(cli, plan_path, server):
    _configure(cli, server)
    args = ("letter", "meeting-request", "ms-lee", "--to-drafts", "--plan", plan_path,
            "--as-of", AS_OF)
    assert cli(*args).code == 0
    assert cli(*args).code == 0
    client = server.client()
    client.select_folder("Drafts", readonly=True)
    assert len(client.search()) == 1
    client.logout()


def test_without_special_use_the_usual_folder_names_are_found(cli, plan_path, names_only):
    _seed(names_only, sent="Sent Items")
    _configure(cli, names_only)
    done = _pull(cli, plan_path)
    assert done.code == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "5 new: 1 sent, 4 received; 0 already recorded"
    drafted = cli("draft-email", "ms-lee", "--to-drafts", "--plan", plan_path, "--as-of", AS_OF)
    assert drafted.code == 0, drafted.stderr
    assert "Put the draft in Drafts" in drafted.stderr


def test_a_wrong_password_exits_2_with_one_line(cli, plan_path, server, monkeypatch):
    _configure(cli, server)
    monkeypatch.setenv("IEPCHECK_MAIL_PASSWORD", "wrong")
    done = _pull(cli, plan_path)
    assert done.code == 2
    assert done.stderr.count("\n") == 1
    assert "refused the login for ana@example.com" in done.stderr
    assert "wrong" not in done.stderr  # the password is never shown


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []

    def accept() -> None:
        try:
            while True:
                held.append(listener.accept()[0])
        except OSError:
            return

    threading.Thread(target=accept, daemon=True).start()
    yield int(listener.getsockname()[1])
    listener.close()
    for one in held:
        one.close()


def test_a_server_that_never_answers_times_out_with_one_line(cli, plan_path, silent_server,
                                                             monkeypatch):
    monkeypatch.setenv("IEPCHECK_MAIL_TIMEOUT", "1")
    assert cli("config", "mail.server", f"imap://127.0.0.1:{silent_server}").code == 0
    assert cli("config", "mail.user", dovecot.USER).code == 0
    done = _pull(cli, plan_path)
    assert done.code == 2
    assert done.stderr == (f"iepcheck: error: the mail server 127.0.0.1:{silent_server} did "
                           "not answer within 1 s; check mail.server and your connection\n")


def test_a_closed_port_is_unreachable_with_one_line(cli, plan_path):
    port = dovecot.free_port()
    assert cli("config", "mail.server", f"imap://127.0.0.1:{port}").code == 0
    assert cli("config", "mail.user", dovecot.USER).code == 0
    done = _pull(cli, plan_path)
    assert done.code == 2
    assert done.stderr.startswith(f"iepcheck: error: cannot reach the mail server 127.0.0.1:{port}")
    assert done.stderr.count("\n") == 1


@pytest.mark.parametrize(("args", "says"), [
    (["config", "mail.server", "https://imap.gmail.com"], "is not an IMAP address"),
    (["config", "mail.server", "imaps://imap.gmail.com/INBOX"], "holds more than a host"),
    (["mail", "pull"], "no mailbox is set up"),
])
def test_bad_mail_settings_exit_2_with_one_line(cli, plan_path, args, says):
    done = cli(*args, *(["--plan", plan_path] if args[0] == "mail" else []))
    assert done.code == 2
    assert says in done.stderr
    assert done.stderr.count("\n") == 1


def test_the_password_is_never_written_to_the_settings(cli, plan_path, server):
    _seed(server)
    _configure(cli, server)
    assert _pull(cli, plan_path).code == 0
    import os

    settings = Path(os.environ["XDG_CONFIG_HOME"]) / "iepcheck" / "config.toml"
    assert dovecot.PASSWORD not in settings.read_text()
    assert dovecot.PASSWORD.encode() not in plan_path.with_name("sam.log.json").read_bytes()
    shown = cli("config")
    assert f"mail.server = {server.url}" in shown.stdout
    assert dovecot.PASSWORD not in shown.stdout


def test_a_message_the_import_refuses_is_refused_alone(cli, plan_path, server):
    _seed(server)
    client = server.client()
    client.append("INBOX", b"From: Ms. Lee <lee@school.example.org>\r\nTo: ana@example.com\r\n"
                  b"Subject: No date\r\nMessage-ID: <nodate@s.org>\r\n\r\nHello.\r\n",
                  msg_time=datetime(2026, 11, 10, 9))
    client.logout()
    _configure(cli, server)
    done = _pull(cli, plan_path)
    assert done.code == 2
    refused = [line for line in done.stderr.splitlines() if line.startswith("refused")]
    assert len(refused) == 1
    assert '"No date"' in refused[0]
    assert "pass --date" in refused[0]
    assert "save it as .eml and record it with 'iepcheck import-email FILE'" in done.stderr
    assert done.stderr.splitlines()[-1] == ("5 new: 1 sent, 4 received; 0 already recorded; "
                                            "1 refused")
    assert len(read_log(plan_path.with_name("sam.log.json"))) == 5


def test_the_mail_commands_load_no_imap_library_at_start_up():
    import subprocess
    import sys

    code = ("import sys, iepcheck.cli.mail_cmds, iepcheck.store.mailbox; "
            "print([m for m in ('imapclient', 'keyring', 'ssl') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(("text", "host", "port", "tls", "loopback"), [
    ("imaps://imap.gmail.com", "imap.gmail.com", 993, True, False),
    ("imap://mail.example.org:1143", "mail.example.org", 1143, False, False),
    ("imap://127.0.0.1:2143", "127.0.0.1", 2143, False, True),
    ("imap://[::1]", "::1", 143, False, True),
    ("imap://localhost", "localhost", 143, False, True),
])
def test_a_server_address_says_where_and_how(text, host, port, tls, loopback):
    from iepcheck.store.mailbox import parse_server

    server = parse_server(text)
    assert (server.host, server.port, server.tls, server.loopback) == (host, port, tls, loopback)


@pytest.fixture
def untrusted() -> Iterator[dovecot.Dovecot]:
    running = dovecot.start(self_signed=True)
    yield running
    running.stop()


@pytest.mark.parametrize("scheme", ["imaps", "imap"])
def test_a_certificate_nobody_trusts_is_refused_with_one_line(cli, plan_path, untrusted, scheme):
    port = untrusted.tls_port if scheme == "imaps" else untrusted.port  # imap: STARTTLS
    assert cli("config", "mail.server", f"{scheme}://127.0.0.1:{port}").code == 0
    assert cli("config", "mail.user", dovecot.USER).code == 0
    done = _pull(cli, plan_path)
    assert done.code == 2
    assert done.stderr.startswith(f"iepcheck: error: the certificate of 127.0.0.1:{port} could "
                                  "not be verified")
    assert done.stderr.count("\n") == 1


def _memory_keychain(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[str, str], str]:
    """A keychain in memory, so `mail login` is tested without touching the real one."""
    import keyring
    from keyring.backend import KeyringBackend

    kept: dict[tuple[str, str], str] = {}

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return kept.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            kept[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            kept.pop((service, username), None)

    monkeypatch.setattr(keyring.core, "_keyring_backend", Memory())
    monkeypatch.setattr("iepcheck.cli.options.interactive", lambda: True)
    return kept


def test_login_keeps_the_password_in_the_keychain_and_pull_uses_it(cli, plan_path, server,
                                                                   monkeypatch):
    kept = _memory_keychain(monkeypatch)
    _seed(server)
    _configure(cli, server)
    monkeypatch.delenv("IEPCHECK_MAIL_PASSWORD")
    monkeypatch.setattr("typer.prompt", lambda *a, **k: dovecot.PASSWORD)
    done = cli("mail", "login")
    assert done.code == 0, done.stderr
    assert kept == {("iepcheck", dovecot.USER): dovecot.PASSWORD}
    assert dovecot.PASSWORD not in done.stdout + done.stderr
    monkeypatch.setattr("typer.prompt", lambda *a, **k: pytest.fail("asked again"))
    pulled = _pull(cli, plan_path)
    assert pulled.code == 0, pulled.stderr


def test_login_with_a_wrong_password_keeps_nothing(cli, server, monkeypatch):
    kept = _memory_keychain(monkeypatch)
    _configure(cli, server)
    monkeypatch.setattr("typer.prompt", lambda *a, **k: "wrong")
    done = cli("mail", "login")
    assert done.code == 2
    assert "refused the login" in done.stderr
    assert kept == {}


def test_without_a_password_or_a_terminal_pull_says_how_to_give_one(cli, plan_path, server,
                                                                     monkeypatch):
    _configure(cli, server)
    monkeypatch.delenv("IEPCHECK_MAIL_PASSWORD")
    done = _pull(cli, plan_path)
    assert done.code == 2
    assert "set IEPCHECK_MAIL_PASSWORD, or keep it in your keychain" in done.stderr


def test_a_server_elsewhere_without_starttls_is_refused_before_the_password(cli, plan_path,
                                                                            server, monkeypatch):
    """The test server is on this machine; here it is taken for one across the network."""
    from iepcheck.store.mailbox import Server

    monkeypatch.setattr(Server, "loopback", property(lambda self: False))
    _configure(cli, server)
    done = _pull(cli, plan_path)
    assert done.code == 2
    assert "does not offer STARTTLS, so the password would cross the network unencrypted" in (
        done.stderr)
    assert done.stderr.count("\n") == 1


@pytest.fixture
def pymap_server(tmp_path: Path) -> Iterator[int]:
    """pymap, a pure-Python IMAP server with no special-use flags: its folders are found by
    their usual names. Its demo data is the mailbox, with the user and password of the tests."""
    import subprocess
    import sys
    import time

    pytest.importorskip("pymap", reason="pymap (in the test extra) is not installed")
    port = dovecot.free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pymap.main import main; sys.exit(main())",
         "--host", "127.0.0.1", "--port", str(port), "--no-tls",
         "--no-service", "admin", "--pid-file", str(tmp_path / "pymap.pid"), "dict",
         "--demo-data", "--demo-user", dovecot.USER, "--demo-password", dovecot.PASSWORD],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                    if probe.recv(100).startswith(b"* OK"):
                        break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.skip("pymap did not answer on its port within 10 s")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_pymap_without_special_use_folders_is_pulled_by_folder_names(cli, plan_path,
                                                                      pymap_server):
    from imapclient import IMAPClient

    client = IMAPClient("127.0.0.1", port=pymap_server, ssl=False, timeout=10)
    client.login(dovecot.USER, dovecot.PASSWORD)
    assert not any(b"\\Sent" in flags for flags, _, _ in client.list_folders())
    client.create_folder("Drafts")
    for folder, arrived, raw in TERM:
        client.append(folder, raw, msg_time=arrived)
    client.logout()
    assert cli("config", "mail.server", f"imap://127.0.0.1:{pymap_server}").code == 0
    assert cli("config", "mail.user", dovecot.USER).code == 0
    done = _pull(cli, plan_path)
    assert done.code == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "5 new: 1 sent, 4 received; 0 already recorded"
    again = _pull(cli, plan_path)
    assert again.stderr.splitlines()[-1] == "0 new: 0 sent, 0 received; 5 already recorded"
    args = ("draft-email", "ms-lee", "--to-drafts", "--plan", plan_path, "--as-of", AS_OF)
    assert "Put the draft in Drafts" in cli(*args).stderr
    assert "already in Drafts" in cli(*args).stderr
