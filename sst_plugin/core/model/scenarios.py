"""Scenarios (spec §8): whether each one's trigger has fired, as of a date.

One reading for SST032 and for the overview, so that the warning and the page always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from .model import Kpi, Model, Scenario

State = Literal["fired", "holding", "no-data"]


@dataclass(frozen=True)
class ScenarioReading:
    scenario: Scenario
    state: State
    kpi: Kpi | None  # None: the trigger names no KPI (SST005/006 say so)
    value: float | None = None  # the KPI's latest value on or before the date
    measured_on: date | None = None

    @property
    def direction(self) -> Literal["above", "below"]:
        return "above" if self.scenario.trigger.above is not None else "below"

    @property
    def threshold(self) -> float:
        trigger = self.scenario.trigger
        return trigger.above if trigger.above is not None else trigger.below  # type: ignore[return-value]


def fired(value: float, direction: str, threshold: float) -> bool:
    """Strictly past the threshold: `above: 40` holds at 40 and fires at 40.5."""
    return value > threshold if direction == "above" else value < threshold


def read_scenario(model: Model, scenario: Scenario, as_of: date) -> ScenarioReading:
    """The scenario's state on `as_of`: its KPI's latest value then (never a later one) against
    its threshold; no measurement yet (or no such KPI) is `no-data`, not `holding`."""
    kpi = model.get(scenario.trigger.kpi, Kpi)
    latest = kpi.latest(as_of) if kpi else None
    if latest is None:
        return ScenarioReading(scenario, "no-data", kpi)
    reading = ScenarioReading(scenario, "holding", kpi, latest.value, latest.date)
    if fired(latest.value, reading.direction, reading.threshold):
        return ScenarioReading(scenario, "fired", kpi, latest.value, latest.date)
    return reading


def read_scenarios(model: Model, as_of: date) -> list[ScenarioReading]:
    """Every scenario of strategy.yaml, in its order."""
    if model.strategy is None:
        return []
    return [read_scenario(model, scenario, as_of) for scenario in model.strategy.scenarios]
