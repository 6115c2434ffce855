"""`sst init` that a team keeps: no date frozen, editor schemas that list the strategy's IDs
(`sst check --write-schemas`), and a site that still builds strictly a month later."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import REPO
from gitrepo import commit_all
from sitebuild import build_site

from sst_plugin.cli import main
from sst_plugin.core.edit.editor_schemas import SCHEMA_KINDS
from sst_plugin.core.read.config import load_settings
from sst_plugin.core.rules.check import CheckResult, check_tree


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def init(target: Path, day: str, monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.setenv("SST_AS_OF", day)
    assert run(capsys, "init", str(target))[0] == 0
    return target


def checked(root: Path) -> CheckResult:
    return check_tree(root, load_settings(root))


def schemas(folder: Path) -> dict[str, dict[str, object]]:
    return {kind: json.loads((folder / f"{kind}.schema.json").read_text(encoding="utf-8"))
            for kind in SCHEMA_KINDS}


def assert_every_file_validates(result: CheckResult, folder: Path) -> int:
    """Each strategy file (YAML, and .md front matter) against its kind's repository schema."""
    by_kind = schemas(folder)
    validated = 0
    for document in result.documents:
        if document.kind in by_kind:
            jsonschema.Draft202012Validator(by_kind[document.kind]).validate(document.data)
            validated += 1
    return validated


def test_init_pins_no_date_and_follows_sst_as_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = init(tmp_path / "ours", "2026-03-02", monkeypatch, capsys)
    mkdocs = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      # as_of: 2026-03-02  # uncomment to judge the strategy on a fixed date" in mkdocs
    kpi = (root / "strategy/kpis/first-kpi.yaml").read_text(encoding="utf-8")
    assert "  - date: 2026-03-02\n" in kpi  # the starter is dated from SST_AS_OF


@pytest.mark.parametrize("command", [
    ["check"], ["status"], ["export"], ["digest"], ["codeowners"], ["new", "kpi", "more"],
    ["init", "x"], ["kpi", "add", "first-kpi", "2026-03-02", "1"], ["diff", "HEAD"],
    ["checkin", "first-goal", "--confidence", "5"], ["render", "--out", "out"]])
def test_a_bad_sst_as_of_is_a_usage_error_naming_the_variable(
        command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = init(tmp_path / "ours", "2026-03-02", monkeypatch, capsys)
    monkeypatch.setenv("SST_AS_OF", "2026-13-01")
    monkeypatch.chdir(root)
    code, out, err = run(capsys, *command)
    assert (code, out) == (2, "")
    assert err == "sst: SST_AS_OF must be a date YYYY-MM-DD, not '2026-13-01'\n"


def test_the_plugin_refuses_a_bad_sst_as_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = init(tmp_path / "ours", "2026-03-02", monkeypatch, capsys)
    done = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build"], cwd=root,
                          env={**os.environ, "SST_AS_OF": "next week"}, capture_output=True,
                          text=True, check=False, timeout=300)
    assert done.returncode == 1
    assert "SST_AS_OF must be a date YYYY-MM-DD, not 'next week'" in done.stderr
    assert "Traceback" not in done.stderr


def test_init_schemas_list_the_starter_s_ids_and_its_files_validate(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = init(tmp_path / "ours", "2026-03-02", monkeypatch, capsys)
    folder = root / ".sst/schemas"
    by_kind = schemas(folder)
    goal = by_kind["goal"]["properties"]
    assert isinstance(goal, dict)
    assert goal["kpi"]["enum"] == ["first-kpi"]
    assert goal["owner"]["enum"] == ["leadership-team", "owner"]
    assert goal["owner"]["enumDescriptions"] == ["Leadership team", "The owner"]
    assert goal["parent"]["enum"] == ["first-goal"]
    tactic = by_kind["tactic"]["properties"]
    assert isinstance(tactic, dict)
    assert tactic["battle"]["enum"] == ["first-battle"]
    assert tactic["actions"]["items"]["properties"]["owner"]["enum"] == [
        "leadership-team", "owner"]
    risk = by_kind["risk"]["properties"]
    assert isinstance(risk, dict)
    assert risk["threatens"]["items"]["enum"] == ["first-battle", "first-goal"]
    people = by_kind["people"]["properties"]
    assert isinstance(people, dict)
    assert people["people"]["items"]["properties"]["team"]["enum"] == ["leadership-team"]
    defs = by_kind["battle"]["$defs"]
    assert isinstance(defs, dict) and defs["visibility"]["enum"] == ["leadership"]
    assert assert_every_file_validates(checked(root), folder) == 8  # docs/index.md: none
    # VS Code maps each kind to its schema; the extension that reads the mapping is recommended
    settings = json.loads((root / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"][".sst/schemas/goal.schema.json"] == [
        "strategy/goals/**/*.yaml", "strategy/goals/**/*.yml"]
    assert settings["yaml.schemas"][".sst/schemas/strategy.schema.json"] == [
        "strategy/strategy.yaml"]
    extensions = json.loads((root / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert extensions == {"recommendations": ["redhat.vscode-yaml"]}


def test_a_wrong_id_does_not_validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = init(tmp_path / "ours", "2026-03-02", monkeypatch, capsys)
    battle = next(d for d in checked(root).documents if d.kind == "battle")
    schema = schemas(root / ".sst/schemas")["battle"]
    wrong = {**battle.data, "kpi": "first-goal"}  # a goal's ID where a KPI's belongs
    with pytest.raises(jsonschema.ValidationError, match="'first-goal' is not one of"):
        jsonschema.Draft202012Validator(schema).validate(wrong)


def test_write_schemas_follows_the_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    root = init(tmp_path / "ours", "2026-03-02", monkeypatch, capsys)
    assert run(capsys, "check", "--root", str(root), "--write-schemas") == (
        0, "No findings: 9 files checked.\n",
        f"the schemas in {(root / '.sst/schemas').as_posix()} are up to date\n")
    kpi = (root / "strategy/kpis/first-kpi.yaml").read_text(encoding="utf-8")
    (root / "strategy/kpis/repeat-orders.yaml").write_text(  # written by hand, half done
        kpi.replace("owner: owner", "owner: TODO"), encoding="utf-8")
    code, out, err = run(capsys, "check", "--root", str(root), "--write-schemas",
                         "--format", "json")
    assert code == 1 and json.loads(out)["errors"] == 1  # the new file reads TODO: still listed
    assert sorted(err.splitlines()) == [
        f"updated {(root / '.sst/schemas' / name).as_posix()}"
        for name in ("battle.schema.json", "goal.schema.json", "strategy.schema.json",
                     "tactic.schema.json")]  # a scenario's trigger names a KPI
    goal = schemas(root / ".sst/schemas")["goal"]["properties"]
    assert isinstance(goal, dict) and goal["kpi"]["enum"] == ["first-kpi", "repeat-orders"]


def stale_schema_step(root: Path) -> subprocess.CompletedProcess[str]:
    """The strategy workflow's `Editor schemas up to date` step, run by bash in ROOT."""
    workflow = yaml.safe_load((root / ".github/workflows/strategy.yml").read_text("utf-8"))
    step = next(s for s in workflow["jobs"]["check"]["steps"]
                if s.get("name") == "Editor schemas up to date")
    assert step["if"] == "hashFiles('.sst/schemas/*.schema.json') != ''"
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=root, capture_output=True,
                          text=True, check=False, timeout=300,
                          env={**os.environ, "PATH": path, "HOME": str(root)})


def test_the_workflow_warns_when_the_committed_schemas_are_stale(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = init(tmp_path / "ours", "2026-03-02", monkeypatch, capsys)
    commit_all(root, "sst init")
    fresh = stale_schema_step(root)
    assert (fresh.returncode, fresh.stdout) == (0, "")
    goal = (root / "strategy/goals/first-goal.md").read_text("utf-8")
    front_matter = goal[len("---\n"):goal.index("\n---\n") + 1]
    (root / "strategy/goals/second-goal.yaml").write_text(  # an ID added by hand, schemas not
        front_matter.replace("breakthrough: true", "breakthrough: false"), encoding="utf-8")
    commit_all(root, "a goal")
    stale = stale_schema_step(root)
    assert (stale.returncode, stale.stdout) == (
        0, "::warning::IDs changed: run sst check --write-schemas, commit .sst/schemas\n")


def test_sst_new_points_at_the_schemas_and_adds_its_id_to_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = init(tmp_path / "ours", "2026-03-02", monkeypatch, capsys)
    code, out, _ = run(capsys, "new", "battle", "second-battle", "--root", str(root))
    assert code == 0
    assert out.splitlines()[:2] == ["wrote strategy/battles/second-battle.yaml",
                                    "updated .sst/schemas/tactic.schema.json"]
    text = (root / "strategy/battles/second-battle.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../.sst/schemas/battle.schema.json\n")
    tactic = schemas(root / ".sst/schemas")["tactic"]["properties"]
    assert isinstance(tactic, dict)
    assert tactic["battle"]["enum"] == ["first-battle", "second-battle"]


def test_write_schemas_of_the_example_into_a_folder(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "schemas"
    code, _, err = run(capsys, "check", "--root", str(REPO), "--write-schemas", str(folder))
    assert code == 0 and err.count("wrote ") == len(SCHEMA_KINDS)
    result = checked(REPO)
    assert assert_every_file_validates(result, folder) == len(
        [d for d in result.documents if d.kind in SCHEMA_KINDS])
    owner = schemas(folder)["goal"]["properties"]["owner"]  # type: ignore[index]
    assert "claire-martin" in owner["enum"] and "bakehouse" in owner["enum"]
    assert "revenue-2026" not in owner["enum"]  # a goal is no owner


@pytest.mark.slow
def test_a_month_later_with_a_new_measurement_the_site_builds_strictly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = init(tmp_path / "ours", "2026-03-02", monkeypatch, capsys)
    monkeypatch.setenv("SST_AS_OF", "2026-04-02")
    assert run(capsys, "kpi", "add", "first-kpi", "2026-04-02", "10400",
                "--root", str(root))[0] == 0
    assert run(capsys, "check", "--root", str(root)) == (0, "No findings: 9 files checked.\n", "")
    site = build_site(root, strict=True)
    goal = (site / "strategy/goals/first-goal/index.html").read_text(encoding="utf-8")
    assert "10,400" in goal or "10400" in goal or "10 400" in goal
