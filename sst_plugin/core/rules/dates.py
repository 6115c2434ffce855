"""Dates: in order, inside the strategy period, milestones inside their goal, tactics inside
their battle."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..model.model import Battle, Source
from ..text import iso_day as day
from .registry import Context, Report, rule


@rule("SST013", "dates-out-of-order", "error", "dates out of order")
def dates_out_of_order(context: Context) -> Iterator[Report]:
    """## What it finds

    An end before its start: the strategy period, a battle, a tactic, a retrospective's period,
    or a goal whose `deadline` comes before its `start` (or, without `start`, before the
    period's start).

    ## Why it matters

    Nothing measured over a span that ends before it begins means anything: progress,
    expected values, timelines and "updates due" would all be computed from nonsense.

    ## Example

    Fails:

    ```yaml
    # strategy/battles/launch.yaml
    start: 2026-07-31
    end: 2026-02-01
    ```

    Fixed:

    ```yaml
    # strategy/battles/launch.yaml
    start: 2026-02-01
    end: 2026-07-31
    ```

    ## How to fix

    Swap the two dates, or correct the one that is wrong; for a goal, move the deadline or set
    its `start`.
    """
    model = context.model
    strategy = model.strategy
    if strategy is not None and strategy.period_end < strategy.period_start:
        yield _out_of_order(strategy.source, ("period", "end"), "the period",
                            strategy.period_start, strategy.period_end)
    for battle in model.battles:
        if battle.end < battle.start:
            yield _out_of_order(battle.source, ("end",), "the battle", battle.start, battle.end)
    for tactic in model.tactics:
        if tactic.start and tactic.end and tactic.end < tactic.start:
            yield _out_of_order(tactic.source, ("end",), "the tactic", tactic.start, tactic.end)
    for retro in model.retros:
        if retro.period_end < retro.period_start:
            yield _out_of_order(retro.source, ("period", "end"), "the retrospective's period",
                                retro.period_start, retro.period_end)
    for goal in model.goals:
        start = model.goal_start(goal)
        if start is not None and goal.deadline < start:
            what = "its start" if goal.start else "the strategy period's start"
            yield Report(goal.source.place("deadline"),
                         f"the deadline {day(goal.deadline)} is before {what} {day(start)}: "
                         "move the deadline or set `start`")


def _out_of_order(source: Source, path: tuple[str, ...], what: str, start: date,
                  end: date) -> Report:
    return Report(source.place(*path),
                  f"{what} ends on {day(end)}, before it starts on {day(start)}: swap or fix them")


@rule("SST016", "milestone-outside-goal", "error",
      "a goal milestone lies outside the goal's start and deadline")
def milestones_outside_goal(context: Context) -> Iterator[Report]:
    """## What it finds

    A goal milestone dated after the goal's `deadline`, or before its start (its `start`, or
    the strategy period's start).

    ## Why it matters

    The expected line of a goal runs from its baseline through its milestones to its target:
    a milestone outside that span bends the line backwards, and the goal's status with it.

    ## Example

    Fails:

    ```yaml
    # strategy/goals/grow.yaml
    deadline: 2026-12-31
    milestones:
      - {date: 2027-03-31, target: 150}
    ```

    Fixed:

    ```yaml
    # strategy/goals/grow.yaml
    deadline: 2026-12-31
    milestones:
      - {date: 2026-06-30, target: 150}
    ```

    ## How to fix

    Move the milestone between the goal's start and deadline, or move the deadline (or set
    `start`) if the milestone is right.
    """
    model = context.model
    for goal in model.goals:
        start = model.goal_start(goal)
        for milestone in goal.milestones:
            when = milestone.date
            if when > goal.deadline:
                yield Report(goal.source.place("milestones", milestone.index, "date"),
                             f"the milestone {day(when)} lies after the goal's deadline "
                             f"{day(goal.deadline)}: move it, or the deadline")
            elif start is not None and when < start:
                yield Report(goal.source.place("milestones", milestone.index, "date"),
                             f"the milestone {day(when)} lies before the goal's start "
                             f"{day(start)}: move it, or set `start`")


@rule("SST025", "outside-period", "warning",
      "a battle or goal deadline outside the strategy period")
def outside_period(context: Context) -> Iterator[Report]:
    """## What it finds

    A battle that starts before or ends after the strategy period (`period` in
    `strategy.yaml`), or a goal whose `deadline` lies outside it.

    ## Why it matters

    The strategy is a plan for its period: work planned outside it is either left over from
    the last plan or belongs to the next one, and the period's timeline and counts leave it out.

    ## Example

    Fails:

    ```yaml
    # strategy/battles/launch.yaml (the period is 2026-01-01 – 2026-12-31)
    start: 2026-10-01
    end: 2027-02-28
    ```

    Fixed:

    ```yaml
    # strategy/battles/launch.yaml
    start: 2026-10-01
    end: 2026-12-31
    ```

    ## How to fix

    Move the dates into the period, or widen the period if the plan really covers more time.
    """
    strategy = context.model.strategy
    if strategy is None:
        return
    first, last = strategy.period_start, strategy.period_end
    period = f"the strategy period {day(first)} – {day(last)}"
    for battle in context.model.battles:
        if battle.start < first or battle.end > last:
            field = "start" if battle.start < first else "end"
            yield Report(battle.source.place(field),
                         f"the battle runs {day(battle.start)} – {day(battle.end)}, outside "
                         f"{period}: move its dates, or widen the period")
    for goal in context.model.goals:
        if not first <= goal.deadline <= last:
            yield Report(goal.source.place("deadline"),
                         f"the deadline {day(goal.deadline)} is outside {period}: move it "
                         "into the period")


@rule("SST026", "tactic-outside-battle", "warning", "a tactic dated outside its battle")
def tactic_outside_battle(context: Context) -> Iterator[Report]:
    """## What it finds

    A tactic whose `start` or `end` lies outside the dates of its battle.

    ## Why it matters

    A tactic is a play within a battle: one that starts before the battle or runs on after it
    is either misdated or belongs to another battle.

    ## Example

    Fails:

    ```yaml
    # strategy/tactics/tasting.yaml (its battle runs 2026-02-01 – 2026-07-31)
    battle: launch
    start: 2026-01-10
    ```

    Fixed:

    ```yaml
    # strategy/tactics/tasting.yaml
    battle: launch
    start: 2026-02-10
    ```

    ## How to fix

    Move the tactic's dates into its battle's, or attach it to the battle it really serves.
    """
    model = context.model
    for tactic in model.tactics:
        battle = model.get(tactic.battle, Battle)
        if battle is None:
            continue
        for field, when in (("start", tactic.start), ("end", tactic.end)):
            if when is not None and not battle.start <= when <= battle.end:
                yield Report(tactic.source.place(field),
                             f"the tactic's {field} {day(when)} is outside its battle "
                             f"`{battle.id}` ({day(battle.start)} – {day(battle.end)}): "
                             "move it into the battle's dates")
