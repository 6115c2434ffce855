"""KPIs that are measured: some measurements, a recent one, none in the future."""

from __future__ import annotations

from collections.abc import Iterator

from ..days import FREQUENCY_DAYS
from ..findings import Place
from ..model.model import Kpi, Measurement
from .dates import day
from .registry import Context, Report, rule


@rule("SST022", "unmeasured-kpi", "warning", "a KPI with no measurements")
def unmeasured_kpis(context: Context) -> Iterator[Report]:
    """## What it finds

    A KPI with no `measurements`.

    ## Why it matters

    A KPI nobody measures cannot tell anyone whether its goals and battles are on track: their
    status stays `no-data`, and their charts stay empty.

    ## Example

    Fails:

    ```yaml
    # strategy/kpis/sales.yaml
    title: Sales
    frequency: monthly
    owner: ann
    ```

    Fixed:

    ```yaml
    # strategy/kpis/sales.yaml
    title: Sales
    frequency: monthly
    owner: ann
    measurements:
      - date: 2026-01-31
        value: 100
    ```

    ## How to fix

    Add a measurement under `measurements` (a date and a value), by hand or with
    `sst kpi add KPI DATE VALUE`.
    """
    for kpi in context.model.kpis:
        if not kpi.measurements:
            yield Report(kpi.source.place("title"),
                         f"the KPI `{kpi.id}` has no measurements: add one under "
                         "`measurements` (date and value)")


@rule("SST023", "stale-kpi", "warning",
      "a KPI whose latest measurement is older than twice its frequency")
def stale_kpis(context: Context) -> Iterator[Report]:
    """## What it finds

    A KPI whose latest measurement (on or before `as_of`) is older than twice its
    `frequency`: 14 days for a weekly KPI, 62 for a monthly one, 184 for a quarterly one.

    ## Why it matters

    Goals and battles are judged on the latest value: a stale one shows a status that may no
    longer be true, and a measurement missed twice is a habit lost.

    ## Example

    Fails:

    ```yaml
    # strategy/kpis/sales.yaml (as_of: 2026-06-15)
    frequency: monthly
    measurements:
      - date: 2026-01-31
        value: 100
    ```

    Fixed:

    ```yaml
    # strategy/kpis/sales.yaml
    frequency: monthly
    measurements:
      - date: 2026-01-31
        value: 100
      - date: 2026-05-31
        value: 140
    ```

    ## How to fix

    Add a recent measurement (`sst kpi add KPI DATE VALUE`); if the KPI is measured less
    often on purpose, change its `frequency`. `sst status --due` lists the measurements due.
    """
    as_of = context.settings.as_of
    for kpi in context.model.kpis:
        latest = kpi.latest(as_of)
        if latest is None:
            continue
        allowed = 2 * FREQUENCY_DAYS[kpi.frequency]
        age = (as_of - latest.date).days
        if age > allowed:
            yield Report(_measurement_place(kpi, latest),
                         f"the latest measurement of the {kpi.frequency} KPI `{kpi.id}` is "
                         f"from {day(latest.date)}, {age} days before {day(as_of)} (more than "
                         f"twice its frequency): add a recent measurement")


@rule("SST029", "future-measurement", "warning", "a KPI measured in the future")
def future_measurements(context: Context) -> Iterator[Report]:
    """## What it finds

    A measurement dated after `as_of` (today, unless the configuration, `SST_AS_OF` or
    `--as-of` says otherwise).

    ## Why it matters

    A value from the future is a typo in the date, most often the year: health ignores it
    until that day, and then reads a value that belongs elsewhere on the chart.

    ## Example

    Fails:

    ```yaml
    # strategy/kpis/sales.yaml (as_of: 2026-06-15)
    measurements:
      - date: 2027-05-31
        value: 140
    ```

    Fixed:

    ```yaml
    # strategy/kpis/sales.yaml
    measurements:
      - date: 2026-05-31
        value: 140
    ```

    ## How to fix

    Correct the measurement's date.
    """
    as_of = context.settings.as_of
    for kpi in context.model.kpis:
        for measurement in kpi.measurements:
            if measurement.date > as_of:
                yield Report(_measurement_place(kpi, measurement),
                             f"a measurement dated {day(measurement.date)} is in the future "
                             f"(as of {day(as_of)}): fix its date")


def _measurement_place(kpi: Kpi, measurement: Measurement) -> Place:
    return kpi.source.place("measurements", measurement.index, "date")
