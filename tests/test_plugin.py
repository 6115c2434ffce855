"""The `sst` MkDocs plugin runs the same checks during a real build."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import edit, write
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from sitebuild import build_site as make_site
from sitebuild import copy_repository

from sst_plugin.cli import main
from sst_plugin.wikilinks import WikiLinkExtension


def site_repo(repo: Path) -> Path:
    write(repo, "mkdocs.yml", "site_name: t\ntheme:\n  name: material\n  font: false\n"
          "plugins:\n  - sst:\n      as_of: 2026-06-15\n")
    write(repo, "docs/index.md", "# Home\n")
    return repo


def test_the_repository_builds_strictly(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    make_site(root, strict=True)
    assert (root / "site/index.html").is_file()


def test_an_error_fails_the_build_with_the_place(repo: Path,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    site_repo(repo)
    edit(repo, "strategy/battles/launch.yaml", "kpi: sales", "kpi: salse")
    with pytest.raises(Abort):
        make_site(repo)
    assert "strategy/battles/launch.yaml:3:6: error SST005" in caplog.text


def test_warnings_are_logged_and_fail_strict_builds(repo: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    site_repo(repo)
    edit(repo, "strategy/goals/grow.yaml", "breakthrough: true", "breakthrough: false")
    with caplog.at_level(logging.WARNING):
        make_site(repo)
    assert any("warning SST024" in record.getMessage() for record in caplog.records)
    with pytest.raises(Abort):
        make_site(repo, strict=True)


def test_a_bad_option_is_a_configuration_error(repo: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:
    site_repo(repo)
    edit(repo, "mkdocs.yml", "as_of: 2026-06-15", "as_of: 2026-06-15\n      rules: {SST999: off}")
    with pytest.raises(Abort):
        make_site(repo)
    assert "unknown rule code `SST999`" in caplog.text


def test_serve_watches_the_strategy_folder(repo: Path) -> None:
    from sst_plugin.mkdocs.plugin import SstPlugin

    site_repo(repo)
    config = load_config(str(repo / "mkdocs.yml"))
    plugin = config.plugins["sst"]
    assert isinstance(plugin, SstPlugin)

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Server()
    plugin.on_config(config)
    plugin.on_serve(server, config=config, builder=None)  # type: ignore[arg-type]
    assert server.watched == [str(repo / "strategy")]


def test_a_failed_build_leaves_the_previous_site(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    site = make_site(root)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    edit(root, "strategy/battles/sourdough-launch.md", "kpi: sourdough-share", "kpi: nope")
    with pytest.raises(Abort):
        make_site(root)
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before


def test_pages_sst_render_wrote_give_way_to_the_builds_own(tmp_path: Path) -> None:
    """One repository for two generators: a folder rendered for Zensical does not break MkDocs."""
    root = copy_repository(tmp_path / "repo")
    assert main(["render", "--out", str(root / "docs/strategy"), str(root)]) == 0
    edit(root, "strategy/kpis/waste-rate.yaml", "title:", "title: Unsold bread share #")
    site = make_site(root, strict=True)
    html = (site / "strategy/kpis/waste-rate/index.html").read_text(encoding="utf-8")
    assert "Unsold bread share" in html  # this build's page, not the stale rendered one
    assert not (site / "strategy/.sst-render.json").exists()


def test_the_extension_listed_by_name_runs_once(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    edit(root, "mkdocs.yml", "plugins:",
         "markdown_extensions:\n  - sst_plugin.wikilinks\nplugins:")
    site = make_site(root, strict=True)
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="strategy/goals/sourdough-quarter/">Make organic sourdough' in html


def test_an_unknown_id_from_a_template_of_ours_fails_the_build(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = copy_repository(tmp_path / "repo")
    write(root, "templates/positioning.md.j2", "# Positioning\n\nOur edge: [[no-such-edge]].\n")
    edit(root, "mkdocs.yml", "      as_of:", "      templates_dir: templates\n      as_of:")
    with pytest.raises(Abort):
        make_site(root)
    assert ("sst: strategy/positioning.md (a generated page: see templates_dir): unknown ID in "
            "[[no-such-edge]] (line 3)" in caplog.text)


def test_a_config_built_twice_runs_the_extension_once(tmp_path: Path) -> None:
    """`mkdocs serve` keeps the plugin; on_config runs at every build of the same config."""
    root = copy_repository(tmp_path / "repo")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    for _ in range(2):
        build(config)
    ours = [e for e in config.markdown_extensions if isinstance(e, WikiLinkExtension)]
    assert len(ours) == 1
