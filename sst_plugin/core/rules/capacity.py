"""Concentration: the battles on at one time need no more people or budget than the company has."""

from __future__ import annotations

from collections.abc import Iterator

from .. import text
from ..findings import Place
from ..model.capacity import committed_on
from ..model.model import Battle
from .registry import Context, Report, rule

# each resource: its field under `capacity` and `resources`, and how a message names an amount
_RESOURCES = ("people", "budget")


@rule("SST031", "over-capacity", "warning",
      "the battles active on the build date need more people or budget than `capacity`")
def over_capacity(context: Context) -> Iterator[Report]:
    """## What it finds

    The battles on as of the build date (`as_of`) that together need more `people` or more
    `budget` under their `resources` than strategy.yaml's `capacity` gives. A battle is on
    from its `start` to its `end`; an `abandoned` one never is, and a `won` or `lost` one is
    over (it freed its resources even if its `end` is later). Each resource is compared on its
    own, and only where `capacity` names it.

    The finding stands on the `capacity` line of strategy.yaml, which is the one number all
    the battles share. When the change is known (`sst check --base`, `sst diff`) and touched
    one of those battles but not strategy.yaml, it stands on that battle's `resources` line
    instead (the one that starts last): the battle that tips the sum over, in the diff the
    reviewers read.

    ## Why it matters

    The method asks to concentrate resources on a few key battles, not to pepper them over
    every field. Battles that together need more people than the company has are not
    concentrated: each gets a part of someone, and none is fought in full.

    ## Example

    Fails:

    ```yaml
    # strategy/strategy.yaml (as_of: 2026-06-15; launch needs 2 people, fair needs 3)
    capacity:
      people: 4
    ```

    Fixed:

    ```yaml
    # strategy/battles/fair.yaml: starts after launch ends
    start: 2026-08-01
    end: 2026-10-31
    ```

    ## How to fix

    Move a battle's dates so that fewer run at once, give one fewer people or less budget
    under `resources`, abandon one, or, if the company has grown, raise `capacity`.
    """
    strategy = context.model.strategy
    if strategy is None or strategy.capacity is None:
        return
    as_of = context.settings.as_of
    on = committed_on(context.model.battles, as_of, as_of)
    for resource in _RESOURCES:
        limit = getattr(strategy.capacity, resource)
        needed = getattr(on, resource)
        if limit is None or needed <= limit:
            continue
        unit = "" if resource == "people" else (strategy.currency or "")
        parts = ", ".join(f"{b.id} {_amount(getattr(b.resources, resource), unit, resource)}"
                          for b in on.battles if getattr(b.resources, resource))
        place = _place(context, on.battles, resource) or \
            strategy.source.place("capacity", resource)
        yield Report(place,
                     f"the battles on {text.iso_day(as_of)} need {_amount(needed, unit, resource)}"
                     f" ({parts}), more than the capacity of {_amount(limit, unit, resource)}: "
                     f"move a battle's dates, give one less under `resources.{resource}`, or "
                     f"raise `capacity.{resource}`")


def _amount(value: float | None, unit: str, resource: str) -> str:
    if resource == "people":
        return f"{text.number(value)} {'person' if value == 1 else 'people'}"
    return text.quantity(value, unit) if unit else f"{text.number(value)} of budget"


def _place(context: Context, battles: tuple[Battle, ...], resource: str) -> Place | None:
    """The battle that tips the sum over, in a change that touched it and not the capacity."""
    strategy = context.model.strategy
    if not context.changed or strategy is None or strategy.source.file in context.changed:
        return None
    touched = [b for b in battles
               if b.source.file in context.changed and getattr(b.resources, resource)]
    if not touched:
        return None
    return touched[-1].source.place("resources", resource)
