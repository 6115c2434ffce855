"""Audiences (spec §6): a restricted entity leaves no trace in another audience's build."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, edit, findings, where, write
from gitrepo import commit_all
from sitebuild import build_with, copy_repository

MARK = "CANARY"
RESTRICTED = {
    "strategy/kpis/secret-kpi.yaml": f"""\
        title: {MARK}-kpi-title
        unit: {MARK}-kpi-unit
        direction: increase
        frequency: monthly
        owner: secret-person
        source: {MARK}-kpi-source
        visibility: leadership
        tags: [{MARK}-kpi-tag]
        measurements:
          - date: 2026-10-31
            value: 4242.4242
            note: {MARK}-kpi-note
        """,
    "strategy/goals/secret-goal.md": f"""\
        ---
        title: {MARK}-goal-title
        category: customers
        kpi: secret-kpi
        baseline: 0
        target: 9999
        deadline: 2026-12-31
        owner: secret-person
        parent: revenue-2026
        visibility: leadership
        tags: [{MARK}-goal-tag]
        ---
        {MARK}-goal-body with a link to [[revenue-2026]].
        """,
    "strategy/paths/secret-path.yaml": f"""\
        title: {MARK}-path-title
        status: candidate
        goals: [secret-goal]
        expected_return: {MARK}-path-return
        visibility: leadership
        """,
    "strategy/battles/secret-battle.md": f"""\
        ---
        title: {MARK}-battle-title
        objective: {MARK}-battle-objective
        kpi: secret-kpi
        target: 777
        start: 2026-10-01
        end: 2026-12-15
        goals: [secret-goal, revenue-2026]
        path: hero-sourdough
        significance: {MARK}-battle-significance
        owner: secret-person
        status: active
        visibility: leadership
        reviews:
          - date: 2026-11-10
            summary: {MARK}-battle-review
        ---
        {MARK}-battle-body
        """,
    "strategy/tactics/secret-tactic.yaml": f"""\
        title: {MARK}-tactic-title
        battle: secret-battle
        category: acquisition
        owner: secret-person
        win_criteria: {MARK}-tactic-criteria
        visibility: leadership
        actions:
          - action: {MARK}-tactic-action
            owner: claire-martin
            due: 2026-11-01
            measure: {MARK}-tactic-measure
        """,
    "strategy/risks/secret-risk.yaml": f"""\
        title: {MARK}-risk-title
        likelihood: 5
        impact: 5
        owner: secret-person
        mitigation: {MARK}-risk-mitigation
        threatens: [revenue-2026, secret-goal]
        visibility: leadership
        """,
    # visible to everyone, but it names a restricted owner and goal
    "strategy/risks/visible-risk.yaml": """\
        title: A visible risk
        likelihood: 1
        impact: 1
        owner: secret-person
        mitigation: Watch it
        threatens: [secret-goal, revenue-2026]
        """,
}


def restricted_repo(root: Path, audience: str | None) -> Path:
    copy_repository(root)
    for rel, text in RESTRICTED.items():
        write(root, rel, text)
    edit(root, "strategy/people.yaml", "people:\n",
         f"people:\n  - id: secret-person\n    name: {MARK}-person-name\n"
         f"    role: {MARK}-person-role\n    visibility: leadership\n")
    options = "      max_battles: 4\n"
    if audience:
        options += f"      audience: {audience}\n"
    edit(root, "mkdocs.yml", "      as_of:", options + "      as_of:")
    edit(root, "mkdocs.yml", "site_name:", "site_url: https://strategy.example.test/\nsite_name:")
    edit(root, "zensical.yml", "site_name:", "site_url: https://strategy.example.test/\nsite_name:")
    write(root, "docs/plans.md", "# Plans\n\nSee [[secret-goal]] beside [[revenue-2026]].\n")
    return root


HIDDEN_IDS = sorted({Path(rel).stem for rel in RESTRICTED if "secret" in rel} | {"secret-person"})


def digests_of_hidden_ids() -> set[str]:
    """What a word list of IDs reverses: the usual hashes of each hidden ID, bare or prefixed."""
    return {hashlib.new(algorithm, text.encode()).hexdigest()
            for algorithm in ("md5", "sha1", "sha256", "sha512", "blake2b")
            for entity_id in HIDDEN_IDS for text in (entity_id, f"sst:{entity_id}")}


def site_files(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8", errors="replace")
            for p in site.rglob("*")
            if p.is_file() and p.suffix in (".html", ".json", ".xml", ".svg", ".js", ".css",
                                              ".txt")}


# with Zensical, `sst render` writes the pages of one audience and the extension links to them
@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def generator(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def everyone(generator: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_with(generator, restricted_repo(tmp_path_factory.mktemp("everyone"), None))


@pytest.fixture(scope="module")
def leadership(generator: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_with(generator,
                      restricted_repo(tmp_path_factory.mktemp("leadership"), "leadership"))


@pytest.mark.slow
def test_no_marker_in_any_file_of_another_audiences_build(everyone: Path) -> None:
    leaks = {name: sorted(set(re.findall(rf"{MARK}-[a-z-]+", text)))
             for name, text in site_files(everyone).items() if MARK in text}
    assert leaks == {}
    for text in site_files(everyone).values():
        assert "4242.4242" not in text and "4,242.42" not in text
        assert "secret-" not in text  # no ID, no page, no link
        assert not digests_of_hidden_ids() & set(re.findall(r"[0-9a-f]{32,}", text))


@pytest.mark.slow
def test_no_marker_in_the_folder_sst_render_wrote(everyone: Path, generator: str) -> None:
    if generator != "zensical":
        pytest.skip("the MkDocs plugin writes no folder of pages")
    rendered = [p for p in (everyone.parent / "docs" / "strategy").rglob("*") if p.is_file()]
    assert len(rendered) > 60
    digests = {hashlib.sha256(path.read_bytes()).hexdigest() for path in rendered}
    for path in rendered:
        text = path.read_text(encoding="utf-8")
        assert MARK not in text and "secret-" not in text, path.name  # the index too
        # no digest of a hidden ID, however made: the index's digests are its files' own
        assert set(re.findall(r"[0-9a-f]{32,}", text)) <= digests, path.name


@pytest.mark.slow
def test_a_page_of_ours_links_restricted(everyone: Path) -> None:
    html = (everyone / "plans/index.html").read_text(encoding="utf-8")
    assert re.search(r'See <span class="sst-restricted">restricted</span> beside '
                     r'<a href="../strategy/goals/revenue-2026/">', html)


@pytest.mark.slow
def test_no_page_no_sitemap_entry(everyone: Path) -> None:
    assert not (everyone / "strategy/goals/secret-goal").exists()
    assert not (everyone / "strategy/people/secret-person").exists()
    sitemap = (everyone / "sitemap.xml").read_text(encoding="utf-8")
    assert "strategy/goals/revenue-2026/" in sitemap and "secret" not in sitemap


@pytest.mark.slow
def test_references_to_restricted_entities_read_restricted(everyone: Path) -> None:
    html = (everyone / "strategy/risks/visible-risk/index.html").read_text(encoding="utf-8")
    assert re.search(r'owner <span class="sst-restricted">restricted</span>', html)
    assert re.search(r'<span class="sst-restricted">restricted</span>, <a href="../../goals/'
                     r'revenue-2026/">', html)


@pytest.mark.slow
def test_the_audience_build_has_everything(leadership: Path) -> None:
    text = "\n".join(site_files(leadership).values())
    found = set(re.findall(rf"{MARK}-[a-z-]+", text))
    expected = {line.split(f"{MARK}-", 1)[1].split()[0].rstrip(",]")
                for body in RESTRICTED.values() for line in body.splitlines() if MARK in line}
    expected |= {"person-name", "person-role"}
    assert {f"{MARK}-{name}" for name in expected} <= found
    assert (leadership / "strategy/goals/secret-goal/index.html").is_file()
    html = (leadership / "strategy/goals/revenue-2026/index.html").read_text(encoding="utf-8")
    assert f"{MARK}-goal-title" in html  # the cascaded goal, now visible


# --- every command's output follows one audience, as the site does ---------------------------

# visible entities that lean on restricted ones: their own fields are public, what they borrow
# (a KPI's values and unit, a person's name, an ID) must read "restricted"
LEANING = {
    "strategy/goals/open-goal.md": """\
        ---
        title: Open goal on a hidden KPI
        category: customers
        kpi: secret-kpi
        baseline: 0
        target: 10000
        deadline: 2026-12-31
        owner: secret-person
        ---
        Watch [[secret-goal]] and [[secret-kpi|the hidden KPI]] beside [[revenue-2026]].
        """,
    "strategy/battles/open-battle.md": """\
        ---
        title: Open battle on a hidden KPI
        objective: Win in the open
        kpi: secret-kpi
        target: 8000
        start: 2026-10-01
        end: 2026-12-15
        goals: [open-goal, revenue-2026, sekret-goal]
        path: hero-sourdough
        significance: It matters
        owner: secret-person
        status: active
        checkins:
          - {date: 2026-11-01, confidence: 6, note: "Waiting on [[secret-goal]]", by: secret-person}
        reviews:
          - date: 2026-11-02
            summary: Looked at [[secret-kpi|the hidden KPI]] with the team
            decisions: ["Keep [[secret-goal]] in mind"]
        ---
        """,
    "strategy/tactics/open-tactic.yaml": """\
        title: Open tactic measured by a hidden KPI
        battle: winter-subscriptions
        category: conversion
        owner: claire-martin
        win_criteria: Everyone sees it
        metric: {kpi: secret-kpi, target: 5000}
        status: doing
        actions:
          - action: Call the mill
            owner: secret-person
            due: 2026-11-18
            measure: A price
        """,
    "strategy/kpis/open-kpi.yaml": """\
        title: Open KPI with a hidden owner
        unit: loaves
        direction: increase
        frequency: weekly
        owner: secret-person
        """,
}


def leaning_repo(root: Path) -> Path:
    restricted_repo(root, None)
    edit(root, "mkdocs.yml", "max_battles: 4", "max_battles: 5")
    commit_all(root, "restricted entities")
    for rel, text in LEANING.items():
        write(root, rel, text)
    # public entities that start to name restricted ones: the diff must not print those names
    edit(root, "strategy/goals/revenue-2026.md", "target: 75000", "target: 80000")
    edit(root, "strategy/goals/revenue-2026.md", "kpi: monthly-revenue", "kpi: secret-kpi")
    edit(root, "strategy/tactics/till-offer.yaml", "status: doing",
         "status: doing\nmetric: {kpi: secret-kpi, target: 10}")
    edit(root, "strategy/tactics/till-offer.yaml", "owner: hugo-petit\n    due: 2026-11-20",
         "owner: secret-person\n    due: 2026-11-20")
    edit(root, "strategy/paths/hero-sourdough.md", "goals: [", "goals: [secret-goal, ")
    return root


@pytest.fixture(scope="module")
def leaning(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return leaning_repo(tmp_path_factory.mktemp("leaning"))


def cli_output(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Everything a command prints or writes, as one text; it must succeed."""
    from sst_plugin.cli import main

    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out + captured.err


def cli_outputs(root: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path,
                *audience: str) -> dict[str, str]:
    """The output of every command that shows the strategy, for one audience."""
    outputs = {
        "export json": cli_output(root, capsys, "export", str(root), *audience),
        "status": cli_output(root, capsys, "status", str(root), *audience),
        "status --due": cli_output(root, capsys, "status", str(root), "--due", *audience),
        "diff markdown": cli_output(root, capsys, "diff", "HEAD", "--root", str(root),
                                    *audience),
        "diff json": cli_output(root, capsys, "diff", "HEAD", "--root", str(root),
                                "--format", "json", *audience),
        "digest": cli_output(root, capsys, "digest", "--root", str(root), "--always",
                             *audience),
    }
    folder, archive = tmp_path / "csv", tmp_path / "export.zip"
    cli_output(root, capsys, "export", str(root), "--format", "csv", "--out", str(folder),
               *audience)
    cli_output(root, capsys, "export", str(root), "--format", "csv", "--out", str(archive),
               *audience)
    for path in sorted(folder.iterdir()):
        outputs[f"csv {path.name}"] = path.read_text(encoding="utf-8")
    with zipfile.ZipFile(archive) as zipped:
        for name in zipped.namelist():
            outputs[f"zip {name}"] = zipped.read(name).decode("utf-8")
    return outputs


def leaks_in(outputs: dict[str, str]) -> dict[str, list[str]]:
    """Canary markers, restricted IDs and the hidden KPI's value, by output."""
    found = {}
    for name, text in outputs.items():
        marks = re.findall(rf"{MARK}-[a-z-]+|secret-[a-z]+|4242\.4242|4,242|42 %", text)
        if marks:
            found[name] = sorted(set(marks))
    return found


def test_no_command_prints_what_the_audience_may_not_see(
        leaning: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    outputs = cli_outputs(leaning, capsys, tmp_path)
    assert leaks_in(outputs) == {}
    # what the public entities borrow reads "restricted", as on the site
    export = json.loads(outputs["export json"])
    goal = next(g for g in export["goals"] if g["id"] == "open-goal")
    assert (goal["kpi"], goal["owner"], goal["health"]) == ("restricted", "restricted", None)
    assert goal["narrative"] == "Watch restricted and restricted beside [[revenue-2026]]."
    tactic = next(t for t in export["tactics"] if t["id"] == "open-tactic")
    assert tactic["metric"] == {"kpi": "restricted", "target": 5000}
    assert tactic["actions"][0]["owner"] == "restricted"
    battle = next(b for b in export["battles"] if b["id"] == "open-battle")
    assert battle["health"] is None and battle["owner"] == "restricted"
    # free text anywhere (a check-in's note, a review) names a hidden entity no more than a body
    assert battle["checkins"][0]["note"] == "Waiting on restricted"
    assert battle["checkins"][0]["by"] == "restricted"
    assert battle["reviews"][0]["summary"] == "Looked at restricted with the team"
    assert battle["reviews"][0]["decisions"] == ["Keep restricted in mind"]
    goal_line = next(line for line in outputs["status"].splitlines() if "Open goal" in line)
    assert "restricted" in goal_line
    due_line = next(line for line in outputs["status --due"].splitlines()
                    if "Open KPI with a hidden owner" in line)
    assert due_line.endswith("(restricted)")
    assert "Kpi: “monthly-revenue” → “restricted”" in outputs["diff markdown"]
    assert "did you mean `restricted`?" in outputs["diff markdown"]


@pytest.mark.parametrize("audience", [["--audience", "leadership"], ["--audience", "all"]])
def test_the_audience_that_may_see_gets_everything(
        leaning: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        audience: list[str]) -> None:
    outputs = cli_outputs(leaning, capsys, tmp_path, *audience)
    leaks = leaks_in(outputs)
    assert {f"{MARK}-kpi-unit", "secret-kpi", "secret-person", "4242.4242"} <= set(
        leaks["export json"])
    assert "42 %" in leaks["status"] and "secret-" not in outputs["status"]  # titles, not IDs
    assert f"{MARK}-person-name" in leaks["status --due"]
    assert f"{MARK}-kpi-unit" in leaks["diff markdown"] and "secret-kpi" in leaks["diff json"]


def test_the_audience_of_mkdocs_yml_is_the_default(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = restricted_repo(tmp_path / "repo", "leadership")
    assert f"{MARK}-goal-title" in cli_output(root, capsys, "status", str(root))
    assert f"{MARK}-goal-title" not in cli_output(root, capsys, "status", str(root),
                                                  "--audience", "everyone")


# --- a broken strategy.yaml gives its own findings, not one per `visibility` ------------------

def restricted_entities(root: Path) -> None:
    write(root, "strategy/risks/secret.yaml", "title: Secret\nlikelihood: 1\nimpact: 1\n"
          "owner: ann\nmitigation: Hush\nvisibility: leadership\n")
    edit(root, "strategy/people.yaml", "team: bakehouse",
         "team: bakehouse\n  - id: bob\n    name: Bob\n    visibility: leadership")


@pytest.mark.parametrize(("broken", "expected"), [
    ("", [("SST002", "strategy/strategy.yaml", 1, 1)]),  # `company` is required
    ("company: [Test Bakery\n", [("SST001", "strategy/strategy.yaml", 1, 10)]),
], ids=["schema violation", "yaml syntax error"])
def test_a_broken_strategy_yaml_is_one_finding_not_a_cascade(
        repo: Path, broken: str, expected: list[tuple[str, str, int, int]]) -> None:
    restricted_entities(repo)
    edit(repo, "strategy/strategy.yaml", "company: Test Bakery\n", broken)
    found = findings(repo)
    assert where(found) == expected, [f.message for f in found]


def test_an_undeclared_audience_is_still_reported(repo: Path) -> None:
    restricted_entities(repo)
    edit(repo, "strategy/risks/secret.yaml", "visibility: leadership", "visibility: leadrship")
    assert [(f.code, str(f.place)) for f in findings(repo)] == [
        ("SST009", "strategy/risks/secret.yaml:6:13")]


def test_all_is_no_name_for_an_audience(repo: Path) -> None:
    """`--audience all` shows every audience: an audience of that name would be ambiguous."""
    edit(repo, "strategy/strategy.yaml", "audiences: [leadership]", "audiences: [leadership, all]")
    assert [(f.code, str(f.place)) for f in findings(repo)] == [
        ("SST002", "strategy/strategy.yaml:15:25")]


def test_every_reference_field_is_one_the_audience_rule_knows() -> None:
    """Redaction finds IDs by field name: every field a reference stands in must be listed."""
    from sst_plugin.core.health.audience import REFERENCE_FIELDS
    from sst_plugin.core.read.config import load_settings
    from sst_plugin.core.rules.check import check_tree

    model = check_tree(REPO, load_settings(REPO)).model
    fields = {next(p for p in reversed(ref.path) if isinstance(p, str))
              for entity in model.entities.values() for ref in entity.references()}
    assert fields and fields <= REFERENCE_FIELDS
