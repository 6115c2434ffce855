"""Updates due: measurements, reviews and actions that someone owes the strategy, as of a date.

Status is computed, not self-reported; this is the list that keeps the numbers fresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..days import CADENCE_DAYS, FREQUENCY_DAYS, add_days
from ..model.model import Action, Battle, Entity, Kpi, Model, Tactic
from .audience import may_see

Kind = Literal["measurement", "review", "action"]
# what is due within this many days is listed with what is overdue
HORIZON_DAYS = 7


@dataclass(frozen=True)
class Due:
    kind: Kind
    entity: Entity  # the KPI, battle or tactic it belongs to
    what: str
    owner: str
    due: date
    overdue: bool


def is_overdue(tactic: Tactic, action: Action, as_of: date) -> bool:
    """An action of a live tactic, not done, past its date."""
    return not action.done and action.due < as_of and tactic.status in ("todo", "doing")


def updates_due(model: Model, as_of: date, audience: str | None = None) -> list[Due]:
    """Everything due by `as_of` + a week, overdue first, each with its owner."""
    horizon = add_days(as_of, HORIZON_DAYS)
    found: list[Due] = []

    def shown(entity: Entity) -> bool:
        return may_see(entity.visibility, audience)

    period_start = model.strategy.period_start if model.strategy else as_of
    for kpi in filter(shown, model.of_kind(Kpi)):
        latest = kpi.latest(as_of)
        next_due = add_days(latest.date, FREQUENCY_DAYS[kpi.frequency]) if latest \
            else period_start
        if next_due <= horizon:
            found.append(Due("measurement", kpi, f"{kpi.frequency} measurement", kpi.owner,
                             next_due, next_due < as_of))
    for battle in filter(shown, model.of_kind(Battle)):
        if battle.status != "active" or battle.start > as_of:
            continue
        last = max((r.date for r in battle.reviews if r.date <= as_of), default=battle.start)
        next_due = add_days(last, CADENCE_DAYS[battle.review_cadence])
        if next_due <= horizon:
            found.append(Due("review", battle, f"{battle.review_cadence} review", battle.owner,
                             next_due, next_due < as_of))
    for tactic in filter(shown, model.of_kind(Tactic)):
        if tactic.status not in ("todo", "doing"):
            continue
        for action in tactic.actions:
            if not action.done and action.due <= horizon:
                found.append(Due("action", tactic, action.action, action.owner, action.due,
                                 is_overdue(tactic, action, as_of)))
    return sorted(found, key=lambda d: (not d.overdue, d.due, d.kind, d.entity.id))
