"""The originals of an evidence bundle: which files the entries of the period attach, the
name each is given inside the zip, and each as a bundle file (docs/bundle.md).

Pure, like `bundle.py`: the originals' bytes (or where to read them) come in from
`cli/bundle_cmds.py`. Names: an original is `evidence/NNNN-NAME` (`evidence/dad#NNNN-NAME`
for an entry in dad's log), NNNN the entry's number and NAME the file name the log gives,
made safe for every unzip tool: no folders, no `..`, no control or reserved characters, at
most 120 characters.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from iepcheck.language.messages import _
from iepcheck.render.bundle import BundleFile, Source, StreamedFile

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from datetime import date

    from iepcheck.record.entries import Observation
    from iepcheck.render.bundle import AnyFile

NAME_LIMIT = 120
#: And at most this many bytes in UTF-8: file systems allow 255 bytes a name, and the bundle
#: adds `NNNN-` before it and `-2` before the extension of a second file of that name.
NAME_BYTES = 230
#: Characters some file system or unzip tool refuses or reads as a path.
UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"/\\|?*\u202a-\u202e\u2066-\u2069]')


@dataclass(frozen=True, slots=True)
class Original:
    """An attachment an entry names: where the log says it is, and what it was."""

    n: int
    date: date
    name: str  # the original file name the log gives
    path: str  # relative to the log's folder
    sha256: str  # as recorded
    author: str = "owner"  # whose log the entry is in (docs/authors.md)

    @property
    def reference(self) -> str:
        """The entry's own reference, `#3` or `dad#3`, as the chronology prints it."""
        from iepcheck.record.authors import reference

        return reference(self.author, self.n)


def originals(entries: Iterable[Observation], since: date, until: date) -> list[Original]:
    """The attachments of every entry dated since..until, in entry order (each once per
    entry: a file attached twice to one entry is one original)."""
    found = []
    for entry in entries:
        if not since <= entry.date <= until:
            continue
        seen: set[str] = set()
        for attachment in entry.attachments:
            if attachment.path in seen:
                continue
            seen.add(attachment.path)
            name = attachment.name or attachment.path.replace("\\", "/").rsplit("/", 1)[-1]
            found.append(Original(entry.n, entry.date, name, attachment.path,
                                  attachment.sha256, entry.author))
    return found


def safe_name(name: str) -> str:
    """A file name every unzip tool writes where it should: the last part of any path, no
    control, bidi or reserved characters, no leading dots or trailing dots and spaces, at
    most NAME_LIMIT characters with the extension kept; `file` if nothing is left."""
    last = re.split(r"[/\\]", unicodedata.normalize("NFC", name))[-1]
    cleaned = UNSAFE.sub("_", last).strip().lstrip(".").rstrip(". ")
    if len(cleaned) > NAME_LIMIT or len(cleaned.encode("utf-8")) > NAME_BYTES:
        stem, dot, suffix = cleaned.rpartition(".")
        keep = f".{suffix}" if dot and stem and len(suffix) <= 10 else ""
        cut = cleaned[: NAME_LIMIT - len(keep)]
        while len((cut + keep).encode("utf-8")) > NAME_BYTES:
            cut = cut[:-1]
        cleaned = cut.rstrip(". ") + keep
    return cleaned or "file"


def original_names(found: Sequence[Original]) -> list[str]:
    """`evidence/NNNN-NAME` for each original, unique: a second file of the same name in one
    entry gets `-2` before its extension."""
    names: list[str] = []
    taken: set[str] = set()
    for original in found:
        whose = "" if original.author == "owner" else f"{original.author}#"
        base = f"{whose}{original.n:04d}-{safe_name(original.name)}"
        stem, dot, suffix = base.rpartition(".")
        candidate, count = base, 1
        while candidate.casefold() in taken:
            count += 1
            candidate = f"{stem}-{count}.{suffix}" if dot and stem else f"{base}-{count}"
        taken.add(candidate.casefold())
        names.append(f"evidence/{candidate}")
    return names


def original_files(found: Sequence[Original], contents: Mapping[str, bytes | Source | None]
                   ) -> tuple[list[AnyFile], list[str]]:
    """The originals as bundle files, and a sentence for each one left out or changed.

    `contents` holds each original's bytes (or their `Source`, read when the zip is written)
    by its path in the log, None when it could not be read (missing, or not in the evidence
    folder)."""
    files: list[AnyFile] = []
    notes: list[str] = []
    for original, name in zip(found, original_names(found)):
        data = contents.get(original.path)
        label = f"the original attached to {original.reference} ({original.date.isoformat()})"
        shown = _("the original attached to {entry} ({day})").format(
            entry=original.reference, day=original.date.isoformat())
        if data is None:
            notes.append(_("{entry}: {name} is not in the evidence folder ({path}); it is not "
                           "in this bundle").format(entry=original.reference, name=original.name,
                                                    path=original.path))
            continue
        what = label
        digest = data.sha256 if isinstance(data, Source) else hashlib.sha256(data).hexdigest()
        if digest != original.sha256:
            what += ": its SHA-256 differs from the one the log recorded"
            shown = _("{original}: its SHA-256 differs from the one the log recorded").format(
                original=shown)
            notes.append(_("{entry}: {name} differs from the file recorded (its SHA-256 does not "
                           "match the log); included as it is now").format(
                               entry=original.reference, name=original.name))
        files.append(StreamedFile(name, data, what, shown) if isinstance(data, Source)
                     else BundleFile(name, data, what, shown))
    return files, notes
