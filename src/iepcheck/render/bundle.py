"""The evidence bundle: one zip a parent can hand to a school, an advocate or a hearing officer.

Pure: rendered pages, the originals' bytes and the verify result in; the zip's bytes out. No
clock, no files (`cli/bundle_cmds.py` reads and writes). The rules (docs/bundle.md):

- **What goes in**: the report (HTML with its charts, CSV, JSON), the chronology (HTML, CSV),
  each service's chart as SVG, every original attached to an entry dated in the period (the
  chronology's entries, retracted ones included), `verify.txt` (what `iepcheck verify` says,
  and the seal head: the last entry's number and seal), `manifest.json` (every file with its
  size, SHA-256 and what it is), `SHA256SUMS` (the same hashes in the form `sha256sum -c`
  reads) and `README.html` (what each file is, and how to check them).
- **Names**: each original's, in `bundle_originals.py`.
- **The same log gives the same bytes**: entries sorted by name, every timestamp the as-of
  date at midnight (the zip format's date; 1980 at the earliest), fixed permissions, no time
  of making inside any file.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, BinaryIO

from iepcheck.language.messages import N_, _, current

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence


#: The zip format's dates run from 1980 to 2107.
ZIP_FIRST_YEAR, ZIP_LAST_YEAR = 1980, 2107
#: Unix, regular file, rw------- : the bundle's files are as private as the record.
FILE_ATTRIBUTES = 0o100600 << 16


@dataclass(frozen=True, slots=True)
class BundleFile:
    """One file of the bundle: its name inside the zip, its bytes, and what it is in words."""

    name: str
    data: bytes
    what: str  # in English: manifest.json is the same in every language
    shown: str = ""  # what it is in the reader's language, for README.html (else `_(what)`)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.data)

    def chunks(self) -> Iterator[bytes]:
        yield self.data


@dataclass(frozen=True, slots=True)
class Source:
    """A file's bytes known by their hash and size, read a block at a time only when the zip
    is written: a large original or a year-long page is never held whole (docs/bundle.md)."""

    sha256: str
    size: int
    chunks: Callable[[], Iterable[bytes]]


@dataclass(frozen=True, slots=True)
class StreamedFile:
    """A bundle file whose bytes come from a `Source` as the zip is written."""

    name: str
    source: Source
    what: str  # in English, as BundleFile's
    shown: str = ""  # in the reader's language, for README.html

    @property
    def sha256(self) -> str:
        return self.source.sha256

    @property
    def size(self) -> int:
        return self.source.size

    def chunks(self) -> Iterable[bytes]:
        return self.source.chunks()


#: Either kind of file; the manifest, the README and the zip read both alike.
AnyFile = BundleFile | StreamedFile

#: A spooled page is held deflated at this level until the zip deflates it for good: a year
#: of chronology takes a few MiB instead of a hundred. zlib's default level rather than its
#: quickest: on 100,000 entries the pages take 1.8 MiB less while the record is in memory,
#: for about a second more of a bundle that is made rarely (benchmarks/README.md).
SPOOL_LEVEL = 6
SPOOL_BLOCK = 1 << 16


def spool(text: str | Iterable[str]) -> Source:
    """A page rendered a piece at a time, kept deflated in memory with its SHA-256 and size,
    so the README and the manifest (which come first in the zip) can name its hash before its
    bytes are written, without the page ever being held whole."""
    import zlib

    digest = hashlib.sha256()
    packer = zlib.compressobj(SPOOL_LEVEL)
    packed: list[bytes] = []
    size = 0
    block = bytearray()

    def pack() -> None:
        nonlocal size
        digest.update(block)
        size += len(block)
        if out := packer.compress(block):
            packed.append(out)
        block.clear()

    for piece in [text] if isinstance(text, str) else text:
        block += piece.encode("utf-8")
        if len(block) >= SPOOL_BLOCK:
            pack()
    pack()
    packed.append(packer.flush())

    def chunks() -> Iterator[bytes]:
        unpacker = zlib.decompressobj()
        for part in packed:
            while part:
                yield unpacker.decompress(part, SPOOL_BLOCK)  # at most a block at a time
                part = unpacker.unconsumed_tail
        yield unpacker.flush()

    return Source(digest.hexdigest(), size, chunks)


@dataclass(frozen=True, slots=True)
class Checked:
    """What `verify` found, in words, and the seal head (None for an empty log)."""

    ok: bool
    lines: tuple[str, ...]  # one per problem, then the summary line
    entries: int
    seal: str | None


def verify_text(checked: Checked) -> bytes:
    """verify.txt: what `iepcheck verify` printed, and the seal head to compare receipts with."""
    lines = list(checked.lines)
    if checked.seal is not None:
        lines += ["", f"Seal head: entry #{checked.entries}, seal {checked.seal}",
                  ("A receipt sent earlier (N:HEX) matches when the seal of entry N begins "
                   "with HEX: 'iepcheck verify --receipt N:HEX' checks it against the log.")]
    else:
        lines += ["", "Seal head: the log holds no entries."]
    return ("\n".join(lines) + "\n").encode("utf-8")


def manifest_json(files: Sequence[AnyFile], facts: Mapping[str, str],
                  checked: Checked) -> bytes:
    """manifest.json: the facts of the bundle, the verify result, every file and its hash."""
    document = {
        "format": "iepcheck-bundle", "version": 1, **facts,
        "verify": {"ok": checked.ok, "summary": checked.lines[-1] if checked.lines else "",
                   "entries": checked.entries, "seal": checked.seal},
        "files": [{"name": f.name, "bytes": f.size, "sha256": f.sha256, "what": f.what}
                  for f in sorted(files, key=lambda f: f.name)],
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def sha256sums(files: Sequence[AnyFile]) -> bytes:
    """SHA256SUMS in the form `sha256sum -c` and `shasum -a 256 -c` read."""
    return "".join(f"{f.sha256}  {f.name}\n" for f in sorted(files, key=lambda f: f.name)
                   ).encode("utf-8")


def readme_html(files: Sequence[AnyFile], facts: Mapping[str, str], checked: Checked,
                notes: Sequence[str]) -> bytes:
    """README.html: what the bundle is, what each file is, and how to check them."""
    from iepcheck.render.escape import html_text as escape

    rows = "\n".join(
        f'<tr><td class="name">{escape(f.name)}</td><td>{escape(f.shown or _(f.what))}</td>'
        f'<td class="n">{_size(f)}</td></tr>' for f in sorted(files, key=lambda f: f.name))
    verify = "".join(f"<li>{escape(line)}</li>" for line in checked.lines)
    head = (escape(_("The log holds {count} entries; the seal of the last, #{count}, is "
                     "{seal}.")).format(count=checked.entries,
                                        seal=f"<code>{escape(checked.seal)}</code>")
            if checked.seal is not None else escape(_("The log holds no entries.")))
    left_out = ("<h2>" + escape(_("Not included")) + "</h2><ul>"
                + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>") if notes else ""
    facts_list = "".join(f"<dt>{escape(_fact_label(k))}</dt>"
                         f"<dd>{escape(_fact_value(v))}</dd>" for k, v in facts.items())
    title = escape(_("Evidence bundle: {student}").format(student=facts.get("student", "")))
    made = escape(_("Made by iepcheck. The report, the chronology and the charts are worked out "
                    "from the plan and the parent's dated observation log, and say no more than "
                    "the log shows; the originals are the documents attached to its entries, as "
                    "kept in the evidence folder."))
    seals = escape(_("Each entry's seal covers that entry and every entry before it, so a "
                     "receipt (an entry number and the first digits of its seal) sent to the "
                     "school earlier shows whether anything up to that entry changed since."))
    check = escape(_("{manifest} and {sums} give the SHA-256 of every file. On macOS or Linux, "
                     "in the unzipped folder: {unix}. On Windows: {windows} for one file. An "
                     "original's SHA-256 is also in the log, on the entry it is attached to.")
                   ).format(manifest="<code>manifest.json</code>", sums="<code>SHA256SUMS</code>",
                            unix="<code>shasum -a 256 -c SHA256SUMS</code>",
                            windows="<code>certutil -hashfile FILE SHA256</code>")
    heads = [escape(_(h)) for h in (N_("Is the log intact?"), N_("The files"), N_("File"),
                                    N_("What it is"), N_("Bytes"), N_("How to check the files"))]
    page = f"""<!DOCTYPE html>
<html lang="{current()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{README_STYLE}</style>
</head>
<body><main>
<h1>{title}</h1>
<dl>{facts_list}</dl>
<p>{made}</p>
<h2>{heads[0]}</h2>
<ul>{verify}</ul>
<p>{head} {seals}</p>
{left_out}
<h2>{heads[1]}</h2>
<div class="scroll"><table>
<thead><tr><th>{heads[2]}</th><th>{heads[3]}</th><th>{heads[4]}</th></tr></thead>
<tbody>
{rows}
</tbody>
</table></div>
<h2>{heads[5]}</h2>
<p>{check}</p>
</main></body>
</html>
"""
    return page.encode("utf-8")


#: The README's labels for the bundle's facts (manifest.json keeps the keys themselves).
FACT_LABELS = {"student": N_("Student"), "plan": N_("Plan"), "period": N_("Period"),
               "as_of": N_("As of")}


def _fact_label(key: str) -> str:
    label = FACT_LABELS.get(key)
    return _(label) if label else key.replace("_", " ").capitalize()


def _fact_value(value: str) -> str:
    """A fact as the page shows it: manifest.json's '2026-08-24 to 2026-11-20' with its
    'to' in the reader's language (the manifest keeps the English)."""

    return re.sub(r"(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})",
                  lambda m: _("{since} to {until}").format(since=m[1], until=m[2]), value)


def _size(file: AnyFile) -> str:
    """Its size in bytes; this page, the manifest and SHA256SUMS are made after the list is
    written: no size."""
    placeholders = (README_PLACEHOLDER, MANIFEST_PLACEHOLDER, SUMS_PLACEHOLDER)
    return "—" if file in placeholders else str(file.size)


README_STYLE = """
body { font: 11pt/1.4 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 2em;
       color: #111; max-width: 60em; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.4em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; }
dt { font-weight: 600; } dd { margin: 0; }
div.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .2em .4em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.name, code { overflow-wrap: anywhere; }
td.n { text-align: right; white-space: nowrap; }
@page { margin: 12mm; }
@media print { body { margin: 0; font-size: 9pt; } tr { break-inside: avoid; } }
"""


def assemble(content: Sequence[AnyFile], facts: Mapping[str, str], checked: Checked,
             notes: Sequence[str]) -> list[AnyFile]:
    """Every file of the bundle: the content, then verify.txt, README.html, manifest.json
    (which hashes all of those) and SHA256SUMS (which hashes the manifest too)."""
    files: list[AnyFile] = [*content, BundleFile(
        "verify.txt", verify_text(checked), N_("what 'iepcheck verify' found, and the seal head"))]
    files.append(BundleFile(README_PLACEHOLDER.name, readme_html(
        [*files, README_PLACEHOLDER, MANIFEST_PLACEHOLDER, SUMS_PLACEHOLDER], facts, checked,
        notes), README_PLACEHOLDER.what))
    files.append(BundleFile(MANIFEST_PLACEHOLDER.name, manifest_json(files, facts, checked),
                            MANIFEST_PLACEHOLDER.what))
    files.append(BundleFile(SUMS_PLACEHOLDER.name, sha256sums(files), SUMS_PLACEHOLDER.what))
    return files


#: The files that describe the others, named in the README before their bytes exist.
README_PLACEHOLDER = BundleFile("README.html", b"",
                                N_("this page: what each file is and how to check it"))
MANIFEST_PLACEHOLDER = BundleFile("manifest.json", b"",
                                  N_("every other file with its size, SHA-256 and what it is"))
SUMS_PLACEHOLDER = BundleFile("SHA256SUMS", b"", N_("every other file's SHA-256, for "
                                                    "'shasum -a 256 -c SHA256SUMS'"))


def zip_time(as_of: date) -> tuple[int, int, int, int, int, int]:
    """Every entry's timestamp: the as-of date at midnight, within the zip format's years."""
    year = min(max(as_of.year, ZIP_FIRST_YEAR), ZIP_LAST_YEAR)
    day = as_of.replace(year=year) if year == as_of.year else date(year, 1, 1)
    return (day.year, day.month, day.day, 0, 0, 0)


#: Formats that are compressed already: deflating them again costs time and saves nothing.
COMPRESSED_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".pdf", ".zip",
                       ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".gz", ".mp3", ".mp4",
                       ".m4a", ".mov")


def is_compressed(name: str) -> bool:
    """A file stored as it is in the zip (by its name's extension, whatever its case)."""
    return name.lower().endswith(COMPRESSED_SUFFIXES)


def zip_bytes(files: Sequence[AnyFile], folder: str, as_of: date) -> bytes:
    """The zip's bytes (see `write_zip`)."""
    buffer = io.BytesIO()
    write_zip(files, folder, as_of, buffer)
    return buffer.getvalue()


def write_zip(files: Sequence[AnyFile], folder: str, as_of: date, out: BinaryIO) -> None:
    """The zip, written to `out` one file and one block at a time: every file under
    `folder/`, sorted by name, with fixed times and permissions, so the same files always
    give the same bytes (the same bytes `ZipFile.writestr` gives: each local header is
    rewritten with the sizes and CRC once its data is written)."""
    stamp = zip_time(as_of)
    with zipfile.ZipFile(out, "w") as archive:
        for file in sorted(files, key=lambda f: f.name):
            info = zipfile.ZipInfo(f"{folder}/{file.name}", date_time=stamp)
            info.compress_type = (zipfile.ZIP_STORED if is_compressed(file.name)
                                  else zipfile.ZIP_DEFLATED)
            info.create_system = 3  # Unix, so the permissions below are read
            info.external_attr = FILE_ATTRIBUTES
            info.file_size = file.size
            _deflate_at(info, COMPRESS_LEVEL)
            with archive.open(info, "w") as member:
                for chunk in file.chunks():
                    member.write(chunk)


#: The level every deflated file is written at (part of "the same log gives the same bytes").
COMPRESS_LEVEL = 9


def _deflate_at(info: zipfile.ZipInfo, level: int) -> None:
    """The compression level of one member written through `ZipFile.open(info, "w")`.

    `writestr(..., compresslevel=)` sets it on the ZipInfo; `open` has no such argument, so
    it is set the same way here: `compress_level` since Python 3.13, `_compresslevel` (the
    same field, private) before. tests/test_bundle_zip.py fails if a member stops being
    written at this level."""
    if hasattr(info, "compress_level"):
        info.compress_level = level
    else:
        info._compresslevel = level  # type: ignore[attr-defined]
