"""What `--help` says about each command, in the reader's language, with examples to copy.

A command's help is its function's docstring: one text for the code's reader and the
parent. typer would show the docstring as written, before any language is chosen, so
`build_app` passes `help_text(function)` instead: the docstring looked up in the catalogue
when the command is built, which is after `cli.run` installed the reader's language.
`tests/catalogue.py` reads the same docstrings (`docstring`) into the catalogue, so a
changed docstring shows up there as a message to translate (docs/languages.md).

Every command's help ends with two or three real commands on the example plan
(`EXAMPLES`): a parent learns a command fastest from one that works. `tests/test_help.py`
runs each of them on a copy of examples/.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from iepcheck.language.messages import _

PLAN = "--plan examples/plan.toml"
AS_OF = "--as-of 2026-11-20"

#: Per command: commands to copy, run from the folder holding examples/.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "init": ("iepcheck init --plan sam.toml",),
    "add-item": (
        f'iepcheck add-item accommodation "Graph paper for math" --staff ms-lee {PLAN}',
        (f'iepcheck add-item service "Physical therapy" --minutes 30 --times 1 --per week '
        f"--provider mr-baker {PLAN}"),
        f'iepcheck add-item break "Winter break" --from 2026-12-21 --to 2027-01-01 {PLAN}',
    ),
    "amend": (
        f"iepcheck amend speech --from 2026-12-01 --minutes 45 {PLAN} {AS_OF}",
    ),
    "items": (f"iepcheck items {PLAN} {AS_OF}", f"iepcheck items {PLAN} --format json"),
    "log": (
        (f'iepcheck log extended-time=not-implemented --kind interview --note "No extra time '
        f'on the spelling test" {PLAN} {AS_OF}'),
        f"iepcheck log speech --kind service-log --minutes 30 --who ms-chen {PLAN} {AS_OF}",
    ),
    "history": (f"iepcheck history {PLAN}", f"iepcheck history {PLAN} --item speech"),
    "retract": (f'iepcheck retract 3 --reason "Wrong day" {PLAN} {AS_OF}',),
    "report": (
        f"iepcheck report {PLAN} {AS_OF}",
        f"iepcheck report {PLAN} {AS_OF} -o report.html",
        f"iepcheck report {PLAN} --since 2026-09-01 --until 2026-10-31 {AS_OF}",
    ),
    "due": (f"iepcheck due {PLAN} {AS_OF}",),
    "draft-email": (
        f"iepcheck draft-email ms-lee {PLAN} {AS_OF}",
        f"iepcheck draft-email ms-lee {PLAN} {AS_OF} -o check-in.eml",
    ),
    "letter": (
        f"iepcheck letter meeting-request {PLAN} {AS_OF}",
        f"iepcheck letter records-request {PLAN} {AS_OF} -o records.eml",
        f"iepcheck letter make-up-request {PLAN} {AS_OF} --item speech",
    ),
    "calendar": (f"iepcheck calendar {PLAN} -o sam.ics",),
    "import-email": (f"iepcheck import-email saved-reply.eml speech {PLAN} {AS_OF}",
                     f"iepcheck import-email inbox.mbox {PLAN} {AS_OF}"),
    "timeline": (
        f"iepcheck timeline {PLAN} {AS_OF}",
        f"iepcheck timeline {PLAN} {AS_OF} --item speech -o speech.html",
    ),
    "verify": (f"iepcheck verify {PLAN}",),
    "bundle": (f"iepcheck bundle {PLAN} {AS_OF} -o sam-2026-11-20.zip",),
    "caseload": ("iepcheck caseload examples --as-of 2026-11-20",),
    "merge-copy": (f'iepcheck merge-copy "plan.log (conflicted copy).json" {PLAN}',),
    "config": ("iepcheck config", "iepcheck config author dad",
               'iepcheck config name "Ana Rivera"'),
    "mail": ("iepcheck mail login", f"iepcheck mail pull --dry-run {PLAN} {AS_OF}"),
    "import-log": (f"iepcheck import-log speech-log.csv --dry-run {PLAN} {AS_OF}",
                   f"iepcheck import-log speech-log.csv {PLAN} {AS_OF}"),
    "reconcile": (f"iepcheck reconcile {PLAN} {AS_OF}",),
    "plan": (f"iepcheck plan check {PLAN}", "iepcheck plan diff old-plan.toml examples/plan.toml"),
    "import-plan": ("iepcheck import-plan iep-2026.pdf -o proposal.toml",),
    "ask": (f"iepcheck ask --list {PLAN} {AS_OF}",),
    "at-a-glance": (f"iepcheck at-a-glance ms-lee {PLAN} {AS_OF}",),
}
#: Examples that need a file the reader has and examples/ lacks, or the network.
NOT_RUN = frozenset({
    "iepcheck init --plan sam.toml",
    f"iepcheck import-log speech-log.csv --dry-run {PLAN} {AS_OF}",
    f"iepcheck import-log speech-log.csv {PLAN} {AS_OF}",
    f"iepcheck import-email saved-reply.eml speech {PLAN} {AS_OF}",
    f"iepcheck import-email inbox.mbox {PLAN} {AS_OF}",
    f'iepcheck merge-copy "plan.log (conflicted copy).json" {PLAN}',
    "iepcheck config author dad",
    'iepcheck config name "Ana Rivera"',
    "iepcheck mail login",
    f"iepcheck mail pull --dry-run {PLAN} {AS_OF}",
    "iepcheck plan diff old-plan.toml examples/plan.toml",
    "iepcheck import-plan iep-2026.pdf -o proposal.toml",
})


def help_text(function: Callable[..., Any]) -> str:
    """The command's help in the reader's language (its docstring, translated)."""
    return _(docstring(function))


def docstring(function: Callable[..., Any]) -> str:
    """The docstring as the catalogue holds it: indentation removed, as click shows it."""
    return inspect.cleandoc(function.__doc__ or "")


def epilog(name: str) -> str | None:
    """The examples ending `iepcheck NAME --help`; "\\b" keeps click from rewrapping them."""
    examples = EXAMPLES.get(name, ())
    if not examples:
        return None
    return "\b\n" + _("Examples:") + "\n" + "\n".join(f"  {line}" for line in examples)

