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


def hook_repository(target: Path) -> str:
    """This repository's tracked files as they are on disk, committed in TARGET (what `pre-commit
    try-repo` clones when there are uncommitted changes): the commit, for a config's `rev`."""
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True,
                            text=True, check=True).stdout
    for rel in filter(None, listed.split("\0")):
        if (REPO / rel).is_file():  # a tracked file deleted on disk stays out, as in try-repo
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, target / rel)
    return commit_all(target, "hooks")


def run_hook(strategy: Path, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "PATH":
                   f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [str(BIN / "pre-commit"), "run", "sst-check", "--all-files"],
        cwd=strategy, capture_output=True, text=True, check=False, env=environment, timeout=600)


def test_pre_commit_hook_passes_on_the_example_and_fails_on_a_broken_one(tmp_path: Path) -> None:
    """The hook as a strategy repository's .pre-commit-config.yaml names it. Both runs share one
    PRE_COMMIT_HOME, so SST is installed once (try-repo installed it anew each run: a minute)."""
    hooks = tmp_path / "hooks-repo"
    config = {"repos": [{"repo": str(hooks), "rev": hook_repository(hooks),
                         "hooks": [{"id": "sst-check"}]}]}
    strategy = copy_repository(tmp_path / "strategy-repo")
    (strategy / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    commit_all(strategy, "strategy")
    home = tmp_path / "pre-commit-home"
    passed = run_hook(strategy, home)
    assert passed.returncode == 0, passed.stdout[-2000:] + passed.stderr[-2000:]
    assert "sst check" in passed.stdout and "Passed" in passed.stdout
    edit(strategy, "strategy/battles/sourdough-launch.md", "kpi: sourdough-share", "kpi: nope")
    commit_all(strategy, "broken")
    failed = run_hook(strategy, home)
    assert failed.returncode == 1
    assert "strategy/battles/sourdough-launch.md:4:6: error SST005" in failed.stdout
    shutil.rmtree(home, ignore_errors=True)
