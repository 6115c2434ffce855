"""The method's discipline: one breakthrough goal, few paths and battles, a goal cascade without
cycles, and every goal served, every battle fought, every active battle reviewed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import TypeVar

from ..days import CADENCE_DAYS
from ..findings import Place
from ..model.model import Battle, Entity, Goal, GrowthPath, Tactic
from ..model.reviews import review_clocks
from .registry import Context, Report, rule

E = TypeVar("E", bound=Entity)


def touched_last(entities: list[E], changed: frozenset[str]) -> list[E]:
    """The entities in their order, those in files the change touched moved last: a rule that
    reports the ones past a limit (SST010, SST011, SST012) then reports them on the files the
    pull request changed, not on one it left alone. Where the change is unknown, the order
    stands: the last in file order (or by start, for battles) are reported."""
    return sorted(entities, key=lambda e: e.source.file in changed)


def _unreadable(context: Context, *kinds: str) -> bool:
    """True when a file of one of these kinds could not be read or validated.

    Rules about something missing stay silent then: the missing thing may be in that file,
    and one broken file should give one finding, not a cascade.
    """
    return any(kind in kinds for kind in context.model.unreadable.values())


@rule("SST010", "several-breakthroughs", "error", "more than one breakthrough goal")
def several_breakthroughs(context: Context) -> Iterator[Report]:
    """## What it finds

    More than one goal with `breakthrough: true`.

    ## Why it matters

    The breakthrough goal is the one goal the whole team rallies behind this period; two of
    them split that attention, which is what the method exists to prevent.

    ## Example

    Fails:

    ```yaml
    # strategy/goals/grow.yaml
    breakthrough: true
    # strategy/goals/catering.yaml
    breakthrough: true
    ```

    Fixed:

    ```yaml
    # strategy/goals/grow.yaml
    breakthrough: true
    # strategy/goals/catering.yaml
    breakthrough: false
    ```

    ## How to fix

    Choose one; set `breakthrough: false` (or remove the field) on the others.
    """
    breakthroughs = touched_last([g for g in context.model.goals if g.breakthrough],
                                 context.changed)
    if len(breakthroughs) > 1:
        first = breakthroughs[0]
        for goal in breakthroughs[1:]:
            yield Report(goal.source.place("breakthrough"),
                         f"`{goal.id}` is a second breakthrough goal after `{first.id}`: "
                         "keep one, set `breakthrough: false` on the others")


@rule("SST011", "too-many-selected-paths", "error",
      "more than `max_selected_paths` selected paths")
def too_many_selected_paths(context: Context) -> Iterator[Report]:
    """## What it finds

    More paths with `status: selected` than `max_selected_paths` allows (2 unless the
    configuration says otherwise).

    ## Why it matters

    A strategy is as much what the company will not do: a small business that follows every
    road it can see follows none of them far. The rejected paths, with their reasons, are part
    of the plan.

    ## Example

    Fails:

    ```yaml
    # strategy/paths/catering.yaml (hero.yaml and second-shop.yaml are selected too)
    title: Office catering
    status: selected
    ```

    Fixed:

    ```yaml
    # strategy/paths/catering.yaml
    title: Office catering
    status: rejected
    rejection_reason: Two roads are all twelve people can walk this year
    ```

    ## How to fix

    Reject the weakest path with a `rejection_reason`, or demote it to `candidate`; raise
    `max_selected_paths` only if the team decides so.
    """
    limit = context.settings.max_selected_paths
    selected = [p for p in context.model.paths if p.status == "selected"]
    if len(selected) > limit:
        names = ", ".join(p.id for p in selected)
        for path in touched_last(selected, context.changed)[limit:]:
            yield Report(path.source.place("status"),
                         f"{len(selected)} paths are selected ({names}), at most {limit} "
                         "(max_selected_paths): reject or demote the weakest to candidate")


@rule("SST012", "too-many-battles", "error",
      "more than `max_battles` battles overlap the strategy period")
def too_many_battles(context: Context) -> Iterator[Report]:
    """## What it finds

    More battles that are not `abandoned` and overlap the strategy period than `max_battles`
    allows (3 unless the configuration says otherwise).

    ## Why it matters

    Key battles are the few time-boxed campaigns that carry the year; a team fighting five at
    once wins none of them.

    ## Example

    Fails:

    ```yaml
    # strategy/battles/fourth.yaml (three other battles fall in 2026)
    start: 2026-09-01
    end: 2026-11-30
    status: planned
    ```

    Fixed:

    ```yaml
    # strategy/battles/fourth.yaml
    start: 2026-09-01
    end: 2026-11-30
    status: abandoned
    ```

    ## How to fix

    Concentrate: drop or merge a battle, mark one `abandoned`, or move it to the next period.
    """
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
        for battle in touched_last(battles, context.changed)[limit:]:
            yield Report(battle.source.place("start"),
                         f"{len(battles)} battles fall in the strategy period ({names}), at most "
                         f"{limit} (max_battles): concentrate, or mark one abandoned")


@rule("SST014", "battle-on-unselected-path", "error",
      "a battle follows a path that is not selected")
def battle_on_unselected_path(context: Context) -> Iterator[Report]:
    """## What it finds

    A battle whose `path` names a path that is `candidate` or `rejected`.

    ## Why it matters

    Battles carry out the paths the team chose; a battle on a rejected path spends the year on
    a road the strategy said no to, and one on a candidate path decides by the back door.

    ## Example

    Fails:

    ```yaml
    # strategy/battles/launch.yaml (strategy/paths/second-shop.yaml is rejected)
    path: second-shop
    ```

    Fixed:

    ```yaml
    # strategy/battles/launch.yaml (strategy/paths/hero.yaml is selected)
    path: hero
    ```

    ## How to fix

    Move the battle to a selected path, or select its path (within `max_selected_paths`).
    """
    for battle in context.model.battles:
        path = context.model.get(battle.path, GrowthPath)
        if path is not None and path.status != "selected":
            yield Report(battle.source.place("path"),
                         f"the battle follows `{path.id}`, which is {path.status}, not "
                         "selected: select the path or move the battle to a selected one")


@rule("SST015", "cascade-cycle", "error", "the goal cascade forms a cycle")
def cascade_cycles(context: Context) -> Iterator[Report]:
    """## What it finds

    Goals whose `parent` links lead back to themselves: a goal that is its own ancestor.

    ## Why it matters

    A cascade runs from the company's goals down to the teams' goals; a loop has no top, so
    no goal in it can be served or rolled up.

    ## Example

    Fails:

    ```yaml
    # strategy/goals/grow.yaml
    parent: catering
    # strategy/goals/catering.yaml
    parent: grow
    ```

    Fixed:

    ```yaml
    # strategy/goals/grow.yaml (no parent: the top of the cascade)
    # strategy/goals/catering.yaml
    parent: grow
    ```

    ## How to fix

    Remove the `parent` of the goal at the top of the cascade; the message lists the loop.
    """
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
            yield Report(goal.source.place("parent"),
                         f"the goal cascade loops: {loop}: remove one `parent`")


@rule("SST020", "unserved-goal", "warning", "a goal no battle serves")
def unserved_goals(context: Context) -> Iterator[Report]:
    """## What it finds

    A goal that no battle lists in its `goals`, directly or through a goal cascaded from it
    (a parent goal is served when one of its children is).

    ## Why it matters

    A goal nobody works on is strategy without implementation: it will be missed, and the
    status pages will say so only at its deadline.

    ## Example

    Fails:

    ```yaml
    # strategy/battles/launch.yaml (strategy/goals/catering.yaml exists)
    goals: [grow]
    ```

    Fixed:

    ```yaml
    # strategy/battles/launch.yaml
    goals: [grow, catering]
    ```

    ## How to fix

    List the goal in a battle's `goals`, cascade it to a goal a battle serves (`parent`), or
    drop the goal.
    """
    model = context.model
    if _unreadable(context, "battle", "goal"):
        return  # the broken file may be the battle that serves it: SST001/SST002 come first
    for goal in model.goals:
        if not model.battles_of(goal) and not model.cascade_battles(goal):
            yield Report(goal.source.place("title"),
                         f"no battle serves the goal `{goal.id}`: list it in a battle's "
                         "`goals`, or cascade it to a goal that a battle serves")


@rule("SST021", "battle-without-tactics", "warning", "a battle with no tactics")
def battles_without_tactics(context: Context) -> Iterator[Report]:
    """## What it finds

    A battle, not `abandoned`, that no tactic names in its `battle` field.

    ## Why it matters

    A battle is won by its plays; one without tactics has an objective and no plan.

    ## Example

    Fails:

    ```yaml
    # strategy/battles/launch.yaml, and no file in strategy/tactics/ says `battle: launch`
    title: Launch
    ```

    Fixed:

    ```yaml
    # strategy/tactics/tasting.yaml
    title: Tasting Saturdays
    battle: launch
    ```

    ## How to fix

    Add a tactic with `battle: ID` (`sst new tactic ID` writes one), or mark the battle
    `abandoned`.
    """
    if _unreadable(context, "tactic"):
        return  # the broken file may be one of its tactics
    for battle in context.model.battles:
        if battle.status != "abandoned" and not context.model.tactics_of(battle):
            yield Report(battle.source.place("title"),
                         f"the battle `{battle.id}` has no tactics: add a tactic with "
                         f"`battle: {battle.id}`")


@rule("SST024", "no-breakthrough", "warning", "no breakthrough goal")
def no_breakthrough(context: Context) -> Iterator[Report]:
    """## What it finds

    A strategy with goals, none of them marked `breakthrough: true`. The finding is about the
    whole strategy: it names `strategy.yaml`, without a line.

    ## Why it matters

    The breakthrough goal is the one the whole team rallies behind and the overview page leads
    with; without it, every goal weighs the same and none gets the push.

    ## Example

    Fails:

    ```yaml
    # strategy/goals/grow.yaml (and no other goal is a breakthrough)
    title: Grow sales
    ```

    Fixed:

    ```yaml
    # strategy/goals/grow.yaml
    title: Grow sales
    breakthrough: true
    ```

    ## How to fix

    Set `breakthrough: true` on the one goal that matters most this period.
    """
    model = context.model
    if _unreadable(context, "goal"):
        return  # the broken file may be the breakthrough goal
    if model.goals and not any(g.breakthrough for g in model.goals):
        strategy = model.strategy
        place = strategy.source.place() if strategy else None
        yield Report(Place(place.file) if place else None,
                     "no goal is the breakthrough goal: set `breakthrough: true` on the one "
                     "goal the whole team rallies behind")


@rule("SST027", "unreviewed-battle", "warning",
      "an active battle, or a doing tactic with a cadence, with no review within its cadence")
def unreviewed_battles(context: Context) -> Iterator[Report]:
    """## What it finds

    An `active` battle, started on or before `as_of`, whose latest review (or, without one,
    its start) is further back than its `review_cadence`: 7 days weekly, 14 biweekly (the
    default), 31 monthly. A tactic is held the same way while it is `doing` and names a
    `review_cadence` of its own (no default: without one, the tactic is reviewed in its
    battle's meeting); its clock starts at its `start`, or its battle's.

    ## Why it matters

    A battle is steered by its reviews: one left unreviewed drifts, and its owner learns that
    it is lost only at its end. A play reviewed every Friday is kept or changed in time.

    ## Example

    Fails:

    ```yaml
    # strategy/battles/launch.yaml (as_of: 2026-06-15)
    status: active
    review_cadence: monthly
    reviews:
      - date: 2026-03-31
        summary: On track
    ```

    Fixed:

    ```yaml
    # strategy/battles/launch.yaml
    status: active
    review_cadence: monthly
    reviews:
      - date: 2026-03-31
        summary: On track
      - date: 2026-06-01
        summary: Behind on sales; two more tastings
    ```

    ## How to fix

    Hold a review and add it under `reviews`; `sst status --due` lists the reviews due. A
    tactic that needs no meeting of its own can drop its `review_cadence`.
    """
    as_of = context.settings.as_of
    for clock in review_clocks(context.model, as_of):
        if as_of - clock.since <= timedelta(days=CADENCE_DAYS[clock.cadence]):
            continue
        entity = clock.entity
        what = f"last review {clock.last.isoformat()}" if clock.last else \
            "no review since the start"
        label = "active battle" if isinstance(entity, Battle) else "doing tactic"
        yield Report(_reviews_place(entity),
                     f"the {label} `{entity.id}` is reviewed {clock.cadence} "
                     f"but has {what} ({(as_of - clock.since).days} days before "
                     f"{as_of.isoformat()}): hold a review and add it to `reviews`")


def _reviews_place(entity: Battle | Tactic) -> Place:
    """The review log where there is one; else what makes a review owed: a battle's status, a
    tactic's cadence."""
    if entity.reviews:
        return entity.source.key_place("reviews")
    return entity.source.place("status" if isinstance(entity, Battle) else "review_cadence")
