"""`bundle`: the report, the chronology, the originals and the proof they are intact, in one zip.

Reads the plan, the log and the evidence folder, never writes them. What goes in and how it is
named is `render/bundle.py` (pure); this module reads the files, renders the pages and writes the zip
through `write_output` (atomic, private, never onto the record). See docs/bundle.md.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from iepcheck.cli.options import (
    AsOfOpt,
    Files,
    LogOpt,
    PlanOpt,
    SinceOpt,
    UntilOpt,
    period_from,
    write_output,
)
from iepcheck.errors import UserError
from iepcheck.language.messages import _, n_

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import date

    from iepcheck.evidence.report import Report
    from iepcheck.evidence.tally import Period
    from iepcheck.plan.model import Plan
    from iepcheck.record.entries import Observation
    from iepcheck.render.bundle import AnyFile, Checked, Source
    from iepcheck.render.bundle_originals import Original


def bundle(
    output: Annotated[Path, typer.Option(
        "--output", "-o", dir_okay=False, show_default=False,
        help=_("The zip to write, e.g. maya-2026-11-28.zip."))],
    since: SinceOpt = None,
    until: UntilOpt = None,
    as_of: AsOfOpt = None,
    plan: PlanOpt = None,
    log: LogOpt = None,
) -> None:
    """One zip for a meeting or a complaint: the report, the chronology, every original
    attached in the period, a manifest of SHA-256s and the verify result.

    The same log gives the same zip, byte for byte. Exit 1 (the zip written, saying so) when
    verify finds the log or an attachment altered.
    """
    from iepcheck.render.bundle import assemble, write_zip

    if output.suffix.lower() != ".zip":
        raise UserError(_("--output: {output} does not end in .zip; name the bundle like "
                          "maya-2026-11-28.zip (nothing was written)").format(output=output))
    files, today, current = Files.at(plan, log, as_of)
    period = period_from(current, since, until, today)
    # verify first, the entries after it, and neither held while the zip is written: the
    # peaks never add up (memory stays flat in the log, docs/bundle.md)
    checked = _checked(files) if files.log_path.exists() else None
    entries = files.entries()
    if not entries and not files.log_path.exists():
        raise UserError(_("no log at {log_path}; record observations first, or pass --log PATH "
                          "(nothing was written)").format(log_path=files.log_path))
    checked = checked or _checked(files)
    finish, notes = _content(current, entries, period, today, files)
    del entries  # the last reference: the report's pages and the charts are made without them
    content = finish()
    facts = _facts(current, period, today)
    bundled = assemble(content, facts, checked, notes)
    write_output(partial(write_zip, bundled, f"iepcheck-bundle-{today.isoformat()}", today),
                 output, files)
    originals = sum(1 for f in bundled if f.name.startswith("evidence/"))
    print(n_("wrote {output}: {count} files, {originals} original; {verified}",
             "wrote {output}: {count} files, {originals} originals; {verified}", originals).format(
        output=output, count=len(bundled), originals=originals, verified=checked.lines[-1]),
        file=sys.stderr)
    for note in notes:
        print(_("note: {note}").format(note=note), file=sys.stderr)
    if not checked.ok:
        for line in checked.lines[:-1]:
            print(line, file=sys.stderr)
        raise typer.Exit(1)


def _checked(files: Files) -> Checked:
    """`iepcheck verify` on every author's log, as lines, with the seal head of the plan's
    own log. A failure in any log names whose log it is and fails the bundle
    (docs/bundle.md)."""
    from iepcheck.cli.verify_cmds import record_tag_of
    from iepcheck.record.authors import OWNER, reference
    from iepcheck.render.bundle import Checked
    from iepcheck.render.escape import terminal_line
    from iepcheck.store.verify import summary, verify_log

    logs = {a: p for a, p in files.logs().items() if p.exists() or p.is_symlink()}
    logs = logs or {files.author: files.log_path}
    lines: list[str] = []
    failed: list[str] = []
    head = None
    record = record_tag_of(files)  # a sibling's receipt kept here is no alarm (docs/verify.md)
    for whose, path in logs.items():
        result = verify_log(path, evidence=files.evidence(),
                            author=None if whose == OWNER else whose, record=record)
        lines += [terminal_line(f"{reference(whose, number)}: {what}")
                  for number, what in result.problems]
        lines += [_("note: {note}").format(note=note) for note in result.notes]
        lines.append(_("{file} ({author}'s log): {summary}").format(
            file=path.name, author=whose, summary=summary(result))
            if len(logs) > 1 else summary(result))
        if result.failed:
            failed.append(_("{author}'s log ({file})").format(author=whose, file=path.name))
        if head is None:
            head = result
    assert head is not None
    if len(logs) > 1:
        lines.append(_("verify FAILED: {logs}").format(logs=", ".join(failed)) if failed else
                     _("verify OK: every author's log ({count} logs)").format(count=len(logs)))
    return Checked(ok=not failed, lines=tuple(lines), entries=head.entries,
                   seal=head.seals[-1] if head.seals else None)


def _facts(plan: Plan, period: Period, as_of: date) -> dict[str, str]:
    """The bundle's facts, in English whatever the reader's language: manifest.json holds
    them, and JSON reads the same in every language (docs/languages.md)."""
    terms = plan.plan
    school = f", {plan.student.school}" if plan.student.school else ""
    return {"student": f"{plan.student.name}{school}",
            "plan": f"{terms.kind}, {terms.start.isoformat()} to {terms.end.isoformat()}",
            "period": f"{period.since.isoformat()} to {period.until.isoformat()}",
            "as_of": as_of.isoformat()}


def _content(plan: Plan, entries: list[Observation], period: Period, as_of: date,
             files: Files) -> tuple[Callable[[], list[AnyFile]], list[str]]:
    """The pages, the charts and the originals (in the zip's order, once `finish` is
    called); notes on what is missing. Pages are rendered a piece at a time and spooled,
    originals measured now and read again as the zip is written: memory stays flat in the
    entries and the originals (docs/bundle.md).

    What needs the entries is done now: the reports, the chronology's pages and the
    originals. The report's pages and the charts need only the reports, so `finish` makes
    them after the caller has let the entries go: the chart library is never loaded, nor a
    page rendered, beside a large record."""
    import gettext

    from iepcheck.evidence.report import build_report, with_series
    from iepcheck.evidence.timeline import build_timeline
    from iepcheck.language.messages import ENGLISH, N_, speaking
    from iepcheck.render.bundle_originals import original_files, originals

    report = with_series(build_report(plan, entries, period), entries)
    chronology = build_timeline(plan, entries, since=period.since, until=period.until,
                                as_of=as_of, summary=dict(report.summary))
    with speaking(gettext.NullTranslations(), ENGLISH):  # what programs read: in English
        english = build_report(plan, entries, period)
    record_pages = [
        _page(period, "chronology.html", N_("every observation dated {dates}, oldest first, "
                                            "with the complaint windows"), "timeline", "html",
              chronology),
        _page(period, "chronology.csv", N_("the chronology as a spreadsheet"), "timeline", "csv",
              chronology),
    ]
    del chronology  # its rows read the entries: nothing holds them once these are spooled
    found = originals(entries, period.since, period.until)
    originals_found, notes = original_files(found, _read_originals(found, files))

    def finish() -> list[AnyFile]:
        report_pages = [
            _page(period, "report.html", N_("the evidence report, {dates}, with a chart per "
                                            "service (print or open in a browser)"), "report",
                  "html", report),
            _page(period, "report.csv", N_("the evidence report as a spreadsheet"), "report",
                  "csv", english),
            _page(period, "report.json", N_("the evidence report's facts for programs"),
                  "report", "json", english),
        ]
        return [*report_pages, *record_pages, *_charts(report), *originals_found]

    return finish, notes


def _page(period: Period, name: str, what: str, kind: str, form: str,
          result: object) -> AnyFile:
    """A page, described in English for manifest.json and in the reader's language for
    README.html; a CSV or JSON page is English whatever the language, as on the command
    line (docs/languages.md)."""
    import gettext

    from iepcheck.language.messages import ENGLISH, speaking
    from iepcheck.render.bundle import StreamedFile, spool
    from iepcheck.render.formats import render_stream

    if form in ("csv", "json"):
        with speaking(gettext.NullTranslations(), ENGLISH):
            data = spool(render_stream(kind, form, result))
    else:
        data = spool(render_stream(kind, form, result))
    dates = f"{period.since.isoformat()} to {period.until.isoformat()}"
    return StreamedFile(name, data, what.format(dates=dates),
                        _(what).format(dates=_("{since} to {until}").format(
                            since=period.since.isoformat(), until=period.until.isoformat())))


def _charts(report: Report) -> list[AnyFile]:
    """Each service's chart as its own SVG file (drawn once: the report's page drew it)."""
    from iepcheck.language.messages import N_
    from iepcheck.render.bundle import BundleFile
    from iepcheck.render.minutes_chart import chart_svg

    chart = N_("running minutes required, delivered and missed: {service}")
    return [BundleFile(f"charts/{series.item_id}.svg", chart_svg(series).encode("utf-8"),
                       chart.format(service=series.name), _(chart).format(service=series.name))
            for series in report.series]


def _read_originals(found: Sequence[Original], files: Files) -> dict[str, Source | None]:
    """Each original by its path in the log, measured now and read when the zip is written;
    None when it is missing, unreadable, or not inside the evidence folder (a hand-edited path never pulls another file in). The
    folder is the plan's one evidence folder, whoever runs the bundle (docs/authors.md)."""
    import os

    from iepcheck.render.bundle import Source
    from iepcheck.store.logbook import evidence_dir
    from iepcheck.store.streamed_files import blocks, measure

    log_path = files.log_path
    folder = Path(os.path.realpath(log_path)).parent
    shared = files.evidence()
    evidence = Path(os.path.realpath(shared if shared is not None else
                                     evidence_dir(Path(os.path.realpath(log_path)))))
    from iepcheck.cli.progress import tracked
    from iepcheck.language.messages import _

    contents: dict[str, Source | None] = {}
    for original in tracked(found, _("reading the originals"), len(found)):
        if original.path in contents:
            continue
        target = Path(os.path.realpath(folder / original.path))
        if not target.is_relative_to(evidence):
            contents[original.path] = None
            continue
        try:
            sha256, size = measure(target)
            contents[original.path] = Source(sha256, size, partial(blocks, target, sha256, size))
        except OSError:
            contents[original.path] = None
    return contents
