"""The benchmark command runs and prints its table (timings are never asserted here)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO

pytestmark = pytest.mark.slow  # builds sites, opens a browser, fuzzes or runs pre-commit


def test_benchmarks_run_on_a_small_size() -> None:
    done = subprocess.run([sys.executable, str(REPO / "benchmarks/run.py"), "--quick"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("| measure ")
    measures = [line.split("|")[1].strip() for line in lines[2:]]
    assert [m.split(",")[0] for m in measures] == [
        "sst check", "sst check time per entity", "sst check peak memory", "site build",
        "site build", "site peak memory", "site size per entity",
        "serve edit → rebuilt (--dirty)", "sst diff of a 10-file change",
        "sst render + zensical build", "publish against sphinx-needs"]
    rows = {line.split("|")[1].strip().split(",")[0]: line.split("|")[2:-1] for line in lines[2:]}
    # the edited KPI value reaches the rebuilt page, whatever the rebuild's speed
    assert "new value shown" in rows["serve edit → rebuilt (--dirty)"][0]


def test_generated_strategies_are_clean(tmp_path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    from sst_plugin.core.read.config import load_settings
    from sst_plugin.core.rules.check import check_tree

    assert generate(tmp_path, 200) == 203
    result = check_tree(tmp_path, load_settings(tmp_path, environ={}))
    assert result.findings == ()
    model = result.model
    assert len(model.tactics) == 120 and len(model.kpis) == 20 and len(model.retros) == 1
    # what the example has, so that the scale builds render its pages too
    assert model.strategy is not None and model.strategy.capacity is not None
    assert len(model.strategy.scenarios) == 2 and len(model.strategy.interviews) == 10
    assert sum(1 for goal in model.goals if goal.checkins) == 8
    assert sum(1 for battle in model.battles if battle.checkins) == 6
    assert sum(1 for tactic in model.tactics if tactic.review_cadence) == 24
