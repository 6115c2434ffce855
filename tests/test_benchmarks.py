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
        "site size per entity", "serve rebuild after one YAML edit"]


def test_generated_strategies_are_clean(tmp_path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    from sst_plugin.core.read.config import load_settings
    from sst_plugin.core.rules.check import check_tree

    assert generate(tmp_path, 200) == 202
    result = check_tree(tmp_path, load_settings(tmp_path, environ={}))
    assert result.findings == ()
    assert len(result.model.tactics) == 120 and len(result.model.kpis) == 20
