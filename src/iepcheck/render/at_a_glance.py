"""The at-a-glance page in each format a parent hands over: HTML (print or phone), Markdown,
plain text and an `.eml` draft in its own thread (docs/at-a-glance.md). Word is
`render/at_a_glance_docx.py`, loaded only for `.docx`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.dates import long
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

HEADINGS = (("accommodations", "Accommodations in your classes"),
            ("services", "Services you provide"))


def sections(glance: Glance) -> list[tuple[str, tuple[GlanceItem, ...]]]:
    return [(title, getattr(glance, key)) for key, title in HEADINGS if getattr(glance, key)]


def student_line(glance: Glance) -> str:
    extra = [p for p in (f"grade {glance.grade}" if glance.grade else None, glance.school) if p]
    return f"{glance.student} ({', '.join(extra)})" if extra else glance.student


def plan_line(glance: Glance) -> str:
    return (f"{glance.plan_kind}, in effect {long(glance.plan_start)} to "
            f"{long(glance.plan_end)}")


def render_html(glance: Glance) -> str:
    """One self-contained page: no script, no outside file, readable at phone width."""
    h = html_text
    parts = ['<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{h(glance.title)}</title><style>{STYLE}</style></head><body><main>",
             f"<h1>{h(glance.title)}</h1>", '<div class="meta">',
             f"<p><b>Student:</b> {h(student_line(glance))}</p>",
             f"<p><b>Plan:</b> {h(plan_line(glance))}</p></div>"]
    for title, rows in sections(glance):
        parts.append(f"<h2>{h(title)}</h2><ul>")
        for row in rows:
            dates = f' <span class="dates">{h(row.dates)}</span>' if row.dates else ""
            parts.append(f'<li><b>{h(row.name)}</b><br><span class="detail">{h(row.detail)}'
                         f"</span>{dates}</li>")
        parts.append("</ul>")
    if glance.case_manager:
        parts.append(f'<p class="contact"><b>Case manager, for questions about the plan:</b> '
                     f"{h(glance.case_manager)}</p>")
    if glance.parent:
        parts.append(f"<p><b>From the family:</b> {h(glance.parent)}</p>")
    parts.append(f"<p><small>As the plan stands on {h(long(glance.as_of))}.</small></p>")
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def render_markdown(glance: Glance) -> str:
    m = markdown_text
    lines = [f"# {m(glance.title)}", "", f"**Student:** {m(student_line(glance))}  ",
             f"**Plan:** {m(plan_line(glance))}", ""]
    for title, rows in sections(glance):
        lines += [f"## {title}", ""]
        lines += [f"- **{m(r.name)}**: {m(r.detail)}{f' ({m(r.dates)})' if r.dates else ''}"
                  for r in rows]
        lines.append("")
    if glance.case_manager:
        lines += [f"**Case manager, for questions about the plan:** {m(glance.case_manager)}", ""]
    if glance.parent:
        lines += [f"**From the family:** {m(glance.parent)}", ""]
    lines.append(f"_As the plan stands on {long(glance.as_of)}._")
    return "\n".join(lines) + "\n"


def render_glance_eml(glance: Glance, written_at: datetime) -> tuple[bytes, str]:
    """An unsent draft to the staff member in a thread of its own (a new Message-ID, no
    In-Reply-To), and its Message-ID; the body is the plain-text page."""
    from iepcheck.letters.at_a_glance import glance_text
    from iepcheck.render.eml import compose, mailbox

    to = [mailbox(glance.staff_name, glance.staff_email or "", f"{glance.staff_id}'s email")]
    sender = None
    if glance.parent_email:
        sender = mailbox(glance.parent_name or "", glance.parent_email, "[parent] email")
    body = ("Hello,\n\nHere is a one-page summary of the parts of the plan that are yours, so "
            "it is easy to keep at hand. Please tell me if anything is unclear.\n\n"
            f"{glance_text(glance)}")
    return compose(to, [], sender, glance.title, body, written_at)
