"""Fuzz target: any bytes as a strategy file give findings, never an exception; any finite
number and any date give a chart and a health, never an exception or a hang.

    python fuzz/fuzz_loader.py -dict=fuzz/extremes.dict -max_total_time=60  # tests/test_fuzz.py

One input in four is read as numbers and dates (extremes first: 1e16 once made the chart's
ticks loop forever) handed straight to the drawing and health code, past the schemas that
keep them out of a real build; the rest is a file's bytes. A file the schema accepts is
drawn too.
"""

from __future__ import annotations

import math
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import atheris

with atheris.instrument_imports():
    from sst_plugin.core.codes import rule_table
    from sst_plugin.core.days import add_days
    from sst_plugin.core.health.health import _expected_share, progress_share
    from sst_plugin.core.read.load import load_file
    from sst_plugin.core.read.schema import validate
    from sst_plugin.core.render import svg

FOLDER = Path(tempfile.mkdtemp(prefix="sst-fuzz-"))
KINDS = ("goal", "kpi", "path", "battle", "tactic", "risk", "strategy", "people")
BIG = sys.float_info.max
NUMBERS = (0, 1, -1, 0.5, 10**15, -(10**15), 10**16, 10**16 + 1, 1e16, 1e17, -1e17, 1e300,
           1e308, -1e308, BIG, -BIG, 5e-324, -5e-324, 2.2250738585072014e-308)
DAYS = (date.min, date(1, 1, 2), date(1899, 12, 31), date(2999, 12, 31), date(9999, 12, 1),
        date(9999, 12, 28), date.max)


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    if provider.ConsumeIntInRange(0, 3) == 0:
        _draw_numbers_and_dates(provider)
        return
    kind = KINDS[provider.ConsumeIntInRange(0, len(KINDS) - 1)]
    suffix = ".md" if provider.ConsumeBool() else ".yaml"
    path = FOLDER / f"input{suffix}"
    path.write_bytes(provider.ConsumeBytes(provider.remaining_bytes()))
    document, findings = load_file(path, path.name, kind, FOLDER)
    if document.data is not None:
        findings += validate(document)
    for found in findings:
        assert found.code in rule_table() and found.message
    if document.data is not None and not findings:
        _draw_document(kind, document.data)


def _number(provider: atheris.FuzzedDataProvider) -> float:
    pick = provider.ConsumeIntInRange(0, len(NUMBERS))
    return NUMBERS[pick] if pick < len(NUMBERS) else provider.ConsumeRegularFloat()


def _day(provider: atheris.FuzzedDataProvider) -> date:
    pick = provider.ConsumeIntInRange(0, len(DAYS))
    if pick < len(DAYS):
        return DAYS[pick]
    return date.fromordinal(provider.ConsumeIntInRange(1, date.max.toordinal()))


def _draw_numbers_and_dates(provider: atheris.FuzzedDataProvider) -> None:
    points = sorted((_day(provider), _number(provider))
                    for _ in range(provider.ConsumeIntInRange(1, 4)))
    baseline, target, value = _number(provider), _number(provider), _number(provider)
    today = _day(provider)
    _draw(points, baseline, target, today)
    assert math.isfinite(progress_share(value, baseline, target))
    add_days(today, provider.ConsumeIntInRange(-(10**7), 10**7))


def _draw(points: list[tuple[date, float]], baseline: float, target: float, today: date) -> None:
    chart = svg.line_chart([svg.Series(points, "sst-actual", "Measured", dots=True)],
                           "chart", "EUR", today)
    assert "nan" not in chart and "inf" not in chart, points
    assert 0 <= _expected_share(points, baseline, target, today) <= 1
    first, last = points[0][0], points[-1][0]
    svg.timeline([svg.Bar("battle", first, last, "#", "sst-active", "note")], first, last,
                 today, "timeline")


def _draw_document(kind: str, data: dict[str, Any]) -> None:
    """What the site draws from a valid KPI or goal, as of the ends of the accepted years."""
    if kind == "kpi" and data.get("measurements"):
        points = sorted((date.fromisoformat(m["date"]), m["value"])
                        for m in data["measurements"])
        for today in (date(1900, 1, 1), date(2999, 12, 31)):
            _draw(points, points[0][1], points[-1][1], today)
    elif kind == "goal":
        deadline = date.fromisoformat(data["deadline"])
        line = sorted([(date.fromisoformat(m["date"]), m["target"])
                       for m in data.get("milestones", [])] + [(deadline, data["target"])])
        _draw(line, data["baseline"], data["target"], deadline)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
