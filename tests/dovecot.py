"""A real IMAP server for the mail tests: Debian's dovecot, started on 127.0.0.1 at a free
port with one passwd-file user and a maildir, as a foreground process the test stops.

Nothing here is a system service: the configuration, the sockets, the log and the mail all
live in one temporary folder. Where dovecot is not installed the tests that need it skip,
visibly, naming what is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

USER = "ana@example.com"
PASSWORD = "app-password-1234"

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {internal}
first_valid_uid = 1
mail_location = maildir:{root}/mail/%u
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service anvil {{
  chroot =
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
}}
namespace inbox {{
  inbox = yes
  separator = /
{folders}
}}
"""

SPECIAL_USE = """\
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
"""

#: No special-use flags: the client must find the folders by their usual names.
NAMES_ONLY = """\
  mailbox "Sent Items" {
    auto = subscribe
  }
  mailbox Drafts {
    auto = subscribe
  }
"""


#: TLS with a self-signed certificate, which no client should trust.
SELF_SIGNED = """\
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
"""


@dataclass
class Dovecot:
    port: int
    root: Path
    process: subprocess.Popen[bytes]
    tls_port: int = 0

    @property
    def url(self) -> str:
        return f"imap://127.0.0.1:{self.port}"

    def client(self):  # type: ignore[no-untyped-def]
        """A logged-in IMAPClient, for seeding and inspecting the mailbox."""
        from imapclient import IMAPClient

        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        client.login(USER, PASSWORD)
        return client

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(special_use: bool = True, self_signed: bool = False) -> Dovecot:
    """A running dovecot, or a visible skip when it cannot be had here. `self_signed`: it
    offers TLS (STARTTLS, and imaps on `tls_port`) with a certificate nobody trusts."""
    binary = shutil.which("dovecot") or ("/usr/sbin/dovecot"
                                         if Path("/usr/sbin/dovecot").exists() else None)
    if binary is None or not Path("/usr/lib/dovecot/imap").exists():
        pytest.skip("dovecot is not installed (Debian: apt-get install dovecot-imapd); the "
                    "IMAP tests need a real server")
    pytest.importorskip("imapclient", reason="the mail extra (imapclient) is not installed")
    root = Path(tempfile.mkdtemp(prefix="iepcheck-dovecot-"))
    root.chmod(0o755)
    if os.getuid() == 0:  # dovecot refuses mail as root: the mail user is nobody
        uid = gid = 65534
        internal, internal_group = "dovecot", "dovecot"
    else:
        import grp
        import pwd

        uid, gid = os.getuid(), os.getgid()
        internal, internal_group = pwd.getpwuid(uid).pw_name, grp.getgrgid(gid).gr_name
    mail = root / "mail"
    mail.mkdir()
    os.chown(mail, uid, gid)
    port, tls_port = free_port(), free_port() if self_signed else 0
    if self_signed:
        _self_signed(root)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{mail}\n")
    (root / "dovecot.conf").write_text(CONFIG.format(
        root=root, port=port, tls_port=tls_port, internal=internal,
        internal_group=internal_group,
        ssl=SELF_SIGNED.format(root=root) if self_signed else "ssl = no",
        folders=SPECIAL_USE if special_use else NAMES_ONLY))
    process = subprocess.Popen([binary, "-F", "-c", str(root / "dovecot.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = Dovecot(port=port, root=root, process=process, tls_port=tls_port)
    for _ in range(100):
        if process.poll() is not None:
            why = (process.stderr.read() if process.stderr else b"").decode(errors="replace")
            log = root / "dovecot.log"
            why += log.read_text(errors="replace") if log.exists() else ""
            shutil.rmtree(root, ignore_errors=True)
            pytest.skip(f"dovecot did not start: {why.strip()[:300]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                if probe.recv(100).startswith(b"* OK"):
                    return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    pytest.skip("dovecot did not answer on its port within 10 s")
    raise AssertionError  # unreachable: skip raises


def _self_signed(root: Path) -> None:
    openssl = shutil.which("openssl")
    if openssl is None:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip("openssl is not installed: no certificate for the TLS test")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(root / "key.pem"),
                    "-out", str(root / "cert.pem")], check=True, capture_output=True)
