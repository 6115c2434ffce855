"""KPIs that are measured: some measurements, a recent one, none in the future."""

from __future__ import annotations

from collections.abc import Iterator

from ..days import FREQUENCY_DAYS
from ..findings import Finding, Place, finding
from ..model import Kpi, Measurement
from .dates import day
from .registry import Context, rule


@rule("SST022")
def unmeasured_kpis(context: Context) -> Iterator[Finding]:
    for kpi in context.model.kpis:
        if not kpi.measurements:
            yield finding("SST022", kpi.source.place("title"),
                          f"the KPI `{kpi.id}` has no measurements: add one under "
                          "`measurements` (date and value)")


@rule("SST023")
def stale_kpis(context: Context) -> Iterator[Finding]:
    as_of = context.settings.as_of
    for kpi in context.model.kpis:
        latest = kpi.latest(as_of)
        if latest is None:
            continue
        allowed = 2 * FREQUENCY_DAYS[kpi.frequency]
        age = (as_of - latest.date).days
        if age > allowed:
            yield finding("SST023", _measurement_place(kpi, latest),
                          f"the latest measurement of the {kpi.frequency} KPI `{kpi.id}` is "
                          f"from {day(latest.date)}, {age} days before {day(as_of)} (more than "
                          f"twice its frequency): add a recent measurement")


@rule("SST029")
def future_measurements(context: Context) -> Iterator[Finding]:
    as_of = context.settings.as_of
    for kpi in context.model.kpis:
        for measurement in kpi.measurements:
            if measurement.date > as_of:
                yield finding("SST029", _measurement_place(kpi, measurement),
                              f"a measurement dated {day(measurement.date)} is in the future "
                              f"(as of {day(as_of)}): fix its date")


def _measurement_place(kpi: Kpi, measurement: Measurement) -> Place:
    return kpi.source.place("measurements", measurement.index, "date")
