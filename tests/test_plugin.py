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

pytestmark = pytest.mark.slow  # builds sites, opens a browser, fuzzes or runs pre-commit


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


def _files(site: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.parametrize("target", ["/etc/passwd", "/proc/self/environ", "/etc"])
@pytest.mark.parametrize("sst001", ["error", "off"])
def test_a_link_out_of_the_repository_fails_the_build_and_keeps_the_site(
        repo: Path, caplog: pytest.LogCaptureFixture, target: str, sst001: str) -> None:
    """Refused whatever severity SST001 has: MkDocs would copy the target into the site."""
    site_repo(repo)
    edit(repo, "mkdocs.yml", "as_of: 2026-06-15", f"as_of: 2026-06-15\n      rules: "
                                                  f"{{SST001: {sst001}}}")
    before = _files(make_site(repo))
    (repo / "docs/p.txt").symlink_to(target)
    with pytest.raises(Abort):
        make_site(repo)
    assert "docs/p.txt: error SST001 a symbolic link to a place outside the repository" \
        in caplog.text
    assert _files(repo / "site") == before


def test_codeowners_stay_out_of_the_site(repo: Path) -> None:
    site_repo(repo)
    for rel in ("docs/CODEOWNERS", "docs/team/codeowners", "docs/.github/CodeOwners"):
        write(repo, rel, "strategy/goals/grow.yaml @ann\n")
    write(repo, "docs/team/index.md", "# Team\n")
    site = make_site(repo, strict=True)
    assert (site / "team/index.html").is_file()
    assert [p for p in site.rglob("*") if p.name.casefold() == "codeowners"] == []


SNIPPETS_PAGE = ('# Included\n\n--8<-- "strategy/risks/secret-risk.yaml"\n\n'
                 '--8<-- "../strategy/goals/secret-goal.md"\n\n--8<-- "mkdocs.yml"\n\n'
                 '--8<--\nstrategy/kpis/secret-kpi.yaml\n--8<--\n\n--8<-- "shared.md"\n')


@pytest.mark.parametrize("order", ["snippets first", "snippets last"])
def test_snippets_that_reach_the_strategy_fail_the_build(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
        order: str) -> None:
    """pymdownx.snippets reads from the repository by default: restricted files, mkdocs.yml."""
    from test_audiences import restricted_repo

    root = restricted_repo(tmp_path / "repo", None)
    monkeypatch.chdir(root)  # where snippets' relative base paths start, as in CI
    before = _files(make_site(root))
    extensions = ["pymdownx.snippets", "sst_plugin.wikilinks"]
    if order == "snippets last":
        extensions.reverse()
    edit(root, "mkdocs.yml", "plugins:", "markdown_extensions:\n"
         + "".join(f"  - {name}\n" for name in extensions) + "plugins:")
    write(root, "docs/included.md", SNIPPETS_PAGE)
    with pytest.raises(Abort):
        make_site(root)
    assert "base_path" in caplog.text and "docs/snippets" in caplog.text
    assert _files(root / "site") == before


def test_snippets_from_a_folder_of_their_own_publish_nothing_restricted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_audiences import MARK, restricted_repo, site_files

    root = restricted_repo(tmp_path / "repo", None)
    monkeypatch.chdir(root)
    edit(root, "mkdocs.yml", "plugins:", "markdown_extensions:\n  - pymdownx.snippets:\n"
         "      base_path: [docs/snippets]\nplugins:")
    write(root, "docs/snippets/shared.md", "Shared words for every reader.\n")
    write(root, "docs/included.md", SNIPPETS_PAGE)
    site = make_site(root)  # not strict: the restricted strategy has an SST028 warning
    assert "Shared words for every reader." in (site / "included/index.html").read_text()
    leaks = {name for name, text in site_files(site).items()
             if MARK in text or "site_name" in text or "secret-" in text}
    assert leaks == set()


def test_an_unknown_id_in_a_title_fails_before_the_site_is_cleaned(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The check before the build sees every text the templates print, not only the bodies."""
    root = copy_repository(tmp_path / "repo")
    before = _files(make_site(root))
    edit(root, "strategy/kpis/waste-rate.yaml", "title: Unsold bread",
         "title: Unsold bread [[no-such-kpi]]")
    with pytest.raises(Abort):
        make_site(root)
    assert "strategy/kpis/waste-rate.yaml:" in caplog.text and "SST007" in caplog.text
    assert "templates_dir" not in caplog.text
    assert _files(root / "site") == before
    edit(root, "strategy/kpis/waste-rate.yaml", " [[no-such-kpi]]", "")
    edit(root, "strategy/strategy.yaml", "  Real bread", "  [[no-such-thing]] Real bread")
    with pytest.raises(Abort):
        make_site(root)
    assert "strategy/strategy.yaml:" in caplog.text
    assert _files(root / "site") == before
