"""`plan check` and `plan diff`: reading the plan as the IEP team will be asked about it."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from iepcheck.cli.options import Files, PlanOpt
from iepcheck.errors import UserError
from iepcheck.language.messages import _

if TYPE_CHECKING:
    from iepcheck.plan.model import Plan


class PlanAction(StrEnum):
    check = "check"
    diff = "diff"


def plan(
    action: Annotated[PlanAction, typer.Argument(
        help=_("check: questions for the team about a vague plan; diff OLD NEW: what changed."),
        show_default=False)],
    plans: Annotated[list[Path] | None, typer.Argument(
        help=_("diff: the old plan and the new one (plan files, or PDF/Word documents)."),
        show_default=False,
        dir_okay=False)] = None,
    plan: PlanOpt = None,
) -> None:
    """Questions to ask about a vague plan (check), or what changed between two plans (diff)."""
    if action is PlanAction.check:
        _check(plan, plans or [])
    else:
        _diff(plans or [])


def _check(plan: Path | None, plans: list[Path]) -> None:
    """One question a line; exit 1 when there are any, so a script can tell."""
    from iepcheck.plan.questions import plan_questions
    from iepcheck.store.plan_file import load_plan

    if len(plans) > 1:
        raise UserError(_("plan check: give one plan file (or --plan), not several"))
    path = plans[0] if plans else Files(plan, None).plan_path
    questions = plan_questions(load_plan(path))
    if not questions:
        typer.echo(_("No questions: every service says how much, how often, where and who; every "
                     "accommodation says where it applies; every date is within the plan."))
        return
    for question in questions:
        typer.echo(question.line())
    raise typer.Exit(1)


def _diff(plans: list[Path]) -> None:
    from iepcheck.plan.compare import compare_plans

    if len(plans) != 2:
        raise UserError(_("plan diff: give two plan files, the old one first: 'iepcheck plan "
                          "diff last-year.toml plan.toml'"))
    lines = compare_plans(*(_plan_or_document(path) for path in plans))
    for line in lines or (_("No changes: the two plans hold the same items with the same "
                            "terms."),):
        typer.echo(line)


def _plan_or_document(path: Path) -> Plan:
    """A plan file, or a plan document read through `import-plan`'s proposal."""
    if path.suffix.lower() in (".pdf", ".docx"):
        from iepcheck.plan.proposal import propose, proposed_plan
        from iepcheck.store.plan_document import read_document

        return proposed_plan(propose(read_document(path)))
    from iepcheck.store.plan_file import load_plan

    return load_plan(path)
