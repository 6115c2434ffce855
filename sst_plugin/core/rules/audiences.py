"""Audiences: `visibility` names a declared audience, and nothing everyone sees depends on
something only some may see."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import did_you_mean
from ..model.model import ALL_AUDIENCES, Retro
from .registry import Context, Report, also, rule


@rule("SST009", "undeclared-audience", "error", "`visibility` names an undeclared audience")
def unknown_audiences(context: Context) -> Iterator[Report]:
    """## What it finds

    An entity whose `visibility` names an audience that `strategy.yaml` does not declare under
    `audiences`.

    ## Why it matters

    The entity would belong to no build at all: a misspelt audience hides a plan from the very
    people it was written for, and no site would show it.

    ## Example

    Fails:

    ```yaml
    # strategy/risks/supplier.yaml (strategy.yaml declares `audiences: [leadership]`)
    title: Our flour supplier closes
    visibility: leadrship
    ```

    Fixed:

    ```yaml
    # strategy/risks/supplier.yaml
    title: Our flour supplier closes
    visibility: leadership
    ```

    ## How to fix

    Correct the name (the message suggests the closest declared audience), or declare the
    audience under `audiences` in `strategy.yaml`.
    """
    strategy = context.model.strategy
    if strategy is None:
        return  # strategy.yaml, which declares them, is missing or broken: its findings say so
    declared = strategy.audiences
    for entity in context.model.entities.values():
        # a retrospective's results keep their goal's visibility: held to the same audiences
        named = [((), entity.visibility)] + [
            (("results", index), result.visibility)
            for index, result in enumerate(entity.results if isinstance(entity, Retro) else ())]
        for prefix, visibility in named:
            if visibility is not None and visibility not in declared:
                hint = did_you_mean(visibility, declared) or (
                    "declare it under `audiences` in strategy.yaml")
                yield Report(entity.source.place(*prefix, "visibility"),
                             f"`visibility` names the audience `{visibility}`, which is not "
                             f"declared: {hint}")


@also("SST002")
def reserved_audience(context: Context) -> Iterator[Report]:
    """`all` names every audience at once (`--audience all`): no audience may take that name."""
    strategy = context.model.strategy
    if strategy is None:
        return
    for index, name in enumerate(strategy.audiences):
        if name == ALL_AUDIENCES:
            yield Report(strategy.source.place("audiences", index),
                         f"`audiences[{index}]` is `{ALL_AUDIENCES}`, which means every "
                         "audience at once (`--audience all`): give this audience another name")


@rule("SST028", "visible-needs-restricted", "warning",
      "a visible entity requires a restricted one")
def visible_needs_restricted(context: Context) -> Iterator[Report]:
    """## What it finds

    An entity seen by everyone (or by one audience) whose required reference, such as a
    battle's `kpi` or a tactic's `battle`, names an entity that only another audience may see.
    strategy.yaml is seen by everyone: a scenario whose `trigger.kpi` is restricted is one too.

    ## Why it matters

    In every build that may not see the target, the reference reads "restricted": the visible
    page shows a hole where its KPI or battle should be, and tells its readers that something
    is kept from them.

    ## Example

    Fails:

    ```yaml
    # strategy/battles/launch.yaml (strategy/kpis/margin.yaml has `visibility: leadership`)
    title: Launch
    kpi: margin
    ```

    Fixed:

    ```yaml
    # strategy/battles/launch.yaml
    title: Launch
    kpi: margin
    visibility: leadership
    ```

    ## How to fix

    Restrict the referring entity to the same audience, or point the reference at an entity
    everyone may see.
    """
    model = context.model
    for entity, ref in model.iter_references():
        target = model.entities.get(ref.target)
        if not ref.required or target is None or target.visibility is None:
            continue
        if entity.visibility != target.visibility:
            seen_by = f"the {entity.visibility} audience" if entity.visibility else "everyone"
            yield Report(entity.source.place(*ref.path),
                         f"`{ref.target}` is visible only to the {target.visibility} audience, "
                         f"but `{entity.id}`, seen by {seen_by}, requires it and will show "
                         "\"restricted\": restrict this entity too, or point elsewhere")
    # strategy.yaml is seen by everyone: a scenario watching a restricted KPI shows no state
    for ref in model.strategy_references():
        target = model.entities.get(ref.target)
        if model.strategy and target is not None and target.visibility is not None:
            yield Report(model.strategy.source.place(*ref.path),
                         f"`{ref.target}` is visible only to the {target.visibility} audience, "
                         "but strategy.yaml's scenarios, seen by everyone, watch it and will "
                         "show \"restricted\" in its place: point the trigger at a KPI "
                         "everyone may see")
