"""The other chains a receipt found beside a log may be of (docs/verify.md, "Receipts").

A receipt that does not match the log is tampering only when it was of this log. Before
saying so, `verify` reads the chains it might honestly be of instead: a sync tool's
conflict copy of the log (still beside it, or kept in the evidence folder by `merge-copy`
once merged), and the logs of other records near this one (a sibling's plan beside it or
in a folder beside its folder), whose receipt an email kept in both records quotes. The
rules that decide are pure (`record.witnesses`); this module only finds and reads files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

#: A file larger than this is not a log anyone keeps beside a plan (nor a copy of one).
MAX_LOG_BYTES = 64 << 20
#: At most this many other records' logs are read for one verify.
MAX_OTHER_LOGS = 200

Raw = list[dict[str, Any]]


def witness(entries: Raw, number: int, prefix: str, source: str,
            named: str | None, log: Path, evidence: Path | None,
            chains: dict[str, dict[str, Raw]]) -> str | None:
    """Why a receipt that does not match the log is no sign of tampering, or None: it is
    of a conflict copy of the log whose entries the log holds unchanged (merged, or still
    to merge), or, naming no record, of another record's log near this one."""
    from iepcheck.language.messages import _
    from iepcheck.record.witnesses import another_records, copy_vouches

    if "copies" not in chains:
        chains["copies"] = copy_chains(log, evidence)
    for name, copy in chains["copies"].items():
        pending = copy_vouches(entries, copy, number, prefix)
        if pending == 0:
            return _("the receipt in {file} is of {copy}, a conflict copy of this log merged "
                     "into it: every entry it vouches for is in the log, unchanged"
                     ).format(file=source, copy=name)
        if pending is not None:
            return _("the receipt in {file} is of {copy}, a sync tool's conflict copy of this "
                     "log, not of the log itself; run 'iepcheck merge-copy' on it "
                     "(docs/authors.md)").format(file=source, copy=name)
    if named is not None:
        return None
    if "others" not in chains:
        chains["others"] = other_record_logs(log)
    other = next((name for name, chain in chains["others"].items()
                  if another_records(entries, chain, number, prefix)), None)
    if other is None:
        return None
    return _("the receipt in {file} belongs to another record ({log}), not this one; it is "
             "checked with that record's plan").format(file=source, log=other)


def read_chain(path: Path) -> Raw | None:
    """The entries of an iepcheck log as stored, or None for anything else (no error: a
    file that is not a log is simply not a chain a receipt is of)."""
    from iepcheck.store.files import read_regular
    from iepcheck.store.text_files import utf8_text

    try:
        if path.stat().st_size > MAX_LOG_BYTES:
            return None
        document = json.loads(utf8_text(read_regular(path)))
    except (OSError, ValueError, RecursionError):
        return None
    entries = document.get("entries") if isinstance(document, dict) else None
    if (not isinstance(document, dict) or document.get("format") != "iepcheck-log"
            or not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries)):
        return None
    return entries


def copy_chains(log: Path, evidence: Path | None) -> dict[str, Raw]:
    """Every conflict copy of `log` a sync tool left beside it, and every log `merge-copy`
    kept in the evidence folder, by file name."""
    from iepcheck.store.logbook import conflict_copies, evidence_dir

    found: dict[str, Raw] = {}
    for copy, original in conflict_copies(log):
        entries = read_chain(copy) if original == log.name else None
        if entries is not None:
            found[copy.name] = entries
    folder = evidence or evidence_dir(log)
    for kept in _listing(folder):
        if kept.suffix == ".json" and not kept.name.startswith("."):
            entries = read_chain(kept)
            if entries is not None:
                found[f"{folder.name}/{kept.name}"] = entries
    return found


def other_record_logs(log: Path) -> dict[str, Raw]:
    """The logs of other records near `log`: beside it (another plan in the same folder)
    and in the folders beside its folder (a family keeping one folder per child), by
    their path relative to the folder above. This record's own logs (every author's, their
    conflict copies) are not others'."""
    stem = log.name.removesuffix(".json").removesuffix(".log")
    found: dict[str, Raw] = {}
    here = log.parent
    for folder in [here, *(p for p in _listing(here.parent) if p.is_dir() and p != here)]:
        for candidate in _listing(folder):
            if len(found) >= MAX_OTHER_LOGS:
                return found
            name = candidate.name
            if not name.endswith(".log.json") or (folder == here and name.startswith(stem + ".")):
                continue
            entries = read_chain(candidate)
            if entries is not None:
                found[os.path.relpath(candidate, here.parent)] = entries
    return found


def _listing(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []
