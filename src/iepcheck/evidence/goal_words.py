"""What a person types about a goal: a measured value (`62`), a value with its day
(`62@2026-08-24`), and the words of `iepcheck log` that name goals with their values
(`reading-fluency=62`, or one goal and `--value 62`) among the items (docs/goals.md).

Pure, and apart from the goals' progress (`goals.py`): recording an entry needs only these,
never the verdicts' arithmetic or its result types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepcheck.language.messages import _

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from iepcheck.plan.model import Plan


def parse_value(text: str, option: str) -> int | float:
    """'62' → 62, '62.5' → 62.5: a measured value as typed, finite and of a sane size.
    `option` leads the error as typed: 'reading-fluency=' or '--value '."""
    import math

    from iepcheck.errors import UserError
    from iepcheck.plan.model import MAX_VALUE

    words = text.strip()
    try:
        value: int | float = int(words)
    except ValueError:
        try:
            value = float(words)
        except ValueError:
            value = math.nan
    if not math.isfinite(value) or abs(value) > MAX_VALUE or not words:
        raise UserError(_("{option}{words}: not a measured value; give a number such as 62 or "
                          "0.5 (at most {most})").format(option=option, words=words,
                                                          most=f"{MAX_VALUE:,.0f}"))
    return value


def split_named(plan: Plan, words: Sequence[str]) -> tuple[list[tuple[str, str | None]],
                                                          list[tuple[str, str | None]]]:
    """`reading seating=partial reading-fluency=62`: (items, goals), each as (id, what follows
    '=' or None). The id decides: a goal's id takes a value, an item's a finding; ids are
    unique across the plan, so no word means both. Unknown ids are refused with the closest."""
    from iepcheck.errors import UserError

    pairs = [(name, rest if sep else None) for name, sep, rest in
             (word.partition("=") for word in words)]
    plan.require_named(list(dict.fromkeys(name for name, _ in pairs)))  # repeats: later
    items = [(name, rest) for name, rest in pairs if plan.goal(name) is None]
    goals = [(name, rest) for name, rest in pairs if plan.goal(name) is not None]
    for name, rest in items:
        if rest is not None and _is_number(rest):
            item = plan.item(name)
            kind = item.kind if item else "item"
            listed = ", ".join(g.id for g in plan.goals) or _("none in this plan")
            raise UserError(_("{name}={rest}: '{name}' is a {kind}, not a goal; ITEM=FINDING "
                              "takes implemented, partial, not-implemented or unclear, and "
                              "GOAL=VALUE a number for a goal (goals: {goals})").format(
                                  name=name, rest=rest, kind=kind, goals=listed))
    return items, goals


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def measured_values(goals: Sequence[tuple[str, str | None]], value: str | None,
                    kind: str) -> tuple[tuple[str, int | float], ...]:
    """The (goal, value) pairs an entry records: `GOAL=VALUE`, or one bare goal with
    `--value`; only from kinds that measure (docs/goals.md)."""
    from iepcheck.errors import UserError
    from iepcheck.vocabulary import MEASURING_KINDS

    if not goals:
        if value is not None:
            raise UserError(_("--value: name the goal it measures (iepcheck log GOAL --value "
                              "62 -k progress-report); --value is only for goals"))
        return ()
    if kind not in MEASURING_KINDS:
        raise UserError(_("--kind: a '{kind}' measures no goal; a measurement comes from a "
                          "progress-report, service-log, work-sample or note (your own "
                          "probe)").format(kind=kind))
    bare = [name for name, given in goals if given is None]
    if value is not None and len(bare) != 1:
        raise UserError(_("--value: give it with exactly one goal named without =VALUE (none "
                          "is); for several goals write GOAL=VALUE for each") if not bare else
                        _("--value: give it with exactly one goal named without =VALUE "
                          "(several are); for several goals write GOAL=VALUE for each"))
    if value is None and bare:
        raise UserError(_("'{goal}' is a goal: give the value measured, {goal}=62 or "
                          "--value 62").format(goal=bare[0]))
    return tuple((name, parse_value(given if given is not None else value or "",
                                    f"{name}=" if given is not None else "--value "))
                 for name, given in goals)


def parse_point(text: str, option: str, *, today: date,
                need_date: bool) -> tuple[int | float, date | None]:
    """'62@2026-08-24' → (62, 24 Aug 2026); '90' → (90, None) where a date may be left out."""
    from iepcheck.dates import parse_date
    from iepcheck.errors import UserError

    number, sep, day = text.partition("@")
    if need_date and not sep:
        raise UserError(_("{option}: give the value and the day it was measured, VALUE@DATE "
                          "(62@2026-08-24)").format(option=option))
    value = parse_value(number, f"{option} ")
    return value, parse_date(day.strip(), today=today, option=option) if sep else None
