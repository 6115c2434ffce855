"""Status history (spec §8): each goal's status and progress at every month end of the period.

Each month end is judged with the strategy as it stood that day: in a git repository, the last
commit on or before it (targets, milestones and measurements as then written); before the
strategy's first commit, or outside git, the files as they are. Measurements dated after the
day never count (health reads the value on or before it). The last point is `as_of`, read from
the files as they are: the status every page shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..days import add_days, month_end
from ..model.model import Goal, Kpi, Model, build_model
from ..read.config import Settings
from ..read.git_history import GitRecord, git_record
from .audience import may_see
from .health import STATUSES, Status, goal_health


@dataclass(frozen=True)
class Point:
    date: date
    status: Status
    progress: float | None  # None without data

    def as_dict(self) -> dict[str, object]:
        return {"date": self.date.isoformat(), "status": self.status, "progress": self.progress}


@dataclass(frozen=True)
class StatusHistory:
    """Goal ID → its points, oldest first; a goal not yet written on a date has no point."""

    dates: tuple[date, ...]
    goals: Mapping[str, tuple[Point, ...]]

    def of(self, goal_id: str) -> tuple[Point, ...]:
        return self.goals.get(goal_id, ())

    def distribution(self) -> list[tuple[date, dict[Status, int]]]:
        """How many goals stood in each status on each date (the overview's stacked bars)."""
        # one pass over the points, not one per date: a long period has thousands of dates
        found: dict[date, dict[Status, int]] = {day: dict.fromkeys(STATUSES, 0)
                                                for day in self.dates}
        for points in self.goals.values():
            for point in points:
                if point.date in found:
                    found[point.date][point.status] += 1
        return list(found.items())


def history_dates(start: date, end: date, as_of: date) -> list[date]:
    """Every month end from the period's start to `as_of` (within the period), then `as_of`."""
    last = min(as_of, end)
    dates = []
    day = month_end(start)
    while day < last:
        dates.append(day)
        day = month_end(add_days(day, 1))
    if last >= start:
        dates.append(last)
    return dates


def status_history(model: Model, settings: Settings, root: Path | None = None,
                   record: GitRecord | None = None) -> StatusHistory:
    """The history of every goal the settings' audience may read (its KPI visible too). With
    ROOT, its git record is read (or RECORD, kept between builds: it caches each commit)."""
    strategy = model.strategy
    if strategy is None:
        return StatusHistory((), {})
    if record is None and root is not None:
        record = git_record(root, settings.strategy_dir)
    dates = history_dates(strategy.period_start, strategy.period_end, settings.as_of)
    models: dict[str, Model] = {}  # one model per commit

    def model_on(day: date) -> Model:
        commit = record.commit_on(day) if record is not None and day < settings.as_of else None
        if commit is None or record is None:
            return model
        if commit not in models:
            models[commit] = build_model(record.documents(commit, settings.max_file_size))
        return models[commit]

    audience = settings.audience
    shown = [g for g in model.goals if may_see(g.visibility, audience)
             and (kpi := model.get(g.kpi, Kpi)) is not None and may_see(kpi.visibility, audience)]
    points: dict[str, list[Point]] = {g.id: [] for g in shown}
    margins = (settings.on_track_margin, settings.at_risk_margin)
    for day in dates:
        then = model_on(day)
        for goal in shown:
            past = then.get(goal.id, Goal)
            if past is None:
                continue  # not yet written (or unreadable) that day
            health = goal_health(then, past, day, *margins)
            points[goal.id].append(Point(day, health.status, health.progress) if health
                                   else Point(day, "no-data", None))
    return StatusHistory(tuple(dates), {k: tuple(v) for k, v in points.items()})
