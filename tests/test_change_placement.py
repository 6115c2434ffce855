"""A finding about several files (SST010, SST011, SST012) lands on a file the change touched,
where the change is known (`sst check --base REV`, `sst diff`); else on the last in file order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import AS_OF, edit, write
from gitrepo import commit_all, git

from sst_plugin.cli import main

SELECTED = "title: {title}\nstatus: selected\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main([*argv, "--as-of", AS_OF.isoformat()])
    return code, capsys.readouterr().out


def places(out: str, code: str) -> list[tuple[str, int]]:
    return [(f["file"], f["line"]) for f in json.loads(out)["findings"] if f["code"] == code]


@pytest.fixture
def two_selected(repo: Path) -> Path:
    """hero and second-shop selected (the limit, 2), committed on main."""
    write(repo, "strategy/paths/second-shop.yaml", SELECTED.format(title="Second shop"))
    commit_all(repo, "two selected paths")
    return repo


def test_without_the_change_the_last_selected_path_in_file_order(
        two_selected: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(two_selected, "strategy/paths/catering.yaml", SELECTED.format(title="Catering"))
    code, out = run(capsys, "check", "--root", str(two_selected), "--format", "json")
    assert code == 1
    assert places(out, "SST011") == [("strategy/paths/second-shop.yaml", 2)]


@pytest.mark.parametrize("committed", [False, True], ids=["working tree", "pull request"])
def test_check_base_places_sst011_on_the_path_the_change_selected(
        two_selected: Path, capsys: pytest.CaptureFixture[str], committed: bool) -> None:
    if committed:
        git(two_selected, "checkout", "-q", "-b", "catering")
    write(two_selected, "strategy/paths/catering.yaml", SELECTED.format(title="Catering"))
    if committed:
        commit_all(two_selected, "select catering")
    code, out = run(capsys, "check", "--root", str(two_selected), "--format", "json",
                    "--base", "main")
    assert code == 1
    assert places(out, "SST011") == [("strategy/paths/catering.yaml", 2)]


def test_a_path_selected_by_an_edit_is_the_one_reported(
        two_selected: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The change turns an existing candidate into a third selected path: a-first sorts first."""
    write(two_selected, "strategy/paths/a-first.yaml", "title: First\nstatus: candidate\n")
    commit_all(two_selected, "a candidate")
    edit(two_selected, "strategy/paths/a-first.yaml", "candidate", "selected")
    _, out = run(capsys, "check", "--root", str(two_selected), "--format", "json",
                 "--base", "main")
    assert places(out, "SST011") == [("strategy/paths/a-first.yaml", 2)]


def test_sst_diff_introduces_the_finding_on_the_touched_path(
        two_selected: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(two_selected, "strategy/paths/catering.yaml", SELECTED.format(title="Catering"))
    code, out = run(capsys, "diff", "main", "--root", str(two_selected), "--format", "json")
    assert code == 0
    introduced = json.loads(out)["findings"]["introduced"]
    assert [(f["code"], f["file"]) for f in introduced] == [
        ("SST011", "strategy/paths/catering.yaml")]


def test_a_second_breakthrough_lands_on_the_goal_the_change_touched(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "strategy/goals/a-more.yaml", (repo / "strategy/goals/grow.yaml").read_text()
          .replace("breakthrough: true", "breakthrough: false"))
    edit(repo, "strategy/battles/launch.yaml", "goals: [grow]", "goals: [grow, a-more]")
    commit_all(repo, "a second goal")
    edit(repo, "strategy/goals/a-more.yaml", "breakthrough: false", "breakthrough: true")
    _, out = run(capsys, "check", "--root", str(repo), "--format", "json", "--base", "main")
    assert places(out, "SST010") == [("strategy/goals/a-more.yaml", 8)]
    _, out = run(capsys, "check", "--root", str(repo), "--format", "json")
    assert places(out, "SST010") == [("strategy/goals/grow.yaml", 8)]  # the later in file order


def test_an_unknown_base_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit_all(repo, "start")
    assert main(["check", "--root", str(repo), "--base", "no-such-branch"]) == 2
    assert "no commit is named 'no-such-branch'" in capsys.readouterr().err
