"""The atheris fuzz target runs for a bounded time: no exception, no hang, no runaway memory."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = pytest.mark.slow  # builds sites, opens a browser, fuzzes or runs pre-commit


def test_fuzz_loader_for_a_bounded_time(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # the example's files, and files with the numbers and dates that once hung or crashed SST
    seeds = [*sorted((REPO / "strategy").rglob("*.*")), *sorted((REPO / "fuzz/seeds").iterdir())]
    for index, source in enumerate(seeds):
        shutil.copy(source, corpus / f"seed-{index}{source.suffix}")
    done = subprocess.run(
        [sys.executable, str(REPO / "fuzz/fuzz_loader.py"), str(corpus),
         f"-dict={REPO / 'fuzz/extremes.dict'}", "-max_total_time=20", "-timeout=10",
         "-rss_limit_mb=2048", "-print_final_stats=1", f"-artifact_prefix={tmp_path}/"],
        capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done" in done.stderr
