"""Text files a Windows editor saved (docs/storage.md, "Files saved on Windows").

Notepad and other Windows editors start a UTF-8 file with a byte order mark and end every
line with CRLF. Neither is part of what the person wrote, so every text file iepcheck reads
(the plan, the settings, the log, a school's CSV, a saved email or mailbox) reads the same
either way: the mark is dropped here, and CRLF is read as a line end by each parser (TOML,
JSON, csv with `newline=''`, the email package). Writes that keep the person's own bytes
(an item added to the plan) keep the file's own line ends.
"""

from __future__ import annotations

#: The UTF-8 byte order mark.
BOM = b"\xef\xbb\xbf"


def without_bom(raw: bytes) -> bytes:
    """The bytes without a leading byte order mark."""
    return raw.removeprefix(BOM)


def utf8_text(raw: bytes) -> str:
    """UTF-8 bytes as text, a byte order mark dropped; UnicodeDecodeError when not UTF-8."""
    return without_bom(raw).decode("utf-8")


def keep_line_ends(old: str, new: str) -> str:
    """`new` (the file `old` with lines added) with the line ends `old` uses: a file saved
    with CRLF throughout gets CRLF on the lines added too, so a Windows editor still shows
    one line per line and the person's own bytes stay as they were. A file mixing both is
    left as it comes."""
    import re

    if "\r\n" not in old or re.search(r"(?<!\r)\n", old):
        return new
    return re.sub(r"(?<!\r)\n", "\r\n", new)
