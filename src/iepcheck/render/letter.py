"""A letter as plain text (the screen, a .txt file), Markdown or one self-contained HTML page.

The `.eml` draft is `render/eml.py`'s. Every text here goes through `render/escape.py`: a
letter quotes log notes, which may hold anything (docs/output-safety.md). Each form starts with
who it is to and the subject, so a letter saved as a file says where it is going.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.dates import long
from iepcheck.language.messages import N_, _, current
from iepcheck.letters.compose import letter_text, marks
from iepcheck.render.escape import html_text, markdown_prose, terminal
from iepcheck.render.page_style import DARK

if TYPE_CHECKING:
    from iepcheck.letters.compose import Letter, Recipient


def addresses(people: tuple[Recipient, ...]) -> str:
    return ", ".join(f"{p.name} <{p.email}>" if p.email else p.name for p in people)


def header_lines(letter: Letter) -> list[tuple[str, str]]:
    """('Date', '20 Nov 2026'), ('To', 'Mrs. Patel <patel@…>'), ('Cc', …), ('Subject', …):
    the lines above the letter, labelled in the reader's language (the `.eml` draft's own
    headers are render/eml.py's). The date comes first: a letter printed, pasted into a
    document or filed says when it was written."""
    lines = []
    if letter.day is not None:
        lines.append((_(DATE), long(letter.day)))
    if letter.to:
        lines.append((_(TO), addresses(letter.to)))
    if letter.cc:
        lines.append((_(CC), addresses(letter.cc)))
    lines.append((_(SUBJECT), letter.subject))
    return lines


#: The labels above a letter shown or saved as a file.
DATE, TO, CC, SUBJECT = N_("Date"), N_("To"), N_("Cc"), N_("Subject")


def letter_plain(letter: Letter) -> str:
    """The headers, a blank line and the letter, control characters shown, never sent."""
    head = "".join(f"{label}: {value}\n" for label, value in header_lines(letter))
    return terminal(f"{head}\n{letter_text(letter)}")


def letter_markdown(letter: Letter) -> str:
    """The letter as Markdown that pastes into a document as it reads: the sentences escaped
    only where a character would mark something up (`escape.markdown_prose`)."""
    lines = [f"**{label}:** {markdown_prose(value)}  " for label, value in header_lines(letter)]
    lines[-1] = lines[-1].rstrip()
    lines.append("")
    if letter.greeting:
        lines += [markdown_prose(letter.greeting), ""]
    for section in letter.sections:
        if section.heading:
            lines += [f"## {markdown_prose(section.heading, starts_line=False)}", ""]
        for paragraph in section.paragraphs:
            lines += [markdown_prose(paragraph), ""]
        if section.facts:
            lines += [f"{mark}{markdown_prose(fact)}"
                      for mark, fact in zip(marks(section), section.facts, strict=True)]
            lines.append("")
    if letter.closing:
        lines += [f"{markdown_prose(letter.closing)}  "]
    lines += [markdown_prose(letter.signature), "", markdown_prose(letter.notice)]
    if letter.receipt:
        lines += ["", markdown_prose(letter.receipt)]
    return "\n".join(lines) + "\n"


STYLE = """
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 2em auto;
       max-width: 46em; padding: 0 1em; color: #111; }
h1.subject { font-size: 1em; margin: 1em 0; }
h2 { font-size: 1.05em; margin: 1.2em 0 .3em; }
dl.head { display: grid; grid-template-columns: max-content auto; gap: .1em .8em; color: #333; }
dl.head dt { font-weight: bold; } dl.head dd { margin: 0; }
p.notice, p.receipt { font-size: .9em; color: #333; }
@page { margin: 18mm; }
@media print { body { margin: 0; padding: 0; font-size: 10.5pt; } }
"""
STYLE += DARK  # dark mode, shared by every page (render/page_style.py)


def letter_html(letter: Letter) -> str:
    parts = [
        "<!DOCTYPE html>", f'<html lang="{current()}">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html_text(letter.subject)}</title>", f"<style>{STYLE}</style>", "</head>",
        "<body><main>", '<dl class="head">',
        *(f"<dt>{label}</dt><dd>{html_text(value)}</dd>"
          for label, value in header_lines(letter) if label != "Subject"),
        "</dl>",
        # The subject is the page's one heading: what a screen reader's reader jumps to.
        f'<h1 class="subject">{html_text(letter.subject)}</h1>',
    ]
    if letter.greeting:
        parts.append(f"<p>{html_text(letter.greeting)}</p>")
    for section in letter.sections:
        if section.heading:
            parts.append(f"<h2>{html_text(section.heading)}</h2>")
        parts += [f"<p>{html_text(p)}</p>" for p in section.paragraphs]
        if section.facts:
            tag = "ol" if section.numbered else "ul"
            parts += [f"<{tag}>", *(f"<li>{html_text(f)}</li>" for f in section.facts),
                      f"</{tag}>"]
    closing = f"{html_text(letter.closing)}<br>" if letter.closing else ""
    parts.append(f"<p>{closing}{html_text(letter.signature)}</p>")
    parts.append(f'<p class="notice">{html_text(letter.notice)}</p>')
    if letter.receipt:
        parts.append(f'<p class="receipt">{html_text(letter.receipt)}</p>')
    parts += ["</main></body>", "</html>"]
    return "\n".join(parts) + "\n"
