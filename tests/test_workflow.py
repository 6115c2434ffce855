"""The CI workflow and the pre-commit hook, run for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, edit
from gitrepo import commit_all
from sitebuild import copy_repository

from sst_plugin.core.edit.scaffold import starter_files, workflow_text

pytestmark = pytest.mark.slow  # builds sites, opens a browser, fuzzes or runs pre-commit

BIN = Path(sys.executable).parent


def test_actionlint_passes_on_every_workflow(tmp_path: Path) -> None:
    starters = []  # every workflow sst init writes: the strategy's, the digest's...
    for name, text in starter_files(__import__("datetime").date(2026, 6, 1)).items():
        if name.startswith(".github/workflows/"):
            starters.append(tmp_path / f"starter-{Path(name).name}")
            starters[-1].write_text(text, encoding="utf-8")
    workflows = [*sorted((REPO / ".github/workflows").glob("*.yml")), *starters]
    done = subprocess.run([str(BIN / "actionlint"), "-shellcheck=", *map(str, workflows)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_repository_runs_the_workflow_it_ships() -> None:
    committed = (REPO / ".github/workflows/strategy.yml").read_text(encoding="utf-8")
    assert committed == workflow_text(install="pip install .")


def test_workflow_is_least_privilege_and_pinned() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/strategy.yml").read_text())
    assert workflow["permissions"] == {"contents": "read"}
    assert "pull_request_target" not in workflow[True]  # YAML 1.1 reads `on:` as true
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "group" in workflow["concurrency"]
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                reference = step["uses"].split("@", 1)[1]
                assert len(reference) == 40 and int(reference, 16) >= 0, step["uses"]
    steps = workflow["jobs"]["check"]["steps"]
    commands = [s.get("run", "") for s in steps]
    # --base: a finding about several files lands on one the pull request changed
    assert 'sst check --format github --base "origin/$BASE_REF"' in commands
    assert "mkdocs build --strict" in commands
    assert any("sst diff" in c and "GITHUB_STEP_SUMMARY" in c for c in commands)


def try_repo(strategy: Path, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "PATH":
                   f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [str(BIN / "pre-commit"), "try-repo", str(REPO), "sst-check", "--all-files"],
        cwd=strategy, capture_output=True, text=True, check=False, env=environment, timeout=600)


def test_pre_commit_hook_passes_on_the_example_and_fails_on_a_broken_one(tmp_path: Path) -> None:
    strategy = copy_repository(tmp_path / "strategy-repo")
    commit_all(strategy, "strategy")
    home = tmp_path / "pre-commit-home"
    passed = try_repo(strategy, home)
    assert passed.returncode == 0, passed.stdout[-2000:] + passed.stderr[-2000:]
    assert "sst check" in passed.stdout and "Passed" in passed.stdout
    edit(strategy, "strategy/battles/sourdough-launch.md", "kpi: sourdough-share", "kpi: nope")
    commit_all(strategy, "broken")
    failed = try_repo(strategy, home)
    assert failed.returncode == 1
    assert "strategy/battles/sourdough-launch.md:4:6: error SST005" in failed.stdout
    shutil.rmtree(home, ignore_errors=True)
