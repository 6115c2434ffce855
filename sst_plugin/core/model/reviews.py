"""The review rhythm: which battles and tactics owe a review, and since when.

One reading for SST027 and for "Updates due", so that the two never disagree about what is late.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ..days import CADENCE_DAYS, add_days
from .model import Battle, Model, Tactic


@dataclass(frozen=True)
class ReviewClock:
    """An `active` battle or a `doing` tactic with a cadence, started on or before a date."""

    entity: Battle | Tactic
    cadence: str  # weekly | biweekly | monthly
    start: date  # when the clock started: the entity's start
    last: date | None  # its latest review on or before the date, if any

    @property
    def since(self) -> date:
        return self.last or self.start

    @property
    def next_due(self) -> date:
        return add_days(self.since, CADENCE_DAYS[self.cadence])


def tactic_start(model: Model, tactic: Tactic) -> date | None:
    """A tactic's own `start`, else its battle's: a play is fought from when its battle is."""
    if tactic.start is not None:
        return tactic.start
    battle = model.get(tactic.battle, Battle)
    return battle.start if battle else None


def review_clocks(model: Model, as_of: date) -> Iterator[ReviewClock]:
    """Every battle and tactic held to a cadence as of a date (spec §4 SST027, §8 tactics).

    A battle is held while `active` (its cadence defaults to biweekly); a tactic only while
    `doing` and only when it names a `review_cadence`: most plays are reviewed in their battle's
    meeting, and a cadence is how a team says this one has a meeting of its own.
    """
    for battle in model.battles:
        if battle.status == "active" and battle.start <= as_of:
            yield ReviewClock(battle, battle.review_cadence, battle.start,
                              _last_review(battle, as_of))
    for tactic in model.tactics:
        start = tactic_start(model, tactic)
        if tactic.status == "doing" and tactic.review_cadence and start and start <= as_of:
            yield ReviewClock(tactic, tactic.review_cadence, start, _last_review(tactic, as_of))


def _last_review(entity: Battle | Tactic, as_of: date) -> date | None:
    # a review dated after as_of has not happened yet, as of then
    return max((r.date for r in entity.reviews if r.date <= as_of), default=None)
