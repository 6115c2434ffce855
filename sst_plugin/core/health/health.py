"""Health (spec §5): progress, expected progress and status of goals and battles on a date."""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from itertools import pairwise
from typing import TYPE_CHECKING, Literal

from ..findings import Place
from ..model.model import Battle, Goal, Kpi, Model

if TYPE_CHECKING:
    from ..read.config import Settings

Status = Literal["achieved", "missed", "no-data", "on-track", "at-risk", "off-track"]
STATUSES: tuple[Status, ...] = ("achieved", "on-track", "at-risk", "off-track", "missed", "no-data")


@dataclass(frozen=True)
class Health:
    status: Status
    progress: float | None  # share of the way from baseline to target; None without data
    expected: float  # share expected by now
    baseline: float
    target: float
    current: float | None  # the latest value on or before the reading date
    measured_on: date | None


def goal_health(model: Model, goal: Goal, as_of: date, on_track_margin: float = 0.10,
                at_risk_margin: float = 0.25) -> Health | None:
    """None when the goal's KPI or start is unknown (other findings say why)."""
    kpi = model.get(goal.kpi, Kpi)
    start = model.goal_start(goal)
    if kpi is None or start is None:
        return None
    line = [(start, goal.baseline), *((m.date, m.target) for m in goal.milestones),
            (goal.deadline, goal.target)]
    return _health(kpi, goal.baseline, goal.target, start, goal.deadline, line, as_of,
                   on_track_margin, at_risk_margin)


def battle_health(model: Model, battle: Battle, as_of: date, on_track_margin: float = 0.10,
                  at_risk_margin: float = 0.25) -> Health | None:
    kpi = model.get(battle.kpi, Kpi)
    if kpi is None:
        return None
    baseline = battle_baseline(battle, kpi)
    line = [(battle.start, baseline), (battle.end, battle.target)]
    return _health(kpi, baseline, battle.target, battle.start, battle.end, line, as_of,
                   on_track_margin, at_risk_margin)


def battle_baseline(battle: Battle, kpi: Kpi) -> float:
    """As written, else the KPI's latest value on or before the start, else 0."""
    if battle.baseline is not None:
        return battle.baseline
    latest = kpi.latest(battle.start)
    return latest.value if latest else 0


def baseline_defaulted(battle: Battle, kpi: Kpi | None) -> bool:
    """True when the battle's baseline is the spec's last resort, 0: none written, and no value
    of its KPI on or before its start. Its progress then counts from 0, which readers must know
    (a battle at 95 % beside its goal at 47 %)."""
    return kpi is not None and battle.baseline is None and kpi.latest(battle.start) is None


def defaulted_baselines(model: Model) -> list[tuple[Place, str]]:
    """`sst check`'s info lines for the battles whose baseline defaulted to 0: the spec gives
    this no rule code, so it is said beside the findings, never as one."""
    notes = []
    for battle in sorted(model.battles, key=lambda b: b.source.file):
        kpi = model.get(battle.kpi, Kpi)
        if baseline_defaulted(battle, kpi):
            notes.append((battle.source.place("start"),
                          f"baseline 0 by default: no `baseline` is written and `{battle.kpi}` "
                          f"has no value on or before the start ({battle.start.isoformat()}), "
                          "so progress counts from 0: write `baseline`, or add the KPI's value "
                          "on the start date"))
    return notes


def _health(kpi: Kpi, baseline: float, target: float, start: date, deadline: date,
            line: list[tuple[date, float]], as_of: date, on_track_margin: float,
            at_risk_margin: float) -> Health:
    expected = _expected_share(line, baseline, target, as_of)
    # judged on the value at the reading date: a battle that ended in April is judged on its April
    # value, never on a later measurement (spec §5)
    latest = kpi.latest(reading_date(deadline, as_of))
    if latest is None:
        return Health("no-data", None, expected, baseline, target, None, None)
    progress = progress_share(latest.value, baseline, target)
    status: Status
    if progress >= 1:
        status = "achieved"
    elif as_of > deadline:
        status = "missed"
    elif progress >= expected - on_track_margin:
        status = "on-track"
    elif progress >= expected - at_risk_margin:
        status = "at-risk"
    else:
        status = "off-track"
    return Health(status, progress, expected, baseline, target, latest.value, latest.date)


def reading_date(deadline: date, as_of: date) -> date:
    """The date whose value progress reads: the earlier of `as_of` and the deadline (or end)."""
    return min(as_of, deadline)


# A share past a billion times the way means no more than infinity would, and stays a number
# that JSON, comparisons and percentages can hold.
SHARE_LIMIT = 1e9


def progress_share(value: float, baseline: float, target: float) -> float:
    """(value − baseline) / (target − baseline); a target equal to its baseline is met or not."""
    if target == baseline:
        return 1.0 if value == target else 0.0
    try:
        rise, run = value - baseline, target - baseline
        share = rise / run if math.isfinite(rise) and math.isfinite(run) else math.nan
    except (OverflowError, ZeroDivisionError):  # ints beyond a float's range or precision
        share = math.nan
    if not math.isfinite(share):  # something overflowed: work it out exactly instead
        exact = Fraction(value) - Fraction(baseline)
        share = _finite(exact / (Fraction(target) - Fraction(baseline)))
    return max(-SHARE_LIMIT, min(SHARE_LIMIT, share))


def _between(v0: float, v1: float, done: int, span: int) -> float:
    """v0 + (v1 − v0) × done / span, for 0 ≤ done ≤ span: exact where floats would overflow."""
    try:
        value = v0 + (v1 - v0) * done / span
    except OverflowError:
        value = math.nan
    if math.isfinite(value):
        return value
    return _finite(Fraction(v0) + (Fraction(v1) - Fraction(v0)) * Fraction(done, span))


def _finite(exact: Fraction) -> float:
    return float(max(Fraction(-sys.float_info.max), min(Fraction(sys.float_info.max), exact)))


def _expected_share(line: list[tuple[date, float]], baseline: float, target: float,
                    as_of: date) -> float:
    """The value read off the line through baseline, milestones and target, as a share."""
    points = sorted(line, key=lambda point: point[0])
    if as_of <= points[0][0]:
        value = points[0][1]
    elif as_of >= points[-1][0]:
        value = points[-1][1]
    else:
        value = points[-1][1]
        for (d0, v0), (d1, v1) in pairwise(points):
            if d0 <= as_of <= d1:
                span = (d1 - d0).days
                value = v1 if span == 0 else _between(v0, v1, (as_of - d0).days, span)
                break
    if target == baseline:
        return 1.0 if as_of >= points[-1][0] else 0.0
    return max(0.0, min(1.0, progress_share(value, baseline, target)))


def health_of(entity: Goal | Battle, model: Model, settings: Settings) -> Health | None:
    """The one entry point: a goal's or battle's health on the settings' date, judged with
    their margins. Who may read it is the audience's to say (Audience.health)."""
    margins = (settings.on_track_margin, settings.at_risk_margin)
    if isinstance(entity, Goal):
        return goal_health(model, entity, settings.as_of, *margins)
    return battle_health(model, entity, settings.as_of, *margins)
