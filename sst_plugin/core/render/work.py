"""What one person or team owes and has done, as of a date: the "my week" of their page.

A person's page opens with what falls due this week, then what is overdue, then later open
actions and what is done; a team's page rolls the same lists up over the team and its members.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any, Literal, TypeVar

from ..days import add_days
from ..health.due import HORIZON_DAYS
from ..model.model import Action, Entity, Tactic
from .view import SiteView

N = TypeVar("N", bound=tuple[Any, ...])  # an item numbered by its place: (number, ...)
State = Literal["due", "overdue", "open", "done", "closed"]
LIVE_TACTICS = ("todo", "doing")


@dataclass(frozen=True)
class Task:
    """One thing someone owes: an action, a measurement of a KPI, a review of a battle or a
    check-in on a goal or battle."""

    kind: Literal["action", "measurement", "review", "checkin"]
    what: str  # the action as written, or what the measurement or review is
    entity: Entity  # the tactic, KPI or battle it belongs to
    owner: str  # the ID of the person or team who owes it
    due: date
    state: State
    measure: str | None = None


@dataclass(frozen=True)
class Work:
    this_week: list[Task]  # due from today to the end of the horizon, not yet late
    overdue: list[Task]
    later: list[Task]  # open actions due after this week
    done: list[Task]  # done actions, and unticked ones of tactics that are done or dropped
    week_end: date

    @property
    def open_count(self) -> int:
        return len(self.this_week) + len(self.overdue) + len(self.later)


def work_of(view: SiteView, owner_ids: Sequence[str]) -> Work:
    """The tasks of everyone in OWNER_IDS (a person; or a team and its members)."""
    owners = set(owner_ids)
    as_of = view.as_of
    week_end = add_days(as_of, HORIZON_DAYS)
    # measurements, reviews and actions due by the week's end: the Updates due page's rule;
    # each owner's share from the view's indexes, merged back into the order of the whole
    due = [d for _, d in _merged(view.due_by_owner, owners)]
    this_week = [Task(d.kind, d.task, d.entity, d.owner, d.due, "due",
                      _measure(d.entity, d.what)) for d in due if not d.overdue]
    overdue = [Task(d.kind, d.task, d.entity, d.owner, d.due, "overdue",
                    _measure(d.entity, d.what)) for d in due if d.overdue]
    later: list[Task] = []
    done: list[Task] = []
    for _, tactic, action in _merged(view.actions_by_owner, owners):
        if action.done or tactic.status not in LIVE_TACTICS:
            done.append(_task(tactic, action, "done" if action.done else "closed"))
        elif action.due > week_end:
            later.append(_task(tactic, action, "open"))
    return Work(
        this_week=sorted(this_week, key=_order),
        overdue=sorted(overdue, key=_order),
        later=sorted(later, key=_order),
        done=sorted(done, key=lambda t: (t.due, t.entity.id, t.what), reverse=True),
        week_end=week_end)


def _merged(by_owner: Mapping[str, list[N]], owners: Iterable[str]) -> list[N]:
    """The numbered items of OWNERS, in the order of the whole list they were numbered in (a
    team's page lists its members' tasks as the Updates due page does, ties and all)."""
    shares = [by_owner.get(owner, []) for owner in owners]
    if len(shares) == 1:
        return shares[0]
    return sorted((item for share in shares for item in share), key=itemgetter(0))


def _task(tactic: Tactic, action: Action, state: State) -> Task:
    return Task("action", action.action, tactic, action.owner, action.due, state, action.measure)


def _measure(entity: Entity, what: str) -> str | None:
    """How we know an action is done, as its plan says."""
    if isinstance(entity, Tactic):
        return next((a.measure for a in entity.actions if a.action == what), None)
    return None


def _order(task: Task) -> tuple[date, str, str]:
    return (task.due, task.entity.id, task.what)
