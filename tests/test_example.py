"""The example strategy is complete: every kind the method asks for, as the issue lists."""

from __future__ import annotations

from conftest import REPO

from sst_plugin.core.model.model import GrowthPath
from sst_plugin.core.read.config import load_settings
from sst_plugin.core.rules.check import check_tree


def test_example_has_the_whole_method() -> None:
    result = check_tree(REPO, load_settings(REPO, environ={}))
    model = result.model
    assert result.findings == ()
    assert model.strategy is not None
    assert len(model.strategy.not_do) >= 3 and len(model.strategy.strengths) >= 4
    assert all(model.strategy.swot.get(k) for k in
               ("strengths", "weaknesses", "opportunities", "threats"))
    assert len(model.goals) >= 4
    assert sum(g.breakthrough for g in model.goals) == 1
    assert any(g.parent for g in model.goals)
    measured = [k for k in model.kpis if len(k.measurements) >= 4
                and (k.measurements[-1].date - k.measurements[0].date).days >= 270]
    assert len(measured) >= 6
    statuses = sorted(p.status for p in model.paths)
    assert len(model.paths) == 3 and 1 <= statuses.count("selected") <= 2
    rejected = [p for p in model.paths if p.status == "rejected"]
    assert rejected and all(isinstance(p, GrowthPath) and p.rejection_reason for p in rejected)
    assert len(model.battles) == 3 and all(b.reviews for b in model.battles)
    assert len(model.tactics) >= 10 and all(t.actions for t in model.tactics)
    assert model.risks and model.people and model.teams
