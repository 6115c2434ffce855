"""CODEOWNERS from the strategy, parsed back; SST030 when it falls out of date."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, edit, where, write
from sitebuild import copy_repository

from sst_plugin.cli import main
from sst_plugin.core.model import reviewers
from sst_plugin.core.model.model import GrowthPath, Person, Team
from sst_plugin.core.read.config import load_settings
from sst_plugin.core.rules.check import CheckResult, check_tree


def check(root: Path) -> CheckResult:
    return check_tree(root, load_settings(root, environ={}))


def owners_by_pattern(text: str) -> dict[str, list[str]]:
    """Pattern → owners, as GitHub reads a CODEOWNERS file (comments and blank lines ignored)."""
    rules: dict[str, list[str]] = {}
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            pattern, *owners = stripped.split()
            rules[pattern] = owners
    return rules


def test_generated_codeowners_parses_back_to_the_owners(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codeowners", str(REPO)]) == 0
    rules = owners_by_pattern(capsys.readouterr().out)
    model = check(REPO).model
    owned = [e for e in model.entities.values() if e.kind in reviewers.OWNED_KINDS]
    assert len(rules) == len(owned) + 1 == 40  # and the strategy folder, to its owners
    assert rules["/strategy/"] == ["@levain-co/management"]  # codeowners_default in mkdocs.yml
    for entity in owned:
        if isinstance(entity, GrowthPath):
            continue
        owner = model.entities[entity.owner]
        assert isinstance(owner, Person | Team)
        assert rules[f"/{entity.source.file}"] == [f"@{owner.github}"]
    assert rules["/strategy/goals/catering-line.md"] == ["@levain-co/catering"]
    # a path has no owner: the owners of the goals it serves review it
    assert rules["/strategy/paths/catering-channel.md"] == ["@levain-co/catering",
                                                           "@claire-levain"]


def test_write_keeps_the_teams_own_lines(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_repository(tmp_path / "repo")
    manual = "# our own rules\n* @levain-co/management\n/docs/ @lea-fontaine\n"
    write(root, ".github/CODEOWNERS", manual)
    assert main(["codeowners", str(root), "--write"]) == 0
    text = (root / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert text.startswith(manual + "\n" + reviewers.BEGIN + "\n")
    assert text.endswith(reviewers.END + "\n")
    assert check(root).findings == ()
    assert main(["codeowners", str(root), "--write"]) == 0
    assert "is up to date" in capsys.readouterr().out
    assert (root / ".github/CODEOWNERS").read_text(encoding="utf-8") == text


def test_sst030_fires_when_an_owner_changes(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    assert main(["codeowners", str(root), "--write"]) == 0
    edit(root, "strategy/goals/margin-2026.md", "owner: marc-dubois", "owner: claire-martin")
    found = check(root).findings
    assert where(list(found)) == [("SST030", ".github/CODEOWNERS", 1, 1)]
    assert "run `sst codeowners --write`" in found[0].message


def test_no_finding_for_a_codeowners_sst_does_not_manage(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    write(root, "CODEOWNERS", "* @someone\n")
    assert check(root).findings == ()


def test_owners_without_a_handle_are_noted(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codeowners", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "# /strategy/goals/grow.yaml: owner `ann` has no github handle in people.yaml: " \
           "the strategy's owners review it" in out
    assert "# /strategy/: nobody reviews strategy.yaml, people.yaml and the files without an " \
           "owner: set `codeowners_default: \"@org/team\"`" in out
    assert owners_by_pattern(out) == {}


@pytest.mark.parametrize("location", reviewers.LOCATIONS)
def test_write_fills_an_empty_codeowners(tmp_path: Path, location: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_repository(tmp_path / "repo")
    write(root, location, "")  # an empty file is a CODEOWNERS all the same: SST adds its block
    assert main(["codeowners", str(root), "--write"]) == 0
    assert capsys.readouterr().out == f"updated {location}\n"
    text = (root / location).read_text(encoding="utf-8")
    assert text.startswith(reviewers.BEGIN + "\n") and text.endswith(reviewers.END + "\n")
    assert check(root).findings == ()


def reviewers_of(rules: dict[str, list[str]], file: str) -> list[str]:
    """Who GitHub asks to review FILE: the last pattern that matches it wins (a pattern ending
    in / matches everything under that folder)."""
    found: list[str] = []
    for pattern, owners in rules.items():
        if pattern == f"/{file}" or (pattern.endswith("/") and f"/{file}".startswith(pattern)):
            found = owners
    return found


def test_every_strategy_file_has_a_reviewer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codeowners", "--root", str(REPO)]) == 0
    rules = owners_by_pattern(capsys.readouterr().out)
    files = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "strategy").rglob("*")
                   if p.is_file())
    assert len(files) > 40 and all(reviewers_of(rules, file) for file in files)
    for company_level in ("strategy/strategy.yaml", "strategy/people.yaml"):
        assert reviewers_of(rules, company_level) == ["@levain-co/management"]
    # a risk goes to its owner (head-baker-leaves: claire-martin, github claire-levain)
    assert reviewers_of(rules, "strategy/risks/head-baker-leaves.yaml") == ["@claire-levain"]


def test_without_codeowners_default_the_goals_owners_review_the_strategy(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_repository(tmp_path / "repo")
    edit(root, "mkdocs.yml", '      codeowners_default: "@levain-co/management"\n', "")
    assert main(["codeowners", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert "# /strategy/ (strategy.yaml, people.yaml, files without an owner): the owners of " \
           "the goals\n" in out
    model = check(root).model
    goals = sorted(model.goals, key=lambda goal: goal.source.file)
    handles = list(dict.fromkeys(reviewers.owner_handle(model, g.owner) for g in goals))
    assert owners_by_pattern(out)["/strategy/"] == handles and len(handles) >= 2


def test_write_then_sst030_holds_the_default_owners(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    assert main(["codeowners", "--root", str(root), "--write"]) == 0
    assert check(root).findings == ()
    edit(root, "mkdocs.yml", '"@levain-co/management"', '"@levain-co/shop"')
    assert where(list(check(root).findings)) == [("SST030", ".github/CODEOWNERS", 1, 1)]


@pytest.mark.parametrize("value", ['"levain-co/management"', "[12]", '"@bad handle!"'])
def test_a_bad_codeowners_default_is_a_usage_error(value: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_repository(tmp_path / "repo")
    edit(root, "mkdocs.yml", '"@levain-co/management"', value)
    assert main(["codeowners", "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sst: mkdocs.yml: sst option `codeowners_default` takes GitHub handles "
                          "such as @claire-martin or @our-org/leadership, not ")
