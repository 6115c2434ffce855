"""`sst status`: goals and battles with their health, for a terminal."""

from __future__ import annotations

from .config import Settings
from .due import updates_due
from .health import Health, battle_health, goal_health
from .model import Model, visible_to
from .text import date_range, day, number

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
    text = f"{status:<9}"
    return f"{_COLOURS[status]}{text}{_RESET}" if colour else text


def _progress(health: Health | None) -> str:
    if health is None or health.progress is None:
        return "no data"
    return f"{health.progress * 100:3.0f} % (expected {health.expected * 100:.0f} %)"


def status_text(model: Model, settings: Settings, colour: bool = False) -> str:
    margins = (settings.on_track_margin, settings.at_risk_margin)
    lines = []
    company = model.strategy.company if model.strategy else "Strategy"
    lines.append(f"{company}: as of {day(settings.as_of)}")
    lines.append("")
    goals = [g for g in model.goals if visible_to(g.visibility, settings.audience)]
    lines.append(f"Goals ({len(goals)})")
    for goal in sorted(goals, key=lambda g: (not g.breakthrough, g.deadline, g.id)):
        health = goal_health(model, goal, settings.as_of, *margins)
        star = "★" if goal.breakthrough else " "
        lines.append(f"  {star} {_status(health, colour)} {_bar(health)} {_progress(health):<26} "
                     f"{goal.title} ({number(goal.baseline)} → {number(goal.target)}, "
                     f"by {day(goal.deadline)})")
    battles = [b for b in model.battles if visible_to(b.visibility, settings.audience)]
    lines.append("")
    lines.append(f"Battles ({len(battles)})")
    for battle in sorted(battles, key=lambda b: (b.start, b.id)):
        health = battle_health(model, battle, settings.as_of, *margins)
        lines.append(f"    {_status(health, colour)} {_bar(health)} {_progress(health):<26} "
                     f"{battle.title} [{battle.status}, {date_range(battle.start, battle.end)}]")
    return "\n".join(lines) + "\n"


def due_text(model: Model, settings: Settings, colour: bool = False) -> str:
    """Updates due, overdue first: date, what, for which entity, and who owes it."""
    items = updates_due(model, settings.as_of, settings.audience)
    lines = [f"Updates due as of {day(settings.as_of)}: {len(items)}"]
    for item in items:
        label = "overdue" if item.overdue else "due"
        if colour:
            label = f"{_COLOURS['off-track' if item.overdue else 'at-risk']}{label:<7}{_RESET}"
        else:
            label = f"{label:<7}"
        owner = model.entities.get(item.owner)
        who = owner.title if owner is not None and visible_to(owner.visibility,
                                                               settings.audience) else item.owner
        lines.append(f"  {label} {day(item.due):>11}  {item.kind:<11} {item.entity.title}: "
                     f"{item.what} ({who})")
    return "\n".join(lines) + "\n"
