"""What one person or team owes and has done, as of a date: the "my week" of their page.

A person's page opens with what falls due this week, then what is overdue, then later open
actions and what is done; a team's page rolls the same lists up over the team and its members.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..days import add_days
from ..health.due import HORIZON_DAYS, updates_due
from ..model.model import Action, Entity, Tactic
from .view import SiteView

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
    # measurements, reviews and actions due by the week's end: the Updates due page's rule
    due = [d for d in updates_due(view.model, as_of, view.settings.audience)
           if d.owner in owners]
    this_week = [Task(d.kind, d.task, d.entity, d.owner, d.due, "due",
                      _measure(d.entity, d.what)) for d in due if not d.overdue]
    overdue = [Task(d.kind, d.task, d.entity, d.owner, d.due, "overdue",
                    _measure(d.entity, d.what)) for d in due if d.overdue]
    later: list[Task] = []
    done: list[Task] = []
    for tactic in view.visible(view.model.tactics):
        for action in tactic.actions:
            if action.owner not in owners:
                continue
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


def _task(tactic: Tactic, action: Action, state: State) -> Task:
    return Task("action", action.action, tactic, action.owner, action.due, state, action.measure)


def _measure(entity: Entity, what: str) -> str | None:
    """How we know an action is done, as its plan says."""
    if isinstance(entity, Tactic):
        return next((a.measure for a in entity.actions if a.action == what), None)
    return None


def _order(task: Task) -> tuple[date, str, str]:
    return (task.due, task.entity.id, task.what)
