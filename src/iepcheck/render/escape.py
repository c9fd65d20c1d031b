"""Make user text inert in each output: the terminal, Markdown, CSV and JSON.

Text from the plan, the log or an imported email reaches reports that a school or a hearing
officer reads. Whatever it holds, it must come out as the characters it is, never as an
instruction to the thing that shows it: a terminal escape that sets the window title or fakes
a link, Markdown that fetches a remote image or links to `javascript:`, a spreadsheet formula.
One function per kind of output, all here, so every renderer uses the same rule.
Standard library only. docs/output-safety.md lists where each one is used.
"""

from __future__ import annotations

import functools
import re

#: C0 controls, DEL and the C1 controls (U+0080–U+009F, where U+009B is a one-byte CSI).
_CONTROLS = "\x00-\x1f\x7f-\x9f"
#: Bidirectional overrides and isolates: they reorder what the reader sees ("Trojan Source").
_BIDI = "\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{_CONTROLS}{_BIDI}]")
_WHITESPACE_CONTROLS = "\n\t"


def _visible(char: str) -> str:
    """A control character as something a person can see: ␛ for ESC, ␍ for CR, ⟨U+009B⟩."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\u27e8U+{code:04X}\u27e9"  # ⟨U+009B⟩: no character any output treats as markup


def _lines(text: str) -> str:
    """CRLF and lone CR as LF: a CR alone would let a line overwrite what came before it."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def visible_controls(text: str, *, keep_lines: bool = True) -> str:
    """Every control character shown as a symbol; with `keep_lines`, LF and TAB stay as they are."""
    if keep_lines:
        text = _lines(text)
        return _UNSAFE.sub(lambda m: m.group() if m.group() in _WHITESPACE_CONTROLS
                           else _visible(m.group()), text)
    return _UNSAFE.sub(lambda m: _visible(m.group()), text)


def terminal(text: str) -> str:
    """Text for a terminal table cell or multi-line message: ESC (and every other control
    character) is shown, never sent, so a subject line cannot set the window title, clear the
    screen or make an OSC 8 link. Line breaks and tabs stay."""
    return visible_controls(text, keep_lines=True)


def terminal_line(text: str) -> str:
    """Text for a one-line message (stderr, a command's echo): line breaks shown as ␊ too."""
    return visible_controls(text, keep_lines=False)


# --- Markdown -------------------------------------------------------------------------------

#: Characters that start Markdown structure anywhere in a line: emphasis, code, links and
#: images (`[`, `]`, `!`), raw HTML (`<`, `>`), table cells (`|`), strikethrough (`~`).
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|!~#])")
#: An HTML entity or character reference: `&lt;` would otherwise show as `<`.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
#: What makes a block when it starts a line: a list item, a setext underline, a numbered item.
_LINE_START = re.compile(r"^(\d*)(?:(?<=\d)[.)]|(?<!\d)[-+=])")


#: Text holding none of these is already inert Markdown, as it is: no special character, no
#: control, no whitespace but single spaces inside, no digit or `-+=` first (a block start).
_MARKDOWN_PLAIN = re.compile(r"(?![\d+=-])[^\\`*_\[\]<>|!~#&\s{_CONTROLS}{_BIDI}]+"
                             r"(?: [^\\`*_\[\]<>|!~#&\s{_CONTROLS}{_BIDI}]+)*"
                             .replace("{_CONTROLS}", _CONTROLS).replace("{_BIDI}", _BIDI))


@functools.lru_cache(maxsize=4096)  # a chronology repeats its kinds, items and names
def markdown_text(text: str) -> str:
    """One line of inert Markdown: every special character backslashed, entities spelled out,
    the lines of a multi-line text joined with ' / ' (a line break would end a table row or
    start a heading, list or quote), and control characters shown.

    Most cells (ids, names, kinds, findings) hold nothing to escape: one match of
    `_MARKDOWN_PLAIN` returns them as they are, the chronology's largest cost otherwise
    (a property test holds the shortcut equal to the full rule); a text seen lately is
    answered from a small cache (a pure function of the text: the same answer)."""
    if _MARKDOWN_PLAIN.fullmatch(text):
        return text
    return _markdown_escaped(text)


def _markdown_escaped(text: str) -> str:
    """The full rule of `markdown_text`, for text that holds something to escape."""
    lines = [" ".join(line.split()) for line in _lines(visible_controls(text)).split("\n")]
    joined = " / ".join(line for line in lines if line)
    escaped = _ENTITY.sub(r"\\&", _MARKDOWN_INLINE.sub(r"\\\1", joined))
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group()[-1]}", escaped)


def markdown_cell(text: str | None) -> str:
    """A Markdown table cell: `markdown_text`, so `|` and line breaks cannot end the cell and
    no raw `<br>` is needed; empty for None."""
    return markdown_text(text) if text else ""



#: What makes Markdown of prose, and only where it does (CommonMark, GFM and pandoc's
#: Markdown): a tag or autolink opener `<` (an email address in angle brackets stays: it
#: shows as itself), an entity, a backslash before punctuation, `]` that would close a link,
#: reference, definition or span, `^[` (pandoc's footnote), `_` at a word's edge (inside a
#: word it never emphasises), and the few characters that mark up wherever they stand.
_PROSE = re.compile(
    r"(?P<keep><[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*>)"
    r"|<(?=[A-Za-z/!?])|&(?=#?[0-9A-Za-z]+;)|\\(?=[!-/:-@\[-`{-~]|$)|\](?=[(\[:{])"
    r"|_(?![^\W_])|(?<![^\W_])_|[`*|]|(?P<paired>[~^$])")
#: Marks that only work in pairs (strikethrough, sub- and superscript, pandoc's math), so
#: "~30 min" or "$40" alone need no backslash; escaped where the text holds two.
_PAIRED = "~^$"
#: What makes a block when it starts a line, besides `_LINE_START`'s list and underline
#: marks: a heading, a quote, a definition (pandoc).
_PROSE_LINE_START = re.compile(r"^[#>:]")


def markdown_prose(text: str, *, starts_line: bool = True) -> str:
    """One line of inert Markdown for a letter's sentences, pasted into a document: the same
    guarantees as `markdown_text` (nothing links, loads, emphasises or makes a block), with a
    backslash only before a character that would mark something up where it stands, so
    "(#9, interview)" and "Mrs. Patel <patel@school.example.org>" stay as they read.
    `starts_line=False` is for text after a heading's `## `: nothing there starts a block,
    and a closing `#` would be taken off the heading."""
    lines = [" ".join(line.split()) for line in _lines(visible_controls(text)).split("\n")]
    joined = " / ".join(line for line in lines if line)
    paired = {mark for mark in _PAIRED if joined.count(mark) > 1}

    def escape(found: re.Match[str]) -> str:
        mark = found.group()
        if found.group("keep") or (found.group("paired") and mark not in paired
                                   and joined[found.end():found.end() + 1] != "["):
            return mark
        return f"\\{mark}"

    escaped = _PROSE.sub(escape, joined)
    if not starts_line:
        return f"{escaped[:-1]}\\#" if escaped.endswith("#") else escaped
    escaped = _PROSE_LINE_START.sub(lambda m: f"\\{m.group()}", escaped)
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group()[-1]}", escaped)


# --- CSV --------------------------------------------------------------------------------------

#: What a spreadsheet reads as the start of a formula (OWASP CSV injection), in ASCII and the
#: full-width forms some spreadsheets fold to ASCII.
_FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def _starts_formula(line: str) -> bool:
    """The line's first character, or its first after leading whitespace, starts a formula."""
    return line[:1] in _FORMULA_START or line.lstrip()[:1] in _FORMULA_START


def csv_cell(text: str | None) -> str:
    """A CSV cell a spreadsheet shows as text, never runs.

    OWASP's rule: a leading `'` when the cell (or any of its lines, since some spreadsheets
    split them) starts with = + - @, a tab, CR or LF, also after leading spaces and in the
    full-width forms ＝ ＋ － ＠. Control characters other than LF and TAB are shown.
    """
    if not text:
        return ""
    cell = visible_controls(text)
    if _starts_formula(text) or any(_starts_formula(line) for line in cell.split("\n")[1:]):
        return "'" + cell
    return cell


# --- HTML -------------------------------------------------------------------------------------


def html_text(text: str) -> str:
    """`html.escape` (quotes too, so it is safe in an attribute) of the text with control
    characters shown: they are not allowed in HTML and would reach a terminal that prints it."""
    from html import escape

    return escape(visible_controls(text))


# --- iCalendar --------------------------------------------------------------------------------

_ICS_UNSAFE = re.compile(f"[{_CONTROLS}{_BIDI}]+")


def ics_text(text: str) -> str:
    """A one-line iCalendar TEXT value: every control character (CR and LF included) becomes a
    space, so no text can end a content line and start a property or component of its own.
    This is the check itself: icalendar's own guard is an `assert`, gone under `python -O`."""
    return " ".join(_ICS_UNSAFE.sub(" ", text).split())


# --- JSON -------------------------------------------------------------------------------------

_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_BIDI}]")


def json_text(document: str) -> str:
    """JSON from `json.dumps(..., ensure_ascii=False)` with C1 controls, DEL and bidi overrides
    written as \\uXXXX escapes (json.dumps escapes only C0): the same data, inert on a terminal.
    These characters can only occur inside JSON strings, where the escape means the same."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)
