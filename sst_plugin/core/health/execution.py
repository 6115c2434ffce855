"""The execution score (spec §8): how much of what was planned got done, as of a date.

Three shares, each with its counts, so that a reader sees "2 of 3" and not only "67 %":
battles won among the finished ones, tactics done among those not dropped, and actions done
among those due by `as_of`. A share with nothing to count is None (shown as "–"), never 0:
no finished battle yet is not a lost battle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model.model import Battle, Model, Tactic
from .audience import may_see

# a battle is finished once it is won, lost or abandoned; planned and active ones are still open
FINISHED_BATTLES = frozenset({"won", "lost", "abandoned"})


@dataclass(frozen=True)
class Share:
    """`done` of `total`; `share` is None when there is nothing to count."""

    done: int
    total: int

    @property
    def share(self) -> float | None:
        return self.done / self.total if self.total else None

    def as_dict(self) -> dict[str, float | int | None]:
        return {"share": self.share, "done": self.done, "total": self.total}


@dataclass(frozen=True)
class Execution:
    battles_won: Share  # won / finished (won, lost, abandoned)
    tactics_done: Share  # done / not dropped
    actions_on_time: Share  # done / due on or before as_of

    def as_dict(self) -> dict[str, dict[str, float | int | None]]:
        """The export's `execution` and a retrospective's, with the counts beside each share."""
        return {"battles_won": self.battles_won.as_dict(),
                "tactics_done": self.tactics_done.as_dict(),
                "actions_on_time": self.actions_on_time.as_dict()}

    def shares(self) -> dict[str, float | None]:
        """The three shares alone (0–1, None when nothing counts): a retrospective's front
        matter `execution` (spec §8)."""
        return {"battles_won": self.battles_won.share,
                "tactics_done": self.tactics_done.share,
                "actions_on_time": self.actions_on_time.share}


def execution_score(model: Model, as_of: date, audience: str | None = None) -> Execution:
    """The score over what `audience` may see (spec §6: a hidden battle is not counted, lest
    its outcome be read off the counts)."""
    battles = [b for b in model.of_kind(Battle) if may_see(b.visibility, audience)]
    tactics = [t for t in model.of_kind(Tactic) if may_see(t.visibility, audience)]
    finished = [b for b in battles if b.status in FINISHED_BATTLES]
    kept = [t for t in tactics if t.status != "dropped"]
    # a dropped tactic's actions are no longer owed (Updates due lists none of them either)
    due = [a for t in kept for a in t.actions if a.due <= as_of]
    return Execution(
        battles_won=Share(sum(b.status == "won" for b in finished), len(finished)),
        tactics_done=Share(sum(t.status == "done" for t in kept), len(kept)),
        actions_on_time=Share(sum(a.done for a in due), len(due)),
    )
