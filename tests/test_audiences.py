"""Audiences (spec §6): a restricted entity leaves no trace in another audience's build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import edit, write
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


def test_no_marker_in_any_file_of_another_audiences_build(everyone: Path) -> None:
    leaks = {name: sorted(set(re.findall(rf"{MARK}-[a-z-]+", text)))
             for name, text in site_files(everyone).items() if MARK in text}
    assert leaks == {}
    for text in site_files(everyone).values():
        assert "4242.4242" not in text and "4,242.42" not in text
        assert "secret-" not in text  # no ID, no page, no link


def test_no_marker_in_the_folder_sst_render_wrote(everyone: Path, generator: str) -> None:
    if generator != "zensical":
        pytest.skip("the MkDocs plugin writes no folder of pages")
    rendered = [p for p in (everyone.parent / "docs" / "strategy").rglob("*") if p.is_file()]
    assert len(rendered) > 60
    for path in rendered:
        text = path.read_text(encoding="utf-8")
        assert MARK not in text and "secret-" not in text, path.name  # the index too


def test_a_page_of_ours_links_restricted(everyone: Path) -> None:
    html = (everyone / "plans/index.html").read_text(encoding="utf-8")
    assert re.search(r'See <span class="sst-restricted">restricted</span> beside '
                     r'<a href="../strategy/goals/revenue-2026/">', html)


def test_no_page_no_sitemap_entry(everyone: Path) -> None:
    assert not (everyone / "strategy/goals/secret-goal").exists()
    assert not (everyone / "strategy/people/secret-person").exists()
    sitemap = (everyone / "sitemap.xml").read_text(encoding="utf-8")
    assert "strategy/goals/revenue-2026/" in sitemap and "secret" not in sitemap


def test_references_to_restricted_entities_read_restricted(everyone: Path) -> None:
    html = (everyone / "strategy/risks/visible-risk/index.html").read_text(encoding="utf-8")
    assert re.search(r'owner <span class="sst-restricted">restricted</span>', html)
    assert re.search(r'<span class="sst-restricted">restricted</span>, <a href="../../goals/'
                     r'revenue-2026/">', html)


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
