"""Dates: in order, inside the strategy period, milestones inside their goal, tactics inside
their battle."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..findings import Finding, finding
from ..model import Battle, Source
from ..text import iso_day as day
from .registry import Context, rule


@rule("SST013")
def dates_out_of_order(context: Context) -> Iterator[Finding]:
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
    for goal in model.goals:
        start = model.goal_start(goal)
        if start is not None and goal.deadline < start:
            what = "its start" if goal.start else "the strategy period's start"
            yield finding("SST013", goal.source.place("deadline"),
                          f"the deadline {day(goal.deadline)} is before {what} {day(start)}: "
                          "move the deadline or set `start`")


def _out_of_order(source: Source, path: tuple[str, ...], what: str, start: date,
                  end: date) -> Finding:
    return finding("SST013", source.place(*path),
                   f"{what} ends on {day(end)}, before it starts on {day(start)}: swap or fix them")


@rule("SST016")
def milestones_outside_goal(context: Context) -> Iterator[Finding]:
    model = context.model
    for goal in model.goals:
        start = model.goal_start(goal)
        for milestone in goal.milestones:
            when = milestone.date
            if when > goal.deadline:
                yield finding("SST016", goal.source.place("milestones", milestone.index, "date"),
                              f"the milestone {day(when)} lies after the goal's deadline "
                              f"{day(goal.deadline)}: move it, or the deadline")
            elif start is not None and when < start:
                yield finding("SST016", goal.source.place("milestones", milestone.index, "date"),
                              f"the milestone {day(when)} lies before the goal's start "
                              f"{day(start)}: move it, or set `start`")


@rule("SST025")
def outside_period(context: Context) -> Iterator[Finding]:
    strategy = context.model.strategy
    if strategy is None:
        return
    first, last = strategy.period_start, strategy.period_end
    period = f"the strategy period {day(first)} – {day(last)}"
    for battle in context.model.battles:
        if battle.start < first or battle.end > last:
            field = "start" if battle.start < first else "end"
            yield finding("SST025", battle.source.place(field),
                          f"the battle runs {day(battle.start)} – {day(battle.end)}, outside "
                          f"{period}: move its dates, or widen the period")
    for goal in context.model.goals:
        if not first <= goal.deadline <= last:
            yield finding("SST025", goal.source.place("deadline"),
                          f"the deadline {day(goal.deadline)} is outside {period}: move it "
                          "into the period")


@rule("SST026")
def tactic_outside_battle(context: Context) -> Iterator[Finding]:
    model = context.model
    for tactic in model.tactics:
        battle = model.get(tactic.battle, Battle)
        if battle is None:
            continue
        for field, when in (("start", tactic.start), ("end", tactic.end)):
            if when is not None and not battle.start <= when <= battle.end:
                yield finding("SST026", tactic.source.place(field),
                              f"the tactic's {field} {day(when)} is outside its battle "
                              f"`{battle.id}` ({day(battle.start)} – {day(battle.end)}): "
                              "move it into the battle's dates")
