"""The log's bytes checked and read into entries (docs/log-format.md).

Validates the whole document with pydantic's JSON parser: a block of whole lines at a time
when the log is laid out as `serialise_log` writes it, else as one document, which also says
exactly what is wrong and where, and which backups are beside it to restore.
"""

from __future__ import annotations

import functools
import gc
import io
import json
import re
from typing import TYPE_CHECKING, Any, BinaryIO

from iepcheck.errors import LogError, key_path, pydantic_words
from iepcheck.language.messages import _
from iepcheck.record.log_format import LOG_VERSION, TAIL, VERSIONS, head
from iepcheck.store.backups import recover_hint

if TYPE_CHECKING:
    from pathlib import Path

    from pydantic import ValidationError

    from iepcheck.record.entries import Observation


def validate_log(raw: bytes, path: Path) -> list[Observation]:
    """The entries of a log read whole: line by line when laid out as `serialise_log` writes
    it, else as one document (which also explains exactly what is wrong, and where)."""
    from iepcheck.store.text_files import without_bom

    raw = without_bom(raw)  # saved by a Windows editor: read the same
    entries = validate_lines(io.BytesIO(raw))
    return entries if entries is not None else _validate_document(raw, path)


_HEADS = frozenset(head(version) for version in VERSIONS)


BLOCK_BYTES = 1 << 17  # ~300 entries: a small parse tree (peak memory), few calls into pydantic


def validate_lines(stream: BinaryIO) -> list[Observation] | None:
    """Validate a log written one entry per line, a block of whole lines at a time.

    A block of lines `{…},\n{…},\n` is a JSON array once bracketed, so each block goes to
    pydantic's JSON parser as it is: no per-line work in Python, and never the whole file's
    parse tree in memory. Returns None, having raised nothing, whenever the file is not
    exactly that layout or anything fails to validate: the whole-document path then gives
    the precise error.
    """
    from pydantic import ValidationError

    from iepcheck.record.entries import first_misnumbered, validate_entries_json

    if stream.readline() not in _HEADS:
        return None
    entries: list[Observation] = []
    collecting = gc.isenabled()
    gc.disable()  # every entry is a new, acyclic object: collecting while parsing only costs
    try:
        while True:
            block = stream.read(BLOCK_BYTES) + stream.readline()
            if block and not block.endswith((b",\n", TAIL[1:])):
                block += stream.readline()  # the last entry's line: the closing line follows
            ended = block.endswith(TAIL) or block == TAIL[1:]
            if not block or (not ended and not block.endswith(b",\n")):
                return None  # truncated, or laid out by hand
            body = block.removesuffix(TAIL[1:] if block == TAIL[1:] else TAIL).rstrip()
            if body:
                entries.extend(validate_entries_json(b"[" + body.removesuffix(b",") + b"]"))
            if ended:
                break
    except ValidationError:
        return None
    finally:
        if collecting:
            gc.enable()
    if stream.read(1) or first_misnumbered(entries) is not None:
        return None
    return entries


def _validate_document(raw: bytes, path: Path) -> list[Observation]:
    from pydantic import ValidationError

    from iepcheck.record.entries import log_document

    _check_header(raw, path)
    try:
        document = log_document().model_validate_json(raw)
    except ValidationError as error:
        document = _with_lone_surrogates(raw)
        if document is None:
            raise LogError(_diagnose(raw, path, error)) from None
    entries: list[Observation] = document.entries  # type: ignore[attr-defined]
    return entries


_LONE_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _with_lone_surrogates(raw: bytes) -> Any:
    """A log holding a `\\udce9` escape: earlier versions wrote one for a file name that was
    not UTF-8, and pydantic's JSON parser refuses it, which locked the whole log. Python's
    parser reads it; the entries are then validated with each lone surrogate shown as U+FFFD.
    The file is not rewritten: its seals cover those bytes, and verify reads them as they
    are (docs/log-format.md). None when that is not what is wrong."""
    from pydantic import ValidationError

    from iepcheck.record.entries import log_document

    if not _LONE_SURROGATE.search(raw):
        return None
    try:
        document = json.loads(raw.decode("utf-8"))
    except ValueError:
        return None
    try:
        return log_document().model_validate(_replaced(document))
    except ValidationError:
        return None


def _replaced(value: Any) -> Any:
    """Every string in a parsed log with lone surrogates as U+FFFD, so the entries print."""
    if isinstance(value, str):
        return _SURROGATE_TEXT.sub("\ufffd", value)
    if isinstance(value, list):
        return [_replaced(v) for v in value]
    if isinstance(value, dict):
        return {k: _replaced(v) for k, v in value.items()}
    return value


_SURROGATE_TEXT = re.compile("[\ud800-\udfff]")


def _check_header(raw: bytes, path: Path) -> None:
    """`"version"` must be a JSON integer this iepcheck reads: `true`, `"1"` and `1.0` are
    refused, though a lenient parser would take each of them for 1.

    Read before the entries, so a log from a newer iepcheck is named as such even when its
    entries have a shape this one does not know.
    """
    version = _raw_version(raw)
    if version is _ABSENT:
        return  # not JSON, not an object, or no version: the full validation explains
    if type(version) is not int:
        found = json.dumps(version, ensure_ascii=False)
        found = found if len(found) <= 40 else found[:39] + "…"
        raise LogError(_("{path}: version: must be a whole number such as {version}, without "
                         "quotes or a decimal point (found {found}); {hint}").format(
                             path=path, version=LOG_VERSION, found=found,
                             hint=recover_hint(path)))
    check_version(version, path)


_ABSENT = object()


def _raw_version(raw: bytes) -> object:
    """The top-level `"version"` exactly as the JSON wrote it, or _ABSENT.

    Parsed by a one-field pydantic model that ignores every other key, so a large log's
    entries are skipped rather than built as Python objects.
    """
    from pydantic import ValidationError

    try:
        header = _header_model().model_validate_json(raw)
    except ValidationError:
        return _ABSENT
    return header.version if "version" in header.model_fields_set else _ABSENT


@functools.cache
def _header_model() -> Any:
    from pydantic import BaseModel, ConfigDict

    class Header(BaseModel):
        model_config = ConfigDict(extra="ignore")
        version: Any = None

    return Header


def check_version(version: int, path: Path) -> None:
    """A log version this iepcheck reads: 1 up to LOG_VERSION."""
    if version < 1:
        raise LogError(_("{path}: version: {version} is not a log version (iepcheck logs are "
                         "numbered from 1); {hint}").format(path=path, version=version,
                                                           hint=recover_hint(path)))
    if version > LOG_VERSION:
        raise LogError(_("{path} was written by a newer iepcheck (log version {version}; this "
                         "one reads up to {most}); upgrade iepcheck to use it").format(
                             path=path, version=version, most=LOG_VERSION))


def _diagnose(raw: bytes, path: Path, error: ValidationError) -> str:
    """Say what is wrong and where, in the user's terms."""
    try:
        json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return _("{path} is not UTF-8 text, so it is not an iepcheck log; {hint}").format(
            path=path, hint=recover_hint(path))
    except json.JSONDecodeError as bad:
        return _("{path}: line {line}, column {column}: not valid JSON ({problem}); "
                 "{hint}").format(path=path, line=bad.lineno, column=bad.colno, problem=bad.msg,
                                  hint=recover_hint(path))
    first = error.errors(include_url=False)[0]
    where = key_path(first["loc"]) or _("the document")
    if first["type"] == "missing" and len(first["loc"]) == 1:
        what = _("is missing (an iepcheck log has format, version and entries)")
    elif first["type"] == "value_error":
        what = first["msg"].removeprefix("Value error, ")
    else:
        what = pydantic_words(first)
    return f"{path}: {where}: {what}; {recover_hint(path)}"
