"""SST033: a required text that still holds a placeholder, at its place; ordinary text passes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, edit, findings, where, write

from sst_plugin.core.read.config import load_settings
from sst_plugin.core.rules.check import check_tree
from sst_plugin.core.rules.placeholders import placeholder_in

TACTIC = "strategy/tactics/tasting.yaml"


@pytest.mark.parametrize(("old", "new", "line", "column", "field", "found"), [
    ("win_criteria: One in five tasters buys", "win_criteria: TODO", 5, 15, "win_criteria",
     "TODO"),
    ("title: Tastings", "title: Tastings TBD", 1, 8, "title", "TBD"),
    ("action: Set up the board", "action: XXX", 9, 13, "actions[0].action", "XXX"),
    ("due: 2026-02-07", "due: 2026-02-07\n    measure: ???", 12, 14, "actions[0].measure",
     "???"),
    ("win_criteria: One in five tasters buys", "win_criteria: Lorem ipsum dolor", 5, 15,
     "win_criteria", "Lorem ipsum"),
    ("win_criteria: One in five tasters buys", "win_criteria: ...", 5, 15, "win_criteria",
     "..."),
    ("win_criteria: One in five tasters buys", "win_criteria: One in ... buys", 5, 15,
     "win_criteria", "..."),
])
def test_sst033_a_placeholder_in_a_required_text(repo: Path, old: str, new: str, line: int,
                                                 column: int, field: str, found: str) -> None:
    edit(repo, TACTIC, old, new)
    result = findings(repo)
    assert where(result) == [("SST033", TACTIC, line, column)]
    assert result[0].severity == "warning"
    assert result[0].message == f"`{field}` still holds a placeholder ({found}): write the " \
                                "real text"


def test_sst033_in_front_matter_and_strategy_yaml(repo: Path) -> None:
    write(repo, "strategy/risks/flood.md", "---\ntitle: Flood\nlikelihood: 1\nimpact: 2\n"
          "owner: ann\nmitigation: TBD\n---\nThe cellar.\n")
    edit(repo, "strategy/strategy.yaml", "differentiation: Slow fermentation",
         "differentiation: ???")
    assert where(findings(repo)) == [("SST033", "strategy/risks/flood.md", 6, 13),
                                     ("SST033", "strategy/strategy.yaml", 10, 20)]


@pytest.mark.parametrize("text", [
    "Todo el equipo hornea",  # Spanish "all": only capitals are a placeholder
    "and so on...", "etc…", "Prices 3...5 EUR", "TODOS", "What? Why?", "xxx-large loaves",
])
def test_sst033_ordinary_text_passes(repo: Path, text: str) -> None:
    assert placeholder_in(text) is None
    edit(repo, TACTIC, "win_criteria: One in five tasters buys", f'win_criteria: "{text}"')
    assert findings(repo) == []


def test_sst033_optional_texts_and_bodies_are_free(repo: Path) -> None:
    """A note on a measurement or a Markdown body may say TODO: only required texts are held."""
    edit(repo, "strategy/kpis/sales.yaml", "value: 140", "value: 140\n    note: TODO ask")
    write(repo, "strategy/goals/more.md", "---\ntitle: More\ncategory: revenue\nkpi: sales\n"
          "baseline: 1\ntarget: 2\ndeadline: 2026-12-31\nowner: ann\n---\nTODO: write why.\n")
    assert "SST033" not in [f.code for f in findings(repo)]


def test_sst033_the_example_strategy_is_clean() -> None:
    result = check_tree(REPO, load_settings(REPO, environ={}))
    assert [f for f in result.findings if f.code == "SST033"] == []
