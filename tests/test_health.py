"""Health (spec §5): progress, expected progress and status as of a date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import AS_OF, REPO, check, edit

from sst_plugin.core.health.health import battle_health, goal_health, progress_share
from sst_plugin.core.model.model import Battle, Goal, Model
from sst_plugin.core.read.config import Settings, load_settings
from sst_plugin.core.report.status import status_text
from sst_plugin.core.text import percent

GOAL = "strategy/goals/grow.yaml"
KPI = "strategy/kpis/sales.yaml"


def goal(model: Model, goal_id: str = "grow") -> Goal:
    found = model.get(goal_id, Goal)
    assert found is not None
    return found


def test_progress_and_expected_on_a_straight_line(repo: Path) -> None:
    model = check(repo).model
    # 2026-01-01 → 2026-12-31, baseline 100, target 200, latest value 140 (2026-05-31)
    health = goal_health(model, goal(model), date(2026, 7, 2))
    assert health is not None
    assert health.progress == pytest.approx(0.4)
    assert health.expected == pytest.approx(182 / 364)
    assert health.current == 140 and health.measured_on == date(2026, 5, 31)
    assert health.status == "on-track"  # 0.40 ≥ 0.50 − 0.10


@pytest.mark.parametrize(("as_of", "status"), [
    (date(2026, 1, 15), "no-data"),  # the first measurement is on 2026-01-31
    (date(2026, 6, 1), "on-track"),  # expected 0.41, progress 0.40
    (date(2026, 8, 20), "at-risk"),  # expected 0.63, progress 0.40
    (date(2026, 11, 1), "off-track"),  # expected 0.83, progress 0.40
    (date(2027, 1, 5), "missed"),
])
def test_statuses(repo: Path, as_of: date, status: str) -> None:
    model = check(repo).model
    health = goal_health(model, goal(model), as_of)
    assert health is not None and health.status == status


def test_achieved_wins_over_the_calendar(repo: Path) -> None:
    edit(repo, KPI, "value: 140", "value: 200")
    model = check(repo).model
    health = goal_health(model, goal(model), date(2027, 3, 1))
    assert health is not None and health.status == "achieved"


def test_margins_are_configurable(repo: Path) -> None:
    model = check(repo).model
    health = goal_health(model, goal(model), date(2026, 8, 20), on_track_margin=0.3)
    assert health is not None and health.status == "on-track"


def test_milestones_bend_the_expected_line(repo: Path) -> None:
    edit(repo, GOAL, "breakthrough: true", "breakthrough: true\nmilestones:\n"
         "  - date: 2026-07-01\n    target: 110\n")
    model = check(repo).model
    health = goal_health(model, goal(model), date(2026, 7, 1))
    assert health is not None
    assert health.expected == pytest.approx(0.1)
    assert health.status == "on-track"


def test_decreasing_kpi(repo: Path) -> None:
    edit(repo, GOAL, "baseline: 100\ntarget: 200", "baseline: 160\ntarget: 120")
    model = check(repo).model
    health = goal_health(model, goal(model), date(2026, 7, 2))
    assert health is not None
    assert health.progress == pytest.approx(0.5)  # from 160 down to 140 of the way to 120


def test_target_equal_to_baseline() -> None:
    assert progress_share(5, 5, 5) == 1.0
    assert progress_share(4, 5, 5) == 0.0


def test_battle_baseline_defaults_to_the_kpi_on_its_start(repo: Path) -> None:
    model = check(repo).model
    battle = model.get("launch", Battle)
    assert battle is not None
    health = battle_health(model, battle, date(2026, 6, 15))
    assert health is not None
    # latest value on or before 2026-02-01 is 100 (2026-01-31); target 150; now 140
    assert health.baseline == 100
    assert health.progress == pytest.approx(0.8)


def test_battle_baseline_is_zero_without_an_earlier_measurement(repo: Path) -> None:
    edit(repo, "strategy/battles/launch.yaml", "start: 2026-02-01", "start: 2026-01-15")
    model = check(repo).model
    battle = model.get("launch", Battle)
    assert battle is not None
    health = battle_health(model, battle, date(2026, 6, 15))
    assert health is not None and health.baseline == 0


def test_example_strategy_health_as_of_its_pinned_date() -> None:
    settings = load_settings(REPO)
    assert settings.as_of == date(2026, 11, 16)
    model = check(REPO, as_of=settings.as_of).model
    statuses = {g.id: goal_health(model, g, settings.as_of).status  # type: ignore[union-attr]
                for g in model.goals}
    assert statuses == {
        "bakery-team": "achieved", "catering-line": "on-track", "less-waste": "on-track",
        "loyal-customers": "off-track", "margin-2026": "at-risk", "revenue-2026": "at-risk",
        "sourdough-quarter": "on-track",
    }
    battles = {b.id: battle_health(model, b, settings.as_of).status  # type: ignore[union-attr]
               for b in model.battles}
    assert battles == {"catering-offices": "achieved", "sourdough-launch": "achieved",
                       "winter-subscriptions": "at-risk"}


# --- §5: a goal or battle is judged on its value at the reading date --------------------------
# reading date = the earlier of as_of and the deadline (battles: the end)

BATTLE = "strategy/battles/launch.yaml"


def battle(model: Model, battle_id: str = "launch") -> Battle:
    found = model.get(battle_id, Battle)
    assert found is not None
    return found


def test_a_battle_that_ended_in_april_is_judged_on_its_april_value(repo: Path) -> None:
    # launch: 2026-02-01 → 2026-04-30, baseline 100 (31 Jan), target 150; 140 on 31 May
    edit(repo, BATTLE, "end: 2026-07-31", "end: 2026-04-30")
    edit(repo, KPI, "  - date: 2026-05-31\n    value: 140",
         "  - date: 2026-04-30\n    value: 120\n  - date: 2026-05-31\n    value: 140\n"
         "  - date: 2026-10-31\n    value: 250")
    edit(repo, "strategy/tactics/tasting.yaml", "end: 2026-06-30", "end: 2026-04-30")
    model = check(repo).model
    health = battle_health(model, battle(model), date(2026, 11, 16))
    assert health is not None
    assert health.current == 120 and health.measured_on == date(2026, 4, 30)
    assert health.progress == pytest.approx(0.4)  # not (250 − 100) / 50 = 300 %
    assert health.status == "missed"


def test_a_battle_achieved_at_its_end_stays_achieved_whatever_came_after(repo: Path) -> None:
    edit(repo, KPI, "value: 140", "value: 160\n  - date: 2026-09-30\n    value: 90")
    model = check(repo).model
    health = battle_health(model, battle(model), date(2026, 11, 16))
    assert health is not None
    assert health.current == 160 and health.status == "achieved"


def test_a_goal_past_its_deadline_is_judged_on_its_value_at_the_deadline(repo: Path) -> None:
    edit(repo, KPI, "value: 140", "value: 140\n  - date: 2027-02-28\n    value: 400")
    model = check(repo).model
    health = goal_health(model, goal(model), date(2027, 3, 15))
    assert health is not None
    assert health.current == 140 and health.measured_on == date(2026, 5, 31)
    assert health.status == "missed"


def test_before_the_deadline_the_latest_value_by_as_of_counts(repo: Path) -> None:
    edit(repo, KPI, "value: 140", "value: 140\n  - date: 2026-09-30\n    value: 180")
    model = check(repo).model
    health = goal_health(model, goal(model), date(2026, 7, 1))
    assert health is not None and health.current == 140  # the September value is in the future


def test_no_measurement_by_the_end_is_no_data(repo: Path) -> None:
    edit(repo, BATTLE, "start: 2026-02-01\nend: 2026-07-31",
         "start: 2026-01-02\nend: 2026-01-20")
    edit(repo, "strategy/tactics/tasting.yaml", "start: 2026-02-01\nend: 2026-06-30",
         "start: 2026-01-02\nend: 2026-01-20")
    model = check(repo).model
    health = battle_health(model, battle(model), date(2026, 11, 16))
    assert health is not None and health.status == "no-data" and health.current is None


@pytest.mark.parametrize("share", [-0.0, -0.001, -0.004999, 0.0001])
def test_minus_zero_percent_is_never_printed(share: float) -> None:
    assert percent(share) == "0 %"


def test_small_shares_round_as_numbers_do() -> None:
    assert percent(-0.006) == "-1 %" and percent(0.995) == "100 %" and percent(None) == "–"


def test_sst_status_never_prints_minus_zero_percent(repo: Path) -> None:
    # the battle 0.2 % of the way below its baseline: 140 against a baseline of 141
    edit(repo, "strategy/battles/launch.yaml", "target: 150", "target: 600\nbaseline: 141")
    result = check(repo)
    text = status_text(result.model, Settings(as_of=AS_OF))
    assert "-0 %" not in text and "  0 % (expected" in text
