"""What the battles take of the company's capacity: on one day, and month by month.

One reading for SST031 and for the resources view on the battles page, so that the two never
disagree about which battles hold people and budget on a date.

A battle holds its `resources` from its `start` to its `end`, except:
- an `abandoned` battle holds nothing (as SST012 does not count it: it is not fought);
- a `won` or `lost` battle is over: it holds nothing from `as_of` on, even where its `end` is
  later (it freed its people early), but it did hold them on the days before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..days import add_days, month_end
from .model import Battle

FINISHED = frozenset({"won", "lost"})


@dataclass(frozen=True)
class Commitment:
    """The battles that hold resources over some days, and what they take between them."""

    battles: tuple[Battle, ...]

    @property
    def people(self) -> float:
        return sum(b.resources.people or 0 for b in self.battles)

    @property
    def budget(self) -> float:
        return sum(b.resources.budget or 0 for b in self.battles)


@dataclass(frozen=True)
class MonthCommitment:
    """A month of the period (its first and last day, clipped to the period) and its battles."""

    start: date
    end: date
    commitment: Commitment


def held_until(battle: Battle, as_of: date) -> date | None:
    """The last day a battle holds its resources; None when it never holds any."""
    if battle.status == "abandoned":
        return None
    if battle.status in FINISHED:
        # over: it held its resources until the day before as_of at the latest
        return min(battle.end, add_days(as_of, -1))
    return battle.end


def holds_between(battle: Battle, first: date, last: date, as_of: date) -> bool:
    """True when the battle holds its resources on some day from `first` to `last`."""
    until = held_until(battle, as_of)
    return until is not None and battle.start <= last and until >= first and battle.start <= until


def committed_on(battles: Iterable[Battle], day: date, as_of: date) -> Commitment:
    """The battles holding resources on a day, in order of start (SST031 reads `as_of`)."""
    return Commitment(_in_order(b for b in battles if holds_between(b, day, day, as_of)))


def committed_by_month(battles: Iterable[Battle], start: date, end: date,
                       as_of: date) -> list[MonthCommitment]:
    """Each calendar month from `start` to `end` with the battles holding resources in it.

    A battle counts in every month it holds resources for a day at least: "at one time" in a
    month means the battles that share it, which is how a team plans its people.
    """
    candidates = [b for b in battles if held_until(b, as_of) is not None]
    months: list[MonthCommitment] = []
    first = start
    while first <= end:
        last = min(month_end(first), end)
        months.append(MonthCommitment(first, last, Commitment(_in_order(
            b for b in candidates if holds_between(b, first, last, as_of)))))
        if last >= date.max:
            break
        first = add_days(last, 1)
    return months


def _in_order(battles: Iterable[Battle]) -> tuple[Battle, ...]:
    return tuple(sorted(battles, key=lambda b: (b.start, b.id)))
