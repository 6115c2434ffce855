"""`sst new`, `sst init`, `sst export`, `sst status`, and writes that never lose a file."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import zipfile
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO, check
from sitebuild import build_site, copy_repository

from sst_plugin.cli import main
from sst_plugin.core.edit.scaffold import TEMPLATES
from sst_plugin.core.read.atomic import WouldOverwrite, replace_file, write_new

FILLINGS = {  # what a person writes in place of each TODO, by kind (IDs of conftest.MINIMAL)
    "goal": {"category": "profit", "kpi": "sales", "baseline": "100", "target": "120",
             "owner": "ann"},
    "kpi": {"unit": "EUR", "owner": "ann"},
    "path": {},
    "battle": {"objective": "Win", "kpi": "sales", "target": "160", "goals": "grow",
               "path": "hero", "significance": "It matters", "owner": "ann"},
    "tactic": {"battle": "launch", "category": "product", "owner": "bakehouse",
               "win_criteria": "It works", "action": "Do it", "measure": "Done"},
    "risk": {"owner": "ann", "mitigation": "Watch it"},
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_new_writes_a_file_that_passes_once_filled(kind: str, repo: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = repo
    (root / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - sst:\n      as_of: 2026-06-15\n",
                                     encoding="utf-8")
    (root / "schemas").mkdir()
    (root / "schemas" / f"{kind}.schema.json").write_text("{}", encoding="utf-8")
    code, out, _ = run(capsys, "new", kind, f"new-{kind}", "--title", 'A "quoted" title',
                       "--root", str(root))
    assert code == 0
    path = next((root / "strategy").rglob(f"new-{kind}.yaml"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n")
    lines = text.splitlines()
    assert all("#" in line or lines[number - 1].startswith("#")  # a comment on it or above it
               for number, line in enumerate(lines) if line and ":" in line
               and not line.startswith(("  ", "- ")))  # every field explained
    todo = [line.split(":")[0].strip(" -") for line in text.splitlines()
            if re.search(r"(: |\[)TODO", line)]
    if todo:
        assert f"fill in these fields (they read TODO), then run `sst check`: " \
               f"{', '.join(dict.fromkeys(todo))}" in out
        assert run(capsys, "check", str(root))[0] == 1
    for field, value in FILLINGS[kind].items():
        text = re.sub(rf"(\b{field}: \[?)TODO", rf"\g<1>{value}", text)
    path.write_text(text, encoding="utf-8")
    result = check(root, as_of=date(2026, 6, 15))
    assert [f for f in result.findings if f.severity == "error"] == []
    assert result.model.entities[f"new-{kind}"].title == 'A "quoted" title'



def test_new_refuses_to_overwrite_and_bad_ids(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_repository(tmp_path / "repo")
    before = (root / "strategy/goals/revenue-2026.md").read_bytes()
    code, _, err = run(capsys, "new", "goal", "revenue-2026", "--root", str(root))
    assert code == 2 and "exists already" in err
    assert (root / "strategy/goals/revenue-2026.md").read_bytes() == before
    code, _, err = run(capsys, "new", "goal", "Bad_ID", "--root", str(root))
    assert code == 2 and "not a valid ID" in err


def test_init_creates_a_repository_that_checks_and_builds_strictly(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "ours"
    code, out, _ = run(capsys, "init", str(target))
    assert code == 0 and "starter strategy repository" in out
    assert run(capsys, "check", "--root", str(target)) == (0, "No findings: 9 files checked.\n", "")
    site = build_site(target, strict=True)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="strategy/goals/first-goal/"' in home
    for name in (".github/workflows/strategy.yml", ".pre-commit-config.yaml", "README.md",
                 ".sst/schemas/goal.schema.json", ".vscode/settings.json",
                 ".vscode/extensions.json"):
        assert (target / name).is_file()
    assert (target / ".gitignore").read_text(encoding="utf-8").split() == [
        "site/", ".cache/", "__pycache__/", ".venv/"]
    # no date pinned: the site is judged on the day it is built (or SST_AS_OF)
    assert "\n      as_of:" not in (target / "mkdocs.yml").read_text(encoding="utf-8")


def test_init_adds_what_an_existing_repository_lacks(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "ours"
    theirs = {"README.md": b"# Our company\r\nkept as it is\r\n",
              ".gitignore": b"node_modules/\nsite/\n", "docs/index.md": b"# Home\n",
              "src/app.py": b"print('hi')\n",
              ".git/HEAD": b"ref: refs/heads/main\n", "strategy/": b""}  # an empty strategy/
    for name, content in theirs.items():
        (target / name.rstrip("/")).parent.mkdir(parents=True, exist_ok=True)
        (target / "strategy").mkdir(exist_ok=True)
        if not name.endswith("/"):
            (target / name).write_bytes(content)
    code, out, err = run(capsys, "init", str(target))
    assert (code, err) == (0, "")
    for name, content in theirs.items():  # nothing of theirs touched, byte for byte
        if not name.endswith("/"):
            assert (target / name).read_bytes() == content, name
    left = out.split("left 3 files as they were:\n")[1]
    assert "  README.md\n" in left and "  docs/index.md\n" in left
    assert "  .gitignore (it does not ignore .cache/, __pycache__/, .venv/)\n" in left
    added = out.split("left")[0]
    for name in ("mkdocs.yml", "strategy/strategy.yaml", ".vscode/settings.json",
                 ".sst/schemas/kpi.schema.json", ".github/workflows/strategy.yml"):
        assert f"\n  {name}\n" in added and (target / name).is_file(), name
    assert run(capsys, "check", "--root", str(target))[0] == 0


def test_init_refuses_a_strategy_folder_that_holds_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "ours"
    (target / "strategy/goals").mkdir(parents=True)
    (target / "strategy/goals/grow.yaml").write_text("title: Grow\n", encoding="utf-8")
    code, out, err = run(capsys, "init", str(target))
    assert code == 2 and out == ""
    assert "strategy/goals/grow.yaml: strategy/ holds a strategy already" in err
    assert "`sst new KIND ID`" in err
    assert sorted(p.name for p in target.iterdir()) == ["strategy"]  # nothing written at all


def test_init_refuses_a_file_where_it_writes_a_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "ours"
    target.mkdir()
    (target / ".vscode").write_bytes(b"not a folder\n")
    code, out, err = run(capsys, "init", str(target))
    assert (code, out) == (2, "")
    assert err == f"sst: {target / '.vscode'}: a file where sst init writes the folder of " \
                  ".vscode/settings.json: rename it, then run sst init again\n"
    assert [p.name for p in target.iterdir()] == [".vscode"]  # nothing written at all
    assert (target / ".vscode").read_bytes() == b"not a folder\n"


def test_export_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", str(REPO))
    document = json.loads(out)
    assert code == 0
    goal = next(g for g in document["goals"] if g["id"] == "revenue-2026")
    assert goal["health"]["status"] == "at-risk"
    assert goal["battles"] == ["winter-subscriptions"] and goal["children"] == ["catering-line"]
    assert goal["file"] == "strategy/goals/revenue-2026.md"
    assert len(document["tactics"]) == 13 and len(document["people"]) == 12
    assert document["strategy"]["company"] == "Levain & Co."


def test_export_csv_zip_and_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "strategy.zip"
    assert run(capsys, "export", str(REPO), "--format", "csv", "--out", str(archive))[0] == 0
    with zipfile.ZipFile(archive) as opened:
        names = set(opened.namelist())
        measurements = list(csv.DictReader(io.StringIO(
            opened.read("kpi_measurements.csv").decode())))
        goals = list(csv.DictReader(io.StringIO(opened.read("goals.csv").decode())))
    assert {"goals.csv", "kpis.csv", "battles.csv", "tactics.csv", "tactic_actions.csv",
            "kpi_measurements.csv", "people.csv", "teams.csv", "risks.csv"} <= names
    assert {"kpi": "waste-rate", "date": "2026-10-31", "value": "5.8",
            "note": "First month of baking to subscription orders"} in measurements
    revenue = next(g for g in goals if g["id"] == "revenue-2026")
    assert revenue["health.status"] == "at-risk" and revenue["target"] == "75000"
    folder = tmp_path / "csv"
    assert run(capsys, "export", str(REPO), "--format", "csv", "--out", str(folder))[0] == 0
    assert (folder / "goals.csv").read_bytes().decode() == goals_text(archive)
    code, _, err = run(capsys, "export", str(REPO), "--format", "csv", "--out", str(archive))
    assert code == 2 and "exists already" in err


def goals_text(archive: Path) -> str:
    with zipfile.ZipFile(archive) as opened:
        return opened.read("goals.csv").decode()


def test_export_leaves_out_restricted_entities_and_formulas(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_repository(tmp_path / "repo")
    (root / "strategy/risks/secret.yaml").write_text(
        "title: Secret\nlikelihood: 1\nimpact: 1\nowner: claire-martin\nmitigation: Hush\n"
        "visibility: leadership\n", encoding="utf-8")
    (root / "strategy/risks/formula.yaml").write_text(
        "title: '=HYPERLINK(\"http://x\")'\nlikelihood: 1\nimpact: 1\nowner: claire-martin\n"
        "mitigation: '+cmd'\n", encoding="utf-8")
    out = run(capsys, "export", str(root))[1]
    assert "secret" not in out.lower()
    assert "Secret" in run(capsys, "export", str(root), "--audience", "leadership")[1]
    folder = tmp_path / "csv"
    run(capsys, "export", str(root), "--format", "csv", "--out", str(folder))
    risks = list(csv.DictReader(io.StringIO((folder / "risks.csv").read_text())))
    formula = next(r for r in risks if r["id"] == "formula")
    assert formula["title"].startswith("'=") and formula["mitigation"] == "'+cmd"


def test_status(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status", str(REPO), "--color", "never")
    assert code == 0
    assert out.startswith("Levain & Co.: as of 16 Nov 2026\n")
    assert re.search(r"★ on-track\s+█+░+\s+85 % \(expected 88 %\)\s+Make organic sourdough", out)
    assert re.search(r"at-risk\s+█+░+\s+43 % .*Winter bread subscriptions \[active, "
                     r"1 Oct–20 Dec 2026\]", out)


def test_an_interrupted_write_leaves_nothing(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "strategy/goals/new.yaml"

    def crash(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "link", crash)
    with pytest.raises(OSError, match="disk full"):
        write_new(target, "title: x\n")
    assert list(target.parent.iterdir()) == []  # no half file, no temporary left behind


def test_write_new_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "file.yaml"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(WouldOverwrite):
        write_new(target, "theirs\n")
    assert target.read_text(encoding="utf-8") == "mine\n"


@pytest.fixture(params=[0o022, 0o027, 0o002])
def umask(request: pytest.FixtureRequest) -> object:
    before = os.umask(request.param)
    yield request.param
    os.umask(before)


def modes(folder: Path) -> set[int]:
    return {stat.S_IMODE(p.stat().st_mode) for p in folder.rglob("*") if p.is_file()}


def test_written_files_get_the_umask_s_mode(tmp_path: Path, umask: int,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    wanted = 0o666 & ~umask  # what any tool's new file gets: not mkstemp's 0600
    assert run(capsys, "init", str(tmp_path / "ours"))[0] == 0
    assert run(capsys, "new", "goal", "another", "--root", str(tmp_path / "ours"))[0] == 0
    assert run(capsys, "export", str(REPO), "--out", str(tmp_path / "out.json"))[0] == 0
    assert run(capsys, "export", str(REPO), "--format", "csv", "--out",
               str(tmp_path / "csv"))[0] == 0
    assert modes(tmp_path) == {wanted}
    write_new(tmp_path / "deep/new.md", "x\n")
    assert modes(tmp_path / "deep") == {wanted}


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o755])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, mode: int, umask: int) -> None:
    target = tmp_path / "file.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(mode)
    replace_file(target, "new\n")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_text(encoding="utf-8") == "new\n" and os.listdir(tmp_path) == ["file.md"]


def test_status_leaves_out_restricted_goals(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_repository(tmp_path / "repo")
    goal = root / "strategy/goals/bakery-team.md"
    goal.write_text(goal.read_text(encoding="utf-8").replace(
        "owner: julien-roux", "owner: julien-roux\nvisibility: leadership"), encoding="utf-8")
    out = run(capsys, "status", str(root), "--color", "never")[1]
    assert "Certify six bakers" not in out and "Goals (6)" in out
    out = run(capsys, "status", str(root), "--color", "never", "--audience", "leadership")[1]
    assert "Certify six bakers" in out
