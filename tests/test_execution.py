"""The execution score (spec §8): battles won, tactics done, actions done by their date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import REPO, check, edit, write

from sst_plugin.core.health.execution import Execution, Share, execution_score


def score(root: Path, as_of: date, audience: str | None = None) -> Execution:
    return execution_score(check(root, as_of=as_of).model, as_of, audience)


def test_the_example_as_of_its_date() -> None:
    found = score(REPO, date(2026, 11, 16))
    # both finished battles were won; winter-subscriptions is still active
    assert found.battles_won == Share(2, 2)
    # 13 tactics, loyalty-card-email dropped: 8 of the 12 others are done
    assert found.tactics_done == Share(8, 12)
    assert found.actions_on_time.total > 0
    assert found.actions_on_time.done < found.actions_on_time.total  # till-offer's is overdue


def test_nothing_to_count_is_no_share(repo: Path) -> None:
    # the minimal strategy's one battle is active, its one action not yet due
    found = score(repo, date(2026, 2, 1))
    assert found.battles_won == Share(0, 0) and found.battles_won.share is None
    assert found.actions_on_time == Share(0, 0)
    assert found.tactics_done == Share(0, 1) and found.tactics_done.share == 0.0
    assert found.shares() == {"battles_won": None, "tactics_done": 0.0, "actions_on_time": None}


def test_each_share_counts_what_it_says(repo: Path) -> None:
    assert score(repo, date(2026, 2, 7)).actions_on_time == Share(0, 1)  # due on as_of counts
    edit(repo, "strategy/tactics/tasting.yaml", "due: 2026-02-07",
         "due: 2026-02-07\n    done: true\n  - action: Print cards\n    owner: ann\n"
         "    due: 2026-03-01")
    assert score(repo, date(2026, 2, 28)).actions_on_time == Share(1, 1)
    assert score(repo, date(2026, 3, 1)).actions_on_time == Share(1, 2)
    edit(repo, "strategy/battles/launch.yaml", "status: active", "status: lost")
    assert score(repo, date(2026, 3, 1)).battles_won == Share(0, 1)
    write(repo, "strategy/tactics/samples.yaml", """\
        title: Samples
        battle: launch
        category: acquisition
        owner: ann
        win_criteria: Ten buy
        status: dropped
        actions:
          - action: Bake samples
            owner: ann
            due: 2026-02-01
        """)
    # a dropped tactic counts in neither share, nor do its actions
    found = score(repo, date(2026, 3, 1))
    assert found.tactics_done == Share(0, 1)
    assert found.actions_on_time == Share(1, 2)
    edit(repo, "strategy/tactics/tasting.yaml", "win_criteria:", "status: done\nwin_criteria:")
    assert score(repo, date(2026, 3, 1)).as_dict() == {
        "battles_won": {"share": 0.0, "done": 0, "total": 1},
        "tactics_done": {"share": 1.0, "done": 1, "total": 1},
        "actions_on_time": {"share": 0.5, "done": 1, "total": 2},
    }


def test_an_audience_counts_only_what_it_sees(repo: Path) -> None:
    edit(repo, "strategy/battles/launch.yaml", "status: active",
         "status: won\nvisibility: leadership")
    edit(repo, "strategy/tactics/tasting.yaml", "win_criteria:",
         "visibility: leadership\nwin_criteria:")
    assert score(repo, date(2026, 3, 1), "leadership").battles_won == Share(1, 1)
    everyone = score(repo, date(2026, 3, 1))
    assert everyone.battles_won == Share(0, 0)
    assert everyone.tactics_done == Share(0, 0) and everyone.actions_on_time == Share(0, 0)
