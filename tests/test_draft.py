"""The weekly email: one yes/no question per item, with dates, weakest evidence first."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from iepcheck.letters.weekly_checkin import draft_email, last_missed, question, weakest_first
from iepcheck.store.plan_file import load_plan
from iepcheck.vocabulary import Status
from tests.test_reminders import REMINDER_PLAN

WEEK = "this week (16–20 Nov)"


@pytest.fixture
def plan(tmp_path: Path):
    path = tmp_path / "maya.toml"
    path.write_text(REMINDER_PLAN + """
[[services]]
id = "reading"
name = "Reading instruction"
minutes = 45
per = "day"
provider = "ms-lee"

[[services]]
id = "counseling"
name = "Counseling"
minutes = 30
times = 2
per = "month"
provider = "ms-lee"
""")
    return load_plan(path)


def _assessed(item, status: str, last: date | None = None) -> SimpleNamespace:
    return SimpleNamespace(item=item, status=Status(status), evidence_count=0 if last is None else 1,
                           last_evidence=last, last_finding=None)


def test_weakest_first_is_by_status_then_oldest_evidence_then_plan_order(plan) -> None:
    speech, ext, seat, reading = (plan.item(i) for i in
                                  ("speech", "extended-time", "seating", "reading"))
    ordered = weakest_first([
        _assessed(speech, "ok", date(2026, 11, 18)),
        _assessed(ext, "stale", date(2026, 11, 2)),
        _assessed(seat, "stale", date(2026, 10, 20)),
        _assessed(reading, "not-implemented"),
    ])
    assert [a.item.id for a in ordered] == ["reading", "seating", "extended-time", "speech"]


def test_questions_are_yes_or_no_with_the_week_and_the_last_date(plan) -> None:
    ext = plan.item("extended-time")
    assert question(plan, _assessed(ext, "stale", date(2026, 11, 2)), WEEK, None) == (
        "Was Maya's accommodation “Extended time on tests” provided in math and science "
        "this week (16–20 Nov)? "
        "(The last time I could confirm it was 2 Nov.)")
    assert question(plan, _assessed(ext, "no-evidence"), WEEK, None).endswith(
        "(I have no record of it since the plan started on 24 Aug 2026.)")
    assert question(plan, _assessed(ext, "not-implemented"), WEEK, date(2026, 11, 18)).endswith(
        "(My notes say it did not happen on 18 Nov.)")


def test_service_questions_count_the_sessions_owed(plan) -> None:
    def asked(item_id: str) -> str:
        return question(plan, _assessed(plan.item(item_id), "ok", date(2026, 11, 18)), WEEK,
                        None).split("?")[0]

    assert asked("speech") == (
        "Did Maya get both 30-minute sessions of speech and language therapy this week (16–20 Nov)")
    assert asked("reading") == (
        "Did Maya get 45 minutes of reading instruction each school day this week (16–20 Nov)")
    assert asked("counseling") == (
        "Is Maya on schedule for both 30-minute sessions of counseling due this month")
    assert asked("social-skills") == "Did Maya have social skills group this week (16–20 Nov)"


def test_the_draft_is_addressed_signed_and_names_only_their_items(plan) -> None:
    lee = plan.staff_member("ms-lee")
    assessed = [_assessed(i, "ok", date(2026, 11, 18)) for i in plan.items]
    draft = draft_email(plan, lee, assessed, [], date(2026, 11, 20))
    assert draft.items == ("reading", "counseling", "extended-time", "seating")
    assert draft.body.startswith("Dear Ms. Lee,\n")
    assert draft.body.rstrip().endswith("Kind regards,\nAna Rivera")
    assert "speech" not in draft.body.lower()
    assert draft.subject == "Maya's IEP: weekly check-in, week of 16 Nov"
    assert (draft.to_email, draft.from_email) == ("lee@school.example.org", "ana@example.com")
    numbered = [line for line in draft.body.splitlines() if line[:2] in ("1.", "2.", "3.", "4.")]
    assert len(numbered) == 4 and all(line.count("?") == 1 for line in numbered)


def test_without_a_parent_name_it_is_signed_as_the_childs_parent(tmp_path: Path) -> None:
    path = tmp_path / "maya.toml"
    path.write_text(REMINDER_PLAN.replace('name = "Ana Rivera"\n', ""))
    plan = load_plan(path)
    draft = draft_email(plan, plan.staff_member("mr-ortiz"),
                        [_assessed(plan.item("speech"), "no-evidence")], [], date(2026, 11, 16))
    assert draft.body.rstrip().endswith("Maya's parent")
    assert "today (Mon 16 Nov)" in draft.body  # on a Monday the week so far is one day
    assert draft.items == ("speech",)


def test_items_not_yet_in_effect_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "maya.toml"
    path.write_text(REMINDER_PLAN.replace('provider = "Mr. Diaz, counselor"', 'staff = ["ms-lee"]'))
    plan = load_plan(path)
    assessed = [_assessed(plan.item(i), "no-evidence") for i in ("social-skills", "seating")]
    before = draft_email(plan, plan.staff_member("ms-lee"), assessed, [], date(2026, 11, 20))
    assert before.items == ("seating",)
    after = draft_email(plan, plan.staff_member("ms-lee"), assessed, [], date(2027, 1, 4))
    assert after.items == ("social-skills", "seating")


def test_the_last_missed_day_per_item_is_gathered_in_one_pass() -> None:
    """Latest day per item up to `as_of`; retracted entries and other findings do not count."""
    from iepcheck.record.entries import validate_entry

    def entry(n: int, day: str, items: list[str], finding: str | None = "not-implemented",
              retracts: int | None = None):
        return validate_entry({
            "n": n, "id": f"00000000-0000-4000-8000-{n:012d}", "date": day,
            "recorded_at": f"{day}T09:00:00+00:00", "kind": "note" if retracts else "interview",
            "items": items, "finding": None if retracts else finding, "retracts": retracts})

    entries = [
        entry(1, "2026-11-10", ["extended-time", "seating"]),
        entry(2, "2026-11-12", ["extended-time"]),
        entry(3, "2026-11-13", ["seating"]),
        entry(4, "2026-11-16", ["seating"], retracts=3),
        entry(5, "2026-11-17", ["speech"], finding="implemented"),
        entry(6, "2026-11-21", ["speech"]),  # after as_of: not yet known
    ]
    assert last_missed(entries, date(2026, 11, 20)) == {
        "extended-time": date(2026, 11, 12), "seating": date(2026, 11, 10)}
    # A visit that saw seating done and extended time not: per-item findings.
    visit = validate_entry({
        "n": 7, "id": "00000000-0000-4000-8000-000000000007", "date": "2026-11-19",
        "recorded_at": "2026-11-19T09:00:00+00:00", "kind": "visit",
        "items": ["extended-time", "seating"], "finding": "implemented",
        "findings": {"extended-time": "not-implemented"}})
    assert last_missed([*entries, visit], date(2026, 11, 20)) == {
        "extended-time": date(2026, 11, 19), "seating": date(2026, 11, 10)}


# --- the .eml a mail client opens ----------------------------------------------------------


def _draft(**changes):
    from iepcheck.letters.weekly_checkin import Draft

    fields = {"staff_id": "ms-lee", "to_name": "Ms. Lee", "to_email": "lee@school.example.org",
              "from_name": "Ana Rivera", "from_email": "ana@example.com",
              "subject": "Maya's IEP: weekly check-in", "body": "Dear Ms. Lee,\n",
              "items": ("speech",)}
    return Draft(**{**fields, **changes})


def _rendered(draft):
    import email
    from datetime import UTC, datetime
    from email import policy

    from iepcheck.render.eml import render_eml

    raw = render_eml(draft, datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    assert b"\r\n" in raw
    message = email.message_from_bytes(raw, policy=policy.default)
    assert not message.defects and message["X-Unsent"] == "1"
    return raw, message


def test_names_with_commas_quotes_and_line_breaks_stay_one_quoted_header() -> None:
    raw, message = _rendered(_draft(to_name='Lee, "Ms." \r\nBcc: x@evil.example',
                                    subject="Check-in\r\nBcc: y@evil.example"))
    [to] = message["To"].addresses
    assert (to.display_name, to.addr_spec) == ('Lee, "Ms." Bcc: x@evil.example',
                                               "lee@school.example.org")
    assert message["Bcc"] is None and message["Subject"] == "Check-in Bcc: y@evil.example"
    assert b'To: "Lee, \\"Ms.\\" Bcc: x@evil.example" <lee@school.example.org>' in raw


def test_cc_is_a_header_of_its_own() -> None:
    _, message = _rendered(_draft(cc=(("Case Manager, Dr.", "cm@school.example.org"),
                                      ("", "office@school.example.org"))))
    assert [(a.display_name, a.addr_spec) for a in message["Cc"].addresses] == [
        ("Case Manager, Dr.", "cm@school.example.org"), ("", "office@school.example.org")]
    assert _rendered(_draft())[1]["Cc"] is None


def test_an_international_domain_is_written_in_idna() -> None:
    raw, message = _rendered(_draft(to_name="Zoë Lée", to_email="zoe@école.example"))
    assert message["To"].addresses[0].addr_spec == "zoe@xn--cole-9oa.example"
    assert message["To"].addresses[0].display_name == "Zoë Lée"
    assert raw.isascii()  # an ASCII address: the name is RFC 2047 encoded


def test_a_non_ascii_local_part_is_written_with_utf8_headers() -> None:
    import email
    from email import policy

    raw, _ = _rendered(_draft(to_email="lée@école.example", cc=(("", "ça@x.example"),)))
    assert "To: Ms. Lee <lée@xn--cole-9oa.example>".encode() in raw.replace(b'"', b"")
    message = email.message_from_string(raw.decode("utf-8"), policy=policy.default)
    assert message["To"].addresses[0].addr_spec == "lée@xn--cole-9oa.example"
    assert message["Cc"].addresses[0].addr_spec == "ça@x.example"
    assert message.get_content().replace("\r\n", "\n") == "Dear Ms. Lee,\n"


@pytest.mark.parametrize("address", ["lee at school", "lee@", "@school.org", "a\r\nb@x.org",
                                     "lee@exa mple.org", "lee@" + "x" * 70 + ".org"])
def test_an_address_that_is_not_one_is_refused_naming_where_it_is(address) -> None:
    from iepcheck.errors import UserError

    with pytest.raises(UserError, match="ms-lee's email") as refused:
        _rendered(_draft(to_email=address))
    assert "\n" not in str(refused.value).replace(address, "")


def test_the_mail_client_mutt_reads_the_recipients(tmp_path: Path) -> None:
    """mutt in batch mode sends the draft to a script that saves what it would deliver."""
    import shutil
    import subprocess

    if shutil.which("mutt") is None:
        pytest.skip("mutt is not installed")
    raw, _ = _rendered(_draft(to_name='Lee, "Ms."', to_email="lée@école.example",
                              cc=(("Dr. Case, CM", "cm@school.example.org"),)))
    (tmp_path / "draft.eml").write_bytes(raw)
    capture = tmp_path / "capture.sh"
    capture.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/rcpt\ncat > {tmp_path}/sent\n')
    capture.chmod(0o755)
    done = subprocess.run(
        ["mutt", "-n", "-F", "/dev/null", "-e", f'set sendmail="{capture}"', "-e",
         "set copy=no", "-e", "set charset=utf-8", "-H", str(tmp_path / "draft.eml")],
        stdin=subprocess.DEVNULL, capture_output=True, timeout=30, check=False,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "rcpt").read_text().split() == [
        "--", "lée@xn--cole-9oa.example", "cm@school.example.org"]
    sent = (tmp_path / "sent").read_text()
    assert 'To: "Lee, \\"Ms.\\"" <lée@xn--cole-9oa.example>' in sent
    assert 'Cc: "Dr. Case, CM" <cm@school.example.org>' in sent


def test_draft_email_with_a_bad_staff_address_exits_2_and_writes_nothing(cli, tmp_path) -> None:
    from tests.conftest import write_plan

    maya = write_plan(tmp_path, "maya", REMINDER_PLAN.replace(
        '"lee@school.example.org"', '"lee at school"'))
    out = tmp_path / "lee.eml"
    done = cli("draft-email", "ms-lee", "-o", out, "--record", "--plan", maya,
               "--as-of", "2026-11-20")
    assert done.code == 2 and done.stderr.count("\n") == 1 and "staff[1].email" in done.stderr
    assert not out.exists() and not maya.with_name("maya.log.json").exists()
