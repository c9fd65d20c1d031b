"""A letter as a Word document (python-docx, the `docx` extra), because a parent edits a
letter in Word or Google Docs before sending or printing it; loaded only for `-o FILE.docx`.

Laid out as a printed letter is (docs/letters.md): the parent's address block, the date, the
school's addressee, the subject, the body, the signature, then the draft notice and the seal
receipt. Every piece of text is shown as it is: control characters made visible, nothing
read as markup (Word has none to read).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from iepcheck.dates import long
from iepcheck.errors import UserError
from iepcheck.language.messages import _

if TYPE_CHECKING:
    from iepcheck.letters.compose import Letter, Recipient


@dataclass(frozen=True)
class Letterhead:
    """Who writes and where the letter goes, beyond what the letter says: the parent's own
    address and phone (their settings, never the record's) and the school's name."""

    address: tuple[str, ...] = ()
    phone: str | None = None
    school: str | None = None


def render_letter_docx(letter: Letter, head: Letterhead) -> bytes:
    """The letter's bytes as a .docx; one line naming the extra when python-docx is absent."""
    try:
        import docx
    except ImportError:
        raise UserError(_("a .docx needs python-docx: pip install 'iepcheck[docx]', or write "
                          "-o FILE.md or FILE.html instead")) from None
    from io import BytesIO

    document = docx.Document()
    document.core_properties.title = _text(letter.subject)
    _lines(document, _sender_lines(letter, head))
    if letter.day is not None:
        document.add_paragraph(long(letter.day))
    for person in letter.to:
        _lines(document, _addressee_lines(person, head.school))
    if letter.cc:
        document.add_paragraph(_("Cc: {people}").format(
            people=", ".join(_text(p.name) for p in letter.cc)))
    subject = document.add_paragraph()
    subject.add_run(_text(letter.subject)).bold = True
    _body(document, letter)
    _small(document, letter.notice)
    if letter.receipt:
        _small(document, letter.receipt)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _sender_lines(letter: Letter, head: Letterhead) -> list[str]:
    """The block at the top: the name signed with, the address, the email and the phone."""
    lines = [letter.signature, *head.address]
    if letter.from_email:
        lines.append(letter.from_email)
    if head.phone:
        lines.append(head.phone)
    return lines


def _addressee_lines(person: Recipient, school: str | None) -> list[str]:
    return [line for line in (person.name, person.role, school, person.email) if line]


def _body(document: Any, letter: Letter) -> None:
    from iepcheck.letters.compose import marks

    if letter.greeting:
        document.add_paragraph(_text(letter.greeting))
    for section in letter.sections:
        if section.heading:
            document.add_heading(_text(section.heading), level=2)
        for paragraph in section.paragraphs:
            document.add_paragraph(_text(paragraph))
        for mark, fact in zip(marks(section), section.facts, strict=True):
            _fact(document, mark, fact)
    if letter.closing:
        document.add_paragraph(_text(letter.closing))
    document.add_paragraph(_text(letter.signature))


def _fact(document: Any, mark: str, fact: str) -> None:
    """One fact with its number or bullet written out: Word's own numbered lists run on from
    one list to the next, and a letter's numbers are cited ("point 3")."""
    from docx.shared import Cm

    paragraph = document.add_paragraph(f"{'•  ' if mark == '- ' else mark}{_text(fact)}")
    paragraph.paragraph_format.left_indent = Cm(0.9)
    paragraph.paragraph_format.first_line_indent = Cm(-0.6)


def _lines(document: Any, lines: list[str]) -> None:
    """Lines kept together in one paragraph, one under the other (an address block)."""
    paragraph = document.add_paragraph()
    for index, line in enumerate(lines):
        run = paragraph.add_run(_text(line))
        if index < len(lines) - 1:
            run.add_break()


def _small(document: Any, text: str) -> None:
    from docx.shared import Pt

    document.add_paragraph().add_run(_text(text)).font.size = Pt(9)


def _text(value: str) -> str:
    from iepcheck.render.escape import visible_controls

    return visible_controls(value, keep_lines=False)
