"""Audiences: `visibility` names a declared audience, and nothing everyone sees depends on
something only some may see."""

from __future__ import annotations

from collections.abc import Iterator

from ..audience import ALL_AUDIENCES
from ..findings import Finding, did_you_mean, finding
from .registry import Context, rule


@rule("SST005")
def unknown_audiences(context: Context) -> Iterator[Finding]:
    strategy = context.model.strategy
    if strategy is None:
        return  # strategy.yaml, which declares them, is missing or broken: its findings say so
    declared = strategy.audiences
    for entity in context.model.entities.values():
        if entity.visibility is not None and entity.visibility not in declared:
            hint = did_you_mean(entity.visibility, declared) or (
                "declare it under `audiences` in strategy.yaml")
            yield finding("SST005", entity.source.place("visibility"),
                          f"`visibility` names the audience `{entity.visibility}`, which is not "
                          f"declared: {hint}")


@rule("SST002")
def reserved_audience(context: Context) -> Iterator[Finding]:
    """`all` names every audience at once (`--audience all`): no audience may take that name."""
    strategy = context.model.strategy
    if strategy is None:
        return
    for index, name in enumerate(strategy.audiences):
        if name == ALL_AUDIENCES:
            yield finding("SST002", strategy.source.place("audiences", index),
                          f"`audiences[{index}]` is `{ALL_AUDIENCES}`, which means every "
                          "audience at once (`--audience all`): give this audience another name")


@rule("SST028")
def visible_needs_restricted(context: Context) -> Iterator[Finding]:
    model = context.model
    for entity, ref in model.iter_references():
        target = model.entities.get(ref.target)
        if not ref.required or target is None or target.visibility is None:
            continue
        if entity.visibility != target.visibility:
            seen_by = f"the {entity.visibility} audience" if entity.visibility else "everyone"
            yield finding("SST028", entity.source.place(*ref.path),
                          f"`{ref.target}` is visible only to the {target.visibility} audience, "
                          f"but `{entity.id}`, seen by {seen_by}, requires it and will show "
                          "\"restricted\": restrict this entity too, or point elsewhere")
