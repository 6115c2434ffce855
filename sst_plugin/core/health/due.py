"""Updates due: measurements, reviews, actions and check-ins owed to the strategy, as of a date.

Status is computed, not self-reported; this is the list that keeps the numbers fresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..days import CADENCE_DAYS, FREQUENCY_DAYS, add_days
from ..language import N_
from ..model.model import Action, Battle, Entity, Goal, Kpi, Model, Tactic
from ..model.reviews import review_clocks
from .audience import may_see

Kind = Literal["measurement", "review", "action", "checkin"]
# what is due within this many days is listed with what is overdue
HORIZON_DAYS = 7
# every `what` and `task` a Due below can say (an action's own text aside), marked for the
# catalogues: the pages (render/words.due_words) and the digest translate them
DUE_WORDS = frozenset({
    N_("weekly measurement"), N_("monthly measurement"), N_("quarterly measurement"),
    N_("weekly review"), N_("biweekly review"), N_("monthly review"), N_("weekly check-in"),
    N_("biweekly check-in"), N_("monthly check-in"), N_("quarterly check-in"),
    N_("Record the weekly measurement"), N_("Record the monthly measurement"),
    N_("Record the quarterly measurement"), N_("Hold the weekly review"),
    N_("Hold the biweekly review"), N_("Hold the monthly review"), N_("Give the weekly check-in"),
    N_("Give the biweekly check-in"), N_("Give the monthly check-in"),
    N_("Give the quarterly check-in"),
})


@dataclass(frozen=True)
class Due:
    kind: Kind
    entity: Entity  # the KPI, battle or tactic it belongs to
    what: str
    owner: str
    due: date
    overdue: bool

    @property
    def task(self) -> str:
        """What to do, in words: `Record the monthly measurement`; an action as written."""
        verb = {"measurement": "Record", "review": "Hold", "checkin": "Give"}.get(self.kind)
        return f"{verb} the {self.what}" if verb else self.what


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
    # active battles, and doing tactics with a cadence: the same clocks as SST027
    for clock in review_clocks(model, as_of):
        if shown(clock.entity) and clock.next_due <= horizon:
            found.append(Due("review", clock.entity, f"{clock.cadence} review",
                             clock.entity.owner, clock.next_due, clock.next_due < as_of))
    for tactic in filter(shown, model.of_kind(Tactic)):
        if tactic.status not in ("todo", "doing"):
            continue
        for action in tactic.actions:
            if not action.done and action.due <= horizon:
                found.append(Due("action", tactic, action.action, action.owner, action.due,
                                 is_overdue(tactic, action, as_of)))
    found.extend(checkins_due(model, as_of, audience))
    return sorted(found, key=lambda d: (not d.overdue, d.due, d.kind, d.entity.id))


def checkins_due(model: Model, as_of: date, audience: str | None = None) -> list[Due]:
    """The check-ins (spec §8) owed by `as_of` + a week: one per cadence while a goal or battle
    is active, counted from its latest check-in, or from its start when it has none yet.

    A battle's cadence is its `review_cadence`; a goal's, its KPI's `frequency` (the owner's
    word comes as often as the number it is about). None is
    owed until the team has given a first check-in somewhere: check-ins are optional (§8), and a
    strategy that does not use them would otherwise list every goal and battle as overdue.
    """
    horizon = add_days(as_of, HORIZON_DAYS)
    found: list[Due] = []
    if not any(goal.checkins for goal in model.of_kind(Goal)) \
            and not any(battle.checkins for battle in model.of_kind(Battle)):
        return found
    kpis = {kpi.id: kpi for kpi in model.of_kind(Kpi)}
    for goal in model.of_kind(Goal):
        start = model.goal_start(goal) or as_of
        if not may_see(goal.visibility, audience) or not start <= as_of <= goal.deadline:
            continue
        kpi = kpis.get(goal.kpi)
        frequency = kpi.frequency if kpi else "monthly"
        found.extend(_checkin(goal, start, FREQUENCY_DAYS[frequency], frequency, as_of, horizon))
    for battle in model.of_kind(Battle):
        if not may_see(battle.visibility, audience) or battle.status != "active" \
                or not battle.start <= as_of:
            continue
        found.extend(_checkin(battle, battle.start, CADENCE_DAYS[battle.review_cadence],
                              battle.review_cadence, as_of, horizon))
    return found


def _checkin(entity: Goal | Battle, start: date, days: int, cadence: str, as_of: date,
             horizon: date) -> list[Due]:
    last = max((c.date for c in entity.checkins if c.date <= as_of), default=start)
    next_due = add_days(last, days)
    if next_due > horizon:
        return []
    return [Due("checkin", entity, f"{cadence} check-in", entity.owner, next_due,
                next_due < as_of)]
