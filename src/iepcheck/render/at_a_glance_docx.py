"""The at-a-glance page as a Word document (python-docx, the `docx` extra): many school
staff read and print Word; loaded only when `-o FILE.docx` asks for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.errors import UserError
from iepcheck.language.messages import _

if TYPE_CHECKING:
    from iepcheck.letters.at_a_glance import Glance


def render_docx(glance: Glance) -> bytes:
    """The same page as the HTML one: a title, the student and plan, one list per section."""
    try:
        import docx
    except ImportError:
        raise UserError(_("a .docx needs python-docx: pip install 'iepcheck[docx]', or write "
                          "-o FILE.html instead")) from None
    from io import BytesIO

    from iepcheck.render.at_a_glance import (
        CASE_MANAGER,
        FAMILY,
        PLAN,
        STUDENT,
        as_it_stands,
        plan_line,
        sections,
        student_line,
    )
    from iepcheck.render.escape import visible_controls

    def text(value: str) -> str:
        return visible_controls(value, keep_lines=False)

    document = docx.Document()
    document.core_properties.title = text(glance.title)
    document.add_heading(text(glance.title), level=1)
    _labelled(document, _(STUDENT) + " ", text(student_line(glance)))
    _labelled(document, _(PLAN) + " ", text(plan_line(glance)))
    for title, rows in sections(glance):
        document.add_heading(title, level=2)
        for row in rows:
            item = document.add_paragraph(style="List Bullet")
            item.add_run(text(row.name)).bold = True
            dates = f" ({row.dates})" if row.dates else ""
            item.add_run(f": {text(row.detail)}{text(dates)}")
    if glance.case_manager:
        _labelled(document, _(CASE_MANAGER) + " ", f"{text(glance.case_manager)}")
    if glance.parent:
        _labelled(document, _(FAMILY) + " ", text(glance.parent))
    document.add_paragraph(as_it_stands(glance))
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _labelled(document: object, label: str, value: str) -> None:
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    paragraph.add_run(label).bold = True
    paragraph.add_run(value)
