"""The method's discipline: one breakthrough goal, few paths and battles, a goal cascade without
cycles, and every goal served, every battle fought, every active battle reviewed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from ..days import CADENCE_DAYS
from ..findings import Finding, Place, finding
from ..model import Battle, Goal, GrowthPath
from .registry import Context, rule


def _unreadable(context: Context, *kinds: str) -> bool:
    """True when a file of one of these kinds could not be read or validated.

    Rules about something missing stay silent then: the missing thing may be in that file,
    and one broken file should give one finding, not a cascade.
    """
    return any(kind in kinds for kind in context.model.unreadable.values())


@rule("SST010")
def several_breakthroughs(context: Context) -> Iterator[Finding]:
    breakthroughs = [g for g in context.model.goals if g.breakthrough]
    if len(breakthroughs) > 1:
        first = breakthroughs[0]
        for goal in breakthroughs[1:]:
            yield finding("SST010", goal.source.place("breakthrough"),
                          f"`{goal.id}` is a second breakthrough goal after `{first.id}`: "
                          "keep one, set `breakthrough: false` on the others")


@rule("SST011")
def too_many_selected_paths(context: Context) -> Iterator[Finding]:
    limit = context.settings.max_selected_paths
    selected = [p for p in context.model.paths if p.status == "selected"]
    if len(selected) > limit:
        names = ", ".join(p.id for p in selected)
        for path in selected[limit:]:
            yield finding("SST011", path.source.place("status"),
                          f"{len(selected)} paths are selected ({names}), at most {limit} "
                          "(max_selected_paths): reject or demote the weakest to candidate")


@rule("SST012")
def too_many_battles(context: Context) -> Iterator[Finding]:
    strategy = context.model.strategy
    if strategy is None:
        return
    limit = context.settings.max_battles
    battles = sorted(
        (b for b in context.model.battles if b.status != "abandoned"
         and b.start <= strategy.period_end and b.end >= strategy.period_start),
        key=lambda b: (b.start, b.id))
    if len(battles) > limit:
        names = ", ".join(b.id for b in battles)
        for battle in battles[limit:]:
            yield finding("SST012", battle.source.place("start"),
                          f"{len(battles)} battles fall in the strategy period ({names}), at most "
                          f"{limit} (max_battles): concentrate, or mark one abandoned")


@rule("SST014")
def battle_on_unselected_path(context: Context) -> Iterator[Finding]:
    for battle in context.model.battles:
        path = context.model.get(battle.path, GrowthPath)
        if path is not None and path.status != "selected":
            yield finding("SST014", battle.source.place("path"),
                          f"the battle follows `{path.id}`, which is {path.status}, not selected: "
                          "select the path or move the battle to a selected one")


@rule("SST015")
def cascade_cycles(context: Context) -> Iterator[Finding]:
    model = context.model
    reported: set[str] = set()
    for goal in model.goals:
        chain = [goal.id]
        current = model.get(goal.parent, Goal)
        while current is not None and current.id not in chain:
            chain.append(current.id)
            current = model.get(current.parent, Goal)
        if current is not None and current.id == goal.id and goal.id not in reported:
            reported.update(chain)
            loop = " → ".join([*chain, goal.id])
            yield finding("SST015", goal.source.place("parent"),
                          f"the goal cascade loops: {loop}: remove one `parent`")


@rule("SST020")
def unserved_goals(context: Context) -> Iterator[Finding]:
    model = context.model
    if _unreadable(context, "battle", "goal"):
        return  # the broken file may be the battle that serves it: SST001/SST002 come first
    for goal in model.goals:
        if not model.battles_of(goal) and not model.cascade_battles(goal):
            yield finding("SST020", goal.source.place("title"),
                          f"no battle serves the goal `{goal.id}`: list it in a battle's "
                          "`goals`, or cascade it to a goal that a battle serves")


@rule("SST021")
def battles_without_tactics(context: Context) -> Iterator[Finding]:
    if _unreadable(context, "tactic"):
        return  # the broken file may be one of its tactics
    for battle in context.model.battles:
        if battle.status != "abandoned" and not context.model.tactics_of(battle):
            yield finding("SST021", battle.source.place("title"),
                          f"the battle `{battle.id}` has no tactics: add a tactic with "
                          f"`battle: {battle.id}`")


@rule("SST024")
def no_breakthrough(context: Context) -> Iterator[Finding]:
    model = context.model
    if _unreadable(context, "goal"):
        return  # the broken file may be the breakthrough goal
    if model.goals and not any(g.breakthrough for g in model.goals):
        strategy = model.strategy
        place = strategy.source.place() if strategy else None
        yield finding("SST024", Place(place.file) if place else None,
                      "no goal is the breakthrough goal: set `breakthrough: true` on the one "
                      "goal the whole team rallies behind")


@rule("SST027")
def unreviewed_battles(context: Context) -> Iterator[Finding]:
    as_of = context.settings.as_of
    for battle in context.model.battles:
        if battle.status != "active" or battle.start > as_of:
            continue
        cadence = CADENCE_DAYS[battle.review_cadence]
        last = max((r.date for r in battle.reviews if r.date <= as_of), default=None)
        since = last or battle.start
        if as_of - since > timedelta(days=cadence):
            what = f"last review {last.isoformat()}" if last else "no review since the start"
            yield finding("SST027", _battle_reviews_place(battle),
                          f"the active battle `{battle.id}` is reviewed {battle.review_cadence} "
                          f"but has {what} ({(as_of - since).days} days before "
                          f"{as_of.isoformat()}): hold a review and add it to `reviews`")


def _battle_reviews_place(battle: Battle) -> Place:
    return battle.source.key_place("reviews") if battle.reviews else battle.source.place("status")
