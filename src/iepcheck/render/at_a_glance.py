"""The at-a-glance page in each format a parent hands over: HTML (print or phone), Markdown,
plain text and an `.eml` draft in its own thread (docs/at-a-glance.md). Word is
`render/at_a_glance_docx.py`, loaded only for `.docx`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.dates import long
from iepcheck.language.messages import N_, _, current
from iepcheck.letters.compose import kind_name
from iepcheck.render.escape import html_text, markdown_text

if TYPE_CHECKING:
    from datetime import datetime

    from iepcheck.letters.at_a_glance import Glance, GlanceItem

#: One column on a phone, a readable measure on a desk, and nothing lost when printed.
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:46rem;
padding:1rem;line-height:1.45;color:#111;font-size:17px}
h1{font-size:1.35rem;margin:.2rem 0 .6rem}h2{font-size:1.1rem;margin:1.2rem 0 .4rem;
border-bottom:1px solid #999}
ul{padding-left:1.2rem}li{margin:.35rem 0}.detail{color:#333}.dates{font-weight:600}
.meta p{margin:.15rem 0}.contact{margin-top:1.2rem;padding:.6rem;border:1px solid #999}
@media print{body{font-size:12pt;max-width:none}}
"""

HEADINGS = (("accommodations", N_("Accommodations in your classes")),
            ("services", N_("Services you provide")))
#: The page's labels, each followed by its value.
STUDENT, PLAN = N_("Student:"), N_("Plan:")
CASE_MANAGER = N_("Case manager, for questions about the plan:")
FAMILY = N_("From the family:")


def sections(glance: Glance) -> list[tuple[str, tuple[GlanceItem, ...]]]:
    return [(_(title), getattr(glance, key)) for key, title in HEADINGS if getattr(glance, key)]


def student_line(glance: Glance) -> str:
    grade = _("grade {grade}").format(grade=glance.grade) if glance.grade else None
    extra = [p for p in (grade, glance.school) if p]
    return f"{glance.student} ({', '.join(extra)})" if extra else glance.student


def plan_line(glance: Glance) -> str:
    return _("{kind}, in effect {start} to {end}").format(
        kind=kind_name(glance.plan_kind), start=long(glance.plan_start),
        end=long(glance.plan_end))


def as_it_stands(glance: Glance) -> str:
    return _("As the plan stands on {day}.").format(day=long(glance.as_of))


def render_html(glance: Glance) -> str:
    """One self-contained page: no script, no outside file, readable at phone width."""
    h = html_text
    parts = [f'<!DOCTYPE html>\n<html lang="{current()}"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{h(glance.title)}</title><style>{STYLE}</style></head><body><main>",
             f"<h1>{h(glance.title)}</h1>", '<div class="meta">',
             f"<p><b>{h(_(STUDENT))}</b> {h(student_line(glance))}</p>",
             f"<p><b>{h(_(PLAN))}</b> {h(plan_line(glance))}</p></div>"]
    for title, rows in sections(glance):
        parts.append(f"<h2>{h(title)}</h2><ul>")
        for row in rows:
            dates = f' <span class="dates">{h(row.dates)}</span>' if row.dates else ""
            parts.append(f'<li><b>{h(row.name)}</b><br><span class="detail">{h(row.detail)}'
                         f"</span>{dates}</li>")
        parts.append("</ul>")
    if glance.case_manager:
        parts.append(f'<p class="contact"><b>{h(_(CASE_MANAGER))}</b> '
                     f"{h(glance.case_manager)}</p>")
    if glance.parent:
        parts.append(f"<p><b>{h(_(FAMILY))}</b> {h(glance.parent)}</p>")
    parts.append(f"<p><small>{h(as_it_stands(glance))}</small></p>")
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def render_markdown(glance: Glance) -> str:
    m = markdown_text
    lines = [f"# {m(glance.title)}", "", f"**{_(STUDENT)}** {m(student_line(glance))}  ",
             f"**{_(PLAN)}** {m(plan_line(glance))}", ""]
    for title, rows in sections(glance):
        lines += [f"## {title}", ""]
        lines += [f"- **{m(r.name)}**: {m(r.detail)}{f' ({m(r.dates)})' if r.dates else ''}"
                  for r in rows]
        lines.append("")
    if glance.case_manager:
        lines += [f"**{_(CASE_MANAGER)}** {m(glance.case_manager)}", ""]
    if glance.parent:
        lines += [f"**{_(FAMILY)}** {m(glance.parent)}", ""]
    lines.append(f"_{as_it_stands(glance)}_")
    return "\n".join(lines) + "\n"


def render_glance_eml(glance: Glance, written_at: datetime) -> tuple[bytes, str]:
    """An unsent draft to the staff member in a thread of its own (a new Message-ID, no
    In-Reply-To), and its Message-ID; the body is the plain-text page."""
    from iepcheck.letters.at_a_glance import glance_text
    from iepcheck.render.eml import compose, mailbox

    to = [mailbox(glance.staff_name, glance.staff_email or "",
                  _("{staff}'s email").format(staff=glance.staff_id))]
    sender = None
    if glance.parent_email:
        sender = mailbox(glance.parent_name or "", glance.parent_email, "[parent] email")
    body = "\n\n".join([_("Hello,"), _(
        "Here is a one-page summary of the parts of the plan that are yours, so it is easy to "
        "keep at hand. Please tell me if anything is unclear."), glance_text(glance)])
    return compose(to, [], sender, glance.title, body, written_at)
