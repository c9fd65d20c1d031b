"""A message's text as mail clients show it: charsets, the body part, what the sender wrote.

Pure. Text is decoded the way mail clients decode it (`gb2312` as GBK, `iso-8859-1` as
windows-1252, per the WHATWG Encoding Standard), and each decoder says whether the text
decoded as its charset said, so the note can be marked when it did not (the original is
attached). `docs/email-import.md` says what becomes what.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from email.message import EmailMessage, Message

#: The note keeps everything the sender wrote above the quoted reply, up to this many
#: characters; a longer text is cut, and the note says so (the original is attached).
NOTE_BODY_CHARS = 4000
_QUOTE_INTRO = re.compile(r"^(On .* wrote:|-+ ?Original Message ?-+|From: .*)$", re.IGNORECASE)

#: Charset labels mail clients read as a wider encoding (WHATWG Encoding Standard): text
#: written by Windows under a `gb2312` or `iso-8859-1` label routinely holds characters only
#: the wider one has.
SUPERSETS = {
    **dict.fromkeys(
        ("gb2312", "gb_2312", "gb_2312-80", "gbk", "x-gbk", "chinese", "csgb2312",
         "csiso58gb231280", "iso-ir-58", "euc-cn", "cp936", "windows-936", "gb18030"),
        "gb18030",
    ),
    **dict.fromkeys(
        ("ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "euc-kr", "cseuckr",
         "korean", "csksc56011987", "iso-ir-149", "windows-949", "cp949"),
        "cp949",
    ),
    **dict.fromkeys(
        ("iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "iso88591", "latin1",
         "latin-1", "l1", "cp819", "ibm819", "iso-ir-100", "csisolatin1", "windows-1252",
         "x-cp1252", "cp1252"),
        "cp1252",
    ),
    **dict.fromkeys(
        ("iso-8859-9", "iso8859-9", "iso_8859-9", "latin5", "l5", "iso-ir-148", "windows-1254"),
        "cp1254",
    ),
    **dict.fromkeys(("iso-8859-11", "tis-620", "windows-874", "dos-874"), "cp874"),
    **dict.fromkeys(
        ("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j"),
        "cp932",
    ),
    **dict.fromkeys(("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"), "big5hkscs"),
    **dict.fromkeys(("iso-8859-8-i", "csiso88598i", "logical"), "iso8859-8"),
    **dict.fromkeys(("utf8", "unicode-1-1-utf-8", "x-unicode20utf8"), "utf-8"),
}


def body_text(message: Message, modern: bool) -> tuple[str, bool, bool]:
    """(text, decoded as labelled, read at all): the body as `plain_text` finds it, else the
    first text part, else nothing (the headers still say who and when)."""
    if modern:
        try:
            return (*plain_text(message), True)  # type: ignore[arg-type]
        except RecursionError:
            raise
        except Exception:  # noqa: BLE001, S110 - get_body() fails on some damaged parts
            pass
    try:
        return (*_first_text(message), True)
    except RecursionError:
        raise
    except Exception:  # noqa: BLE001
        return "", True, False


def _first_text(message: Message) -> tuple[str, bool]:
    """The first text/plain part, else the first text/html part without tags."""
    for subtype in ("plain", "html"):
        for part in message.walk():
            if not part.is_multipart() and part.get_content_type() == f"text/{subtype}":
                text, ok = _decoded(part)
                return (strip_tags(text) if subtype == "html" else text), ok
    return "", True


def decode_bytes(data: bytes, label: str | None) -> tuple[str, bool]:
    """Text in the charset its label names, read as mail clients read it; False when it did
    not decode as the label said (or the label is unknown) and a fallback was used.

    No label: UTF-8, else windows-1252, and that is no fault. A label: its WHATWG superset
    (or Python's codec of that name); failing that UTF-8; failing that the labelled codec
    with replacement characters, or windows-1252 for a label nobody knows.
    """
    import codecs

    if not label:
        try:
            return data.decode("utf-8"), True
        except UnicodeDecodeError:
            return windows_1252(data), True
    name = label.strip().strip('"').lower()
    codec: str | None = SUPERSETS.get(name, name)
    try:
        codec = codecs.lookup(codec or "").name
        if codec == "cp1252":
            return windows_1252(data), True
        return data.decode(codec), True
    except LookupError:
        codec = None  # an unknown label
    except (UnicodeDecodeError, ValueError):
        pass
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    if codec is None:
        return windows_1252(data), False
    try:
        return data.decode(codec, errors="replace"), False
    except (LookupError, ValueError):
        return windows_1252(data), False


def windows_1252(data: bytes) -> str:
    """windows-1252 as WHATWG defines it: the five bytes it leaves undefined map to U+0081…"""
    import codecs

    try:
        codecs.lookup_error("iepcheck-c1")
    except LookupError:
        codecs.register_error(
            "iepcheck-c1",
            lambda e: ("".join(chr(b) for b in e.object[e.start : e.end]), e.end),  # type: ignore[attr-defined]
        )
    return data.decode("cp1252", errors="iepcheck-c1")


def plain_text(message: EmailMessage) -> tuple[str, bool]:
    """The plain-text body, decoded, and whether it decoded as its charset said; an HTML-only
    message as its text without tags."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "", True
    text, ok = _decoded(part)
    if part.get_content_subtype() == "html":
        return strip_tags(text), ok
    if not text.strip():  # an empty plain part beside the HTML that holds the words
        html = message.get_body(preferencelist=("html",))
        if html is not None:
            markup, ok = _decoded(html)
            return strip_tags(markup), ok
    return text, ok


def _decoded(part: Message) -> tuple[str, bool]:
    from email.utils import collapse_rfc2231_value

    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return "", True
    label = part.get_param("charset")  # a tuple when written RFC 2231 style (charset*=)
    if isinstance(label, tuple):
        try:
            label = collapse_rfc2231_value(label)
        except (LookupError, ValueError):
            label = label[2]
    return decode_bytes(payload, str(label) if label else None)


def strip_tags(markup: str) -> str:
    """The words an HTML part shows, character references (`&nbsp;`) decoded."""
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.chunks: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.skip += tag in ("script", "style")
            if tag in ("br", "p", "div", "li", "tr"):
                self.chunks.append("\n")

        def handle_endtag(self, tag: str) -> None:
            self.skip -= tag in ("script", "style") and self.skip > 0

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.chunks.append(data)

    reader = _Text()
    reader.feed(markup)
    reader.close()
    return "".join(reader.chunks)


def excerpt(body: str) -> str:
    """What the person wrote: every line above the quoted reply or signature, blank lines
    dropped and spaces collapsed (the attached original keeps the layout). A reply written
    below the quote (`On … wrote:` and `>` lines first) is the text after the quote."""
    lines: list[str] = []
    for line in body.splitlines():
        line = " ".join(line.split())
        quoted = line.startswith(">") or bool(_QUOTE_INTRO.match(line))
        if not lines and line.startswith(">") or not lines and quoted and "wrote:" in line:
            continue  # the quote a bottom-posted reply answers
        if quoted or line == "--":
            break
        if line:
            lines.append(line)
    return "\n".join(lines)


def bounded(text: str, limit: int = NOTE_BODY_CHARS) -> tuple[str, bool]:
    """`text`, or its first `limit` characters ending at a line or word with "…"; True if cut."""
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    for stop in ("\n", " "):
        at = head.rfind(stop)
        if at > limit // 2:
            head = head[:at]
            break
    return head.rstrip() + " …", True
