"""Scenario planning: a scenario whose KPI trigger has fired (SST032)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import text
from ..findings import shorten
from ..model.scenarios import read_scenarios
from .registry import Context, Report, rule


@rule("SST032", "scenario-fired", "warning",
      "a scenario's trigger has fired: its KPI's latest value crossed the threshold")
def scenario_fired(context: Context) -> Iterator[Report]:
    """## What it finds

    A scenario of strategy.yaml whose `trigger` has fired as of the build date (`as_of`): the
    latest measurement of its `kpi` on or before that date is greater than `above`, or less
    than `below` (a value equal to the threshold holds). A KPI with no measurement yet
    fires nothing; the overview shows the scenario as "no data".

    ## Why it matters

    A scenario is the plan for the day an assumption breaks. The day it does is easy to miss
    among the monthly numbers: the warning says so in every check and every build, so that
    the team carries out the response it agreed on while there is still time.

    ## Example

    Fails:

    ```yaml
    # strategy/strategy.yaml (strategy/kpis/flour-cost.yaml's latest value is 1.42)
    scenarios:
      - name: Flour prices keep rising
        assumption: Organic flour stays under 1.30 EUR a kilo
        trigger:
          kpi: flour-cost
          above: 1.30
        response: Raise the sourdough price by 0.30 EUR and sign a yearly contract
    ```

    Fixed:

    ```yaml
    # strategy/strategy.yaml: the response under way, the scenario written for what comes next
    scenarios:
      - name: Flour prices keep rising
        assumption: Organic flour stays under 1.60 EUR a kilo with the yearly contract
        trigger:
          kpi: flour-cost
          above: 1.60
        response: Move the country loaf to a second, cheaper mill
    ```

    ## How to fix

    Carry out the scenario's response. Then rewrite the scenario for the world as it now is
    (a new assumption and threshold), or remove it if it no longer applies.
    """
    strategy = context.model.strategy
    if strategy is None:
        return
    for reading in read_scenarios(context.model, context.settings.as_of):
        if reading.state != "fired" or reading.kpi is None or reading.measured_on is None:
            continue
        scenario, kpi = reading.scenario, reading.kpi
        yield Report(strategy.source.place("scenarios", scenario.index),
                     f"the scenario \"{shorten(scenario.name)}\" has fired: `{kpi.id}` was "
                     f"{text.quantity(reading.value, kpi.unit)} on "
                     f"{text.iso_day(reading.measured_on)}, {reading.direction} its trigger of "
                     f"{text.quantity(reading.threshold, kpi.unit)}: carry out its response, "
                     "then rewrite the scenario (or remove it)")
