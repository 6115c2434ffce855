"""Scenarios on the strategy overview (spec §8): each one's state as of the build date, its
assumption, its trigger in words and the response the team agreed on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from ..model.scenarios import read_scenarios
from .view import Linker, SiteView


@dataclass(frozen=True)
class ScenarioRow:
    name: str
    state: str | None  # fired | holding | no-data; None where its KPI is hidden from the reader
    assumption: str
    trigger: Markup  # "Gross margin below 60 %; 64 % on 31 Oct 2026"
    response: str


def rows(view: SiteView, ln: Linker,
         quantity: Callable[[float | None, str], Markup]) -> list[ScenarioRow]:
    """The scenarios in strategy.yaml's order. Where the reader may not see the KPI, it reads
    "restricted" and the state is not shown: it would tell them where the hidden number is."""
    _ = view.language.gettext
    nbsp = Markup("&nbsp;")

    def amount(value: float | None, kpi_id: str) -> Markup:
        # the figure and its unit never part at a line break ("58 %"), in a column or a card
        return quantity(value, kpi_id).replace(" ", nbsp)

    found = []
    for reading in read_scenarios(view.model, view.as_of):
        scenario = reading.scenario
        kpi_id = scenario.trigger.kpi
        seen = reading.kpi is not None and view.can_see(reading.kpi)
        threshold = amount(reading.threshold, kpi_id) if seen \
            else Markup.escape(view.language.number(reading.threshold))
        words = _("{kpi} above {threshold}") if reading.direction == "above" \
            else _("{kpi} below {threshold}")
        trigger = Markup.escape(words).format(kpi=ln(kpi_id), threshold=threshold)
        if seen and reading.value is not None and reading.measured_on is not None:
            latest = Markup.escape(_("{value} on {date}")).format(
                value=amount(reading.value, kpi_id),
                date=view.language.day(reading.measured_on))
            trigger = Markup.escape(_("{trigger}; {latest}")).format(trigger=trigger,
                                                                     latest=latest)
        found.append(ScenarioRow(scenario.name, reading.state if seen else None,
                                 scenario.assumption, trigger, scenario.response))
    return found
