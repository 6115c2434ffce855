"""The traceability view: each goal with the battles that serve it, and the gaps up front.

A goals × battles matrix grows with their product (36 MB of HTML at 10,000 entities); this view
lists, for each goal, only the battles that serve it, directly or through a goal cascaded from
it, so that its size follows the links the strategy holds. Past one page's worth of goals, the
rows are split into parts, sub-pages that the traceability page links: no page grows without
bound.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model.model import Battle, Goal
from .view import SiteView

# a part holds about this many goals and battle links (a row weighs 1 + its battles; some 60
# goals): a page a reader can scan; a part break prefers to fall before a top-level goal
PART_WEIGHT = 150
# a cascade bigger than a part is cut there anyway, so that no part grows past twice the weight
PART_LIMIT = 2 * PART_WEIGHT


@dataclass(frozen=True)
class Row:
    goal: Goal
    depth: int  # 0 for a goal cascaded from no visible goal
    direct: list[Battle]  # battles that list the goal
    cascade: list[Battle]  # battles serving a goal cascaded from it, not already direct

    @property
    def weight(self) -> int:
        return 1 + len(self.direct) + len(self.cascade)

    @property
    def served(self) -> bool:
        return bool(self.direct or self.cascade)


@dataclass(frozen=True)
class Part:
    number: int
    uri: str
    rows: list[Row]

    @property
    def tops(self) -> list[Goal]:
        """The top-level goals whose rows are in this part: what the part is named by."""
        return [row.goal for row in self.rows if row.depth == 0]


@dataclass(frozen=True)
class Traceability:
    rows: list[Row]
    unserved: list[Goal]  # goals no battle serves, directly or through the cascade
    unfought: list[Battle]  # active battles with no tactic
    parts: list[Part]  # empty when every row fits on the traceability page


def part_uri(page_uri: str, number: int) -> str:
    """`strategy/traceability/part-2.md` beside `strategy/traceability.md`."""
    return f"{page_uri.removesuffix('.md')}/part-{number}.md"


def trace(view: SiteView, goals: Sequence[Goal], page_uri: str) -> Traceability:
    """GOALS (in the site's goal order: each followed by its cascade) with their battles."""
    model = view.model
    order = {b.id: (b.start, b.id) for b in model.battles}
    depth: dict[str, int] = {}
    rows = []
    for goal in goals:
        # a parent comes before its cascade in the goal order; a cycle's goals start at 0
        depth[goal.id] = depth[goal.parent] + 1 if goal.parent in depth else 0
        direct = view.visible(model.battles_of(goal))
        direct_ids = {b.id for b in direct}
        cascade = [b for b in model.cascade_battles(goal)
                   if b.id not in direct_ids and view.can_see(b)]
        rows.append(Row(goal, depth[goal.id], sorted(direct, key=lambda b: order[b.id]),
                        sorted(cascade, key=lambda b: order[b.id])))
    battles = sorted(view.visible(model.battles), key=lambda b: order[b.id])
    unfought = [b for b in battles if b.status != "abandoned"
                and not view.visible(model.tactics_of(b))]
    return Traceability(rows, [row.goal for row in rows if not row.served], unfought,
                        _parts(rows, page_uri))


def _parts(rows: list[Row], page_uri: str) -> list[Part]:
    if sum(row.weight for row in rows) <= PART_WEIGHT:
        return []
    groups: list[list[Row]] = [[]]
    weight = 0
    for row in rows:
        limit = PART_WEIGHT if row.depth == 0 else PART_LIMIT
        if groups[-1] and weight + row.weight > limit:
            groups.append([])
            weight = 0
        groups[-1].append(row)
        weight += row.weight
    return [Part(number, part_uri(page_uri, number), group)
            for number, group in enumerate(groups, start=1)]
