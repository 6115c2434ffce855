"""The model: typed, immutable, relations resolved both ways."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import REPO, check

from sst_plugin.core.model.model import Battle, Goal, GrowthPath, Kpi, Person, Tactic, Team


def test_relations_both_ways() -> None:
    model = check(REPO).model
    goal = model.get("sourdough-quarter", Goal)
    battle = model.get("winter-subscriptions", Battle)
    assert goal is not None and battle is not None
    assert [b.id for b in model.battles_of(goal)] == ["sourdough-launch", "winter-subscriptions"]
    assert {t.id for t in model.tactics_of(battle)} == {
        "subscription-offer", "neighbourhood-flyers", "loyalty-card-email", "bake-to-order",
        "till-offer"}
    parent = model.get("revenue-2026", Goal)
    assert parent is not None
    assert [g.id for g in model.children_of(parent)] == ["catering-line"]
    julien = model.get("julien-roux", Person)
    assert julien is not None and julien.team == "bakehouse"
    owned = {e.id for e in model.owned_by("julien-roux")}
    assert {"sourdough-quarter", "sourdough-launch", "levain-training", "waste-rate"} <= owned
    team = model.get("bakehouse", Team)
    assert team is not None and len(model.members_of(team)) == 5
    path = model.get("hero-sourdough", GrowthPath)
    assert path is not None
    assert {b.id for b in model.referrers(path.id, Battle)} == {
        "sourdough-launch", "winter-subscriptions"}


def test_backlinks_name_the_field() -> None:
    model = check(REPO).model
    fields = {(e.id, ref.path[0]) for e, ref in model.referenced_by["sourdough-share"]}
    assert ("sourdough-quarter", "kpi") in fields
    assert ("sourdough-shelf", "metric") in fields


def test_entities_are_immutable() -> None:
    model = check(REPO).model
    kpi = model.get("monthly-revenue", Kpi)
    assert kpi is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        kpi.title = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        model.entities["x"] = kpi  # type: ignore[index]


def test_typed_values() -> None:
    model = check(REPO).model
    kpi = model.get("monthly-revenue", Kpi)
    tactic = model.get("levain-training", Tactic)
    assert kpi is not None and tactic is not None
    assert [m.date.isoformat() for m in kpi.measurements][:2] == ["2025-11-30", "2025-12-31"]
    assert tactic.actions[0].due.isoformat() == "2026-02-06"
    assert tactic.metric is not None and tactic.metric.kpi == "trained-bakers"
    assert model.strategy is not None and model.strategy.company == "Levain & Co."


def test_markdown_body_is_the_narrative() -> None:
    goal = check(REPO).model.get("sourdough-quarter", Goal)
    assert goal is not None and goal.body.startswith("This is the goal the whole bakery")


def test_reading_in_worker_processes_gives_the_same_result(monkeypatch, tmp_path) -> None:
    from conftest import edit
    from sitebuild import copy_repository

    import sst_plugin.core.read.read as read

    root = copy_repository(tmp_path / "repo")
    edit(root, "strategy/goals/revenue-2026.md", "kpi: monthly-revenue", "kpi: monthly-revnue")
    serial = check(root)
    monkeypatch.setattr(read, "PARALLEL_FROM", 1)
    parallel = check(root)
    assert parallel.findings == serial.findings and len(serial.findings) > 1
    assert list(parallel.model.entities) == list(serial.model.entities)
    assert [d.file for d in parallel.documents] == [d.file for d in serial.documents]
    assert parallel.model.entities["revenue-2026"] == serial.model.entities["revenue-2026"]
