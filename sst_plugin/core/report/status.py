"""`sst status`: goals and battles with their health, for a terminal."""

from __future__ import annotations

from ..health.audience import RESTRICTED, Audience
from ..health.due import updates_due
from ..health.health import Health
from ..model.model import Battle, Goal, Model
from ..read.config import Settings
from ..text import date_range, day, number, percent

_COLOURS = {"achieved": "\033[34m", "on-track": "\033[32m", "at-risk": "\033[33m",
            "off-track": "\033[31m", "missed": "\033[35m", "no-data": "\033[2m"}
_RESET = "\033[0m"
BAR_WIDTH = 20


def _bar(health: Health | None) -> str:
    share = 0.0 if health is None or health.progress is None else health.progress
    filled = round(max(0.0, min(1.0, share)) * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def _status(health: Health | None, colour: bool) -> str:
    status = health.status if health else "no-data"
    text = f"{status:<10}"
    return f"{_COLOURS[status]}{text}{_RESET}" if colour else text


def _progress(health: Health | None) -> str:
    if health is None or health.progress is None:
        return "no data"
    # round() gives an int, so a share just below zero prints 0 %, never -0 %
    return f"{round(health.progress * 100):3d} % (expected {percent(health.expected)})"


def _health_columns(audience: Audience, entity: Goal | Battle, colour: bool) -> str:
    """Status, bar and progress; "restricted" where the KPI is hidden, as on the site."""
    if audience.hides(entity.kpi):
        return f"{RESTRICTED:<10} {_bar(None)} {RESTRICTED:<26}"
    health = audience.health(entity)
    return f"{_status(health, colour)} {_bar(health)} {_progress(health):<26}"


def status_text(model: Model, settings: Settings, colour: bool = False) -> str:
    audience = Audience(model, settings)
    lines = []
    company = model.strategy.company if model.strategy else "Strategy"
    lines.append(f"{company}: as of {day(settings.as_of)}")
    lines.append("")
    goals = audience.visible(model.goals)
    lines.append(f"Goals ({len(goals)})")
    for goal in sorted(goals, key=lambda g: (not g.breakthrough, g.deadline, g.id)):
        star = "★" if goal.breakthrough else " "
        lines.append(f"  {star} {_health_columns(audience, goal, colour)} "
                     f"{goal.title} ({number(goal.baseline)} → {number(goal.target)}, "
                     f"by {day(goal.deadline)})")
    battles = audience.visible(model.battles)
    lines.append("")
    lines.append(f"Battles ({len(battles)})")
    for battle in sorted(battles, key=lambda b: (b.start, b.id)):
        lines.append(f"    {_health_columns(audience, battle, colour)} "
                     f"{battle.title} [{battle.status}, {date_range(battle.start, battle.end)}]")
    return "\n".join(lines) + "\n"


def due_text(model: Model, settings: Settings, colour: bool = False) -> str:
    """Updates due, overdue first: date, what, for which entity, and who owes it."""
    audience = Audience(model, settings)
    items = updates_due(model, settings.as_of, settings.audience)
    lines = [f"Updates due as of {day(settings.as_of)}: {len(items)}"]
    for item in items:
        label = "overdue" if item.overdue else "due"
        if colour:
            label = f"{_COLOURS['off-track' if item.overdue else 'at-risk']}{label:<7}{_RESET}"
        else:
            label = f"{label:<7}"
        lines.append(f"  {label} {day(item.due):>11}  {item.kind:<11} {item.entity.title}: "
                     f"{item.what} ({audience.name_of(item.owner)})")
    return "\n".join(lines) + "\n"
